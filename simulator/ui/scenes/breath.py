"""Take a breath: a short, skippable breathing pause after a hard call, before the next one."""

from __future__ import annotations

import math
from typing import Any

from simulator.ui.measure import button_height
from simulator.ui.pg import pygame
from simulator.ui.scene import Scene
from simulator.ui.scene_registry import register_scene
from simulator.ui.theme import mix
from simulator.ui.widgets import Button, layout_centered, text, text_block

DURATION = (
    40.0  # seconds: long enough for a few slow breaths, short enough not to feel like a penalty
)
PHASES = (("Breathe in", 4.0), ("Hold", 2.0), ("Breathe out", 6.0))  # a longer out-breath calms


def phase_at(t: float) -> tuple[str, float]:
    """The breathing phase at ``t`` seconds and how far through it (0-1)."""
    cycle = sum(d for _, d in PHASES)
    t %= cycle
    for name, d in PHASES:
        if t < d:
            return name, t / d
        t -= d
    return PHASES[-1][0], 1.0


@register_scene("breath")
class BreathScene(Scene):
    """A circle that grows and shrinks with the breath; any time: 'I'm ready' (Enter or Esc)."""

    name = "breath"

    def __init__(self, app: Any, duration: float = DURATION) -> None:
        super().__init__(app)
        self.t = 0.0
        self.duration = duration
        self.buttons = [Button("I'm ready", self.done, "Enter", kind="primary")]
        self.focus = 0

    def done(self) -> None:
        """Leave the pause."""
        self.dismiss("done")

    def layout(self, width: int, height: int) -> None:
        """Circle in the middle, text above, button below."""
        self.W = width
        layout_centered(
            self.buttons,
            self.fonts,
            self.theme,
            width // 2,
            height - button_height(self.theme) - self.theme.pad * 3,
        )
        self.dirty = True

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Enter, Space, Esc or a click on the button end the pause."""
        if ev.type == pygame.KEYDOWN and ev.key in (
            pygame.K_ESCAPE,
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_SPACE,
        ):
            self.done()
            return
        self.handle_buttons(ev)

    def update(self, dt: float) -> None:
        """Move the breath along; end by itself after the duration."""
        self.t += dt
        self.dirty = True
        if self.t >= self.duration:
            self.done()

    @property
    def frame_rate(self) -> int:
        """A slow animation needs only 30 frames a second."""
        return 30

    def draw(self, surf: pygame.Surface) -> None:
        """The breathing circle and a calm word."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        surf.fill(p.bg)
        text(
            surf,
            f,
            "Take a breath",
            (self.W // 2, pad * 3),
            t.title,
            p.text,
            bold=True,
            anchor="midtop",
        )
        msg = (
            "Hard calls are part of the job, and they are not about you. "
            "A few slow breaths let the last call go before the next customer."
        )
        col = min(self.W - pad * 4, t.px(640))
        text_block(
            surf,
            f,
            msg,
            (self.W - col) // 2,
            pad * 3 + f.line_height(t.title, True) + pad // 2,
            col,
            t.body,
            p.dim,
        )
        self._draw_circle(surf)
        left = max(0, math.ceil(self.duration - self.t))
        text(
            surf,
            f,
            f"{left} s",
            (self.W // 2, self.buttons[0].rect.y - pad),
            t.small,
            p.dim,
            anchor="midbottom",
        )
        self.draw_buttons(surf)

    def _draw_circle(self, surf: pygame.Surface) -> None:
        """The circle that grows as the trainee breathes in and shrinks as they breathe out, named."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        name, k = phase_at(self.t)
        ease = (1 - math.cos(math.pi * k)) / 2
        size = {"Breathe in": ease, "Hold": 1.0, "Breathe out": 1 - ease}[name]
        top = pad * 6 + f.line_height(t.title, True) + f.line_height(t.body) * 2
        bottom = self.buttons[0].rect.y - pad * 3
        cy = (top + bottom) // 2
        r_max = max(20, min((bottom - top) // 2, self.W // 4))
        r = int(r_max * (0.45 + 0.55 * size))
        halo = pygame.Surface((r_max * 2 + 4, r_max * 2 + 4), pygame.SRCALPHA)
        pygame.draw.circle(halo, (*p.accent, 40), (r_max + 2, r_max + 2), r_max)
        surf.blit(halo, (self.W // 2 - r_max - 2, cy - r_max - 2))
        pygame.draw.circle(
            surf, mix(p.accent_soft, p.accent, 0.25 + 0.5 * size), (self.W // 2, cy), r
        )
        text(
            surf,
            f,
            name,
            (self.W // 2, cy),
            t.heading,
            p.text if not t.high_contrast else p.accent_text,
            bold=True,
            anchor="center",
        )
