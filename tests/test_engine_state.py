"""Transcript tests for a call's state: wording variants by seed, save and restore, undo."""

from __future__ import annotations

import json

import pytest
from test_engine_kit import play, rubric, scenario, transcript

from simulator.engine.call_state import SAVE_VERSION
from simulator.engine.conversation import Conversation, EngineError

VARIANTS = """
nodes:
  start:
    say:
      - "Hello, my heating is broken."
      - "Hi. The heating has stopped working."
      - "Good morning, there's no heat in my flat."
    mentions: {problem: heating}
    respond_within: 10
    choices:
      - text: "I'm sorry, that's miserable in this weather. When did it stop?"
        effects: {empathy: 1, listening: 1}
        set: [asked]
        feedback: Empathy and a question.
        next: when
      - text: "Have you tried turning it off and on?"
        effects: {resolution: -1}
        mood: -10
        feedback: Too quick to assume.
        next: when
  when:
    say:
      - "Since last night."
      - "It went off yesterday evening."
    choices:
      - text: "Let me check one thing."
        effects: {resolution: 1}
        feedback: Investigating.
        next: when
      - text: "I'll send an engineer about the heating today."
        recall: problem
        effects: {resolution: 2}
        feedback: Concrete.
        next: done
      - text: "I'll book you in for later this week."
        effects: {resolution: 1}
        clear: [asked]
        feedback: Slow.
        next: later
endings:
  done:
    outcome: resolved
    satisfaction: 5
    say: ["Thank you so much.", "That's a relief, thanks."]
    summary: Engineer booked.
  later: {outcome: resolved_unhappy, satisfaction: 2, say: "I suppose.", summary: Booked late.}
"""

MOVES = [{"n": 1, "elapsed": 12, "cut_in": True}, 1, 1, 2]


def test_same_seed_gives_the_same_words_and_the_lines_come_from_the_variants() -> None:
    sc = scenario(VARIANTS)
    a = transcript(play(sc, MOVES, seed=7))
    b = transcript(play(sc, MOVES, seed=7))
    assert a == b
    said = [text for who, text in a if who == "customer"]
    assert said[0] in sc.nodes["start"].say
    assert (
        said[1] == "Hello? Are you even there?"
    )  # the first answer came late: an irate caller's prompt
    assert all(line in sc.nodes["when"].say for line in said[2:5])
    assert said[5] in sc.endings["done"].say


def test_different_seeds_reach_different_variants() -> None:
    sc = scenario(VARIANTS)
    openings = {play(sc, [], seed=seed).line for seed in range(40)}
    assert openings == set(sc.nodes["start"].say)
    closings = {play(sc, [1, 2], seed=seed).line for seed in range(40)}
    assert closings == set(sc.endings["done"].say)


def test_replaying_a_seed_repeats_the_call_word_for_word_including_revisits() -> None:
    sc = scenario(VARIANTS)
    for seed in range(10):
        first = play(sc, MOVES, seed=seed).result().to_dict()
        again = play(sc, MOVES, seed=seed).result().to_dict()
        assert first == again
        assert first["seed"] == seed


def test_upcoming_lines_are_the_words_the_customer_will_actually_say_next() -> None:
    sc = scenario(VARIANTS)
    for seed in range(6):
        conv = play(sc, [1], seed=seed)
        ahead = conv.upcoming_lines()
        conv.choose(1)  # back to 'when' for a second visit
        assert conv.line in ahead


def _play_through(sc, moves, cut: int, seed: int = 3) -> dict:
    """Play ``moves``, saving after ``cut`` of them and restoring from a JSON round trip."""
    conv = Conversation(sc, rubric(), seed=seed)
    for move in moves[:cut]:
        _apply(conv, move)
    saved = json.loads(json.dumps(conv.save()))
    conv = Conversation.restore(sc, rubric(), saved)
    for move in moves[cut:]:
        _apply(conv, move)
    return conv.result().to_dict()


