"""A call in progress: what the customer says now, the choices open now, and choosing one.

The surface follows ink's runtime: read ``line`` and ``choices``, call
``choose(i)``, check ``ended``. The whole state is plain data (``save()`` and
``Conversation.restore``), which gives resume and one-step undo. Timing comes in
as arguments (how long the trainee took, whether they cut in), never from a
clock of its own, so the window, the terminal and the tests play identically.
"""

from __future__ import annotations

import copy
import zlib
from dataclasses import asdict, dataclass
from typing import Any

from simulator import __version__
from simulator.conditions import holds
from simulator.engine.best import Ceiling, ceiling
from simulator.engine.effects import Effect, choice_effect, mechanic
from simulator.engine.result import (
    BestPath,
    CallResult,
    Decision,
    OptionView,
    TranscriptLine,
    grade_for,
)
from simulator.engine.scoring import csat, overall_percent, principle_scores
from simulator.model import Choice, Ending, Node, Scenario
from simulator.rubric import Rubric

MODES = ("graded", "practice")
SAVE_VERSION = 1


class EngineError(ValueError):
    """A request the call cannot honour: a bad choice number, undo with nothing to undo, a bad save."""


@dataclass(frozen=True)
class OpenChoice:
    """A choice open now: its position in the list shown and the choice itself."""

    number: int  # 1-based position among the open choices
    choice: Choice
    choice_index: int  # 0-based position among all of the node's choices


def mood_label(mood: int) -> str:
    """A word for the customer's mood, which also names the portrait's expression."""
    if mood <= -60:
        return "furious"
    if mood <= -25:
        return "angry"
    if mood < 0:
        return "annoyed"
    if mood < 25:
        return "neutral"
    if mood < 60:
        return "pleased"
    return "delighted"


def pick_variant(lines: tuple[str, ...], seed: int, key: str, visit: int) -> str:
    """The wording variant for this seed, line and visit; the same inputs give the same words."""
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0]
    return lines[zlib.crc32(f"{seed}:{key}:{visit}".encode()) % len(lines)]


