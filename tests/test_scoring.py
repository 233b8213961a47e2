"""Scoring: the best route and per-principle ranges from the scenario graph, percentages against the best route, weights, pass mark, satisfaction, best path."""

from __future__ import annotations

import pytest

from simulator.engine.best import Ceiling, ceiling
from simulator.engine.conversation import Conversation, mood_label
from simulator.engine.scoring import csat, mood_stars, overall_percent, principle_scores
from simulator.validation.library import load_library, rubric_for
from simulator.scenario.model import Scenario
from simulator.paths import SCENARIOS_DIR
from simulator.scenario.rubric import Rubric
from test_engine_kit import RUBRIC_YAML, play, rubric, scenario, scores

# Two branches that peak on different principles (empathy on the left, resolution
# on the right), each with a choice that loops back to the start.
BRANCHES = """
nodes:
  start:
    say: "Hi."
    choices:
      - text: "I hear how stressful this is."
        effects: {empathy: 2}
        feedback: Feeling first.
        next: left
      - text: "Let's get this fixed."
        effects: {resolution: 2}
        feedback: Straight to the fix.
        next: right
  left:
    say: "It really has been awful."
    choices:
      - text: "Tell me more."
        effects: {empathy: 1}
        feedback: Going round again.
        next: start
      - text: "I understand. Here's what I'll do."
        effects: {empathy: 1, resolution: 1}
        feedback: Feeling, then a plan.
        next: done
  right:
    say: "Fine, fix it."
    choices:
      - text: "Done: the replacement ships today."
        effects: {resolution: 3}
        feedback: Fixed.
        next: done
      - text: "Calm down and start again."
        effects: {composure: -1}
        feedback: Telling someone to calm down rarely calms them.
        next: start
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Done.}
"""


def test_each_principle_max_is_the_best_route_for_that_principle() -> None:
    ceil = ceiling(scenario(BRANCHES), rubric())
    # Empathy peaks on the left (2 + 1), resolution on the right (2 + 3); a loop is counted once round.
    assert ceil.max_points == {"listening": 0, "empathy": 3, "no_blame": 0, "resolution": 5, "follow_up": 0, "composure": 0}
    # Every route ends with at least some resolution (1 on the left), while the right never scores empathy.
    assert ceil.min_points["empathy"] == 0 and ceil.min_points["resolution"] == 1


def test_the_best_route_scores_100_percent_on_every_principle_it_exercises() -> None:
    conv = play(scenario(BRANCHES), [1, 2])
    result = conv.result()
    assert result.best is not None and result.best.steps == [("start", 1), ("left", 2)]
    # Graded against what this route earns (empathy 3, resolution 1), not the most any route earns (resolution 5).
    assert {k: v for k, v in scores(conv).items() if v[2] is not None} == {"empathy": (3, 3, 100.0), "resolution": (1, 1, 100.0)}
    assert (result.percent, result.grade, result.passed) == (100.0, "A", True)
    assert result.best.percent == 100.0


def test_going_round_a_loop_can_pass_the_best_route_but_percent_stays_within_0_to_100() -> None:
    conv = play(scenario(BRANCHES), [1, 1, 1, 2])
    assert scores(conv)["empathy"] == (6, 3, 100.0)
    assert scores(conv)["resolution"] == (1, 1, 100.0)
    assert conv.result().percent == 100.0


def test_a_principle_never_exercised_has_no_percent_and_is_left_out_of_the_overall() -> None:
    conv = play(scenario(BRANCHES), [2, 1])
    s = scores(conv)
    assert s["listening"] == (0, 0, None) and s["follow_up"] == (0, 0, None)
    assert s["empathy"] == (0, 3, 0.0) and s["resolution"] == (5, 1, 100.0)  # more than the best route: capped
    # Counting the four unexercised principles as 0% would give 100 / 7 = 14.3 instead.
    assert conv.result().percent == 50.0


