"""Every validation rule, on inline YAML, with the exact line, column and rule id it reports."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from simulator.paths import DEFAULT_RUBRIC
from simulator.scenario.problems import Problem, Severity
from simulator.scenario.rubric import Rubric
from simulator.scenario.yaml_loader import load_text
from simulator.validation import rules as _registered  # noqa: F401  (importing registers every rule)
from simulator.validation.registry import RULES
from simulator.validation.rubric_check import load_rubric
from simulator.validation.validate import FileReport, check_document, validate_paths

_loaded, _rubric_problems = load_rubric(DEFAULT_RUBRIC)
assert _loaded is not None, _rubric_problems
RUBRIC: Rubric = _loaded

# Lines 1-6 of every document below; the rest of each document starts at line 7.
HEAD = """\
id: demo
title: Demo call
summary: A short call.
kind: irate
difficulty: easy
persona: {name: Sam, mood: -20, patience: 50}
"""

BODY = """\
start: hello
nodes:
  hello:
    say: Where is my parcel?
    choices:
      - text: I'm sorry, let me check.
        effects: {empathy: 2}
        feedback: Good.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4}
"""
CLEAN = BODY


def report(rest: str, asset_dirs: tuple[Path, ...] = ()) -> FileReport:
    """Validate HEAD + ``rest`` (dedented) as the file 'demo.yaml' (without HEAD's own no-teaches warning)."""
    r = check_document(load_text(HEAD + dedent(rest), "demo.yaml"), RUBRIC, asset_dirs)
    r.problems = drop_goal_warning(r.problems)
    return r


def drop_goal_warning(problems: list[Problem]) -> list[Problem]:
    """``problems`` without the `no-teaches` warning HEAD earns (HEAD leaves `teaches:` out to keep its
    line numbers)."""
    return [p for p in problems if not (p.rule == "no-teaches" and p.pos.line == 1)]


def found(rest: str, asset_dirs: tuple[Path, ...] = ()) -> list[tuple[str, int, int]]:
    """(rule, line, column) of every problem in HEAD + ``rest``, in reported order."""
    return [(p.rule, p.pos.line, p.pos.col) for p in report(rest, asset_dirs).problems]


def only(rest: str, rule: str) -> Problem:
    """The single problem of ``rule`` in the document; fails when there is not exactly one."""
    hits = [p for p in report(rest).problems if p.rule == rule]
    assert len(hits) == 1, hits
    return hits[0]


def test_clean_document_has_no_problems() -> None:
    r = report(CLEAN)
    assert r.problems == []
    assert r.ok and r.scenario is not None and r.scenario.id == "demo"


def test_every_registered_rule_is_covered_by_this_file() -> None:
    from simulator.validation import rules  # noqa: F401  (importing registers every rule)

    text = Path(__file__).read_text(encoding="utf-8")
    untested = [r for r in RULES if f'"{r}"' not in text]
    assert untested == []


# -- schema ------------------------------------------------------------------------------


def test_schema_missing_required_key_points_at_the_mapping() -> None:
    rest = """\
    start: hello
    nodes:
      hello:
        say: Where is my parcel?
        choices:
          - text: I'm sorry, let me check.
            effects: {empathy: 2}
            next: done
    endings:
      done: {outcome: resolved, satisfaction: 4}
    """
    assert found(rest) == [("schema", 12, 9)]
    assert "missing required key 'feedback'" in only(rest, "schema").message


def test_schema_wrong_type() -> None:
    rest = CLEAN.replace("say: Where is my parcel?", "say: {text: hi}")
    p = only(rest, "schema")
    assert (p.pos.line, p.pos.col) == (10, 10)
    assert "nodes.hello.say" in p.message


def test_schema_enum_with_did_you_mean() -> None:
    text = HEAD.replace("kind: irate", "kind: irat") + CLEAN
    problems = drop_goal_warning(check_document(load_text(text, "demo.yaml"), RUBRIC, ()).problems)
    assert [(p.rule, p.pos.line, p.pos.col) for p in problems] == [("schema", 4, 7)]
    assert "did you mean 'irate'?" in problems[0].message


def test_schema_pattern_on_a_colour() -> None:
    text = HEAD.replace("patience: 50}", "patience: 50, portrait: {skin: brown}}") + CLEAN
    problems = drop_goal_warning(check_document(load_text(text, "demo.yaml"), RUBRIC, ()).problems)
    assert [(p.rule, p.pos.line, p.pos.col) for p in problems] == [("schema", 6, 64)]


def test_unquoted_colour_is_explained_at_its_hash_on_the_keys_line() -> None:
    text = HEAD.replace(
        "patience: 50}", "patience: 50,\n  portrait:\n    skin: #c68e6a\n\n    hair: '#000000'}"
    )
    text = text.replace(
        "persona: {name: Sam, mood: -20, patience: 50,",
        "persona:\n  name: Sam\n  mood: -20\n  patience: 50",
    )
    text = text.replace("'#000000'}", "'#000000'")
    problems = drop_goal_warning(
        check_document(load_text(text + CLEAN, "demo.yaml"), RUBRIC, ()).problems
    )
    assert [(p.rule, p.pos.line, p.pos.col) for p in problems] == [("schema", 11, 11)]
    assert problems[0].message == (
        "persona.portrait.skin: `#c68e6a` was read as a comment because it starts with #; put "
        'the colour in quotes: "#c68e6a"'
    )


def test_text_lost_to_a_comment_and_a_bare_comment_are_told_apart() -> None:
    rest = CLEAN.replace("say: Where is my parcel?", "say: #1 fan").replace(
        "feedback: Good.", "feedback:   # TODO"
    )
    problems = report(rest).problems
    assert [(p.rule, p.pos.line, p.pos.col) for p in problems] == [
        ("schema", 10, 10),
        ("schema", 14, 21),
    ]
    assert problems[0].message.endswith('put the text in quotes: "#1 fan"')
    assert "only the comment `# TODO`" in problems[1].message


def test_a_comment_after_an_empty_list_keeps_the_plain_type_message() -> None:
    # Quoting would not help where a list belongs, so the usual message stays.
    rest = CLEAN.replace("next: done", "next: done\n        set:   # none yet")
    p = only(rest, "schema")
    assert (p.pos.line, p.pos.col) == (16, 13)
    assert "expected a list, got nothing" in p.message and "comment" not in p.message


def test_schema_bad_node_id() -> None:
    rest = CLEAN.replace("endings:\n  done", "endings:\n  9done").replace(
        "next: done", "next: hello"
    )
    assert found(rest) == [("dead-end", 9, 3), ("schema", 17, 3), ("unreachable-ending", 17, 3)]
    assert "'9done' is not a valid id" in only(rest, "schema").message


# -- unknown-key -------------------------------------------------------------------------


def test_misspelt_required_key_is_one_problem_at_the_misspelling() -> None:
    rest = CLEAN.replace("feedback: Good.", "feedbak: Good.")
    assert found(rest) == [("unknown-key", 14, 9)]
    assert only(rest, "unknown-key").message == (
        "nodes.hello.choices[1]: unknown key 'feedbak' (did you mean 'feedback'?); 'feedback' is required here"
    )


def test_misspelt_optional_key_keeps_the_plain_did_you_mean() -> None:
    rest = CLEAN.replace("effects: {empathy: 2}", "effects: {empathy: 2}\n        moood: 5")
    assert found(rest) == [("unknown-key", 14, 9)]
    assert (
        only(rest, "unknown-key").message
        == "nodes.hello.choices[1]: unknown key 'moood' (did you mean 'mood'?)"
    )


def test_two_misspellings_of_one_required_key_absorb_it_once() -> None:
    rest = CLEAN.replace("feedback: Good.", "feedbak: Good.\n        feedbac: Good.")
    assert found(rest) == [("unknown-key", 14, 9), ("unknown-key", 15, 9)]
    first, second = (p.message for p in report(rest).problems)
    assert first.endswith("'feedback' is required here") and not second.endswith("is required here")


def test_unknown_key_without_a_close_match_lists_the_known_ones() -> None:
    rest = CLEAN + "colour_scheme: dark\n"
    assert found(rest) == [("unknown-key", 18, 1)]
    assert "known keys here:" in only(rest, "unknown-key").message


# -- out-of-range ------------------------------------------------------------------------


def test_out_of_range_numbers() -> None:
    rest = CLEAN.replace("satisfaction: 4", "satisfaction: 9").replace(
        "{empathy: 2}", "{empathy: 12}"
    )
    assert found(rest) == [("out-of-range", 13, 28), ("out-of-range", 17, 43)]
    assert (
        "from 1 to 5" in only(rest.replace("{empathy: 12}", "{empathy: 2}"), "out-of-range").message
    )


def test_out_of_range_persona_mood() -> None:
    text = HEAD.replace("mood: -20", "mood: -150") + CLEAN
    problems = drop_goal_warning(check_document(load_text(text, "demo.yaml"), RUBRIC, ()).problems)
    assert [(p.rule, p.pos.line, p.pos.col) for p in problems] == [("out-of-range", 6, 28)]


# -- backslash-escape --------------------------------------------------------------------
# Line 10 of CLEAN is `    say: Where is my parcel?`; a value written there starts at column 10.


def test_windows_path_in_double_quotes_warns_at_the_backslash() -> None:
    rest = CLEAN.replace("say: Where is my parcel?", r'say: "See C:\faces\bob.png"')
    r = report(rest)
    # Only the first surprising escape of a value is named: one slip, one message.
    assert [(p.rule, p.pos.line, p.pos.col, p.severity) for p in r.problems] == [
        ("backslash-escape", 10, 17, Severity.WARNING)
    ]
    assert r.problems[0].message == (
        r"`\f` in double quotes is a control character, not a backslash; use single quotes or forward slashes"
    )
    assert r.ok and r.scenario is not None
    assert r.scenario.nodes["hello"].say == ("See C:\x0caces\x08ob.png",)


@pytest.mark.parametrize(
    ("escape", "becomes"),
    [
        (r"\a", "a control character"),
        (r"\e", "a control character"),
        (r"\v", "a control character"),
        (r"\0", "a control character"),
        (r"\x07", "a control character"),
        (r"\x41", "the character 'A'"),
        (r"\u00e9", "the character 'é'"),
        (r"\N", "a control character"),
        (r"\_", "a no-break space"),
        (r"\L", "a line separator"),
        (r"\P", "a paragraph separator"),
    ],
)
def test_other_escapes_in_double_quotes_warn(escape: str, becomes: str) -> None:
    rest = CLEAN.replace("say: Where is my parcel?", f'say: "Caf{escape} now"')
    p = only(rest, "backslash-escape")
    assert (p.pos.line, p.pos.col) == (10, 14)
    assert p.message.startswith(f"`{escape}` in double quotes is {becomes}, not a backslash")


def test_escape_on_a_continued_line_is_located_on_that_line() -> None:
    rest = CLEAN.replace("say: Where is my parcel?", 'say: "Where is\n      my \\b parcel?"')
    assert [(r, line, col) for r, line, col in found(rest) if r == "backslash-escape"] == [
        ("backslash-escape", 11, 10)
    ]


def test_line_break_in_a_path_like_value_warns() -> None:
    # Text without spaces reads as a path, where `\n` is a slip, not a line break.
    rest = CLEAN.replace("say: Where is my parcel?", r'say: "C:\new.png"')
    assert found(rest) == [("backslash-escape", 10, 13)]
    assert "is a line break, not a backslash" in only(rest, "backslash-escape").message


@pytest.mark.parametrize(
    "value",
    [
        r'"Line one\nline two, a \"quote\", a \\ and a\ttab"',
        r"'C:\faces\bob.png'",
        r"C:\faces\bob.png",
        '"Where is\\\n      my parcel?"',
    ],
)
def test_meant_escapes_and_other_quoting_do_not_warn(value: str) -> None:
    rest = CLEAN.replace("say: Where is my parcel?", f"say: {value}")
    assert found(rest) == []


# -- yaml11-coercion ---------------------------------------------------------------------


def test_text_no_warns_and_is_read_back_as_no() -> None:
    rest = CLEAN.replace("text: I'm sorry, let me check.", "text: no")
    r = report(rest)
    assert [(p.rule, p.pos.line, p.pos.col, p.severity) for p in r.problems] == [
        ("yaml11-coercion", 12, 15, Severity.WARNING)
    ]
    assert 'put it in quotes: "no"' in r.problems[0].message
    assert r.ok and r.scenario is not None
    assert r.scenario.nodes["hello"].choices[0].text == "no"


@pytest.mark.parametrize("word", ["yes", "Off", "1:30", "0777"])
def test_other_yaml11_surprises_in_text(word: str) -> None:
    rest = CLEAN.replace("say: Where is my parcel?", f"say: {word}")
    assert found(rest) == [("yaml11-coercion", 10, 10)]
    sc = report(rest).scenario
    assert sc is not None and sc.nodes["hello"].say == (word,)


def test_a_date_is_kept_as_the_text_written() -> None:
    rest = CLEAN.replace("say: Where is my parcel?", "say: 2024-01-05")
    assert found(rest) == []
    sc = report(rest).scenario
    assert sc is not None and sc.nodes["hello"].say == ("2024-01-05",)


def test_quoted_no_is_plain_text() -> None:
    assert found(CLEAN.replace("text: I'm sorry, let me check.", 'text: "no"')) == []


# -- code-in-condition -------------------------------------------------------------------


def test_condition_written_as_code() -> None:
    rest = CLEAN.replace("next: done", "next: done\n        if: mood > 5 and not angry")
    assert found(rest) == [("code-in-condition", 16, 13)]
    assert "scenarios never run code" in only(rest, "code-in-condition").message


def test_condition_with_an_unknown_operator() -> None:
    rest = CLEAN.replace("next: done", "next: done\n        if: {mood_above: 5}")
    assert found(rest) == [("schema", 16, 13)]
    assert "not a known form" in report(rest).problems[0].message


def test_condition_forms_are_accepted() -> None:
    cond = "{all: [{heard: parcel}, {not: {flag: angry}}, {any: [{mood_at_least: -50}, {patience_below: 20}]}]}"
    rest = CLEAN.replace(
        "say: Where is my parcel?", "say: Where is my parcel?\n    mentions: {parcel: the blue box}"
    ).replace(
        "next: done",
        "next: done\n        set: [angry]\n      - text: Ok.\n        effects: {listening: 1}\n"
        f"        feedback: Fine.\n        next: done\n        if: {cond}",
    )
    assert found(rest) == []


# -- dangling-next -----------------------------------------------------------------------


def test_dangling_next_with_did_you_mean() -> None:
    rest = CLEAN.replace("next: done", "next: dnoe")
    assert ("dangling-next", 15, 15) in found(rest)
    p = only(rest, "dangling-next")
    assert (
        "choice 1 of node 'hello' goes to 'dnoe'" in p.message
        and "did you mean 'done'?" in p.message
    )


@pytest.mark.parametrize("target", ["wrap up", "5", "Done!"])
def test_a_next_that_is_no_id_at_all_is_reported_once(target: str) -> None:
    # It breaks the schema's id pattern too; the dangling-next message says more, so only it is kept.
    rest = CLEAN.replace("next: done", f"next: {target}")
    assert [(r, line, col) for r, line, col in found(rest) if line == 15] == [
        ("dangling-next", 15, 15)
    ]
    p = only(rest, "dangling-next")
    assert p.message.startswith(
        f"choice 1 of node 'hello' goes to '{target}', which does not exist"
    )
    assert "did you mean 'done'?" in p.message or "an id is letters, digits" in p.message


@pytest.mark.parametrize("value", ["", "[done]"])
def test_a_next_that_is_not_text_is_not_also_called_a_loop(value: str) -> None:
    rest = CLEAN.replace("next: done", f"next: {value}")
    assert [r for r, _, _ in found(rest) if r in ("schema", "dead-end", "dangling-next")] == [
        "schema"
    ]


def test_dangling_start_and_on_patience_out() -> None:
    rest = CLEAN.replace("start: hello", "start: helo\non_patience_out: hang")
    assert found(rest)[:2] == [("dangling-next", 7, 8), ("dangling-next", 8, 18)]


def test_start_at_an_ending() -> None:
    assert found(CLEAN.replace("start: hello", "start: done")) == [("dangling-next", 7, 8)]
    assert (
        "an ending; start at a node"
        in only(CLEAN.replace("start: hello", "start: done"), "dangling-next").message
    )


def test_visited_condition_naming_no_node() -> None:
    rest = CLEAN.replace("next: done", "next: done\n        if: {visited: hallo}")
    assert found(rest) == [("dead-end", 9, 3), ("dangling-next", 16, 13)]
    assert "did you mean 'hello'?" in only(rest, "dangling-next").message


# -- duplicate-id ------------------------------------------------------------------------


def test_node_and_ending_with_the_same_id_cites_both() -> None:
    rest = CLEAN + "  hello: {outcome: escalated, satisfaction: 2}\n"
    p = only(rest, "duplicate-id")
    assert (p.pos.line, p.pos.col) == (18, 3)
    assert [(r.line, r.col) for r in p.related] == [(9, 3)]
    assert "line 9" in p.message


def test_two_files_with_the_same_scenario_id(tmp_path: Path) -> None:
    (tmp_path / "rubric.yaml").write_text(
        DEFAULT_RUBRIC.read_text(encoding="utf-8"), encoding="utf-8"
    )
    # In two folders, so each file is named after its id and only the clash is reported.
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "demo.yaml").write_text(
        HEAD + CLEAN + "teaches: [empathy]\n", encoding="utf-8"
    )
    (tmp_path / "two" / "demo.yaml").write_text(
        "# second\n" + HEAD + CLEAN + "teaches: [empathy]\n", encoding="utf-8"
    )
    reports, extra = validate_paths([tmp_path])
    assert extra == []
    first, second = reports
    assert first.problems == [] and first.scenario is not None
    assert [(p.rule, p.pos.line, p.pos.col) for p in second.problems] == [("duplicate-id", 2, 1)]
    assert second.scenario is None and not second.ok
    p = second.problems[0]
    assert p.related[0].file == first.path and (p.related[0].line, p.related[0].col) == (1, 1)
    assert first.path in p.message


