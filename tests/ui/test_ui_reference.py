"""Reference images guard the layout: compare screens with tests/reference/*.png within a small tolerance.

Regenerate after an intended change with ``UPDATE_REFERENCE=1 pytest tests/ui/test_ui_reference.py``.
On a mismatch a side-by-side image (reference | now | difference) is saved and its path is in the failure.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from ui_helpers import key, send, shown_number

from simulator.ui.launch import open_scenario
from simulator.ui.pg import pygame
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.scenes.settings import SettingsScene
from simulator.ui.settings import Settings

REFERENCE = Path(__file__).resolve().parent.parent / "reference"
SIZE = (800, 600)
CHANNEL_TOLERANCE = 48  # per channel: anti-aliasing may differ a little between builds
PIXEL_SHARE = 0.005  # at most 0.5% of the pixels may differ by more than that


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
        assert os.environ.get("UPDATE_REFERENCE") == "1", f"no reference image {path}; run with UPDATE_REFERENCE=1"
        REFERENCE.mkdir(parents=True, exist_ok=True)
        pygame.image.save(shot, str(path))
        return
    ref = pygame.image.load(str(path)).convert(24)
    assert ref.get_size() == shot.get_size(), f"{path} is {ref.get_size()}, the screen is {shot.get_size()}"
    count, diff = differing(ref, shot)
    if count > PIXEL_SHARE * ref.get_width() * ref.get_height():
        w, h = ref.get_size()
        side = pygame.Surface((w * 3, h))
        side.blit(ref, (0, 0))
        side.blit(shot, (w, 0))
        side.blit(diff, (w * 2, 0))
        out = Path(tempfile.mkdtemp(prefix="otl-ref-")) / f"{name}-reference-now-diff.png"
        pygame.image.save(side, str(out))
        raise AssertionError(f"{name}: {count} pixels differ from {path}; see {out} (UPDATE_REFERENCE=1 to accept)")


def test_call_screen_layout(make_app: Callable[..., Any]) -> None:
    app = make_app(size=SIZE)
    app.reset(PickerScene(app))
    open_scenario(app, str(Path(__file__).parent / "fixtures" / "tiny.yaml"), "details")
    call = app.top
    call.finish_line()
    app.render(force=True)
    check("call_800x600", app.screen)


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
