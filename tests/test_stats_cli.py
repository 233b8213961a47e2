"""``stats`` from the command line: text, JSON lines, broken files and bad paths."""

from __future__ import annotations

import json
import textwrap

import pytest

from simulator.cli import main

GOOD = """
id: two_ways
title: Two ways
summary: A call with two ways to end.
kind: irate
difficulty: easy
teaches: [empathy]
persona: {name: Pat, mood: 0, patience: 50}
start: start
nodes:
  start:
    say: "Hello."
    choices:
      - {text: "Help", effects: {empathy: 2}, feedback: "f", next: done}
      - {text: "Refuse", effects: {empathy: -2}, feedback: "f", next: lost}
endings:
  done: {outcome: resolved, satisfaction: 5, say: "Thanks.", summary: "s"}
  lost: {outcome: escalated, satisfaction: 1, say: "Manager!", summary: "s"}
"""

BROKEN = GOOD.replace("id: two_ways", "id: broken_one").replace("next: lost", "next: lots")


def write(folder, name, text):
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_text_report_names_the_figures(tmp_path, capsys):
    path = write(tmp_path, "two_ways.yaml", GOOD)
    assert main(["stats", str(path)]) == 0
    out = capsys.readouterr().out
    assert "two_ways: Two ways" in out
    assert "paths from start to an ending: 2" in out
    assert "route length: shortest 1, longest 1 decisions" in out
    assert 'start -> 1. "Help"' in out
    assert "start choice 2" in out and "choice 1 is better" in out
    assert "endings reached only by bad play: lost" in out


def test_json_prints_one_object_per_scenario(tmp_path, capsys):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD.replace("id: two_ways", "id: other_way"))
    assert main(["stats", str(tmp_path), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["id"] for o in objects] == ["two_ways", "other_way"]
    assert objects[0]["paths"] == 2
    assert objects[0]["best"]["steps"][0]["text"] == "Help"
    assert objects[0]["dominated"][0]["number"] == 2


def test_broken_file_is_reported_skipped_and_fails_the_run(tmp_path, capsys):
    write(tmp_path, "a_good.yaml", GOOD)
    write(tmp_path, "b_broken.yaml", BROKEN)
    assert main(["stats", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "two_ways: Two ways" in captured.out  # the good file is still analysed
    assert "b_broken.yaml" in captured.err and "error:" in captured.err and "'lots'" in captured.err
    assert "skipped; run 'validate " in captured.err
    assert "1 of 2 file(s) skipped" in captured.err


def test_missing_path_and_empty_folder_are_usage_errors(tmp_path, capsys):
    assert main(["stats", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["stats", str(empty)]) == 2
    assert "no scenario files" in capsys.readouterr().err


def test_default_is_the_shipped_scenarios(capsys):
    assert main(["stats", "--json"]) == 0
    objects = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert objects and all(o["paths"] >= 1 and o["best"] for o in objects)


def test_a_scenario_id_is_accepted_as_play_and_graph_accept_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["stats", "late_refund", "--json"]) == 0
    objects = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in objects] == ["late_refund"]


def test_an_unknown_id_is_a_usage_error_with_a_suggestion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["stats", "late_refnd"]) == 2
    err = capsys.readouterr().err
    assert (
        "late_refnd: error: no such file or folder" in err and "did you mean 'late_refund'" in err
    )


# Two decisions: a "calm down" that would otherwise score well, a trap, and a transfer.
JUDGED = """
id: judged
title: Judged
summary: One mistake at a time.
kind: irate
difficulty: easy
teaches: [empathy]
persona: {name: Pat, mood: 0, patience: 50}
start: start
nodes:
  start:
    say: "Third call!"
    choices:
      - {text: "Three calls is too many; let's fix it.", effects: {empathy: 2}, feedback: "f", next: fix}
      - {text: "Calm down, please.", effects: {empathy: 1}, critical: [told_to_calm_down], feedback: "f", next: fix}
      - {text: "Policy says wait.", effects: {empathy: 0}, trap: true, feedback: "f", next: fix}
  fix:
    say: "So?"
    choices:
      - {text: "Refunded today.", effects: {resolution: 2}, feedback: "f", next: done}
      - {text: "Passing you to billing.", effects: {resolution: 2}, feedback: "f", next: handed}
endings:
  done: {outcome: resolved, say: "Thanks.", summary: "s"}
  handed: {outcome: transferred, say: "Fine.", summary: "s"}
"""


def test_stats_lists_critical_choices_and_counts_traps_without_listing_them(tmp_path, capsys):
    path = write(tmp_path, "judged.yaml", JUDGED)
    assert main(["stats", str(path)]) == 0
    out = capsys.readouterr().out
    assert "critical errors (1 choice(s) commit one" in out
    assert 'start choice 2 "Calm down, please.": told_to_calm_down' in out
    assert "traps: 1 choice(s)" in out
    assert "start choice 3" not in out  # dominated, but a deliberate trap: counted, not listed
    assert "best path (100.0% A, passes, ends at done: resolved" in out
    assert main(["stats", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["traps"] == 1 and data["critical_choices"] == [
        {
            "node": "start",
            "number": 2,
            "text": "Calm down, please.",
            "errors": ["told_to_calm_down"],
        }
    ]


def test_deviations_judge_each_changed_choice_through_the_engine(tmp_path, capsys):
    path = write(tmp_path, "judged.yaml", JUDGED)
    assert main(["stats", "--deviations", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["best_steps"] == [["start", 1], ["fix", 1]] and data["best_passed"] is True
    found = {(d["step"], d["number"]): d for d in data["deviations"]}
    assert sorted(found) == [(1, 2), (1, 3), (2, 2)]
    calm = found[(1, 2)]
    # The rest of the route is the best continuation; the critical error alone fails it.
    assert calm["steps"] == [["start", 2], ["fix", 1]]
    assert (calm["percent"], calm["grade"], calm["passed"], calm["critical"]) == (
        50.0,
        "F",
        False,
        ["Told the caller to calm down"],
    )
    handed = found[(2, 2)]
    assert (handed["outcome"], handed["passed"], handed["grade"], handed["percent"]) == (
        "transferred",
        False,
        "D",
        69.0,
    )
    assert main(["stats", "--deviations", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "choice 2 instead:  50.0% F FAIL  resolved  critical: Told the caller to calm down" in out
    )
