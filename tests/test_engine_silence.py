"""Silence as a behaviour: past the response time the customer prompts, loses patience, hangs up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_engine_kit import play, rubric, scenario, transcript

from simulator.engine.conversation import Conversation, HungUpInSilence
from simulator.engine.silence import GENERIC_SILENCE, KIND_SILENCE, step_after, step_patience
from simulator.scenario.model import KINDS

CALL = """
nodes:
  start:
    say: "My internet's been down since this morning."
    respond_within: 10
    choices:
      - text: "I'm sorry, let me look at your line now."
        effects: {empathy: 1}
        feedback: Ownership.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Fixed.}
"""

AUTHORED = """
silence:
  - say: "Hello? Are you still there?"
  - say: "I can hear you typing. Say something, please."
    after: 5
    patience: -20
"""


def test_every_kind_of_caller_has_its_own_built_in_prompts() -> None:
    assert set(KIND_SILENCE) == set(KINDS)
    firsts = {steps[0].say for steps in KIND_SILENCE.values()}
    assert len(firsts) >= len(KINDS) - 2  # the kinds do not all sound alike
    assert all(len(steps) >= 2 for steps in KIND_SILENCE.values())


def _documented_silence() -> dict[str, list[tuple[str, float, int]]]:
    """The built-in steps as docs/scenario-format.md lists them: per kind, (prompt, after, patience)."""
    text = (Path(__file__).parents[1] / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    head = "| kind | first prompt | second prompt | after (s) | patience |"
    assert head in text, "the table of built-in silence steps is missing from the format guide"
    rows: dict[str, list[tuple[str, float, int]]] = {}
    for line in text.split(head, 1)[1].splitlines()[2:]:
        if not line.startswith("|"):
            break
        kind, first, second, after, patience = (c.strip() for c in line.strip("|").split(" | "))
        rows[kind.strip("`")] = [
            (first.strip('"'), 0.0, 0),
            (second.strip('"'), float(after), int(patience)),
        ]
    return rows


def test_the_format_guide_lists_every_kinds_built_in_silence_exactly_as_the_code_has_it() -> None:
    documented = _documented_silence()
    in_code = {**KIND_SILENCE, "(any other)": GENERIC_SILENCE}
    assert set(documented) == set(in_code)
    for kind, steps in in_code.items():
        # one wording per step, as the table can show it; the first one free beyond dead air
        assert all(len(step.say) == 1 for step in steps), kind
        spoken = [
            (s.say[0], step_after(steps, i), step_patience(steps, i)) for i, s in enumerate(steps)
        ]
        assert spoken == documented[kind], f"{kind}: docs/scenario-format.md and silence.py differ"


def test_silence_past_the_response_time_plays_the_prompts_in_steps_then_the_hang_up() -> None:
    sc = scenario(CALL, extra=AUTHORED, patience=50)
    conv = play(sc, [])
    assert conv.next_silence_at == 10
    assert conv.wait(9.9) == []  # not yet
    first = conv.wait(10)
    assert [(e.step, e.line, e.patience, e.hung_up) for e in first] == [
        (1, "Hello? Are you still there?", -10, False)  # dead air: the rubric's patience -10
    ]
    assert conv.line == "Hello? Are you still there?" and conv.patience == 40
    assert conv.wait(12) == []  # each step plays once
    assert conv.next_silence_at == 15
    second = conv.wait(15)
    assert [(e.step, e.line, e.patience) for e in second] == [
        (2, "I can hear you typing. Say something, please.", -20)
    ]
    assert conv.patience == 20 and not conv.ended
    # The last step comes round again, 5 s apart, until patience is gone: then at once the hang-up.
    third = conv.wait(20)
    assert third[-1].hung_up and conv.ended and conv.patience == 0
    assert conv.result().outcome == "hung_up"
    assert transcript(conv)[-3:] == [
        ("customer", "I can hear you typing. Say something, please."),
        ("note", "(The customer has run out of patience.)"),
        ("customer", "That's it. I'm done waiting. Goodbye."),
    ]
    assert conv.next_silence_at is None and conv.wait(100) == []


def test_a_long_silence_all_at_once_plays_every_step_due() -> None:
    sc = scenario(CALL, extra=AUTHORED, patience=50)
    stepwise = play(sc, [])
    for t in (10, 15, 20):
        stepwise.wait(t)
    at_once = play(sc, [])
    events = at_once.wait(60)
    assert [e.step for e in events] == [1, 2, 3] and events[-1].hung_up
    assert transcript(at_once) == transcript(stepwise)


def test_silence_is_scored_as_dead_air_once_and_the_answer_after_it_is_not_charged_again() -> None:
    sc = scenario(CALL, extra=AUTHORED, patience=50)
    conv = play(sc, [])
    conv.wait(16)  # two prompts
    decision = conv.choose(1, elapsed=16)
    assert decision.dead_air and decision.mechanics == ["dead_air"]
    assert decision.points == {"empathy": 1, "composure": -1}
    assert decision.customer_line == "My internet's been down since this morning."
    assert conv.patience == 20 and conv.state.points.get("composure") == -1


def test_the_kind_gives_the_prompts_unless_the_scenario_or_the_node_words_them() -> None:
    built_in = play(scenario(CALL), [])
    built_in.wait(10)
    assert built_in.line == KIND_SILENCE["irate"][0].say[0]
    authored = play(scenario(CALL, extra=AUTHORED), [])
    authored.wait(10)
    assert authored.line == "Hello? Are you still there?"
    per_node = CALL.replace(
        "    respond_within: 10\n",
        '    respond_within: 10\n    silence:\n      - say: "Sorry, did the line drop?"\n',
    )
    node = play(scenario(per_node, extra=AUTHORED), [])
    node.wait(10)
    assert node.line == "Sorry, did the line drop?"


def test_a_late_answer_without_a_clock_brings_the_first_prompt_before_the_answer() -> None:
    conv = play(scenario(CALL, extra=AUTHORED), [{"n": 1, "elapsed": 12}])
    assert transcript(conv)[1:4] == [
        ("note", "(Silence: no answer within 10 seconds.)"),
        ("customer", "Hello? Are you still there?"),
        ("trainee", "I'm sorry, let me look at your line now."),
    ]


def test_a_late_answer_without_a_clock_plays_every_step_its_time_reaches_as_the_clock_would() -> (
    None
):
    sc = scenario(CALL, extra=AUTHORED, patience=50)
    scripted = play(sc, [{"n": 1, "elapsed": 17}])  # no clock ran: 17 s reach both prompts
    live = play(sc, [])
    for t in (10, 15):  # the clock plays each step as it comes, then the answer at 17 s
        live.wait(t)
    live.choose(1, elapsed=17)
    assert transcript(scripted)[1:5] == [
        ("note", "(Silence: no answer within 10 seconds.)"),
        ("customer", "Hello? Are you still there?"),
        ("customer", "I can hear you typing. Say something, please."),
        ("trainee", "I'm sorry, let me look at your line now."),
    ]
    assert scripted.save() == live.save()
    decision = scripted.result().decisions[0]
    assert decision.dead_air and decision.points == {"empathy": 1, "composure": -1}
    assert decision.patience_after == 50 - 10 - 20  # dead air, then the sharper prompt


def test_a_scripted_answer_after_the_patience_ran_out_is_never_heard_the_customer_hangs_up() -> (
    None
):
    sc = scenario(CALL, extra=AUTHORED, patience=50)
    conv = play(sc, [])
    with pytest.raises(HungUpInSilence, match="hung up during the 30 seconds of silence"):
        conv.choose(1, elapsed=30)  # 10 s: dead air (40), 15 s: -20 (20), 20 s: -20 (0)
    assert conv.ended and conv.patience == 0 and conv.result().outcome == "hung_up"
    assert conv.result().decisions == []
    said = transcript(conv)
    assert ("trainee", "I'm sorry, let me look at your line now.") not in said
    assert said[-2:] == [
        ("note", "(The customer has run out of patience.)"),
        ("customer", "That's it. I'm done waiting. Goodbye."),
    ]


def test_the_next_prompt_is_among_the_lines_to_render_ahead() -> None:
    conv = play(scenario(CALL, extra=AUTHORED), [])
    assert "Hello? Are you still there?" in conv.upcoming_lines()
    conv.wait(10)
    assert "I can hear you typing. Say something, please." in conv.upcoming_lines()


def test_a_call_saved_in_the_middle_of_a_silence_goes_on_exactly() -> None:
    sc = scenario(CALL, extra=AUTHORED, patience=50)
    conv = play(sc, [])
    conv.wait(10)
    back = Conversation.restore(sc, rubric(), json.loads(json.dumps(conv.save())))
    assert back.wait(14) == [] and back.next_silence_at == 15
    assert back.wait(30) == conv.wait(30)
    assert back.save() == conv.save()


def test_undo_after_a_silence_takes_the_answer_back_but_not_the_silence() -> None:
    sc = scenario(CALL, extra=AUTHORED, patience=50)
    conv = play(sc, [], mode="practice")
    conv.wait(10)
    conv.choose(1)
    conv.undo()
    assert conv.patience == 40 and conv.line == "Hello? Are you still there?"
    assert conv.next_silence_at == 15


@pytest.mark.parametrize("moves, hung_up", [("1@12", False), ("1@40", True)])
def test_the_terminal_plays_the_silence_of_a_timed_answer(tmp_path, capsys, moves, hung_up) -> None:
    from test_engine_kit import HEADER, RUBRIC_YAML

    from simulator.cli import main

    (tmp_path / "rubric.yaml").write_text(RUBRIC_YAML, encoding="utf-8")
    body = HEADER.format(id="quiet_line", mood=0, patience=50, start="start") + AUTHORED + CALL
    path = tmp_path / "quiet_line.yaml"
    path.write_text(body, encoding="utf-8")
    code = main(["play", str(path), "--choices", moves, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    said = [t["text"] for t in data["transcript"] if t["speaker"] == "customer"]
    assert "Hello? Are you still there?" in said
    assert (data["outcome"] == "hung_up") is hung_up
    assert ("hung up during the 40 seconds of silence" in err) is hung_up
