"""``analyse(scenario, rubric)``: every figure ``stats`` reports about one scenario.

The ceilings and the best route are the engine's own (:func:`simulator.engine.best.ceiling`):
exact over the routes a call can really take, or marked "bounded" where the
search had to stop. The rest is counted on the loop-free graph: routes follow
choices from the start to an ending, conditions are treated as satisfiable and
patience running out is not a route of its own; where the scenario loops, the
choices that close a loop are cut (and listed), so the path count, the longest
route, the floors and the worst route are over loop-free routes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from simulator.analysis.choices import Dominated, bad_choices, bad_play_endings, dominated_choices
from simulator.analysis.counts import exact_count
from simulator.analysis.structure import loops, reach, shortest_route, unreachable
from simulator.engine.best import Ceiling, ceiling
from simulator.engine.conversation import Conversation
from simulator.engine.routes import (
    Graph,
    build_graph,
    count_paths,
    extreme_route,
    route_points,
    weighted_gains,
)
from simulator.engine.scoring import overall_percent, principle_scores
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric


@dataclass
class PrincipleRange:
    """Best and worst points a route can collect on one principle, and as percentages of the best."""

    name: str
    title: str
    best: int
    worst: int
    best_percent: float | None  # None when no route changes this principle
    worst_percent: float | None


@dataclass
class RouteStep:
    """One decision of a route: the node, the choice's 1-based number among all its choices, its text."""

    node: str
    number: int
    text: str


@dataclass
class Route:
    """A whole route, its points, its overall percentage and where it ends."""

    steps: list[RouteStep]
    points: dict[str, int]
    percent: float
    ending: str
    outcome: str
    grade: str = ""
    passed: bool = False
    csat: int = 0
    critical: list[str] = field(default_factory=list)
    method: str = "graph"  # how the best route was found: graph, states (exact) or bounded (playable, maybe beaten)


@dataclass(frozen=True)
class CriticalChoice:
    """A choice that commits critical errors: where it is and which errors (numbers are 1-based)."""

    node: str
    number: int
    text: str
    errors: list[str]


