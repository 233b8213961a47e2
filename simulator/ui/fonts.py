"""The shipped font (DejaVu Sans, wide glyph coverage), with pygame's default font as the fallback."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from simulator.paths import ASSETS_DIR
from simulator.ui.pg import pygame
from simulator.ui.text import wrap

FONT_DIR = ASSETS_DIR / "fonts"
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
Colour = tuple[int, int, int]
MAX_RENDERS = 1500  # rendered strings kept; most screens draw a few hundred
MAX_RENDER_BYTES = (
    24 * 1024 * 1024
)  # and at most this many pixel bytes (long lines in huge text are big)
MAX_WRAPS = 800


class Fonts:
    """Fonts by size and weight, and a cache of rendered text (most text is drawn many times)."""

    def __init__(self, folder: Path = FONT_DIR) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.folder = folder
        self.notice: str | None = None
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._renders: OrderedDict[tuple[str, int, bool, Colour], pygame.Surface] = OrderedDict()
        self._render_bytes = 0
        self._wraps: OrderedDict[tuple[str, int, bool, int], list[str]] = OrderedDict()
        self._paths = {False: folder / REGULAR, True: folder / BOLD}
        for bold, path in list(self._paths.items()):
            try:
                # a corrupt file opens fine and fails only when drawing, so draw something
                pygame.font.Font(str(path), 12).render("Aé", True, (0, 0, 0))
            except (OSError, pygame.error, FileNotFoundError) as exc:
                self._paths[bold] = None  # type: ignore[assignment]
                self.notice = (
                    f"Font {path} could not be loaded ({exc}); "
                    "using a basic font, some letters may be missing."
                )

    def get(self, size: int, bold: bool = False) -> pygame.font.Font:
        """The font at ``size`` pixels."""
        key = (size, bold)
        font = self._fonts.get(key)
        if font is None:
            path = self._paths.get(bold) or self._paths.get(False)
            try:
                font = pygame.font.Font(str(path) if path else None, size)
            except (OSError, pygame.error):
                font = pygame.font.Font(None, size)
            if path is None and bold:
                font.set_bold(True)
            self._fonts[key] = font
        return font

    def render(self, text: str, size: int, colour: Colour, bold: bool = False) -> pygame.Surface:
        """``text`` drawn in ``colour``, cached (the cache forgets the oldest of many)."""
        key = (text, size, bold, (colour[0], colour[1], colour[2]))
        surf = self._renders.get(key)
        if surf is None:
            surf = self.get(size, bold).render(text, True, colour)
            if pygame.display.get_surface() is not None:
                surf = (
                    surf.convert_alpha()
                )  # the window's format: each later blit copies without converting
            self._renders[key] = surf
            self._render_bytes += _bytes(surf)
            while len(self._renders) > 1 and (
                len(self._renders) > MAX_RENDERS or self._render_bytes > MAX_RENDER_BYTES
            ):
                _key, old = self._renders.popitem(last=False)
                self._render_bytes -= _bytes(old)
        else:
            self._renders.move_to_end(key)
        return surf

    def wrap(self, text: str, size: int, width: int, bold: bool = False) -> list[str]:
        """``text`` wrapped to ``width`` pixels (cached)."""
        key = (text, size, bold, width)
        lines = self._wraps.get(key)
        if lines is None:
            lines = wrap(self.get(size, bold), text, width)
            self._wraps[key] = lines
            if len(self._wraps) > MAX_WRAPS:
                self._wraps.popitem(last=False)
        return lines

    def width(self, text: str, size: int, bold: bool = False) -> int:
        """Width of one line of ``text`` in pixels."""
        return int(self.get(size, bold).size(text)[0])

    @property
    def cached_renders(self) -> int:
        """How many rendered strings the cache holds (bounded by MAX_RENDERS)."""
        return len(self._renders)

    @property
    def cached_bytes(self) -> int:
        """Pixel bytes held by the render cache (bounded by MAX_RENDER_BYTES)."""
        return self._render_bytes

    def line_height(self, size: int, bold: bool = False) -> int:
        """Distance between baselines of wrapped lines."""
        return round(self.get(size, bold).get_linesize() * 1.12)


def _bytes(surf: pygame.Surface) -> int:
    return surf.get_pitch() * surf.get_height()
