"""Scoring: the best route and per-principle ranges from the scenario graph, percentages against each
principle's ceiling, the overall against the best route, weights, pass mark, satisfaction, best path."""

from __future__ import annotations

import re

import pytest
from test_engine_kit import RUBRIC_YAML, play, rubric, scenario, scores

from simulator.engine.best import Ceiling, ceiling
from simulator.engine.conversation import Conversation, mood_label
from simulator.engine.debrief_text import CEILING_NOTE, render_debrief
from simulator.engine.scoring import csat, mood_stars, overall_percent, principle_scores
from simulator.paths import SCENARIOS_DIR
from simulator.validation.library import load_library, rubric_for

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


def test_each_principles_ceiling_is_the_most_a_playable_route_earns() -> None:
    ceil = ceiling(scenario(BRANCHES), rubric())
    # Empathy: 2 at the start, 1 going round the left loop, 1 more on the way out (the start's 2 is not paid again).
    assert ceil.max_points == {
        "listening": 0,
        "empathy": 4,
        "no_blame": 0,
        "resolution": 5,
        "follow_up": 0,
        "composure": 0,
    }
    # The floors are over loop-free routes: every one ends with some resolution, the right never scores empathy.
    assert ceil.min_points["empathy"] == 0 and ceil.min_points["resolution"] == 1
    assert ceil.method == "states" and ceil.exact


def test_the_best_route_goes_round_a_loop_when_that_earns_more_and_replays_to_its_score() -> None:
    best = play(scenario(BRANCHES), []).result().best
    assert best is not None
    # Empathy on the left, back to the start, then the right's resolution: 3 of 4 and 5 of 5.
    assert best.steps == [("start", 1), ("left", 1), ("start", 2), ("right", 1)]
    assert (
        best.choices[1] == "Tell me more."
        and best.points["empathy"] == 3
        and best.points["resolution"] == 5
    )
    assert (best.percent, best.ending, best.outcome, best.passed, best.method) == (
        100.0,
        "done",
        "resolved",
        True,
        "states",
    )
    played = play(scenario(BRANCHES), [1, 1, 2, 1]).result()
    assert {k: v.points for k, v in played.scores.items() if v.points} == {
        "empathy": 3,
        "resolution": 5,
    }
    assert (played.percent, played.grade, played.passed) == (100.0, "A", True)
    # The loop-free routes each miss one side: empathy 3 and resolution 1, or resolution 5 and no empathy.
    assert play(scenario(BRANCHES), [1, 2]).result().percent == 60.0


def test_going_round_a_loop_credits_a_choices_gains_once() -> None:
    conv = play(scenario(BRANCHES), [1, 1, 1, 1, 1, 2])
    # 2 + 1 at first; the start's 2 and the loop's 1 are not paid again; the way out adds 1.
    assert scores(conv)["empathy"] == (4, 4, 100.0)  # all 4 any route earns (the best route: 3)
    assert conv.result().scores["empathy"].against_best == 100.0  # held at 100% in the overall
    decisions = conv.result().decisions
    assert [d.repeated for d in decisions] == [False, False, True, True, True, False]
    assert [d.points.get("empathy", 0) for d in decisions] == [2, 1, 0, 0, 0, 1]
    assert decisions[2].chosen.points == {
        "empathy": 2
    }  # what the option is worth the first time, as the debrief shows it


def test_losses_count_every_time_round_a_loop() -> None:
    conv = play(scenario(BRANCHES), [2, 2, 2, 2, 2, 1])
    s = scores(conv)
    # "Calm down" twice: -1 each time; the start's resolution 2 is credited once.
    assert s["composure"] == (-2, 0, 0.0) and s["resolution"] == (5, 5, 100.0)


def test_a_principle_never_exercised_has_no_percent_and_is_left_out_of_the_overall() -> None:
    conv = play(scenario(BRANCHES), [2, 1])
    s = scores(conv)
    assert s["listening"] == (0, 0, None) and s["follow_up"] == (0, 0, None)
    assert s["empathy"] == (0, 4, 0.0) and s["resolution"] == (5, 5, 100.0)
    # Counting the four unexercised principles as 0% would give 100 / 7 = 14.3 instead.
    assert conv.result().percent == 50.0


