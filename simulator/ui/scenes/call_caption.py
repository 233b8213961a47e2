"""The customer's words in the speech bubble: wrapped and rendered once, revealed a glyph run at a time, scrolled
so the line being said stays in view, with the typing dots beside the name."""

from __future__ import annotations

import math

from simulator.ui.pg import pygame
from simulator.ui.scene import Scene
from simulator.ui.scenes.call_timing import DOTS_STEP
from simulator.ui.theme import mix

Rect = pygame.Rect


class CallCaption(Scene):
    """Part of CallScene: the caption's wrapping, partial drawing and scrolling."""

    def _caption_lines(self) -> tuple[list[str], list[pygame.Surface | None]]:
        """The caption wrapped, each line rendered once (a frame only blits part of it)."""
        t, p = self.theme, self.theme.palette
        _x, _y, width = self._caption_at
        key = (self.line, width, t.caption, p.text)
        if key != self._cap_key:
            self._cap_key = key
            self._cap_lines = self.fonts.wrap(self.line, t.caption, width)
            self._cap_surfs = [
                self.fonts.render(line, t.caption, p.text) if line else None
                for line in self._cap_lines
            ]
        return self._cap_lines, self._cap_surfs

    def _caption_runs(self, start: int, end: int) -> list[tuple[int, int, int, int]]:
        """(line index, x from, x to, chars) for each caption line whose shown part grows from ``start`` to ``end`` chars."""
        lines, _ = self._caption_lines()
        font = self.fonts.get(self.theme.caption)
        runs, first = [], 0
        for i, line in enumerate(lines):
            before = max(0, min(len(line), start - first))
            after = max(0, min(len(line), end - first))
            if after != before:
                x0 = font.size(line[:before])[0] if before else 0
                x1 = font.size(line[:after])[0] if after < len(line) else font.size(line)[0] + 4
                runs.append((i, x0, x1, after))
            first += len(line) + 1  # the space the wrap dropped
        return runs

    def _draw_caption(self, surf: pygame.Surface, start: int, end: int, clear: bool) -> list[Rect]:
        """Blit the caption's characters ``start`` to ``end`` from the pre-rendered lines; returns the changed areas."""
        x, y, _w = self._caption_at
        lh = self.fonts.line_height(self.theme.caption)
        _, surfs = self._caption_lines()
        changed = []
        for i, x0, x1, _n in self._caption_runs(start, end):
            img = surfs[i]
            if img is None or not self.cap_first <= i < self.cap_first + self.cap_rows:
                continue
            x0 = max(
                0, x0 - 1
            )  # the anti-aliased edge of the previous glyph is redrawn, not blended twice
            x1 = min(img.get_width(), x1)
            area = Rect(x0, 0, max(0, x1 - x0), img.get_height())
            dest = Rect(x + x0, y + (i - self.cap_first) * lh, area.w, area.h)
            if clear:
                surf.fill(self.theme.palette.panel, dest)
            surf.blit(img, dest, area)
            changed.append(dest)
        return changed

    def _caption_line_of(self, chars: int) -> int:
        """The index of the caption line holding character ``chars`` (the reveal point)."""
        lines, _ = self._caption_lines()
        first = 0
        for i, line in enumerate(lines):
            first += len(line) + 1
            if chars < first:
                return i
        return max(0, len(lines) - 1)

    def _follow_caption(self, before: float = 0.0) -> None:
        """Scroll the caption as the reveal passes its last visible row (a full frame, since everything moves).

        ``before`` is the reveal point of the previous frame: when the reveal jumps ahead (the voice's progress
        arrives late, or speech falls back to captions), the line being read stays in view and the rest waits
        behind the 'more' cue, so a new line never opens on its end; a reader who scrolled away is left there."""
        if self.revealed <= 0:
            return
        at = self._caption_line_of(max(0, int(self.revealed) - 1))
        last = self.cap_first + self.cap_rows - 1
        reading = self._caption_line_of(max(0, int(before) - 1)) if before > 0 else self.cap_first
        if (
            at == last + 1 and self.cap_first <= reading <= last
        ):  # the reveal just passed the view: follow a row
            self.cap_first += 1
            self.dirty = True

    def scroll_caption(self, lines: int) -> None:
        """Scroll the customer's words by ``lines`` (wheel over the bubble)."""
        total = len(self._caption_lines()[0])
        shown = self._caption_line_of(int(self.revealed)) + 1
        limit = max(0, max(shown, self.cap_rows) - self.cap_rows)
        self.cap_first = max(0, min(limit, min(total - 1, self.cap_first + lines)))
        self.dirty = True

    def _caption_cue(self) -> str:
        """'↑ earlier' when the caption is scrolled past its start, 'more ↓' when revealed lines are below."""
        if self.paused:
            return ""
        if self._caption_line_of(int(self.revealed)) >= self.cap_first + self.cap_rows:
            return "more ↓ PgDn"
        if self.cap_first > 0:
            return "↑ earlier: PgUp"
        return ""

    def _draw_typing_dots(self, surf: pygame.Surface, x: int, y: int) -> None:
        p = self.theme.palette
        r = self.theme.px(4)
        self._dots_at = (x, y)
        self.dots_rect = Rect(x - r - 1, y - r - 1, r * 8 + 4, r * 2 + 3)
        phase = int(self.pulse_t / DOTS_STEP) * DOTS_STEP
        for i in range(3):
            k = 0.5 + 0.5 * math.sin(phase * 6 - i * 0.9)
            pygame.draw.circle(surf, mix(p.border, p.accent, k), (x + i * r * 3, y), r)
