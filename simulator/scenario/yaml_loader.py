"""Read one YAML file into located nodes, refusing what a scenario must never contain.

The loader walks PyYAML's event stream (from the C parser when it is built in)
and builds :mod:`simulator.scenario.located` nodes itself. Building from events, rather
than letting PyYAML compose, is what lets it:

* remember the line and column of every key and value;
* refuse duplicate keys, tags (``!!python/object`` above all), anchors and
  aliases before anything is expanded, so an alias bomb costs nothing;
* bound nesting depth without recursion (the C composer recurses and can crash
  the interpreter on a few thousand nested brackets), and enforce that bound
  itself before PyYAML reads deep flow nesting (:func:`flow_too_deep_at`), so
  the ``too-deep`` problem never depends on which PyYAML release is installed;
* keep the text a YAML 1.1 boolean was written as, so ``text: no`` can be
  reported and read back as the word "no".

It never raises for bad input: it returns problems.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from simulator.scenario.located import Pos, YMap, YNode, YScalar, YSeq
from simulator.scenario.problems import Problem, error
from simulator.scenario.yaml_advice import syntax_advice

if TYPE_CHECKING:  # the C parser's marks are their own class, with the same line and column
    from yaml._yaml import Mark as _CMark

# Parser: the PyYAML event parser every load uses. The C one is several times faster; the
# pure-Python one is the fallback (tests swap this name to check that both give the same advice).
try:
    from yaml import CSafeLoader as Parser

    HAVE_C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Parser  # type: ignore[assignment]

    HAVE_C_LOADER = False

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64

STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
# Scalars that YAML 1.1 (and so PyYAML) reads as something other than text,
# although a writer of dialogue almost always meant the words themselves.
_YAML11_BOOL = re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_OLD_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")

# A backslash escape as written: the hex forms with their digits, any other with its one
# character (a line break after the backslash joins lines, which is meant).
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.|\n)")
# Escapes a writer of dialogue means: a line break and a tab (the quote and the backslash
# itself are always meant and never reported).
_MEANT_ESCAPES = frozenset({"\\n", "\\t"})
_ALWAYS_MEANT = frozenset({'\\"', "\\\\", "\\\n", "\\\r"})

_resolver = Resolver()
_constructor = SafeConstructor()
ScalarEvent = yaml.ScalarEvent
# First characters after which YAML 1.1 may read a plain scalar as something other
# than text; any other first character means text, with no need to ask the resolver.
_IMPLICIT_FIRST = frozenset(k for k in Resolver.yaml_implicit_resolvers if k)
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_BOOL_VALUES = {
    w: w.lower() in ("yes", "true", "on")
    for w in (
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
    )
}


@dataclass
class LoadResult:
    """The located document (None when it could not be read) and the problems found."""

    path: str
    doc: YMap | None
    problems: list[Problem] = field(default_factory=list)
    text: str = ""
    # Empty values followed on their line by a comment, by the value's position: the
    # comment and where its '#' is. `skin: #c68e6a` is the usual cause (an unquoted colour).
    comments: dict[Pos, tuple[str, Pos]] = field(default_factory=dict)
    # Backslash escapes in double quotes a writer rarely means (`"C:\faces"` holds a form
    # feed): where each backslash is and the escape as written, first one per value.
    escapes: list[tuple[Pos, str]] = field(default_factory=list)


def looks_like_yaml11_surprise(scalar: YScalar) -> bool:
    """True when a plain scalar is text that YAML 1.1 turned into a bool, number or date."""
    if not scalar.plain or scalar.tag == STR:
        return False
    raw = scalar.raw
    return bool(
        _YAML11_BOOL.match(raw)
        or _SEXAGESIMAL.match(raw)
        or _OLD_OCTAL.match(raw)
        or scalar.tag == "tag:yaml.org,2002:timestamp"
    )


# Bytes Windows-1252 uses for typographic punctuation, which UTF-8 never has on their own.
_WINDOWS_1252_PUNCTUATION: dict[int, str] = {
    0x91: "a curly quote (‘)",
    0x92: "a curly apostrophe (’)",
    0x93: "a curly quote (“)",
    0x94: "a curly quote (”)",
    0x96: "a dash (–)",
    0x97: "a long dash (—)",
    0x85: "an ellipsis (…)",
    0x80: "a euro sign (€)",
    0xA3: "a pound sign (£)",
    0xE9: "an accented letter (é)",
}


def load_file(path: str | Path, display: str | None = None) -> LoadResult:
    """Read and build the YAML file at ``path``; problems name it as ``display``."""
    name = display if display is not None else str(path)
    start = Pos(name, 1, 1)
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            # A pipe would block the read for ever, a device may never end: only plain files are read.
            kind = (
                "a pipe"
                if stat.S_ISFIFO(mode)
                else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket"
                if stat.S_ISSOCK(mode)
                else "not a regular file"
            )
            return LoadResult(
                name,
                None,
                [
                    error(
                        start,
                        f"this is {kind}, not a YAML file; give the path of a .yaml file",
                        "file",
                    )
                ],
            )
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return LoadResult(name, None, [error(start, "file not found; check the path", "file")])
    except IsADirectoryError:
        return LoadResult(name, None, [error(start, "this is a folder, not a YAML file", "file")])
    except OSError as exc:
        return LoadResult(
            name,
            None,
            [error(start, f"cannot read the file ({exc.strerror}); check its permissions", "file")],
        )
    if len(data) > MAX_BYTES:
        return LoadResult(
            name,
            None,
            [
                error(
                    start,
                    "file is larger than 1 MiB; split the scenario into smaller files",
                    "file-too-large",
                )
            ],
        )
    return load_bytes(data, name)


def load_bytes(data: bytes, name: str) -> LoadResult:
    """Build a document from raw bytes (UTF-8 expected)."""
    if len(data) > MAX_BYTES:
        return LoadResult(
            name,
            None,
            [
                error(
                    Pos(name, 1, 1),
                    "file is larger than 1 MiB; split the scenario into smaller files",
                    "file-too-large",
                )
            ],
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8 in your editor"
        seen_as = _WINDOWS_1252_PUNCTUATION.get(data[exc.start])
        if seen_as is not None:
            # Word and Notepad save curly quotes and dashes as single Windows-1252 bytes.
            msg = (
                f"byte 0x{data[exc.start]:02x} is not UTF-8: it looks like {seen_as} saved as Windows-1252 "
                "(as Word or an old Notepad saves it); save the file as UTF-8 in your editor "
                "(Save As, Encoding: UTF-8)"
            )
        return LoadResult(name, None, [error(Pos(name, line, col), msg, "not-utf8")])
    return load_text(text, name)


def load_text(text: str, name: str) -> LoadResult:
    """Build a document from text; ``name`` is used in every position."""
    result = LoadResult(name, None, text=text)
    if "\x00" in text:
        idx = text.index("\x00")
        result.problems.append(
            error(
                _offset_pos(text, idx, name),
                "file contains a NUL character; is it really YAML?",
                "not-utf8",
            )
        )
        return result
    deep_at = flow_too_deep_at(text)
    if deep_at is not None:
        # Newer libyaml scanners refuse deep flow nesting themselves (with their own limit and
        # wording) before emitting a single event, so read only the text up to the bracket past
        # our limit: the builder then reports `too-deep` at exactly the container it always did.
        early = _load_prefix(text[: deep_at + 1], name)
        if early is not None:
            early.text = text
            return early
    builder = _Builder(name, result.problems, text, result.comments, result.escapes)
    try:
        root = builder.build(text)
    except yaml.MarkedYAMLError as exc:
        result.problems.append(_syntax_problem(text, exc, name))
        return result
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        result.problems.append(_reader_problem(text, exc, name))
        return result
    except yaml.YAMLError as exc:
        result.problems.append(error(Pos(name, 1, 1), f"YAML error: {exc}", "yaml-syntax"))
        return result
    except _Stop:
        return result
    if isinstance(root, YMap):
        result.doc = root
    else:
        result.problems.append(_not_a_mapping(root, name))
    return result


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError, name: str) -> Problem:
    """A syntax error PyYAML raised: plain advice when a known mistake explains it, else its words."""
    try:
        advice = syntax_advice(text, exc, name)
    except (IndexError, ValueError, TypeError, AttributeError):
        advice = None  # advice is a nicety: never let it crash a load
    if advice is not None:
        return advice
    mark = exc.problem_mark or exc.context_mark
    pos = Pos(name, mark.line + 1, mark.column + 1) if mark else Pos(name, 1, 1)
    what = exc.problem or exc.context or "invalid YAML"
    related: tuple[Pos, ...] = ()
    cmark = exc.context_mark
    if (
        exc.problem
        and exc.context
        and cmark is not None
        and mark is not None
        and (cmark.line, cmark.column) != (mark.line, mark.column)
    ):
        # e.g. an unclosed quote is noticed at the end of the file; say where it began.
        related = (Pos(name, cmark.line + 1, cmark.column + 1),)
        what += f" ({exc.context} at line {cmark.line + 1}, column {cmark.column + 1})"
    return error(
        pos, f"YAML syntax: {what}; check indentation and quoting here", "yaml-syntax", related
    )


def _not_a_mapping(root: YNode | None, name: str) -> Problem:
    """What is wrong with a document whose top level is not a mapping."""
    if root is None or (isinstance(root, YScalar) and root.value is None and root.raw == ""):
        # Nothing at all, or only a '---' line: both are an empty scenario.
        return error(
            Pos(name, 1, 1),
            "file is empty; a scenario starts with 'id:', 'title:' and 'nodes:'",
            "empty-file",
        )
    kind = "a list" if isinstance(root, YSeq) else "a single value"
    return error(
        root.pos,
        f"the top level is {kind}; a scenario must be a mapping of keys such as 'id:' and 'nodes:'",
        "top-level",
    )


# The characters the depth scan stops at; everything else is skipped by the regex engine.
_SIGNIFICANT = re.compile(r"[\[\]{}'\"#\n|>]")
# After these (and white space) a quote opens a quoted scalar inside a flow collection.
_FLOW_TOKEN_START = frozenset("[{,:?")


def flow_too_deep_at(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The index of the first flow bracket nested deeper than ``limit``, or None.

    A fast, conservative lexical scan: it skips comments, quoted scalars, block
    scalars and brackets inside plain text, and counts flow brackets only. It may
    over-count on odd text (the caller verifies with the real parser on a bounded
    prefix) but never needs PyYAML, whose limits differ between releases.
    """
    if text.count("[") + text.count("{") <= limit:
        return None  # the common case: too few brackets to nest that deep
    depth = 0
    n = len(text)
    pos = 0
    block_indent = -1  # inside a block scalar: the indentation of the line that opened it
    while pos < n:
        if block_indent >= 0:
            pos, block_indent = _through_block_scalar(text, pos, block_indent)
            continue
        m = _SIGNIFICANT.search(text, pos)
        if m is None:
            return None
        i = m.start()
        ch = text[i]
        pos = i + 1
        if ch in "\n#":
            pos = _past_comment(text, i)
            continue
        if depth == 0:
            skip = _block_context_skip(text, i, ch)
            if skip is not None:
                pos, block_indent = skip
                continue
        elif ch in "|>" or (ch in "'\"" and _inside_a_word(text, i)):
            continue
        if ch in "[{]}":
            depth = depth + 1 if ch in "[{" else max(0, depth - 1)
            if depth > limit:
                return i
            continue
        end = _quote_end(text, i)
        if end is None:
            return None  # an unclosed quote swallows the rest; the parser reports it
        pos = end + 1
    return None


