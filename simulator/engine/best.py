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

from simulator.engine.routes import build_graph, extreme_route, principle_ranges, route_points, weighted_gains
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric


@dataclass
class Ceiling:
    """Per-principle maxima and minima over all routes, and the best route by weighted, normalised score."""

    max_points: dict[str, int]
    min_points: dict[str, int]
    best_steps: list[tuple[str, int]]
    best_points: dict[str, int]  # what the best route earns per principle: the figures calls are graded against
    best_ending: str


def dag_order(scenario: Scenario) -> tuple[list[str], set[tuple[str, int]]]:
    """Nodes reachable from the start in post-order, and the (node, choice) edges that close loops.

    The plain-model statement of the order and loop cuts that :mod:`simulator.engine.routes`
    computes on flat arrays (and :func:`ceiling` uses).
    """
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


def ceiling(scenario: Scenario, rubric: Rubric) -> Ceiling:
    """Best and worst points per principle over all routes, and the best weighted route."""
    graph = build_graph(scenario, rubric)
    max_points, min_points = principle_ranges(graph, graph.columns())
    weights = rubric.weights(scenario.weights)
    scale = [weights.get(p, 0) / max(max_points.get(p, 0), 1) for p in graph.principles]
    steps, ending = extreme_route(graph, weighted_gains(graph, scale))
    best_steps = [(graph.ids[node], flat - graph.first[node] + 1) for node, flat in steps]
    return Ceiling(max_points, min_points, best_steps, route_points(graph, steps), ending)
