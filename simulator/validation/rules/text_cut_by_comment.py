"""Rule `text-cut-by-comment`: a ` #` in unquoted dialogue starts a YAML comment and silently cuts the line.

Order and ticket numbers ("job #4471", "leak #1 or #2") are everyday customer-service text, and
YAML drops everything from a space and `#` to the end of the line. The parser keeps no trace of
comments, so the check reads the source line behind each unquoted text value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from simulator.scenario.located import Pos, YMap, YNode, YScalar, YSeq
from simulator.scenario.problems import Problem, warning
from simulator.validation.registry import Context, rule

# Keys whose values are words someone reads or hears; a comment after them is almost never meant.
TEXT_KEYS = frozenset({"say", "text", "feedback", "summary", "title", "gist", "role"})
_COMMENT = re.compile(r"[ \t]+#")


def _text_scalars(node: YNode, key: str | None = None) -> Iterator[YScalar]:
    """Every plain text scalar under a text key, walked without recursion."""
    stack: list[tuple[YNode, str | None]] = [(node, key)]
    while stack:
        current, under = stack.pop()
        if isinstance(current, YMap):
            stack.extend((value, name) for name, value in current.items.items())
        elif isinstance(current, YSeq):
            stack.extend((item, under) for item in current.items)
        elif (
            isinstance(current, YScalar)
            and under in TEXT_KEYS
            and current.plain
            and isinstance(current.value, str)
        ):
            yield current


def _is_note(line: str, after_hash: int) -> bool:
    """True when the '#' ending at ``after_hash`` starts a note ('# like this'), not a number ('#4471')."""
    return after_hash >= len(line) or line[after_hash] in " \t\r"


@rule(
    "text-cut-by-comment",
    "a ' #' in unquoted dialogue that YAML reads as a comment, cutting the line",
)
def check(ctx: Context) -> Iterator[Problem]:
    """Warn at the `#` when a comment follows an unquoted one-line text on its line."""
    if not ctx.text:
        return
    lines = ctx.text.split("\n")
    for scalar in _text_scalars(ctx.doc):
        line_no, col = scalar.pos.line, scalar.pos.col
        if "\n" in scalar.raw or not 1 <= line_no <= len(lines):
            continue  # a value over several lines: the plain text ends further down; left to the reader
        line = lines[line_no - 1].rstrip("\r")
        end = col - 1 + len(scalar.raw)
        if line[col - 1 : end] != scalar.raw:
            continue  # the source does not read as expected (tabs, odd spacing): never guess
        found = _COMMENT.match(line, end)
        if not found or _is_note(line, found.end()):
            continue  # nothing follows, or "# like this": a comment the author meant
        hash_col = found.end()
        # The cut text runs on to the first '#' that reads as a note (a space after it), if any.
        rest = line[col - 1 :]
        stop = len(rest)
        for later in _COMMENT.finditer(rest, found.end() - (col - 1)):
            if _is_note(rest, later.end()):
                stop = later.start()
                break
        whole = rest[:stop].strip()
        fixed = json.dumps(
            whole, ensure_ascii=False
        )  # a JSON string is a valid double-quoted YAML scalar
        yield warning(
            Pos(scalar.pos.file, line_no, hash_col),
            f"YAML reads ' #' as the start of a comment, so this line is cut to {scalar.raw!r}; "
            f"put the whole text in quotes: {fixed}",
            "text-cut-by-comment",
        )
