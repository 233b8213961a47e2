"""Turn a call's points into per-principle percentages, an overall grade and satisfaction stars.

**Each principle's figure** is honest about the scenario: the points against the
principle's ceiling, the most any route earns on it (``Ceiling.max_points``, found
by the same search as the best route and cached with it, see
:mod:`simulator.engine.best`). The percentage is the points, clamped to 0..the
ceiling, as a share of it, so "3/8" never shows more points than the principle
holds, and never more than 100%.

**The overall** weighs each principle's points against what the **best route**
earns on it instead (``Ceiling.best_points``; ``PrincipleScore.against_best``),
held at 100%. One route seldom reaches every principle's ceiling (more empathy on
one branch, a quicker fix on another), and the best route is the best balance of
them, so playing it scores 100% overall, an A and a pass, while a principle's own
figure may stay under its ceiling; earning more on one principle than the best
route does still counts as 100% toward the overall there. Grades and the pass mark
mean what they always have: how close the call came to the best call there is.

On either figure, where the reference (ceiling or best route) earns nothing on a
principle (0 or less) there is only something to lose: 100% when no more was lost
than it loses, otherwise the share of the worst loss (over loop-free routes) that
was avoided. A principle no route changes, and the trainee's timing did not touch,
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
    """Each principle's points, its ceiling and percentage of it, what the best route earns, and the share
    of that the overall weighs."""
    weights = rubric.weights(overrides)
    scores: dict[str, PrincipleScore] = {}
    for name, principle in rubric.principles.items():
        got = points.get(name, 0)
        worst = ceil.min_points.get(name, 0)
        best = ceil.best_points.get(name, 0)
        # The call's own points where they beat the ceiling (a bounded search, which a route through
        # a loop may beat; a preview from a later node, with no way in to pay for): the most known
        # then, so the figure never shows more points than its ceiling.
        top = max(ceil.max_points.get(name, 0), got)
        exercised = not (top <= 0 and worst >= 0 and got == 0)  # by the scenario or the timing
        scores[name] = PrincipleScore(
            name,
            principle.title,
            got,
            top,
            _share(got, top, worst) if exercised else None,
            weights[name],
            best,
            _share(got, best, worst) if exercised else None,
        )
    return scores


def _share(got: int, target: int, worst: int) -> float:
    """``got`` points as a percentage of ``target``, where loop-free routes lose at most ``worst``."""
    if target > 0:
        return _clamp(100.0 * max(0, min(got, target)) / target)  # points clamped to 0..target
    if got >= target:
        return 100.0  # nothing to earn here, and no more lost than the reference loses
    if worst < target:
        return _clamp(
            100.0 * (1 - (target - got) / (target - worst))
        )  # share of the worst loss avoided
    return 0.0  # lost only through timing (cut-ins, dead air) or a loop, which no loop-free route loses


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
    """Weighted mean of the exercised principles' shares of the best route's points (``against_best``;
    the percentage itself for scores that do not carry it)."""
    pairs = [
        (s.weight, s.percent if s.against_best is None else s.against_best)
        for s in scores.values()
        if s.percent is not None and s.weight > 0
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
