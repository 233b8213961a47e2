"""Measuring text without drawing it: what a layout needs from the fonts, and the sizes of standard pieces."""

from __future__ import annotations

from typing import Protocol

from simulator.ui.theme import Theme


class TextMeasure(Protocol):
    """What a layout asks of the fonts (``Fonts`` answers it; a test can answer it with plain arithmetic)."""

    def line_height(self, size: int, bold: bool = False) -> int:
        """Distance between baselines of wrapped lines."""
        ...

    def wrap(self, text: str, size: int, width: int, bold: bool = False) -> list[str]:
        """``text`` in lines no wider than ``width``."""
        ...

    def width(self, text: str, size: int, bold: bool = False) -> int:
        """Width of one line of ``text``."""
        ...


def button_height(theme: Theme) -> int:
    """Height of a standard button."""
    return theme.px(46)


def button_width(measure: TextMeasure, theme: Theme, label: str, hotkey: str = "") -> int:
    """The width a button with this label (and hotkey hint) needs."""
    w = measure.width(label, theme.body, True) + theme.px(40)
    if hotkey:
        w += measure.width(hotkey, theme.small) + theme.px(14)
    return w


def meter_height(measure: TextMeasure, theme: Theme) -> int:
    """Height a labelled meter takes: its label row and its bar."""
    return measure.line_height(theme.small) + theme.px(14)


def block_height(
    measure: TextMeasure, text: str, size: int, width: int, max_lines: int | None = None
) -> int:
    """Height of ``text`` wrapped to ``width`` (at most ``max_lines`` lines)."""
    lines = len(measure.wrap(text, size, width))
    if max_lines is not None:
        lines = min(lines, max_lines)
    return lines * measure.line_height(size)
