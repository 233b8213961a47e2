"""The result of a finished call: scores, grade, satisfaction, transcript and debrief data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class PrincipleScore:
    """One principle's score: points, its ceiling and percentage of it, and what the overall weighs."""

    name: str
    title: str
    points: int
    # The ceiling: the most any route of the scenario earns on this principle, so points never
    # exceed it (0 or less: nothing to earn, only to lose).
    max: int
    percent: float | None  # None when the scenario never exercises the principle
    weight: float
    # What the best route earns on it, and what the overall weighs: the points as a share of that,
    # held at 100% (None when not known, as in old saves, or not exercised).
    best: int | None = None
    against_best: float | None = None

    def best_percent(self) -> float | None:
        """The best route's share of the ceiling (None where there is nothing to earn or it is not known)."""
        if self.best is None or self.max <= 0:
            return None
        return round(100.0 * max(0, min(self.best, self.max)) / self.max, 1)


@dataclass
class OptionView:
    """A choice as the debrief shows it: what it says and what it scores."""

    index: int  # 1-based, as the trainee saw it (after any shuffling)
    text: str
    points: dict[str, int]
    mood: int
    patience: int
    feedback: str
    next: str
    mechanics: list[str] = field(default_factory=list)
    # 0-based among all the node's choices: the same option whatever order it was shown in
    # (-1 in calls saved before this was recorded).
    choice_index: int = -1
    critical: list[str] = field(
        default_factory=list
    )  # ids of the critical errors this option commits
    # What the customer says next on this option's branch: for the options not taken, the road
    # not taken, as the engine would have played it ("" in calls saved before it was recorded).
    reply: str = ""


@dataclass
class Decision:
    """One decision of the call: the option taken, the ones not taken, timing and mechanics."""

    node_id: str
    customer_line: str
    chosen: OptionView
    others: list[OptionView]
    points: dict[str, int]  # what this decision actually scored, timing included
    mechanics: list[str]  # every mechanic applied, timing included
    elapsed: float | None
    cut_in: bool
    dead_air: bool
    mood_after: int
    patience_after: int
    critical: list[str] = field(
        default_factory=list
    )  # critical errors committed by this decision (ids)
    repeated: bool = (
        False  # the choice was taken before in this call: its gains were not credited again
    )


@dataclass
class TranscriptLine:
    """A line of the call: who spoke ('customer', 'trainee' or 'note') and what."""

    speaker: str
    text: str
    node_id: str = ""


@dataclass
class BestPath:
    """The best-scoring route through the scenario, for comparison in the debrief."""

    steps: list[tuple[str, int]]  # (node id, 1-based choice number among all the node's choices)
    points: dict[str, int]
    percent: float
    ending: str
    choices: list[str] = field(default_factory=list)  # the text of each step's choice, spelled out
    outcome: str = ""
    csat: int = 0
    passed: bool = False
    grade: str = ""
    critical: list[str] = field(
        default_factory=list
    )  # critical errors on the route (only when every route has one)
    # How it was found: "graph", "states" (both exact) or "bounded" (a playable route, maybe not
    # the best).
    method: str = "graph"


@dataclass
class CriticalHit:
    """A critical error committed in a call: what it is, in plain words, and the line that did it."""

    id: str
    title: str
    description: str
    node_id: str
    line: str  # what the trainee said
    customer_line: str  # what the customer had just said
    decision: int  # 1-based number of the decision


@dataclass
class CallResult:
    """Everything a finished call produced; ``to_dict`` gives the JSON the CLI prints."""

    scenario: str
    title: str
    scenario_hash: str
    seed: int
    mode: str
    ending: str
    outcome: str
    ending_summary: str
    scores: dict[str, PrincipleScore]
    percent: float
    grade: str
    passed: bool
    csat: int
    final_mood: int
    final_patience: int
    transcript: list[TranscriptLine]
    decisions: list[Decision]
    best: BestPath | None
    undo_used: bool = False
    shuffled: bool = False  # the choices were shown in a seeded order (numbers are as shown)
    pass_mark: float = 70.0
    app_version: str = ""
    critical_errors: list[CriticalHit] = field(default_factory=list)
    uncapped_percent: float = (
        0.0  # the weighted percentage before the critical-error and outcome caps
    )
    cap: str = ""  # the cap that lowered the percentage: "critical", "outcome" or ""
    outcome_can_pass: bool = True
    fail_reasons: list[str] = field(
        default_factory=list
    )  # why the call did not pass, in plain words
    teaches: list[str] = field(
        default_factory=list
    )  # the scenario's learning goals (principle names)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: scores as points/max/percent per principle."""
        data = asdict(self)
        data["scores"] = {
            name: {
                "points": s.points,
                "max": s.max,
                "percent": s.percent,
                "title": s.title,
                "weight": s.weight,
                "best": s.best,
                "against_best": s.against_best,
            }
            for name, s in self.scores.items()
        }
        return data


def grade_for(percent: float) -> str:
    """Letter grade for an overall percentage."""
    for letter, floor in (("A", 90), ("B", 80), ("C", 70), ("D", 60)):
        if percent >= floor:
            return letter
    return "F"