# -- id-mismatch -------------------------------------------------------------------------


def test_id_that_differs_from_the_file_name_warns_at_the_id() -> None:
    p = next(
        p
        for p in drop_goal_warning(
            check_document(load_text(HEAD + CLEAN, "calls/refund_late.yaml"), RUBRIC, ()).problems
        )
    )
    assert (p.rule, p.severity, p.pos.file, p.pos.line, p.pos.col) == (
        "id-mismatch",
        Severity.WARNING,
        "calls/refund_late.yaml",
        1,
        5,
    )
    assert "'demo'" in p.message and "'refund_late.yaml'" in p.message
    assert "`id: refund_late`" in p.message and "demo.yaml" in p.message


@pytest.mark.parametrize("name", ["demo.yaml", "folder/demo.yml", "<stdin>", "demo"])
def test_id_that_matches_the_file_name_or_a_name_that_is_no_file_is_quiet(name: str) -> None:
    problems = drop_goal_warning(check_document(load_text(HEAD + CLEAN, name), RUBRIC, ()).problems)
    assert [p for p in problems if p.rule == "id-mismatch"] == []


def test_malformed_id_is_reported_once_by_the_schema() -> None:
    text = HEAD.replace("id: demo", "id: Demo Call") + CLEAN
    rules = [
        p.rule
        for p in drop_goal_warning(
            check_document(load_text(text, "demo.yaml"), RUBRIC, ()).problems
        )
    ]
    assert rules == ["schema"]


