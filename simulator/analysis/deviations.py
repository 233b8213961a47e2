"""``stats --deviations``: the best route with one choice changed at a time, and how each change is judged.

For every decision on the best route and every other choice open there, the
route takes that choice instead and then carries on along the best continuation
from where it lands (the same measure as the best route: no critical error if
it can be helped, an ending that can pass, then the weighted score). Each
changed route is replayed through the engine, so its grade, pass or fail,
critical errors and outcome are exactly what a trainee playing it would get.
Trainers use it to see whether one mistake is judged as they intend.

The continuation comes from the search over the real state space; where that
search is bounded, it comes from the same guided walk the ceiling then uses,
and the report says so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from simulator.engine.best import Ceiling, Guide, best_gain, ceiling, scales
from simulator.engine.conversation import Conversation
from simulator.engine.state_search import (
    DEFAULT_BOUND,
    Edge,
    StateGraph,
    Stepper,
    explore,
    longest,
)
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric


@dataclass
class Deviation:
    """The best route with one choice changed: which, and how the call is then judged."""

    step: int  # 1-based decision number on the best route
    node: str
    number: int  # the choice taken instead, 1-based among all the node's choices
    text: str
    best_number: int  # the best route's choice here
    steps: list[tuple[str, int]]  # the whole changed route
    percent: float
    grade: str
    passed: bool
    critical: list[str]  # critical errors on the changed route (titles, in order)
    outcome: str
    ending: str
    csat: int


@dataclass
class DeviationReport:
    """A scenario's best route and every single-choice deviation from it."""

    id: str
    title: str
    path: str
    best_steps: list[tuple[str, int]]
    best_percent: float
    best_grade: str
    best_passed: bool
    best_outcome: str
    method: str  # how the routes were found: graph or states (exact), bounded (playable, maybe not the best)
    deviations: list[Deviation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``stats --deviations --json``."""
        return asdict(self)


def deviation_report(
    scenario: Scenario, rubric: Rubric, bound: int = DEFAULT_BOUND
) -> DeviationReport:
    """Change the best route one choice at a time and judge every changed route through the engine."""
    ceil = ceiling(scenario, rubric, bound=bound)
    base = Conversation(scenario, rubric, mode="practice", known_ceiling=ceil)
    best = base.best_path()
    report = DeviationReport(
        scenario.id,
        scenario.title,
        scenario.path,
        list(best.steps),
        best.percent,
        best.grade,
        best.passed,
        best.outcome,
        ceil.method,
    )
    if not best.steps:
        return report
    stepper = Stepper(scenario, rubric)
    states = explore(stepper, bound=bound)
    if states.complete:
        scale = scales(rubric, scenario, ceil.max_points, list(rubric.principles))
        pick = longest(states, best_gain(scale))[1]
        changed = _exact_changes(states, pick, best.steps)
    else:
        # Bounded: walk the real states from each changed choice, guided as the ceiling's walk is.
        guide = Guide(scenario, rubric, ceil.max_points)
        changed = _bounded_changes(stepper, guide, best.steps)
    report.deviations = [
        _judge(scenario, rubric, ceil, best.steps[:k], tail, k + 1, n) for k, n, tail in changed
    ]
    return report


Change = tuple[int, int, list[Edge]]  # (step index, best choice number there, the changed route)


def _exact_changes(
    states: StateGraph, pick: list[int], steps: list[tuple[str, int]]
) -> list[Change]:
    """Each other choice along the best route, played on by the best choice after it (exact search)."""

    def finish(edge: Edge) -> list[Edge] | None:
        route, s = [edge], edge.target
        for _ in range(len(states.keys) + 1):
            if s < 0:
                return route
            if pick[s] < 0:
                return None
            route.append(states.edges[s][pick[s]])
            s = route[-1].target
        return None

    found: list[Change] = []
    s = 0
    for k, (_nid, n) in enumerate(steps):
        for e in states.edges[s]:
            tail = finish(e) if e.index != n - 1 else None
            if tail is not None:
                found.append((k, n, tail))
        s = next(e.target for e in states.edges[s] if e.index == n - 1)
    return found


def _bounded_changes(stepper: Stepper, guide: Guide, steps: list[tuple[str, int]]) -> list[Change]:
    """Each other choice along the best route, played on by the guide (a bounded search)."""
    found: list[Change] = []
    state: tuple[Any, ...] | None = stepper.start()
    for k, (nid, n) in enumerate(steps):
        if state is None:
            break
        for i in stepper.open(state):
            if i == n - 1:
                continue
            nxt, ending, _points, _critical = stepper.step(state, i)
            edge = Edge(nid, i, -1 if nxt is None else 0, ending, (), (), False)
            rest = [] if nxt is None else guide.walk(stepper, nxt)
            if rest is not None:
                found.append((k, n, [edge, *rest]))
        state = stepper.step(state, n - 1)[0]
    return found


def _judge(
    scenario: Scenario,
    rubric: Rubric,
    ceil: Ceiling,
    prefix: list[tuple[str, int]],
    tail: list[Edge],
    step: int,
    best_number: int,
) -> Deviation:
    """Replay the prefix of the best route and the changed tail through the engine, and read its result."""
    steps = [*prefix, *((e.node, e.index + 1) for e in tail)]
    conv = Conversation(scenario, rubric, mode="practice", known_ceiling=ceil)
    for _nid, n in steps:
        number = next(oc.number for oc in conv.choices if oc.choice_index == n - 1)
        conv.choose(number)
    result = conv.result()
    changed = tail[0]
    return Deviation(
        step,
        changed.node,
        changed.index + 1,
        scenario.nodes[changed.node].choices[changed.index].text,
        best_number,
        steps,
        result.percent,
        result.grade,
        result.passed,
        [h.title for h in result.critical_errors],
        result.outcome,
        result.ending,
        result.csat,
    )


def render_deviations(report: DeviationReport) -> list[str]:
    """The deviation report as text for trainers."""
    verdict = "pass" if report.best_passed else "FAIL"
    bounded = (
        "  (bounded search: the best route found, not proved best)"
        if report.method == "bounded"
        else ""
    )
    out = [
        f"{report.id}: {report.title}  ({report.path})",
        f"  best route: {report.best_percent:.1f}% {report.best_grade} {verdict}, "
        f"{report.best_outcome.replace('_', ' ')}{bounded}",
    ]
    by_step: dict[int, list[Deviation]] = {}
    for d in report.deviations:
        by_step.setdefault(d.step, []).append(d)
    for k, (nid, n) in enumerate(report.best_steps, 1):
        out.append(f"  {k}. {nid}: best is choice {n}")
        for d in by_step.get(k, []):
            mark = "pass" if d.passed else "FAIL"
            crit = f"  critical: {'; '.join(d.critical)}" if d.critical else ""
            out.append(
                f"     choice {d.number} instead: {d.percent:5.1f}% {d.grade} {mark}  "
                f"{d.outcome.replace('_', ' ')}{crit}"
                f"  {_quote(d.text)}"
            )
    if not report.deviations:
        out.append("  (no decision on the best route offers another choice)")
    return out


def _quote(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= width else f'"{text[: width - 3]}..."'
