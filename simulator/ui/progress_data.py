"""What the progress screen and the picker show, from stored calls: the store's own functions, shaped for drawing.

The numbers come from simulator.store.progress, the same functions the trainer report uses,
so the game and the report never disagree about a grade, an average or a recommendation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from simulator.model import Scenario
from simulator.store.base import CallRecord
from simulator.store.progress import best_by_scenario, best_grades, principle_averages, principle_trend
from simulator.store.progress import recommend as store_recommend

__all__ = ["Recommendation", "best_by_scenario", "best_grades", "principle_averages", "principle_trends", "recommend"]


def principle_trends(calls: Sequence[CallRecord], principles: Sequence[str]) -> dict[str, list[float | None]]:
    """Per rubric principle (in the rubric's order), its percent in each call; None where not exercised."""
    trend = principle_trend(calls)
    return {p: trend.get(p, [None] * len(calls)) for p in principles}


@dataclass
class Recommendation:
    """The scenario to play next and why (the store's rule, with the scenario itself for the screen)."""

    scenario: Scenario
    principle: str | None
    reason: str


def recommend(calls: Sequence[CallRecord], scenarios: Sequence[Scenario]) -> Recommendation | None:
    """The store's recommendation, resolved to one of ``scenarios``."""
    rec = store_recommend(calls, scenarios)
    if rec is None:
        return None
    by_id = {s.id: s for s in scenarios}
    return Recommendation(by_id[rec.scenario_id], rec.principle, rec.reason) if rec.scenario_id in by_id else None
