"""Transcript tests for how a call flows: patience running out, conditions and flags, clamping, stuck nodes."""

from __future__ import annotations

import pytest
from test_engine_kit import play, rubric, scenario, scores, transcript

from simulator.engine.conversation import Conversation, EngineError

HANG_UP = """
nodes:
  start:
    say: "Where is my parcel?"
    choices:
      - text: "Policy is policy."
        effects: {empathy: -1}
        patience: -20
        mood: -20
        feedback: Quoting policy at an upset caller burns their patience.
        next: middle
      - text: "Let me find it for you."
        effects: {empathy: 1}
        feedback: Good.
        next: middle
  middle:
    say: "Well?"
    choices:
      - text: "It arrives tomorrow."
        effects: {resolution: 1}
        feedback: Clear.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Fine.", summary: Found.}
"""


def test_customer_hangs_up_with_the_built_in_ending_when_patience_hits_zero() -> None:
    conv = play(scenario(HANG_UP, patience=20, mood=-20), [1])
    assert conv.ended and conv.patience == 0
    assert transcript(conv) == [
        ("customer", "Where is my parcel?"),
        ("trainee", "Policy is policy."),
        ("note", "(The customer has run out of patience.)"),
        ("customer", "That's it. I'm done waiting. Goodbye."),
    ]
    result = conv.result()
    assert (result.ending, result.outcome) == ("_hung_up", "hung_up")
    assert result.ending_summary == "The customer ran out of patience and hung up."
    assert scores(conv)["empathy"] == (-1, 1, 0.0)
    assert (result.percent, result.grade, result.passed, result.csat) == (0.0, "F", False, 1)
    with pytest.raises(EngineError, match="ended"):
        conv.choose(1)


def test_patience_left_over_lets_the_call_go_on() -> None:
    conv = play(scenario(HANG_UP, patience=21), [1, 1])
    assert conv.patience == 1 and conv.result().ending == "done"


MANAGER = """
on_patience_out: manager
nodes:
  start:
    say: "I've been waiting all week."
    choices:
      - text: "Please hold."
        effects: {composure: -1}
        patience: -30
        feedback: More waiting is the last thing they need.
        next: start
      - text: "Fetch the manager yourself then."
        effects: {composure: -2}
        patience: -30
        feedback: Sending them away.
        next: manager
      - text: "I'll sort it now."
        effects: {resolution: 1}
        feedback: Good.
        next: done
  manager:
    say: "Get me your manager. Now."
    choices:
      - text: "Of course, I'll transfer you to my supervisor."
        effects: {resolution: 1}
        patience: -10
        feedback: Sometimes a transfer is the right call; warm it up.
        next: transferred
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Sorted.}
  transferred: {outcome: escalated, satisfaction: 2, say: "Finally.", summary: Escalated to a supervisor.}
"""


def test_an_authored_on_patience_out_node_takes_over_and_the_call_continues_from_there() -> None:
    conv = play(scenario(MANAGER, patience=30), [1])
    assert conv.node is not None and conv.node.id == "manager" and conv.patience == 0
    # Patience stays at 0 here, yet choosing goes on to the choice's target, not back to 'manager'.
    conv.choose(1)
    assert transcript(conv) == [
        ("customer", "I've been waiting all week."),
        ("trainee", "Please hold."),
        ("note", "(The customer has run out of patience.)"),
        ("customer", "Get me your manager. Now."),
        ("trainee", "Of course, I'll transfer you to my supervisor."),
        ("customer", "Finally."),
    ]
    result = conv.result()
    assert (result.ending, result.outcome, result.csat) == ("transferred", "escalated", 2)
    assert conv.visited == ["start", "manager", "transferred"]


def test_a_choice_leading_to_the_patience_out_node_itself_enters_it_once() -> None:
    conv = play(scenario(MANAGER, patience=30), [2])
    assert transcript(conv) == [
        ("customer", "I've been waiting all week."),
        ("trainee", "Fetch the manager yourself then."),
        ("note", "(The customer has run out of patience.)"),
        ("customer", "Get me your manager. Now."),
    ]
    assert conv.visited == ["start", "manager"]


def test_an_authored_patience_out_ending() -> None:
    body = MANAGER.replace("on_patience_out: manager", "on_patience_out: gone") + (
        '  gone: {outcome: hung_up, satisfaction: 1, say: "Forget it.", summary: They hung up.}\n'
    )
    conv = play(scenario(body, patience=60, mood=-70), [1, 1])
    assert transcript(conv)[-3:] == [
        ("trainee", "Please hold."),
        ("note", "(The customer has run out of patience.)"),
        ("customer", "Forget it."),
    ]
    result = conv.result()
    assert (result.ending, result.outcome, result.csat) == ("gone", "hung_up", 1)
    # The loop back to 'start' chose the same node twice; both visits scored.
    assert scores(conv)["composure"][0] == -2


