"""Choices never worth taking, and endings that only bad play leads to.

Definitions (``stats --help`` gives them in short):

* Choice A is **dominated** by a sibling B (another choice of the same node)
  when B scores at least as well as A on every principle of the rubric and on
  mood, strictly better on at least one of them, and B is open whenever A is:
  B has no ``if`` or the very same one, and no ``recall`` or the same one;
  B is not a once-only question unless A is one too (an asked question is gone
  while A stays), and B waits for no more questions (``after_asked``) than A.
  Points include the static mechanics (recall, misrecall, keep_listening,
  premature_fix), as the engine scores them with good timing. Where a choice
  leads is not compared: a dominated choice can still open a branch of its
  own (the branch map shows where), but on the spot a sibling always does at
  least as well.
* A choice is **bad** when it loses points on some principle or is dominated.
* An ending is **reachable only by bad play** when it can be reached, yet every
  route from the start to it takes at least one bad choice or runs the
  customer's patience out. Conditions are treated as satisfiable.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from operator import ge
from typing import Any

from simulator.engine.routes import ENDING, Graph
from simulator.scenario.model import Condition


@dataclass(frozen=True)
class Dominated:
    """A choice never worth taking: which one, and the sibling that beats it (numbers are 1-based)."""

    node: str
    number: int
    text: str
    by: int
    by_text: str


def _condition_key(cond: Condition | None) -> Any:
    """A condition as plain nested tuples, positions left out, to compare two conditions."""
    if cond is None:
        return None
    if cond.op in ("all", "any"):
        return (
            cond.op,
            tuple(_condition_key(c) for c in cond.arg),
        )  # depth is bounded by the loader
    if cond.op == "not":
        return (cond.op, _condition_key(cond.arg))
    return (cond.op, cond.arg)


def dominated_choices(graph: Graph) -> tuple[list[Dominated], list[int]]:
    """Every dominated choice of the nodes the start reaches, in file order of node and choice, and
    their flat indices."""
    found: list[Dominated] = []
    flat: list[int] = []
    reached = bytearray(len(graph.ids))
    for v in graph.order:
        reached[v] = 1
    rows, moods, first = graph.rows, graph.moods, graph.first
    for v in range(len(graph.ids)):
        lo, hi = first[v], first[v + 1]
        if not reached[v] or hi - lo < 2:
            continue
        # read from the model only when needed
        gates: list[tuple[Any, str | None, bool, int]] | None = None
        for a in range(lo, hi):
            for b in range(lo, hi):
                if a == b or moods[b] < moods[a] or not all(map(ge, rows[b], rows[a])):
                    continue
                if rows[b] == rows[a] and moods[b] == moods[a]:
                    continue  # equal is not better
                choices = graph.scenario.nodes[graph.ids[v]].choices
                if gates is None:
                    gates = [
                        (_condition_key(c.condition), c.recall, c.once, c.after_asked)
                        for c in choices
                    ]
                cond_a, recall_a, once_a, asked_a = gates[a - lo]
                cond_b, recall_b, once_b, asked_b = gates[b - lo]
                if (
                    (cond_b is None or cond_b == cond_a)
                    and (recall_b is None or recall_b == recall_a)
                    and (once_a or not once_b)
                    and asked_b <= asked_a
                ):
                    found.append(
                        Dominated(
                            graph.ids[v],
                            a - lo + 1,
                            choices[a - lo].text,
                            b - lo + 1,
                            choices[b - lo].text,
                        )
                    )
                    flat.append(a)
                    break
    return found, flat


def bad_choices(graph: Graph, dominated: list[int]) -> list[bool]:
    """Per flat choice: True when it loses points on some principle or is dominated (flat indices given)."""
    bad = [min(row) < 0 for row in graph.rows] if graph.principles else [False] * len(graph.target)
    for e in dominated:
        bad[e] = True
    return bad


def bad_play_endings(graph: Graph, bad: list[bool], reachable_endings: set[str]) -> list[str]:
    """Reachable endings that no route of only good choices reaches, in file order (see module doc)."""
    scenario = graph.scenario
    good_reach: set[str] = set()
    if graph.start >= 0:
        seen = bytearray(len(graph.ids))
        seen[graph.start] = 1
        queue = deque([graph.start])
        while queue:
            v = queue.popleft()
            for e in range(graph.first[v], graph.first[v + 1]):
                t = graph.target[e]
                if bad[e]:
                    continue
                if t == ENDING:
                    good_reach.add(graph.ending_of[e])
                elif t >= 0 and not seen[t]:
                    seen[t] = 1
                    queue.append(t)
    candidates = [*scenario.endings]
    builtin = scenario.on_patience_out
    if (
        builtin not in scenario.endings
        and builtin not in scenario.nodes
        and scenario.target(builtin) is not None
    ):
        candidates.append(builtin)  # the engine's built-in hang-up
    return [e for e in candidates if e in reachable_endings and e not in good_reach]
