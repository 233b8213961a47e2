"""Word wrapping that measures with the real font and breaks words too long for a line."""

from __future__ import annotations

import re
from typing import Protocol


class Measures(Protocol):
    """Anything with pygame.font.Font's ``size``."""

    def size(self, text: str) -> tuple[int, int]:
        """Width and height of ``text``."""
        ...


def _split_long(font: Measures, word: str, width: int) -> list[str]:
    """Break a word wider than ``width`` into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and font.size(current + ch)[0] > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(font: Measures, text: str, width: int) -> list[str]:
    """Lines of ``text`` no wider than ``width``; explicit newlines start new lines."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if font.size(candidate)[0] <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
                current = ""
            if font.size(word)[0] <= width:
                current = word
            else:
                *full, current = _split_long(font, word, width)
                lines.extend(full)
        lines.append(current)
    return lines


ELLIPSIS = "…"
_TRAILING = " ,;:·-–—"  # not left dangling before the ellipsis
_BREAK_AFTER = re.compile(r"(?<=[ /\\-])")  # a cut may fall after a space, a slash or a hyphen


def shorten(font: Measures, text: str, width: int) -> str:
    """``text`` cut to fit ``width`` at a word boundary (after a space, a slash or a hyphen), with an
    ellipsis; unchanged when it fits. Only a first word too wide on its own is cut inside it."""
    if font.size(text)[0] <= width:
        return text
    pieces = [p for p in _BREAK_AFTER.split(text) if p]
    while len(pieces) > 1:
        pieces.pop()
        kept = "".join(pieces).rstrip(_TRAILING)
        if kept and font.size(kept + ELLIPSIS)[0] <= width:
            return kept + ELLIPSIS
    word = pieces[0]
    while word and font.size(word + ELLIPSIS)[0] > width:
        word = word[:-1]
    return word + ELLIPSIS
