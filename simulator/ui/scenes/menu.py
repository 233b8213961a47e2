"""A modal menu: a card of stacked buttons over the dimmed screen; it dismisses with the chosen key."""

from __future__ import annotations

from functools import partial
from typing import Any

from simulator.ui.measure import button_height
from simulator.ui.pg import pygame
from simulator.ui.scene import Scene
from simulator.ui.scene_registry import register_scene
from simulator.ui.widgets import Button, hotkey_button, panel, shade, text, text_block

Rect = pygame.Rect


class MenuScene(Scene):
    """Title, optional message, and options (key, label, hotkey); Esc dismisses with ``cancel``."""

    opaque = False
    name = "menu"

    def __init__(
        self,
        app: Any,
        title: str,
        options: list[tuple[str, str, str]],
        message: str = "",
        cancel: str | None = None,
    ) -> None:
        super().__init__(app)
        self.title = title
        self.message = message
        self.cancel = cancel
        self.options = options
        self.buttons = [
            Button(
                label,
                partial(self.dismiss, key),
                hotkey,
                kind="primary" if i == 0 else "normal",
            )
            for i, (key, label, hotkey) in enumerate(options)
        ]
        self.focus = 0

    def layout(self, width: int, height: int) -> None:
        """A centred card sized to its content."""
        t, f = self.theme, self.fonts
        pad = t.pad
        w = min(
            width - pad * 4, max(t.px(380), max(b.width_for(f, t) for b in self.buttons) + pad * 4)
        )
        msg_h = (
            text_block(None, f, self.message, 0, 0, w - pad * 4, t.body) + pad
            if self.message
            else 0
        )
        bh = button_height(t)
        h = (
            pad * 3
            + f.line_height(t.heading, True)
            + msg_h
            + len(self.buttons) * (bh + pad // 2)
            + pad
        )
        self.card = Rect(0, 0, w, h)
        self.card.center = (width // 2, height // 2)
        y = self.card.y + pad * 2 + f.line_height(t.heading, True) + msg_h
        for b in self.buttons:
            b.rect = Rect(self.card.x + pad * 2, y, w - pad * 4, bh)
            y += bh + pad // 2
        self.dirty = True

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Arrows move, Enter picks, Esc cancels, hotkeys pick directly."""
        if ev.type == pygame.KEYDOWN:
            if ev.key == pygame.K_ESCAPE and self.cancel is not None:
                self.dismiss(self.cancel)
                return
            if ev.key in (pygame.K_DOWN, pygame.K_UP):
                self.focus = (self.focus + (1 if ev.key == pygame.K_DOWN else -1)) % len(
                    self.buttons
                )
                self.dirty = True
                return
            chosen = hotkey_button(self.buttons, ev.key)
            if chosen is not None:
                chosen.action()
                return
        self.handle_buttons(ev)

    def draw(self, surf: pygame.Surface) -> None:
        """The card over a dimmed screen."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        shade(surf, t)
        panel(surf, t, self.card)
        text(
            surf,
            f,
            self.title,
            (self.card.centerx, self.card.y + pad * 3 // 2),
            t.heading,
            p.text,
            bold=True,
            anchor="midtop",
        )
        if self.message:
            text_block(
                surf,
                f,
                self.message,
                self.card.x + pad * 2,
                self.card.y + pad * 2 + f.line_height(t.heading, True),
                self.card.w - pad * 4,
                t.body,
                p.dim,
            )
        self.draw_buttons(surf)


@register_scene("pause")
class PauseScene(MenuScene):
    """Esc during a call: resume, settings, restart, or quit to the scenario list."""

    name = "pause"

    def __init__(self, app: Any) -> None:
        super().__init__(
            app,
            "Paused",
            [
                ("resume", "Resume", "Esc"),
                ("settings", "Settings", "S"),
                ("restart", "Restart the call", "R"),
                ("quit", "Quit to scenarios", "Q"),
            ],
            message="The customer is on hold. Take your time.",
            cancel="resume",
        )
