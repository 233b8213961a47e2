"""What a choice does: its authored effects plus the listening mechanics the engine adds."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.scenario.model import Choice, Node
from simulator.scenario.rubric import CUSTOMER_KEYS, Rubric


@dataclass(frozen=True)
class Adjustment:
    """One mechanic applied to a decision, such as 'interrupt' or 'recall'."""

    mechanic: str
    points: dict[str, int]
    mood: int = 0
    patience: int = 0


@dataclass
class Effect:
    """Points per principle and changes to the customer's mood and patience."""

    points: dict[str, int] = field(default_factory=dict)
    mood: int = 0
    patience: int = 0
    adjustments: list[Adjustment] = field(default_factory=list)

    def add(self, adj: Adjustment) -> None:
        """Fold an adjustment into this effect and remember it for the debrief."""
        for name, value in adj.points.items():
            self.points[name] = self.points.get(name, 0) + value
        self.mood += adj.mood
        self.patience += adj.patience
        self.adjustments.append(adj)

    def absorb(self, other: Effect) -> None:
        """Fold another effect into this one, its adjustments remembered after this one's."""
        for name, value in other.points.items():
            self.points[name] = self.points.get(name, 0) + value
        self.mood += other.mood
        self.patience += other.patience
        self.adjustments.extend(other.adjustments)


def mechanic(rubric: Rubric, name: str) -> Adjustment:
    """The rubric's adjustment for mechanic ``name``."""
    raw = rubric.mechanic(name)
    points = {k: v for k, v in raw.items() if k not in CUSTOMER_KEYS}
    return Adjustment(name, points, raw.get("mood", 0), raw.get("patience", 0))


def static_mechanics(node: Node, choice: Choice) -> list[str]:
    """Mechanics that apply to ``choice`` whatever the timing: recall, venting moves."""
    names = []
    if choice.recall:
        names.append("recall")
    if choice.misrecall:
        names.append("misrecall")
    if node.vent and choice.style == "listen":
        names.append("keep_listening")
    if node.vent and choice.style == "fix":
        names.append("premature_fix")
    return names


def choice_effect(node: Node, choice: Choice, rubric: Rubric) -> Effect:
    """The effect of picking ``choice`` at ``node`` with good timing (no cut-in, no dead air)."""
    effect = Effect(dict(choice.effects), choice.mood, choice.patience)
    for name in static_mechanics(node, choice):
        effect.add(mechanic(rubric, name))
    return effect
