"""The nesting limit is the project's own: enforced before PyYAML reads deep flow nesting.

PyYAML 6.0.4's C scanner refuses deep flow nesting itself, with its own limit and wording,
before it emits one event; these tests pin that `too-deep` comes from us, at the container
past MAX_DEPTH, whatever the installed release would say.
"""

from __future__ import annotations

import pytest
import yaml

import simulator.scenario.yaml_loader as yaml_loader
from simulator.scenario.yaml_loader import MAX_DEPTH, flow_too_deep_at, load_text


def where(text: str) -> list[tuple[str, int, int]]:
    """(rule, line, column) of each problem loading ``text``."""
    return [(p.rule, p.pos.line, p.pos.col) for p in load_text(text, "f.yaml").problems]


def test_scan_finds_the_first_bracket_past_the_limit() -> None:
    assert flow_too_deep_at("[" * 100_000) == MAX_DEPTH
    text = "a: " + "{x: " * 1000
    assert flow_too_deep_at(text) == 3 + 4 * MAX_DEPTH
    assert flow_too_deep_at("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH) is None


@pytest.mark.parametrize(
    "text",
    [
        "text: |\n" + "".join("  " + "[" * i + "\n" for i in range(MAX_DEPTH + 10)) + "id: x\n",
        'text: "' + "[" * (MAX_DEPTH + 10) + '"\n',
        "text: 'it''s " + "{" * (MAX_DEPTH + 10) + "'\n",
        "# " + "[" * (MAX_DEPTH + 10) + "\nid: x\n",
        "text: I said " + "[" * (MAX_DEPTH + 10) + " # and [[[\n",
        'a: ["' + "[" * (MAX_DEPTH + 10) + "\", it's]\n",
    ],
    ids=[
        "block-scalar",
        "double-quoted",
        "single-quoted",
        "comment",
        "plain-text",
        "quoted-in-flow",
    ],
)
def test_brackets_that_are_text_are_not_nesting(text: str) -> None:
    assert flow_too_deep_at(text) is None
    assert where(text) == []


def test_a_false_alarm_is_checked_and_the_file_still_loads() -> None:
    # Continuation lines of a plain scalar may start with brackets: the scan counts them,
    # the parser (on a bounded prefix) says they are text, and the full load goes ahead.
    text = "text: hello\n  " + "[" * (MAX_DEPTH + 10) + "\n"
    assert flow_too_deep_at(text) is not None
    result = load_text(text, "f.yaml")
    assert result.problems == []
    assert result.doc is not None and result.doc.items["text"].value == "hello " + "[" * (
        MAX_DEPTH + 10
    )


_REAL_LOADER = yaml_loader.Parser


class _Refusing:
    """A stand-in for a PyYAML release that refuses any flow nesting deeper than MAX_DEPTH + 1."""

    seen: list[int] = []

    def __init__(self, text: str) -> None:
        type(self).seen.append(len(text))
        depth = deepest = 0
        for ch in text:
            depth += ch in "[{"
            depth -= ch in "]}"
            deepest = max(deepest, depth)
        if deepest > MAX_DEPTH + 1:
            mark = yaml.Mark("f.yaml", 0, 0, 0, None, None)
            raise yaml.MarkedYAMLError(None, None, "exceeded maximum nesting depth", mark)
        self._real = _REAL_LOADER(text)

    def get_event(self) -> object:
        return self._real.get_event()

    def dispose(self) -> None:
        self._real.dispose()


def test_too_deep_does_not_depend_on_the_parsers_own_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_Refusing, "seen", [])
    monkeypatch.setattr(yaml_loader, "Parser", _Refusing)
    assert where("[" * 100_000) == [("too-deep", 1, MAX_DEPTH + 1)]
    assert where("id: " + "[" * 200_000 + "]" * 200_000 + "\n") == [("too-deep", 1, 4 + MAX_DEPTH)]
    # Block containers count too: the root map and 'a' hold two levels before the braces.
    assert where("a:\n  b: " + "{x: " * 5000) == [("too-deep", 2, 6 + 4 * (MAX_DEPTH - 2))]
    # The parser was only ever handed a prefix a little longer than the limit.
    assert _Refusing.seen and max(_Refusing.seen) < 8 * MAX_DEPTH
