"""Shared helpers for the store and report tests: call records with chosen numbers. Holds no tests."""

from __future__ import annotations

from typing import Any

from simulator.store.base import CallRecord

PRINCIPLES = ("listening", "empathy", "no_blame", "resolution", "follow_up", "composure")


def make_record(
    trainee: str = "ana",
    scenario_id: str = "late_refund",
    *,
    percents: dict[str, float | None] | None = None,
    percent: float | None = None,
    day: int = 1,
    minute: int = 0,
    mode: str = "graded",
    seed: int = 0,
    decisions: list[dict[str, Any]] | None = None,
    title: str | None = None,
    pass_mark: float = 70.0,
) -> CallRecord:
    """A finished call; per-principle percents default to 50, max is 4 points each, overall is their mean."""
    percents = {p: 50.0 for p in PRINCIPLES} | (percents or {})
    scores = {
        p: {"points": 0 if v is None else round(4 * v / 100), "max": 4, "percent": v}
        for p, v in percents.items()
    }
    exercised = [v for v in percents.values() if v is not None]
    overall = percent if percent is not None else round(sum(exercised) / len(exercised), 1)
    grade = next(
        (g for g, floor in (("A", 90), ("B", 80), ("C", 70), ("D", 60)) if overall >= floor), "F"
    )
    if decisions is None:
        decisions = [
            {
                "node_id": "opening",
                "choice": 1,
                "text": "I'm sorry, let me look.",
                "points": {"empathy": 2},
                "elapsed": 3.5,
                "cut_in": False,
                "dead_air": False,
                "mechanics": [],
            },
            {
                "node_id": "details",
                "choice": 2,
                "text": "Could you repeat the order number?",
                "points": {"listening": -1},
                "elapsed": 14.0,
                "cut_in": True,
                "dead_air": True,
                "mechanics": ["interrupt", "dead_air"],
            },
        ]
    return CallRecord(
        trainee=trainee,
        scenario_id=scenario_id,
        scenario_hash=f"hash-{scenario_id}",
        seed=seed,
        mode=mode,
        started_at=f"2026-01-{day:02d}T10:{minute:02d}:00+00:00",
        finished_at=f"2026-01-{day:02d}T10:{minute + 3:02d}:30+00:00",
        ending="resolved_ok",
        outcome="resolved",
        percent=overall,
        grade=grade,
        passed=overall >= pass_mark,
        csat=4,
        scores=scores,
        decisions=decisions,
        undo_used=False,
        app_version="9.9.9",
        extra={"title": title or scenario_id.replace("_", " ").title()},
    )
