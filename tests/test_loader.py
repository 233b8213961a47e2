"""The position-aware loader: what it builds, where it says things are, and what it refuses."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
import yaml

from simulator.scenario.located import YMap, YScalar, YSeq, to_plain
from simulator.scenario.problems import Problem
from simulator.scenario.yaml_loader import (
    MAX_BYTES,
    MAX_DEPTH,
    LoadResult,
    load_bytes,
    load_file,
    load_text,
)


def load(text: str) -> LoadResult:
    """Load inline YAML under the name 'f.yaml'."""
    return load_text(dedent(text), "f.yaml")


def where(problems: list[Problem]) -> list[tuple[str, int, int]]:
    """(rule, line, column) of each problem, in order."""
    return [(p.rule, p.pos.line, p.pos.col) for p in problems]


# -- what it builds ---------------------------------------------------------------------


def test_every_node_remembers_file_line_and_column() -> None:
    result = load(
        """\
        id: demo
        persona:
          name: Sam
          mood: -20
        nodes: [a, "b"]
        """
    )
    assert result.problems == []
    doc = result.doc
    assert isinstance(doc, YMap)
    assert (doc.pos.file, doc.pos.line, doc.pos.col) == ("f.yaml", 1, 1)
    assert (doc.key_pos["persona"].line, doc.key_pos["persona"].col) == (2, 1)
    persona = doc.items["persona"]
    assert isinstance(persona, YMap)
    mood = persona.items["mood"]
    assert isinstance(mood, YScalar) and mood.value == -20
    assert (mood.pos.line, mood.pos.col) == (4, 9)
    seq = doc.items["nodes"]
    assert isinstance(seq, YSeq)
    assert [(i.pos.line, i.pos.col) for i in seq] == [(5, 9), (5, 12)]
    assert to_plain(doc) == {
        "id": "demo",
        "persona": {"name": "Sam", "mood": -20},
        "nodes": ["a", "b"],
    }


def test_values_are_read_as_pyyaml_safe_loader_reads_them() -> None:
    text = "a: 12\nb: -3\nc: 1.5\nd: true\ne: ~\nf: 0x1F\ng: '7'\nh: 1e3\ni: text\nj:\n"
    result = load_text(text, "f.yaml")
    assert result.doc is not None
    assert to_plain(result.doc) == yaml.safe_load(text)


def test_text_no_is_kept_as_written() -> None:
    result = load("text: no\nother: 'no'\n")
    assert result.doc is not None
    scalar = result.doc.items["text"]
    assert isinstance(scalar, YScalar)
    # YAML 1.1 says this is the boolean false; the loader keeps the words too.
    assert scalar.value is False and scalar.raw == "no" and scalar.plain
    quoted = result.doc.items["other"]
    assert isinstance(quoted, YScalar) and quoted.value == "no" and not quoted.plain


def test_a_byte_order_mark_is_ignored() -> None:
    result = load_bytes(b"\xef\xbb\xbfid: demo\n", "f.yaml")
    assert result.problems == [] and result.doc is not None
    assert to_plain(result.doc) == {"id": "demo"}


# -- refusals, each located -------------------------------------------------------------


def test_duplicate_key_cites_the_first() -> None:
    result = load(
        """\
        id: demo
        title: One
        persona:
          name: Sam
          name: Kim
        """
    )
    assert where(result.problems) == [("duplicate-key", 5, 3)]
    assert result.problems[0].related[0].line == 4
    assert "first at line 4" in result.problems[0].message
    assert result.problems[0].is_error


def test_python_tag_is_refused_and_nothing_is_built() -> None:
    result = load(
        """\
        id: demo
        title: !!python/object/apply:os.system ["echo owned"]
        """
    )
    assert where(result.problems) == [("python-tag", 2, 8)]
    assert result.doc is None


def test_python_tag_on_a_mapping_is_refused() -> None:
    result = load("id: demo\npersona: !!python/object:builtins.dict {name: x}\n")
    assert where(result.problems) == [("python-tag", 2, 10)]


@pytest.mark.parametrize(
    ("text", "col"),
    [
        ("title: !custom Hello\n", 8),
        ("title: !!binary aGVsbG8=\n", 8),
        ("nodes: !!set {a, b}\n", 8),
    ],
)
def test_other_tags_are_refused(text: str, col: int) -> None:
    result = load_text(text, "f.yaml")
    assert where(result.problems) == [("tag", 1, col)]
    assert result.doc is None


def test_standard_tags_are_allowed() -> None:
    result = load("title: !!str 123\ncount: !!int '5'\n")
    assert result.problems == []
    assert result.doc is not None and to_plain(result.doc) == {"title": "123", "count": 5}


def test_anchor_is_refused_where_it_is_defined() -> None:
    result = load(
        """\
        id: demo
        feedback: &good Well done.
        other: *good
        """
    )
    assert where(result.problems) == [("anchor", 2, 11)]
    assert "&good" in result.problems[0].message


def test_alias_is_refused() -> None:
    result = load("id: demo\nother: *nowhere\n")
    assert where(result.problems) == [("anchor", 2, 8)]


def test_billion_laughs_is_refused_at_the_first_anchor_without_expanding() -> None:
    # Expanded, this document would hold 10**10 strings: building it would never finish.
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    result = load_text("\n".join(levels) + "\n", "bomb.yaml")
    assert where(result.problems) == [("anchor", 1, 4)]
    assert result.doc is None


def test_file_over_one_mebibyte_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"id: demo\nnote: " + b"x" * MAX_BYTES + b"\n")
    result = load_file(big, "big.yaml")
    assert where(result.problems) == [("file-too-large", 1, 1)]
    assert result.doc is None
    assert where(load_bytes(big.read_bytes(), "big.yaml").problems) == [("file-too-large", 1, 1)]


def test_file_of_exactly_one_mebibyte_is_read(tmp_path: Path) -> None:
    body = b"id: demo\nnote: "
    path = tmp_path / "edge.yaml"
    path.write_bytes(body + b"x" * (MAX_BYTES - len(body) - 1) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    assert load_file(path).problems == []


def test_bytes_that_are_not_utf8_are_located() -> None:
    result = load_bytes(b"id: demo\ntitle: caf\xe9 au lait\n", "f.yaml")
    assert where(result.problems) == [("not-utf8", 2, 11)]
    assert "0xe9" in result.problems[0].message


def test_nul_character_is_refused() -> None:
    result = load_bytes(b"id: demo\ntitle: a\x00b\n", "f.yaml")
    assert where(result.problems) == [("not-utf8", 2, 9)]


def test_control_character_is_located() -> None:
    result = load("id: demo\ntitle: café\x07\n")
    assert where(result.problems) == [("yaml-syntax", 2, 12)]
    assert "U+0007" in result.problems[0].message


@pytest.mark.parametrize(
    "text", ["", "\n\n", "# just a comment\n", "---\n", "--- # nothing\n...\n"]
)
def test_empty_file(text: str) -> None:
    result = load_text(text, "f.yaml")
    assert where(result.problems) == [("empty-file", 1, 1)]
    assert result.doc is None


@pytest.mark.parametrize(
    ("text", "line", "col", "kind"),
    [
        ("- a\n- b\n", 1, 1, "a list"),
        ("# c\njust words\n", 2, 1, "a single value"),
        ("  [1, 2]\n", 1, 3, "a list"),
        ("~\n", 1, 1, "a single value"),
    ],
)
def test_top_level_must_be_a_mapping(text: str, line: int, col: int, kind: str) -> None:
    result = load_text(text, "f.yaml")
    assert where(result.problems) == [("top-level", line, col)]
    assert kind in result.problems[0].message


def test_yaml_syntax_error_is_located() -> None:
    result = load("id: demo\ntitle: Refund: late\n")
    assert where(result.problems) == [("yaml-syntax", 2, 14)]


def test_unclosed_quote_at_the_end_of_the_file_is_reported_at_the_quote() -> None:
    result = load(
        """\
        id: demo
        title: "unclosed
        kind: irate
        """
    )
    # The parser only notices at the end of the file; the line to fix is the one the quote opened on.
    assert where(result.problems) == [("yaml-syntax", 2, 8)]
    assert (
        result.problems[0].message
        == 'this quoted text is never closed: add the closing " at the end of the line'
    )


_SWALLOWED = """\
nodes:
  opening:
    say: {q}Right. What do you need from me?
    vent: true
    choices:
      - text: {q}Your order number, please.{q}
        next: done
