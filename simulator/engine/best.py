"""A scenario's ceiling: the most each principle can earn, and the best route, over the routes a call can really take.

Positive points count once per (node, choice) in a call and losses every time
(see :mod:`simulator.engine.conversation`), so no route earns more than the
most points a principle's best route earns: ``max_points``, the ceiling each
principle is scored against (points clamped to 0..ceiling). The **best route**
is preferred in this order: fewest decisions with a critical error, an ending
whose outcome can pass, then the highest weighted, normalised score (each
principle's points count ``weight / ceiling``, or the whole weight per point
where the ceiling is 0 or less). It replays through the engine to exactly the
points reported.

Three ways to the answer, chosen by the scenario's shape:

* ``graph``: no loop reachable, and nothing that can close a choice or change
  its score on the way (conditions, recalls, apologies, patience running out).
  Then every route of the loop-free graph is playable as it stands, and the
  linear longest-path pass over flat arrays (:mod:`simulator.engine.routes`)
  is exact, however large the scenario.
* ``states``: otherwise, for scenarios of up to ``SEARCH_NODES`` nodes, the
  search over the real state space of :mod:`simulator.engine.state_search`
  (flags, details heard, visits, once-only choices, credited choices,
  apologies, patience and mood as the scenario needs them), exact.
* ``bounded``: larger scenarios, or a state space past its bound. The route
  reported is still a playable one (the loop-free graph's best route when no
  choice can close, else a walk through the real states guided by it), with
  its real points; the ceilings are the larger of the loop-free graph's and
  that route's, and may be beaten by a route through a loop. Output says so.

``min_points`` are the fewest points a loop-free route collects per principle
(conditions taken as satisfiable): where a principle has nothing to earn, a
call's loss there is scored as a share of that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from simulator.engine.effects import choice_effect
from simulator.engine.routes import (
    ENDING,
    Graph,
    best_totals,
    build_graph,
    extreme_route,
    gather,
    principle_ranges,
    route_points,
)
from simulator.engine.state_search import (
    DEFAULT_BOUND,
    Edge,
    StateGraph,
    Stepper,
    explore,
    longest,
    loop_free_longest,
    maxima,
    route,
)
from simulator.scenario.model import Scenario, outcome_class
from simulator.scenario.rubric import Rubric

# Scenarios larger than this are not searched state by state: their ceiling is "bounded".
SEARCH_NODES = 2_000
# Orders of magnitude apart, so the preference for no critical error and a passing outcome
# always outweighs points on the flat path (which adds one number per choice).
_CRITICAL_WEIGHT = 1e12
_PASSING_WEIGHT = 1e7


@dataclass
class Ceiling:
    """Per-principle ceilings and floors over all routes, and the best route, with how they were found."""

    max_points: dict[
        str, int
    ]  # the most any route earns per principle: the figures calls are scored against
    min_points: dict[str, int]  # the fewest a loop-free route collects per principle
    best_steps: list[tuple[str, int]]  # (node id, 1-based number among all the node's choices)
    best_points: dict[str, int]  # what the best route earns per principle
    best_ending: str
    best_critical: list[str] = field(
        default_factory=list
    )  # critical errors on the best route (ids)
    method: str = "graph"  # "graph", "states" or "bounded" (see the module doc)
    states: int = 0  # states searched ("states" and "bounded" after a search)

    @property
    def exact(self) -> bool:
        """True when no playable route can beat these figures (the search was not bounded)."""
        return self.method != "bounded"


def outcome_of(scenario: Scenario, ending: str) -> str:
    """The outcome of ending ``ending`` of ``scenario`` ('' when it names none)."""
    target = scenario.target(ending) if ending else None
    return getattr(target, "outcome", "") or ""


def scales(
    rubric: Rubric, scenario: Scenario, max_points: dict[str, int], principles: list[str]
) -> list[float]:
    """Per principle: what one point is worth in the best route's measure (weight over the ceiling)."""
    weights = rubric.weights(scenario.weights)
    return [weights.get(p, 0) / max(max_points.get(p, 0), 1) for p in principles]


def gates(scenario: Scenario, rubric: Rubric, graph: Graph) -> bool:
    """True when some reachable choice can close or change its score with the call's history.

    Conditions and recalls close choices; an apology can cost ``over_apology``; a
    choice that lowers patience can run it out and send the call elsewhere.
    """
    for v in graph.order:
        node = scenario.nodes[graph.ids[v]]
        for c in node.choices:
            if c.condition is not None or c.recall or c.misrecall or c.apology or c.patience < 0:
                return True
            if node.vent and c.style and choice_effect(node, c, rubric).patience < 0:
                return True
    return False