def test_points_lost_on_a_loop_no_loop_free_route_loses_still_count() -> None:
    conv = play(scenario(BRANCHES), [2, 2, 2, 1])
    s = scores(conv)
    assert s["composure"] == (-1, 0, 0.0)
    assert s["resolution"] == (5, 5, 100.0)
    assert conv.result().percent == 33.3


# A mistake at the start leads to a recovery node whose apology earns more
# composure (2) than the clean route ever can (1).
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
    # Composure's figure is 1 of the 2 a route can earn; the overall weighs it against the best
    # route's 1, so the recovery's 2 is not the target and the best route scores 100%.
    assert {n: s.percent for n, s in best.scores.items() if s.percent is not None} == {
        "empathy": 100.0,
        "no_blame": 100.0,
        "resolution": 100.0,
        "follow_up": 100.0,
        "composure": 50.0,
    }
    assert (best.scores["composure"].max, best.scores["composure"].against_best) == (2, 100.0)
    assert (best.percent, best.grade, best.passed) == (
        100.0,
        "A",
        True,
    ) and best.best.percent == 100.0
    recovered = play(sc, [2, 1, 1]).result()
    composure = recovered.scores["composure"]
    assert (composure.points, composure.max, composure.percent, composure.against_best) == (
        2,
        2,
        100.0,
        100.0,
    )  # 2 of the 2 there are; more than the best route's 1, held at 100% in the overall
    assert (
        recovered.scores["empathy"].percent == 50.0 and recovered.scores["no_blame"].percent == 0.0
    )
    assert recovered.percent < best.percent and recovered.grade != "A"


# The best route overall is not the most empathetic one: taking time over the feeling earns all the
# empathy there is (3) but leaves the charge unfixed; the best route earns empathy 1 and fixes it.
TRADE_OFF = """
nodes:
  start:
    say: "You've taken the money twice. Twice!"
    choices:
      - text: "That's a horrible thing to find. Tell me everything, from the start."
        effects: {empathy: 3, resolution: -1}
        feedback: Warm, but the fix waits.
        next: slow
      - text: "I'm sorry. I can see both payments; I'll reverse the second now."
        effects: {empathy: 1, resolution: 2}
        feedback: Sorry, then straight to the fix.
        next: fix
  slow:
    say: "Well, it was Tuesday, and then again on Wednesday."
    choices:
      - text: "Thank you. I'll reverse the second one."
        effects: {resolution: 1}
        feedback: There at last.
        next: done
  fix:
    say: "Right. When will I see it?"
    choices:
      - text: "It's reversed: two working days, and I'll email you the reference now."
        effects: {resolution: 2, follow_up: 1}
        feedback: A date and a reference.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Reversed.}
"""


def test_no_principle_shows_more_points_than_any_route_earns_when_the_best_route_is_not_the_warmest() -> (
    None
):
    sc = scenario(TRADE_OFF)
    ceil = ceiling(sc, rubric())
    assert (ceil.max_points["empathy"], ceil.best_points["empathy"]) == (3, 1)
    warm = play(sc, [1, 1]).result()
    best = play(sc, [2, 1]).result()
    assert warm.best is not None and warm.best.steps == [("start", 2), ("fix", 1)]
    for result in (warm, best):
        for s in result.scores.values():
            assert s.points <= s.max or s.percent is None  # "4/3" can no longer be printed
            assert s.percent is None or 0.0 <= s.percent <= 100.0
        text = render_debrief(result)
        fractions = [(int(a), int(b)) for a, b in re.findall(r"\((\d+)/(\d+)", text)]
        assert fractions and all(a <= b for a, b in fractions)
    empathy = warm.scores["empathy"]
    assert (empathy.points, empathy.max, empathy.percent, empathy.best) == (3, 3, 100.0, 1)
    # The best route's own figure is honest (1 of 3) and it still scores 100%, an A and a pass:
    # the overall weighs each principle against the best route, and says so under the bars.
    empathy = best.scores["empathy"]
    assert (empathy.points, empathy.max, empathy.percent, empathy.against_best) == (
        1,
        3,
        33.3,
        100.0,
    )
    assert (best.percent, best.grade, best.passed) == (100.0, "A", True)
    assert "33.3%  (1/3; best route 1)" in render_debrief(best) and CEILING_NOTE in render_debrief(
        best
    )
    # The warmest route gets its empathy in full, and nothing for the charge it left unfixed.
    assert (warm.scores["resolution"].percent, warm.scores["follow_up"].percent) == (0.0, 0.0)
    assert warm.percent == round((100 + 0 + 0) / 3, 1) and not warm.passed


