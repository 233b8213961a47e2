"""The second edition's scoring rules in the engine: critical errors, outcome classes and caps, once-only
choices, over-apology, inherited flags for follow-up calls, and saving the new parts of a call."""

from __future__ import annotations

import json

from test_engine_kit import RUBRIC_YAML, play, rubric, scenario, scores

from simulator.engine.conversation import Conversation

# A good opening, and a "calm down" that is otherwise well scored: the critical error must still fail it.
CRITICAL = """
nodes:
  start:
    say: "This is the third time I've called!"
    provokes: true
    choices:
      - text: "Three calls is three too many. I'm sorry; let's fix it now."
        effects: {empathy: 2, composure: 1}
        apology: true
        feedback: Calm and warm.
        next: fix
      - text: "Sir, I need you to calm down before I can help you."
        effects: {empathy: 2, composure: 1}
        critical: [told_to_calm_down]
        feedback: Telling a caller to calm down tells them their feelings are the problem.
        next: fix
  fix:
    say: "So?"
    choices:
      - text: "I've refunded the charge; it shows in two days."
        effects: {resolution: 2}
        feedback: A fix with a date.
        next: done
      - text: "I'll pass you to billing."
        effects: {resolution: 1}
        feedback: Handed on.
        next: passed_on
endings:
  done: {outcome: resolved, say: "Thanks.", summary: Refunded.}
  passed_on: {outcome: transferred, say: "Fine.", summary: Transferred.}
"""


def test_a_critical_error_fails_the_call_caps_it_and_is_told_with_the_line_that_did_it() -> None:
    result = play(scenario(CRITICAL), [2, 1]).result()
    assert result.uncapped_percent == 100.0  # the points alone would be perfect
    assert (result.percent, result.grade, result.passed, result.cap) == (
        50.0,
        "F",
        False,
        "critical",
    )
    [hit] = result.critical_errors
    assert (hit.id, hit.title, hit.decision, hit.node_id) == (
        "told_to_calm_down",
        "Told the caller to calm down",
        1,
        "start",
    )
    assert hit.line == "Sir, I need you to calm down before I can help you."
    assert hit.customer_line == "This is the third time I've called!"
    assert hit.description.startswith("It tells them")
    assert result.fail_reasons == [
        "A critical error fails the call whatever the rest scores: Told the caller to calm down."
    ]
    assert (
        result.decisions[0].critical == ["told_to_calm_down"] and result.decisions[1].critical == []
    )
    clean = play(scenario(CRITICAL), [1, 1]).result()
    assert (clean.percent, clean.passed, clean.critical_errors) == (100.0, True, [])


def test_a_low_score_with_a_critical_error_keeps_its_own_percent() -> None:
    low = rubric(RUBRIC_YAML.replace("critical_cap: 50", "critical_cap: 90"))
    result = play(scenario(CRITICAL), [2, 2], rub=low).result()
    # 83.3 before the caps: the critical cap (90) does not lower it, the transfer's (69) does; both are told.
    assert (result.uncapped_percent, result.percent, result.cap, result.passed) == (
        83.3,
        69.0,
        "outcome",
        False,
    )
    assert [r.split(":")[0].split(",")[0] for r in result.fail_reasons] == [
        "A critical error fails the call whatever the rest scores",
        "The call ended transferred",
    ]


def test_an_outcome_that_cannot_pass_caps_the_grade_below_the_pass_mark_and_the_stars() -> None:
    result = play(scenario(CRITICAL), [1, 2]).result()
    assert result.outcome == "transferred" and not result.outcome_can_pass
    assert result.uncapped_percent > 70 and (result.percent, result.grade, result.cap) == (
        69.0,
        "D",
        "outcome",
    )
    assert not result.passed and result.fail_reasons == [
        "The call ended transferred, an outcome that cannot pass."
    ]
    assert result.csat <= 2


def test_the_best_route_prefers_no_critical_error_and_a_passing_outcome() -> None:
    best = play(scenario(CRITICAL), []).result().best
    assert best is not None and best.steps == [("start", 1), ("fix", 1)]
    assert (best.critical, best.outcome, best.passed, best.csat) == (
        [],
        "resolved",
        True,
        3,
    )  # neutral mood: 3 stars


# A question loop: each question can be asked once; the way out needs the answer one of them sets.
LOOP = """
nodes:
  start:
    say: "It just doesn't work."
    mentions: {model: "the X200"}
    choices:
      - text: "Which model is it?"
        once: true
        effects: {listening: 1}
        set: [asked_model]
        feedback: A clarifying question.
        next: start
      - text: "When did it stop?"
        once: true
        effects: {listening: 1}
        feedback: A clarifying question.
        next: start
      - text: "The X200 needs a reset: hold the button ten seconds."
        if: {flag: asked_model}
        recall: model
        effects: {resolution: 2}
        feedback: The fix for their model.
        next: done
      - text: "Try turning it off and on."
        effects: {resolution: -1}
        feedback: A guess.
        next: done
endings:
  done: {outcome: resolved, say: "OK.", summary: Done.}
"""


