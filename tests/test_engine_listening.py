"""Transcript tests for the listening mechanics: interrupting, venting, recall and dead air.

Each test is an inline scenario plus a list of choices, and checks the exact
transcript, ending, scores, grade, pass and satisfaction that come out.
"""

from __future__ import annotations

import pytest
from test_engine_kit import play, scenario, scores, transcript

from simulator.engine.conversation import HungUpInSilence

INTERRUPT = """
nodes:
  start:
    say: "My order never came."
    choices:
      - text: "I'm sorry, let me check."
        effects: {empathy: 1, resolution: 1}
        feedback: Apology, then action.
        next: calm
  calm:
    say: "Thanks. It was order 12."
    interrupt_ok: true
    choices:
      - text: "Found it, it ships today."
        effects: {resolution: 1}
        feedback: A clear next step.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Great, bye.", summary: Sorted.}
"""


def test_cutting_in_costs_listening_and_mood_but_not_where_interrupting_is_fine() -> None:
    conv = play(scenario(INTERRUPT), [{"n": 1, "cut_in": True}, {"n": 1, "cut_in": True}])
    assert transcript(conv) == [
        ("customer", "My order never came."),
        ("trainee", "I'm sorry, let me check."),
        ("note", "(You cut in while the customer was still talking.)"),
        ("customer", "Thanks. It was order 12."),
        ("trainee", "Found it, it ships today."),
        ("customer", "Great, bye."),
    ]
    result = conv.result()
    assert result.ending == "done" and result.outcome == "resolved"
    # The graph never scores listening, so the -2 comes from timing alone and counts as 0%.
    assert scores(conv) == {
        "listening": (-2, 0, 0.0),
        "empathy": (1, 1, 100.0),
        "no_blame": (0, 0, None),
        "resolution": (2, 2, 100.0),
        "follow_up": (0, 0, None),
        "composure": (0, 0, None),
    }
    assert (result.percent, result.grade, result.passed) == (50.0, "F", False)
    assert conv.mood == -5 and result.csat == 3  # an annoyed customer gives at most 3
    first, second = result.decisions
    assert first.cut_in and first.mechanics == ["interrupt"]
    assert first.points == {"empathy": 1, "resolution": 1, "listening": -2}
    assert not second.cut_in and second.mechanics == []


def test_waiting_for_the_customer_to_finish_scores_full_marks() -> None:
    conv = play(scenario(INTERRUPT), [1, 1])
    result = conv.result()
    assert ("note", "(You cut in while the customer was still talking.)") not in transcript(conv)
    assert scores(conv)["listening"] == (0, 0, None)  # not exercised: left out of the overall
    assert (result.percent, result.grade, result.passed, result.csat) == (
        100.0,
        "A",
        True,
        3,
    )  # annoyed: at most 3 stars


VENT = """
nodes:
  start:
    say: "I have been on hold for an hour and nobody cares!"
    vent: true
    choices:
      - text: "Mm. Go on, I'm listening."
        style: listen
        effects: {empathy: 1}
        feedback: Let them get it out first.
        next: more
      - text: "Let me just reset your account."
        style: fix
        effects: {resolution: 2}
        feedback: The fix can wait until they feel heard.
        next: fixit
  more:
    say: "And then they hung up on me!"
    vent: true
    choices:
      - text: "That should never have happened. Tell me the rest."
        style: listen
        effects: {empathy: 1}
        feedback: Still listening.
        next: fixit
      - text: "Right, let me reset it."
        style: fix
        effects: {resolution: 2}
        feedback: Nearly there, but still a little soon.
        next: fixit
  fixit:
    say: "Fine. What now?"
    choices:
      - text: "I'm resetting it now; you'll get an email in a minute."
        effects: {resolution: 2}
        feedback: Clear and concrete.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "OK. Thank you.", summary: Reset.}
"""


