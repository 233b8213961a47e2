"""Partial frames: while the customer talks only the changed parts are redrawn and sent, and the result
is the same picture a full redraw makes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui_helpers import key, send

from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.picker import PickerScene


def open_call(app: Any) -> CallScene:
    app.reset(PickerScene(app))
    app.top.selected = next(i for i, c in enumerate(app.top.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, CallScene)
    return app.top


def differing_pixels(a: pygame.Surface, b: pygame.Surface) -> int:
    """How many pixels of ``a`` and ``b`` differ by more than a rounding error."""
    diff = a.copy()
    diff.blit(b, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    back = b.copy()
    back.blit(a, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    diff.blit(back, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
    same = pygame.mask.from_threshold(diff, (0, 0, 0, 255), (3, 3, 3, 255)).count()
    return diff.get_width() * diff.get_height() - same


def test_talking_frames_redraw_only_small_parts_and_match_a_full_redraw(
    make_app: Callable[..., Any],
) -> None:
    app = make_app(size=(1000, 640))
    call = open_call(app)
    app.render(force=True)
    sent: list[list[pygame.Rect]] = []
    real_update = pygame.display.update

    def spy(rects: Any = None) -> None:
        sent.append(
            [pygame.Rect(r) for r in rects] if rects is not None else [pygame.Rect(0, 0, *app.size)]
        )
        real_update(rects)

    pygame.display.update = spy  # type: ignore[assignment]
    try:
        for _ in range(25):  # half a second of talking at 50 fps
            app.services.clock.advance(0.02)
            app.step([])
    finally:
        pygame.display.update = real_update  # type: ignore[assignment]
    assert call.talking and 0 < call.caption.revealed < len(call.line)
    assert sent, "the caption and the dots must reach the screen"
    area = app.size[0] * app.size[1]
    assert all(sum(r.w * r.h for r in rects) < area * 0.1 for rects in sent)
    partial = app.screen.copy()
    app.render(force=True)
    assert differing_pixels(partial, app.screen) == 0


def test_a_frame_where_nothing_visible_changed_sends_nothing(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_call(app)
    app.render(force=True)
    call.finish_line()
    app.services.clock.advance(1)
    app.step([])
    assert not call.dirty
    assert app.render() is False
