"""What reaches the screen: every pixel a frame changes lies inside the rectangles sent to the display.

The back buffer can be right while the window is wrong: a partial redraw that paints the typing dots but
never passes their rectangle to ``pygame.display.update`` leaves the window showing the old dots. These
tests record what the app sends (``pygame.display.update`` / ``flip``) and, frame by frame over a real
call (caption reveal, typing dots, mouth, the answer timer, a mood change), check that the pixels that
changed between two consecutive presented frames are covered by the union of the rectangles sent for
that frame. They also keep a copy of what the window shows (only sent rectangles are copied from the back
buffer) and check that it equals a full redraw at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from ui_helpers import answer_key, key, send

from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.picker import PickerScene


class Display:
    """Records the rectangles sent to the display and mirrors what the window would show."""

    def __init__(self, app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.app = app
        self.sent: list[pygame.Rect] = []
        self.shown = app.screen.copy()
        real_update, real_flip = pygame.display.update, pygame.display.flip

        def update(rects: Any = None) -> None:
            if rects is None:
                self._send([app.screen.get_rect()])
            elif (
                isinstance(rects, (pygame.Rect, tuple))
                and len(rects) == 4
                and not isinstance(rects[0], (tuple, list, pygame.Rect))
            ):
                self._send([pygame.Rect(rects)])
            else:
                self._send([pygame.Rect(r) for r in rects if r is not None])
            real_update(rects)

        def flip() -> None:
            self._send([app.screen.get_rect()])
            real_flip()

        monkeypatch.setattr(pygame.display, "update", update)
        monkeypatch.setattr(pygame.display, "flip", flip)

    def _send(self, rects: list[pygame.Rect]) -> None:
        for r in rects:
            r = r.clip(self.app.screen.get_rect())
            if r.w and r.h:
                self.sent.append(r)
                self.shown.blit(self.app.screen, r, r)

    def take(self) -> list[pygame.Rect]:
        sent, self.sent = self.sent, []
        return sent


def changed_mask(before: pygame.Surface, after: pygame.Surface) -> pygame.mask.Mask:
    """A mask of the pixels that differ at all between ``before`` and ``after``."""
    one = before.copy()
    one.blit(after, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    two = after.copy()
    two.blit(before, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    one.blit(two, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
    same = pygame.mask.from_threshold(one, (0, 0, 0, 255), (1, 1, 1, 255))
    same.invert()
    return same


def unsent(
    before: pygame.Surface, after: pygame.Surface, sent: list[pygame.Rect]
) -> list[pygame.Rect]:
    """The boxes around changed pixels that no sent rectangle covers (empty when all changes reached the screen)."""
    changed = changed_mask(before, after)
    for r in sent:
        changed.erase(pygame.mask.Mask(r.size, fill=True), r.topleft)
    return changed.get_bounding_rects() if changed.count() else []


class Frames:
    """Runs frames on the fake clock and checks each one against what was sent."""

    def __init__(self, app: Any, display: Display) -> None:
        self.app, self.display = app, display
        self.before = app.screen.copy()
        self.frames = 0
        self.partial: list[list[pygame.Rect]] = []

    def check(self, what: str) -> None:
        sent = self.display.take()
        missed = unsent(self.before, self.app.screen, sent)
        assert not missed, (
            f"frame {self.frames} ({what}): pixels changed in {missed} but only {sent} was sent"
        )
        if sent and all(r.w * r.h < self.app.size[0] * self.app.size[1] for r in sent):
            self.partial.append(sent)
        self.before = self.app.screen.copy()
        self.frames += 1

    def run(self, seconds: float, what: str, dt: float = 0.02) -> None:
        for _ in range(round(seconds / dt)):
            self.app.services.clock.advance(dt)
            self.app.step([])
            self.check(what)

    def send(self, event: pygame.event.Event, what: str) -> None:
        send(self.app, event)
        self.check(what)


def open_call(app: Any) -> CallScene:
    app.reset(PickerScene(app))
    app.top.selected = next(i for i, c in enumerate(app.top.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, CallScene)
    return app.top


def test_every_changed_pixel_of_a_real_call_is_sent_to_the_display(
    make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(size=(1000, 640))
    call = open_call(app)
    app.render(force=True)
    display = Display(app, monkeypatch)
    display.shown = app.screen.copy()
    frames = Frames(app, display)

    frames.run(0.5, "the caption is revealed, the dots and the mouth move")
    assert call.talking and 0 < call.caption.revealed < len(call.line), (
        "the customer must still be talking"
    )
    dots_frames = [s for s in frames.partial if any(r == call.drawer.dots_rect for r in s)]
    assert dots_frames, "the typing dots must have been redrawn on their own in some frame"
    frames.run(6, "the first line ends")
    assert not call.talking

    mood = call.conv.mood
    frames.send(answer_key(call, 0), "the first answer")
    assert call.conv.mood != mood
    frames.run(3, "the mood meter moves and the next line is said")
    assert round(call.shown_mood) == call.conv.mood
    call.finish_line()
    frames.run(0.1, "the line is finished")
    assert call.lay.timer is not None, "the second line has a time limit"
    timer_frames = len(frames.partial)
    frames.run(2, "the answer timer runs down")
    assert any(call.lay.timer in s for s in frames.partial[timer_frames:]), (
        "the timer must have been redrawn on its own"
    )

    assert frames.frames > 400
    assert not unsent(display.shown, app.screen, [])  # what the window shows is the back buffer
    app.render(force=True)
    assert not unsent(display.shown, app.screen, []), (
        "the window after partial frames must equal a full redraw"
    )


def test_a_change_that_is_drawn_but_not_sent_is_caught() -> None:
    """The check itself: a dot drawn without sending its rectangle is found; sending it clears it."""
    pygame.init()
    before = pygame.Surface((200, 100))
    after = before.copy()
    pygame.draw.circle(after, (200, 200, 200), (150, 50), 3)
    missed = unsent(before, after, [pygame.Rect(0, 0, 100, 100)])
    assert missed and all(r.colliderect((147, 47, 7, 7)) for r in missed)
    assert unsent(before, after, [pygame.Rect(0, 0, 100, 100), pygame.Rect(140, 40, 20, 20)]) == []
    after.set_at((10, 90), (1, 0, 0))  # the smallest change counts too
    assert unsent(before, after, [pygame.Rect(140, 40, 20, 20)]) == [pygame.Rect(10, 90, 1, 1)]