def test_weights_come_from_the_rubric_and_scenario_overrides() -> None:
    plain = play(scenario(BRANCHES), [1, 2]).result()
    assert {n: s.weight for n, s in plain.scores.items()} == {
        "listening": 2.0,
        "empathy": 1.0,
        "no_blame": 1.0,
        "resolution": 1.0,
        "follow_up": 1.0,
        "composure": 1.0,
    }
    heavy = play(scenario(BRANCHES, extra="weights: {resolution: 3}\n"), [1, 2]).result()
    assert heavy.scores["resolution"].weight == 3.0 and heavy.scores["empathy"].weight == 1.0
    # The best route (round the loop) earns empathy 3 and resolution 5: this call has 3 of 3 and 1 of 5.
    assert (
        plain.percent == 60.0 and heavy.percent == 40.0
    )  # (100 + 20) / 2, then (100 + 3 * 20) / 4
    assert not plain.passed and not heavy.passed


def test_pass_and_fail_follow_the_rubrics_pass_mark() -> None:
    sc = scenario(BRANCHES)
    strict = play(sc, [2, 1]).result()
    assert (strict.percent, strict.pass_mark, strict.passed) == (50.0, 70.0, False)
    assert strict.fail_reasons == ["The score, 50%, is under the pass mark of 70%."]
    lenient_rubric = rubric(RUBRIC_YAML.replace("pass_mark: 70", "pass_mark: 50"))
    lenient = play(sc, [2, 1], rub=lenient_rubric).result()
    assert (lenient.percent, lenient.pass_mark, lenient.passed, lenient.fail_reasons) == (
        50.0,
        50.0,
        True,
        [],
    )


def test_an_unfinished_call_does_not_pass() -> None:
    conv = play(scenario(BRANCHES), [2])
    result = conv.result()
    assert not conv.ended and result.outcome == "in_progress"
    assert (
        result.passed is False
        and result.csat == 0
        and "The call has not ended." in result.fail_reasons
    )


# The same two branches without the loops back to the start.
NO_LOOPS = BRANCHES.replace("        next: start\n", "        next: done\n")


def test_scenario_weights_can_change_which_path_is_best() -> None:
    plain = play(scenario(NO_LOOPS), []).result().best
    assert plain is not None and plain.method == "graph"
    assert plain.choices == ["I hear how stressful this is.", "I understand. Here's what I'll do."]
    best = play(scenario(NO_LOOPS, extra="weights: {resolution: 3}\n"), []).result().best
    assert best is not None
    assert best.choices == ["Let's get this fixed.", "Done: the replacement ships today."]
    assert (best.points["resolution"], best.ending) == (5, "done")


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
def test_a_principle_that_can_only_be_lost_scores_the_share_of_the_worst_loss_avoided(
    moves, expected
) -> None:
    conv = play(scenario(ONLY_LOSSES), moves)
    points, best, percent = scores(conv)["composure"]
    assert best == 0 and percent == expected
    assert conv.ceiling.min_points["composure"] == -2


def test_principle_scores_clamp_points_to_0_and_the_ceiling_and_the_overall_to_the_best_routes() -> (
    None
):
    rub = rubric()
    ceil = Ceiling(
        max_points={
            "listening": 6,
            "empathy": 4,
            "no_blame": 0,
            "resolution": 0,
            "follow_up": 0,
            "composure": 0,
        },
        min_points={
            "listening": -2,
            "empathy": 0,
            "no_blame": -4,
            "resolution": 0,
            "follow_up": 0,
            "composure": -2,
        },
        best_steps=[],
        best_points={"listening": 4, "empathy": 4},
        best_ending="",
    )
    got = principle_scores(
        {"listening": 5, "empathy": -1, "no_blame": -1, "follow_up": 2, "composure": -3},
        ceil,
        rub,
        {},
    )
    listening = got["listening"]
    assert (listening.max, listening.percent, listening.best, listening.against_best) == (
        6,
        83.3,
        4,
        100.0,
    )  # 5 of the 6 a route earns; more than the best route's 4, held at 100% in the overall
    assert (got["empathy"].points, got["empathy"].percent) == (-1, 0.0)  # below 0 counts as 0
    assert got["no_blame"].percent == 75.0  # nothing to earn: lost 1 of the worst loop-free 4
    assert got["resolution"].percent is None
    assert got["follow_up"].percent == 100.0  # nothing to earn and nothing lost
    assert got["composure"].percent == 0.0  # lost more than any loop-free route does
    assert overall_percent(got) == round((2 * 100 + 0 + 75 + 100 + 0) / 6, 1)
    assert principle_scores({"empathy": 2}, ceil, rub, {})["empathy"].percent == 50.0
    # Points past the ceiling (a bounded search beaten through a loop): the ceiling shown is the most
    # known, never fewer points than the call has.
    beaten = principle_scores({"listening": 9}, ceil, rub, {})["listening"]
    assert (beaten.points, beaten.max, beaten.percent) == (9, 9, 100.0)


