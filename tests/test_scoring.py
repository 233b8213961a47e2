"""Scoring: per-principle maxima from the scenario graph, percentages, weights, pass mark, satisfaction, best path."""

from __future__ import annotations

import pytest

from simulator.engine.best import Ceiling, ceiling
from simulator.engine.conversation import mood_label
from simulator.engine.scoring import csat, mood_stars, overall_percent, principle_scores
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


def test_going_round_a_loop_can_pass_the_max_but_percent_stays_within_0_to_100() -> None:
    conv = play(scenario(BRANCHES), [1, 1, 1, 2])
    assert scores(conv)["empathy"] == (6, 3, 100.0)
    assert scores(conv)["resolution"] == (1, 5, 20.0)
    result = conv.result()
    assert (result.percent, result.grade) == (60.0, "D")


def test_a_principle_never_exercised_has_no_percent_and_is_left_out_of_the_overall() -> None:
    conv = play(scenario(BRANCHES), [2, 1])
    s = scores(conv)
    assert s["listening"] == (0, 0, None) and s["follow_up"] == (0, 0, None)
    assert s["empathy"] == (0, 3, 0.0) and s["resolution"] == (5, 5, 100.0)
    # Counting the four unexercised principles as 0% would give 100 / 7 = 14.3 instead.
    assert conv.result().percent == 50.0


def test_points_lost_on_a_route_no_ceiling_counts_still_count() -> None:
    conv = play(scenario(BRANCHES), [2, 2, 2, 1])
    s = scores(conv)
    assert s["composure"] == (-1, 0, 0.0)
    assert s["resolution"] == (7, 5, 100.0)
    assert conv.result().percent == 33.3


def test_weights_come_from_the_rubric_and_scenario_overrides() -> None:
    plain = play(scenario(BRANCHES), [2, 1]).result()
    assert {n: s.weight for n, s in plain.scores.items()} == {
        "listening": 2.0, "empathy": 1.0, "no_blame": 1.0, "resolution": 1.0, "follow_up": 1.0, "composure": 1.0,
    }
    heavy = play(scenario(BRANCHES, extra="weights: {resolution: 3}\n"), [2, 1]).result()
    assert heavy.scores["resolution"].weight == 3.0 and heavy.scores["empathy"].weight == 1.0
    assert (heavy.percent, heavy.grade, heavy.passed) == (75.0, "C", True)
    assert (plain.percent, plain.passed) == (50.0, False)


def test_pass_and_fail_follow_the_rubrics_pass_mark() -> None:
    sc = scenario(BRANCHES)
    strict = play(sc, [1, 1, 1, 2]).result()
    assert (strict.percent, strict.pass_mark, strict.passed) == (60.0, 70.0, False)
    lenient_rubric = rubric(RUBRIC_YAML.replace("pass_mark: 70", "pass_mark: 60"))
    lenient = play(sc, [1, 1, 1, 2], rub=lenient_rubric).result()
    assert (lenient.percent, lenient.pass_mark, lenient.passed) == (60.0, 60.0, True)  # the mark itself passes


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
    assert (best.percent, best.ending) == (60.0, "done")


def test_scenario_weights_can_change_which_path_is_best() -> None:
    best = play(scenario(BRANCHES, extra="weights: {resolution: 3}\n"), []).result().best
    assert best is not None
    assert best.choices == ["Let's get this fixed.", "Done: the replacement ships today."]
    assert (best.percent, best.ending) == (75.0, "done")


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


def test_principle_scores_clamp_and_scale_against_the_ceiling() -> None:
    rub = rubric()
    ceil = Ceiling(
        max_points={"listening": 4, "empathy": 4, "no_blame": 0, "resolution": 0, "follow_up": 0, "composure": 0},
        min_points={"listening": -2, "empathy": 0, "no_blame": -4, "resolution": 0, "follow_up": 0, "composure": 0},
        best_steps=[], best_points={}, best_ending="",
    )
    got = principle_scores({"listening": 9, "empathy": -3, "no_blame": -1, "follow_up": 2}, ceil, rub, {})
    assert got["listening"].percent == 100.0
    assert got["empathy"].percent == 0.0
    assert got["no_blame"].percent == 75.0  # lost 1 of a possible 4
    assert got["resolution"].percent is None
    assert got["follow_up"].percent == 100.0  # scored only through a loop or timing, never negative
    assert overall_percent(got) == round((2 * 100 + 0 + 75 + 100) / 5, 1)


def test_overall_is_zero_when_nothing_was_exercised() -> None:
    ceil = Ceiling({}, {}, [], {}, "")
    assert overall_percent(principle_scores({}, ceil, rubric(), {})) == 0.0


@pytest.mark.parametrize(
    "mood, stars", [(-100, -2), (-60, -2), (-59, -1), (-25, -1), (-24, 0), (0, 0), (24, 0), (25, 1), (59, 1), (60, 2), (100, 2)]
)
def test_final_mood_moves_satisfaction_by_its_band(mood: int, stars: int) -> None:
    assert mood_stars(mood) == stars


def test_satisfaction_bands_match_the_mood_labels_the_player_sees() -> None:
    by_label = {"furious": -2, "angry": -1, "annoyed": 0, "neutral": 0, "pleased": 1, "delighted": 2}
    for mood in range(-100, 101):
        assert mood_stars(mood) == by_label[mood_label(mood)], mood


@pytest.mark.parametrize("satisfaction, mood, expected", [(1, -100, 1), (5, 100, 5), (3, 100, 5), (3, -100, 1), (4, 30, 5), (2, -30, 1), (3, 0, 3)])
def test_csat_is_the_endings_satisfaction_moved_by_mood_within_one_to_five(satisfaction: int, mood: int, expected: int) -> None:
    assert csat(satisfaction, mood) == expected


def test_csat_of_a_call_comes_from_its_ending_and_final_mood() -> None:
    sc = scenario(ONLY_LOSSES, mood=-40)
    assert play(sc, [1]).result().csat == 2  # satisfaction 3, angry -1
    assert play(scenario(ONLY_LOSSES, mood=70), [1]).result().csat == 5  # 3, delighted +2
