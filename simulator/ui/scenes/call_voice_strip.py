"""The voice answers' strip: over the call's hint row, what the game is hearing and a level meter.

It takes the bottom row only while it has something to say (listening, hearing, what it heard), so
the answers are never covered while the trainee reads them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.ui.fonts import Fonts
from simulator.ui.pg import pygame
from simulator.ui.scenes.call_layout import CallLayout
from simulator.ui.theme import Theme
from simulator.ui.widgets import ellipsize, text

Rect = pygame.Rect
METER_STEPS = 12  # the meter's segments; it redraws only when a chunk's level moves a segment


@dataclass(frozen=True)
class VoiceStrip:
    """What the strip shows: its words, a tail always shown whole (" (sure)"), whether they are a
    warning, and the level (None: no meter)."""

    words: str
    tail: str = ""
    warn: bool = False
    level: float | None = None


def strip_rect(theme: Theme, fonts: Fonts, lay: CallLayout) -> Rect:
    """The strip's place: the whole hint row."""
    h = fonts.line_height(theme.small) + theme.pad // 2
    return Rect(0, lay.hint_y - theme.pad // 4, lay.width, h)


def meter_steps(level: float) -> int:
    """How many of the meter's segments a level (0-1) lights."""
    return max(0, min(METER_STEPS, round(level * METER_STEPS)))


def draw_voice_strip(
    surf: pygame.Surface, theme: Theme, fonts: Fonts, lay: CallLayout, strip: VoiceStrip
) -> Rect:
    """Draw the strip over the hint row; returns the rectangle drawn."""
    t, p, f = theme, theme.palette, fonts
    pad = t.pad
    r = strip_rect(t, f, lay)
    surf.fill(p.bg, r)
    right = r.right - pad
    if strip.level is not None:
        seg_h = max(6, f.line_height(t.small) - t.px(8))
        seg_w, gap = t.px(7), t.px(3)
        width = METER_STEPS * (seg_w + gap)
        x0, y = right - width, r.centery - seg_h // 2
        lit = meter_steps(strip.level)
        for i in range(METER_STEPS):
            box = Rect(x0 + i * (seg_w + gap), y, seg_w, seg_h)
            if i < lit:
                pygame.draw.rect(surf, p.warn if i >= METER_STEPS - 2 else p.good, box)
            else:
                pygame.draw.rect(surf, p.border, box, 1)
        right = x0 - pad
    colour = p.warn if strip.warn else p.text
    x = pad + t.px(16)
    tail_w = f.width(strip.tail, t.small, True) if strip.tail else 0
    words = ellipsize(f, strip.words, t.small, max(0, right - x - tail_w), True)
    pygame.draw.circle(surf, colour, (pad + t.px(5), r.centery), t.px(5))
    at = text(surf, f, words, (x, r.centery), t.small, colour, bold=True, anchor="midleft")
    if strip.tail:
        text(surf, f, strip.tail, (at.right, r.centery), t.small, colour, True, "midleft")
    return r
