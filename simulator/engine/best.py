"""A scenario's best route, and each principle's range over all routes, computed from its graph.

The best route is the one with the highest weighted, normalised score: a
choice's points on each principle count ``weight / most`` (``most`` being the
most points any route earns on that principle, or 1 where none earns any), so
a principle with few points to earn weighs as much as one with many, and a
point lost on a principle nothing earns costs a whole weight. Calls are graded
against the best route's points (see :mod:`simulator.engine.scoring`), so
playing it scores 100% on every principle. ``max_points`` and ``min_points`` are
the most and fewest points any route collects on each principle (routes may
differ per principle): they tell which principles a scenario exercises and how
much can be lost.

Conditions are treated as satisfiable and recalled details as heard, so a
route that can never open a recall choice may still be counted.
Loops are cut where a route would come back to a node already on it, so the
computation is a longest-path pass over a DAG: linear in the size of the graph
and free of recursion, however large the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.engine.effects import choice_effect
from simulator.model import Scenario
from simulator.rubric import Rubric

NEG = float("-inf")


@dataclass
class Ceiling:
    """Per-principle maxima and minima over all routes, and the best route by weighted, normalised score."""

    max_points: dict[str, int]
    min_points: dict[str, int]
    best_steps: list[tuple[str, int]]
    best_points: dict[str, int]  # what the best route earns per principle: the figures calls are graded against
    best_ending: str


def dag_order(scenario: Scenario) -> tuple[list[str], set[tuple[str, int]]]:
    """Nodes reachable from the start in post-order, and the (node, choice) edges that close loops."""
    order: list[str] = []
    back: set[tuple[str, int]] = set()
    if scenario.start not in scenario.nodes:
        return order, back
    state: dict[str, int] = {scenario.start: 1}  # 1 on the stack, 2 finished
    stack: list[tuple[str, int]] = [(scenario.start, 0)]
    while stack:
        nid, i = stack[-1]
        choices = scenario.nodes[nid].choices
        if i < len(choices):
            stack[-1] = (nid, i + 1)
            nxt = choices[i].next
            if nxt not in scenario.nodes:
                continue
            s = state.get(nxt, 0)
            if s == 1:
                back.add((nid, i))
            elif s == 0:
                state[nxt] = 1
                stack.append((nxt, 0))
        else:
            stack.pop()
            state[nid] = 2
            order.append(nid)
    return order, back


def _longest(scenario: Scenario, order: list[str], back: set[tuple[str, int]], gain) -> dict[str, tuple[float, int]]:
    """For each node: the best total of ``gain(node, choice)`` to an ending, and the choice index taking it."""
    best: dict[str, tuple[float, int]] = {}
    for nid in order:
        top, pick = NEG, -1
        for i, c in enumerate(scenario.nodes[nid].choices):
            if (nid, i) in back:
                continue
            if c.next in scenario.nodes:
                rest = best.get(c.next, (NEG, -1))[0]
            elif scenario.target(c.next) is not None:
                rest = 0.0
            else:
                continue
            if rest == NEG:
                continue
            total = gain(nid, i) + rest
            if total > top:
                top, pick = total, i
        best[nid] = (top, pick)
    return best


def ceiling(scenario: Scenario, rubric: Rubric) -> Ceiling:
    """Best and worst points per principle over all routes, and the best weighted route."""
    order, back = dag_order(scenario)
    effects = {
        (nid, i): choice_effect(scenario.nodes[nid], c, rubric).points
        for nid in order
        for i, c in enumerate(scenario.nodes[nid].choices)
    }
    max_points: dict[str, int] = {}
    min_points: dict[str, int] = {}
    for name in rubric.principles:
        hi = _longest(scenario, order, back, lambda n, i, p=name: effects[(n, i)].get(p, 0))
        lo = _longest(scenario, order, back, lambda n, i, p=name: -effects[(n, i)].get(p, 0))
        start_hi = hi.get(scenario.start, (NEG, -1))[0]
        start_lo = lo.get(scenario.start, (NEG, -1))[0]
        max_points[name] = int(start_hi) if start_hi != NEG else 0
        min_points[name] = -int(start_lo) if start_lo != NEG else 0
    weights = rubric.weights(scenario.weights)
    scale = {p: weights.get(p, 0) / max(max_points.get(p, 0), 1) for p in rubric.principles}
    overall = _longest(
        scenario, order, back, lambda n, i: sum(scale[p] * v for p, v in effects[(n, i)].items() if p in scale)
    )
    steps: list[tuple[str, int]] = []
    points: dict[str, int] = {p: 0 for p in rubric.principles}
    ending = ""
    nid = scenario.start
    seen: set[str] = set()
    while nid in overall and nid not in seen:
        seen.add(nid)
        pick = overall[nid][1]
        if pick < 0:
            break
        steps.append((nid, pick + 1))
        for p, v in effects[(nid, pick)].items():
            if p in points:
                points[p] += v
        nxt = scenario.nodes[nid].choices[pick].next
        if nxt not in scenario.nodes:
            ending = nxt
            break
        nid = nxt
    return Ceiling(max_points, min_points, steps, points, ending)
