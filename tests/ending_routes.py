"""Find, with the real engine, a list of moves that takes a scenario to each of its endings.

Also the per-node scoring checks (cold lines, dominated kind answers, a good answer always on
screen). Shared by the library and `new` tests. The search is breadth-first over
Conversation states (``save()``/``restore``), so conditions, flags, recalls and
patience behave exactly as in a real call; nothing about a scenario is hard-coded.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulator.engine.call_state import CallState
from simulator.engine.conversation import Conversation, HungUpInSilence
from simulator.engine.effects import choice_effect
from simulator.scenario.conditions import leaves
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric

# A guard against a runaway search; the shipped scenarios need a few hundred states.
MAX_STATES = 20_000


@dataclass(frozen=True)
class Move:
    """One scripted choice: its 1-based number and how long the trainee took (None: in time)."""

    number: int
    elapsed: float | None = None


@dataclass(frozen=True)
class _Relevant:
    """What the scenario's conditions can tell apart; everything else is folded together."""

    flags: frozenset[str]
    details: frozenset[str]
    visited: frozenset[str]
    mood_cuts: tuple[int, ...]
    patience_cuts: tuple[int, ...]

    @classmethod
    def of(cls, scenario: Scenario) -> _Relevant:
        flags, details, visited, mood, patience = set(), set(), set(), set(), set()
        for node in scenario.nodes.values():
            for choice in node.choices:
                # Both kinds wait for their detail, so hearing it changes what is on screen.
                details.update(d for d in (choice.recall, choice.misrecall) if d)
                for leaf in leaves(choice.condition):
                    op, arg = leaf.op, leaf.arg
                    {
                        "flag": flags,
                        "not_flag": flags,
                        "heard": details,
                        "visited": visited,
                        "mood_at_least": mood,
                        "mood_below": mood,
                        "patience_at_least": patience,
                        "patience_below": patience,
                    }.get(op, set()).add(arg)
        return cls(
            frozenset(flags),
            frozenset(details),
            frozenset(visited),
            tuple(sorted(mood)),
            tuple(sorted(patience)),
        )

    def key(self, state: CallState) -> tuple:
        """The part of a call's state that can change which choices open later."""
        return (
            state.node,
            frozenset(self.flags.intersection(state.flags)),
            frozenset(self.details.intersection(state.heard)),
            frozenset(self.visited.intersection(state.visited)),
            bisect_right(self.mood_cuts, state.mood),
            bisect_right(self.patience_cuts, state.patience),
        )


def _moves(conv: Conversation) -> list[Move]:
    node = conv.node
    assert node is not None
    moves = [Move(oc.number) for oc in conv.choices]
    if node.respond_within is not None:
        # Answering late is also a move: dead air drains patience and can end the call.
        moves += [Move(oc.number, node.respond_within + 1) for oc in conv.choices]
    return moves


def routes_to_endings(
    scenario: Scenario, rubric: Rubric, on_state: Callable[[Conversation], None] | None = None
) -> dict[str, list[Move]]:
    """Ending id -> the shortest list of moves found that reaches it.

    States that no condition can tell apart are merged, except that a state with more
    or less patience left than any seen before is kept: patience decides whether the
    customer gives up later. Every route returned was played by the real engine.
    ``on_state`` is shown every call state the search keeps, the first one included.
    """
    relevant = _Relevant.of(scenario)
    first = Conversation(scenario, rubric)
    if on_state is not None:
        on_state(first)
    found: dict[str, list[Move]] = {}
    # key -> (lowest, highest) patience seen with that key
    seen: dict[tuple, tuple[int, int]] = {
        relevant.key(first.state): (first.patience, first.patience)
    }
    queue: deque[tuple[dict[str, Any], list[Move]]] = deque([(first.save(), [])])
    states = 0
    while queue:
        data, path = queue.popleft()
        conv = Conversation.restore(scenario, rubric, data)
        for move in _moves(conv):
            nxt = Conversation.restore(scenario, rubric, data)
            take(nxt, move)
            route = [*path, move]
            if nxt.ended:
                found.setdefault(nxt.state.ending or "", route)
                continue
            key = relevant.key(nxt.state)
            low, high = seen.get(key, (101, -1))
            if low <= nxt.patience <= high:
                continue
            seen[key] = (min(low, nxt.patience), max(high, nxt.patience))
            if on_state is not None:
                on_state(nxt)
            states += 1
            if states > MAX_STATES:
                raise AssertionError(
                    f"{scenario.id}: more than {MAX_STATES} call states; the search gave up"
                )
            queue.append((nxt.save(), route))
    return found


def play(scenario: Scenario, rubric: Rubric, moves: list[Move]) -> Conversation:
    """A fresh call played through ``moves``."""
    conv = Conversation(scenario, rubric)
    for move in moves:
        take(conv, move)
    return conv


def take(conv: Conversation, move: Move) -> None:
    """Play ``move``; a late one whose silence runs the patience out ends in the hang-up, unheard."""
    try:
        conv.choose(move.number, elapsed=move.elapsed)
    except HungUpInSilence:
        pass  # the customer hung up (or went to on_patience_out) before the answer: a route all the same


def as_choices_arg(moves: list[Move]) -> str:
    """The moves as a `play --choices` argument, such as '1,2@13,1'."""
    return ",".join(
        f"{m.number}" + (f"@{m.elapsed:g}" if m.elapsed is not None else "") for m in moves
    )


