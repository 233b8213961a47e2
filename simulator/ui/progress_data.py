"""What the progress screen and the picker show, from stored calls: the store's own summaries, shaped for drawing.

The numbers come from simulator.store.progress, the same functions the trainer report uses,
so the game and the report never disagree about a grade or an average. What to play next
comes from simulator.store.training_plan.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.store.base import CallRecord
from simulator.store.progress import (
    best_by_scenario,
    best_grades,
    principle_averages,
    principle_trend,
)

__all__ = ["best_by_scenario", "best_grades", "principle_averages", "principle_trends"]


def principle_trends(
    calls: Sequence[CallRecord], principles: Sequence[str]
) -> dict[str, list[float | None]]:
    """Per rubric principle (in the rubric's order), its percent in each call; None where not exercised."""
    trend = principle_trend(calls)
    return {p: trend.get(p, [None] * len(calls)) for p in principles}