def _apply(conv: Conversation, move) -> None:
    if isinstance(move, int):
        conv.choose(move)
    else:
        conv.choose(move["n"], elapsed=move.get("elapsed"), cut_in=move.get("cut_in", False))


def test_restoring_mid_call_and_continuing_gives_the_same_result_as_never_saving() -> None:
    sc = scenario(VARIANTS)
    unbroken = play(sc, MOVES, seed=3).result().to_dict()
    for cut in range(len(MOVES) + 1):
        assert _play_through(sc, MOVES, cut) == unbroken, f"restored after {cut} choices"


def test_restore_keeps_a_silence_already_charged() -> None:
    sc = scenario(VARIANTS)
    conv = play(sc, [])
    conv.silence()
    back = Conversation.restore(sc, rubric(), json.loads(json.dumps(conv.save())))
    assert back.silence() is False
    back.choose(1, elapsed=12)  # before the second prompt (16 s for an irate caller)
    assert back.patience == 40  # charged once: 50 - 10


def test_save_is_plain_data_independent_of_the_call() -> None:
    sc = scenario(VARIANTS)
    conv = play(sc, [1])
    saved = conv.save()
    assert json.loads(json.dumps(saved)) == saved
    assert saved["version"] == SAVE_VERSION and saved["scenario"] == "test_call"
    saved["transcript"].clear()
    saved["flags"].append("tampered")
    assert len(transcript(conv)) == 3 and conv.flags == {"asked"}
    restored = Conversation.restore(sc, rubric(), conv.save())
    restored.choose(2)
    assert len(transcript(conv)) == 3  # the restored call does not share lists with the original


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(version=SAVE_VERSION + 1), "version"),
        (lambda d: d.update(scenario="another"), "scenario"),
        (lambda d: d.pop("points"), "missing points"),
        (lambda d: d.update(node="gone"), "node 'gone'"),
        (lambda d: d.update(mode="exam"), "mode"),
    ],
)
def test_a_save_that_does_not_fit_is_refused_with_a_reason(change, message: str) -> None:
    sc = scenario(VARIANTS)
    data = play(sc, [1]).save()
    change(data)
    with pytest.raises(EngineError, match=message):
        Conversation.restore(sc, rubric(), data)


def test_a_save_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(EngineError):
        Conversation.restore(scenario(VARIANTS), rubric(), ["not", "a", "save"])  # type: ignore[arg-type]


def _visible_state(conv: Conversation) -> dict:
    return {k: v for k, v in conv.save().items() if k != "previous"}


def test_undo_in_practice_takes_back_one_step_exactly_and_is_not_recorded() -> None:
    sc = scenario(VARIANTS)
    conv = play(sc, [], mode="practice")
    conv.choose(1, cut_in=True)
    before = _visible_state(conv)
    conv.choose(3)  # clears 'asked', reaches an ending
    assert conv.ended and conv.flags == set()
    conv.undo()
    assert _visible_state(conv) == before
    assert conv.flags == {"asked"} and not conv.ended and not conv.undo_used
    assert not conv.can_undo
    with pytest.raises(EngineError, match="nothing to undo|no decision"):
        conv.undo()
    conv.choose(2)
    direct = play(sc, [{"n": 1, "cut_in": True}, 2], mode="practice")
    assert conv.result().to_dict() == direct.result().to_dict()


def test_undo_in_a_graded_call_is_recorded() -> None:
    sc = scenario(VARIANTS)
    conv = play(sc, [1, 1])
    assert conv.can_undo and not conv.undo_used
    conv.undo()
    assert conv.undo_used
    conv.choose(2)
    result = conv.result()
    assert result.undo_used and result.to_dict()["undo_used"] is True
    # A graded call that took a decision back does not pass, however well it scored;
    # apart from that and the record, the call is the one played without undo.
    plain = play(sc, [1, 2]).result().to_dict()
    assert plain["passed"] is True and result.percent == plain["percent"] >= result.pass_mark
    assert result.passed is False
    assert result.fail_reasons == ["Undo was used in a graded call."]
    assert {**result.to_dict(), "undo_used": False, "passed": True, "fail_reasons": []} == plain


