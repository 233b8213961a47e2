"""The strategy-bot harness (tests/bots.py): bots read words only, and the table and goal are counted right."""

from __future__ import annotations

from pathlib import Path

import pytest
from bots import (
    ALL_BOTS,
    BOTS,
    Seen,
    echo,
    main,
    over_the_line,
    play_library,
    tallies,
    warm_owner_score,
)

from simulator.validation.library import rubric_for
from simulator.validation.validate import validate_file

# Three decisions; the good answer is always the longest and the warmest. GOOD and BAD are
# the effects of the long and the short answer, so a test can swap them.
LONG_WINS = """\
id: long_wins
title: Long wins
summary: The longest answer is always the best one.
kind: irate
difficulty: easy
persona: {name: Test Caller, role: tester, mood: -40, patience: 60}
start: opening
nodes:
  opening:
    say: "My refund for order 4471 is late."
    choices:
      - text: "I'm so sorry your refund for order 4471 is late; I'll find it for you myself right now."
        effects: GOOD
        feedback: "An apology, the order number and an owner."
        next: middle
      - text: "Policy says thirty days."
        effects: BAD
        feedback: "A policy quote answers nothing she asked."
        next: middle
  middle:
    say: "And when will it arrive?"
    choices:
      - text: "It will arrive by Thursday, and I'll call you on Thursday to check it has landed."
        effects: GOOD
        feedback: "A date and a named callback."
        next: close
      - text: "Soon, honestly."
        effects: BAD
        feedback: "Soon is what she was told last time."
        next: close
  close:
    say: "Fine."
    choices:
      - text: "Thank you for bearing with us; I'm sorry again, and you'll hear from me Thursday."
        effects: GOOD
        feedback: "Warm, and the promise repeated."
        next: done
      - text: "Just so."
        effects: BAD
        feedback: "Curt, and nothing promised."
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Bye.", summary: "Over."}
"""
GOOD = "{empathy: 2, resolution: 1}"
BAD = "{empathy: -2, resolution: -1}"


def load(tmp_path: Path, good: str, bad: str) -> list[tuple]:
    """The inline scenario with these effects on its long and short answers, and its rubric."""
    path = tmp_path / "long_wins.yaml"
    path.write_text(LONG_WINS.replace("GOOD", good).replace("BAD", bad), encoding="utf-8")
    rubric, problems = rubric_for(path)
    assert rubric is not None, problems
    report = validate_file(path, rubric)
    assert report.scenario is not None, [str(p) for p in report.problems]
    return [(report.scenario, rubric)]


def test_a_long_answer_library_is_caught(tmp_path: Path) -> None:
    calls = play_library(load(tmp_path, GOOD, BAD), seeds=3)
    per, totals = tallies(calls)
    assert totals["longest"].passes == totals["longest"].calls == 3
    assert totals["shortest"].passes == 0
    assert totals["authored_first"].calls == 1 and totals["authored_first"].passes == 1
    missed = over_the_line(totals)
    assert any(line.startswith("longest passes 3/3 calls (100%)") for line in missed)
    assert not any(line.startswith("shortest") for line in missed)
    assert not any(
        line.startswith("authored_first") for line in missed
    )  # judged on its own, not shuffled


def test_bots_choose_by_words_alone(tmp_path: Path) -> None:
    """Swapping the points of the long and the short answer changes no bot's words, only its result."""
    straight = play_library(load(tmp_path, GOOD, BAD), seeds=2)
    swapped = play_library(load(tmp_path, BAD, GOOD), seeds=2)
    assert [(c.bot, c.seed, c.said) for c in straight] == [(c.bot, c.seed, c.said) for c in swapped]
    assert {c.bot: c.passed for c in straight}["longest"] is True
    assert {c.bot: c.passed for c in swapped}["longest"] is False


def test_the_bots_are_many_and_shuffled() -> None:
    names = [b.name for b in ALL_BOTS]
    assert len(set(names)) == len(names) >= 12
    assert all(b.shuffled for b in BOTS)


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        (
            "I'm sorry, that's our mistake. I'll fix it today.",
            "Honestly, to be fair, our policy is just thirty days.",
        ),
        (
            "You're right, and I'm sorry it took three weeks.",
            "I'm sorry you feel that way, but they should have told you.",
        ),
    ],
)
def test_the_word_lists_reward_warmth_and_punish_hedges(better: str, worse: str) -> None:
    seen = Seen((better, worse), ("It took three weeks!",), ())
    assert warm_owner_score(better, seen) > warm_owner_score(worse, seen)


def test_echo_counts_the_customers_words_and_numbers_twice() -> None:
    assert (
        echo("Order 4471, three weeks late.", "My order 4471 is three weeks late!") == 5
    )  # order, 4471 (x2), weeks, late
    assert echo("Let me look.", "My order 4471 is late!") == 0


def test_the_command_prints_the_table_and_fails_over_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = load(tmp_path, GOOD, BAD)[0][0].path
    code = main([str(path), "--seeds", "2", "--show-passes"])
    out = capsys.readouterr().out
    assert code == 1
    assert "long_wins" in out and "pass rate" in out and "Over the line" in out
    assert "long_wins / longest / seed 0: passed" in out


def test_json_output_is_one_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    path = load(tmp_path, GOOD, BAD)[0][0].path
    code = main([str(path), "--seeds", "1", "--json"])
    captured = capsys.readouterr()
    calls = json.loads(captured.out)
    assert code == 1 and "Over the line" in captured.err
    assert {c["bot"] for c in calls} == {b.name for b in ALL_BOTS}