def test_keeping_listening_while_the_customer_vents_scores_listening_and_calms_them() -> None:
    sc = scenario(VENT, mood=-30)
    conv = play(sc, [1])
    assert conv.mood == -25  # keep_listening: +5
    conv.choose(1)
    assert conv.mood == -20
    conv.choose(1)
    assert transcript(conv) == [
        ("customer", "I have been on hold for an hour and nobody cares!"),
        ("trainee", "Mm. Go on, I'm listening."),
        ("customer", "And then they hung up on me!"),
        ("trainee", "That should never have happened. Tell me the rest."),
        ("customer", "Fine. What now?"),
        ("trainee", "I'm resetting it now; you'll get an email in a minute."),
        ("customer", "OK. Thank you."),
    ]
    result = conv.result()
    # Listening's best (2) comes from the keep_listening mechanic, not from any authored effect.
    assert {k: v for k, v in scores(conv).items() if v[2] is not None} == {
        "listening": (2, 2, 100.0),
        "empathy": (2, 2, 100.0),
        "resolution": (2, 4, 50.0),  # a route that fixes first earns 4, the best route 2
    }
    assert (
        result.scores["resolution"].against_best == 100.0
    )  # as much as the best route: the overall
    assert (result.percent, result.grade, result.passed) == (100.0, "A", True)
    assert result.best is not None and result.best.steps == [
        ("start", 1),
        ("more", 1),
        ("fixit", 1),
    ]
    assert result.csat == 3  # satisfaction 4, but an annoyed customer (mood -20) gives at most 3
    assert result.decisions[0].mechanics == ["keep_listening"]


def test_fixing_before_the_customer_has_vented_scores_badly() -> None:
    conv = play(scenario(VENT, mood=-30), [2, 1])
    assert transcript(conv)[1:3] == [
        ("trainee", "Let me just reset your account."),
        ("customer", "Fine. What now?"),
    ]
    result = conv.result()
    assert {k: v for k, v in scores(conv).items() if v[2] is not None} == {
        "listening": (-2, 2, 0.0),
        "empathy": (0, 2, 0.0),
        "resolution": (4, 4, 100.0),  # all a route can earn, more than the best route's 2
    }
    assert result.scores["resolution"].against_best == 100.0  # held at 100% in the overall
    assert (result.percent, result.grade, result.passed) == (25.0, "F", False)
    assert conv.mood == -40 and result.csat == 2  # an angry customer gives at most 2
    assert result.decisions[0].mechanics == ["premature_fix"]
    assert result.decisions[0].chosen.points == {"resolution": 2, "listening": -2}
    # The debrief shows the option not taken with what it would have earned.
    (other,) = result.decisions[0].others
    assert other.text == "Mm. Go on, I'm listening." and other.points == {
        "empathy": 1,
        "listening": 1,
    }
    assert other.mood == 5 and other.feedback == "Let them get it out first."


RECALL = """
nodes:
  start:
    say: "Hi, it's about my order."
    choices:
      - text: "Sure, what's the order number?"
        effects: {resolution: 1}
        feedback: Gathering the facts.
        next: gives
      - text: "I'm sorry to hear there's a problem."
        effects: {empathy: 1}
        feedback: Kind, but you still need the facts.
        next: ask
  gives:
    say: "It's 4417."
    mentions: {order: "4417"}
    choices:
      - text: "Thank you."
        effects: {empathy: 1}
        feedback: Polite.
        next: ask
  ask:
    say: "So can you fix it?"
    choices:
      - text: "Yes: order 4417 is on its way."
        recall: order
        effects: {resolution: 1}
        feedback: You used what they told you.
        next: done
      - text: "Yes: order 4471 is on its way."
        misrecall: order
        effects: {resolution: 1}
        feedback: Close is not the same as right.
        next: done
      - text: "What was the order number again?"
        effects: {resolution: 1}
        feedback: They already told you.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Shipped.}
"""


def test_recall_and_misrecall_choices_stay_hidden_until_the_detail_is_mentioned() -> None:
    # Nobody can bring back, or get wrong, a detail the customer never said.
    sc = scenario(RECALL)
    conv = play(sc, [2])
    assert conv.heard == {}
    assert [oc.choice.text for oc in conv.choices] == ["What was the order number again?"]
    conv = play(sc, [1, 1])
    assert conv.heard == {"order": "4417"}
    assert [(oc.number, oc.choice_index) for oc in conv.choices] == [(1, 0), (2, 1), (3, 2)]


def test_recalling_the_detail_rewards_listening() -> None:
    conv = play(scenario(RECALL), [1, 1, 1])
    assert transcript(conv) == [
        ("customer", "Hi, it's about my order."),
        ("trainee", "Sure, what's the order number?"),
        ("customer", "It's 4417."),
        ("trainee", "Thank you."),
        ("customer", "So can you fix it?"),
        ("trainee", "Yes: order 4417 is on its way."),
        ("customer", "Thanks."),
    ]
    assert {k: v for k, v in scores(conv).items() if v[2] is not None} == {
        "listening": (2, 2, 100.0),
        "empathy": (1, 1, 100.0),
        "resolution": (2, 2, 100.0),
    }
    result = conv.result()
    assert (result.percent, result.grade, result.passed, result.csat) == (
        100.0,
        "A",
        True,
        3,
    )  # annoyed: at most 3 stars
    assert result.decisions[-1].mechanics == ["recall"]


