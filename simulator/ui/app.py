"""The window, the scene stack and the frame loop that sleeps when nothing changes."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.paths import DEFAULT_RUBRIC
from simulator.scenario.problems import Problem
from simulator.scenario.rubric import Rubric, find_rubric_file
from simulator.ui.fonts import Fonts
from simulator.ui.pg import pygame
from simulator.ui.services import Services
from simulator.ui.settings import TEXT_SIZES, fitting_text_size
from simulator.ui.theme import Theme, make_theme
from simulator.validation.library import Library, load_library
from simulator.validation.rubric_check import load_rubric

if TYPE_CHECKING:  # the app only holds scenes; the scenes know the app
    from simulator.ui.scene import Scene

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (640, 480)
# When nothing moves the loop sleeps in short slices between event checks. SDL's own
# event.wait(timeout) polls internally and costs ~3% of a core on X11; 20 ms sleeps cost
# a tenth of that and still answer a key press within one slice.
IDLE_SLICE_S = 0.02

OnResult = Callable[[Any], None]


class App:
    """Owns the window and the stack of scenes; only the top scene gets input and time."""

    def __init__(
        self,
        services: Services,
        size: tuple[int, int] = DEFAULT_SIZE,
        scenarios_dir: Path | None = None,
    ) -> None:
        # SDL backs the window's surface with a GL texture by default; on X11 without a GPU driver that loads
        # Mesa's llvmpipe (about 100 MB resident, more with more cores) to copy a 2D surface the X server
        # could take directly. The game only blits and sends small rectangles, so the plain framebuffer is
        # as fast and far lighter. A user can still ask for acceleration with SDL_FRAMEBUFFER_ACCELERATION=1.
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
        pygame.display.init()
        pygame.font.init()
        self.services = services
        self.scenarios_dir = (
            scenarios_dir  # None: every scenario source (--scenarios, ./scenarios, yours, built-in)
        )
        self.windowed_size = size
        pygame.display.set_caption("On the Line")
        self.screen = self._open_window(size)
        pygame.key.set_repeat(350, 40)
        self.fonts = Fonts()
        if self.fonts.notice:
            services.notices.append(self.fonts.notice)
        self.theme: Theme = self._make_theme()
        self.stack: list[tuple[Scene, OnResult | None]] = []
        self.running = True
        self.trainee = services.settings.last_trainee or ""
        self._library: Library | None = None
        self._rubrics: dict[Path, tuple[Rubric | None, list[Problem]]] = {}
        self.calls_recorded = (
            0  # bumped after each call is stored, so screens know their cached grades are stale
        )
        self._last = services.clock.monotonic()
        self._tick = pygame.time.Clock()
        self.frames_drawn = 0
        self.services.speaker.set_volume(services.settings.volume)

    # --- window -------------------------------------------------------------------

    def _open_window(self, size: tuple[int, int]) -> pygame.Surface:
        if self.services.settings.fullscreen:
            try:
                return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            except pygame.error:
                pass
        with warnings.catch_warnings():  # "forcibly resized": it is put right just below
            warnings.simplefilter("ignore", RuntimeWarning)
            screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        if screen.get_size() != tuple(size):
            # leaving fullscreen with the plain framebuffer, SDL keeps the fullscreen size: F11 off
            # must bring back the window the trainee had, so it is sized again through the window
            pygame.Window.from_display_module().size = size
            screen = pygame.display.get_surface() or screen
        return screen

    def _make_theme(self) -> Theme:
        s = self.services.settings
        return make_theme(s.high_contrast, TEXT_SIZES[self.text_size])

    @property
    def text_size(self) -> str:
        """The text size in effect: the one chosen, or a smaller one when the window is too small for it."""
        return fitting_text_size(self.services.settings.text_size, self.size)

    @property
    def text_size_note(self) -> str | None:
        """Why the text is smaller than the setting, when it is."""
        wanted, shown = self.services.settings.text_size, self.text_size
        if wanted == shown or wanted not in TEXT_SIZES:
            return None
        return (
            f"Text size: this window is too small for {wanted} text, so it is shown {shown}; "
            f"enlarge the window for {wanted}."
        )

    @property
    def size(self) -> tuple[int, int]:
        """The window's size now."""
        return self.screen.get_size()

    def apply_settings(self) -> None:
        """Rebuild the theme, relayout every scene and apply voice volume and fullscreen."""
        s = self.services.settings
        self.services.speaker.set_volume(s.volume if s.voice else 0.0)
        full = bool(self.screen.get_flags() & pygame.FULLSCREEN)
        if full != s.fullscreen:
            if not full:
                self.windowed_size = self.size
            self.screen = self._open_window(self.windowed_size)
        self.relayout()  # also rebuilds the theme
        self.services.save_settings()

    def relayout(self) -> None:
        """Lay out every scene for the current window size."""
        self.screen = pygame.display.get_surface() or self.screen
        self.theme = self._make_theme()  # the window size may change which text size fits
        w, h = self.size
        for scene, _ in self.stack:
            scene.layout(w, h)
            scene.dirty = True

    # --- library -------------------------------------------------------------------

    @property
    def library(self) -> Library:
        """Every scenario file, validated (loaded on first use)."""
        if self._library is None:
            self._library = load_library(self.scenarios_dir)
        return self._library

    def reload_library(self) -> Library:
        """Read the scenario folder again."""
        self._library = None
        self._rubrics = {}  # a rubric edited on disk is read again with the scenarios
        return self.library

    def rubric_for(self, scenario_path: str | Path) -> tuple[Rubric | None, list[Problem]]:
        """The rubric for a scenario file and its problems, read once per rubric file (F5 in the list re-reads it)."""
        file = find_rubric_file(scenario_path, DEFAULT_RUBRIC)
        if file not in self._rubrics:
            self._rubrics[file] = load_rubric(file)
        return self._rubrics[file]

    # --- the stack -------------------------------------------------------------------

    @property
    def top(self) -> Scene | None:
        """The scene receiving input."""
        return self.stack[-1][0] if self.stack else None

    def push(self, scene: Scene, on_result: OnResult | None = None) -> None:
        """Open ``scene`` on top; ``on_result`` gets what it dismisses with."""
        self.stack.append((scene, on_result))
        scene.enter()
        scene.layout(*self.size)
        scene.dirty = True

    def pop(self, result: Any = None) -> None:
        """Close the top scene, passing ``result`` to its callback and resuming the one below."""
        if not self.stack:
            return
        scene, on_result = self.stack.pop()
        scene.exit()
        if self.top is not None:
            self.top.resume(result)
            self._mark_visible_dirty()
        if on_result is not None:
            on_result(result)
        if not self.stack:
            self.running = False

    def replace(self, scene: Scene) -> None:
        """Swap the top scene for ``scene``."""
        if self.stack:
            old, _ = self.stack.pop()
            old.exit()
        self.push(scene)

    def reset(self, scene: Scene) -> None:
        """Close every scene and show ``scene`` alone."""
        while self.stack:
            old, _ = self.stack.pop()
            old.exit()
        self.push(scene)

    def quit(self) -> None:
        """Stop the loop."""
        self.running = False

    def _visible(self) -> list[Scene]:
        scenes = [s for s, _ in self.stack]
        start = max((i for i, s in enumerate(scenes) if s.opaque), default=0)
        return scenes[start:]

    def _mark_visible_dirty(self) -> None:
        for s in self._visible():
            s.dirty = True

    # --- the loop ---------------------------------------------------------------------

    def step(self, events: list[pygame.event.Event] | None = None) -> bool:
        """Handle input, advance time and redraw if needed; returns True when a frame was drawn."""
        if events is None:
            events = pygame.event.get()
        for ev in events:
            self._dispatch(ev)
            if not self.running:
                return False
        now = self.services.clock.monotonic()
        dt = max(0.0, min(0.25, now - self._last))
        self._last = now
        self.services.speaker.update()
        if self.top is not None:
            self.top.update(dt)
        return self.render()

    def render(self, force: bool = False) -> bool:
        """Redraw the visible scenes when any of them changed."""
        visible = self._visible()
        if not visible or not (force or any(s.dirty for s in visible)):
            return False
        full = force or any(s.full_redraw for s in visible)
        if not full and len(visible) == 1:
            # a small change (a few caption letters, the mouth, the typing dots): redraw and send only that part
            rects = visible[0].draw_damage(self.screen)
            if rects is not None:
                visible[0].dirty = False
                if rects:
                    pygame.display.update(rects)
                self.frames_drawn += 1
                return True
        damage = [r for s in visible for r in s.damage]
        for s in visible:
            s.draw(self.screen)
            s.dirty = False
        if full:
            pygame.display.flip()
        else:
            # sending only the changed parts keeps animation cheap where pushing pixels is slow (X11, Xvfb)
            pygame.display.update(damage)
        self.frames_drawn += 1
        return True

    def _dispatch(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.QUIT:
            self.running = False
            return
        if ev.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            if ev.type == pygame.VIDEORESIZE and not (self.screen.get_flags() & pygame.FULLSCREEN):
                w, h = max(MIN_SIZE[0], ev.w), max(MIN_SIZE[1], ev.h)
                if (w, h) != self.size:
                    self.screen = pygame.display.set_mode((w, h), pygame.RESIZABLE)
            self.relayout()
            self._tell_top(ev)  # a call holds its clock while the window is resized
            return
        if ev.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
            self._mark_visible_dirty()
            self._tell_top(ev)
            return
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_F11:
            self.services.settings.fullscreen = not self.services.settings.fullscreen
            self.apply_settings()
            return
        if self.top is not None:
            self.top.handle_event(ev)

    def _tell_top(self, ev: pygame.event.Event) -> None:
        """Pass a window event the app has handled on to the top scene (a call holds its clock then)."""
        if self.top is not None:
            self.top.handle_event(ev)

    def frame_rate(self) -> int:
        """Frames per second wanted now: full rate while something moves, else 0 (sleep until input)."""
        top = self.top
        if top is None:
            return 0
        if self.services.speaker.speaking:
            return max(top.frame_rate, 30)
        return top.frame_rate

    def run(self) -> int:
        """The frame loop: full rate while animating, otherwise block on input with a short timeout."""
        while self.running:
            fps = self.frame_rate()
            if fps:
                self.step()
                self._tick.tick(fps)
            else:
                time.sleep(IDLE_SLICE_S)
                self.step(pygame.event.get())
        while self.stack:
            scene, _ = self.stack.pop()
            scene.exit()
        return 0

    def close(self) -> None:
        """Release voice, microphone, store and the window."""
        self.services.speaker.close()
        if self.services.voice_kit is not None:
            self.services.voice_kit.close()
        self.services.store.close()
        pygame.display.quit()