def test_a_principle_with_nothing_to_earn_scores_the_share_of_the_worst_loss_avoided() -> None:
    ceil = Ceiling(
        max_points={"composure": 0},
        min_points={"composure": -5},
        best_steps=[],
        best_points={"composure": 0},
        best_ending="",
    )
    rub = rubric()
    percents = {
        got: principle_scores({"composure": got}, ceil, rub, {})["composure"].percent
        for got in (0, -1, -3, -5, -9)
    }
    assert percents == {0: 100.0, -1: 80.0, -3: 40.0, -5: 0.0, -9: 0.0}


def test_overall_is_zero_when_nothing_was_exercised() -> None:
    ceil = Ceiling({}, {}, [], {}, "")
    assert overall_percent(principle_scores({}, ceil, rubric(), {})) == 0.0


@pytest.mark.parametrize(
    "mood, stars",
    [
        (-100, 1),
        (-60, 1),
        (-59, 2),
        (-25, 2),
        (-24, 3),
        (-1, 3),
        (0, 3),
        (24, 3),
        (25, 4),
        (59, 4),
        (60, 5),
        (100, 5),
    ],
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
def test_csat_is_the_least_of_outcome_cap_satisfaction_and_mood_stars(
    outcome, satisfaction, mood, expected
) -> None:
    assert csat(outcome, satisfaction, mood) == expected


def test_csat_of_a_call_comes_from_its_outcome_ending_and_final_mood() -> None:
    # ONLY_LOSSES ends resolved_unhappy with satisfaction 3: an angry customer gives 2, a delighted one 3.
    assert play(scenario(ONLY_LOSSES, mood=-40), [1]).result().csat == 2
    assert play(scenario(ONLY_LOSSES, mood=70), [1]).result().csat == 3


def test_the_librarys_best_routes_replay_to_their_reported_scores_and_pass() -> None:
    library = load_library(SCENARIOS_DIR)
    assert library.scenarios
    for sc in library.scenarios:
        rub, problems = rubric_for(sc.path)
        assert rub is not None, problems
        conv = Conversation(sc, rub)
        best = conv.best_path()
        # Exact for most shipped calls; a call whose loops credit too many combinations is "bounded", and its
        # best route must still be a real route that replays to its reported score.
        assert best.method in ("graph", "states", "bounded"), sc.id
        replay = Conversation(sc, rub)
        for nid, n in best.steps:
            assert replay.node is not None and replay.node.id == nid, sc.id
            replay.choose(next(oc.number for oc in replay.choices if oc.choice_index == n - 1))
        result = replay.result()
        assert replay.ended and result.ending == best.ending, sc.id
        assert {k: v.points for k, v in result.scores.items()} == {
            k: best.points.get(k, 0) for k in result.scores
        }, sc.id
        assert (result.percent, result.passed, result.csat, result.outcome) == (
            best.percent,
            best.passed,
            best.csat,
            best.outcome,
        ), sc.id
        assert result.critical_errors == [] and result.passed, sc.id
        assert all(s.points <= s.max for s in result.scores.values()), sc.id


def test_a_call_that_did_not_pass_shows_at_most_three_stars_whatever_the_mood() -> None:
    from simulator.engine.scoring import FAILED_CALL_STARS, csat

    assert csat("resolved", None, 80) == 5
    assert csat("resolved", None, 80, passed=False) == FAILED_CALL_STARS == 3
    assert csat("resolved", None, -70, passed=False) == 1  # a lower cap still wins
    assert csat("hung_up", None, 80, passed=False) == 1
