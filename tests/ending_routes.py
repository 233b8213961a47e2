"""Find, with the real engine, a list of moves that takes a scenario to each of its endings.

Shared by the library and `new` tests. The search is breadth-first over
Conversation states (``save()``/``restore``), so conditions, flags, recalls and
patience behave exactly as in a real call; nothing about a scenario is hard-coded.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from simulator.engine.conversation import Conversation
from simulator.model import Scenario
from simulator.rubric import Rubric

# A guard against a runaway search; the shipped scenarios need a few thousand states at most.
MAX_STATES = 200_000


@dataclass(frozen=True)
class Move:
    """One scripted choice: its 1-based number and how long the trainee took (None: in time)."""

    number: int
    elapsed: float | None = None


def _key(state: dict[str, Any]) -> tuple:
    # Everything a later choice or condition can depend on; the transcript and scores are not.
    return (
        state["node"],
        state["ending"],
        state["mood"],
        state["patience"],
        tuple(state["flags"]),
        tuple(sorted(state["heard"])),
        frozenset(state["visited"]),
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
    """Ending id -> the shortest list of moves found that reaches it."""
    first = Conversation(scenario, rubric)
    found: dict[str, list[Move]] = {}
    seen = {_key(first.state)}
    queue: deque[tuple[dict[str, Any], list[Move]]] = deque([(first.save(), [])])
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
            key = _key(nxt.state)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_STATES:
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
