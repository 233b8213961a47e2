"""The scenario model: what a loaded scenario file means, with positions kept.

These are plain data classes. The engine, validator, analysis and UI all read
them; nothing here draws, speaks or stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.scenario.located import Pos

KINDS: tuple[str, ...] = (
    "irate",
    "venting",
    "confused",
    "website_question",
    "discontinued_product",
    "habitual_complainer",
    "urgent_problem",
    "transferred_and_held",
    "own_mistake",
    "coworker_mistake",
    "long_investigation",
)
KIND_LABELS: dict[str, str] = {
    "irate": "Irate",
    "venting": "Venting",
    "confused": "Confused",
    "website_question": "Website question",
    "discontinued_product": "Discontinued product",
    "habitual_complainer": "Habitual complainer",
    "urgent_problem": "Urgent problem",
    "transferred_and_held": "Transferred and held",
    "own_mistake": "Customer's own mistake",
    "coworker_mistake": "Co-worker's mistake",
    "long_investigation": "Long investigation",
}
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")
OUTCOMES: tuple[str, ...] = ("resolved", "resolved_unhappy", "callback_scheduled", "escalated", "hung_up", "transferred")

# Id of the ending the engine supplies when a scenario names no on_patience_out.
HANG_UP_ENDING = "_hung_up"


@dataclass
class Condition:
    """A condition written as data: an operator and its argument (nested for all/any/not)."""

    op: str
    arg: Any
    pos: Pos


@dataclass
class Voice:
    """Hints for picking a text-to-speech voice."""

    gender: str = "neutral"
    age: str = "adult"
    accent: str = "en-us"
    rate: float = 1.0
    pitch: float = 1.0


@dataclass
class Portrait:
    """How to draw the customer, or an image to show instead."""

    skin: str = "#c68e6a"
    hair: str = "#3b2a20"
    hair_style: str = "short"
    shirt: str = "#4a6fa5"
    glasses: bool = False
    beard: bool = False
    image: str | None = None
    image_pos: Pos | None = None


@dataclass
class Persona:
    """The customer on the line."""

    name: str
    mood: int
    patience: int
    role: str = ""
    voice: Voice = field(default_factory=Voice)
    portrait: Portrait = field(default_factory=Portrait)


@dataclass
class Choice:
    """One response the trainee can pick."""

    text: str
    feedback: str
    next: str
    pos: Pos
    effects: dict[str, int] = field(default_factory=dict)
    effect_pos: dict[str, Pos] = field(default_factory=dict)
    mood: int = 0
    patience: int = 0
    condition: Condition | None = None
    sets: tuple[str, ...] = ()
    clears: tuple[str, ...] = ()
    style: str | None = None
    recall: str | None = None
    misrecall: str | None = None
    next_pos: Pos | None = None


@dataclass
class Node:
    """A point in the call: what the customer says and the choices open then."""

    id: str
    say: tuple[str, ...]
    choices: list[Choice]
    pos: Pos
    mentions: dict[str, str] = field(default_factory=dict)
    vent: bool = False
    interrupt_ok: bool = False
    respond_within: float | None = None
    note: str = ""


@dataclass
class Ending:
    """How a call can end."""

    id: str
    outcome: str
    satisfaction: int
    pos: Pos
    say: tuple[str, ...] = ()
    summary: str = ""


@dataclass
class Scenario:
    """A whole practice call as read from one file."""

    id: str
    title: str
    summary: str
    kind: str
    difficulty: str
    persona: Persona
    start: str
    nodes: dict[str, Node]
    endings: dict[str, Ending]
    path: str
    pos: Pos
    weights: dict[str, float] = field(default_factory=dict)
    weight_pos: dict[str, Pos] = field(default_factory=dict)
    on_patience_out: str = HANG_UP_ENDING
    author: str = ""
    version: str = ""
    start_pos: Pos | None = None
    on_patience_out_pos: Pos | None = None
    source_hash: str = ""

    def target(self, ref: str) -> Node | Ending | None:
        """The node or ending called ``ref``, or None."""
        found = self.nodes.get(ref) or self.endings.get(ref)
        if found is None and ref == HANG_UP_ENDING:
            return builtin_hang_up(self.pos)
        return found


def builtin_hang_up(pos: Pos) -> Ending:
    """The ending used when patience runs out and the author named none."""
    return Ending(
        HANG_UP_ENDING,
        "hung_up",
        1,
        pos,
        say=("That's it. I'm done waiting. Goodbye.",),
        summary="The customer ran out of patience and hung up.",
    )