def test_once_only_choices_disappear_once_taken() -> None:
    conv = Conversation(scenario(LOOP), rubric())
    assert [oc.choice_index for oc in conv.choices] == [0, 1, 3]
    conv.choose(1)  # which model?
    assert [oc.choice_index for oc in conv.choices] == [
        1,
        2,
        3,
    ]  # gone; the fix it unlocked is open
    conv.choose(1)  # when did it stop?
    assert [oc.choice_index for oc in conv.choices] == [2, 3]
    conv.choose(1)
    assert conv.ended and scores(conv)["listening"][0] == 1 + 1 + 2  # two questions and the recall


def test_the_exact_ceiling_needs_the_flag_set_inside_the_loop() -> None:
    ceil = Conversation(scenario(LOOP), rubric()).ceiling
    # Listening: both questions and the recall (4), not the 12 of a graph that treats conditions as satisfiable.
    assert ceil.max_points["listening"] == 4 and ceil.max_points["resolution"] == 2
    assert sorted(ceil.best_steps[:2]) == [("start", 1), ("start", 2)] and ceil.best_steps[2:] == [
        ("start", 3)
    ]
    skipped = play(scenario(LOOP), [3]).result()  # skipping every question
    assert skipped.percent < 70 and not skipped.passed


APOLOGIES = """
nodes:
  start:
    say: "Hello?"
    choices:
      - text: "Sorry, sorry, so sorry."
        apology: true
        effects: {empathy: 1}
        feedback: One apology is plenty.
        next: start
      - text: "Let me fix that."
        effects: {resolution: 1}
        feedback: To the point.
        next: done
endings:
  done: {outcome: resolved, say: "OK.", summary: Done.}
"""


def test_a_third_apology_costs_over_apology_each_time() -> None:
    conv = play(scenario(APOLOGIES), [1, 1, 1, 1, 2])
    decisions = conv.result().decisions
    assert [d.mechanics for d in decisions[:4]] == [[], [], ["over_apology"], ["over_apology"]]
    assert (
        scores(conv)["composure"][0] == -2 and scores(conv)["empathy"][0] == 1
    )  # the apology's empathy is credited once


FOLLOW_UP = """
nodes:
  start:
    say: "You said you'd call me back on Friday."
    choices:
      - text: "I did, and here I am: the part arrived."
        if: {flag: promised_callback}
        effects: {follow_up: 2}
        feedback: You kept the promise.
        next: done
      - text: "What can I do for you?"
        effects: {follow_up: -1}
        feedback: He had to remind you.
        next: done
endings:
  done: {outcome: resolved, say: "Good.", summary: Done.}
"""


def test_a_follow_up_call_starts_with_the_flags_its_first_part_set() -> None:
    sc = scenario(FOLLOW_UP)
    fresh = Conversation(sc, rubric())
    assert [oc.choice_index for oc in fresh.choices] == [1]
    inherited = Conversation(sc, rubric(), inherited_flags=["promised_callback"])
    assert [oc.choice_index for oc in inherited.choices] == [0, 1] and inherited.flags == {
        "promised_callback"
    }
    # The ceiling is that of the call as it starts: with the promise, follow-up can be earned.
    assert (
        inherited.ceiling.max_points["follow_up"] == 2
        and fresh.ceiling.max_points["follow_up"] == -1
    )
    inherited.choose(1)
    assert inherited.result().percent == 100.0


def test_the_new_parts_of_a_call_survive_save_restore_and_undo() -> None:
    sc, rub = scenario(LOOP), rubric()
    conv = Conversation(sc, rub, mode="practice", inherited_flags=["vip"])
    conv.choose(1)
    data = json.loads(json.dumps(conv.save()))
    again = Conversation.restore(sc, rub, data)
    assert [oc.choice_index for oc in again.choices] == [1, 2, 3]
    assert again.state.credited == ["start#0"] and again.state.once_taken == ["start#0"]
    assert again.state.inherited == ["vip"]
    again.undo()
    assert [oc.choice_index for oc in again.choices] == [0, 1, 3] and again.state.credited == []
    # A call saved before these parts existed restores with them empty.
    old = dict(data)
    for key in ("credited", "once_taken", "apologies", "inherited"):
        old.pop(key)
    old["previous"] = None
    restored = Conversation.restore(sc, rub, old)
    assert restored.state.credited == [] and restored.state.apologies == 0