@dataclass
class ScenarioStats:
    """What ``stats`` reports about one scenario."""

    id: str
    title: str
    path: str
    nodes: int
    choices: int  # decisions a trainee can face, counted as choices over all nodes
    endings: dict[str, list[str]]  # outcome -> ending ids
    paths: int  # routes from the start to an ending, loop edges cut
    loops: list[list[str]]
    loop_edges: list[RouteStep]  # the choices cut to count paths
    shortest: int | None  # decisions
    longest: int | None  # decisions, loop edges cut
    principles: dict[str, PrincipleRange]
    best: Route | None
    worst: Route | None
    pass_mark: float
    dominated: list[Dominated] = field(default_factory=list)
    traps: int = 0  # choices marked `trap: true` (never listed as never worth taking)
    critical_choices: list[CriticalChoice] = field(default_factory=list)
    states: int = 0  # states the ceiling's search visited (0 on the loop-free graph)
    bad_play_endings: list[str] = field(default_factory=list)
    unreachable_nodes: list[str] = field(default_factory=list)
    unreachable_endings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``stats --json``; the path count is a string when JSON numbers would lose digits."""
        data = asdict(self)
        if self.paths > 2**53:
            data["paths"] = exact_count(self.paths)
        return data


def _route(
    graph: Graph, steps: list[tuple[int, int]], ending: str, points: dict[str, int], percent: float
) -> Route:
    scenario = graph.scenario
    target = scenario.target(ending) if ending else None
    outcome = getattr(target, "outcome", "")
    return Route([_step(graph, v, e) for v, e in steps], points, percent, ending, outcome)


def _step(graph: Graph, v: int, flat: int) -> RouteStep:
    nid, i = graph.ids[v], flat - graph.first[v]
    return RouteStep(nid, i + 1, graph.scenario.nodes[nid].choices[i].text)


def _best_route(scenario: Scenario, rubric: Rubric, ceil: Ceiling) -> Route | None:
    """The engine's best route, replayed through the engine for its grade, outcome, stars and pass."""
    if not ceil.best_ending:
        return None
    conv = Conversation(
        scenario, rubric, mode="practice", known_ceiling=ceil
    )  # the same figures, not a second search
    path = conv.best_path()
    steps = [RouteStep(nid, n, scenario.nodes[nid].choices[n - 1].text) for nid, n in path.steps]
    return Route(
        steps,
        dict(path.points),
        path.percent,
        path.ending,
        path.outcome,
        path.grade,
        path.passed,
        path.csat,
        list(path.critical),
        path.method,
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause automatic garbage collection, restoring whatever state it had.

    A large analysis allocates hundreds of thousands of small acyclic objects
    next to lists with one entry per choice; every automatic full collection
    walks those lists again, which made the time grow faster than the graph.
    Nothing here builds reference cycles, so there is nothing to collect early.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyse(scenario: Scenario, rubric: Rubric) -> ScenarioStats:
    """Count, measure and score every route of ``scenario`` (linear in its size)."""
    with _collector_paused():
        return _analyse(scenario, rubric)


def _worst_route(scenario: Scenario, rubric: Rubric, graph: Graph, ceil: Ceiling) -> Route | None:
    """The worst loop-free route by the best route's own measure, scored as the debrief scores a call."""
    weights = rubric.weights(scenario.weights)
    scale = [weights.get(p, 0) / max(ceil.max_points.get(p, 0), 1) for p in rubric.principles]
    steps, ending = extreme_route(graph, weighted_gains(graph, scale), worst=True)
    if not ending:
        return None
    pts = route_points(graph, steps)
    percent = overall_percent(principle_scores(pts, ceil, rubric, scenario.weights))
    return _route(graph, steps, ending, pts, percent)


def _ranges(scenario: Scenario, rubric: Rubric, ceil: Ceiling) -> dict[str, PrincipleRange]:
    """Each principle's best and worst points and percentages over every route."""
    max_points, min_points = ceil.max_points, ceil.min_points
    best_scores = principle_scores(max_points, ceil, rubric, scenario.weights)
    worst_scores = principle_scores(min_points, ceil, rubric, scenario.weights)
    return {
        p: PrincipleRange(
            p,
            rubric.principles[p].title,
            max_points[p],
            min_points[p],
            best_scores[p].percent,
            worst_scores[p].percent,
        )
        for p in rubric.principles
    }


def _endings_by_outcome(scenario: Scenario, reached: set[str]) -> dict[str, list[str]]:
    """The ending ids for each outcome, the engine's own hang-up ending included when reachable."""
    by_outcome: dict[str, list[str]] = {}
    for eid, end in scenario.endings.items():
        by_outcome.setdefault(end.outcome, []).append(eid)
    builtin = scenario.on_patience_out
    if builtin not in scenario.endings and builtin not in scenario.nodes and builtin in reached:
        by_outcome.setdefault("hung_up", []).append(builtin)  # the engine's own hang-up ending
    return by_outcome


def _analyse(scenario: Scenario, rubric: Rubric) -> ScenarioStats:
    graph = build_graph(scenario, rubric)
    counts = count_paths(graph)
    ceil = ceiling(scenario, rubric, graph=graph)
    routes = [_best_route(scenario, rubric, ceil), _worst_route(scenario, rubric, graph, ceil)]
    ranges = _ranges(scenario, rubric, ceil)

    dominated, dominated_flat = dominated_choices(graph)
    traps = sum(1 for v in graph.order for c in scenario.nodes[graph.ids[v]].choices if c.trap)
    trap_of = {
        (d.node, d.number) for d in dominated if scenario.nodes[d.node].choices[d.number - 1].trap
    }
    dominated = [d for d in dominated if (d.node, d.number) not in trap_of]
    marks = reach(graph)
    bad_endings = bad_play_endings(graph, bad_choices(graph, dominated_flat), marks[1])
    lost_nodes, lost_endings = unreachable(graph, marks)
    by_outcome = _endings_by_outcome(scenario, marks[1])

    return ScenarioStats(
        id=scenario.id,
        title=scenario.title,
        path=scenario.path,
        nodes=len(scenario.nodes),
        choices=len(graph.target),
        endings=by_outcome,
        paths=counts.paths,
        loops=loops(graph),
        loop_edges=[
            _step(graph, v, e)
            for v in range(len(graph.ids))
            for e in range(graph.first[v], graph.first[v + 1])
            if graph.cut[e]
        ],
        shortest=shortest_route(graph),
        longest=counts.longest,
        principles=ranges,
        best=routes[0],
        worst=routes[1],
        pass_mark=rubric.pass_mark,
        dominated=dominated,
        traps=traps,
        critical_choices=[
            CriticalChoice(nid, i, c.text, list(c.critical))
            for nid, node in scenario.nodes.items()
            for i, c in enumerate(node.choices, 1)
            if c.critical
        ],
        states=ceil.states,
        bad_play_endings=bad_endings,
        unreachable_nodes=lost_nodes,
        unreachable_endings=lost_endings,
    )
