"""The road not taken: for each option not taken, the line the customer would have said next."""

from __future__ import annotations

import json

from test_engine_kit import play, rubric, scenario

from simulator.engine.conversation import Conversation
from simulator.engine.debrief_text import render_debrief

CALL = """
nodes:
  start:
    say: "I was charged twice for the same order."
    choices:
      - text: "I'm sorry about that. Let me find both payments."
        effects: {empathy: 1}
        feedback: Ownership.
        next: found
      - text: "Are you sure you didn't order twice?"
        effects: {no_blame: -1}
        patience: -60
        feedback: It sounds like blame.
        next: found
      - text: "Can you tell me the order number?"
        effects: {listening: 1}
        feedback: Facts first.
        next: number
  number:
    say: ["It's 4471.", "Order 4471."]
    choices:
      - text: "Thanks. Let me look."
        effects: {listening: 1}
        feedback: Good.
        next: found
  found:
    say: ["I see. So what happens now?", "Right. And now?", "OK. What now?"]
    choices:
      - text: "I'll refund the second payment today."
        effects: {resolution: 2}
        feedback: A fix.
        next: done
      - text: "Let me check again."
        effects: {listening: 1}
        feedback: Looping.
        next: found
endings:
  done: {outcome: resolved, satisfaction: 5, say: "Thank you.", summary: Refunded.}
"""


def _played_line(sc, data: dict, number: int) -> str:
    """What the customer actually says when ``number`` is taken from the saved call ``data``."""
    conv = Conversation.restore(sc, rubric(), json.loads(json.dumps(data)))
    conv.choose(number)
    return conv.line


def test_peeking_at_a_branch_is_the_line_the_engine_then_plays_and_changes_nothing() -> None:
    sc = scenario(CALL, patience=50)
    for seed in range(8):
        conv = play(sc, [3, 1, 2], seed=seed)  # 'found' comes round again: its wording varies
        before = conv.save()
        for oc in conv.choices:
            assert conv.reply_to(oc.number) == _played_line(sc, before, oc.number)
        assert conv.save() == before


def test_a_branch_that_uses_up_patience_would_have_ended_in_the_hang_up() -> None:
    sc = scenario(CALL, patience=50)
    conv = play(sc, [])
    assert conv.reply_to(2) == "That's it. I'm done waiting. Goodbye."
    assert conv.reply_to(1) in sc.nodes["found"].say


def test_every_decision_records_the_customers_reply_on_each_road_not_taken() -> None:
    sc = scenario(CALL, patience=50)
    conv = play(sc, [], seed=4)
    expected = {oc.choice.text: conv.reply_to(oc.number) for oc in conv.choices}
    decision = conv.choose(1)
    assert decision.chosen.reply == conv.line
    assert {o.text: o.reply for o in decision.others} == {
        text: line for text, line in expected.items() if text != decision.chosen.text
    }
    saved = Conversation.restore(sc, rubric(), json.loads(json.dumps(conv.save())))
    assert saved.decisions[0].others == decision.others


def test_a_call_saved_before_replies_were_recorded_still_restores() -> None:
    sc = scenario(CALL, patience=50)
    data = json.loads(json.dumps(play(sc, [1]).save()))
    for d in data["decisions"]:
        for o in [d["chosen"], *d["others"]]:
            del o["reply"]
    back = Conversation.restore(sc, rubric(), data)
    assert [o.reply for o in back.decisions[0].others] == ["", ""]


def test_the_terminal_debrief_shows_what_the_customer_would_have_said() -> None:
    sc = scenario(CALL, patience=50)
    conv = play(sc, [1, 1], seed=2)
    text = render_debrief(conv.result())
    first = conv.decisions[0]
    for other in first.others:
        assert f'The customer would have said: "{other.reply}"' in text
    assert "The customer would have said: \"That's it. I'm done waiting. Goodbye.\"" in text
