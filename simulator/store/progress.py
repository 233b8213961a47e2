"""What a trainee's stored calls say: trends, averages, best grades, the weakest principle.

Pure functions over ``CallRecord`` lists (one trainee's calls, oldest first, as
``store.calls(name)`` returns them). The progress screen and the trainer report both
use them, so the game and the report can never disagree about a number. What to play
next is decided in simulator.store.training_plan, from these summaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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


@dataclass
class ProgressSummary:
    """What the progress screen and the training plan need from a trainee's calls, and no more.

    The SQLite store fills it with a few aggregate queries over one trainee's rows (never a
    CallRecord per call); :func:`summarise` fills it from calls in memory. Both give the same
    numbers, so the screen says the same whichever store holds the calls.
    """

    total_calls: int = 0
    # mean percent per principle over the calls that exercised it, principles in first-met order
    averages: dict[str, float] = field(default_factory=dict)
    # the best call per scenario id (highest percent; the earlier call on a tie)
    best: dict[str, CallRecord] = field(default_factory=dict)
    # the latest calls, oldest first, for the chart
    recent: list[CallRecord] = field(default_factory=list)
    # per principle (first-met order), its percents in the latest calls that exercised it, oldest first
    latest: dict[str, list[float]] = field(default_factory=dict)
    played: set[str] = field(default_factory=set)
    passed: set[str] = field(default_factory=set)


def summarise(
    records: Sequence[CallRecord], recent: int = 30, latest: int = RECENT_CALLS
) -> ProgressSummary:
    """The summary of calls in memory (oldest first): what :class:`ProgressSummary` says, in Python."""
    trend = principle_trend(records)
    return ProgressSummary(
        total_calls=len(records),
        averages=principle_averages(records),
        best=best_by_scenario(records),
        recent=list(records[-recent:]) if recent else [],
        latest={
            name: values[-latest:]
            for name, series in trend.items()
            if (values := [v for v in series if v is not None])
        },
        played={r.scenario_id for r in records},
        passed={r.scenario_id for r in records if r.passed},
    )
