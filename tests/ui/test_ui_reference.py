"""Reference images guard the layout: compare screens with tests/reference/*.png within a small tolerance.

Regenerate after an intended change with ``UPDATE_REFERENCE=1 pytest tests/ui/test_ui_reference.py``.
On a mismatch a side-by-side image (reference | now | difference) is saved and its path is in the failure.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui_helpers import key, send, shown_number

from simulator.ui.launch import open_scenario
from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.scenes.settings import SettingsScene
from simulator.ui.settings import Settings

REFERENCE = Path(__file__).resolve().parent.parent / "reference"
SIZE = (800, 600)
# The lock pins pygame-ce and its freetype, so the same screen renders the same pixels; the tolerance only
# absorbs small anti-aliasing differences (a glyph edge a few levels lighter), never a moved text. A 2 px
# shift of the call screen's title changes about 600 (down) to 850 (sideways) pixels by more than 16 per
# channel, a 2 px shift of a single small digit 33 to 48: test_a_2px_shift_of_any_text_fails asserts both.
CHANNEL_TOLERANCE = 16  # per channel
PIXEL_SHARE = 0.00004  # at most 0.004% of the pixels (19 of 800x600) may differ by more than that


def allowed(surface: pygame.Surface) -> int:
    """How many pixels of a screen this size may differ by more than the channel tolerance."""
    return int(PIXEL_SHARE * surface.get_width() * surface.get_height())


def same_picture(a: pygame.Surface, b: pygame.Surface) -> bool:
    """True when ``a`` and ``b`` are the same picture within the tolerance."""
    return differing(a, b)[0] <= allowed(a)


def differing(a: pygame.Surface, b: pygame.Surface) -> tuple[int, pygame.Surface]:
    """How many pixels differ by more than the tolerance, and an image of the difference."""
    one = a.copy()
    one.blit(b, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    two = b.copy()
    two.blit(a, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    one.blit(two, (0, 0), special_flags=pygame.BLEND_RGB_ADD)  # |a - b| per channel
    same = pygame.mask.from_threshold(one, (0, 0, 0), (CHANNEL_TOLERANCE,) * 3 + (255,))
    return one.get_width() * one.get_height() - same.count(), one


def check(name: str, surface: pygame.Surface) -> None:
    """Compare with the stored reference (or write it when UPDATE_REFERENCE=1)."""
    path = REFERENCE / f"ui_{name}.png"
    shot = surface.copy().convert(24) if surface.get_bitsize() != 24 else surface.copy()
    if os.environ.get("UPDATE_REFERENCE") == "1" or not path.exists():
        assert os.environ.get("UPDATE_REFERENCE") == "1", (
            f"no reference image {path}; run with UPDATE_REFERENCE=1"
        )
        REFERENCE.mkdir(parents=True, exist_ok=True)
        pygame.image.save(shot, str(path))
        return
    ref = pygame.image.load(str(path)).convert(24)
    assert ref.get_size() == shot.get_size(), (
        f"{path} is {ref.get_size()}, the screen is {shot.get_size()}"
    )
    count, diff = differing(ref, shot)
    if count > allowed(ref):
        w, h = ref.get_size()
        side = pygame.Surface((w * 3, h))
        side.blit(ref, (0, 0))
        side.blit(shot, (w, 0))
        side.blit(diff, (w * 2, 0))
        out = Path(tempfile.mkdtemp(prefix="otl-ref-")) / f"{name}-reference-now-diff.png"
        pygame.image.save(side, str(out))
        raise AssertionError(
            f"{name}: {count} pixels differ from {path}; see {out} (UPDATE_REFERENCE=1 to accept)"
        )


def call_screen(make_app: Callable[..., Any]) -> tuple[Any, CallScene]:
    app = make_app(size=SIZE)
    app.reset(PickerScene(app))
    open_scenario(app, str(Path(__file__).parent / "fixtures" / "tiny.yaml"), "details")
    call = app.top
    assert isinstance(call, CallScene)
    call.finish_line()
    app.render(force=True)
    return app, call


def shifted(shot: pygame.Surface, box: pygame.Rect, dx: int, dy: int, fill: Any) -> pygame.Surface:
    """``shot`` with what is inside ``box`` moved by (dx, dy) within the box, the uncovered part filled."""
    out = shot.copy()
    out.fill(fill, box)
    out.set_clip(box)
    out.blit(shot, (box.x + dx, box.y + dy), box)
    out.set_clip(None)
    return out


def test_call_screen_layout(make_app: Callable[..., Any]) -> None:
    app, _ = call_screen(make_app)
    check("call_800x600", app.screen)


def test_a_2px_shift_of_any_text_fails_the_comparison(make_app: Callable[..., Any]) -> None:
    app, call = call_screen(make_app)
    shot = app.screen.copy()
    t, f = call.theme, call.fonts
    title = pygame.Rect(
        t.pad - 4, 0, f.get(t.heading, True).size(call.scenario.title)[0] + 8, call.lay.top_h - 2
    )
    for dx, dy in ((2, 0), (-2, 0), (0, 2), (0, -2)):
        moved = shifted(shot, title, dx, dy, t.palette.panel)
        assert differing(shot, moved)[0] > 20 * allowed(shot), f"the title moved by ({dx}, {dy})"
        assert not same_picture(shot, moved)
    # the smallest text there is: one digit in the small size, on the background
    plain = pygame.Surface(SIZE)
    plain.fill(t.palette.bg)
    text_surface = f.get(t.small).render("1", True, t.palette.text)
    plain.blit(text_surface, (100, 100))
    digit = pygame.Rect(96, 96, text_surface.get_width() + 8, text_surface.get_height() + 8)
    for dx, dy in ((2, 0), (0, 2)):
        assert not same_picture(plain, shifted(plain, digit, dx, dy, t.palette.bg)), (
            f"a digit moved by ({dx}, {dy})"
        )
    # harmless anti-aliasing differences pass: every pixel of the title a few levels off
    faint = shot.copy()
    faint.fill((CHANNEL_TOLERANCE - 4,) * 3, title, special_flags=pygame.BLEND_RGB_ADD)
    assert differing(shot, faint)[0] == 0 and same_picture(shot, faint)


def test_debrief_layout(make_app: Callable[..., Any]) -> None:
    app = make_app(size=SIZE)
    app.reset(PickerScene(app))
    open_scenario(app, str(Path(__file__).parent / "fixtures" / "tiny.yaml"))
    call = app.top
    call.choose(shown_number(call, 0))
    call.choose(shown_number(call, 1))
    call.finish_line()
    call.open_debrief()
    app.render(force=True)
    check("debrief_800x600", app.screen)


def test_settings_high_contrast_large_text_layout(make_app: Callable[..., Any]) -> None:
    app = make_app(size=SIZE, settings=Settings(voice=False, high_contrast=True, text_size="large"))
    app.reset(SettingsScene(app))
    send(app, key(pygame.K_DOWN))
    app.render(force=True)
    check("settings_contrast_large_800x600", app.screen)
