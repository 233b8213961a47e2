"""What the progress screen and the report read from a trainee's calls (trends, bests, weakest) and
what to play next."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_engine_kit import rubric, scenario
from test_store_kit import PRINCIPLES, make_record

from simulator.scenario.model import Scenario
from simulator.store.base import CallRecord
from simulator.store.progress import (
    RECENT_CALLS,
    best_grades,
    principle_averages,
    principle_trend,
    weakest_principle,
)
from simulator.store.training_plan import Recommendation, exercise, recommend

RUBRIC = rubric()


def one_step(sid: str, difficulty: str, effects: str) -> Scenario:
    """A one-decision scenario whose best choice earns ``effects`` (YAML flow map)."""
    sc = scenario(
        f"""
        nodes:
          start:
            say: "Hello?"
            choices:
              - {{text: "Good answer.", effects: {effects}, feedback: Good., next: done}}
              - {{text: "Poor answer.", effects: {{composure: -1}}, feedback: Calmer., next: done}}
        endings:
          done: {{outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Done.}}
        """,
        rub=RUBRIC,
        sid=sid,
    )
    return replace(sc, difficulty=difficulty, title=sid.replace("_", " "))


def test_the_trend_has_one_value_per_call_with_gaps_where_not_exercised() -> None:
    calls = [
        make_record(percents={"empathy": 20.0, "listening": None}, day=1),
        make_record(percents={"empathy": 60.0, "listening": 75.0}, day=2),
    ]
    trend = principle_trend(calls)
    assert trend["empathy"] == [20.0, 60.0]
    assert trend["listening"] == [None, 75.0]
    assert principle_trend(calls, value="points")["empathy"] == [
        calls[0].scores["empathy"]["points"],
        calls[1].scores["empathy"]["points"],
    ]
    with pytest.raises(ValueError):
        principle_trend(calls, value="stars")


def test_averages_leave_out_calls_that_did_not_exercise_a_principle() -> None:
    calls = [
        make_record(percents={"empathy": 20.0, "listening": None, "composure": None}, day=1),
        make_record(percents={"empathy": 70.0, "listening": 40.0, "composure": None}, day=2),
    ]
    averages = principle_averages(calls)
    assert averages["empathy"] == 45.0
    assert averages["listening"] == 40.0
    assert "composure" not in averages


def test_best_grade_per_scenario() -> None:
    calls = [
        make_record(scenario_id="a", percent=55.0, day=1),
        make_record(scenario_id="a", percent=91.0, day=2),
        make_record(scenario_id="a", percent=72.0, day=3),
        make_record(scenario_id="b", percent=65.0, day=4),
    ]
    assert best_grades(calls) == {"a": "A", "b": "D"}


def test_the_weakest_principle_follows_the_latest_calls() -> None:
    rest = {p: 80.0 for p in PRINCIPLES}
    early = [
        make_record(percents=rest | {"empathy": 0.0, "listening": 60.0}, day=d) for d in range(1, 4)
    ]
    assert weakest_principle(early) == "empathy"
    later = [
        make_record(percents=rest | {"empathy": 90.0, "listening": 60.0}, day=d)
        for d in range(4, 4 + RECENT_CALLS)
    ]
    assert weakest_principle(early + later) == "listening", (
        "old empathy scores no longer count once improved"
    )
    assert weakest_principle([]) is None


def test_exercise_is_the_most_points_a_route_can_earn_per_principle() -> None:
    sc = one_step("s", "easy", "{empathy: 3, listening: 1}")
    got = exercise(sc, RUBRIC)
    assert (got["empathy"], got["listening"], got["resolution"]) == (3, 1, 0)


def test_a_new_trainee_is_sent_to_an_easy_call_first() -> None:
    scenarios = [
        one_step("hard_one", "hard", "{empathy: 5}"),
        one_step("medium_one", "medium", "{empathy: 5}"),
        one_step("easy_one", "easy", "{listening: 1}"),
    ]
    rec = recommend([], scenarios, RUBRIC)
    assert rec is not None and rec.scenario_id == "easy_one" and rec.principle is None


def test_the_unplayed_call_that_works_the_weakest_principle_most_comes_next() -> None:
    scenarios = [
        one_step("played", "easy", "{empathy: 2, listening: 2}"),
        one_step("little_empathy", "easy", "{empathy: 1, listening: 4}"),
        one_step("much_empathy", "medium", "{empathy: 4}"),
        one_step("no_empathy", "easy", "{resolution: 6}"),
    ]
    calls = [
        make_record(
            scenario_id="played", percents={"empathy": 10.0, "listening": 90.0}, percent=75.0
        )
    ]
    rec = recommend(calls, scenarios, RUBRIC)
    assert rec is not None
    assert (rec.scenario_id, rec.principle) == ("much_empathy", "empathy")
    assert "Empathy" in rec.reason


def next_id(calls: list[CallRecord], scenarios: list[Scenario]) -> str | None:
    rec = recommend(calls, scenarios, RUBRIC)
    return rec.scenario_id if rec else None


def test_a_hard_call_waits_until_an_easier_one_is_passed() -> None:
    scenarios = [
        one_step("played", "easy", "{empathy: 2}"),
        one_step("hard_empathy", "hard", "{empathy: 9}"),
        one_step("medium_empathy", "medium", "{empathy: 2}"),
    ]
    failed = [make_record(scenario_id="played", percents={"empathy": 10.0}, percent=40.0)]
    assert next_id(failed, scenarios) == "medium_empathy"
    passed = [
        make_record(scenario_id="played", percents={"empathy": 10.0}, percent=40.0, day=1),
        make_record(scenario_id="medium_empathy", percents={"empathy": 20.0}, percent=80.0, day=2),
    ]
    assert next_id(passed, scenarios) == "hard_empathy"


def test_when_all_are_played_the_poorest_best_on_the_weakest_principle_comes_next() -> None:
    scenarios = [
        one_step("a", "easy", "{empathy: 2}"),
        one_step("b", "easy", "{empathy: 2}"),
        one_step("c", "easy", "{resolution: 2}"),
    ]
    calls = [
        make_record(scenario_id="a", percents={"empathy": 30.0}, percent=85.0, day=1),
        make_record(scenario_id="b", percents={"empathy": 30.0}, percent=45.0, day=2),
        make_record(scenario_id="b", percents={"empathy": 30.0}, percent=62.0, day=3),
        make_record(scenario_id="c", percents={"empathy": 30.0}, percent=20.0, day=4),
    ]
    rec = recommend(calls, scenarios, RUBRIC)
    assert rec is not None and rec.scenario_id == "b", (
        "c is worse overall but does not exercise empathy"
    )
    assert "D (62%)" in rec.reason


def test_no_scenarios_means_no_recommendation() -> None:
    assert recommend([make_record()], [], RUBRIC) is None


def test_the_recommendation_carries_the_scenario_itself() -> None:
    scenarios = [one_step("only", "easy", "{empathy: 1}")]
    rec = recommend([], scenarios, RUBRIC)
    assert (
        isinstance(rec, Recommendation)
        and rec.scenario is scenarios[0]
        and rec.scenario_id == "only"
    )


def test_without_a_rubric_the_advice_falls_back_to_unplayed_calls_by_difficulty() -> None:
    scenarios = [
        one_step("played", "easy", "{empathy: 2}"),
        one_step("hard", "hard", "{empathy: 9}"),
        one_step("easy", "easy", "{resolution: 1}"),
    ]
    calls = [make_record(scenario_id="played", percents={"empathy": 10.0}, percent=40.0)]
    rec = recommend(calls, scenarios, None)
    assert rec is not None and (rec.scenario_id, rec.principle) == ("easy", "empathy")
    assert rec.reason.endswith("is a call you have not played yet.")
