"""`python main.py play`: scripted replays, JSON results, clear errors, and interactive play from stdin."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_engine_kit import RUBRIC_YAML

from simulator.cli import main
from simulator.paths import PROJECT_ROOT

CALL = """
id: cli_call
title: Charged twice
summary: A double charge to refund.
kind: irate
difficulty: easy
teaches: [empathy]
persona: {name: Sam, mood: -20, patience: 30}
start: start
nodes:
  start:
    say: "My card was charged twice for order 77."
    mentions: {order: "77"}
    respond_within: 8
    choices:
      - text: "That's worrying, I'm sorry. Let me look at order 77."
        recall: order
        effects: {empathy: 1}
        mood: 10
        feedback: You picked up the order number straight away.
        next: check
      - text: "Which order was it?"
        effects: {listening: -1}
        patience: -10
        feedback: They told you in their first sentence.
        next: check
  check:
    say: ["So, can you refund one of them?", "Can you give me one of them back?"]
    choices:
      - text: "Yes, it's refunded now; you'll see it within three days."
        effects: {resolution: 2, follow_up: 1}
        mood: 20
        feedback: A fix and a timeline.
        next: done
      - text: "That's really the bank's problem."
        effects: {no_blame: -2}
        mood: -20
        patience: -30
        feedback: Passing the blame leaves the customer stuck.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Refunded.}