def _past_comment(text: str, i: int) -> int:
    """Where the scan goes on after a line break or '#' at ``i``: a '#' after white space (or at
    the start) begins a comment that runs to the end of the line; in a word it is text."""
    if text[i] == "#" and (i == 0 or text[i - 1] in " \t\n"):
        return _line_end(text, i)
    return i + 1


def _through_block_scalar(text: str, pos: int, indent: int) -> tuple[int, int]:
    """Past one line of a block scalar opened at ``indent``: (where to go on, the indent, or -1
    when this line is indented no deeper and so ends the scalar, to be read again as YAML)."""
    line_end = _line_end(text, pos)
    line = text[pos:line_end]
    if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
        return pos, -1
    return line_end + 1, indent


def _block_context_skip(text: str, i: int, ch: str) -> tuple[int, int] | None:
    """Outside flow brackets, a bracket, quote or block-scalar indicator at ``i`` means something
    only where a value starts; elsewhere the rest of the line is plain text ("I said [no]") but
    for a comment. (where to go on, the indent of a block scalar begun, or -1), or None when the
    character counts."""
    before = text[text.rfind("\n", 0, i) + 1 : i]
    if not _value_starts(before):
        hash_at = text.find(" #", i, _line_end(text, i))
        return (_line_end(text, i) if hash_at < 0 else hash_at + 1), -1
    if ch in "|>":
        return _line_end(text, i) + 1, len(before) - len(before.lstrip(" "))
    return None


