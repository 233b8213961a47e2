"""What the progress screen and the picker show, computed from stored calls (pure functions, no pygame)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from simulator.engine.result import grade_for
from simulator.model import Scenario
from simulator.store.base import CallRecord


def best_by_scenario(calls: Iterable[CallRecord]) -> dict[str, CallRecord]:
    """The best-scoring call per scenario id."""
    best: dict[str, CallRecord] = {}
    for c in calls:
        if c.scenario_id not in best or c.percent > best[c.scenario_id].percent:
            best[c.scenario_id] = c
    return best


def best_grades(calls: Iterable[CallRecord]) -> dict[str, str]:
    """Best grade per scenario id."""
    return {sid: grade_for(c.percent) for sid, c in best_by_scenario(calls).items()}


def principle_trends(calls: Sequence[CallRecord], principles: Sequence[str]) -> dict[str, list[float | None]]:
    """Per principle, its percent in each call in order (None where the call did not exercise it)."""
    out: dict[str, list[float | None]] = {p: [] for p in principles}
    for c in calls:
        for p in principles:
            v = (c.scores.get(p) or {}).get("percent")
            out[p].append(None if v is None else float(v))
    return out


def principle_averages(calls: Sequence[CallRecord], principles: Sequence[str], last: int = 5) -> dict[str, float | None]:
    """Average percent per principle over the last ``last`` calls that exercised it."""
    trends = principle_trends(calls, principles)
    out: dict[str, float | None] = {}
    for p, values in trends.items():
        seen = [v for v in values if v is not None][-last:]
        out[p] = sum(seen) / len(seen) if seen else None
    return out


@dataclass
class Recommendation:
    """The scenario to play next and why."""

    scenario: Scenario
    principle: str | None
    reason: str


def recommend(calls: Sequence[CallRecord], scenarios: Sequence[Scenario], principles: dict[str, str]) -> Recommendation | None:
    """Next scenario by the weakest principle: the store's shared rule (so game and report agree), else a local one."""
    if not scenarios:
        return None
    try:
        from simulator.store.progress import recommend as shared
    except ImportError:
        shared = None
    if shared is not None:
        rec = shared(calls, scenarios)
        if rec is None:
            return None
        by_id = {s.id: s for s in scenarios}
        return Recommendation(by_id[rec.scenario_id], rec.principle, rec.reason)
    played = best_by_scenario(calls)
    averages = principle_averages(calls, list(principles))
    known = {p: v for p, v in averages.items() if v is not None}
    if not known:
        first = next((s for s in scenarios if s.id not in played), scenarios[0])
        return Recommendation(first, None, "A good first call to start with.")
    weakest = min(known, key=lambda p: known[p])

    def score(s: Scenario) -> tuple[float, float, str]:
        exercised = sum(1 for n in s.nodes.values() for c in n.choices if c.effects.get(weakest, 0) != 0)
        weight = s.weights.get(weakest, 1.0)
        best = played[s.id].percent if s.id in played else -1.0
        return (-(exercised * weight), best, s.id)

    pick = min(scenarios, key=score)
    title = principles.get(weakest, weakest)
    return Recommendation(pick, weakest, f"Your weakest principle lately is {title} ({known[weakest]:.0f}%); this call practises it.")
