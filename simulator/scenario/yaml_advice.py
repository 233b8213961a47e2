"""Plain advice for the YAML syntax mistakes trainers actually make.

PyYAML describes the state of its parser ("mapping values are not allowed here",
"could not find expected ':'") at the place it gave up, and for an indentation
mistake that is often the line after the one to fix. These functions read the
source around that place, recognise the common mistakes (tabs, a missing space
after a colon, a colon inside unquoted text, a misindented key, an unquoted
colour whose '#' hid the rest of the line) and say what to change and where.
Anything they do not recognise is left to the loader's general message.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import yaml

from simulator.scenario.located import Pos
from simulator.scenario.problems import Fix, Problem, error

# (0-based line, 0-based column, message[, the fix]), or None when the mistake is not recognised.
Advice = tuple[int, int, str] | tuple[int, int, str, Fix] | None

# A line that is a key of a block mapping, perhaps as the first key of a list item.
_KEY_LINE = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[A-Za-z_][\w-]*)[ ]*:(?:[ \t]|$)")
# `say:hello`: a key glued to its value, which YAML reads as one piece of text.
_NO_SPACE = re.compile(r"^[ ]*(?:-[ ]+)*(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:].*)$")
_COMMENT = re.compile(r"[ \t]+#.*$")
_BLOCK_SCALAR = re.compile(r":[ \t]+[|>][-+0-9]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


def syntax_advice(text: str, exc: yaml.MarkedYAMLError, name: str) -> Problem | None:
    """A located, plainly worded problem for a syntax error PyYAML raised, or None."""
    pm = exc.problem_mark
    if pm is None:
        return None
    lines = text.split("\n")
    for advise in _ADVISERS:
        found = advise(lines, exc, pm)
        if found is not None:
            line, col, message, *fix = found
            return error(
                Pos(name, line + 1, col + 1), message, "yaml-syntax", fix=fix[0] if fix else None
            )
    return None


def quoted(value: str) -> str:
    """``value`` (one line) as a YAML quoted text that reads back exactly as written.

    Double quotes when nothing inside needs escaping; otherwise single quotes, in which
    only a ' needs care (written twice), so text with both kinds of quote stays valid.
    """
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def comment_advice(comment: str, ends: str = "") -> str:
    """What to say about a value YAML read as the comment ``comment`` (which starts with '#').

    The value ends at a second '#' after a space (a real comment), or at any of ``ends``
    (',' and the closing bracket inside brackets).
    """
    value = comment.split(" #", 1)[0]
    for ch in ends:
        value = value.split(ch, 1)[0]
    value = value.rstrip()
    if comment[1:2].isspace():  # `# note`: written as a comment, so the value was simply left out
        return (
            f"there is no value here, only the comment `{value}`; "
            "write the value after the colon, before the comment"
        )
    what = "the colour" if _COLOUR.match(value) else "the text"
    return f"`{value}` was read as a comment because it starts with #; put {what} in quotes: {quoted(value)}"


# -- reading the source ------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _previous(lines: list[str], i: int) -> int | None:
    """The nearest line before ``i`` with something other than blanks or a comment."""
    for j in range(min(i, len(lines)) - 1, -1, -1):
        if _is_content(lines[j]):
            return j
    return None


def _body(line: str) -> str:
    """The line without its trailing comment or white space."""
    return _COMMENT.sub("", line).rstrip()


def _opens_block(line: str) -> bool:
    """True for `key:` with nothing after it: what follows, indented, is its value."""
    return _body(line).endswith(":")


def _key(line: str) -> tuple[str, int] | None:
    """The key a line starts with and its 0-based column (after any '- ')."""
    m = _KEY_LINE.match(line)
    return (m["key"], len(m["lead"])) if m else None


def _step(lines: list[str]) -> int:
    """The file's usual indentation step: how much deeper a key's block usually starts."""
    steps: Counter[int] = Counter()
    for i, line in enumerate(lines):
        if _is_content(line) and _opens_block(line):
            nxt = next((k for k in range(i + 1, len(lines)) if _is_content(lines[k])), None)
            if nxt is not None and _indent(lines[nxt]) > _indent(line):
                steps[_indent(lines[nxt]) - _indent(line)] += 1
    return steps.most_common(1)[0][0] if steps else 2


def _is_item(line: str) -> bool:
    return line.lstrip(" ").startswith("- ")


def _in_flush_list(lines: list[str], i: int) -> bool:
    """True for a '- ' item at the same indent as the `key:` above it (a list YAML allows unindented)."""
    here = _indent(lines[i])
    for k in range(i - 1, -1, -1):
        line = lines[k]
        if (
            not _is_content(line)
            or _indent(line) > here
            or (_indent(line) == here and _is_item(line))
        ):
            continue
        return _indent(line) == here and _opens_block(line)
    return False


def _misindented(lines: list[str], i: int, step: int) -> tuple[int, str] | None:
    """(expected indent, what it lines up with) when line ``i`` is not where its block's keys are."""
    here = _indent(lines[i])
    if _is_item(lines[i]) and _in_flush_list(lines, i):
        return None
    j = next(
        (k for k in range(i - 1, -1, -1) if _is_content(lines[k]) and _indent(lines[k]) < here),
        None,
    )
    if j is None:
        return (0, "the top-level keys") if here else None
    above = lines[j]
    if _BLOCK_SCALAR.search(_body(above)):
        return None  # the lines under `say: |` are text, indented as the writer likes
    item = re.match(r"^[ ]*-[ ]+", above)
    key = _key(above)
    name = f"'{key[0]}:'" if key else f"line {j + 1}"
    if item and _is_item(lines[i]):
        expected, why = _indent(above), f"in line with the '-' of the list item on line {j + 1}"
    elif _is_item(lines[i]) and _opens_block(above):
        return None  # a list may start at any depth under its key
    elif _opens_block(above):
        base = len(item.group(0)) if item and key else _indent(above)
        expected, why = base + step, f"under {name} (line {j + 1})"
    elif item:
        expected, why = len(item.group(0)), f"in line with {name} in the list item on line {j + 1}"
    else:
        expected, why = _indent(above), f"in line with {name} on line {j + 1}"
    return None if expected == here else (expected, why)


