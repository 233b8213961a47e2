"""Memory the game keeps: bounded caches of rendered text and portraits, and no GL-backed window surface."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from simulator.paths import PROJECT_ROOT
from simulator.ui import portrait
from simulator.ui.fonts import MAX_RENDER_BYTES, MAX_RENDERS, Fonts
from simulator.ui.pg import pygame


def test_rendered_text_cache_is_bounded_by_bytes_as_well_as_count(
    make_app: Callable[..., Any],
) -> None:
    make_app()  # a window, so renders are converted to its format as in the game
    fonts = Fonts()
    long_line = "I have been waiting on hold for forty minutes and nobody has called me back " * 3
    for i in range(
        400
    ):  # a caption revealed letter by letter in huge text: many big distinct strings
        fonts.render(f"{i} {long_line}", 34, (0, 0, 0))
    assert 0 < fonts.cached_bytes <= MAX_RENDER_BYTES
    for i in range(MAX_RENDERS + 50):
        fonts.render(str(i), 12, (0, 0, 0))
    assert fonts.cached_renders <= MAX_RENDERS


def test_a_huge_portrait_png_is_kept_small_and_few_are_kept(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    make_app()
    portrait.forget_portrait_images()
    paths = []
    for i in range(portrait.MAX_IMAGES + 3):
        path = tmp_path / f"face{i}.png"
        pygame.image.save(pygame.Surface((2400, 1600)), str(path))
        paths.append(path)
    for path in paths:
        image, notice = portrait.load_portrait_image(str(path))
        assert notice is None and image is not None
        assert max(image.get_size()) == portrait.MAX_IMAGE_SIDE
        assert image.get_size()[0] > image.get_size()[1]  # the shape is kept
    assert portrait.cached_portrait_images() == portrait.MAX_IMAGES


# Run in a child under Xvfb: the dummy driver the other tests use never backs a window with a texture, so only a
# real X server shows the difference. SDL marks a texture-backed window surface with this window data.
GL_PROBE = """
import ctypes, sys, tempfile
from pathlib import Path
from simulator.clock import FakeClock
from simulator.store.memory_store import MemoryStore
from simulator.ui.app import App
from simulator.ui.services import Services
from simulator.ui.settings import Settings
from simulator.voice.base import SilentSpeaker

services = Services(SilentSpeaker(), MemoryStore(), FakeClock(), Settings(voice=False),
                    Path(tempfile.mkdtemp()) / "settings.json", new_seed=lambda: 1)
app = App(services, (320, 240))
sdl = ctypes.CDLL(next(w for w in open("/proc/self/maps").read().split() if "libSDL2" in w))
sdl.SDL_GetWindowFromID.restype = ctypes.c_void_p
sdl.SDL_GetWindowFromID.argtypes = [ctypes.c_uint32]
sdl.SDL_GetWindowData.restype = ctypes.c_void_p
sdl.SDL_GetWindowData.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
window = sdl.SDL_GetWindowFromID(1)
assert window, "no SDL window"
print("texture" if sdl.SDL_GetWindowData(window, b"_SDL_WindowTextureData") else "framebuffer")
app.close()
"""


def window_backing(tmp_path: Path, accelerate: str | None) -> str:
    """'texture' or 'framebuffer': how SDL backs the game window's surface on a real X server."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SDL_VIDEODRIVER", "SDL_FRAMEBUFFER_ACCELERATION")
    }
    env.update(
        {"ON_THE_LINE_CONFIG_DIR": str(tmp_path / "config"), "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    )
    if accelerate is not None:
        env["SDL_FRAMEBUFFER_ACCELERATION"] = accelerate
    # make test runs files in parallel (xdist): each xvfb-run starts its free-display search
    # at its own number, so two of them starting together never race for the same one.
    done = subprocess.run(
        ["xvfb-run", "-a", "-n", "170", sys.executable, "-c", GL_PROBE],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the GL backing is an X11 matter")
def test_the_window_surface_is_not_backed_by_gl_unless_asked(tmp_path: Path) -> None:
    assert window_backing(tmp_path, None) == "framebuffer"
    assert window_backing(tmp_path, "1") == "texture"  # the user's choice stands