def test_mood_and_patience_stay_within_their_ranges() -> None:
    body = """
    nodes:
      start:
        say: "Hello."
        choices:
          - text: "Wonderful news: it's free."
            effects: {resolution: 1}
            mood: 50
            patience: 50
            feedback: Generous.
            next: start
          - text: "Go away."
            effects: {composure: -3}
            mood: -100
            patience: -100
            feedback: Never.
            next: done
    endings:
      done: {outcome: hung_up, satisfaction: 1}
    """
    conv = play(scenario(body, mood=80, patience=90), [1])
    assert (conv.mood, conv.patience) == (100, 100)
    conv.choose(1)
    assert (conv.mood, conv.patience) == (100, 100)
    rude = play(scenario(body, mood=-50, patience=90), [2])
    assert (rude.mood, rude.patience) == (-100, 0)
    assert rude.result().final_mood == -100 and rude.result().final_patience == 0


FLAGS = """
nodes:
  start:
    say: "I need help with my bill."
    choices:
      - text: "I'll sort it and call you back."
        set: [callback, noted]
        effects: {follow_up: 1}
        mood: 30
        feedback: A promise you must keep.
        next: check
      - text: "Let me look."
        effects: {resolution: 1}
        feedback: Looking first.
        next: detour
  detour:
    say: "Take your time."
    choices:
      - text: "Found it."
        effects: {resolution: 1}
        feedback: Found.
        next: check
  check:
    say: "So what happens now?"
    choices:
      - text: "As promised, I'll call you back on Friday."
        if: {flag: callback}
        clear: [callback]
        effects: {follow_up: 2}
        feedback: Keeping the promise.
        next: done
      - text: "I'm glad that helped."
        if: {mood_at_least: 30}
        effects: {empathy: 1}
        feedback: Warm.
        next: done
      - text: "Thanks for waiting while I looked."
        if: {visited: detour}
        effects: {empathy: 1}
        feedback: Thanking them for waiting.
        next: done
      - text: "Anything else?"
        if: {all: [{not: {flag: callback}}, {any: [{visited: detour}, {flag: noted}]}]}
        effects: {composure: 1}
        feedback: Open question.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Bye.", summary: Done.}
"""


def test_conditions_open_choices_by_flag_mood_and_visits() -> None:
    sc = scenario(FLAGS)
    promised = play(sc, [1])
    assert promised.flags == {"callback", "noted"}
    assert [oc.choice.text for oc in promised.choices] == [
        "As promised, I'll call you back on Friday.",
        "I'm glad that helped.",
    ]
    looked = play(sc, [2, 1])
    assert looked.flags == set()
    assert [(oc.number, oc.choice_index, oc.choice.text) for oc in looked.choices] == [
        (1, 2, "Thanks for waiting while I looked."),
        (2, 3, "Anything else?"),
    ]
    assert not looked.fallback_open


def test_clear_removes_a_flag_and_the_transcript_follows_the_open_numbering() -> None:
    conv = play(scenario(FLAGS), [1, 1])
    assert conv.flags == {"noted"}
    assert transcript(conv)[-2:] == [
        ("trainee", "As promised, I'll call you back on Friday."),
        ("customer", "Bye."),
    ]
    # The best route (look, find, thank) earns no follow-up; this promise kept earns all 3 there are.
    assert scores(conv)["follow_up"] == (3, 3, 100.0)
    follow_up = conv.result().scores["follow_up"]
    assert (follow_up.best, follow_up.against_best) == (0, 100.0)  # the overall: nothing lost there
    # Number 2 here is the second *open* choice, the mood one, not the node's second choice.
    other = play(scenario(FLAGS), [2, 1, 2])
    assert transcript(other)[-2][1] == "Anything else?"
    decision = other.result().decisions[-1]
    assert decision.chosen.index == 2 and [o.text for o in decision.others] == [
        "Thanks for waiting while I looked."
    ]


def test_mood_condition_reads_the_mood_at_the_time_of_asking() -> None:
    conv = play(scenario(FLAGS, mood=-31), [1])  # +30 leaves the mood at -1
    assert [oc.choice.text for oc in conv.choices] == ["As promised, I'll call you back on Friday."]