def test_points_lost_on_a_route_no_ceiling_counts_still_count() -> None:
    conv = play(scenario(BRANCHES), [2, 2, 2, 1])
    s = scores(conv)
    assert s["composure"] == (-1, 0, 0.0)
    assert s["resolution"] == (7, 1, 100.0)
    assert conv.result().percent == 33.3


# A mistake at the start leads to a recovery node whose apology earns more
# composure (2) than the best route ever can (1): the best route must still get 100%.
RECOVERY = """
nodes:
  start:
    say: "My heating's off again."
    choices:
      - text: "I'm sorry, that's the last thing you need. Let me book an engineer."
        effects: {empathy: 2, composure: 1}
        feedback: Calm, warm and straight to a plan.
        next: plan
      - text: "Did you check the thermostat?"
        effects: {no_blame: -2}
        mood: -20
        feedback: It sounds as if they did something wrong.
        next: upset
  upset:
    say: "Of course I did. Do you think I'm stupid?"
    choices:
      - text: "No, not at all; I'm sorry it came across like that."
        effects: {composure: 2, empathy: 1}
        feedback: A good recovery.
        next: plan
  plan:
    say: "So when can someone come?"
    choices:
      - text: "An engineer will be there tomorrow morning; I'll text you the time."
        effects: {resolution: 2, follow_up: 1}
        feedback: A fix and a next step.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Booked.}
"""


def test_a_recovery_route_earns_more_on_one_principle_but_scores_less_than_the_best_route() -> None:
    sc = scenario(RECOVERY)
    assert ceiling(sc, rubric()).max_points["composure"] == 2  # only the recovery route reaches it
    best = play(sc, [1, 1]).result()
    assert best.best is not None and best.best.steps == [("start", 1), ("plan", 1)]
    assert {n: s.percent for n, s in best.scores.items() if s.percent is not None} == {
        "empathy": 100.0, "no_blame": 100.0, "resolution": 100.0, "follow_up": 100.0, "composure": 100.0,
    }
    assert (best.percent, best.grade, best.passed) == (100.0, "A", True)
    recovered = play(sc, [2, 1, 1]).result()
    assert recovered.scores["composure"].percent == 100.0 and recovered.scores["composure"].max == 1  # 2 of 1, capped
    assert recovered.scores["empathy"].percent == 50.0 and recovered.scores["no_blame"].percent == 0.0
    assert recovered.percent < best.percent and recovered.grade != "A"


def test_weights_come_from_the_rubric_and_scenario_overrides() -> None:
    plain = play(scenario(BRANCHES), [1, 2]).result()
    assert {n: s.weight for n, s in plain.scores.items()} == {
        "listening": 2.0, "empathy": 1.0, "no_blame": 1.0, "resolution": 1.0, "follow_up": 1.0, "composure": 1.0,
    }
    heavy = play(scenario(BRANCHES, extra="weights: {resolution: 3}\n"), [1, 2]).result()
    assert heavy.scores["resolution"].weight == 3.0 and heavy.scores["empathy"].weight == 1.0
    # Heavy resolution makes the right branch the best route (resolution 5): this call has 1 of it (20%),
    # and empathy, which that route never earns, is nothing to earn and was not lost (100%).
    assert heavy.scores["resolution"].max == 5 and heavy.scores["empathy"].max == 0
    assert (heavy.percent, heavy.grade, heavy.passed) == (40.0, "F", False)  # (100 + 3 * 20) / 4
    assert (plain.percent, plain.passed) == (100.0, True)


def test_pass_and_fail_follow_the_rubrics_pass_mark() -> None:
    sc = scenario(BRANCHES)
    strict = play(sc, [2, 1]).result()
    assert (strict.percent, strict.pass_mark, strict.passed) == (50.0, 70.0, False)
    lenient_rubric = rubric(RUBRIC_YAML.replace("pass_mark: 70", "pass_mark: 50"))
    lenient = play(sc, [2, 1], rub=lenient_rubric).result()
    assert (lenient.percent, lenient.pass_mark, lenient.passed) == (50.0, 50.0, True)  # the mark itself passes