# -- unreachable-node / unreachable-ending / dead-end ------------------------------------


def test_unreachable_node() -> None:
    rest = CLEAN.replace(
        "endings:",
        "  orphan:\n    say: Hello?\n    choices:\n      - {text: Hi., effects: {empathy: 1}, "
        "feedback: Ok., next: done}\nendings:",
    )
    r = report(rest)
    assert [(p.rule, p.pos.line, p.pos.col) for p in r.problems] == [("unreachable-node", 16, 3)]
    assert r.problems[0].severity is Severity.WARNING and r.ok


def test_unreachable_ending() -> None:
    rest = CLEAN + "  gone: {outcome: escalated, satisfaction: 2}\n"
    r = report(rest)
    assert [(p.rule, p.pos.line, p.pos.col) for p in r.problems] == [("unreachable-ending", 18, 3)]
    assert r.problems[0].severity is Severity.WARNING


def test_on_patience_out_makes_an_ending_reachable_when_patience_can_drop() -> None:
    rest = CLEAN.replace("start: hello", "start: hello\non_patience_out: gone").replace(
        "next: done", "next: done\n        patience: -10"
    )
    assert found(rest + "  gone: {outcome: hung_up, satisfaction: 1}\n") == []


def test_dead_end_loop() -> None:
    rest = """\
    start: hello
    nodes:
      hello:
        say: Where is my parcel?
        choices:
          - {text: Let me see., effects: {listening: 1}, feedback: Ok., next: again}
      again:
        say: Still waiting.
        choices:
          - {text: One moment., effects: {composure: 1}, feedback: Ok., next: hello}
    endings:
      done: {outcome: resolved, satisfaction: 4}
    """
    assert found(rest) == [("dead-end", 9, 3), ("dead-end", 13, 3), ("unreachable-ending", 18, 3)]
    assert not report(rest).ok