def _indent_advice(lines: list[str], i: int, expected: int, why: str) -> Advice:
    key = _key(lines[i])
    dash = "- " if lines[i].lstrip(" ").startswith("- ") else ""
    what = f"'{dash}{key[0]}:'" if key else "this line"
    here = _indent(lines[i])
    return (
        i,
        here,
        (
            f"{what} is indented {here} space{'s' * (here != 1)} but belongs at {expected}, {why}; "
            "YAML nests keys by their indentation, so it must match exactly"
        ),
    )


def _odd_one_out(lines: list[str], above: int, below: int, step: int) -> Advice:
    """Advice for ``above`` when it alone is out of line with the keys around it.

    A key moved left (`mood:` dedented under `persona:`) makes PyYAML complain at the
    next key, which is where it should be: the lines before and after agree with it.
    """
    h = _indent(lines[below])
    after = next(
        (
            k
            for k in range(below + 1, len(lines))
            if _is_content(lines[k]) and _indent(lines[k]) <= h
        ),
        None,
    )
    before = _previous(lines, above)
    top = lines[above]
    # For a list item the key after '- ' is what must line up; the dash goes that much to the left.
    offset = (_key(top) or ("", _indent(top)))[1] - _indent(top) if _is_item(top) else 0
    target = h - offset
    if before is None or _indent(top) == target:
        return None
    b = lines[before]
    fits_before = (_indent(b) == target and not offset) or (
        _opens_block(b) and _indent(b) + step == target
    )
    # After `key:` the next line must be deeper, so one at the same depth or less is out of place.
    fits_after = (after is not None and _indent(lines[after]) == h) or (
        _opens_block(b) and _indent(top) <= _indent(b)
    )
    if fits_before and fits_after:
        key = _key(lines[below])
        name = f"'{key[0]}:' on line {below + 1}" if key else f"line {below + 1}"
        top_key = _key(top)
        why = (
            f"so that its '{top_key[0]}:' lines up with {name}"
            if offset and top_key
            else f"in line with {name}"
        )
        return _indent_advice(lines, above, target, why)
    return None