def test_an_unfinished_call_does_not_pass() -> None:
    conv = play(scenario(BRANCHES), [2])
    result = conv.result()
    assert not conv.ended and result.outcome == "in_progress"
    assert result.passed is False and result.csat == 0


def test_best_path_is_spelled_out_with_its_score() -> None:
    best = play(scenario(BRANCHES), []).result().best
    assert best is not None
    assert best.steps == [("start", 1), ("left", 2)]
    assert best.choices == ["I hear how stressful this is.", "I understand. Here's what I'll do."]
    assert best.points["empathy"] == 3 and best.points["resolution"] == 1
    assert (best.percent, best.ending) == (100.0, "done")


def test_scenario_weights_can_change_which_path_is_best() -> None:
    best = play(scenario(BRANCHES, extra="weights: {resolution: 3}\n"), []).result().best
    assert best is not None
    assert best.choices == ["Let's get this fixed.", "Done: the replacement ships today."]
    assert (best.points["resolution"], best.percent, best.ending) == (5, 100.0, "done")


ONLY_LOSSES = """
nodes:
  start:
    say: "You people are useless."
    choices:
      - text: "I'm sorry it's been so frustrating. Let me help."
        effects: {empathy: 1}
        feedback: Calm and warm.
        next: done
      - text: "There's no need for that tone."
        effects: {composure: -1}
        feedback: Defensive.
        next: worse
      - text: "Well, if you'd read the email..."
        effects: {composure: -2}
        feedback: Blaming them.
        next: done
  worse:
    say: "Excuse me?"
    choices:
      - text: "Sorry, that came out wrong."
        effects: {composure: -1}
        feedback: Recovered, barely.
        next: done
endings:
  done: {outcome: resolved_unhappy, satisfaction: 3, say: "Whatever.", summary: Over.}
"""


@pytest.mark.parametrize("moves, expected", [([1], 100.0), ([2, 1], 0.0), ([3], 0.0)])
def test_a_principle_that_can_only_be_lost_scores_the_share_of_the_worst_loss_avoided(moves, expected) -> None:
    conv = play(scenario(ONLY_LOSSES), moves)
    points, best, percent = scores(conv)["composure"]
    assert best == 0 and percent == expected
    assert conv.ceiling.min_points["composure"] == -2


def test_principle_scores_clamp_and_scale_against_the_best_route() -> None:
    rub = rubric()
    ceil = Ceiling(
        max_points={"listening": 4, "empathy": 4, "no_blame": 0, "resolution": 0, "follow_up": 0, "composure": 3},
        min_points={"listening": -2, "empathy": 0, "no_blame": -4, "resolution": 0, "follow_up": 0, "composure": -2},
        best_steps=[], best_points={"listening": 3, "empathy": 2, "composure": 0}, best_ending="",
    )
    got = principle_scores({"listening": 9, "empathy": 1, "no_blame": -1, "follow_up": 2, "composure": -1}, ceil, rub, {})
    assert (got["listening"].max, got["listening"].percent) == (3, 100.0)  # more than the best route: capped
    assert (got["empathy"].max, got["empathy"].percent) == (2, 50.0)  # of the best route's 2, not the 4 some route earns
    assert got["no_blame"].percent == 75.0  # lost 1 of a possible 4
    assert got["resolution"].percent is None
    assert got["follow_up"].percent == 100.0  # scored only through a loop or timing, never negative
    assert (got["composure"].max, got["composure"].percent) == (0, 50.0)  # nothing to earn on the best route; lost 1 of 2
    assert overall_percent(got) == round((2 * 100 + 50 + 75 + 100 + 50) / 6, 1)
    assert principle_scores({"empathy": -3}, ceil, rub, {})["empathy"].percent == 0.0


def test_a_loss_the_best_route_itself_takes_is_not_marked_down() -> None:
    ceil = Ceiling(
        max_points={"composure": 0}, min_points={"composure": -5},
        best_steps=[], best_points={"composure": -1}, best_ending="",
    )
    rub = rubric()
    percents = {got: principle_scores({"composure": got}, ceil, rub, {})["composure"].percent for got in (0, -1, -3, -5, -9)}
    assert percents == {0: 100.0, -1: 100.0, -3: 50.0, -5: 0.0, -9: 0.0}


