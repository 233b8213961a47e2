"""Rule `text-cut-by-comment`: a ` #` in unquoted dialogue starts a YAML comment and silently cuts the line.

Order and ticket numbers ("job #4471", "leak #1 or #2") are everyday customer-service text, and
YAML drops everything from a space and `#` to the end of the line. The parser keeps no trace of
comments, so the check reads the source line behind each unquoted text value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from simulator.scenario.located import Pos, YMap, YNode, YScalar, YSeq
from simulator.scenario.problems import Fix, Problem, warning
from simulator.scenario.yaml_advice import TEXT_KEYS, quoted
from simulator.validation.registry import Context, rule

_COMMENT = re.compile(r"[ \t]+#")
# A value cut by a comment leaves something before the white space and '#' on its line.
_AFTER_TEXT = re.compile(r"\S[ \t]+#")


def text_scalars(node: YNode, key: str | None = None) -> Iterator[YScalar]:
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
            and current.value is not None
            and not isinstance(current.value, (dict, list))
        ):
            # `text: no #4471` is cut too, though YAML also read what is left as true or false.
            yield current


def _is_note(line: str, after_hash: int) -> bool:
    """True when the '#' ending at ``after_hash`` starts a note ('# like this'), not a number ('#4471')."""
    return after_hash >= len(line) or line[after_hash] in " \t\r"


def cut_at(lines: list[str], scalar: YScalar) -> tuple[int, str, str] | None:
    """Where a comment cuts an unquoted one-line text: (1-based column of the '#', the whole text
    as meant, the note after it if any), or None when nothing cuts it."""
    line_no, col = scalar.pos.line, scalar.pos.col
    if "\n" in scalar.raw or not 1 <= line_no <= len(lines):
        return (
            None  # a value over several lines: the plain text ends further down; left to the reader
        )
    line = lines[line_no - 1].rstrip("\r")
    end = col - 1 + len(scalar.raw)
    if line[col - 1 : end] != scalar.raw:
        return None  # the source does not read as expected (tabs, odd spacing): never guess
    found = _COMMENT.match(line, end)
    if not found or _is_note(line, found.end()):
        return None  # nothing follows, or "# like this": a comment the author meant
    # The cut text runs on to the first '#' that reads as a note (a space after it), if any.
    rest = line[col - 1 :]
    stop = len(rest)
    for later in _COMMENT.finditer(rest, found.end() - (col - 1)):
        if _is_note(rest, later.end()):
            stop = later.start()
            break
    return found.end(), rest[:stop].strip(), rest[stop:]


def cuts(ctx: Context) -> list[tuple[YScalar, tuple[int, str, str]]]:
    """Every unquoted one-line text a comment cuts, with ``cut_at``'s answer; worked out once per file.

    Most files have no ' #' after any text at all: they are not walked.
    """
    cached = ctx.cache.get("text-cut-by-comment")
    if cached is not None:
        return cached  # type: ignore[return-value]
    found: list[tuple[YScalar, tuple[int, str, str]]] = []
    text = ctx.text
    # Plain substring tests first: far quicker than the pattern on a long file with no ' #'.
    if (" #" in text or "\t#" in text) and _AFTER_TEXT.search(text):
        lines = text.split("\n")
        for scalar in text_scalars(ctx.doc):
            cut = cut_at(lines, scalar)
            if cut is not None:
                found.append((scalar, cut))
    ctx.cache["text-cut-by-comment"] = found
    return found


@rule(
    "text-cut-by-comment",
    "a ' #' in unquoted dialogue that YAML reads as a comment, cutting the line",
)
def check(ctx: Context) -> Iterator[Problem]:
    """Warn at the `#` when a comment follows an unquoted one-line text on its line."""
    found = cuts(ctx)
    lines = ctx.text.split("\n") if found else []
    for scalar, (hash_col, whole, note) in found:
        line_no, col = scalar.pos.line, scalar.pos.col
        fixed = quoted(whole)
        yield warning(
            Pos(scalar.pos.file, line_no, hash_col),
            f"YAML reads ' #' as the start of a comment, so this line is cut to {scalar.raw!r}; "
            f"put the whole text in quotes: {fixed}",
            "text-cut-by-comment",
            fix=Fix(line_no, line_no, lines[line_no - 1].rstrip("\r")[: col - 1] + fixed + note),
        )