STUCK = """
nodes:
  start:
    say: "Hi."
    choices:
      - text: "Hello, how can I help?"
        effects: {empathy: 1}
        feedback: Friendly.
        next: gate
      - text: "Account number?"
        set: [verified]
        effects: {resolution: 1}
        feedback: Straight to business.
        next: gate
  gate:
    say: "Well?"
    mentions: {name: Pat}
    choices:
      - text: "Now that you're verified, here's the answer."
        if: {flag: verified}
        effects: {resolution: 1}
        feedback: Verified first.
        next: done
      - text: "I'll need to verify you first."
        if: {all: [{flag: verified}, {not: {flag: verified}}]}
        effects: {resolution: -1}
        feedback: Never open.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 3, say: "OK.", summary: Done.}
"""


def test_a_node_whose_every_choice_is_closed_falls_back_instead_of_stalling() -> None:
    sc = scenario(STUCK)
    conv = play(sc, [1])
    assert conv.fallback_open
    # Conditions are set aside so the trainee can still answer; the call does not crash or hang.
    assert [oc.choice.text for oc in conv.choices] == [
        "Now that you're verified, here's the answer.",
        "I'll need to verify you first.",
    ]
    conv.choose(1)
    assert conv.ended and conv.result().ending == "done"
    normal = play(sc, [2])
    assert not normal.fallback_open and len(normal.choices) == 1


RECALL_GATE = """
nodes:
  start:
    say: "Hi."
    choices:
      - text: "Hello, how can I help?"
        effects: {empathy: 1}
        feedback: Friendly.
        next: gate
      - text: "Who am I speaking to?"
        set: [verified]
        effects: {listening: 1}
        feedback: Asking.
        next: named
  named:
    say: "I'm Pat."
    mentions: {name: Pat}
    choices:
      - text: "Thanks."
        effects: {empathy: 1}
        feedback: Polite.
        next: gate
  gate:
    say: "Well?"
    choices:
      - text: "Now that you're verified, here's the answer."
        if: {flag: verified}
        effects: {resolution: 1}
        feedback: Verified first.
        next: done
      - text: "Thanks, Pat."
        recall: name
        effects: {empathy: 1}
        feedback: Using their name.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 3, say: "OK.", summary: Done.}
"""


def test_fallback_keeps_recalls_hidden_until_their_detail_was_heard() -> None:
    conv = play(scenario(RECALL_GATE), [1])
    assert conv.fallback_open
    assert [oc.choice.text for oc in conv.choices] == [
        "Now that you're verified, here's the answer."
    ]
    heard = play(scenario(RECALL_GATE), [2, 1])
    assert not heard.fallback_open and len(heard.choices) == 2


def test_bad_choice_numbers_are_refused_without_changing_the_call() -> None:
    conv = play(scenario(FLAGS), [])
    before = conv.save()
    for bad in (0, 3, -1):
        with pytest.raises(EngineError, match="pick 1 to 2"):
            conv.choose(bad)
    assert conv.save() == before


def test_starting_at_a_missing_node_or_in_an_unknown_mode_is_refused() -> None:
    sc = scenario(FLAGS)
    with pytest.raises(EngineError, match="no node 'nowhere'"):
        Conversation(sc, rubric(), start_at="nowhere")
    with pytest.raises(EngineError, match="mode"):
        Conversation(sc, rubric(), mode="exam")
    conv = Conversation(sc, rubric(), start_at="check")
    assert transcript(conv) == [("customer", "So what happens now?")]


def test_heard_patience_and_mood_below_conditions_read_the_live_call() -> None:
    body = """
    nodes:
      start:
        say: "My account number is 5521."
        mentions: {account: "5521"}
        choices:
          - text: "Thanks. One moment."
            effects: {listening: 1}
            patience: -15
            mood: -10
            feedback: Noted.
            next: ask
      ask:
        say: "Still there?"
        choices:
          - text: "Yes, I have account 5521 open."
            if: {heard: account}
            effects: {listening: 1}
            feedback: Heard it.
            next: done
          - text: "Sorry for the wait."
            if: {all: [{patience_below: 40}, {mood_below: 0}, {not_flag: rushed}]}
            effects: {empathy: 1}
            feedback: Noticing their patience.
            next: done
          - text: "Great, let's go on."
            if: {any: [{patience_at_least: 40}, {flag: rushed}]}
            set: [rushed]
            effects: {resolution: 1}
            feedback: Moving on.
            next: done
    endings:
      done: {outcome: resolved, satisfaction: 3, say: "OK.", summary: Done.}
    """
    tired = play(scenario(body, patience=50), [1])
    assert tired.patience == 35 and tired.mood == -10
    assert [oc.choice.text for oc in tired.choices] == [
        "Yes, I have account 5521 open.",
        "Sorry for the wait.",
    ]
    fresh = play(scenario(body, patience=60), [1])
    assert [oc.choice.text for oc in fresh.choices] == [
        "Yes, I have account 5521 open.",
        "Great, let's go on.",
    ]