def test_a_dangling_next_is_reported_once_not_also_as_a_loop_or_unreachable_ending() -> None:
    # One typo, one message: what lies behind a broken link is judged once the link resolves.
    assert found(CLEAN.replace("next: done", "next: nowhere")) == [("dangling-next", 15, 15)]


def test_a_misspelt_choices_key_does_not_bury_its_error_under_unreachable_warnings() -> None:
    rules = [rule for rule, _, _ in found(CLEAN.replace("    choices:", "    choises:"))]
    assert "unknown-key" in rules
    assert not {"unreachable-node", "unreachable-ending"} & set(rules)


def test_dead_end_when_every_choice_is_conditional() -> None:
    rest = CLEAN.replace("next: done", "next: done\n        if: {mood_at_least: 0}")
    r = report(rest)
    assert [(p.rule, p.pos.line, p.pos.col, p.severity) for p in r.problems] == [
        ("dead-end", 9, 3, Severity.WARNING)
    ]


# -- no-principle / unknown-principle ----------------------------------------------------


def test_choice_that_scores_no_principle() -> None:
    rest = CLEAN.replace("        effects: {empathy: 2}\n", "")
    r = report(rest)
    assert [(p.rule, p.pos.line, p.pos.col, p.severity) for p in r.problems] == [
        ("no-principle", 12, 9, Severity.WARNING)
    ]


