"""A screen on the app's stack: enter/exit, events, update, draw, and buttons that work by key and mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.ui.fonts import Fonts
from simulator.ui.pg import pygame
from simulator.ui.theme import Theme
from simulator.ui.widgets import Button

if TYPE_CHECKING:
    from simulator.ui.app import App


class Scene:
    """Base class: a screen that redraws only when ``dirty``; modals set ``opaque = False``."""

    opaque = True
    name = "scene"

    def __init__(self, app: App) -> None:
        self.app = app
        self.damage: list[pygame.Rect] = []  # parts of the window changed since the last frame
        self._full = True
        self.buttons: list[Button] = []
        self.focus = -1  # index into buttons of the keyboard focus, -1 for none
        self.hover = -1

    @property
    def dirty(self) -> bool:
        """True when the scene must be drawn again (in full, or only where ``mark`` said)."""
        return self._full or bool(self.damage)

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self._full = value
        if not value:
            self.damage = []

    @property
    def full_redraw(self) -> bool:
        """True when the whole window must be sent to the screen, not only the marked parts."""
        return self._full

    def mark(self, *rects: pygame.Rect | None) -> None:
        """Only these parts changed: the frame still draws everything but sends just them to the screen."""
        self.damage.extend(pygame.Rect(r) for r in rects if r is not None)

    def draw_damage(self, surf: pygame.Surface) -> list[pygame.Rect] | None:
        """Redraw only what changed since the last frame and return the rectangles to send to the screen.

        None (the default) means the scene cannot, and the app draws it whole.
        """
        return None

    @property
    def theme(self) -> Theme:
        """The current theme."""
        return self.app.theme

    @property
    def fonts(self) -> Fonts:
        """The app's fonts."""
        return self.app.fonts

    # --- lifecycle -----------------------------------------------------------------

    def enter(self) -> None:
        """Called when the scene becomes the top of the stack for the first time."""

    def resume(self, result: Any = None) -> None:
        """Called when a scene pushed on top of this one is dismissed."""
        self.dirty = True

    def exit(self) -> None:
        """Called when the scene leaves the stack."""

    def layout(self, width: int, height: int) -> None:
        """Place everything for a window of this size (also after a text-size change)."""

    def update(self, dt: float) -> None:
        """Advance animations by ``dt`` seconds."""

    def draw(self, surf: pygame.Surface) -> None:
        """Draw the whole scene."""

    @property
    def animating(self) -> bool:
        """True while something moves, so the loop runs at full rate."""
        return False

    @property
    def frame_rate(self) -> int:
        """Frames per second this scene wants now; 0 means sleep until input (checked ~10 times a second)."""
        return 60 if self.animating else 0

    def dismiss(self, result: Any = None) -> None:
        """Close this scene and hand ``result`` to whoever opened it."""
        self.app.pop(result)

    # --- input -------------------------------------------------------------------

    def handle_event(self, ev: pygame.event.Event) -> None:
        """React to one event (the default handles buttons)."""
        self.handle_buttons(ev)

    def handle_buttons(self, ev: pygame.event.Event) -> bool:
        """Hover, click, Tab focus and Enter on the focused button; True when the event was used."""
        if ev.type == pygame.MOUSEMOTION:
            self._hover_button(ev.pos)
            return False
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1:
            hit = self._button_at(ev.pos)
            return hit is not None and self._press(hit)
        if ev.type != pygame.KEYDOWN:
            return False
        if ev.key == pygame.K_TAB:
            return self._move_focus(back=bool(ev.mod & pygame.KMOD_SHIFT))
        if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and 0 <= self.focus < len(
            self.buttons
        ):
            return self._press(self.buttons[self.focus])
        return False

    def _button_at(self, pos: tuple[int, int]) -> Button | None:
        return next((b for b in self.buttons if b.enabled and b.rect.collidepoint(pos)), None)

    def _hover_button(self, pos: tuple[int, int]) -> None:
        hit = self._button_at(pos)
        hover = self.buttons.index(hit) if hit is not None else -1
        if hover != self.hover:
            self.hover = hover
            self.dirty = True

    def _press(self, button: Button) -> bool:
        if not button.enabled:
            return False
        button.action()
        self.dirty = True
        return True

    def _move_focus(self, back: bool) -> bool:
        """Tab and Shift+Tab: the next (or previous) enabled button takes the focus."""
        enabled = [i for i, b in enumerate(self.buttons) if b.enabled]
        if not enabled:
            return False
        if self.focus not in enabled:
            self.focus = enabled[-1 if back else 0]
        else:
            k = enabled.index(self.focus) + (-1 if back else 1)
            self.focus = enabled[k % len(enabled)]
        self.dirty = True
        return True

    def draw_buttons(self, surf: pygame.Surface) -> None:
        """Draw every button in its hover/focus state."""
        for i, b in enumerate(self.buttons):
            b.draw(surf, self.fonts, self.theme, i == self.hover, i == self.focus)