def test_undo_in_practice_does_not_stop_a_pass() -> None:
    sc = scenario(VARIANTS)
    conv = play(sc, [1, 1], mode="practice")
    conv.undo()
    conv.choose(2)
    result = conv.result()
    assert result.passed is True and result.undo_used is False
    assert result.to_dict() == play(sc, [1, 2], mode="practice").result().to_dict()


def test_undo_survives_save_and_restore() -> None:
    sc = scenario(VARIANTS)
    conv = play(sc, [1, 1], mode="practice")
    back = Conversation.restore(sc, rubric(), json.loads(json.dumps(conv.save())))
    assert back.can_undo
    back.undo()
    assert transcript(back) == transcript(play(sc, [1], mode="practice"))


def test_undo_brings_back_a_customer_who_hung_up() -> None:
    body = VARIANTS.replace("        mood: -10\n", "        mood: -10\n        patience: -50\n")
    sc = scenario(body)
    conv = play(sc, [], mode="practice")
    conv.choose(2)
    assert conv.ended and conv.result().outcome == "hung_up"
    conv.undo()
    assert (
        not conv.ended and conv.patience == 50 and conv.node is not None and conv.node.id == "start"
    )
    assert conv.line in sc.nodes["start"].say


def _as_version_2(data: dict) -> dict:
    """``data`` as the untyped engine wrote it (version 2): 'silenced' instead of counted steps."""
    old = json.loads(json.dumps(data))
    old["version"] = 2
    old["silenced"] = old.pop("silence_steps") > 0
    if old["previous"] is not None:
        old["previous"]["silenced"] = old["previous"].pop("silence_steps") > 0
    return old


def test_a_call_saved_by_the_untyped_engine_still_restores_and_plays_on_the_same() -> None:
    sc = scenario(VARIANTS)
    conv = play(sc, [{"n": 1, "elapsed": 12, "cut_in": True}], seed=5)
    conv.choose(1)
    conv.silence()  # no response time at 'when': nothing charged, the state says so
    old = _as_version_2(conv.save())
    back = Conversation.restore(sc, rubric(), old)
    assert back.save() == conv.save()
    back.choose(2)
    conv.choose(2)
    assert back.result().to_dict() == conv.result().to_dict()


def test_a_version_2_save_with_the_silence_charged_keeps_it_charged() -> None:
    sc = scenario(VARIANTS)
    conv = play(sc, [])
    assert conv.silence() is True
    back = Conversation.restore(sc, rubric(), _as_version_2(conv.save()))
    assert back.silence() is False and back.patience == 40


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(decisions=[{"node_id": "start"}]),
        lambda d: d.update(points=["not", "a", "mapping"]),
        lambda d: d.update(mood="cross"),
        lambda d: d.update(previous=7),
    ],
)
def test_a_damaged_save_is_refused_with_a_message_not_a_traceback(change) -> None:
    sc = scenario(VARIANTS)
    data = json.loads(json.dumps(play(sc, [1]).save()))
    change(data)
    with pytest.raises(EngineError, match="damaged.*start the call again"):
        Conversation.restore(sc, rubric(), data)


def test_the_state_is_typed_and_its_json_round_trip_is_exact() -> None:
    sc = scenario(VARIANTS)
    conv = play(sc, [1, 1], mode="practice")
    assert conv.state.node == "when" and conv.state.flags == ["asked"]
    assert conv.state.decisions[0].chosen.choice_index == 0
    data = conv.save()
    back = Conversation.restore(sc, rubric(), json.loads(json.dumps(data)))
    assert back.state == conv.state and back.save() == data
    back.undo()
    conv.undo()
    assert back.state == conv.state
