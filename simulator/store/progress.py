"""What a trainee's stored calls say: trends, best grades, the weakest principle, what to play next.

Pure functions over ``CallRecord`` lists (one trainee's calls, oldest first, as
``store.calls(name)`` returns them). The progress screen and the trainer report both
use them, so the game and the report can never disagree about a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import mean

from simulator.engine.best import ceiling
from simulator.model import DIFFICULTIES, Scenario
from simulator.rubric import Rubric
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


def principle_trend(records: Sequence[CallRecord], value: str = "percent") -> dict[str, list[float | None]]:
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


def unplayed_scenarios(records: Iterable[CallRecord], scenario_ids: Iterable[str]) -> list[str]:
    """The scenario ids (in the order given) that no record has played."""
    played = {r.scenario_id for r in records}
    return [sid for sid in scenario_ids if sid not in played]


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


_EXERCISE_CACHE: dict[tuple[str, str, int], dict[str, int]] = {}


def exercise(scenario: Scenario, rubric: Rubric) -> dict[str, int]:
    """How much a scenario exercises each principle: the points its best route earns (what grades are measured against)."""
    key = (scenario.id, scenario.source_hash or str(id(scenario)), id(rubric))
    if key not in _EXERCISE_CACHE:
        _EXERCISE_CACHE[key] = dict(ceiling(scenario, rubric).best_points)
    return _EXERCISE_CACHE[key]


@dataclass(frozen=True)
class Recommendation:
    """The scenario to play next, the principle it targets (None for a first call), and why, in words."""

    scenario_id: str
    principle: str | None
    reason: str


def _difficulty_rank(scenario: Scenario) -> int:
    return DIFFICULTIES.index(scenario.difficulty) if scenario.difficulty in DIFFICULTIES else len(DIFFICULTIES)


def _default_rubric() -> Rubric | None:
    from simulator.paths import DEFAULT_RUBRIC
    from simulator.rubric import load_rubric

    return load_rubric(DEFAULT_RUBRIC)[0]


def recommend(records: Sequence[CallRecord], scenarios: Sequence[Scenario], rubric: Rubric | None = None) -> Recommendation | None:
    """What to play next: an unplayed call that works the weakest principle hardest, else the poorest best grade."""
    if not scenarios:
        return None
    order = {s.id: i for i, s in enumerate(scenarios)}
    played = {r.scenario_id for r in records}
    best = best_by_scenario(records)
    unplayed = [s for s in scenarios if s.id not in played]
    weak = weakest_principle(records)
    if weak is None:
        pick = min(unplayed or scenarios, key=lambda s: (_difficulty_rank(s), order[s.id]))
        return Recommendation(pick.id, None, f"A good first call: '{pick.title}' ({pick.difficulty}).")
    rubric = rubric or _default_rubric()
    title = rubric.principles[weak].title if rubric and weak in rubric.principles else weak
    works = {s.id: exercise(s, rubric).get(weak, 0) if rubric else 0 for s in scenarios}
    by_id = {s.id: s for s in scenarios}
    # Step up at most one difficulty above the hardest call already passed, so nobody is thrown in the deep end.
    passed = [_difficulty_rank(by_id[r.scenario_id]) for r in records if r.passed and r.scenario_id in by_id]
    reach = (max(passed) if passed else 0) + 1
    fresh = [s for s in unplayed if works[s.id] > 0]
    within = [s for s in fresh if _difficulty_rank(s) <= reach] or fresh
    if within:
        pick = min(within, key=lambda s: (-works[s.id], _difficulty_rank(s), order[s.id]))
        return Recommendation(pick.id, weak, f"Your weakest principle is {title}; '{pick.title}' works it hard and you have not played it yet.")
    again = [s for s in scenarios if s.id in best and works[s.id] > 0]
    if again:
        pick = min(again, key=lambda s: (best[s.id].percent, -works[s.id], order[s.id]))
        return Recommendation(
            pick.id, weak, f"Your weakest principle is {title}; your best on '{pick.title}' is {best[pick.id].grade} ({best[pick.id].percent:g}%): try it again."
        )
    if unplayed:
        pick = min(unplayed, key=lambda s: (_difficulty_rank(s), order[s.id]))
        return Recommendation(pick.id, weak, f"'{pick.title}' is a call you have not played yet.")
    pick = min(scenarios, key=lambda s: (best[s.id].percent if s.id in best else 0.0, order[s.id]))
    return Recommendation(pick.id, weak, f"Your lowest best grade is on '{pick.title}': try it again.")


def recommend_next(records: Sequence[CallRecord], scenarios: Sequence[Scenario], rubric: Rubric | None = None) -> str | None:
    """The id of the scenario to play next (see ``recommend`` for the reason); None with no scenarios."""
    rec = recommend(records, scenarios, rubric)
    return rec.scenario_id if rec else None