def _dedented_opener(lines: list[str], opener: int, below: int, step: int) -> Advice:
    """Advice for a `key:` moved left, whose block is indented for where it belongs.

    `symptoms:` at the top level with its `say:` at 4 spaces makes PyYAML complain at
    the next node: that node lines up with the nodes before `symptoms:`, and so would it.
    """
    h = _indent(lines[below])
    first = next((k for k in range(opener + 1, below) if _is_content(lines[k])), None)
    if first is None or _indent(lines[first]) != h + step:
        return None
    # Several keys agree on the block's indent; a single one would rather be the line that moved.
    keys = [
        k
        for k in range(first, below)
        if _is_content(lines[k]) and _indent(lines[k]) == h + step and not _is_item(lines[k])
    ]
    if len(keys) < 2:
        return None
    k = next(
        (k for k in range(opener - 1, -1, -1) if _is_content(lines[k]) and _indent(lines[k]) <= h),
        None,
    )
    if k is None or _indent(lines[k]) != h:
        return None
    key = _key(lines[k])
    why = f"in line with '{key[0]}:' on line {k + 1}" if key else f"in line with line {k + 1}"
    return _indent_advice(lines, opener, h, why)


def _blame_indent(lines: list[str], candidates: list[int]) -> Advice:
    """Indentation advice for the first of ``candidates`` that is out of line, or None.

    ``candidates`` are the line before the one PyYAML names, then that line: most
    indentation mistakes are one of the two. When neither is out of line with what
    is above it, the first key of the block the named line falls into is tried
    (`say:` indented too deep makes PyYAML complain at `choices:` below it).
    """
    step = _step(lines)
    if len(candidates) == 2:
        odd = _odd_one_out(lines, candidates[0], candidates[1], step)
        if odd is not None:
            return odd
        here = _indent(lines[candidates[1]])
        opener = next(
            (
                k
                for k in range(candidates[1] - 1, -1, -1)
                if _is_content(lines[k]) and _indent(lines[k]) < here
            ),
            None,
        )
        if opener is not None and _opens_block(lines[opener]):
            moved = _dedented_opener(lines, opener, candidates[1], step)
            if moved is not None:
                return moved
            first = next(
                (k for k in range(opener + 1, candidates[1]) if _is_content(lines[k])), None
            )
            if first is not None and first not in candidates:
                candidates = [*candidates, first]
    for i in candidates:
        wrong = _misindented(lines, i, step)
        if wrong is not None:
            return _indent_advice(lines, i, *wrong)
    return None


def _glued_or_colonless(lines: list[str], i: int) -> Advice:
    """Advice when line ``i`` is a key without ': ' (glued to its value, or no colon at all)."""
    line = lines[i]
    glued = _NO_SPACE.match(_body(line))
    if glued:
        col = line.index(":", _indent(line))
        return (
            i,
            col,
            f"'{glued['key']}:{glued['value']}' needs a space after the colon: write "
            f"'{glued['key']}: {glued['value']}'",
        )
    body = _body(line).strip()
    if ":" in body or body.startswith(("-", "[", "{", '"', "'")):
        return None
    words = body.split(None, 1)
    example = (
        f"; for example '{words[0]}: {words[1]}'"
        if len(words) == 2 and re.match(r"^[A-Za-z_][\w-]*$", words[0])
        else ""
    )
    return (
        i,
        _indent(line),
        (
            f"'{body}' has no ':' after its key, so YAML reads it as text running into the next line; "
            f"write the key, a colon and a space before the value{example}"
        ),
    )


# Keys whose values are words someone reads or hears.
TEXT_KEYS = frozenset({"say", "text", "feedback", "summary", "title", "gist", "role", "note"})

# A comment that is a note ('# like this', or a bare '#'), not part of the text ('#4471').
_NOTE = re.compile(r"[ \t]+#(?=[ \t]|$)")


