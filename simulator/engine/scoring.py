"""Turn a call's points into per-principle percentages, an overall grade and satisfaction stars.

Each principle is scored against what the scenario's best route earns on it
(``Ceiling.best_points``; the best route is exact, see :mod:`simulator.engine.best`):
the percentage is the points, clamped to 0..that figure, as a share of it. So the
best route scores 100% on every principle, and a route that earns more on one
principle (the other side of a trade-off, or a recovery branch) is held at 100%
there; positive points count once per choice, so a loop cannot pay twice. Where
the best route earns nothing on a principle (0 or less), there is nothing to earn
and only something to lose: 100% when no more was lost than the best route
loses, otherwise the share of the worst loss (over loop-free routes) that was
avoided. A principle no route changes, and the trainee's timing did not touch,
has no percentage and is left out of the overall.

The overall percentage is capped afterwards (see :func:`capped_percent`): a
critical error caps it at the rubric's ``critical_cap``, an outcome that cannot
pass at one below the pass mark.
"""

from __future__ import annotations

from simulator.engine.best import Ceiling
from simulator.engine.mood import mood_stars
from simulator.engine.result import PrincipleScore
from simulator.scenario.model import outcome_class
from simulator.scenario.rubric import Rubric


def principle_scores(
    points: dict[str, int], ceil: Ceiling, rubric: Rubric, overrides: dict[str, float]
) -> dict[str, PrincipleScore]:
    """Each principle's points, the figure it is scored against (the best route's points), and the percentage."""
    weights = rubric.weights(overrides)
    scores: dict[str, PrincipleScore] = {}
    for name, principle in rubric.principles.items():
        got = points.get(name, 0)
        target = ceil.best_points.get(name, 0)
        worst = ceil.min_points.get(name, 0)
        if ceil.max_points.get(name, 0) <= 0 and worst >= 0 and got == 0:
            percent = None  # never exercised by this scenario nor by the trainee's timing
        elif target > 0:
            percent = _clamp(
                100.0 * max(0, min(got, target)) / target
            )  # points clamped to 0..the best route's
        else:
            floor = target  # what the best route itself loses (0 in a well-made scenario): no one is marked down for it
            if got >= floor:
                percent = 100.0  # nothing to earn here, and no more was lost than on the best route
            elif worst < floor:
                percent = _clamp(
                    100.0 * (1 - (floor - got) / (floor - worst))
                )  # share of the worst loop-free loss avoided
            else:
                percent = 0.0  # lost only through timing (cut-ins, dead air) or a loop, which no loop-free route loses
        scores[name] = PrincipleScore(name, principle.title, got, target, percent, weights[name])
    return scores


def capped_percent(
    percent: float, critical: bool, can_pass: bool, rubric: Rubric
) -> tuple[float, str]:
    """The overall percentage after its caps, and which cap applied ('critical', 'outcome' or '')."""
    if critical and percent > rubric.critical_cap:
        return rubric.critical_cap, "critical"
    if not can_pass and percent > rubric.pass_mark - 1:
        return max(0.0, rubric.pass_mark - 1), "outcome"
    return percent, ""


def _clamp(percent: float) -> float:
    return round(max(0.0, min(100.0, percent)), 1)


def overall_percent(scores: dict[str, PrincipleScore]) -> float:
    """Weighted mean of the exercised principles' percentages."""
    pairs = [
        (s.weight, s.percent) for s in scores.values() if s.percent is not None and s.weight > 0
    ]
    total = sum(w for w, _ in pairs)
    if total == 0:
        return 0.0
    return round(sum(w * p for w, p in pairs) / total, 1)


# A call that does not pass shows at most this many stars, whatever the customer's mood: a
# trainer scanning a list must never see a failed call with a top rating beside it.
FAILED_CALL_STARS = 3


def csat(outcome: str, satisfaction: int | None, final_mood: int, *, passed: bool = True) -> int:
    """Post-call survey stars (1-5): the least of the outcome's cap, the ending's satisfaction (if given),
    the mood's stars, and ``FAILED_CALL_STARS`` when the call did not pass."""
    caps = [outcome_class(outcome).stars, mood_stars(final_mood)]
    if satisfaction is not None:
        caps.append(satisfaction)
    if not passed:
        caps.append(FAILED_CALL_STARS)
    return max(1, min(5, *caps))
