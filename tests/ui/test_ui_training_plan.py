"""The progress screen's advice: no principle is called the weakest when the lowest scores are level."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.store.base import CallRecord
from simulator.ui.scenes.progress import ProgressScene

PRINCIPLES = ("listening", "empathy", "no_blame", "resolution", "follow_up", "composure")


def record(percents: dict[str, float], scenario_id: str = "tiny") -> CallRecord:
    """A stored graded call of ``scenario_id`` with these per-principle percents."""
    scores = {name: {"points": 1, "max": 2, "percent": value} for name, value in percents.items()}
    return CallRecord(
        "Tester",
        scenario_id,
        "h",
        1,
        "graded",
        "2024-01-01T00:00:00Z",
        "2024-01-01T00:05:00Z",
        "done",
        "resolved",
        50.0,
        "D",
        False,
        3,
        scores,
        [],
    )


def advice(app: Any, *calls: CallRecord) -> str:
    for call in calls:
        app.services.store.record_call(call)
    app.calls_recorded += 1
    scene = ProgressScene(app)
    app.push(scene)
    app.render(force=True)
    assert scene.rec is not None
    return scene.rec.reason


def test_six_level_principles_are_not_a_weakest_one(make_app: Callable[..., Any]) -> None:
    reason = advice(make_app(), record({name: 50.0 for name in PRINCIPLES}))
    assert "weakest principle is" not in reason
    assert "No one principle is your weakest yet (all are level)" in reason


def test_two_level_lowest_are_named_and_a_single_lowest_is_still_the_weakest(
    make_app: Callable[..., Any],
) -> None:
    two = advice(
        make_app(),
        record({**{name: 80.0 for name in PRINCIPLES}, "empathy": 40.0, "composure": 40.0}),
    )
    assert "No one principle" in two and "Empathy" in two and "Composure" in two
    one = advice(make_app(), record({**{name: 80.0 for name in PRINCIPLES}, "empathy": 40.0}))
    assert "weakest principle is Empathy" in one
