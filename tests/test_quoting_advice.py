"""A ': ' or a quote inside unquoted dialogue (issue 16): the real cause named at its place, with a fix that works.

PyYAML stops where its parser gives up, which for a pasted email is often after a quote much
later in the line ("text goes on after the closing quote"); the advice names the ': ' that
started it, and the fix quotes the whole text so that it reads back word for word.
"""

from __future__ import annotations

from simulator.scenario.problems import Problem
from simulator.scenario.yaml_advice import quoted
from simulator.scenario.yaml_loader import load_text

HEAD = "id: x\nnodes:\n  a:\n"
TAIL = "    choices:\n      - text: hi\n        next: a\n"


def _only(text: str) -> Problem:
    problems = load_text(text, "f.yaml").problems
    assert len(problems) == 1, problems
    return problems[0]


def _fixed_say(text: str) -> str:
    problem = _only(text)
    assert problem.fix is not None
    result = load_text(problem.fix.apply(text), "f.yaml")
    assert result.problems == [] and result.doc is not None
    return result.doc.get("nodes").get("a").get("say").value  # type: ignore[union-attr]


def test_a_colon_before_a_quote_in_text_under_its_key_is_named_not_the_quote() -> None:
    text = (
        HEAD
        + '    say:\n      I rang on Monday, your colleague said: "Thursday" and nobody came\n'
        + TAIL
    )
    p = _only(text)
    assert (p.rule, p.pos.line, p.pos.col) == ("yaml-syntax", 5, 44)
    assert p.message == (
        "a ': ' inside unquoted text makes YAML read a new key; put the whole text in quotes: "
        """say: 'I rang on Monday, your colleague said: "Thursday" and nobody came'"""
    )
    assert _fixed_say(text) == 'I rang on Monday, your colleague said: "Thursday" and nobody came'


def test_a_long_pasted_email_with_both_kinds_of_quote_gets_a_fix_that_reads_back_exactly() -> None:
    email = (
        "Dear team, I rang on Monday about job 4471 and was told the engineer would come "
        + "and then some more words " * 40
        + """and your colleague said: it's "first thing" Thursday."""
    )
    text = HEAD + f"    say: {email}\n" + TAIL
    p = _only(text)
    assert (p.pos.line, p.pos.col) == (4, 10 + email.index(": "))
    quoted_email = "'" + email.replace("'", "''") + "'"
    assert p.message == (
        "a ': ' inside unquoted text makes YAML read a new key; put the whole text in quotes: "
        f"say: {quoted_email}"
    )
    assert _fixed_say(text) == email


def test_a_colon_on_the_second_line_of_wrapped_text_quotes_both_lines_as_one() -> None:
    text = (
        HEAD
        + "    say: I rang on Monday about job 4471 and was told the engineer\n"
        + "      would come on Thursday, your colleague said: first thing.\n"
        + TAIL
    )
    p = _only(text)
    assert (p.pos.line, p.pos.col) == (5, 50)
    whole = (
        "I rang on Monday about job 4471 and was told the engineer would come on Thursday, "
        "your colleague said: first thing."
    )
    assert p.message.endswith(f'put the whole text in quotes: say: "{whole}"')
    assert _fixed_say(text) == whole


def test_text_that_opens_with_a_quote_is_told_to_quote_the_whole_line() -> None:
    text = HEAD + """    say: "Thursday," your colleague said, and nobody came\n""" + TAIL
    p = _only(text)
    assert (p.pos.line, p.pos.col) == (4, 22)
    assert p.message == (
        "text goes on after the closing quote; put the whole text in quotes: "
        """say: '"Thursday," your colleague said, and nobody came'"""
    )
    assert _fixed_say(text) == '"Thursday," your colleague said, and nobody came'


def test_a_note_after_the_text_is_left_out_of_the_quotes_and_a_number_sign_kept_in() -> None:
    text = HEAD + "    say: Note: job #4471 is late   # she is tired\n" + TAIL
    p = _only(text)
    assert p.message.endswith('put the whole text in quotes: say: "Note: job #4471 is late"')
    assert _fixed_say(text) == "Note: job #4471 is late"


def test_quoted_text_always_reads_back_as_written() -> None:
    for value in ["plain", 'say "hi"', "it's", """it's "x" """, "C:\\path", "a: b #1"]:
        assert load_text(f"v: {quoted(value)}\n", "f.yaml").doc.get("v").value == value  # type: ignore[union-attr]