def test_overall_is_zero_when_nothing_was_exercised() -> None:
    ceil = Ceiling({}, {}, [], {}, "")
    assert overall_percent(principle_scores({}, ceil, rubric(), {})) == 0.0


@pytest.mark.parametrize(
    "mood, stars", [(-100, 1), (-60, 1), (-59, 2), (-25, 2), (-24, 3), (-1, 3), (0, 3), (24, 3), (25, 4), (59, 4), (60, 5), (100, 5)]
)
def test_final_mood_gives_at_most_these_stars(mood: int, stars: int) -> None:
    assert mood_stars(mood) == stars


def test_mood_stars_follow_the_mood_labels_the_player_sees() -> None:
    by_label = {"furious": 1, "angry": 2, "annoyed": 3, "neutral": 3, "pleased": 4, "delighted": 5}
    for mood in range(-100, 101):
        assert mood_stars(mood) == by_label[mood_label(mood)], mood


@pytest.mark.parametrize(
    "outcome, satisfaction, mood, expected",
    [
        ("resolved", None, 100, 5),  # nothing caps a delighted customer after a fix
        ("resolved", 4, 100, 4),  # the author's "at most"
        ("resolved", None, -30, 2),  # an angry customer gives 2 whatever the outcome
        ("resolved_unhappy", None, 100, 3),  # a flat ending never shows more than 3
        ("resolved_unhappy", 5, 100, 3),
        ("escalated", 5, 100, 2),  # a failed call never shows more than 2
        ("transferred", None, 60, 2),
        ("hung_up", 5, 100, 1),
        ("ended_by_agent", None, 0, 2),
        ("declined_with_alternative", None, 30, 4),
        ("callback_scheduled", 1, 100, 1),
    ],
)
def test_csat_is_the_least_of_outcome_cap_satisfaction_and_mood_stars(outcome, satisfaction, mood, expected) -> None:
    assert csat(outcome, satisfaction, mood) == expected


def test_csat_of_a_call_comes_from_its_outcome_ending_and_final_mood() -> None:
    # ONLY_LOSSES ends resolved_unhappy with satisfaction 3: an angry customer gives 2, a delighted one 3.
    assert play(scenario(ONLY_LOSSES, mood=-40), [1]).result().csat == 2
    assert play(scenario(ONLY_LOSSES, mood=70), [1]).result().csat == 3


def _play_route(sc: Scenario, rub: Rubric, steps: list[tuple[str, int]]) -> Conversation | None:
    """Play a best route (numbers among all of a node's choices) in the engine; None where a step is not open."""
    conv = Conversation(sc, rub)
    for node_id, n in steps:
        if conv.node is None or conv.node.id != node_id:
            return None
        number = next((oc.number for oc in conv.choices if oc.choice_index == n - 1), None)
        if number is None:
            return None  # the ceiling treats conditions as satisfiable; the engine may keep this one closed
        conv.choose(number)
    return conv


def test_the_librarys_best_routes_score_100_percent_on_every_principle() -> None:
    library = load_library(SCENARIOS_DIR)
    assert library.scenarios
    played = 0
    for sc in library.scenarios:
        rub, problems = rubric_for(sc.path)
        assert rub is not None, problems
        ceil = ceiling(sc, rub)
        best = principle_scores(ceil.best_points, ceil, rub, sc.weights)
        assert {n: s.percent for n, s in best.items() if s.percent not in (None, 100.0)} == {}, sc.id
        conv = _play_route(sc, rub, ceil.best_steps)
        if conv is not None:
            played += 1
            result = conv.result()
            assert conv.ended and (result.percent, result.grade, result.passed) == (100.0, "A", True), sc.id
    assert played > 0  # most best routes are playable as they stand; at least one must be