def _text_value(
    lines: list[str], i: int, below_key: bool = False
) -> tuple[int, int, str, str] | None:
    """The unquoted text running through line ``i``, for a fix that quotes all of it.

    Returns (the line of its key, its last line, 'key:' as written with any '- ', the text
    as YAML joins it: lines run together with one space), or None when line ``i`` is not
    part of a `key: text` value (a block `|`, brackets, or no key above it). With
    ``below_key``, line ``i`` is text written under its key even if it reads like `key: value`.
    """
    parent = _previous(lines, i)
    if (
        parent is not None
        and _indent(lines[parent]) < _indent(lines[i])
        and _opens_block(lines[parent])
    ):
        # `say:` alone, then 'Note: the engineer...' under it: a text key's value, not a key of its own.
        named = _key(lines[parent])
        below_key = below_key or (named is not None and named[0] in TEXT_KEYS)
    owner: int | None = i if _key(lines[i]) is not None and not below_key else None
    j = i - 1
    while owner is None and j >= 0:
        if not _is_content(lines[j]):
            return None
        if _key(lines[j]) is not None and _indent(lines[j]) < _indent(lines[i]):
            owner = j
        j -= 1
    if owner is None:
        return None
    m = _KEY_LINE.match(lines[owner])
    key = _key(lines[owner])
    if m is None or key is None:
        return None
    pieces = [lines[owner][m.end() :]]
    last = owner
    for k in range(owner + 1, len(lines)):
        if not _is_content(lines[k]) or _indent(lines[k]) <= key[1]:
            break
        if k > i and _key(lines[k]) is not None:
            break
        pieces.append(lines[k])
        last = k
    if last < i:
        return None
    cut = [_NOTE.split(p, 1)[0].strip() for p in pieces]
    text = " ".join(p for p in cut if p)
    if not text or text[0] in "|>[{&*!":
        return None
    return owner, last, lines[owner][: m.end()].rstrip(), text


def _quote_all(lines: list[str], i: int, line: int, col: int, why: str) -> Advice:
    """``why`` at (line, col), with the fix that puts the whole text through line ``i`` in quotes."""
    found = _text_value(lines, i)
    if found is None:
        return None
    owner, last, key, text = found
    fixed = f"{key} {quoted(text)}"
    return (
        line,
        col,
        f"{why}; put the whole text in quotes: {fixed.strip()}",
        Fix(owner + 1, last + 1, fixed),
    )


COLON_IN_TEXT = "a ': ' inside unquoted text makes YAML read a new key"


def quote_text_fix(source: str, line: int) -> tuple[str, Fix] | None:
    """The `key: "text"` line that quotes the whole unquoted text through ``line`` (1-based), and its fix."""
    lines = source.split("\n")
    if not 1 <= line <= len(lines):
        return None
    found = _text_value(lines, line - 1, below_key=True)
    if found is None:
        return None
    owner, last, key, text = found
    fixed = f"{key} {quoted(text)}"
    return fixed.strip(), Fix(owner + 1, last + 1, fixed)


# -- the advisers, most specific first --------------------------------------------------------


def _comment_in_flow(lines: list[str], exc: yaml.MarkedYAMLError, pm: yaml.Mark) -> Advice:
    """`{skin: #c68e6a, ...}`: the '#' starts a comment that hides the closing bracket."""
    cm = exc.context_mark
    if cm is None or not (exc.context or "").startswith("while parsing a flow"):
        return None
    closer = "}" if "mapping" in (exc.context or "") else "]"
    quote = ""
    for ln in range(cm.line, min(pm.line, len(lines) - 1) + 1):
        line = lines[ln]
        start = cm.column if ln == cm.line else 0
        for col in range(start, len(line)):
            ch = line[col]
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'" and (col == 0 or line[col - 1] in " \t,[{:"):
                quote = ch
            elif (
                ch == "#" and col > 0 and line[col - 1] in " \t" and line[col + 1 : col + 2].strip()
            ):
                advice = comment_advice(line[col:].strip(), ",]}")
                return (
                    ln,
                    col,
                    f"{advice}; the comment also hid the rest of the line, with its closing '{closer}'",
                )
    return None


def _unclosed_quote(lines: list[str], exc: yaml.MarkedYAMLError, pm: yaml.Mark) -> Advice:
    """A quote never closed on its line: the text runs on, swallowing the keys below it.

    PyYAML notices only where the swallowed text ends (the next quote of the same kind,
    often several lines down, or the end of the file), so the quote that opened it is
    found by scanning the source again and taking the quoted scalar that ends there.
    """
    cm = exc.context_mark
    if (
        (exc.context or "").startswith("while scanning a quoted scalar")
        and cm is not None
        and cm.line < len(lines)
    ):
        quote = lines[cm.line][cm.column : cm.column + 1]
        if quote in ('"', "'"):
            return cm.line, cm.column, _never_closed(quote)
    opened = _swallowing_scalar(lines, pm.line, pm.column)
    if opened is None:
        return None
    line, col = opened
    return line, col, _never_closed(lines[line][col])


def _never_closed(quote: str) -> str:
    return f"this quoted text is never closed: add the closing {quote} at the end of the line"