def flat_gains(scenario: Scenario, graph: Graph, scale: list[float]) -> list[float]:
    """Per flat choice: its weighted points, less a large amount for a critical error, plus one for an
    ending that can pass."""
    gains = [sum(a * b for a, b in zip(row, scale, strict=True)) for row in graph.rows]
    flat = 0
    for nid in graph.ids:
        for c in scenario.nodes[nid].choices:
            if c.critical:
                gains[flat] -= _CRITICAL_WEIGHT
            if (
                graph.target[flat] == ENDING
                and outcome_class(outcome_of(scenario, graph.ending_of[flat])).can_pass
            ):
                gains[flat] += _PASSING_WEIGHT
            flat += 1
    return gains


# Recent ceilings by (scenario, rubric, flags): every call of a scenario shares one search.
# Entries keep their scenario and rubric, so an id reused after garbage collection never matches.
_RECENT: dict[tuple[int, int, frozenset[str], int], tuple[Scenario, Rubric, Ceiling]] = {}
_RECENT_SIZE = 32


def ceiling(
    scenario: Scenario,
    rubric: Rubric,
    flags: Iterable[str] = (),
    bound: int = DEFAULT_BOUND,
    graph: Graph | None = None,
) -> Ceiling:
    """The ceilings and the best route of ``scenario``, for a call that starts with ``flags`` set.

    ``flags`` are a follow-up call's inherited flags.

    ``graph`` is the scenario's flat graph when the caller has built it already.
    The result is shared by calls of the same scenario objects: treat it as read-only.
    """
    key = (id(scenario), id(rubric), frozenset(flags), bound)
    hit = _RECENT.get(key)
    if hit is not None and hit[0] is scenario and hit[1] is rubric:
        return hit[2]
    found = _ceiling(scenario, rubric, key[2], bound, graph)
    if len(_RECENT) >= _RECENT_SIZE:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = (scenario, rubric, found)
    return found


def _ceiling(
    scenario: Scenario, rubric: Rubric, flags: frozenset[str], bound: int, graph: Graph | None
) -> Ceiling:
    graph = graph or build_graph(scenario, rubric)
    dag_max, min_points = principle_ranges(graph, graph.columns())
    gated = gates(scenario, rubric, graph)
    looped = any(graph.cut)
    if not gated and not looped:
        return _from_graph(scenario, rubric, graph, dag_max, min_points, "graph")
    searched = 0
    if len(scenario.nodes) <= SEARCH_NODES:
        stepper = Stepper(scenario, rubric, flags)
        states = explore(stepper, bound=bound)
        searched = len(states.keys)
        if states.complete:
            return _from_states(scenario, rubric, states, min_points)
    if not gated:  # every choice is always open and scores the same: the loop-free best route is playable as it is
        return _from_graph(scenario, rubric, graph, dag_max, min_points, "bounded", searched)
    return _guided(scenario, rubric, graph, dag_max, min_points, flags, searched, bound)


def _from_graph(
    scenario: Scenario,
    rubric: Rubric,
    graph: Graph,
    max_points: dict[str, int],
    min_points: dict[str, int],
    method: str,
    searched: int = 0,
) -> Ceiling:
    scale = scales(rubric, scenario, max_points, graph.principles)
    steps, ending = extreme_route(
        graph, gather(flat_gains(scenario, graph, scale), graph.dag_choice)
    )
    best_steps = [(graph.ids[node], flat - graph.first[node] + 1) for node, flat in steps]
    critical = [cid for nid, n in best_steps for cid in scenario.nodes[nid].choices[n - 1].critical]
    return Ceiling(
        max_points,
        min_points,
        best_steps,
        route_points(graph, steps),
        ending,
        critical,
        method,
        searched,
    )


def _from_states(
    scenario: Scenario, rubric: Rubric, states: StateGraph, min_points: dict[str, int]
) -> Ceiling:
    """The exact ceiling from the full state graph: the most each principle can score, the best route."""
    principles = states.principles
    max_points = {p: top or 0 for p, top in zip(principles, maxima(states), strict=True)}
    scale = scales(rubric, scenario, max_points, principles)

    pick = longest(states, best_gain(scale))[1]
    edges, ending = route(states, pick)
    points = {p: sum(e.points[k] for e in edges) for k, p in enumerate(principles)}
    critical = [cid for e in edges for cid in e.critical]
    steps = [(e.node, e.index + 1) for e in edges]
    return Ceiling(
        max_points, min_points, steps, points, ending, critical, "states", len(states.keys)
    )


