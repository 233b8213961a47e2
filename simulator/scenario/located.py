"""Values read from a YAML file that remember where they came from.

Every mapping, sequence and scalar the loader builds carries a :class:`Pos`, so
any later check can point at the exact line and column a trainer has to edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True, slots=True)
class Pos:
    """A place in a file: 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class YScalar:
    """A scalar with its value, the text it was written as, and its position."""

    __slots__ = ("value", "raw", "pos", "tag", "plain")

    def __init__(self, value: Any, raw: str, pos: Pos, tag: str, plain: bool) -> None:
        self.value = value
        self.raw = raw
        self.pos = pos
        self.tag = tag
        self.plain = plain

    def __repr__(self) -> str:
        return f"YScalar({self.value!r} @ {self.pos.line}:{self.pos.col})"


class YMap:
    """A mapping with string keys; remembers the position of each key."""

    __slots__ = ("items", "key_pos", "pos")

    def __init__(self, pos: Pos) -> None:
        self.items: dict[str, YNode] = {}
        self.key_pos: dict[str, Pos] = {}
        self.pos = pos

    def get(self, key: str) -> YNode | None:
        """The node stored under ``key``, or None."""
        return self.items.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self.items

    def __iter__(self) -> Iterator[str]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"YMap({list(self.items)} @ {self.pos.line}:{self.pos.col})"


class YSeq:
    """A sequence of located nodes."""

    __slots__ = ("items", "pos")

    def __init__(self, pos: Pos) -> None:
        self.items: list[YNode] = []
        self.pos = pos

    def __iter__(self) -> Iterator[YNode]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"YSeq(len={len(self.items)} @ {self.pos.line}:{self.pos.col})"


YNode = YMap | YSeq | YScalar


def to_plain(node: YNode) -> Any:
    """Strip positions: the same document as ordinary dicts, lists and scalars."""
    if isinstance(node, YMap):
        return {k: to_plain(v) for k, v in node.items.items()}
    if isinstance(node, YSeq):
        return [to_plain(v) for v in node.items]
    return node.value
