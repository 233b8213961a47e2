"""Find, with the real engine, a list of moves that takes a scenario to each of its endings.

Shared by the library and `new` tests. The search is breadth-first over
Conversation states (``save()``/``restore``), so conditions, flags, recalls and
patience behave exactly as in a real call; nothing about a scenario is hard-coded.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from dataclasses import dataclass
from typing import Any

from simulator.conditions import leaves
from simulator.engine.conversation import Conversation
from simulator.model import Scenario
from simulator.rubric import Rubric

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
    def of(cls, scenario: Scenario) -> "_Relevant":
        flags, details, visited, mood, patience = set(), set(), set(), set(), set()
        for node in scenario.nodes.values():
            for choice in node.choices:
                if choice.recall:
                    details.add(choice.recall)
                for leaf in leaves(choice.condition):
                    op, arg = leaf.op, leaf.arg
                    {"flag": flags, "not_flag": flags, "heard": details, "visited": visited,
                     "mood_at_least": mood, "mood_below": mood,
                     "patience_at_least": patience, "patience_below": patience}.get(op, set()).add(arg)
        return cls(frozenset(flags), frozenset(details), frozenset(visited), tuple(sorted(mood)), tuple(sorted(patience)))

    def key(self, state: dict[str, Any]) -> tuple:
        """The part of a call's state that can change which choices open later."""
        return (
            state["node"],
            frozenset(self.flags.intersection(state["flags"])),
            frozenset(self.details.intersection(state["heard"])),
            frozenset(self.visited.intersection(state["visited"])),
            bisect_right(self.mood_cuts, state["mood"]),
            bisect_right(self.patience_cuts, state["patience"]),
        )


def _moves(conv: Conversation) -> list[Move]:
    node = conv.node
    assert node is not None
    moves = [Move(oc.number) for oc in conv.choices]
    if node.respond_within is not None:
        # Answering late is also a move: dead air drains patience and can end the call.
        moves += [Move(oc.number, node.respond_within + 1) for oc in conv.choices]
    return moves


def routes_to_endings(scenario: Scenario, rubric: Rubric) -> dict[str, list[Move]]:
    """Ending id -> the shortest list of moves found that reaches it.

    States that no condition can tell apart are merged, except that a state with more
    or less patience left than any seen before is kept: patience decides whether the
    customer gives up later. Every route returned was played by the real engine.
    """
    relevant = _Relevant.of(scenario)
    first = Conversation(scenario, rubric)
    found: dict[str, list[Move]] = {}
    # key -> (lowest, highest) patience seen with that key
    seen: dict[tuple, tuple[int, int]] = {relevant.key(first.state): (first.patience, first.patience)}
    queue: deque[tuple[dict[str, Any], list[Move]]] = deque([(first.save(), [])])
    states = 0
    while queue:
        data, path = queue.popleft()
        conv = Conversation.restore(scenario, rubric, data)
        for move in _moves(conv):
            nxt = Conversation.restore(scenario, rubric, data)
            nxt.choose(move.number, elapsed=move.elapsed)
            route = [*path, move]
            if nxt.ended:
                found.setdefault(nxt.state["ending"], route)
                continue
            key = relevant.key(nxt.state)
            low, high = seen.get(key, (101, -1))
            if low <= nxt.patience <= high:
                continue
            seen[key] = (min(low, nxt.patience), max(high, nxt.patience))
            states += 1
            if states > MAX_STATES:
                raise AssertionError(f"{scenario.id}: more than {MAX_STATES} call states; the search gave up")
            queue.append((nxt.save(), route))
    return found


def play(scenario: Scenario, rubric: Rubric, moves: list[Move]) -> Conversation:
    """A fresh call played through ``moves``."""
    conv = Conversation(scenario, rubric)
    for move in moves:
        conv.choose(move.number, elapsed=move.elapsed)
    return conv


def as_choices_arg(moves: list[Move]) -> str:
    """The moves as a `play --choices` argument, such as '1,2@13,1'."""
    return ",".join(f"{m.number}" + (f"@{m.elapsed:g}" if m.elapsed is not None else "") for m in moves)
