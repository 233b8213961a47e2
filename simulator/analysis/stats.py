"""``analyse(scenario, rubric)``: every figure ``stats`` reports about one scenario.

Routes follow choices from the start to an ending; conditions are treated as
satisfiable and patience running out is not a route of its own. Where the
scenario loops, the choices that close a loop are cut (and listed), so the
path count, the longest route and the score ranges are over loop-free routes.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

from simulator.analysis.choices import Dominated, bad_choices, bad_play_endings, dominated_choices
from simulator.analysis.counts import exact_count
from simulator.engine.routes import (
    Graph,
    build_graph,
    count_paths,
    extreme_route,
    principle_ranges,
    route_points,
    weighted_gains,
)
from simulator.analysis.structure import loops, reach, shortest_route, unreachable
from simulator.engine.best import Ceiling
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
    bad_play_endings: list[str] = field(default_factory=list)
    unreachable_nodes: list[str] = field(default_factory=list)
    unreachable_endings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``stats --json``; the path count is a string when JSON numbers would lose digits."""
        data = asdict(self)
        if self.paths > 2**53:
            data["paths"] = exact_count(self.paths)
        return data


def _route(graph: Graph, steps: list[tuple[int, int]], ending: str, points: dict[str, int], percent: float) -> Route:
    scenario = graph.scenario
    target = scenario.target(ending) if ending else None
    outcome = getattr(target, "outcome", "")
    return Route([_step(graph, v, e) for v, e in steps], points, percent, ending, outcome)


def _step(graph: Graph, v: int, flat: int) -> RouteStep:
    nid, i = graph.ids[v], flat - graph.first[v]
    return RouteStep(nid, i + 1, graph.scenario.nodes[nid].choices[i].text)


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


def _analyse(scenario: Scenario, rubric: Rubric) -> ScenarioStats:
    principles = list(rubric.principles)
    graph = build_graph(scenario, rubric)
    counts = count_paths(graph)
    columns = graph.columns()
    max_points, min_points = principle_ranges(graph, columns)
    ceil = Ceiling(max_points, min_points, [], {}, "")

    weights = rubric.weights(scenario.weights)
    # The same measure the engine's ceiling uses to pick the best route.
    scale = [weights.get(p, 0) / max(max_points.get(p, 0), 1) for p in principles]
    gains = weighted_gains(graph, scale)
    routes: list[Route | None] = []
    for worst in (False, True):
        steps, ending = extreme_route(graph, gains, worst=worst)
        if not ending:
            routes.append(None)
            continue
        pts = route_points(graph, steps)
        if not worst:  # calls are graded against the best route's points, as in the engine
            ceil.best_points = pts
        percent = overall_percent(principle_scores(pts, ceil, rubric, scenario.weights))
        routes.append(_route(graph, steps, ending, pts, percent))

    best_scores = principle_scores(max_points, ceil, rubric, scenario.weights)
    worst_scores = principle_scores(min_points, ceil, rubric, scenario.weights)
    ranges = {
        p: PrincipleRange(p, rubric.principles[p].title, max_points[p], min_points[p], best_scores[p].percent, worst_scores[p].percent)
        for p in principles
    }

    dominated, dominated_flat = dominated_choices(graph)
    marks = reach(graph)
    bad_endings = bad_play_endings(graph, bad_choices(graph, dominated_flat), marks[1])
    lost_nodes, lost_endings = unreachable(graph, marks)

    by_outcome: dict[str, list[str]] = {}
    for eid, ending in scenario.endings.items():
        by_outcome.setdefault(ending.outcome, []).append(eid)
    builtin = scenario.on_patience_out
    if builtin not in scenario.endings and builtin not in scenario.nodes and builtin in marks[1]:
        by_outcome.setdefault("hung_up", []).append(builtin)  # the engine's own hang-up ending

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
            _step(graph, v, e) for v in range(len(graph.ids)) for e in range(graph.first[v], graph.first[v + 1]) if graph.cut[e]
        ],
        shortest=shortest_route(graph),
        longest=counts.longest,
        principles=ranges,
        best=routes[0],
        worst=routes[1],
        pass_mark=rubric.pass_mark,
        dominated=dominated,
        bad_play_endings=bad_endings,
        unreachable_nodes=lost_nodes,
        unreachable_endings=lost_endings,
    )