def _inside_a_word(text: str, i: int) -> bool:
    """True for a quote inside flow brackets that follows a plain word (the apostrophe of don't)."""
    j = i - 1
    while j >= 0 and text[j] in " \t\r\n":
        j -= 1
    return j >= 0 and text[j] not in _FLOW_TOKEN_START


def _line_end(text: str, i: int) -> int:
    """The index of the line break ending the line that holds ``i`` (or the text's length)."""
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _value_starts(before: str) -> bool:
    """True when what precedes a character on its line puts it at the start of a block value."""
    stripped = before.rstrip(" \t")
    if not stripped:
        return True
    if len(stripped) == len(before):
        return False  # a value indicator needs white space after it
    if stripped.endswith(":"):
        return True
    last = stripped.split()[-1]
    return last in ("-", "?", "---")


def _quote_end(text: str, start: int) -> int | None:
    """The index of the quote closing the quoted scalar opened at ``start``."""
    quote = text[start]
    i = start + 1
    while True:
        j = text.find(quote, i)
        if j < 0:
            return None
        if quote == "'":
            if text.startswith("''", j):
                i = j + 2  # '' is an escaped quote
                continue
            return j
        backslashes = len(text[i:j]) - len(text[i:j].rstrip("\\"))
        if backslashes % 2:
            i = j + 1
            continue
        return j