def test_zero_effects_score_no_principle() -> None:
    assert found(CLEAN.replace("{empathy: 2}", "{empathy: 0}")) == [("no-principle", 12, 9)]


def test_unknown_principle_in_effects() -> None:
    rest = CLEAN.replace("{empathy: 2}", "{empathy: 2, emapthy: 1}")
    assert found(rest) == [("unknown-principle", 13, 31)]
    assert "did you mean 'empathy'?" in only(rest, "unknown-principle").message


def test_unknown_principle_in_weights_lists_the_rubric() -> None:
    rest = CLEAN.replace("start: hello", "weights: {politeness: 2}\nstart: hello")
    assert found(rest) == [("unknown-principle", 7, 11)]
    assert "the rubric has: listening, empathy" in only(rest, "unknown-principle").message


def test_unknown_principle_in_teaches() -> None:
    doc = HEAD + "teaches: [empathy, resolutoin]\n" + BODY
    r = check_document(load_text(doc, "demo.yaml"), RUBRIC)
    assert [(p.rule, p.pos.line, p.pos.col) for p in r.problems] == [("unknown-principle", 7, 20)]
    assert "did you mean 'resolution'?" in r.problems[0].message and not r.ok


# -- no-teaches ----------------------------------------------------------------------------


def test_a_scenario_without_teaches_gets_a_warning_at_its_start() -> None:
    doc = HEAD + BODY
    r = check_document(load_text(doc, "demo.yaml"), RUBRIC)
    assert [(p.rule, p.pos.line, p.pos.col, p.severity) for p in r.problems] == [
        ("no-teaches", 1, 1, Severity.WARNING)
    ]
    assert "teaches: [listening, empathy]" in r.problems[0].message and r.ok


def test_a_principle_taught_twice_is_a_warning() -> None:
    doc = HEAD + "teaches: [empathy, empathy]\n" + BODY
    r = check_document(load_text(doc, "demo.yaml"), RUBRIC)
    assert [(p.rule, p.pos.line, p.pos.col) for p in r.problems] == [("no-teaches", 7, 20)]


def test_more_than_three_goals_is_a_schema_error() -> None:
    doc = HEAD + "teaches: [empathy, listening, no_blame, composure]\n" + BODY
    r = check_document(load_text(doc, "demo.yaml"), RUBRIC)
    assert [(p.rule, p.pos.line, p.pos.col) for p in r.problems] == [("schema", 7, 10)]
    assert "at most 3" in r.problems[0].message


# -- unknown-critical ----------------------------------------------------------------------


def test_unknown_critical_error_suggests_the_nearest_id() -> None:
    rest = CLEAN.replace(
        "        effects: {empathy: 2}\n",
        "        effects: {empathy: 2}\n        critical: [argued_back, blame_custmer]\n",
    )
    assert found(rest) == [("unknown-critical", 14, 33)]
    problem = only(rest, "unknown-critical")
    assert (
        "critical error 'blame_custmer'" in problem.message
        and "did you mean 'blame_customer'?" in problem.message
    )