class Conversation:
    """One call being played."""

    def __init__(
        self,
        scenario: Scenario,
        rubric: Rubric,
        seed: int = 0,
        mode: str = "graded",
        start_at: str | None = None,
    ) -> None:
        if mode not in MODES:
            raise EngineError(f"mode must be one of {', '.join(MODES)}")
        self.scenario = scenario
        self.rubric = rubric
        self._ceiling: Ceiling | None = None
        start = start_at or scenario.start
        if start not in scenario.nodes:
            known = ", ".join(sorted(scenario.nodes))
            raise EngineError(f"scenario '{scenario.id}' has no node '{start}'; nodes are: {known}")
        self.state: dict[str, Any] = {
            "version": SAVE_VERSION,
            "scenario": scenario.id,
            "scenario_hash": scenario.source_hash,
            "seed": int(seed),
            "mode": mode,
            "node": start,
            "mood": scenario.persona.mood,
            "patience": scenario.persona.patience,
            "flags": [],
            "heard": {},
            "visited": [],
            "points": {},
            "decisions": [],
            "transcript": [],
            "ending": None,
            "undo_used": False,
            "previous": None,
        }
        self._enter(start)

    # --- what the caller reads -------------------------------------------------

    @property
    def node(self) -> Node | None:
        """The current node, or None once the call has ended."""
        return None if self.ended else self.scenario.nodes[self.state["node"]]

    @property
    def ended(self) -> bool:
        """True once the call has reached an ending."""
        return self.state["ending"] is not None

    @property
    def ending(self) -> Ending | None:
        """The ending reached, or None while the call goes on."""
        eid = self.state["ending"]
        return None if eid is None else self.scenario.target(eid)  # type: ignore[return-value]

    @property
    def line(self) -> str:
        """What the customer is saying now (their closing words once the call has ended)."""
        for entry in reversed(self.state["transcript"]):
            if entry["speaker"] == "customer":
                return entry["text"]
        return ""

    @property
    def mood(self) -> int:
        """The customer's mood, -100 (furious) to 100 (delighted)."""
        return self.state["mood"]

    @property
    def patience(self) -> int:
        """The customer's patience left, 0 to 100."""
        return self.state["patience"]

    @property
    def flags(self) -> set[str]:
        """Flags set so far."""
        return set(self.state["flags"])

    @property
    def heard(self) -> dict[str, str]:
        """Details the customer has mentioned so far."""
        return dict(self.state["heard"])

    @property
    def visited(self) -> list[str]:
        """Nodes visited so far, in order."""
        return list(self.state["visited"])

    @property
    def choices(self) -> list[OpenChoice]:
        """The choices open now (conditions checked, recalls shown once the detail was heard)."""
        node = self.node
        if node is None:
            return []
        open_: list[OpenChoice] = []
        for i, c in enumerate(node.choices):
            if not holds(c.condition, self):
                continue
            if c.recall and c.recall not in self.state["heard"]:
                continue
            open_.append(OpenChoice(len(open_) + 1, c, i))
        return open_

    @property
    def can_undo(self) -> bool:
        """True when the last decision can be taken back."""
        return self.state["previous"] is not None

    def upcoming_lines(self) -> list[str]:
        """What the customer may say next, one line per open choice, for speech to render ahead."""
        lines = []
        for oc in self.choices:
            target = self.scenario.target(oc.choice.next)
            if target is not None:
                lines.append(self._variant(target))
        return list(dict.fromkeys(l for l in lines if l))

    # --- acting ------------------------------------------------------------------

    def choose(self, number: int, *, elapsed: float | None = None, cut_in: bool = False) -> Decision:
        """Take open choice ``number`` (1-based); ``elapsed`` seconds taken, ``cut_in`` if the customer was still talking."""
        if self.ended:
            raise EngineError("the call has ended; there is nothing left to choose")
        open_ = self.choices
        if not 1 <= number <= len(open_):
            raise EngineError(f"choice {number} is not open here; pick 1 to {len(open_)}")
        node = self.node
        assert node is not None
        snapshot = self._snapshot()
        picked = open_[number - 1]
        effect = choice_effect(node, picked.choice, self.rubric)
        cut = bool(cut_in) and not node.interrupt_ok
        if cut:
            effect.add(mechanic(self.rubric, "interrupt"))
        dead_air = node.respond_within is not None and elapsed is not None and elapsed > node.respond_within
        if dead_air:
            effect.add(mechanic(self.rubric, "dead_air"))
        self._apply(effect, picked.choice)
        decision = Decision(
            node_id=node.id,
            customer_line=self.line,
            chosen=self._view(node, picked),
            others=[self._view(node, oc) for oc in open_ if oc.number != number],
            points=dict(effect.points),
            mechanics=[a.mechanic for a in effect.adjustments],
            elapsed=elapsed,
            cut_in=cut,
            dead_air=dead_air,
            mood_after=self.state["mood"],
            patience_after=self.state["patience"],
        )
        self.state["decisions"].append(_decision_to_data(decision))
        self._say("trainee", picked.choice.text, node.id)
        if cut:
            self._say("note", "(You cut in while the customer was still talking.)", node.id)
        if dead_air:
            self._say("note", f"(Silence: no answer within {node.respond_within:g} seconds.)", node.id)
        target = picked.choice.next
        if self.state["patience"] <= 0 and self.scenario.on_patience_out != target:
            self._say("note", "(The customer has run out of patience.)", node.id)
            target = self.scenario.on_patience_out
        self._enter(target)
        self.state["previous"] = snapshot
        return decision

    def undo(self) -> None:
        """Take back the last decision; a graded call records that undo was used."""
        prev = self.state["previous"]
        if prev is None:
            raise EngineError("there is no decision to undo")
        used = self.state["mode"] == "graded" or self.state["undo_used"]
        self.state = prev
        self.state["previous"] = None
        self.state["undo_used"] = self.state["undo_used"] or used

    def save(self) -> dict[str, Any]:
        """The whole state as plain JSON-able data."""
        return copy.deepcopy(self.state)

    @classmethod
    def restore(cls, scenario: Scenario, rubric: Rubric, data: dict[str, Any]) -> "Conversation":
        """A conversation continuing exactly from ``save()`` data."""
        if not isinstance(data, dict) or data.get("version") != SAVE_VERSION or data.get("scenario") != scenario.id:
            raise EngineError("this saved call does not belong to this scenario or this version of the game")
        node = data.get("node")
        if data.get("ending") is None and node not in scenario.nodes:
            raise EngineError(f"the saved call stands at node '{node}', which the scenario no longer has")
        conv = cls.__new__(cls)
        conv.scenario, conv.rubric, conv._ceiling = scenario, rubric, None
        conv.state = copy.deepcopy(data)
        return conv

    # --- results -----------------------------------------------------------------

    @property
    def ceiling(self) -> Ceiling:
        """The scenario's best achievable scores (computed once)."""
        if self._ceiling is None:
            self._ceiling = ceiling(self.scenario, self.rubric)
        return self._ceiling

    def result(self) -> CallResult:
        """Scores, grade, satisfaction, transcript and debrief data (so far, if not ended)."""
        ceil = self.ceiling
        scores = principle_scores(self.state["points"], ceil, self.rubric, self.scenario.weights)
        percent = overall_percent(scores)
        ending = self.ending
        best_scores = principle_scores(ceil.best_points, ceil, self.rubric, self.scenario.weights)
        best = BestPath(list(ceil.best_steps), dict(ceil.best_points), overall_percent(best_scores), ceil.best_ending)
        return CallResult(
            scenario=self.scenario.id,
            title=self.scenario.title,
            scenario_hash=self.scenario.source_hash,
            seed=self.state["seed"],
            mode=self.state["mode"],
            ending=ending.id if ending else "",
            outcome=ending.outcome if ending else "in_progress",
            ending_summary=ending.summary if ending else "",
            scores=scores,
            percent=percent,
            grade=grade_for(percent),
            passed=percent >= self.rubric.pass_mark,
            csat=csat(ending.satisfaction, self.state["mood"]) if ending else 0,
            final_mood=self.state["mood"],
            final_patience=self.state["patience"],
            transcript=[TranscriptLine(**t) for t in self.state["transcript"]],
            decisions=[_decision_from_data(d) for d in self.state["decisions"]],
            best=best,
            undo_used=self.state["undo_used"],
            pass_mark=self.rubric.pass_mark,
            app_version=__version__,
        )

    # --- internals -----------------------------------------------------------------

    def _snapshot(self) -> dict[str, Any]:
        state = dict(self.state)
        state["previous"] = None
        return copy.deepcopy(state)

    def _variant(self, target: Node | Ending) -> str:
        visits = self.state["visited"].count(target.id)
        return pick_variant(target.say, self.state["seed"], target.id, visits)

    def _say(self, speaker: str, text: str, node_id: str) -> None:
        self.state["transcript"].append({"speaker": speaker, "text": text, "node_id": node_id})

    def _enter(self, ref: str) -> None:
        target = self.scenario.target(ref)
        if target is None:
            raise EngineError(f"'{ref}' is neither a node nor an ending of scenario '{self.scenario.id}'")
        text = self._variant(target)
        self.state["visited"].append(target.id)
        if text:
            self._say("customer", text, target.id)
        if isinstance(target, Ending):
            self.state["ending"] = target.id
            return
        self.state["node"] = target.id
        self.state["heard"].update(target.mentions)

    def _apply(self, effect: Effect, choice: Choice) -> None:
        st = self.state
        for name, value in effect.points.items():
            st["points"][name] = st["points"].get(name, 0) + value
        st["mood"] = max(-100, min(100, st["mood"] + effect.mood))
        st["patience"] = max(0, min(100, st["patience"] + effect.patience))
        flags = set(st["flags"]) | set(choice.sets)
        flags -= set(choice.clears)
        st["flags"] = sorted(flags)

    def _view(self, node: Node, oc: OpenChoice) -> OptionView:
        effect = choice_effect(node, oc.choice, self.rubric)
        return OptionView(
            index=oc.number,
            text=oc.choice.text,
            points=dict(effect.points),
            mood=effect.mood,
            patience=effect.patience,
            feedback=oc.choice.feedback,
            next=oc.choice.next,
            mechanics=[a.mechanic for a in effect.adjustments],
        )


def _decision_to_data(d: Decision) -> dict[str, Any]:
    return asdict(d)


def _decision_from_data(data: dict[str, Any]) -> Decision:
    fields = dict(data)
    fields["chosen"] = OptionView(**data["chosen"])
    fields["others"] = [OptionView(**o) for o in data["others"]]
    return Decision(**fields)