"""


@pytest.fixture()
def call_file(tmp_path: Path) -> Path:
    """The test scenario in a folder with its own rubric, so the numbers below are pinned here."""
    (tmp_path / "rubric.yaml").write_text(textwrap.dedent(RUBRIC_YAML), encoding="utf-8")
    path = tmp_path / "cli_call.yaml"
    path.write_text(CALL, encoding="utf-8")
    return path


def run_play(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["play", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_result_of_a_scripted_call_with_cut_in_and_timing(call_file: Path, capsys) -> None:
    # Late on the first line (no cut-in can be charged over the customer's "Hello?" then), cutting
    # in on the second.
    code, out, err = run_play(capsys, str(call_file), "--choices", "1@10, 1!", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["scenario"], data["seed"], data["ending"]) == ("cli_call", 0, "done")
    assert {k: (v["points"], v["max"], v["percent"]) for k, v in data["scores"].items()} == {
        "listening": (0, 2, 0.0),  # recall +2, cut-in -2
        "empathy": (1, 1, 100.0),
        "no_blame": (0, 0, 100.0),  # could only be lost, and was not
        "resolution": (2, 2, 100.0),
        "follow_up": (1, 1, 100.0),
        "composure": (-1, 0, 0.0),  # dead air: 10 s against 8
    }
    assert (data["percent"], data["grade"], data["passed"], data["csat"]) == (
        57.1,
        "F",
        False,
        3,
    )  # annoyed: at most 3
    assert [(t["speaker"], t["text"]) for t in data["transcript"]] == [
        ("customer", "My card was charged twice for order 77."),
        ("note", "(Silence: no answer within 8 seconds.)"),
        ("customer", "Hello? Are you even there?"),
        ("trainee", "That's worrying, I'm sorry. Let me look at order 77."),
        ("customer", "So, can you refund one of them?"),
        ("trainee", "Yes, it's refunded now; you'll see it within three days."),
        ("note", "(You cut in while the customer was still talking.)"),
        ("customer", "Thanks."),
    ]
    first = data["decisions"][0]
    assert first["chosen"]["text"].startswith("That's worrying")
    assert first["chosen"]["points"] == {"empathy": 1, "listening": 2}
    assert first["chosen"]["feedback"] == "You picked up the order number straight away."
    assert first["cut_in"] is False and first["dead_air"] is True and first["elapsed"] == 10.0
    assert sorted(first["mechanics"]) == ["dead_air", "recall"]
    assert data["decisions"][1]["cut_in"] is True
    assert [(o["text"], o["points"], o["feedback"]) for o in first["others"]] == [
        ("Which order was it?", {"listening": -1}, "They told you in their first sentence.")
    ]
    assert data["best"]["choices"] == [
        "That's worrying, I'm sorry. Let me look at order 77.",
        "Yes, it's refunded now; you'll see it within three days.",
    ]
    assert data["best"]["percent"] == 100.0


def test_seed_picks_the_wording_and_replays_it(call_file: Path, capsys) -> None:
    lines = set()
    for seed in range(12):
        code, out, _ = run_play(
            capsys, str(call_file), "--choices", "1", "--seed", str(seed), "--json"
        )
        assert code == 0
        data = json.loads(out)
        assert data["seed"] == seed
        lines.add(data["transcript"][-1]["text"])
        _, again, _ = run_play(
            capsys, str(call_file), "--choices", "1", "--seed", str(seed), "--json"
        )
        assert json.loads(again)["transcript"] == data["transcript"]
    assert lines == {"So, can you refund one of them?", "Can you give me one of them back?"}


def test_text_output_ends_with_the_debrief(call_file: Path, capsys) -> None:
    code, out, _ = run_play(capsys, str(call_file), "--choices", "2,2")
    assert code == 0
    assert "CUSTOMER: My card was charged twice for order 77." in out
    assert "     YOU: Which order was it?" in out
    assert "=== Debrief: Charged twice ===" in out
    assert "Not taken 1. \"That's worrying, I'm sorry. Let me look at order 77.\"" in out
    assert "They told you in their first sentence." in out
    assert (
        "Best possible path scores 100% overall, ends resolved with 3 stars:\n  1. \"That's "
        'worrying, I\'m sorry. Let me look at order 77."\n  2. "Yes,' in out
    )


def test_an_unfinished_script_says_so(call_file: Path, capsys) -> None:
    code, out, _ = run_play(capsys, str(call_file), "--choices", "1")
    assert code == 0 and "The call has not ended" in out


@pytest.mark.parametrize(
    "choices, message",
    [
        ("3", "error: at step 1 (node 'start'): choice 3 is not open here; pick 1 to 2"),
        ("1,0", "error: at step 2 (node 'check'): choice 0 is not open here; pick 1 to 2"),
        ("1,1,1", "error: the call ended after choice 2 (ending 'done'), so choice 3 ('1')"),
        ("1,x", "'x' is not a choice"),
        ("1;2", "'1;2' is not a choice"),
        ("-1", "'-1' is not a choice"),
        ("1@", "'1@' is not a choice"),
        ("1,,2", "choice 2 of --choices is empty"),
        ("", "--choices is empty"),
    ],
)
def test_bad_choices_give_a_clear_message_and_exit_2(
    call_file: Path, capsys, choices: str, message: str
) -> None:
    code, out, err = run_play(capsys, str(call_file), "--choices", choices)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and out == ""


def test_unknown_scenario_exits_2_with_a_clear_message(capsys) -> None:
    code, out, err = run_play(capsys, "no_such_scenario_anywhere", "--choices", "1")
    assert code == 2
    assert err.startswith("error: no scenario 'no_such_scenario_anywhere'")
    assert "Traceback" not in err


def test_bad_start_node_and_bad_seed_exit_2(call_file: Path, capsys) -> None:
    code, _, err = run_play(capsys, str(call_file), "--start-at", "nowhere", "--choices", "1")
    assert code == 2 and "no node 'nowhere'" in err
    code, _, err = run_play(capsys, str(call_file), "--seed", "abc")
    assert code == 2 and "--seed: 'abc' is not a whole number" in err


def test_a_negative_seed_is_refused_with_what_to_give(call_file: Path, capsys) -> None:
    code, out, err = run_play(capsys, str(call_file), "--choices", "1", "--seed", "-1")
    assert code == 2 and out == ""
    assert "--seed: -1 is negative; give a seed of 0 or more" in err
    assert "Traceback" not in err


def test_a_scenario_with_errors_prints_its_problems_and_exits_2(call_file: Path, capsys) -> None:
    call_file.write_text(CALL.replace("next: check\n", "next: chek\n", 1), encoding="utf-8")
    code, out, err = run_play(capsys, str(call_file), "--choices", "1")
    assert code == 2
    assert "cli_call.yaml:" in err and "'chek'" in err and "did you mean 'check'" in err
    assert "cannot play this scenario until its errors are fixed" in err
    assert "Traceback" not in err


def play_stdin(monkeypatch, capsys, call_file: Path, typed: str, *extra: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    code = main(["play", str(call_file), *extra])
    return code, capsys.readouterr().out


def test_interactive_play_with_a_bad_entry_and_undo(call_file: Path, monkeypatch, capsys) -> None:
    code, out = play_stdin(
        monkeypatch, capsys, call_file, "u\n7\nhello\n2\nu\n1\n1\n", "--in-order"
    )
    assert code == 0
    assert "Sam is on the line" in out and "a graded call with undo cannot pass" in out
    assert "shuffled" not in out
    assert out.count("(Nothing to undo.)") == 1
    assert out.count("Please type a number from 1 to 2") == 2
    assert out.count("(Last choice taken back; this graded call can no longer pass.)") == 1
    assert "=== Debrief: Charged twice ===" in out
    # The undo was recorded (a graded call), so the best route after it still does not pass.
    assert "Undo used: a graded call with undo does not count as a pass." in out
    assert "grade A  NOT YET" in out
    assert "You chose 1. \"That's worrying" in out
    assert "You chose 1. \"Yes, it's refunded now" in out
    assert "CUSTOMER: Thanks." in out
    assert (
        out.count("CUSTOMER: My card was charged twice") == 2
    )  # once at the start, once after the undo


def test_interactive_json_at_the_end(call_file: Path, monkeypatch, capsys) -> None:
    code, out = play_stdin(monkeypatch, capsys, call_file, "1\n1\n", "--json", "--in-order")
    assert code == 0
    data = json.loads(out[out.index("\n{") + 1 :])
    assert data["ending"] == "done" and data["undo_used"] is False and data["percent"] == 100.0


@pytest.mark.parametrize(
    "typed, said", [("q\n", "Call abandoned."), ("1\n", "Call abandoned (no more input).")]
)
def test_interactive_quit_and_end_of_input_abandon_the_call(
    call_file: Path, monkeypatch, capsys, typed: str, said: str
) -> None:
    code, out = play_stdin(monkeypatch, capsys, call_file, typed)
    assert code == 0 and said in out and "Debrief" not in out


def test_main_py_play_in_a_real_process(call_file: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "main.py", "play", str(call_file), "--choices", "2,1", "--json"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["ending"] == "done" and data["scores"]["listening"]["points"] == -1
    bad = subprocess.run(
        [sys.executable, "main.py", "play", str(call_file), "--choices", "9"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        bad.returncode == 2
        and "choice 9 is not open here" in bad.stderr
        and "Traceback" not in bad.stderr
    )


def shown_options(out: str) -> list[str]:
    """The numbered options printed for the first decision, in the order shown."""
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  1. "))
    options = []
    for line in lines[first:]:
        if not line.startswith(f"  {len(options) + 1}. "):
            break
        options.append(line.split(". ", 1)[1])
    return options


def test_terminal_play_shuffles_by_default_with_a_printed_seed_that_replays_the_order(
    call_file: Path, monkeypatch, capsys
) -> None:
    from simulator.engine.conversation import Conversation
    from simulator.validation.library import load_scenario

    code, out = play_stdin(monkeypatch, capsys, call_file, "q\n")
    assert code == 0
    seed = int(out.split("Choices are shuffled (seed ", 1)[1].split(";", 1)[0])
    sc, rub, _ = load_scenario(str(call_file))
    assert sc is not None and rub is not None
    expected = [oc.choice.text for oc in Conversation(sc, rub, seed=seed, shuffle=True).choices]
    assert shown_options(out) == expected
    _, again = play_stdin(monkeypatch, capsys, call_file, "q\n", "--seed", str(seed))
    assert shown_options(again) == expected and f"seed {seed};" in again


def test_terminal_numbers_pick_the_option_shown_under_them(
    call_file: Path, monkeypatch, capsys
) -> None:
    firsts = set()
    for seed in range(12):
        code, out = play_stdin(monkeypatch, capsys, call_file, "1\n1\n", "--seed", str(seed))
        assert code == 0
        first = shown_options(out)[0]
        firsts.add(first)
        assert f'You chose 1. "{first}"' in out
        assert f"Choices were shown in a shuffled order (seed {seed})" in out
    assert len(firsts) == 2  # the best answer is not always number 1


def test_scripted_choices_follow_the_authored_order_unless_shuffled(
    call_file: Path, capsys
) -> None:
    _, out, _ = run_play(capsys, str(call_file), "--choices", "1,1", "--seed", "4", "--json")
    plain = json.loads(out)
    assert plain["shuffled"] is False and plain["percent"] == 100.0
    chosen = set()
    for seed in range(12):
        code, out, err = run_play(
            capsys, str(call_file), "--choices", "1,1", "--seed", str(seed), "--shuffle", "--json"
        )
        assert code == 0, err
        data = json.loads(out)
        assert data["shuffled"] is True and data["seed"] == seed
        first = data["decisions"][0]
        assert first["chosen"]["index"] == 1 and first["others"][0]["index"] == 2
        chosen.add((first["chosen"]["choice_index"], first["chosen"]["text"]))
        _, again, _ = run_play(
            capsys, str(call_file), "--choices", "1,1", "--seed", str(seed), "--shuffle", "--json"
        )
        assert json.loads(again) == data
    assert chosen == {
        (0, "That's worrying, I'm sorry. Let me look at order 77."),
        (1, "Which order was it?"),
    }


def test_shuffle_and_in_order_cannot_be_combined(call_file: Path, capsys) -> None:
    code, _, err = run_play(capsys, str(call_file), "--shuffle", "--in-order", "--choices", "1")
    assert code == 2 and "not allowed with argument" in err


def test_practice_undo_still_passes(call_file: Path, monkeypatch, capsys) -> None:
    code, out = play_stdin(
        monkeypatch, capsys, call_file, "2\nu\n1\n1\n", "--in-order", "--practice"
    )
    assert code == 0
    assert "cannot pass" not in out and "(Last choice taken back.)" in out
    assert "grade A  PASS" in out and "Undo used" not in out


def test_lost_points_read_as_lost_not_as_negative_fractions(call_file: Path, capsys) -> None:
    code, out, _ = run_play(capsys, str(call_file), "--choices", "2,2")
    assert code == 0
    rows = {
        line.split("  ", 2)[1].strip(): line.rstrip()
        for line in out.splitlines()
        if line.startswith("  ") and "%" in line
    }
    assert rows["Listening"].endswith("0.0%  (lost 1; 2 possible)")
    assert rows["No blame"].endswith(
        "0.0% · lost 2 points"
    )  # nothing to earn on the best route, only to lose
    assert rows["Empathy"].endswith("0.0%  (0/1)")
    assert "/-" not in out


def test_score_text_for_each_kind_of_score() -> None:
    from simulator.engine.result import PrincipleScore
    from simulator.engine.score_words import score_text

    def text(points: int, top: int, percent: float | None) -> str:
        return score_text(
            PrincipleScore("p", "P", points, top, percent, 1.0),
            "5.1f",
            "not exercised in this call",
        ).strip()

    assert text(-6, 3, 0.0) == "0.0%  (lost 6; 3 possible)"
    assert text(2, 4, 50.0) == "50.0%  (2/4)"
    assert text(0, 0, 100.0) == "100.0% · no points lost"
    assert text(-1, 0, 50.0) == "50.0% · lost 1 point"
    assert text(-3, 0, 0.0) == "0.0% · lost 3 points"
    assert text(0, 0, None) == "not exercised in this call"


def test_text_debrief_says_what_the_timing_cost(call_file: Path, capsys) -> None:
    # '1@12': answered after the 8-second limit; '1!': cut in. Each cost is spelled out.
    code, out, _ = run_play(capsys, str(call_file), "--choices", "1@12,1!")
    assert code == 0
    timing = [line for line in out.splitlines() if line.strip().startswith("Timing:")]
    assert len(timing) == 2
    assert "the silence ran too long" in timing[0] and "you cut in" in timing[1]
    costs = [line.split(": cost ", 1)[1].split("  [", 1)[0] for line in timing]
    assert costs[0] == "composure -1" and "listening -2" in costs[1]


def test_text_debrief_says_what_the_call_teaches_by_the_rubric_titles(
    call_file: Path, capsys
) -> None:
    text = call_file.read_text(encoding="utf-8")
    call_file.write_text(
        text.replace("\nteaches: [empathy]\n", "\nteaches: [empathy, follow_up]\n", 1),
        encoding="utf-8",
    )
    code, out, err = run_play(capsys, str(call_file), "--choices", "2,2")
    assert code == 0, err
    assert "=== Debrief: Charged twice ===\nTeaches: Empathy, Follow-up\n" in out
