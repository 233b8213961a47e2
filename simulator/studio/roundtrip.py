"""Saving edits without disturbing the rest of the file, through ruamel.yaml's round-trip mode.

The page edits plain data (the scenario as dicts and lists). To save, that data is merged into
the document ruamel.yaml read, changing only the values that differ: a key that keeps its value
keeps its comments, quoting and line; a renamed node keeps its place and its comment. PyYAML
cannot do this (it drops comments), which is why the studio uses ruamel.yaml for writing while
the validator keeps its own located loader for reading.
"""

from __future__ import annotations

import difflib
import io
import json
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

# Keys whose values are short mappings or lists that read best on one line, as the shipped files
# write them (`effects: {empathy: 1}`, `critical: [blame_colleague]`).
FLOW_KEYS = frozenset(
    {"effects", "if", "mentions", "voice", "portrait", "teaches", "set", "clear", "critical"}
)
# Keys holding prose, written in double quotes as the shipped files do.
PROSE_KEYS = frozenset({"say", "text", "feedback", "note", "summary", "title", "role"})
_PLAIN_SAFE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class RoundTripError(ValueError):
    """The text is not YAML ruamel.yaml can read, or the result would not be."""


def _yaml(text: str) -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 1_000_000  # never re-wrap an author's long line
    y.brace_single_entry_mapping_in_flow_sequence = True  # `[{flag: a}]` stays as written
    mapping, sequence, offset = detect_indent(text)
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def detect_indent(text: str) -> tuple[int, int, int]:
    """The file's (mapping, sequence, dash offset) indentation, from its first nested block."""
    lines = text.splitlines()
    mapping = 2
    for i, line in enumerate(lines[:-1]):
        m = re.match(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$", line)
        if not m:
            continue
        nxt = lines[i + 1]
        n = re.match(r"^( *)(- )?", nxt)
        if not n or not nxt.strip() or nxt.lstrip().startswith("#"):
            continue
        depth = len(n.group(1)) - len(m.group(1))
        if n.group(2) and depth >= 0:
            return mapping, depth + 2, depth
        if depth > 0:
            mapping = depth
    return mapping, mapping + 2, mapping


class Document:
    """One scenario file read for round-trip editing."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._yaml = _yaml(text)
        try:
            self.data = self._yaml.load(text)
        except YAMLError as exc:
            raise RoundTripError(str(exc)) from exc
        if not isinstance(self.data, CommentedMap):
            raise RoundTripError("the file is not a mapping of keys to values")

    def plain(self) -> dict[str, Any]:
        """The document as plain dicts, lists and scalars (what the page edits)."""
        result = to_plain(self.data)
        assert isinstance(result, dict)
        return result

    def dump(self) -> str:
        """The document as text."""
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()

    def exact(self) -> bool:
        """True when reading and writing the file unchanged gives back the same bytes."""
        return self.dump() == self.text

    def apply(self, new: dict[str, Any]) -> str:
        """Merge ``new`` into the document in place and return the new text."""
        merge(self.data, new, "")
        return self.dump()


def to_plain(node: Any) -> Any:
    """ruamel.yaml's round-trip objects as plain Python values."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool) and old == new
    if old is None or new is None:
        return old is None and new is None
    if isinstance(old, str) != isinstance(new, str):
        return False
    return bool(old == new)


def _fresh(value: Any, key: str) -> Any:
    """A new value in the house style: flow for short structures, double quotes for prose."""
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _fresh(v, k)
        if key in FLOW_KEYS or key == "if" or not value:
            m.fa.set_flow_style()
        return m
    if isinstance(value, list):
        s = CommentedSeq()
        for v in value:
            s.append(_fresh(v, key))
        if key in FLOW_KEYS or not value:
            s.fa.set_flow_style()
        return s
    if isinstance(value, str):
        if key in PROSE_KEYS or not _PLAIN_SAFE.match(value):
            return DoubleQuotedScalarString(value)
        return value
    return value


def _restyled(old: Any, new: Any, key: str) -> Any:
    """``new`` written the way ``old`` was (same quotes), or in the house style."""
    if isinstance(new, str):
        if isinstance(old, DoubleQuotedScalarString):
            return DoubleQuotedScalarString(new)
        if isinstance(old, SingleQuotedScalarString):
            return SingleQuotedScalarString(new)
        if isinstance(old, str) and _PLAIN_SAFE.match(new) and key not in PROSE_KEYS:
            return new
    return _fresh(new, key)


def merge(old: Any, new: Any, key: str) -> Any:
    """``old`` changed in place to equal ``new`` where possible (else a fresh value); returned."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_map(old, new)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        _merge_seq(old, new, key)
        return old
    if not isinstance(new, dict | list) and _same_scalar(old, new):
        return old
    return _restyled(old, new, key)


def _merge_map(old: CommentedMap, new: dict[str, Any]) -> None:
    gone = [k for k in old if k not in new]
    added = [k for k in new if k not in old]
    # One key swapped for another at the same place is a rename: keep its place and comment.
    if len(gone) == 1 and len(added) == 1:
        was, now = gone[0], added[0]
        pos = list(old.keys()).index(was)
        if list(new.keys()).index(now) == pos:
            value = old[was]
            comment = old.ca.items.pop(was, None)
            del old[was]
            old.insert(pos, now, merge(value, new[now], now))
            if comment is not None:
                old.ca.items[now] = comment
            gone, added = [], []
    for k in gone:
        del old[k]
    for k, v in new.items():
        if k in old:
            merged = merge(old[k], v, k)
            if merged is not old[k]:
                old[k] = merged
        else:
            old.insert(list(new.keys()).index(k), k, _fresh(v, k))


def _merge_seq(old: CommentedSeq, new: list[Any], key: str) -> None:
    before = [json.dumps(to_plain(v), sort_keys=True) for v in old]
    after = [json.dumps(v, sort_keys=True) for v in new]
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    # Walk backwards so indices of the parts not yet handled stay valid.
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                merged = merge(old[i1 + offset], new[j1 + offset], key)
                if merged is not old[i1 + offset]:
                    old[i1 + offset] = merged
            continue
        at_end = i2 == len(old)
        for i in range(i2 - 1, i1 - 1, -1):
            del old[i]
        for offset, value in enumerate(new[j1:j2]):
            old.insert(i1 + offset, _fresh(value, key))
        if at_end and tag == "insert" and i1 > 0:
            _move_trailing(old[i1 - 1], old[len(old) - 1])


def _move_trailing(src: Any, dst: Any) -> None:
    """Move the blank lines and comment after ``src`` (the old last item) to after ``dst``.

    ruamel.yaml keeps what follows a list's last item on that item, so an item appended
    after it would otherwise land between the item and its blank line.
    """
    if not (isinstance(src, CommentedMap) and isinstance(dst, CommentedMap) and src and dst):
        return
    last = list(src.keys())[-1]
    entry = src.ca.items.get(last)
    if not entry or len(entry) < 3 or entry[2] is None or isinstance(src[last], dict | list):
        return
    dst.ca.items[list(dst.keys())[-1]] = [None, None, entry[2], None]
    entry[2] = None