def _swallowing_scalar(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """(line, column) of the quote of a quoted scalar that ends on ``line`` before ``column``
    after running over lines that read as keys, or None."""
    last: yaml.ScalarToken | None = None
    try:
        # The pure-Python scanner: only tokens are wanted, and only up to the error.
        for token in yaml.scan("\n".join(lines), Loader=yaml.SafeLoader):
            start = token.start_mark
            if start is None or (start.line, start.column) >= (line, column):
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.plain or last.style not in ('"', "'"):
        return None
    opened, closed = last.start_mark, last.end_mark
    if opened is None or closed is None or closed.line != line or opened.line >= closed.line:
        return None
    # A quoted text wrapped over lines on purpose is fine; one that swallowed `key:` lines is not.
    if not any(_key(lines[k]) for k in range(opened.line + 1, closed.line + 1)):
        return None
    return opened.line, opened.column


# One wording for a tab in indentation, whichever way PyYAML happens to notice it.
TAB_INDENT_ADVICE = (
    "tabs are not allowed for indentation in YAML; replace the tab with spaces "
    "(set your editor to type spaces for the Tab key)"
)


def _cannot_start_token(lines: list[str], exc: yaml.MarkedYAMLError, pm: yaml.Mark) -> Advice:
    """A tab, or a reserved character such as '@' or '`' at the start of a value."""
    if "cannot start any token" not in (exc.problem or ""):
        return None
    line = lines[pm.line] if pm.line < len(lines) else ""
    ch = line[pm.column : pm.column + 1]
    if ch == "\t":
        if line[: pm.column].strip():
            return pm.line, pm.column, "a tab here is not allowed in YAML; use spaces"
        return pm.line, pm.column, TAB_INDENT_ADVICE
    if ch in "@`%":
        value = _body(line[pm.column :])
        return (
            pm.line,
            pm.column,
            f"'{ch}' cannot start unquoted text in YAML; put the value in quotes: {quoted(value)}",
        )
    return None


def _tab_in_indentation(lines: list[str], exc: yaml.MarkedYAMLError, pm: yaml.Mark) -> Advice:
    """A tab among the spaces that indent a line (PyYAML: 'found a tab character that violates indentation')."""
    if "tab character" not in (exc.problem or ""):
        return None
    line = lines[pm.line] if pm.line < len(lines) else ""
    tab = line.find("\t")
    col = tab if tab >= 0 else pm.column
    return pm.line, col, TAB_INDENT_ADVICE


def _mapping_values(lines: list[str], exc: yaml.MarkedYAMLError, pm: yaml.Mark) -> Advice:
    """A ':' where YAML did not expect a key: in unquoted text, or a line carried over from the one above."""
    if not (exc.problem or "").startswith("mapping values are not allowed"):
        return None
    if pm.line >= len(lines):
        return None
    line = lines[pm.line]
    key = _key(line)
    if key is None or line.find(":", key[1]) != pm.column:
        # An earlier ': ' on the same line (or the text this line goes on with) made this one part of the text.
        return _quote_all(lines, pm.line, pm.line, pm.column, COLON_IN_TEXT) or (
            pm.line,
            pm.column,
            f"{COLON_IN_TEXT}; put the whole text in quotes",
        )
    # This line is a sound `key: value`, read as more of the line above.
    above = _previous(lines, pm.line)
    if above is None:
        return None
    return (
        _glued_or_colonless(lines, above)
        or _blame_indent(lines, [above, pm.line])
        or (
            pm.line,
            _indent(line),
            f"YAML reads '{key[0]}:' as more of the text on line {above + 1}; indent "
            f"'{key[0]}:' like the keys beside it, "
            "or put that text in quotes",
        )
    )


def _simple_key(lines: list[str], exc: yaml.MarkedYAMLError, pm: yaml.Mark) -> Advice:
    """`could not find expected ':'`: the line that began the key, not the one after it."""
    if "could not find expected ':'" not in (exc.problem or "") or exc.context_mark is None:
        return None
    line = exc.context_mark.line
    return _glued_or_colonless(lines, line) if line < len(lines) else None


def _text_after_quote(lines: list[str], pm: yaml.Mark) -> Advice:
    """Text that goes on after a closing quote, or a ': ' before a quote in unquoted text."""
    line = lines[pm.line]
    before = line[: pm.column].rstrip()
    if not (before.endswith(('"', "'")) and (": " in before or before.lstrip()[:1] in ('"', "'"))):
        return None
    value = _text_value(lines, pm.line)
    if value is not None and value[3][0] not in "\"'":
        # Unquoted text with a ': ' before a quote: YAML read 'the words: "x"' as a key and its
        # quoted value, and only stumbles after the quote. The ': ' is the mistake.
        colon = line.find(": ", _indent(line))
        return _quote_all(
            lines, pm.line, pm.line, colon if colon >= 0 else pm.column, COLON_IN_TEXT
        )
    quoted_fix = _quote_all(
        lines, pm.line, pm.line, pm.column, "text goes on after the closing quote"
    )
    if quoted_fix is not None:
        return quoted_fix
    return (
        pm.line,
        pm.column,
        (
            "text goes on after the closing quote; put all of the value inside the quotes "
            "(use ' quotes around text that contains \", or the other way round)"
        ),
    )


def _block_structure(lines: list[str], exc: yaml.MarkedYAMLError, pm: yaml.Mark) -> Advice:
    """`did not find expected key` and friends: text after a quote, '-text', or a misindented line."""
    problem = exc.problem or ""
    if not (
        problem.startswith(("did not find expected key", "expected <block end>"))
        or "expected '-' indicator" in problem
    ):
        return None
    if pm.line >= len(lines):
        return None
    line = lines[pm.line]
    after_quote = _text_after_quote(lines, pm)
    if after_quote is not None:
        return after_quote
    here = _indent(line)
    if line.lstrip(" ").startswith("- "):
        for j in range(pm.line - 1, -1, -1):
            other = lines[j]
            if not _is_content(other):
                continue
            if _indent(other) < here:
                break
            glued = re.match(r"^[ ]*-(?P<rest>[^\s-].*)$", _body(other))
            if glued and _indent(other) == here:
                return (
                    j,
                    here,
                    f"'-{glued['rest']}' needs a space after the '-' to be a list item: write '- {glued['rest']}'",
                )
    above = _previous(lines, pm.line)
    found = _blame_indent(lines, [i for i in (above, pm.line) if i is not None])
    if found is not None:
        return found
    key = _key(line)
    if "expected '-' indicator" in problem or "'?'" in problem:
        item = next(
            (
                j
                for j in range(pm.line - 1, -1, -1)
                if _indent(lines[j]) == here and lines[j].lstrip(" ").startswith("- ")
            ),
            None,
        )
        item_key = _key(lines[item]) if item is not None else None
        if key and item_key:
            return (
                pm.line,
                here,
                f"'{key[0]}:' is in line with the '-' of the list item on line "
                f"{item + 1 if item is not None else 0}, which ends that item; "
                f"indent it {item_key[1]} spaces, like '{item_key[0]}:', to keep it in the item, "
                "or start a new item with '- '",
            )
    return None


def _escape(lines: list[str], exc: yaml.MarkedYAMLError, pm: yaml.Mark) -> Advice:
    """A backslash in double quotes that starts no known escape (a Windows path, say)."""
    if "unknown escape character" not in (exc.problem or ""):
        return None
    line = lines[pm.line] if pm.line < len(lines) else ""
    col = line.rfind("\\", 0, pm.column + 1)
    if col < 0:
        return None
    pair = line[col : col + 2]
    return (
        pm.line,
        col,
        f"'{pair}' is not an escape YAML knows inside double quotes; use single quotes around "
        "the text, or write the backslash twice",
    )


def _sequence_here(lines: list[str], exc: yaml.MarkedYAMLError, pm: yaml.Mark) -> Advice:
    """`say: - a`: a list cannot begin on its key's line."""
    if "sequence entries are not allowed" not in (exc.problem or ""):
        return None
    return (
        pm.line,
        pm.column,
        (
            "a list cannot start on the same line as its key: put each '- ' item on its own line below, indented; "
            "if the dash is part of the text, put the text in quotes"
        ),
    )


_ADVISERS: tuple[Callable[[list[str], yaml.MarkedYAMLError, yaml.Mark], Advice], ...] = (
    _unclosed_quote,
    _comment_in_flow,
    _cannot_start_token,
    _tab_in_indentation,
    _escape,
    _sequence_here,
    _simple_key,
    _mapping_values,
    _block_structure,
)
