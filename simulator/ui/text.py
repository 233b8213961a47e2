"""Word wrapping that measures with the real font and breaks words too long for a line."""

from __future__ import annotations

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