"""


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_that_swallows_the_next_keys_is_reported_at_the_quote(quote: str) -> None:
    # The text runs on to the next quote of its kind (line 6), where PyYAML complains.
    result = load_text(_SWALLOWED.format(q=quote), "f.yaml")
    assert where(result.problems) == [("yaml-syntax", 3, 10)]
    assert (
        result.problems[0].message
        == f"this quoted text is never closed: add the closing {quote} at the end of the line"
    )


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_on_the_last_line_is_reported_at_the_quote(quote: str) -> None:
    result = load_text(f"id: demo\nnodes:\n  opening:\n    say: {quote}Hello there", "f.yaml")
    assert where(result.problems) == [("yaml-syntax", 4, 10)]
    assert f"add the closing {quote}" in result.problems[0].message


def test_quoted_text_wrapped_over_lines_is_not_called_unclosed() -> None:
    # Only the text runs over a line here, no key: the mistake is the word after the closing quote.
    result = load_text('say: "Hi\n  there" now\n', "f.yaml")
    assert len(result.problems) == 1
    assert "never closed" not in result.problems[0].message


def test_bad_indentation_is_located() -> None:
    result = load(
        """\
        id: demo
        persona:
          name: Sam
         mood: 3
        """
    )
    assert where(result.problems) == [("yaml-syntax", 4, 2)]


def test_second_document_is_refused() -> None:
    result = load("id: one\n---\nid: two\n")
    assert where(result.problems) == [("yaml-syntax", 2, 1)]
    assert result.doc is None


def test_mapping_as_key_is_refused() -> None:
    result = load("id: demo\n? {a: 1}\n: x\n")
    assert where(result.problems) == [("schema", 2, 3)]


def test_deep_block_nesting_is_refused() -> None:
    text = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, MAX_DEPTH + 5))
    result = load_text(text, "f.yaml")
    assert where(result.problems) == [("too-deep", MAX_DEPTH + 1, 2 * MAX_DEPTH + 1)]


def test_nesting_just_under_the_limit_is_read() -> None:
    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert load_text(text, "f.yaml").problems == []


def test_hundred_thousand_brackets_give_a_problem_not_a_crash() -> None:
    # PyYAML's composer recurses once per bracket and takes the interpreter down here.
    result = load_text("[" * 100_000, "f.yaml")
    assert where(result.problems) == [("too-deep", 1, MAX_DEPTH + 1)]
    result = load_text("a: " + "{x: " * 100_000, "f.yaml")
    assert [p.rule for p in result.problems] == ["too-deep"]


def test_missing_file_and_folder_are_problems(tmp_path: Path) -> None:
    assert where(load_file(tmp_path / "nope.yaml").problems) == [("file", 1, 1)]
    assert where(load_file(tmp_path).problems) == [("file", 1, 1)]


def test_problems_name_the_display_path(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: a\nid: b\n", encoding="utf-8")
    result = load_file(path, "scenarios/x.yaml")
    assert str(result.problems[0]).startswith("scenarios/x.yaml:2:1: error: ")


# -- syntax errors in plain words, at the line to fix ----------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        # A tab in the indentation.
        (
            "id: demo\nnodes:\n\topening: {}\n",
            3,
            1,
            "tabs are not allowed for indentation in YAML; replace the tab with spaces",
        ),
        # A colon inside unquoted text: quote the whole value.
        (
            "id: demo\ntitle: Refund: late\n",
            2,
            14,
            'put the whole text in quotes: title: "Refund: late"',
        ),
        # `say:hello` is one word to YAML; PyYAML complains at the next line.
        (
            "nodes:\n  n:\n    say:hello\n    vent: true\n",
            3,
            8,
            "'say:hello' needs a space after the colon: write 'say: hello'",
        ),
        # The same as the last key of its mapping ("could not find expected ':'").
        ("nodes:\n  n:\n    vent: true\n    say:hello\nendings: {}\n", 4, 8, "write 'say: hello'"),
        # No colon at all.
        (
            "nodes:\n  n:\n    say Hello there\n    vent: true\n",
            3,
            5,
            "for example 'say: Hello there'",
        ),
        # `say:` one space short: PyYAML names `choices:`, the line after it.
        (
            "nodes:\n  opening:\n   say: hi\n    choices: []\n",
            3,
            4,
            "'say:' is indented 3 spaces but belongs at 4, under 'opening:' (line 2)",
        ),
        # `say:` too deep: PyYAML names `choices:` again.
        (
            "nodes:\n  opening:\n        say: hi\n    choices: []\n",
            3,
            9,
            "'say:' is indented 8 spaces but belongs at 4",
        ),
        # `choices:` too deep: here PyYAML's line is the right one.
        (
            "nodes:\n  opening:\n    say: hi\n       choices: []\n",
            4,
            8,
            "'choices:' is indented 7 spaces but belongs at 4, in line with 'say:' on line 3",
        ),
        # A key moved left out of its mapping: it, not the next key, is out of line.
        (
            "persona:\n  name: Sam\nmood: -45\n  patience: 40\n  role: x\n",
            3,
            1,
            "'mood:' is indented 0 spaces but belongs at 2",
        ),
        # `-text` is a key, not a list item; PyYAML complains at the next item.
        (
            "choices:\n  -text: a\n  - text: b\n",
            2,
            3,
            "'-text: a' needs a space after the '-' to be a list item: write '- text: a'",
        ),
        # A key in line with the dash ends the list item.
        (
            "choices:\n  - text: a\n  next: b\n",
            3,
            3,
            "indent it 4 spaces, like 'text:', to keep it in the item",
        ),
        # Text after a closing quote.
        ('say: "Hi" there\n', 1, 11, "text goes on after the closing quote"),
        # A reserved character cannot start plain text.
        (
            "say: @home\n",
            1,
            6,
            "'@' cannot start unquoted text in YAML; put the value in quotes: \"@home\"",
        ),
        # A Windows path in double quotes.
        (
            'image: "C:\\photos\\sam.png"\n',
            1,
            11,
            "'\\p' is not an escape YAML knows inside double quotes",
        ),
        # A list on its key's line.
        ("say: - a\n", 1, 6, "a list cannot start on the same line as its key"),
    ],
)
def test_syntax_errors_are_explained_at_the_line_to_fix(
    text: str, line: int, col: int, words: str
) -> None:
    result = load_text(text, "f.yaml")
    assert where(result.problems) == [("yaml-syntax", line, col)], result.problems
    assert words in result.problems[0].message
    assert (
        "found character" not in result.problems[0].message
        and "cannot start any token" not in result.problems[0].message
    )


def test_the_advice_is_the_same_with_the_pure_python_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import simulator.scenario.yaml_loader as loader

    texts = [
        "id: demo\nnodes:\n\topening: {}\n",
        "nodes:\n  opening:\n   say: hi\n    choices: []\n",
        "a: {skin: #c68e6a, hair: x}\nb: 1\n",
        _SWALLOWED.format(q='"'),
    ]
    with_c = [where(load_text(t, "f.yaml").problems) for t in texts]
    monkeypatch.setattr(loader, "Parser", yaml.SafeLoader)
    assert [where(load_text(t, "f.yaml").problems) for t in texts] == with_c


def test_unquoted_colour_in_brackets_is_reported_at_the_hash() -> None:
    # The comment swallows the closing brace; PyYAML only notices two lines later.
    text = (
        'persona:\n  name: Sam\n  portrait: {skin: #c68e6a, hair: "#3b2a20", glasses: false}\n'
        "start: opening\nnodes: {}\n"
    )
    result = load_text(text, "f.yaml")
    assert where(result.problems) == [("yaml-syntax", 3, 20)]
    assert result.problems[0].message.startswith(
        '`#c68e6a` was read as a comment because it starts with #; put the colour in quotes: "#c68e6a"'
    )
    assert "closing '}'" in result.problems[0].message


def test_an_empty_value_remembers_the_comment_after_it() -> None:
    result = load("portrait:\n  skin: #c68e6a\n  hair:\n  shirt: '#000000'  # blue\n")
    assert result.problems == []
    assert [(p.line, p.col, c, h.col) for p, (c, h) in result.comments.items()] == [
        (2, 8, "#c68e6a", 9)
    ]
