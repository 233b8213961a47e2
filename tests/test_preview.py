"""Truthful previews (issue 16): `--start-at NODE` assumes the shortest way there, says so, grades itself only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.analysis.preview import preview, shortest_route
from simulator.cli import main as cli_main
from simulator.engine.conversation import Conversation, EngineError
from simulator.paths import DEFAULT_RUBRIC, PROJECT_ROOT
from simulator.scenario.rubric import Rubric
from simulator.scenario.yaml_loader import load_text
from simulator.validation import rules as _registered  # noqa: F401  (importing registers every rule)
from simulator.validation.library import load_scenario
from simulator.validation.rubric_check import load_rubric
from simulator.validation.validate import check_document

_loaded, _ = load_rubric(DEFAULT_RUBRIC)
assert _loaded is not None
RUBRIC: Rubric = _loaded
RECALL = "Nothing you've already told me. I have 58213 here. Just one new thing: which card did you pay with?"
LABEL = (
    "(Preview from 'ask_details', as if the call had come the shortest way (2 decision(s)); heard "
    "amount, friday, order_number. Only the decisions made from here are graded.)"
)


def _play(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_main(["play", "late_refund", "--start-at", "ask_details", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_preview_assumes_what_the_shortest_route_heard_so_recall_answers_are_offered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _play(capsys, "--choices", "2", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["title"] == "The refund that never arrived (preview from 'ask_details')"
    assert data["preview"] == {
        "from": "ask_details",
        "blank": False,
        "route": [["opening", 2], ["third_call", 1]],
        "flags": [],
        "heard": ["amount", "friday", "order_number"],
    }
    (decision,) = data["decisions"]
    assert decision["chosen"]["text"] == RECALL  # hidden in a call started blank at this node


def test_a_blank_preview_assumes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _play(capsys, "--blank", "--choices", "2", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["preview"]["blank"] is True and data["preview"]["heard"] == []
    assert data["decisions"][0]["chosen"]["text"] != RECALL
    assert RECALL not in [o["text"] for o in data["decisions"][0]["others"]]


def test_the_preview_is_labelled_before_the_call_and_after_its_debrief(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _play(capsys, "--choices", "2,1,1,1,1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == LABEL
    assert "=== Debrief: The refund that never arrived (preview from 'ask_details') ===" in lines
    assert lines[-1] == (
        "(This was a preview from 'ask_details': only the 5 decision(s) made in it are graded, against "
        "the best that can be done from there. Play the whole call for a real grade.)"
    )


def test_the_best_play_from_the_preview_node_grades_100_percent() -> None:
    scenario, rubric, _ = load_scenario(str(PROJECT_ROOT / "scenarios" / "late_refund.yaml"))
    assert scenario is not None and rubric is not None
    p = preview(scenario, rubric, "ask_details")
    conv = Conversation(p.scenario, rubric, inherited_flags=p.inherited_flags)
    best = conv.best_path()
    assert best.steps[0][0] == "ask_details"
    for nid, number in best.steps:
        assert conv.node is not None and conv.node.id == nid
        conv.choose(next(oc.number for oc in conv.choices if oc.choice_index == number - 1))
    result = conv.result()
    assert (result.percent, result.passed, len(result.decisions)) == (100.0, True, len(best.steps))


def test_a_preview_inside_a_question_loop_keeps_the_questions_asked_and_their_count() -> None:
    guide = (PROJECT_ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    text = guide.split("### Question loops: ask until you have what you need", 1)[1]
    text = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    report = check_document(load_text(text, "leaking_ceiling.yaml"), RUBRIC, ())
    scenario = report.scenario
    assert scenario is not None
    assert shortest_route(scenario, RUBRIC, "flat_answer") == [("opening", 0), ("questions", 2)]
    p = preview(scenario, RUBRIC, "stopcock_answer")
    assert p.route == [("opening", 1), ("questions", 2)] and p.flags == ["stopcock_off"]
    conv = Conversation(p.scenario, RUBRIC, inherited_flags=p.inherited_flags)
    conv.choose(1)  # back to the questions: the stopcock question is gone, one asked already
    texts = [oc.choice.text for oc in conv.choices]
    assert "Can you reach the stopcock under the sink?" not in texts
    conv.choose(1)  # a second question: the ways out open
    conv.choose(1)
    assert any(t.startswith("That's what I need.") for t in (oc.choice.text for oc in conv.choices))


def test_a_node_the_scenario_lacks_is_refused_with_the_nodes_it_has(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = cli_main(["play", "late_refund", "--start-at", "ask_detail", "--choices", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "has no node 'ask_detail' (did you mean 'ask_details'?)" in err
    scenario, rubric, _ = load_scenario(str(PROJECT_ROOT / "scenarios" / "late_refund.yaml"))
    assert scenario is not None and rubric is not None
    with pytest.raises(EngineError):
        preview(scenario, rubric, "nowhere")
    assert cli_main(["play", "late_refund", "--blank", "--choices", "1"]) == 2
    assert "--blank goes with --start-at" in capsys.readouterr().err
