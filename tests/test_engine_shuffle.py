"""Seeded shuffling of the open choices: replayable orders, numbers as shown, identities kept for the debrief."""

from __future__ import annotations

import json

from test_engine_kit import rubric, scenario, transcript

from simulator.engine.conversation import Conversation, shuffled

# Four answers at the start (one comes back for a second visit), and a recall
# that opens only once the customer has mentioned the order number.
FOUR = """
nodes:
  start:
    say: "My order 42 never came."
    mentions: {order: "42"}
    choices:
      - text: "I'm sorry; let me find out where it is."
        effects: {empathy: 1, resolution: 1}
        feedback: Warm and to the point.
        next: found
      - text: "Could you say that again?"
        effects: {listening: -1}
        feedback: They said it clearly.
        next: start
      - text: "Orders do get lost sometimes."
        effects: {empathy: -1}
        feedback: True, but no comfort.
        next: found
      - text: "Order 42, I'll look it up now."
        recall: order
        effects: {resolution: 1}
        feedback: You used the number they gave.
        next: found
  found:
    say: "Well?"
    choices:
      - text: "It's with the courier; it arrives tomorrow, and I'll text you when it leaves the depot."
        effects: {resolution: 2, follow_up: 1}
        feedback: A date and a promise.
        next: done
      - text: "No idea, sorry."
        effects: {resolution: -2}
        feedback: Leaves them stuck.
        next: done
      - text: "As I promised, here's the tracking link."
        if: {flag: promised}
        effects: {follow_up: 1}
        feedback: Keeping a promise nobody made here.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "OK.", summary: Traced.}
"""


def order(conv: Conversation) -> list[int]:
    """The open choices as shown, by their index among the node's choices."""
    return [oc.choice_index for oc in conv.choices]


def shuffling(seed: int) -> Conversation:
    return Conversation(scenario(FOUR), rubric(), seed=seed, shuffle=True)


def test_the_same_seed_shows_the_same_order_and_numbers_run_1_to_n() -> None:
    for seed in range(20):
        a, b = shuffling(seed), shuffling(seed)
        assert order(a) == order(b)
        assert sorted(order(a)) == [0, 1, 2, 3]
        assert [oc.number for oc in a.choices] == [1, 2, 3, 4]
        assert order(a) == shuffled([0, 1, 2, 3], seed, "start", 1)


def test_different_seeds_give_different_orders_and_the_best_answer_is_not_always_first() -> None:
    orders = {tuple(order(shuffling(seed))) for seed in range(40)}
    assert len(orders) > 5
    assert {o[0] for o in orders} == {0, 1, 2, 3}


def test_without_shuffle_the_authored_order_is_kept_whatever_the_seed() -> None:
    for seed in range(10):
        assert order(Conversation(scenario(FOUR), rubric(), seed=seed)) == [0, 1, 2, 3]


def test_numbers_choose_the_choice_shown_under_them_and_the_debrief_keeps_both() -> None:
    for seed in range(8):
        conv = shuffling(seed)
        shown = conv.choices
        pick = next(oc for oc in shown if oc.choice_index == 0)
        decision = conv.choose(pick.number)
        assert transcript(conv)[1] == ("trainee", "I'm sorry; let me find out where it is.")
        assert (decision.chosen.index, decision.chosen.choice_index) == (pick.number, 0)
        assert [(o.index, o.choice_index, o.text) for o in decision.others] == [
            (oc.number, oc.choice_index, oc.choice.text) for oc in shown if oc is not pick
        ]


def test_a_second_visit_draws_a_new_order_from_the_visit_count() -> None:
    for seed in range(10):
        conv = shuffling(seed)
        again = next(oc.number for oc in conv.choices if oc.choice_index == 1)
        conv.choose(again)  # "Could you say that again?" comes back to the start
        assert conv.node is not None and conv.node.id == "start"
        assert order(conv) == shuffled([0, 1, 2, 3], seed, "start", 2)


def test_undo_and_save_restore_keep_the_order_shown() -> None:
    sc = scenario(FOUR)
    for seed in range(6):
        conv = Conversation(sc, rubric(), seed=seed, shuffle=True)
        before = order(conv)
        conv.choose(1)
        mid = order(conv)
        conv.undo()
        assert order(conv) == before
        saved = json.loads(json.dumps(conv.save()))
        assert saved["shuffle"] is True
        back = Conversation.restore(sc, rubric(), saved)
        assert back.shuffle and order(back) == before
        back.choose(1)
        assert order(back) == mid


def test_a_call_saved_before_shuffling_existed_restores_in_authored_order() -> None:
    sc = scenario(FOUR)
    data = Conversation(sc, rubric(), seed=3).save()
    del data["shuffle"]
    back = Conversation.restore(sc, rubric(), data)
    assert not back.shuffle and order(back) == [0, 1, 2, 3]


def test_only_open_choices_are_shuffled() -> None:
    for seed in range(10):
        conv = shuffling(seed)
        conv.choose(next(oc.number for oc in conv.choices if oc.choice_index == 0))
        assert sorted(order(conv)) == [
            0,
            1,
        ]  # the promise was never made, so its choice stays closed
        assert [oc.number for oc in conv.choices] == [1, 2]


def test_the_json_result_says_the_order_was_shuffled_and_names_each_option() -> None:
    conv = shuffling(5)
    conv.choose(next(oc.number for oc in conv.choices if oc.choice_index == 3))
    conv.choose(next(oc.number for oc in conv.choices if oc.choice_index == 0))
    data = json.loads(json.dumps(conv.result().to_dict()))
    assert data["shuffled"] is True and data["seed"] == 5
    first = data["decisions"][0]
    assert (
        first["chosen"]["choice_index"] == 3
        and first["chosen"]["text"] == "Order 42, I'll look it up now."
    )
    assert sorted(o["choice_index"] for o in first["others"]) == [0, 1, 2]
    assert data["best"]["steps"] == [
        ["start", 4],
        ["found", 1],
    ]  # authored numbers, whatever was shown
    assert (data["percent"], data["grade"]) == (conv.result().percent, conv.result().grade)
    assert (
        json.loads(json.dumps(Conversation(scenario(FOUR), rubric()).result().to_dict()))[
            "shuffled"
        ]
        is False
    )