def test_known_critical_errors_and_the_new_flags_are_clean() -> None:
    rest = CLEAN.replace(
        "        effects: {empathy: 2}\n",
        "        effects: {empathy: 2}\n        critical: [argued_back]\n        trap: true\n  "
        "      once: true\n        apology: true\n",
    ).replace(
        "    say: Where is my parcel?\n",
        "    say: Where is my parcel?\n    provokes: true\n    single_answer: true\n",
    )
    r = report(rest)
    assert r.problems == [] and r.scenario is not None
    choice = r.scenario.nodes["hello"].choices[0]
    assert (choice.critical, choice.trap, choice.once, choice.apology) == (
        ("argued_back",),
        True,
        True,
        True,
    )
    assert r.scenario.nodes["hello"].provokes and r.scenario.nodes["hello"].single_answer


# -- unknown-follows (checked across the files validated together) -------------------------


def test_follows_must_name_a_scenario_of_the_library(tmp_path: Path) -> None:
    first = HEAD.replace("id: demo", "id: first_call") + CLEAN + "teaches: [empathy]\n"
    second = (
        HEAD.replace("id: demo", "id: second_call")
        + "follows: {scenario: frist_call, days_later: 4}\n"
        + CLEAN
        + "teaches: [empathy]\n"
    )
    (tmp_path / "first_call.yaml").write_text(first, encoding="utf-8")
    (tmp_path / "second_call.yaml").write_text(second, encoding="utf-8")
    reports, _ = validate_paths([tmp_path / "second_call.yaml"])
    assert [(p.rule, p.pos.line, p.pos.col) for p in reports[0].problems] == [
        ("unknown-follows", 7, 21)
    ]
    assert (
        "did you mean 'first_call'?" in reports[0].problems[0].message
        and reports[0].scenario is None
    )
    (tmp_path / "second_call.yaml").write_text(
        second.replace("frist_call", "first_call"), encoding="utf-8"
    )
    # Checked on its own, the first call is found beside it; checked together, among the files.
    for paths in ([tmp_path / "second_call.yaml"], [tmp_path]):
        reports, _ = validate_paths(paths)
        assert all(r.problems == [] for r in reports)
        follows = [r.scenario.follows for r in reports if r.scenario and r.scenario.follows]
        assert [(f.scenario, f.days_later) for f in follows] == [("first_call", 4)]


