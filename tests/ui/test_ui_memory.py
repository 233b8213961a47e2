"""Memory the game keeps: bounded caches of rendered text and portraits, and no GL-backed window surface."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import pytest

from simulator.ui import portrait
from simulator.ui.fonts import MAX_RENDER_BYTES, MAX_RENDERS, Fonts
from simulator.ui.pg import pygame


def test_rendered_text_cache_is_bounded_by_bytes_as_well_as_count(make_app: Callable[..., Any]) -> None:
    make_app()  # a window, so renders are converted to its format as in the game
    fonts = Fonts()
    long_line = "I have been waiting on hold for forty minutes and nobody has called me back " * 3
    for i in range(400):  # a caption revealed letter by letter in huge text: many big distinct strings
        fonts.render(f"{i} {long_line}", 34, (0, 0, 0))
    assert 0 < fonts.cached_bytes <= MAX_RENDER_BYTES
    for i in range(MAX_RENDERS + 50):
        fonts.render(str(i), 12, (0, 0, 0))
    assert len(fonts._renders) <= MAX_RENDERS


def test_a_huge_portrait_png_is_kept_small_and_few_are_kept(make_app: Callable[..., Any], tmp_path: Path) -> None:
    make_app()
    portrait._image_cache.clear()
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
    assert len(portrait._image_cache) == portrait.MAX_IMAGES


def test_the_window_surface_is_not_backed_by_gl_unless_asked(make_app: Callable[..., Any],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SDL_FRAMEBUFFER_ACCELERATION", raising=False)
    make_app()
    assert os.environ["SDL_FRAMEBUFFER_ACCELERATION"] == "0"
    monkeypatch.setenv("SDL_FRAMEBUFFER_ACCELERATION", "1")
    make_app()
    assert os.environ["SDL_FRAMEBUFFER_ACCELERATION"] == "1"  # the user's choice stands
