"""What a trainee's stored calls say: trends, averages, best grades, the weakest principle.

Pure functions over ``CallRecord`` lists (one trainee's calls, oldest first, as
``store.calls(name)`` returns them). The progress screen and the trainer report both
use them, so the game and the report can never disagree about a number. What to play
next is decided in simulator.store.training_plan, from these summaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from statistics import mean

from simulator.store.base import CallRecord

# How many of the latest calls decide the weakest principle, so improvement shows quickly.
RECENT_CALLS = 5


def principle_names(records: Iterable[CallRecord]) -> list[str]:
    """Every principle the records were scored on, in the order they first appear (the rubric's order)."""
    names: dict[str, None] = {}
    for record in records:
        for name in record.scores:
            names.setdefault(name, None)
    return list(names)


def principle_trend(
    records: Sequence[CallRecord], value: str = "percent"
) -> dict[str, list[float | None]]:
    """Per principle, one value per call in order: its percent (or ``value="points"``); None where not exercised."""
    if value not in ("percent", "points"):
        raise ValueError("value must be 'percent' or 'points'")
    trend: dict[str, list[float | None]] = {}
    for name in principle_names(records):
        series: list[float | None] = []
        for record in records:
            score = record.scores.get(name)
            if score is None or score.get("percent") is None:
                series.append(None)
            else:
                series.append(float(score[value]))
        trend[name] = series
    return trend


def principle_averages(records: Sequence[CallRecord]) -> dict[str, float]:
    """Mean percent per principle over the calls that exercised it (principles never exercised are left out)."""
    averages: dict[str, float] = {}
    for name, series in principle_trend(records).items():
        values = [v for v in series if v is not None]
        if values:
            averages[name] = round(mean(values), 1)
    return averages


def best_by_scenario(records: Iterable[CallRecord]) -> dict[str, CallRecord]:
    """The best call per scenario id (highest percent; the earlier call on a tie)."""
    best: dict[str, CallRecord] = {}
    for record in records:
        held = best.get(record.scenario_id)
        if held is None or record.percent > held.percent:
            best[record.scenario_id] = record
    return best


def best_grades(records: Iterable[CallRecord]) -> dict[str, str]:
    """The best grade reached per scenario id."""
    return {sid: r.grade for sid, r in best_by_scenario(records).items()}


def weakest_principle(records: Sequence[CallRecord], recent: int = RECENT_CALLS) -> str | None:
    """The principle with the lowest mean percent over its latest ``recent`` exercised calls; None with no calls."""
    worst: tuple[float, str] | None = None
    for name, series in principle_trend(records).items():
        values = [v for v in series if v is not None][-recent:]
        if not values:
            continue
        score = mean(values)
        if worst is None or score < worst[0]:  # strict: a tie keeps the rubric's earlier principle
            worst = (score, name)
    return worst[1] if worst else None