class Guide:
    """Takes, in each real state, the open choice the loop-free graph rates best: a playable route when
    the search is bounded."""

    def __init__(
        self,
        scenario: Scenario,
        rubric: Rubric,
        max_points: dict[str, int],
        graph: Graph | None = None,
    ) -> None:
        self.scenario = scenario
        self.graph = graph or build_graph(scenario, rubric)
        scale = scales(rubric, scenario, max_points, self.graph.principles)
        self.gains = flat_gains(scenario, self.graph, scale)
        values = best_totals(self.graph, gather(self.gains, self.graph.dag_choice))[0]
        self.ahead = {v: values[i] for i, v in enumerate(self.graph.order)}

    def walk(self, stepper: Stepper, state: tuple[Any, ...]) -> list[Edge] | None:
        """The choices taken from ``state`` to an ending (None when the walk finds none within its guard)."""
        graph = self.graph
        seen = {state}
        edges: list[Edge] = []
        for _ in range(
            4 * len(self.scenario.nodes) + 10
        ):  # a guard: each step goes to a state not seen before where it can
            v = graph.index[state[0]]
            ranked = []
            for i in stepper.open(state):
                nxt, end, got, crit = stepper.step(state, i)
                rest = (
                    0.0 if nxt is None else (self.ahead.get(graph.index[nxt[0]]) or float("-inf"))
                )
                fresh = nxt is None or nxt not in seen
                ranked.append(
                    (fresh, self.gains[graph.first[v] + i] + rest, -i, i, nxt, end, got, crit)
                )
            if not ranked:
                return None
            _fresh, _score, _neg, i, nxt, end, got, crit = max(ranked, key=lambda r: r[:3])
            row = tuple(got.get(p, 0) for p in graph.principles)
            if nxt is None:
                target = self.scenario.target(end)
                can_pass = outcome_class(getattr(target, "outcome", "")).can_pass
                edges.append(Edge(state[0], i, -1, end, row, crit, can_pass))
                return edges
            edges.append(Edge(state[0], i, 0, "", row, crit, False))
            state = nxt
            seen.add(state)
        return None


def _guided(
    scenario: Scenario,
    rubric: Rubric,
    graph: Graph,
    dag_max: dict[str, int],
    min_points: dict[str, int],
    flags: Iterable[str],
    searched: int,
    bound: int = DEFAULT_BOUND,
) -> Ceiling:
    """A playable route when the exact search is bounded, with its real points.

    First choice: the best loop-free route of the states the call can be in when
    credited choices are not told apart (a much smaller space, where every
    condition, recall and patience still holds as in play). Failing that, a walk
    through the real states guided by the loop-free graph.
    """
    stepper = Stepper(scenario, rubric, flags)
    edges: list[Edge] | None = None
    lean = explore(Stepper(scenario, rubric, flags, track_credit=False), bound=bound)
    if lean.complete:
        scale = scales(rubric, scenario, dag_max, graph.principles)
        pick = loop_free_longest(lean, best_gain(scale))
        steps_found, _ending = route(lean, pick)
        edges = _replayed(stepper, [(e.node, e.index) for e in steps_found]) if _ending else None
    if not edges:
        edges = Guide(scenario, rubric, dag_max, graph).walk(stepper, stepper.start()) or []
    points = {p: sum(e.points[k] for e in edges) for k, p in enumerate(graph.principles)}
    max_points = {p: max(dag_max.get(p, 0), points.get(p, 0)) for p in graph.principles}
    steps = [(e.node, e.index + 1) for e in edges]
    critical = [cid for e in edges for cid in e.critical]
    ending = edges[-1].ending if edges else ""
    return Ceiling(max_points, min_points, steps, points, ending, critical, "bounded", searched)


def best_gain(scale: list[float]) -> Callable[[Edge], tuple[float, float, float]]:
    """The best route's measure of one choice: (-1 for a critical error, 1 for an ending that can pass,
    weighted points)."""

    def gain(e: Edge) -> tuple[float, float, float]:
        return (
            -1.0 if e.critical else 0.0,
            1.0 if e.target < 0 and e.can_pass else 0.0,
            sum(a * b for a, b in zip(e.points, scale, strict=True)),
        )

    return gain


def _replayed(stepper: Stepper, choices: list[tuple[str, int]]) -> list[Edge] | None:
    """The choices played again through the full rules (credited choices told apart), with their real points."""
    state: tuple[Any, ...] | None = stepper.start()
    edges: list[Edge] = []
    for nid, i in choices:
        if state is None or state[0] != nid or i not in stepper.open(state):
            return None
        nxt, end, got, crit = stepper.step(state, i)
        row = tuple(got.get(p, 0) for p in stepper.principles)
        if nxt is None:
            target = stepper.scenario.target(end)
            edges.append(
                Edge(
                    nid,
                    i,
                    -1,
                    end,
                    row,
                    crit,
                    outcome_class(getattr(target, "outcome", "")).can_pass,
                )
            )
        else:
            edges.append(Edge(nid, i, 0, "", row, crit, False))
        state = nxt
    return edges if state is None else None
