"""Scores in words, the same in the terminal debrief and on the debrief screen."""

from __future__ import annotations

from simulator.engine.result import PrincipleScore


def points_text(points: dict[str, int], *, spaced: bool = False) -> str:
    """'empathy +2, listening -1' ('no blame' rather than 'no_blame' when ``spaced``), or 'no points'."""
    shown = [
        f"{name.replace('_', ' ') if spaced else name} {value:+d}"
        for name, value in points.items()
        if value
    ]
    return ", ".join(shown) if shown else "no points"


def score_text(
    score: PrincipleScore,
    percent_format: str = ".0f",
    unexercised: str = "not exercised",
    *,
    with_best: bool = False,
) -> str:
    """A principle's score beside its bar: '80%  (4/5)' (4 of the most any route earns), '0%  (lost 6; 3
    possible)' ('-6/3' reads as a typo), or, where no route earns anything on it, '100% · no points lost' /
    '50% · lost 2 points'. ``with_best`` adds what the best route earns where that is under the most:
    '38%  (3/8; best route 3)'."""
    if score.percent is None:
        return unexercised
    pct = f"{score.percent:{percent_format}}%"
    if score.max > 0:
        detail = (
            f"{score.points}/{score.max}"
            if score.points >= 0
            else f"lost {-score.points}; {score.max} possible"
        )
        if with_best and score.best is not None and score.best < score.max:
            detail += f"; best route {score.best}"
        return f"{pct}  ({detail})"
    if score.points >= 0:
        return f"{pct} · no points lost"
    lost = -score.points
    return f"{pct} · lost {lost} point{'s' if lost != 1 else ''}"
