"""Word wrapping, the shipped font's glyph coverage, and the fallback when the font is missing."""

from __future__ import annotations

from pathlib import Path

from simulator.ui.fonts import Fonts
from simulator.ui.pg import pygame
from simulator.ui.text import wrap

SAMPLES = ["Zoë Müller", "Straße", "mañana", "Привет", "Καλημέρα", "مرحبا"]


def test_wrap_keeps_every_word_and_fits_the_width() -> None:
    fonts = Fonts()
    font = fonts.get(20)
    text = "Three weeks! " * 6 + "Supercalifragilisticexpialidociousnessxxxxxxxxxxxxxxxx end"
    lines = wrap(font, text, 180)
    assert all(font.size(line)[0] <= 180 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) > 3


def test_wrap_keeps_explicit_newlines_and_empty_text() -> None:
    font = Fonts().get(16)
    assert wrap(font, "one\ntwo", 500) == ["one", "two"]
    assert wrap(font, "", 500) == [""]


def test_accented_and_non_latin_text_render_with_real_glyphs() -> None:
    fonts = Fonts()
    font = fonts.get(24)
    for sample in SAMPLES:
        assert all(m is not None for m in font.metrics(sample)), f"missing glyphs in {sample!r}"
        surf = fonts.render(sample, 24, (0, 0, 0))
        assert surf.get_width() > 10
        assert pygame.mask.from_surface(surf).count() > 0


def test_missing_font_falls_back_with_a_notice(tmp_path: Path) -> None:
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"not a font")
    fonts = Fonts(tmp_path)
    assert fonts.notice is not None and "DejaVuSans" in fonts.notice
    assert fonts.render("still works", 20, (0, 0, 0)).get_width() > 0