# Lines that blame or go cold by their very words: the apology that blames, hindsight aimed at
# the customer, a hand-off, policing their tone, a jibe at colleagues. ("Policy" is not among
# them: the second edition puts it on good answers too, such as a firm no with an alternative.)
COLD_LINE = re.compile(
    # Hindsight aimed at the customer ("you should have checked"), not "you should have that bike by Friday".
    r"\b(?:sorry (?:if |that )?you feel|you (?:should|could|ought to)(?:'ve| have) (?:\w+ed|done|known|seen|read|"
    r"caught|kept|said|rung|gone|taken|made|written|sent|told)|"
    r"not my (?:department|job|problem)|calm down|typical)\b",
    re.I,
)
# The principles such a line must never lead on at its node.
COLD_PRINCIPLES = ("no_blame", "empathy")


def cold_lines_that_lead(scenario: Scenario, rubric: Rubric) -> list[str]:
    """Choices whose words are cold or blaming yet score higher than every sibling on no_blame or empathy."""
    found = []
    for node in scenario.nodes.values():
        points = [choice_effect(node, c, rubric).points for c in node.choices]
        for i, choice in enumerate(node.choices):
            if len(node.choices) < 2 or not COLD_LINE.search(choice.text):
                continue
            for principle in COLD_PRINCIPLES:
                mine = points[i].get(principle, 0)
                best_other = max(p.get(principle, 0) for j, p in enumerate(points) if j != i)
                if mine > best_other:
                    found.append(
                        f"{scenario.id}/{node.id} choice {i + 1}: '{choice.text}' leads on {principle} "
                        f"({mine:+d} against at most {best_other:+d})"
                    )
    return found


# Explorations already made: id(scenario) -> (scenario, rubric, open sets). Holding the scenario
# keeps its id from being reused; the library tests ask three checks about each scenario, and a
# scenario is never changed in place after loading, so one search answers all three.
_EXPLORED: dict[int, tuple[Scenario, Rubric, dict[str, set[tuple[int, ...]]]]] = {}


def open_sets(scenario: Scenario, rubric: Rubric) -> dict[str, set[tuple[int, ...]]]:
    """Node id -> each distinct set of choice indices (into ``node.choices``) open there in some reachable call state.

    Read from ``Conversation.choices`` in the states ``routes_to_endings`` explores, so
    conditions, unheard recalls and misrecalls and the engine's fallbacks are exactly as in a
    real call. Nodes no call reaches are absent.
    """
    cached = _EXPLORED.get(id(scenario))
    if cached is not None and cached[0] is scenario and cached[1] == rubric:
        return cached[2]
    found: dict[str, set[tuple[int, ...]]] = {}

    def note(conv: Conversation) -> None:
        if conv.node is not None:
            found.setdefault(conv.node.id, set()).add(
                tuple(sorted(oc.choice_index for oc in conv.choices))
            )

    routes_to_endings(scenario, rubric, on_state=note)
    _EXPLORED[id(scenario)] = (scenario, rubric, found)
    return found


def kind_answers_beaten(scenario: Scenario, rubric: Rubric) -> list[str]:
    """Reachable call states where an open choice out-scores the best open choice on some principle.

    The highest-weighted open choice is the kind, listening answer the node is written to teach; a
    curt or blaming sibling on screen beside it must never out-score it on any principle, or the
    debrief would coach the trainee away from it. Each set of choices open together in a real call
    (see :func:`open_sets`) is compared on its own, so a warm twin shown while a detail is unheard is
    measured against what is really on screen with it.
    """
    weights = rubric.weights(scenario.weights)
    found: set[str] = set()
    for node_id, groups in open_sets(scenario, rubric).items():
        node = scenario.nodes[node_id]
        points = [choice_effect(node, c, rubric).points for c in node.choices]
        for group in groups:
            top = max(group, key=lambda i: sum(weights.get(p, 0) * v for p, v in points[i].items()))
            for i in group:
                ahead = [p for p in weights if points[i].get(p, 0) > points[top].get(p, 0)]
                if ahead:
                    found.add(
                        f"{scenario.id}/{node.id}: choice {i + 1} out-scores the best open answer "
                        f"(choice {top + 1}) on {', '.join(ahead)}"
                    )
    return sorted(found)


def forced_choices(scenario: Scenario, rubric: Rubric) -> list[str]:
    """Call states where conditions or unheard recalls leave a node of several choices with only one open.

    A single open choice is no decision: the trainee is scored and coached on a line they could not avoid.
    """
    found: set[str] = set()
    for node_id, groups in open_sets(scenario, rubric).items():
        node = scenario.nodes[node_id]
        for group in groups:
            if len(node.choices) > 1 and len(group) < 2:
                found.add(
                    f"{scenario.id}/{node.id}: only '{node.choices[group[0]].text}' is open"
                    if group
                    else f"{scenario.id}/{node.id}: no choice is open"
                )
    return sorted(found)


def no_good_answer(scenario: Scenario, rubric: Rubric) -> list[str]:
    """Reachable call states where every open choice scores zero or less in all.

    A choice's score here is the plain sum of its points over the principles, static mechanics
    (recall, misrecall, venting moves) included. The trainee must always have a good answer on
    screen: a node that offers only bad ones punishes whatever they pick.
    """
    found: set[str] = set()
    for node_id, groups in open_sets(scenario, rubric).items():
        node = scenario.nodes[node_id]
        totals = [sum(choice_effect(node, c, rubric).points.values()) for c in node.choices]
        for group in groups:
            if group and max(totals[i] for i in group) <= 0:
                shown = ", ".join(f"choice {i + 1} ({totals[i]:+d})" for i in group)
                found.add(
                    f"{scenario.id}/{node.id}: no open choice scores above zero; open are {shown}"
                )
    return sorted(found)
