"""The customer's words as plain data: how much of the line is revealed, which wrapped rows are in view,
and when the view follows the voice. No pygame; the drawer blits from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

MORE_CUE = "more ↓ PgDn"
EARLIER_CUE = "↑ earlier: PgUp"


@dataclass
class CaptionReveal:
    """One line of the customer's, wrapped into rows, revealed a character at a time, scrolled by rows."""

    text: str = ""
    lines: list[str] = field(default_factory=list)  # ``text`` wrapped to the bubble's width
    revealed: float = 0.0  # characters shown so far
    first: int = 0  # the first row in view
    rows: int = 1  # rows in view at once

    def start(self, text: str) -> None:
        """A new line: nothing revealed, the view at its start (wrap it with ``set_lines``)."""
        self.text = text
        self.lines = [text] if text else []
        self.revealed = 0.0
        self.first = 0

    def set_lines(self, lines: list[str], rows: int) -> None:
        """The line wrapped for the bubble and how many rows the bubble shows (after a relayout)."""
        self.lines = lines
        self.rows = max(1, rows)
        self.first = max(0, min(self.first, len(self.lines) - self.rows))

    @property
    def done(self) -> bool:
        """True when the whole line is shown."""
        return self.revealed >= len(self.text)

    def finish(self) -> None:
        """Show the whole line."""
        self.revealed = float(len(self.text))

    def advance(self, target: float) -> bool:
        """Reveal up to ``target`` characters (never back); True when another character appeared."""
        target = min(float(len(self.text)), max(self.revealed, target))
        grew = int(target) != int(self.revealed)
        before, self.revealed = self.revealed, target
        self.follow(before)
        return grew

    def line_of(self, chars: int) -> int:
        """The index of the row holding character ``chars``."""
        first = 0
        for i, line in enumerate(self.lines):
            first += len(line) + 1  # the space the wrap dropped
            if chars < first:
                return i
        return max(0, len(self.lines) - 1)

    def follow(self, before: float = 0.0) -> bool:
        """Scroll a row when the reveal passes the last row in view; True when the view moved.

        ``before`` is the previous reveal point: when the reveal jumps ahead (the voice's progress arrives
        late, or speech falls back to captions) the row being read stays in view and the rest waits behind
        the 'more' cue, so a new line never opens on its end; a reader who scrolled away is left there."""
        if self.revealed <= 0:
            return False
        at = self.line_of(max(0, int(self.revealed) - 1))
        last = self.first + self.rows - 1
        reading = self.line_of(max(0, int(before) - 1)) if before > 0 else self.first
        if at == last + 1 and self.first <= reading <= last:
            self.first += 1
            return True
        return False

    def scroll(self, rows: int) -> None:
        """Scroll by ``rows`` (PgUp/PgDn, the wheel), never past what has been revealed."""
        shown = self.line_of(int(self.revealed)) + 1
        limit = max(0, max(shown, self.rows) - self.rows)
        self.first = max(0, min(limit, min(len(self.lines) - 1, self.first + rows)))

    def cue(self) -> str:
        """'more ↓' when revealed rows are below the view, '↑ earlier' when it is scrolled past the start."""
        if self.line_of(int(self.revealed)) >= self.first + self.rows:
            return MORE_CUE
        if self.first > 0:
            return EARLIER_CUE
        return ""

    def in_view(self, row: int) -> bool:
        """True when row ``row`` is in the bubble now."""
        return self.first <= row < self.first + self.rows

    def runs(
        self, start: int, end: int, width_of: Callable[[str], int]
    ) -> list[tuple[int, int, int]]:
        """(row, x from, x to) for each row whose shown part grows from ``start`` to ``end`` characters."""
        runs, first = [], 0
        for i, line in enumerate(self.lines):
            before = max(0, min(len(line), start - first))
            after = max(0, min(len(line), end - first))
            if after != before:
                x0 = width_of(line[:before]) if before else 0
                # a finished row is sent to its end and a little past, for the last glyph's overhang
                x1 = width_of(line[:after]) if after < len(line) else width_of(line) + 4
                runs.append((i, x0, x1))
            first += len(line) + 1
        return runs
