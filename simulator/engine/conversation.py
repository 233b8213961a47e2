"""A call in progress: what the customer says now, the choices open now, and choosing one.

The surface follows ink's runtime: read ``line`` and ``choices``, call
``choose(i)``, check ``ended``. The whole state is plain data (``save()`` and
``Conversation.restore``), which gives resume and one-step undo. Timing comes in
as arguments (how long the trainee took, whether they cut in), never from a
clock of its own, so the window, the terminal and the tests play identically.

Timers live in the caller. Past a node's ``respond_within`` the customer reacts to
the silence in steps (:mod:`simulator.engine.silence`): the caller's clock calls
``wait(elapsed)`` as it runs, and each step due plays then (a prompt, its patience,
dead air with the first, the hang-up when patience runs out), once. A caller without
a running clock (scripted moves, a test) passes ``elapsed=`` to ``choose``: every step
that time reaches plays first, as the clock would have played it, the hang-up included
(then ``choose`` raises :class:`HungUpInSilence`: the answer came too late to be heard).
An answer late but before the first prompt was due still brings dead air and the first
prompt with it.

With ``shuffle`` on, the open choices of each visit are shown in an order
drawn from the seed, the node and the visit, so the best answer is not always
number 1 and the same seed replays the same order. Numbers (in ``choices``,
``choose`` and the debrief) are always the numbers as shown; each option also
carries its ``choice_index`` among the node's choices, its identity whatever the
order.

Undo keeps one step cheaply: the lists of a call only ever grow, so the
snapshot holds their lengths and copies of the few small mutable parts, not the
whole history.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from simulator import __version__
from simulator.engine.best import Ceiling, ceiling, outcome_of
from simulator.engine.call_state import (
    MODES,
    CallState,
    StateError,
    copy_decision,
)
from simulator.engine.effects import Effect, choice_effect, mechanic
from simulator.engine.mood import mood_label
from simulator.engine.result import (
    BestPath,
    CallResult,
    CriticalHit,
    Decision,
    OptionView,
    TranscriptLine,
    grade_for,
)
from simulator.engine.scoring import capped_percent, csat, overall_percent, principle_scores
from simulator.engine.silence import (
    SilenceEvent,
    silence_steps,
    step_patience,
    step_time,
)
from simulator.engine.state_search import losses_only, open_indices
from simulator.scenario.model import Choice, Ending, Node, Scenario, outcome_class
from simulator.scenario.rubric import APOLOGIES_ALLOWED, Rubric

# Re-exported: the portrait and the voice name moods from here; the bands live in engine.mood.
__all__ = ["Conversation", "EngineError", "OpenChoice", "mood_label", "pick_variant", "shuffled"]


@dataclass
class _Grade:
    """How a call stands: scores, percentages before and after the caps, pass, stars and why it fails."""

    scores: dict[str, Any]
    raw: float
    percent: float
    cap: str
    passed: bool
    csat: int
    reasons: list[str]
    can_pass: bool
    critical: list[CriticalHit]


class EngineError(ValueError):
    """A request the call cannot honour: a bad choice number, undo with nothing to undo, a bad save."""


class HungUpInSilence(EngineError):
    """An answer given after the silence before it had run the customer's patience out: the silence is
    played (the customer hung up, or the call went to ``on_patience_out``), the answer is not."""


@dataclass(frozen=True)
class OpenChoice:
    """A choice open now: its position in the list shown and the choice itself."""

    number: int  # 1-based position among the open choices, as shown (shuffled or not)
    choice: Choice
    choice_index: int  # 0-based position among all of the node's choices


def pick_variant(lines: tuple[str, ...], seed: int, key: str, visit: int) -> str:
    """The wording variant for this seed, line and visit; the same inputs give the same words."""
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0]
    return lines[zlib.crc32(f"{seed}:{key}:{visit}".encode()) % len(lines)]


def shuffled(indices: list[int], seed: int, node_id: str, visit: int) -> list[int]:
    """``indices`` (a node's choice indices) in the order shown for this seed, node and visit; the same
    inputs give the same order."""

    # Not crc32: it is linear, so keys that differ only in the index would keep the same few
    # relative orders whatever the seed. BLAKE2 is as stable across platforms and versions.
    def key(i: int) -> bytes:
        return hashlib.blake2b(f"{seed}:{node_id}:{visit}:{i}".encode(), digest_size=8).digest()

    return sorted(indices, key=key)


class _ConditionView:
    """The call's state as conditions read it, without copying flags, details or visits."""

    __slots__ = ("flags", "heard", "mood", "patience", "visited")

    def __init__(self, state: CallState) -> None:
        self.flags = frozenset(state.flags)
        self.heard = state.heard
        # Conversations only ask "was it visited?"; the list is read as it is, since copying it into a set on
        # every step made a long call quadratic, while only a `visited` condition ever searches it.
        self.visited = state.visited
        self.mood = state.mood
        self.patience = state.patience


class Conversation:
    """One call being played."""

    def __init__(
        self,
        scenario: Scenario,
        rubric: Rubric,
        seed: int = 0,
        mode: str = "graded",
        start_at: str | None = None,
        shuffle: bool = False,
        inherited_flags: Iterable[str] = (),
        known_ceiling: Ceiling | None = None,
    ) -> None:
        if mode not in MODES:
            raise EngineError(f"mode must be one of {', '.join(MODES)}")
        self.scenario = scenario
        self.rubric = rubric
        self._ceiling: Ceiling | None = (
            known_ceiling  # given when the caller already searched this very scenario
        )
        self._best: BestPath | None = None
        self._credited_keys: set[str] | None = None
        start = start_at or scenario.start
        if start not in scenario.nodes:
            known = ", ".join(sorted(scenario.nodes))
            raise EngineError(f"scenario '{scenario.id}' has no node '{start}'; nodes are: {known}")
        inherited = sorted(set(inherited_flags))
        self.state = CallState(
            scenario=scenario.id,
            scenario_hash=scenario.source_hash,
            seed=int(seed),
            mode=mode,
            shuffle=bool(shuffle),
            node=start,
            mood=scenario.persona.mood,
            patience=scenario.persona.patience,
            flags=list(inherited),
            inherited=list(inherited),
        )
        self._enter(start)

    # --- what the caller reads -------------------------------------------------

    @property
    def node(self) -> Node | None:
        """The current node, or None once the call has ended."""
        return None if self.ended else self.scenario.nodes[self.state.node]

    @property
    def ended(self) -> bool:
        """True once the call has reached an ending."""
        return self.state.ending is not None

    @property
    def ending(self) -> Ending | None:
        """The ending reached, or None while the call goes on."""
        eid = self.state.ending
        return None if eid is None else self.scenario.target(eid)  # type: ignore[return-value]

    @property
    def line(self) -> str:
        """What the customer is saying now (their closing words once the call has ended)."""
        for entry in reversed(self.state.transcript):
            if entry.speaker == "customer":
                return entry.text
        return ""

    @property
    def mood(self) -> int:
        """The customer's mood, -100 (furious) to 100 (delighted)."""
        return self.state.mood

    @property
    def patience(self) -> int:
        """The customer's patience left, 0 to 100."""
        return self.state.patience

    @property
    def flags(self) -> set[str]:
        """Flags set so far."""
        return set(self.state.flags)

    @property
    def heard(self) -> dict[str, str]:
        """Details the customer has mentioned so far."""
        return dict(self.state.heard)

    @property
    def seed(self) -> int:
        """The seed that picks wording variants (and the shown order, with shuffle on)."""
        return self.state.seed

    @property
    def mode(self) -> str:
        """'graded' or 'practice'."""
        return self.state.mode

    @property
    def transcript(self) -> list[TranscriptLine]:
        """The call so far, line by line (copies: changing them does not change the call)."""
        return [TranscriptLine(t.speaker, t.text, t.node_id) for t in self.state.transcript]

    @property
    def decisions(self) -> list[Decision]:
        """The decisions taken so far, in order (copies)."""
        return [copy_decision(d) for d in self.state.decisions]

    @property
    def visited(self) -> list[str]:
        """Nodes visited so far, in order."""
        return list(self.state.visited)

    @property
    def choices(self) -> list[OpenChoice]:
        """The choices open now (conditions checked; recall and misrecall choices shown once the detail was heard).

        Once-only choices already taken are gone (all come back if that leaves
        none). A node whose every choice is closed would leave the trainee with nothing
        to say, so it falls back rather than stalling the call: first to its
        choices with their conditions ignored (recalls still wait for their
        detail), and if that is still empty, to all of its choices.
        ``fallback_open`` tells the caller when this happened. With ``shuffle``
        on they come in the order of :func:`shuffled` for this visit, numbered as shown.
        """
        node = self.node
        if node is None:
            return []
        picked = open_indices(node, _ConditionView(self.state), self._taken_once(node))[0]
        if self.state.shuffle:
            # The visit count (this visit included) makes a node seen twice reorder, and undo, which
            # trims ``visited``, come back to the same order.
            picked = shuffled(picked, self.state.seed, node.id, self.state.visited.count(node.id))
        return [OpenChoice(n, node.choices[i], i) for n, i in enumerate(picked, 1)]

    @property
    def fallback_open(self) -> bool:
        """True when every choice here is closed by its conditions and ``choices`` fell back."""
        node = self.node
        if node is None:
            return False
        return open_indices(node, _ConditionView(self.state), self._taken_once(node))[1]

    @property
    def can_undo(self) -> bool:
        """True when the last decision can be taken back."""
        return self.state.previous is not None

    @property
    def shuffle(self) -> bool:
        """True when the open choices are shown in a seeded order rather than as authored."""
        return bool(self.state.shuffle)

    @property
    def undo_used(self) -> bool:
        """True once a graded call has used undo."""
        return bool(self.state.undo_used)

    def upcoming_lines(self) -> list[str]:
        """What the customer may say next, one line per open choice, for speech to render ahead."""
        node = self.node
        if node is None:
            return []
        lines = []
        for oc in self.choices:
            ref = oc.choice.next
            if self._runs_out(
                self.state.patience + choice_effect(node, oc.choice, self.rubric).patience
            ):
                ref = self.scenario.on_patience_out
            target = self.scenario.target(ref)
            if target is not None:
                lines.append(self._variant(target))
        if node.respond_within is not None:  # the prompt the silence would bring next
            lines.append(self._silence_line(node, self.state.silence_steps))
        return list(dict.fromkeys(line for line in lines if line))

    def cuts_in(self, talking: bool) -> bool:
        """True when answering now, with the customer ``talking``, would be charged as a cut-in.

        Never over a prompt of silence ("Hello?"), nor where the node allows it.
        """
        node = self.node
        return node is not None and self._cuts_in(node, talking)

    def reply_to(self, number: int, *, cut_in: bool = False, elapsed: float | None = None) -> str:
        """The customer's next line if open choice ``number`` were taken now; the call is not changed.

        The line ``choose`` would play with the same arguments (the same wording variant,
        the hang-up line when the choice would use up the customer's patience): the debrief's
        road not taken.
        """
        node = self.node
        open_ = self.choices
        if node is None or not 1 <= number <= len(open_):
            raise EngineError(f"choice {number} is not open here; pick 1 to {len(open_)}")
        return self._reply(node, open_[number - 1], self._timing_effect(node, cut_in, elapsed))

    # --- acting ------------------------------------------------------------------

    def choose(
        self, number: int, *, elapsed: float | None = None, cut_in: bool = False
    ) -> Decision:
        """Take open choice ``number`` (1-based); ``elapsed`` seconds taken, ``cut_in`` if the customer
        was still talking."""
        node, picked = self._open_choice(number)
        if elapsed is not None:
            self._silence_before(elapsed)
        open_ = self.choices
        target = picked.choice.next
        snapshot = self.state.snapshot()
        effect, key, repeated = self._choice_points(node, picked)
        silenced = self.state.silence_steps > 0
        cut = self._cuts_in(node, cut_in)
        late = (
            node.respond_within is not None
            and elapsed is not None
            and elapsed > node.respond_within
        )
        timing = self._timing_effect(node, cut_in, elapsed)
        effect.absorb(timing)
        replies = {oc.number: self._reply(node, oc, timing) for oc in open_}
        patience_before = self.state.patience
        self._apply(effect, picked.choice)
        self._remember(picked.choice, key, repeated)
        points, mechanics = self._shown_points(effect, silenced)
        decision = Decision(
            node_id=node.id,
            customer_line=self._node_line(),
            chosen=self._view(node, picked, replies[number]),
            others=[
                self._view(node, oc, replies[oc.number]) for oc in open_ if oc.number != number
            ],
            points=points,
            mechanics=mechanics,
            elapsed=elapsed,
            cut_in=cut,
            dead_air=late or silenced,
            mood_after=self.state.mood,
            patience_after=self.state.patience,
            critical=list(picked.choice.critical),
            repeated=repeated,
        )
        self.state.decisions.append(decision)
        if late and not silenced:  # the silence came before the answer, so it is told first
            self._say(
                "note", f"(Silence: no answer within {node.respond_within:g} seconds.)", node.id
            )
            self._say("customer", self._silence_line(node, 0), node.id)
        self._say("trainee", picked.choice.text, node.id)
        if cut:
            self._say("note", "(You cut in while the customer was still talking.)", node.id)
        if self._ran_out(patience_before):
            self._say("note", "(The customer has run out of patience.)", node.id)
            target = self.scenario.on_patience_out
        self._enter(target)
        self.state.previous = snapshot
        return decision

    def _silence_before(self, elapsed: float) -> None:
        """Play every step of silence ``elapsed`` seconds reach that no clock has played yet, as live play
        would have before the answer; HungUpInSilence when the customer hung up in it."""
        played = self._play_due(elapsed, answering=True)
        if played and played[-1].hung_up:
            raise HungUpInSilence(
                f"the customer hung up during the {elapsed:g} seconds of silence, before this answer"
            )

    def _open_choice(self, number: int) -> tuple[Node, OpenChoice]:
        """The node and open choice ``number``; EngineError, before anything changes, when it
        cannot be taken (the call has ended, no such choice, or it leads nowhere)."""
        if self.ended:
            raise EngineError("the call has ended; there is nothing left to choose")
        open_ = self.choices
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(open_):
            raise EngineError(f"choice {number} is not open here; pick 1 to {len(open_)}")
        node = self.node
        assert node is not None
        picked = open_[number - 1]
        target = picked.choice.next
        # Checked before anything changes, so a bad file cannot half-apply a choice.
        if self.scenario.target(target) is None:
            raise EngineError(
                f"'{target}' is neither a node nor an ending of scenario '{self.scenario.id}'"
            )
        return node, picked

    def _choice_points(self, node: Node, picked: OpenChoice) -> tuple[Effect, str, bool]:
        """What the choice itself earns (its timing aside), its credit key, and whether it was
        credited before (then its gains do not count again)."""
        effect = choice_effect(node, picked.choice, self.rubric)
        key = _key(node.id, picked.choice_index)
        repeated = key in self._credited()
        if repeated:
            # Gains count once per call, losses every time: a loop cannot pay twice.
            effect.points = losses_only(effect.points)
        if picked.choice.apology and self.state.apologies >= APOLOGIES_ALLOWED:
            effect.add(mechanic(self.rubric, "over_apology"))
        return effect, key, repeated

    def _remember(self, choice: Choice, key: str, repeated: bool) -> None:
        """Note the choice as credited, taken once, or one more apology, for the choices after it."""
        if not repeated:
            self.state.credited.append(key)
            self._credited().add(key)
        if choice.once:
            self.state.once_taken.append(key)
        if choice.apology:
            self.state.apologies += 1

    def _shown_points(self, effect: Effect, silenced: bool) -> tuple[dict[str, int], list[str]]:
        """The decision's points and mechanics as the debrief shows them."""
        points = dict(effect.points)
        mechanics = [a.mechanic for a in effect.adjustments]
        if silenced:
            # Already charged by wait(); shown here so the debrief explains the decision's points.
            for name, value in mechanic(self.rubric, "dead_air").points.items():
                points[name] = points.get(name, 0) + value
            mechanics.append("dead_air")
        return points, mechanics

    def silence(self) -> bool:
        """The node's ``respond_within`` has just run out unanswered: play the silence due now.

        Returns True when a step played (dead air, the first prompt); False when the call
        has ended, the node sets no response time, or that step already played.
        """
        node = self.node
        if node is None or node.respond_within is None:
            return False
        return bool(self.wait(node.respond_within))

    @property
    def next_silence_at(self) -> float | None:
        """Seconds after the customer stopped talking at which the next step of silence plays.

        None when the call has ended or the node sets no response time. A caller with a
        clock calls ``wait`` once this has passed.
        """
        node = self.node
        if node is None or node.respond_within is None:
            return None
        steps = silence_steps(self.scenario, node)
        return step_time(node.respond_within, steps, self.state.silence_steps)

    def wait(self, elapsed: float) -> list[SilenceEvent]:
        """The trainee has been silent ``elapsed`` seconds at this node: play every step now due.

        Each step plays once per visit, in order: the first is dead air (the rubric's
        ``dead_air`` mechanic) and, like each later one, a prompt from the customer that
        costs its patience. When patience runs out the customer hangs up at once (the call
        goes to ``on_patience_out``). Returns the steps played now, none when nothing was due.
        """
        return self._play_due(elapsed)

    def _play_due(self, elapsed: float, *, answering: bool = False) -> list[SilenceEvent]:
        """Play the steps due by ``elapsed``; an answer given at exactly a step's time comes first."""
        played: list[SilenceEvent] = []
        while True:
            node = self.node
            due = self.next_silence_at
            if node is None or due is None or elapsed < due or (answering and elapsed == due):
                return played
            played.append(self._silence_step(node))

    def _silence_step(self, node: Node) -> SilenceEvent:
        steps = silence_steps(self.scenario, node)
        index = self.state.silence_steps
        effect = Effect()
        if index == 0:
            effect.add(mechanic(self.rubric, "dead_air"))
            self._say(
                "note", f"(Silence: no answer within {node.respond_within:g} seconds.)", node.id
            )
        effect.patience += step_patience(steps, index)
        patience_before = self.state.patience
        self._apply(effect, None)
        self.state.silence_steps = index + 1
        line = self._silence_line(node, index)
        self._say("customer", line, node.id)
        hung_up = self._ran_out(patience_before)
        if hung_up:
            self._say("note", "(The customer has run out of patience.)", node.id)
            self._enter(self.scenario.on_patience_out)
        return SilenceEvent(index + 1, line, effect.patience, hung_up)

    def undo(self) -> None:
        """Take back the last decision (one step only); a graded call records that undo was used."""
        prev = self.state.previous
        if prev is None:
            raise EngineError("there is no decision to undo")
        used = self.state.mode == "graded" or self.state.undo_used
        self.state.roll_back(prev)
        self.state.undo_used = self.state.undo_used or used
        self._credited_keys = None

    def save(self) -> dict[str, Any]:
        """The whole state as plain JSON-able data (see :mod:`simulator.engine.call_state`)."""
        return self.state.to_json()

    @classmethod
    def restore(
        cls,
        scenario: Scenario,
        rubric: Rubric,
        data: dict[str, Any],
        known_ceiling: Ceiling | None = None,
    ) -> Conversation:
        """A conversation continuing exactly from ``save()`` data, today's or an older version's.

        ``known_ceiling``, as for a new call, is the ceiling the caller already searched for this
        very scenario, rubric and inherited flags (the search is then not repeated).
        """
        try:
            state = CallState.from_json(data, scenario.id)
        except StateError as exc:
            raise EngineError(str(exc)) from exc
        if state.ending is None and state.node not in scenario.nodes:
            raise EngineError(
                f"the saved call stands at node '{state.node}', which the scenario no longer has"
            )
        if state.ending is not None and scenario.target(state.ending) is None:
            raise EngineError(
                f"the saved call ended at '{state.ending}', which the scenario no longer has"
            )
        conv = cls.__new__(cls)
        conv.scenario, conv.rubric = scenario, rubric
        conv._ceiling, conv._best = known_ceiling, None
        conv.state = state
        conv._credited_keys = None
        return conv

    # --- results -----------------------------------------------------------------

    @property
    def ceiling(self) -> Ceiling:
        """The scenario's ceilings and best route for this call (its inherited flags included), computed once."""
        if self._ceiling is None:
            self._ceiling = ceiling(self.scenario, self.rubric, self.state.inherited)
        return self._ceiling

    @property
    def critical_errors(self) -> list[CriticalHit]:
        """The critical errors committed so far, in the order they were made, with the lines that made them."""
        hits = []
        for n, d in enumerate(self.state.decisions, 1):
            for cid in d.critical:
                found = self.rubric.critical_errors.get(cid)
                hits.append(
                    CriticalHit(
                        cid,
                        self.rubric.critical_title(cid),
                        found.description if found else "",
                        d.node_id,
                        d.chosen.text,
                        d.customer_line,
                        n,
                    )
                )
        return hits

    def _grade(self) -> _Grade:
        """Scores, capped percentage, pass and stars of the call as it stands."""
        ceil = self.ceiling
        scores = principle_scores(self.state.points, ceil, self.rubric, self.scenario.weights)
        raw = overall_percent(scores)
        ending = self.ending
        critical = self.critical_errors
        can_pass = ending is None or outcome_class(ending.outcome).can_pass
        percent, cap = capped_percent(raw, bool(critical), can_pass, self.rubric)
        reasons = []
        if ending is None:
            reasons.append("The call has not ended.")
        if critical:
            titles = "; ".join(dict.fromkeys(h.title for h in critical))
            reasons.append(f"A critical error fails the call whatever the rest scores: {titles}.")
        if ending is not None and not can_pass:
            reasons.append(
                f"The call ended {ending.outcome.replace('_', ' ')}, an outcome that cannot pass."
            )
        if raw < self.rubric.pass_mark:
            reasons.append(
                f"The score, {raw:.0f}%, is under the pass mark of {self.rubric.pass_mark:g}%."
            )
        if self.state.undo_used:
            reasons.append("Undo was used in a graded call.")
        stars = (
            csat(ending.outcome, ending.satisfaction, self.state.mood, passed=not reasons)
            if ending
            else 0
        )
        return _Grade(scores, raw, percent, cap, not reasons, stars, reasons, can_pass, critical)

    def best_path(self) -> BestPath:
        """The best route, replayed through the engine from the start: its score, outcome, stars and
        pass (computed once)."""
        if self._best is None:
            ceil = self.ceiling
            replay = Conversation(
                self.scenario,
                self.rubric,
                mode="practice",
                inherited_flags=self.state.inherited,
                known_ceiling=ceil,
            )
            for nid, n in ceil.best_steps:
                number = next(
                    (oc.number for oc in replay.choices if oc.choice_index == n - 1), None
                )
                if replay.ended or replay.node is None or replay.node.id != nid or number is None:
                    raise EngineError(
                        f"the best route of '{self.scenario.id}' cannot be replayed at '{nid}'"
                    )  # a bug, never a scenario's fault
                replay.choose(number)
            grade = replay._grade()
            self._best = BestPath(
                list(ceil.best_steps),
                dict(ceil.best_points),
                grade.percent,
                ceil.best_ending,
                [self.scenario.nodes[nid].choices[n - 1].text for nid, n in ceil.best_steps],
                outcome=outcome_of(self.scenario, ceil.best_ending),
                csat=grade.csat,
                passed=grade.passed,
                grade=grade_for(grade.percent),
                critical=list(ceil.best_critical),
                method=ceil.method,
            )
        return self._best

    def result(self) -> CallResult:
        """Scores, grade, satisfaction, transcript and debrief data (so far, if not ended)."""
        grade = self._grade()
        ending = self.ending
        return CallResult(
            scenario=self.scenario.id,
            title=self.scenario.title,
            scenario_hash=self.scenario.source_hash,
            seed=self.state.seed,
            mode=self.state.mode,
            ending=ending.id if ending else "",
            outcome=ending.outcome if ending else "in_progress",
            ending_summary=ending.summary if ending else "",
            scores=grade.scores,
            percent=grade.percent,
            grade=grade_for(grade.percent),
            # An unfinished call cannot pass, however well it was going; nor can a graded call
            # that took a decision back (practice calls record no undo), one with a critical
            # error, or one whose outcome cannot pass.
            passed=grade.passed,
            csat=grade.csat,
            final_mood=self.state.mood,
            final_patience=self.state.patience,
            transcript=[
                TranscriptLine(t.speaker, t.text, t.node_id) for t in self.state.transcript
            ],
            decisions=[copy_decision(d) for d in self.state.decisions],
            best=self.best_path(),
            undo_used=self.state.undo_used,
            shuffled=bool(self.state.shuffle),
            pass_mark=self.rubric.pass_mark,
            app_version=__version__,
            critical_errors=grade.critical,
            uncapped_percent=grade.raw,
            cap=grade.cap,
            outcome_can_pass=grade.can_pass,
            fail_reasons=[] if grade.passed else grade.reasons,
            teaches=list(self.scenario.teaches),
        )

    # --- internals -----------------------------------------------------------------

    def _credited(self) -> set[str]:
        """The choices credited so far, as a set kept beside the saved list (a long call must not scan it)."""
        if self._credited_keys is None:
            self._credited_keys = set(self.state.credited)
        return self._credited_keys

    def _taken_once(self, node: Node) -> set[int]:
        prefix = f"{node.id}#"
        return {int(k[len(prefix) :]) for k in self.state.once_taken if k.startswith(prefix)}

    def _silence_line(self, node: Node, index: int) -> str:
        """The prompt of step ``index`` at ``node``, in the wording this seed picks."""
        steps = silence_steps(self.scenario, node)
        step = steps[min(index, len(steps) - 1)]
        return pick_variant(step.say, self.state.seed, f"{node.id}~silence", index) or "Hello?"

    def _node_line(self) -> str:
        """What the customer said on arriving here, before any prompts of silence."""
        skip = self.state.silence_steps
        for entry in reversed(self.state.transcript):
            if entry.speaker == "customer":
                if skip == 0:
                    return entry.text
                skip -= 1
        return ""

    @staticmethod
    def _runs_out(patience: int) -> bool:
        return patience <= 0

    def _ran_out(self, before: int) -> bool:
        # Fires when patience crosses to 0, not while it stays there: a call that an
        # author's on_patience_out node lets go on must not be sent back to it on every choice.
        return before > 0 and self.state.patience <= 0

    def _variant(self, target: Node | Ending) -> str:
        if (
            len(target.say) < 2
        ):  # one wording: no need to count visits (a long call would rescan them every step)
            return target.say[0] if target.say else ""
        visits = self.state.visited.count(target.id)
        return pick_variant(target.say, self.state.seed, target.id, visits)

    def _say(self, speaker: str, text: str, node_id: str) -> None:
        self.state.transcript.append(TranscriptLine(speaker, text, node_id))

    def _enter(self, ref: str) -> None:
        target = self.scenario.target(ref)
        if target is None:
            raise EngineError(
                f"'{ref}' is neither a node nor an ending of scenario '{self.scenario.id}'"
            )
        text = self._variant(target)
        self.state.visited.append(target.id)
        self.state.silence_steps = 0
        if text:
            self._say("customer", text, target.id)
        if isinstance(target, Ending):
            self.state.ending = target.id
            return
        self.state.node = target.id
        self.state.heard.update(target.mentions)

    def _apply(self, effect: Effect, choice: Choice | None) -> None:
        st = self.state
        for name, value in effect.points.items():
            st.points[name] = st.points.get(name, 0) + value
        st.mood = max(-100, min(100, st.mood + effect.mood))
        st.patience = max(0, min(100, st.patience + effect.patience))
        if choice is not None:
            flags = set(st.flags) | set(choice.sets)
            flags -= set(choice.clears)
            st.flags = sorted(flags)

    def _timing_effect(self, node: Node, cut_in: bool, elapsed: float | None) -> Effect:
        """What the timing of an answer adds at ``node``: a cut-in, and dead air if no clock charged it."""
        effect = Effect()
        if self._cuts_in(node, cut_in):
            effect.add(mechanic(self.rubric, "interrupt"))
        within = node.respond_within
        if within is not None and elapsed is not None and elapsed > within:
            if self.state.silence_steps:
                return effect  # the clock already played the silence
            # no clock ran: the first step of silence comes with the answer
            effect.add(mechanic(self.rubric, "dead_air"))
            effect.patience += step_patience(silence_steps(self.scenario, node), 0)
        return effect

    def _cuts_in(self, node: Node, cut_in: bool) -> bool:
        """Whether answering while the customer talks is a cut-in: never over a prompt of silence."""
        return bool(cut_in) and not node.interrupt_ok and not self.state.silence_steps

    def _reply(self, node: Node, oc: OpenChoice, timing: Effect) -> str:
        """The customer's next line were ``oc`` taken now with ``timing``, read without changing the call."""
        effect = choice_effect(node, oc.choice, self.rubric)
        patience = effect.patience + timing.patience
        if oc.choice.apology and self.state.apologies >= APOLOGIES_ALLOWED:
            patience += mechanic(self.rubric, "over_apology").patience
        before = self.state.patience
        ref = oc.choice.next
        if before > 0 and max(0, min(100, before + patience)) <= 0:
            ref = self.scenario.on_patience_out
        target = self.scenario.target(ref)
        return "" if target is None else self._variant(target)

    def _view(self, node: Node, oc: OpenChoice, reply: str = "") -> OptionView:
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
            choice_index=oc.choice_index,
            critical=list(oc.choice.critical),
            reply=reply,
        )


def _key(node_id: str, index: int) -> str:
    """How a choice is named in the saved state: node id, '#', 0-based index (ids never contain '#')."""
    return f"{node_id}#{index}"
