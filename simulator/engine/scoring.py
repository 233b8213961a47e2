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
        if best <= 0 and worst >= 0:
            percent = None  # never exercised by this scenario
        elif best <= 0:
            percent = 100.0 if got >= 0 else 0.0
        else:
            percent = round(max(0.0, min(100.0, 100.0 * got / best)), 1)
        scores[name] = PrincipleScore(name, principle.title, got, best, percent, weights[name])
    return scores


def overall_percent(scores: dict[str, PrincipleScore]) -> float:
    """Weighted mean of the exercised principles' percentages."""
    pairs = [(s.weight, s.percent) for s in scores.values() if s.percent is not None and s.weight > 0]
    total = sum(w for w, _ in pairs)
    if total == 0:
        return 0.0
    return round(sum(w * p for w, p in pairs) / total, 1)


def csat(satisfaction: int, final_mood: int) -> int:
    """Post-call survey stars (1-5): the ending's satisfaction moved by up to two for final mood."""
    shift = round(final_mood / 50)  # -100..100 mood moves the stars by -2..+2
    return max(1, min(5, satisfaction + shift))
