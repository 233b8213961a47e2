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


@dataclass(frozen=True)
class OutcomeClass:
    """How a call can end: what it means, whether such a call can pass, and the most stars it can get."""

    name: str
    means: str
    can_pass: bool
    stars: int


# Fixed in code (the schema's enum lists the same names): authors pick one per ending.
OUTCOME_CLASSES: dict[str, OutcomeClass] = {
    o.name: o
    for o in (
        OutcomeClass("resolved", "fixed, or a clear answer given", True, 5),
        OutcomeClass(
            "callback_scheduled",
            "resolved with a follow-up booked (call back, progress update)",
            True,
            5,
        ),
        OutcomeClass(
            "declined_with_alternative",
            "a firm, polite no with a real alternative accepted",
            True,
            5,
        ),
        OutcomeClass(
            "resolved_unhappy", "the matter is handled but the customer leaves unconvinced", True, 3
        ),
        OutcomeClass(
            "ended_by_agent",
            "the agent ended an abusive call by the book, after a warning",
            True,
            2,
        ),
        OutcomeClass("transferred", "handed to another team", False, 2),
        OutcomeClass("escalated", "the customer demands a manager or complains formally", False, 2),
        OutcomeClass("hung_up", "the customer gave up", False, 1),
    )
}
OUTCOMES: tuple[str, ...] = tuple(OUTCOME_CLASSES)


def outcome_class(name: str) -> OutcomeClass:
    """The class of outcome ``name``; an unknown name (only in files that failed validation) cannot pass."""
    return OUTCOME_CLASSES.get(name) or OutcomeClass(name, "", False, 1)


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
    critical: tuple[str, ...] = ()  # ids of the rubric's critical errors this choice commits
    critical_pos: tuple[Pos, ...] = ()  # where each id of ``critical`` is written
    trap: bool = False  # a deliberate trap: counted by stats, not listed as never worth taking
    once: bool = False  # disappears once taken in this call
    after_asked: int = 0  # offered only once this many of the node's once-only choices were taken
    apology: bool = False  # apologises (for the over_apology mechanic)
    gist: str = ""  # the answer in a few words, for voice mode's gist variant


@dataclass(frozen=True)
class SilenceStep:
    """One reaction of the customer to silence past a node's response time (see docs/scenario-format.md)."""

    say: tuple[str, ...]  # wording variants of the prompt, such as "Hello? Are you still there?"
    after: float | None = None  # seconds after the step before (the first: after the time runs out)
    patience: int | None = None  # what the step costs; None: the built-in cost
    pos: Pos | None = None


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
    single_answer: bool = False  # the author's deliberate single right answer
    provokes: bool = False  # the caller provokes here: every choice should score composure
    silence: tuple[SilenceStep, ...] = ()  # the author's steps for this node (none: the scenario's)


@dataclass
class Ending:
    """How a call can end."""

    id: str
    outcome: str
    satisfaction: (
        int | None
    )  # the author's "at most" stars, or None to leave it to the outcome and mood
    pos: Pos
    say: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True)
class Follows:
    """This call is part 2 of a story: the first call's id and the days between the two."""

    scenario: str
    days_later: int
    pos: Pos
    scenario_pos: Pos | None = None


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
    teaches: tuple[str, ...] = ()  # principle names: the call's learning goals
    teaches_pos: tuple[Pos, ...] = ()  # where each name of ``teaches`` is written
    follows: Follows | None = None
    silence: tuple[SilenceStep, ...] = ()  # the author's steps for every node (none: the kind's)

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