def test_getting_the_detail_wrong_costs_listening_and_mood() -> None:
    conv = play(scenario(RECALL), [1, 1, 2])
    assert scores(conv)["listening"] == (-2, 2, 0.0)
    assert conv.mood == -5
    result = conv.result()
    assert (result.percent, result.grade, result.passed) == (50.0, "F", False)
    assert result.decisions[-1].mechanics == ["misrecall"]
    # Asking again costs nothing extra but earns nothing either.
    again = play(scenario(RECALL), [1, 1, 3])
    assert scores(again)["listening"] == (0, 2, 0.0) and again.mood == 0


DEAD_AIR = """
nodes:
  start:
    say: "Hello? Are you there?"
    respond_within: 5
    choices:
      - text: "Yes, sorry, I'm here."
        effects: {composure: 1}
        feedback: Calm.
        next: middle
  middle:
    say: "OK, so what now?"
    respond_within: 5
    choices:
      - text: "I'll fix it right away."
        effects: {resolution: 1}
        feedback: Direct.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 3, say: "Good.", summary: Fixed.}
"""


def test_answering_after_the_response_time_costs_composure_and_patience() -> None:
    conv = play(scenario(DEAD_AIR, patience=25), [{"n": 1, "elapsed": 7}, {"n": 1, "elapsed": 5}])
    assert transcript(conv) == [
        ("customer", "Hello? Are you there?"),
        ("note", "(Silence: no answer within 5 seconds.)"),
        ("customer", "Hello? Are you even there?"),  # the irate kind's first prompt
        ("trainee", "Yes, sorry, I'm here."),
        ("customer", "OK, so what now?"),
        ("trainee", "I'll fix it right away."),  # exactly on the limit is in time
        ("customer", "Good."),
    ]
    assert conv.patience == 15
    assert {k: v for k, v in scores(conv).items() if v[2] is not None} == {
        "resolution": (1, 1, 100.0),
        "composure": (0, 1, 0.0),
    }
    result = conv.result()
    assert (result.percent, result.grade, result.passed, result.csat) == (50.0, "F", False, 3)
    first, second = result.decisions
    assert first.dead_air and first.mechanics == ["dead_air"] and first.points == {"composure": 0}
    assert first.elapsed == 7 and first.patience_after == 15
    assert not second.dead_air


def test_silence_from_a_ui_timer_charges_dead_air_once_and_matches_a_late_answer() -> None:
    sc = scenario(DEAD_AIR, patience=25)
    late = play(sc, [{"n": 1, "elapsed": 7}, 1])
    timed = play(sc, [])
    assert timed.silence() is True
    assert timed.patience == 15
    assert timed.silence() is False  # once per visit, however long the silence lasts
    timed.choose(1, elapsed=7)  # the late answer is not charged a second time
    assert timed.patience == 15
    timed.choose(1)
    assert transcript(timed) == transcript(late)
    assert timed.result().to_dict() == late.result().to_dict()


def test_silence_does_nothing_where_there_is_no_response_time_or_after_the_end() -> None:
    conv = play(scenario(INTERRUPT), [])
    assert conv.silence() is False
    assert conv.patience == 50 and len(transcript(conv)) == 1
    conv.choose(1)
    conv.choose(1)
    assert conv.ended and conv.silence() is False


def test_dead_air_that_exhausts_patience_ends_the_call() -> None:
    sc = scenario(DEAD_AIR, patience=10)
    conv = play(sc, [])
    assert conv.silence() is True
    assert conv.ended and conv.patience == 0
    assert transcript(conv) == [
        ("customer", "Hello? Are you there?"),
        ("note", "(Silence: no answer within 5 seconds.)"),
        ("customer", "Hello? Are you even there?"),
        ("note", "(The customer has run out of patience.)"),
        ("customer", "That's it. I'm done waiting. Goodbye."),
    ]
    result = conv.result()
    assert (result.ending, result.outcome, result.csat) == ("_hung_up", "hung_up", 1)
    # The same through a late answer with no clock: the customer is gone before it is heard.
    late = play(sc, [])
    with pytest.raises(HungUpInSilence):
        late.choose(1, elapsed=6)
    assert late.ended and late.ending is not None and late.ending.id == "_hung_up"
    assert transcript(late) == transcript(conv)