def _load_prefix(prefix: str, name: str) -> LoadResult | None:
    """Build ``prefix``; its result when that ends in ``too-deep``, else None (a false alarm)."""
    result = LoadResult(name, None, text=prefix)
    builder = _Builder(name, result.problems, prefix, result.comments, result.escapes)
    try:
        builder.build(prefix)
    except _Stop:
        pass
    except yaml.YAMLError:
        return None
    if not result.problems or result.problems[-1].rule != "too-deep":
        return None
    return result


def _reader_problem(text: str, exc: yaml.reader.ReaderError, name: str) -> Problem:
    """A located problem for a character YAML refuses to read."""
    index = exc.position
    if HAVE_C_LOADER:  # the C reader counts UTF-8 bytes, not characters
        index = len(text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore"))
    char = exc.character if isinstance(exc.character, int) else ord(exc.character or "\x00")
    return error(
        _offset_pos(text, min(index, len(text)), name),
        f"character U+{char:04X} is a control character YAML does not allow; delete it (it "
        "often comes from copy and paste)",
        "yaml-syntax",
    )


def _offset_pos(text: str, index: int, name: str) -> Pos:
    line = text.count("\n", 0, index) + 1
    return Pos(name, line, index - (text.rfind("\n", 0, index) + 1) + 1)


class _Stop(Exception):
    """Raised inside the builder once a problem makes going on pointless."""


class _Builder:
    """Turns YAML events into located nodes, with no recursion."""

    def __init__(
        self,
        name: str,
        problems: list[Problem],
        text: str = "",
        comments: dict[Pos, tuple[str, Pos]] | None = None,
        escapes: list[tuple[Pos, str]] | None = None,
    ) -> None:
        self.name = name
        self.problems = problems
        self.text = text
        self.comments = comments if comments is not None else {}
        self.escapes = escapes if escapes is not None else []
        self._lines: list[str] | None = None
        self._docs = 0  # documents begun: a scenario file holds one

    def note_escape(self, event: yaml.ScalarEvent) -> None:
        """Remember the first surprising backslash escape in a double-quoted scalar's source."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        start, end = event.start_mark, event.end_mark
        if start is None or end is None:  # PyYAML's parsers always set both; the types allow None
            return
        # Marks count characters by line and column (the C parser's index counts bytes).
        if start.line == end.line:
            source = self._lines[start.line][start.column : end.column]
        else:
            source = "\n".join(
                [
                    self._lines[start.line][start.column :],
                    *self._lines[start.line + 1 : end.line],
                    self._lines[end.line][: end.column],
                ]
            )
        if "\\" not in source:
            return
        # Without white space the value reads as a path or a name, where even \n and \t are slips.
        path_like = not any(ch.isspace() for ch in source)
        for m in _ESCAPE.finditer(source):
            escape = m.group(0)
            if escape in _ALWAYS_MEANT or (escape in _MEANT_ESCAPES and not path_like):
                continue
            before = source[: m.start()]
            line = start.line + before.count("\n")
            col = m.start() - (before.rfind("\n") + 1) + (start.column if line == start.line else 0)
            self.escapes.append((Pos(self.name, line + 1, col + 1), escape))
            return

    def note_comment(self, pos: Pos) -> None:
        """Remember the comment that follows an empty value on its line, if there is one."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        if not 1 <= pos.line <= len(self._lines):
            return
        line = self._lines[pos.line - 1]
        rest = line[pos.col - 1 :]
        stripped = rest.lstrip(" \t")
        # A comment needs white space before its '#'; the value position is right after "key:".
        if stripped.startswith("#") and len(stripped) < len(rest):
            hash_col = len(line) - len(stripped) + 1
            self.comments[pos] = (stripped.rstrip("\r"), Pos(self.name, pos.line, hash_col))

    def pos(self, mark: yaml.Mark | _CMark | None) -> Pos:
        """The 1-based position of a mark of PyYAML's (0-based); the file's start if it has none."""
        if mark is None:
            return Pos(self.name, 1, 1)
        return Pos(self.name, mark.line + 1, mark.column + 1)

    def build(self, text: str) -> YNode | None:
        loader = Parser(text)
        try:
            return self._run(loader)
        finally:
            loader.dispose()

    def _run(self, loader: Parser) -> YNode | None:
        # Each stack entry is a container being filled, plus (for maps) the pending key.
        stack: list[list[Any]] = []
        root: YNode | None = None
        self._docs = 0
        name = self.name
        get_event: Callable[[], Any] = loader.get_event
        attach = self._attach
        while True:
            event = get_event()
            if event is None:
                break
            etype = type(event)
            if etype is ScalarEvent and event.anchor is None:
                # The common case, kept short: most scalars are plain text or small numbers.
                mark = event.start_mark
                pos = Pos(name, mark.line + 1, mark.column + 1)
                raw = event.value
                if event.implicit[0] and not event.style and event.tag in (None, "!"):
                    value, tag = _plain_value(raw, mark)
                    node: YNode | None = YScalar(value, raw, pos, tag, True)
                    if not raw:  # an empty value: was it meant to be the comment after it?
                        self.note_comment(pos)
                else:
                    node = self._written_scalar(event, pos)
            elif etype is yaml.StreamEndEvent:
                break
            else:
                node = self._structure(event, etype, stack)
            if node is None:
                continue
            if stack:
                attach(stack[-1], node)
            else:
                root = node
        return root

    def _written_scalar(self, event: yaml.ScalarEvent, pos: Pos) -> YNode:
        """A quoted, tagged or block scalar: text, unless its tag makes it something else."""
        tag, raw = event.tag, event.value
        if tag is None or tag == "!":
            node = YScalar(raw, raw, pos, STR, False)
        else:
            self._check_tag(tag, pos)
            node = YScalar(self._value(tag, raw, event.start_mark), raw, pos, tag, False)
        if event.style == '"':
            self.note_escape(event)
        return node

    def _structure(self, event: Any, etype: type, stack: list[list[Any]]) -> YNode | None:
        """Any event but a plain scalar: a container that just closed, or None (nothing to attach).

        Opening a container pushes it on ``stack``; what a scenario may not hold stops the load.
        """
        if etype is yaml.StreamStartEvent or etype is yaml.DocumentEndEvent:
            return None
        if etype is yaml.DocumentStartEvent:
            self._docs += 1
            if self._docs > 1:
                self.problems.append(
                    error(
                        self.pos(event.start_mark),
                        "a scenario file holds one document; remove this '---' and what "
                        "follows, or move it to its own file",
                        "yaml-syntax",
                    )
                )
                raise _Stop
            return None
        if etype is yaml.AliasEvent:
            self.problems.append(
                error(
                    self.pos(event.start_mark),
                    f"aliases ('*{event.anchor}') are not allowed in scenarios; "
                    "write the value out in full",
                    "anchor",
                )
            )
            raise _Stop
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.problems.append(
                error(
                    self.pos(event.start_mark),
                    f"anchors ('&{anchor}') are not allowed in scenarios; "
                    "write each value out in full",
                    "anchor",
                )
            )
            raise _Stop
        if etype is yaml.MappingEndEvent or etype is yaml.SequenceEndEvent:
            node: YNode = stack.pop()[0]
            return node
        node = self._open(event, len(stack))
        stack.append([node, None])
        if len(stack) > MAX_DEPTH:
            self.problems.append(
                error(
                    node.pos,
                    f"nesting is deeper than {MAX_DEPTH} levels; a scenario never needs this much",
                    "too-deep",
                )
            )
            raise _Stop
        return None

    def _attach(self, top: list[Any], node: YNode) -> None:
        parent = top[0]
        if isinstance(parent, YSeq):
            parent.items.append(node)
            return
        key = top[1]
        if key is None:
            if not isinstance(node, YScalar):
                self.problems.append(
                    error(node.pos, "a key must be a plain word, not a list or mapping", "schema")
                )
                raise _Stop
            keytext = node.raw if node.tag != STR and node.plain else str(node.value)
            if node.value is None and node.raw in ("", "~"):
                keytext = "null" if node.raw else ""
            if keytext in parent.items or keytext in parent.key_pos:
                first = parent.key_pos[keytext]
                self.problems.append(
                    error(
                        node.pos,
                        f"key '{keytext}' appears twice in this mapping (first at line "
                        f"{first.line}); remove or rename one",
                        "duplicate-key",
                        (first,),
                    )
                )
                top[1] = _DUPLICATE
            else:
                top[1] = keytext
                parent.key_pos[keytext] = node.pos
            return
        if key is not _DUPLICATE:
            parent.items[key] = node
        top[1] = None

    def _open(self, event: yaml.CollectionStartEvent, depth: int) -> YNode:
        pos = self.pos(event.start_mark)
        tag = event.tag
        if tag is not None and tag != "!":
            self._check_tag(tag, pos)
        return YMap(pos) if type(event) is yaml.MappingStartEvent else YSeq(pos)

    def _check_tag(self, tag: str, pos: Pos) -> None:
        if "python/" in tag:
            self.problems.append(
                error(
                    pos,
                    f"tag '{tag}' asks YAML to run Python code; scenarios are data only, remove the tag",
                    "python-tag",
                )
            )
            raise _Stop
        if tag not in _ALLOWED_TAGS:
            self.problems.append(
                error(pos, f"tag '{tag}' is not allowed in scenarios; remove it", "tag")
            )
            raise _Stop

    @staticmethod
    def _value(tag: str, raw: str, mark: yaml.Mark | _CMark | None) -> object:
        if tag == STR:
            return raw
        # The stubs know only the pure-Python Mark; the C parser's works the same here.
        node = yaml.ScalarNode(tag, raw, mark, mark)  # type: ignore[arg-type]
        if tag == "tag:yaml.org,2002:timestamp":
            return raw  # Dates stay as written; nothing in a scenario is a date.
        try:
            return _constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return raw
        finally:
            _constructor.constructed_objects.clear()


_DUPLICATE = object()


def _plain_value(raw: str, mark: yaml.Mark) -> tuple[object, str]:
    """The value and tag YAML 1.1 gives an untagged plain scalar (as PyYAML's safe loader)."""
    if raw and raw[0] not in _IMPLICIT_FIRST:
        return raw, STR
    if len(raw) < 20 and _DECIMAL.match(raw):
        # A short whole number (moods, effects, timers): what the resolver would say, found faster.
        return int(raw), _INT
    # PyYAML's stubs leave Resolver.resolve unannotated; it returns the tag, a str.
    tag: str = _resolver.resolve(yaml.ScalarNode, raw, (True, False))  # type: ignore[no-untyped-call]
    if tag == STR:
        return raw, STR
    if tag == _INT and _DECIMAL.match(raw):
        try:
            return int(raw), tag
        except ValueError:
            # Past Python's 4,300-digit limit for reading decimals. No value in a scenario is
            # anywhere near that big, so a whole number of the same size stands in for it (built
            # without reading the digits) and the range check reports it, located.
            digits = sum(ch.isdigit() for ch in raw)
            return (-1 if raw.lstrip().startswith("-") else 1) * 10 ** (digits - 1), tag
    if tag == _BOOL:
        return _BOOL_VALUES[raw], tag
    if tag == _NULL:
        return None, tag
    return _Builder._value(tag, raw, mark), tag