def test_a_scenario_cannot_follow_itself(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(
        HEAD + "follows: {scenario: demo, days_later: 1}\n" + CLEAN + "teaches: [empathy]\n",
        encoding="utf-8",
    )
    reports, _ = validate_paths([tmp_path])
    assert [p.rule for p in reports[0].problems] == [
        "unknown-follows"
    ] and "cannot follow itself" in reports[0].problems[0].message


# -- missing-asset -----------------------------------------------------------------------


def test_missing_portrait_image(tmp_path: Path) -> None:
    text = HEAD.replace("patience: 50}", "patience: 50, portrait: {image: faces/sam.png}}")
    doc = load_text(text + CLEAN, "demo.yaml")
    problems = drop_goal_warning(check_document(doc, RUBRIC, (tmp_path,)).problems)
    assert [(p.rule, p.pos.line, p.pos.col) for p in problems] == [("missing-asset", 6, 65)]
    (tmp_path / "faces").mkdir()
    (tmp_path / "faces" / "sam.png").write_bytes(b"\x89PNG")
    assert drop_goal_warning(check_document(doc, RUBRIC, (tmp_path,)).problems) == []


# -- unknown-detail / unset-flag ---------------------------------------------------------


def test_recall_of_a_detail_nobody_mentions() -> None:
    rest = CLEAN.replace("next: done", "next: done\n        recall: order_numbr").replace(
        "say: Where is my parcel?",
        "say: Where is my parcel?\n    mentions: {order_number: '58213'}",
    )
    p = only(rest, "unknown-detail")
    assert (p.pos.line, p.pos.col) == (13, 9)
    assert "did you mean 'order_number'?" in p.message
    assert p.is_error


def test_heard_condition_on_an_unknown_detail() -> None:
    rest = CLEAN.replace(
        "next: done",
        "next: done\n      - {text: Ok., effects: {listening: 1}, feedback: Ok., next: done, if: {heard: x}}",
    )
    assert found(rest) == [("unknown-detail", 16, 9)]


def test_condition_on_a_flag_nobody_sets() -> None:
    rest = CLEAN.replace(
        "next: done",
        "next: done\n        set: [promised_refund]\n      - {text: Ok., effects: {listening: "
        "1}, feedback: Ok., next: done,"
        " if: {flag: promised_refnd}}",
    )
    r = report(rest)
    assert [(p.rule, p.pos.line, p.pos.col, p.severity) for p in r.problems] == [
        ("unset-flag", 17, 77, Severity.WARNING)
    ]
    assert "did you mean 'promised_refund'?" in r.problems[0].message


# -- across rules ------------------------------------------------------------------------


def test_problems_are_sorted_by_position_and_all_reported_at_once() -> None:
    rest = (
        CLEAN.replace("start: hello", "start: hello\nweights: {politeness: 2}")
        .replace("satisfaction: 4", "satisfaction: 0")
        .replace("feedback: Good.", "feedbak: Good.")
        .replace("next: done", "next: dne")
    )
    problems = report(rest).problems
    assert problems == sorted(problems)
    assert [p.rule for p in problems] == [
        "unknown-principle",
        "unknown-key",
        "dangling-next",
        "out-of-range",
    ]


def test_errors_stop_a_scenario_warnings_do_not() -> None:
    warn = report(CLEAN + "  gone: {outcome: escalated, satisfaction: 2}\n")
    assert warn.ok and warn.scenario is not None and warn.first_error is None
    err = report(CLEAN.replace("next: done", "next: nowhere"))
    assert not err.ok and err.scenario is None
    assert err.first_error is not None and err.first_error.rule == "dangling-next"


def test_messages_read_as_file_line_col_severity_message_rule() -> None:
    p = only(CLEAN.replace("next: done", "next: dnoe"), "dangling-next")
    assert str(p).startswith("demo.yaml:15:15: error: choice 1 of node 'hello' goes to 'dnoe'")
    assert str(p).endswith("[dangling-next]")


def test_infinity_and_nan_are_out_of_range_not_a_crash() -> None:
    rest = CLEAN.replace("start: hello", "weights: {empathy: .nan}\nstart: hello").replace(
        "effects: {empathy: 2}", "effects: {empathy: 2}\n        mood: .inf"
    )
    assert found(rest) == [("out-of-range", 7, 20), ("schema", 15, 15)]
    assert "not a usable number" in report(rest).problems[0].message


# -- the format guide stays true ---------------------------------------------------------

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "scenario-format.md"


def test_the_complete_example_in_the_format_guide_is_clean() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    example = (
        text.split("## A complete small example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    )
    r = check_document(load_text(example, "lost_voucher.yaml"), RUBRIC, ())
    assert r.problems == []
    assert r.scenario is not None and r.scenario.start in r.scenario.nodes


def test_the_format_guide_lists_every_rule_and_every_key() -> None:
    from simulator.validation import rules  # noqa: F401  (importing registers every rule)
    from simulator.validation.schema_walk import load_schema

    text = GUIDE.read_text(encoding="utf-8")
    assert [r for r in RULES if f"| `{r}` |" not in text] == []
    schema = load_schema("scenario")
    defs = schema["$defs"]
    keys = {
        *schema["properties"],
        *defs["persona"]["properties"],
        *defs["persona"]["properties"]["voice"]["properties"],
        *defs["persona"]["properties"]["portrait"]["properties"],
        *defs["node"]["properties"],
        *defs["choice"]["properties"],
        *defs["ending"]["properties"],
        *(k for branch in defs["condition"]["oneOf"] for k in branch["properties"]),
    }
    assert sorted(k for k in keys if f"`{k}`" not in text and f"{{{k}:" not in text) == []


# -- text safety (issue 16) -------------------------------------------------------------------


def test_a_hash_in_unquoted_dialogue_is_reported_at_the_hash_with_the_quoted_fix() -> None:
    rest = CLEAN.replace("say: Where is my parcel?", "say: Is it about job #4471?").replace(
        "- text: I'm sorry, let me check.",
        "- text: Sorry, which leak was it, #1 or #2?   # asks first",
    )
    hits = [p for p in report(rest).problems if p.rule == "text-cut-by-comment"]
    assert [(p.pos.line, p.pos.col) for p in hits] == [(10, 26), (12, 41)]
    assert hits[0].message == (
        "YAML reads ' #' as the start of a comment, so this line is cut to 'Is it about job'; "
        'put the whole text in quotes: "Is it about job #4471?"'
    )
    assert hits[1].message.endswith(
        'put the whole text in quotes: "Sorry, which leak was it, #1 or #2?"'
    )


def test_a_note_after_unquoted_text_and_a_hash_inside_quotes_are_left_alone() -> None:
    rest = CLEAN.replace(
        "say: Where is my parcel?", "say: Where is my parcel?   # she sounds tired"
    ).replace("- text: I'm sorry, let me check.", '- text: "Sorry, which leak, #1 or #2?"')
    assert [p for p in report(rest).problems if p.rule == "text-cut-by-comment"] == []


def test_applying_the_hash_fix_removes_the_warning_and_keeps_every_word() -> None:
    rest = CLEAN.replace("say: Where is my parcel?", "say: Is it about job #4471?")
    fix = only(rest, "text-cut-by-comment").message.split("put the whole text in quotes: ", 1)[1]
    fixed = report(rest.replace("Is it about job #4471?", fix))
    assert fixed.problems == [] and fixed.scenario is not None
    assert fixed.scenario.nodes["hello"].say == ("Is it about job #4471?",)


def test_a_pasted_email_as_a_customer_line_gets_a_long_text_warning() -> None:
    email = " ".join(["word"] * 61)
    rest = CLEAN.replace("say: Where is my parcel?", f"say: {email}")
    p = only(rest, "long-text")
    assert (p.pos.line, p.pos.col) == (10, 10) and p.message == (
        "this customer line has 61 words; a caller can't follow more than about 45 by ear and a "
        "trainee can't read it in time: split it over two nodes, or keep the one detail that "
        "matters (at most 60 words)"
    )
    assert [
        x
        for x in report(
            CLEAN.replace("say: Where is my parcel?", "say: " + " ".join(["w"] * 60))
        ).problems
    ] == []


def test_a_long_answer_gets_a_long_text_warning() -> None:
    rest = CLEAN.replace("- text: I'm sorry, let me check.", "- text: " + " ".join(["sorry"] * 70))
    p = only(rest, "long-text")
    assert (p.pos.line, p.pos.col) == (12, 15) and p.message == (
        "this answer has 70 words; a caller can't follow more than about 45 by ear and a trainee "
        "can't read it in time: split it over two nodes, or keep the one detail that matters "
        "(at most 60 words)"
    )


@pytest.mark.parametrize(
    ("file_name", "valid_fix"),
    [("2nd_try.yaml", "call_2nd_try"), ("Held Twice (v2).yaml", "held_twice_v2")],
)
def test_id_mismatch_advice_for_a_file_name_that_cannot_be_an_id_is_itself_valid(
    file_name: str, valid_fix: str
) -> None:
    r = check_document(load_text(HEAD + CLEAN, file_name), RUBRIC, ())
    (p,) = [x for x in r.problems if x.rule == "id-mismatch"]
    assert "`id: 2nd_try`" not in p.message and f"`id: {valid_fix}`" in p.message
    assert "rename the file to demo.yaml" in p.message
    renamed = check_document(
        load_text(HEAD.replace("id: demo", f"id: {valid_fix}") + CLEAN, f"{valid_fix}.yaml"),
        RUBRIC,
        (),
    )
    assert [x.rule for x in drop_goal_warning(renamed.problems)] == []


def test_an_id_over_64_characters_is_refused_by_the_schema() -> None:
    long_id = "a" * 65
    r = check_document(
        load_text(HEAD.replace("id: demo", f"id: {long_id}") + CLEAN, f"{long_id}.yaml"), RUBRIC, ()
    )
    (p,) = [x for x in r.problems if x.rule == "schema"]
    assert (p.pos.line, p.pos.col) == (1, 5) and "at most 64 characters" in p.message
    assert len(p.message) < 200  # the value is shown cut, not whole


# -- gists (issue 21) ------------------------------------------------------------------------


def test_an_answer_without_a_gist_beside_one_with_a_gist_is_reported() -> None:
    two = CLEAN.replace(
        "        next: done\n",
        "        next: done\n      - text: Not my department.\n        effects: {no_blame: -2}\n"
        "        feedback: Bad.\n        next: done\n",
        1,
    )
    assert [p for p in report(two).problems if p.rule == "gist-missing"] == []
    gisted = two.replace(
        "        effects: {empathy: 2}\n",
        "        gist: Apologise\n        effects: {empathy: 2}\n",
    )
    p = only(gisted, "gist-missing")
    assert (p.pos.line, p.pos.col) == (17, 9) and "choice 2 of node 'hello'" in p.message


# -- silence (issue 17) -----------------------------------------------------------------------


def test_silence_on_a_node_without_a_response_time_is_reported_where_it_is_written() -> None:
    rest = CLEAN.replace(
        "    say: Where is my parcel?\n",
        '    say: Where is my parcel?\n    silence:\n      - say: "Hello?"\n',
    )
    p = only(rest, "silence-without-timer")
    assert (p.pos.line, p.pos.col) == (12, 9) and "respond_within" in p.message
    timed = rest.replace("    silence:\n", "    respond_within: 10\n    silence:\n")
    assert report(timed).problems == []


def test_a_silence_step_of_the_wrong_shape_is_located_by_the_schema() -> None:
    rest = CLEAN.replace(
        "    say: Where is my parcel?\n",
        "    say: Where is my parcel?\n    respond_within: 10\n    silence:\n"
        '      - say: "Hello?"\n        patience: 5\n        afer: 3\n',
    )
    got = found(rest)
    assert ("out-of-range", 14, 19) in got and ("unknown-key", 15, 9) in got


# -- question loops and schema links (issue 16; more in test_question_loop.py and test_new_command.py)


def test_question_loop_way_out_waiting_for_more_questions_than_the_node_asks() -> None:
    rest = CLEAN.replace("        next: done\n", "        after_asked: 1\n        next: done\n")
    p = only(rest, "question-loop")
    assert (p.pos.line, p.pos.col, p.severity.value) == (15, 22, "error")
    assert p.message == (
        "choice 1 of node 'hello' waits for 1 questions, but node 'hello' has no `once: true` "
        "choices to count; mark its questions `once: true`"
    )


def test_schema_link_that_leads_nowhere_is_reported_at_the_link(tmp_path: Path) -> None:
    text = "# yaml-language-server: $schema=../nowhere/scenario.schema.json\n" + HEAD + CLEAN
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    r = check_document(load_text(text, str(path)), RUBRIC, ())
    (p,) = [x for x in r.problems if x.rule == "schema-link"]
    assert (p.pos.line, p.pos.col) == (1, 33)
    assert p.message.startswith(
        "the editor schema link '../nowhere/scenario.schema.json' leads to no file from this file's folder"
    )
