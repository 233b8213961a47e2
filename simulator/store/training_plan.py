"""What a trainee should play next: the call that works their weakest principle, at a step they can take.

Reads a trainee's stored calls (oldest first) and the playable scenarios; the rubric comes
from the caller, who has already loaded it, so nothing here reads a file. The progress
screen shows the result; the store only stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import mean

from simulator.engine.best import ceiling
from simulator.scenario.model import DIFFICULTIES, Scenario
from simulator.scenario.rubric import Rubric
from simulator.store import exercise_cache
from simulator.store.base import CallRecord
from simulator.store.progress import ProgressSummary, summarise

# Keyed by content hash so an edited file (same id) is measured again, and by rubric identity.
_EXERCISE_CACHE: dict[tuple[str, str, int], dict[str, int]] = {}


def exercise(scenario: Scenario, rubric: Rubric) -> dict[str, int]:
    """How much a scenario exercises each principle: the points its best route earns (what grades are
    measured against)."""
    key = (scenario.id, scenario.source_hash or str(id(scenario)), id(rubric))
    if key not in _EXERCISE_CACHE:
        # A scenario read from a file is the same search in every game: remembered on disk.
        stored = (
            f"{scenario.id}:{scenario.source_hash}:{exercise_cache.rubric_key(rubric)}"
            if scenario.source_hash
            else None
        )
        figures = exercise_cache.recall(stored) if stored else None
        if figures is None:
            figures = dict(ceiling(scenario, rubric).best_points)
            if stored:
                exercise_cache.remember(stored, figures)
        _EXERCISE_CACHE[key] = figures
    return _EXERCISE_CACHE[key]


def forget_exercise() -> None:
    """Forget every figure ``exercise`` holds in memory, as a new game starts: only the disk remembers."""
    _EXERCISE_CACHE.clear()
    exercise_cache.forget()


@dataclass(frozen=True)
class Recommendation:
    """The scenario to play next, the principle it targets (None for a first call), and why, in words."""

    scenario: Scenario
    principle: str | None
    reason: str

    @property
    def scenario_id(self) -> str:
        """The recommended scenario's id."""
        return self.scenario.id


def _difficulty_rank(scenario: Scenario) -> int:
    return (
        DIFFICULTIES.index(scenario.difficulty)
        if scenario.difficulty in DIFFICULTIES
        else len(DIFFICULTIES)
    )


def _weakest(latest: dict[str, list[float]]) -> str | None:
    """The principle with the lowest mean of its latest percents; a tie keeps the earlier principle."""
    worst: tuple[float, str] | None = None
    for name, values in latest.items():
        if not values:
            continue
        score = mean(values)
        if worst is None or score < worst[0]:
            worst = (score, name)
    return worst[1] if worst else None


def _tied(latest: dict[str, list[float]]) -> tuple[list[str], int]:
    means = {name: mean(values) for name, values in latest.items() if values}
    if not means:
        return [], 0
    low = min(means.values())
    tied = [name for name, value in means.items() if abs(value - low) < 0.05]
    return (tied if len(tied) > 1 else []), len(means)


def _no_single_weakest(
    summary: ProgressSummary,
    scenarios: Sequence[Scenario],
    rubric: Rubric | None,
    tied: list[str],
    measured: int,
    order: dict[str, int],
) -> Recommendation:
    # calling one of six equal scores 'your weakest' would be advice built on the rubric's listing order
    played = summary.played
    best = summary.best
    by_id = {s.id: s for s in scenarios}
    passed = [_difficulty_rank(by_id[sid]) for sid in summary.passed if sid in by_id]
    reach = (max(passed) if passed else 0) + 1
    unplayed = [s for s in scenarios if s.id not in played]
    within = [s for s in unplayed if _difficulty_rank(s) <= reach] or unplayed
    titles = [rubric.principles[n].title if rubric and n in rubric.principles else n for n in tied]
    level = (
        "all are level"
        if len(tied) == measured
        else f"{', '.join(titles[:-1])} and {titles[-1]} are level"
    )
    lead = f"No one principle is your weakest yet ({level})."
    if within:
        pick = min(within, key=lambda s: (_difficulty_rank(s), order[s.id]))
        return Recommendation(pick, None, f"{lead} Next, a new {pick.difficulty} call.")
    pick = min(scenarios, key=lambda s: (best[s.id].percent if s.id in best else 0.0, order[s.id]))
    return Recommendation(
        pick, None, f"{lead} Your lowest best grade is on '{pick.title}': try it again."
    )


def recommend(
    records: Sequence[CallRecord], scenarios: Sequence[Scenario], rubric: Rubric | None
) -> Recommendation | None:
    """What to play next: an unplayed call that works the weakest principle hardest, else the poorest best grade.

    Without a rubric (it could not be read) principles keep their plain names and no call
    counts as working one, so the advice falls back to calls not yet played.
    """
    return recommend_from(summarise(records), scenarios, rubric)


def recommend_from(
    summary: ProgressSummary, scenarios: Sequence[Scenario], rubric: Rubric | None
) -> Recommendation | None:
    """:func:`recommend` from a trainee's :class:`ProgressSummary` (which the store reads with SQL)."""
    if not scenarios:
        return None
    order = {s.id: i for i, s in enumerate(scenarios)}
    played = summary.played
    best = summary.best
    unplayed = [s for s in scenarios if s.id not in played]
    weak = _weakest(summary.latest)
    tied, measured = _tied(summary.latest)
    if weak is not None and tied:
        return _no_single_weakest(summary, scenarios, rubric, tied, measured, order)
    if weak is None:
        pick = min(unplayed or scenarios, key=lambda s: (_difficulty_rank(s), order[s.id]))
        return Recommendation(pick, None, f"A good first call: '{pick.title}' ({pick.difficulty}).")
    title = rubric.principles[weak].title if rubric and weak in rubric.principles else weak
    works = {s.id: exercise(s, rubric).get(weak, 0) if rubric else 0 for s in scenarios}
    by_id = {s.id: s for s in scenarios}
    # Step up at most one difficulty above the hardest call already passed, so nobody is thrown in the deep end.
    passed = [_difficulty_rank(by_id[sid]) for sid in summary.passed if sid in by_id]
    reach = (max(passed) if passed else 0) + 1
    fresh = [s for s in unplayed if works[s.id] > 0]
    within = [s for s in fresh if _difficulty_rank(s) <= reach] or fresh
    if within:
        pick = min(within, key=lambda s: (-works[s.id], _difficulty_rank(s), order[s.id]))
        return Recommendation(
            pick,
            weak,
            f"Your weakest principle is {title}; '{pick.title}' works it hard and you have not played it yet.",
        )
    again = [s for s in scenarios if s.id in best and works[s.id] > 0]
    if again:
        pick = min(again, key=lambda s: (best[s.id].percent, -works[s.id], order[s.id]))
        return Recommendation(
            pick,
            weak,
            f"Your weakest principle is {title}; your best on '{pick.title}' is "
            f"{best[pick.id].grade} ({best[pick.id].percent:g}%): try it again.",
        )
    if unplayed:
        pick = min(unplayed, key=lambda s: (_difficulty_rank(s), order[s.id]))
        return Recommendation(pick, weak, f"'{pick.title}' is a call you have not played yet.")
    pick = min(scenarios, key=lambda s: (best[s.id].percent if s.id in best else 0.0, order[s.id]))
    return Recommendation(pick, weak, f"Your lowest best grade is on '{pick.title}': try it again.")
