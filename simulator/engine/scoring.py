"""Turn a call's points into per-principle percentages, an overall grade and satisfaction stars."""

from __future__ import annotations

from simulator.engine.best import Ceiling
from simulator.engine.result import PrincipleScore
from simulator.rubric import Rubric


def principle_scores(points: dict[str, int], ceil: Ceiling, rubric: Rubric, overrides: dict[str, float]) -> dict[str, PrincipleScore]:
    """Each principle's points, the scenario's best, and the percentage of that best."""
    weights = rubric.weights(overrides)
    scores: dict[str, PrincipleScore] = {}
    for name, principle in rubric.principles.items():
        got = points.get(name, 0)
        best = ceil.max_points.get(name, 0)
        worst = ceil.min_points.get(name, 0)
        if best <= 0 and worst >= 0 and got == 0:
            percent = None  # never exercised by this scenario nor by the trainee's timing
        elif best > 0:
            percent = _clamp(100.0 * got / best)
        elif got >= 0:
            percent = 100.0  # a principle that can only be lost, and was not
        elif worst < 0:
            percent = _clamp(100.0 * (1 - got / worst))  # share of the worst route's loss avoided
        else:
            percent = 0.0  # lost only through timing (cut-ins, dead air), which no route scores
        scores[name] = PrincipleScore(name, principle.title, got, best, percent, weights[name])
    return scores


def _clamp(percent: float) -> float:
    return round(max(0.0, min(100.0, percent)), 1)


def overall_percent(scores: dict[str, PrincipleScore]) -> float:
    """Weighted mean of the exercised principles' percentages."""
    pairs = [(s.weight, s.percent) for s in scores.values() if s.percent is not None and s.weight > 0]
    total = sum(w for w, _ in pairs)
    if total == 0:
        return 0.0
    return round(sum(w * p for w, p in pairs) / total, 1)


# Stars added to an ending's satisfaction for the customer's final mood, by the
# same bands as the mood's label (furious, angry, annoyed, neutral, pleased, delighted).
_MOOD_STARS: tuple[tuple[int, int], ...] = ((-60, -2), (-25, -1), (24, 0), (59, 1))


def mood_stars(final_mood: int) -> int:
    """How many stars (-2..+2) the final mood moves the survey: furious -2 ... delighted +2."""
    for ceiling_, stars in _MOOD_STARS:
        if final_mood <= ceiling_:
            return stars
    return 2


def csat(satisfaction: int, final_mood: int) -> int:
    """Post-call survey stars (1-5): the ending's satisfaction moved by up to two for final mood."""
    return max(1, min(5, satisfaction + mood_stars(final_mood)))
