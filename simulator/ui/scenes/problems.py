"""A readable overlay of a scenario file's problems, instead of a crash, with F5 to try again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from simulator.scenario.problems import Problem
from simulator.ui.pg import pygame
from simulator.ui.scene import Scene
from simulator.ui.scene_registry import register_scene
from simulator.ui.widgets import Button, hotkey_button, layout_row, panel, shade, text, text_block

Rect = pygame.Rect


@register_scene("problems")
class ProblemsScene(Scene):
    """Lists ``file:line:col: message`` lines; F5 (or the button) reloads, Esc closes."""

    opaque = False
    name = "problems"

    def __init__(
        self,
        app: Any,
        path: str,
        problems: Sequence[Problem | str],
        reload: Callable[[], None] | None = None,
        title: str = "This scenario cannot be played yet",
        footer: str | None = None,
    ) -> None:
        super().__init__(app)
        if footer is None:
            footer = (
                "Fix the file and press F5 to try again."
                if reload
                else "Fix the file, then choose it again."
            )
        self.footer = footer  # what to do next, beside the buttons
        self.path = path
        self.lines = [str(p) for p in problems] or ["(no details)"]
        self.reload = reload
        self.title = title
        self.scroll = 0
        self.buttons = []
        if reload is not None:
            self.buttons.append(Button("Reload", reload, "F5", kind="primary"))
        self.buttons.append(Button("Close", lambda: self.dismiss(None), "Esc"))
        self.focus = 0

    def layout(self, width: int, height: int) -> None:
        """A large card with the list and the buttons below."""
        pad = self.theme.pad
        self.card = Rect(pad * 2, pad * 2, width - pad * 4, height - pad * 4)
        layout_row(
            self.buttons,
            self.fonts,
            self.theme,
            self.card.right - pad,
            self.card.bottom - pad - self.theme.px(46),
        )
        self.dirty = True

    def handle_event(self, ev: pygame.event.Event) -> None:
        """F5 reload, Esc close, arrows and wheel scroll."""
        if ev.type == pygame.KEYDOWN:
            if ev.key == pygame.K_F5 and self.reload is not None:
                self.reload()
                return
            if ev.key == pygame.K_ESCAPE:
                self.dismiss(None)
                return
            chosen = hotkey_button(self.buttons, ev.key)
            if chosen is not None:
                chosen.action()
                return
            if ev.key in (pygame.K_DOWN, pygame.K_UP, pygame.K_PAGEDOWN, pygame.K_PAGEUP):
                step = {
                    pygame.K_DOWN: 1,
                    pygame.K_UP: -1,
                    pygame.K_PAGEDOWN: 8,
                    pygame.K_PAGEUP: -8,
                }[ev.key]
                self.scroll = max(0, min(len(self.lines) - 1, self.scroll + step))
                self.dirty = True
                return
        if ev.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(len(self.lines) - 1, self.scroll - ev.y))
            self.dirty = True
            return
        self.handle_buttons(ev)

    def draw(self, surf: pygame.Surface) -> None:
        """The problems, one per block, in a monospace-free readable list."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        shade(surf, t)
        panel(surf, t, self.card)
        x, y = self.card.x + pad * 2, self.card.y + pad * 2
        text(surf, f, self.title, (x, y), t.heading, p.bad, bold=True)
        y += f.line_height(t.heading, True)
        text(surf, f, self.path, (x, y), t.small, p.dim)
        y += f.line_height(t.small) + pad
        bottom = self.buttons[0].rect.y - pad
        clip = surf.get_clip()
        surf.set_clip(Rect(x, y, self.card.w - pad * 4, bottom - y))
        for line in self.lines[self.scroll :]:
            if y > bottom:
                break
            colour = p.bad if ": error:" in line else (p.warn if ": warning:" in line else p.text)
            pygame.draw.rect(surf, colour, (x, y + 4, 4, f.line_height(t.body) - 8))
            y += (
                text_block(surf, f, line, x + pad, y, self.card.w - pad * 5, t.body, p.text)
                + pad // 2
            )
        surf.set_clip(clip)
        text(
            surf,
            f,
            self.footer,
            (x, self.buttons[0].rect.centery),
            t.small,
            p.dim,
            anchor="midleft",
        )
        self.draw_buttons(surf)
