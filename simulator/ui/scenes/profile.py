"""The start screen: pick your trainee profile or type a new name (any script, accents welcome)."""

from __future__ import annotations

import unicodedata
from functools import partial
from typing import Any

from simulator.ui.measure import button_height
from simulator.ui.pg import pygame
from simulator.ui.scene import Scene
from simulator.ui.scene_registry import open_scene, register_scene
from simulator.ui.widgets import Button, ellipsize, panel, text, text_block

Rect = pygame.Rect
MAX_NAME = 40


def clean_name(name: str) -> str:
    """A profile name: normalised (NFC), control characters dropped, spaces collapsed, at most 40 characters."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return " ".join(name.split())[:MAX_NAME]


@register_scene("profile")
class ProfileScene(Scene):
    """↑↓ or click a name; or type a new one and press Enter."""

    name = "profile"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.entry = ""
        self.error = ""
        self.selected = 0
        self.caret_t = 0.0
        self.names: list[str] = []
        self.create_button = Button("Start", self.submit, "Enter", kind="primary")
        self.quit_button = Button("Quit", self.app.quit, "Esc", kind="quiet")
        self.name_buttons: list[Button] = []

    def enter(self) -> None:
        """Read the profiles and start taking text input."""
        store = self.app.services.store
        self.names = (
            store.trainees()
        )  # on a read fault the store returns [] and says why in its notice
        if store.notice:
            self.error = store.notice
        last = self.app.services.settings.last_trainee
        if last in self.names:
            self.selected = self.names.index(last)
        pygame.key.start_text_input()
        self._build_buttons()

    def exit(self) -> None:
        """Stop text input."""
        pygame.key.stop_text_input()

    def _build_buttons(self) -> None:
        self.name_buttons = [Button(n, partial(self.choose, n)) for n in self.names[-8:]]
        self.buttons = [*self.name_buttons, self.create_button, self.quit_button]

    def choose(self, name: str) -> None:
        """Play as ``name`` (created if new); remembered for next time."""
        name = clean_name(name)
        if not name:
            self.error = "Type your name first."
            self.dirty = True
            return
        try:
            self.app.services.store.add_trainee(name)
        except Exception as exc:  # a store fault is a message on this screen, never a crash
            self.error = f"Could not save the profile: {exc}"
        self.app.trainee = name
        self.app.services.settings.last_trainee = name
        self.app.services.save_settings()
        self.app.reset(open_scene("picker", self.app))

    def submit(self) -> None:
        """Enter: a typed name wins; else the highlighted profile."""
        if self.entry.strip():
            self.choose(self.entry)
        elif self.name_buttons:
            self.choose(self.name_buttons[min(self.selected, len(self.name_buttons) - 1)].label)
        else:
            self.error = "Type your name to start."
            self.dirty = True

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Text entry, arrows, Enter, Esc, and mouse."""
        if ev.type == pygame.TEXTINPUT:
            if len(self.entry) < MAX_NAME:
                self.entry = (self.entry + ev.text)[:MAX_NAME]
                self.error = ""
                self.dirty = True
            return
        if ev.type == pygame.KEYDOWN and self._key(ev.key):
            return
        self.handle_buttons(ev)

    def _key(self, key: int) -> bool:
        """Backspace, Esc, the arrows and Enter; True when the key was used."""
        if key == pygame.K_BACKSPACE:
            self.entry = self.entry[:-1]
            self.dirty = True
        elif key == pygame.K_ESCAPE:
            if not self.entry:
                self.app.quit()
            self.entry = ""
            self.dirty = True
        elif key in (pygame.K_UP, pygame.K_DOWN) and self.name_buttons:
            step = 1 if key == pygame.K_DOWN else -1
            self.selected = (self.selected + step) % len(self.name_buttons)
            self.focus = self.selected
            self.dirty = True
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if 0 <= self.focus < len(self.buttons) and not self.entry.strip():
                self.buttons[self.focus].action()
            else:
                self.submit()
        else:
            # a space arrives as TEXTINPUT too: it must not also press the focused button
            return key == pygame.K_SPACE
        return True

    def update(self, dt: float) -> None:
        """Blink the caret twice a second (a redraw at 2 fps costs nothing)."""
        before = int(self.caret_t * 2)
        self.caret_t += dt
        if int(self.caret_t * 2) != before:
            self.dirty = True

    def layout(self, width: int, height: int) -> None:
        """A centred card: welcome, profiles, the name field and Start."""
        t, f = self.theme, self.fonts
        pad = t.pad
        self.W = width
        col = min(width - pad * 4, t.px(560))
        self.col = Rect((width - col) // 2, 0, col, 0)
        bh = button_height(t)
        y = max(
            pad * 2,
            height // 2
            - (len(self.name_buttons) * (bh + pad // 2) + bh * 3 + f.line_height(t.title, True) * 3)
            // 2,
        )
        self.title_y = y
        y += (
            f.line_height(t.title, True)
            + text_block(None, f, self.welcome, 0, 0, col, t.body)
            + pad
        )
        self.list_label_y = y
        if self.name_buttons:
            y += f.line_height(t.small, True) + pad // 2
            for b in self.name_buttons:
                b.rect = Rect(self.col.x, y, col, bh)
                y += bh + pad // 2
            y += pad
        self.entry_label_y = y
        y += f.line_height(t.small, True) + pad // 2
        self.entry_rect = Rect(self.col.x, y, col - self.create_button.width_for(f, t) - pad, bh)
        self.create_button.rect = Rect(
            self.entry_rect.right + pad, y, self.create_button.width_for(f, t), bh
        )
        self.error_y = y + bh + pad // 2
        self.quit_button.rect = Rect(
            width - pad * 2 - self.quit_button.width_for(f, t),
            height - bh - pad * 2,
            self.quit_button.width_for(f, t),
            bh,
        )
        self.dirty = True

    welcome = "Practise real customer calls. Listen, own the problem, fix it, and follow up."

    def draw(self, surf: pygame.Surface) -> None:
        """Welcome card."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        surf.fill(p.bg)
        self._draw_welcome(surf)
        self._draw_entry(surf)
        if self.error:
            text(
                surf,
                f,
                ellipsize(f, self.error, t.small, self.col.w),
                (self.col.x, self.error_y),
                t.small,
                p.bad,
            )
        for i, b in enumerate(self.name_buttons):
            b.draw(
                surf,
                f,
                t,
                i == self.hover or i == self.selected and self.focus < 0,
                i == self.focus,
            )
        for i, b in enumerate(self.buttons[len(self.name_buttons) :], len(self.name_buttons)):
            b.draw(surf, f, t, i == self.hover, i == self.focus)

    def _draw_welcome(self, surf: pygame.Surface) -> None:
        """The title, the welcome and the labels above the names and the entry."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        x = self.col.x
        text(surf, f, "On the Line", (x, self.title_y), t.title, p.accent, bold=True)
        text_block(
            surf,
            f,
            self.welcome,
            x,
            self.title_y + f.line_height(t.title, True),
            self.col.w,
            t.body,
            p.dim,
        )
        if self.name_buttons:
            text(surf, f, "WHO IS PRACTISING?", (x, self.list_label_y), t.small, p.dim, bold=True)
        text(
            surf,
            f,
            "NEW TRAINEE" if self.name_buttons else "YOUR NAME",
            (x, self.entry_label_y),
            t.small,
            p.dim,
            bold=True,
        )

    def _draw_entry(self, surf: pygame.Surface) -> None:
        """The name being typed (its end kept in view), or the example name, and the blinking caret."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        focused_entry = self.focus < 0 or self.focus >= len(self.name_buttons)
        panel(surf, t, self.entry_rect, border=p.focus if focused_entry else p.border)
        shown = self.entry or ""
        inner = self.entry_rect.w - pad * 2
        font = f.get(t.body)
        while shown and font.size(shown)[0] > inner - 4:
            shown = shown[1:]  # keep the end of a long name visible while typing
        at = (self.entry_rect.x + pad, self.entry_rect.centery)
        if shown:
            r = text(surf, f, shown, at, t.body, p.text, anchor="midleft")
        else:
            r = Rect(*at, 0, 0)
            example = p.border if not t.high_contrast else p.dim
            text(surf, f, "Type a name, e.g. Zoë Müller", at, t.body, example, anchor="midleft")
        if int(self.caret_t * 2) % 2 == 0:
            cx = r.right + 2
            pygame.draw.line(
                surf,
                p.text,
                (cx, self.entry_rect.centery - t.px(11)),
                (cx, self.entry_rect.centery + t.px(11)),
                2,
            )
