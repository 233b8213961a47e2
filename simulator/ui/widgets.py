"""Small drawing pieces shared by the screens: panels, buttons, text blocks, meters, stars."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.ui.fonts import Fonts
from simulator.ui.measure import button_height, button_width
from simulator.ui.pg import pygame
from simulator.ui.text import ELLIPSIS, shorten
from simulator.ui.theme import Colour, Theme, mix

Rect = pygame.Rect


def panel(
    surf: pygame.Surface,
    theme: Theme,
    rect: Rect,
    fill: Colour | None = None,
    border: Colour | None = None,
    radius: int | None = None,
) -> None:
    """A rounded card with a hairline border."""
    p = theme.palette
    r = theme.radius if radius is None else radius
    pygame.draw.rect(surf, fill or p.panel, rect, border_radius=r)
    pygame.draw.rect(surf, border or p.border, rect, width=theme.line_width, border_radius=r)


def text(
    surf: pygame.Surface,
    fonts: Fonts,
    s: str,
    pos: tuple[int, int],
    size: int,
    colour: Colour,
    bold: bool = False,
    anchor: str = "topleft",
) -> Rect:
    """One line of text placed by ``anchor``; returns where it went."""
    img = fonts.render(s, size, colour, bold)
    rect = img.get_rect(**{anchor: pos})
    surf.blit(img, rect)
    return rect


def ellipsize(fonts: Fonts, s: str, size: int, width: int, bold: bool = False) -> str:
    """``s`` cut at a word boundary with an ellipsis to fit ``width`` pixels (never mid-word)."""
    return shorten(fonts.get(size, bold), s, width)


def fitting(fonts: Fonts, options: list[str], size: int, width: int, bold: bool = False) -> str:
    """The first of ``options`` (longest first) that fits ``width`` pixels, else the last one cut with an ellipsis."""
    font = fonts.get(size, bold)
    for option in options:
        if font.size(option)[0] <= width:
            return option
    return ellipsize(fonts, options[-1], size, width, bold)


def text_block(
    surf: pygame.Surface | None,
    fonts: Fonts,
    s: str,
    x: int,
    y: int,
    width: int,
    size: int,
    colour: Colour = (0, 0, 0),
    bold: bool = False,
    max_chars: int | None = None,
    max_lines: int | None = None,
) -> int:
    """Wrapped text from (x, y); draws only the first ``max_chars`` characters; returns the height used.

    Pass ``surf=None`` to measure without drawing.
    """
    lines = fonts.wrap(s, size, width, bold)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        # the last line kept ends in an ellipsis after a whole word: the rest is on hover or focus
        lines[-1] = ellipsize(fonts, f"{lines[-1]} {ELLIPSIS}", size, width, bold)
        if not lines[-1].endswith(ELLIPSIS):
            lines[-1] += ELLIPSIS
    lh = fonts.line_height(size, bold)
    left = max_chars
    for i, line in enumerate(lines):
        if surf is not None and line:
            shown = line
            if left is not None:
                shown = line[: max(0, left)]
                left -= len(line) + 1
            if shown:
                surf.blit(fonts.render(shown, size, colour, bold), (x, y + i * lh))
    return len(lines) * lh


@dataclass
class Button:
    """A clickable, focusable button; ``hotkey`` is shown as a small hint."""

    label: str
    action: Callable[[], None]
    hotkey: str = ""
    kind: str = "normal"  # primary, normal, quiet
    rect: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))
    enabled: bool = True
    id: str = (
        ""  # what the button is, whatever its label says now (labels shorten in narrow windows)
    )

    def width_for(self, fonts: Fonts, theme: Theme) -> int:
        """The width the label needs."""
        return button_width(fonts, theme, self.label, self.hotkey)

    def draw(
        self, surf: pygame.Surface, fonts: Fonts, theme: Theme, hovered: bool, focused: bool
    ) -> None:
        """Draw in the state given."""
        p = theme.palette
        if self.kind == "primary":
            fill, fg, border = p.accent, p.accent_text, p.accent
            if hovered:
                fill = mix(p.accent, p.text, 0.18)
        elif self.kind == "quiet":
            fill, fg, border = p.bg, p.text, p.border
            if hovered:
                fill = p.accent_soft
        else:
            fill, fg, border = p.panel, p.text, p.border
            if hovered:
                fill = p.accent_soft
        if not self.enabled:
            fg = p.dim
        r = self.rect
        pygame.draw.rect(surf, fill, r, border_radius=theme.radius)
        pygame.draw.rect(surf, border, r, width=theme.line_width, border_radius=theme.radius)
        if focused:
            ring = r.inflate(theme.px(8), theme.px(8))
            pygame.draw.rect(
                surf,
                p.focus,
                ring,
                width=2 if not theme.high_contrast else 3,
                border_radius=theme.radius + 4,
            )
        label = fonts.render(self.label, theme.body, fg, True)
        if self.hotkey:
            hint = fonts.render(self.hotkey, theme.small, mix(fg, fill, 0.35))
            total = label.get_width() + theme.px(10) + hint.get_width()
            x = r.centerx - total // 2
            surf.blit(label, label.get_rect(midleft=(x, r.centery)))
            surf.blit(
                hint, hint.get_rect(midleft=(x + label.get_width() + theme.px(10), r.centery + 1))
            )
        else:
            surf.blit(label, label.get_rect(center=r.center))


def hotkey_button(buttons: list[Button], key: int) -> Button | None:
    """The enabled button whose one-letter hotkey (e.g. 'S') is ``key``; Enter, Esc and F5 are the scenes' own."""
    name = pygame.key.name(key).lower()
    return next(
        (b for b in buttons if b.enabled and len(b.hotkey) == 1 and b.hotkey.lower() == name), None
    )


def layout_row(
    buttons: list[Button], fonts: Fonts, theme: Theme, right: int, y: int, gap: int | None = None
) -> None:
    """Place buttons in a row ending at ``right``."""
    gap = theme.pad if gap is None else gap
    x = right
    for b in reversed(buttons):
        w = b.width_for(fonts, theme)
        x -= w
        b.rect = Rect(x, y, w, button_height(theme))
        x -= gap


def layout_centered(
    buttons: list[Button], fonts: Fonts, theme: Theme, centre_x: int, y: int
) -> int:
    """Place buttons in a centred row; returns the row's bottom."""
    gap = theme.pad
    widths = [b.width_for(fonts, theme) for b in buttons]
    x = centre_x - (sum(widths) + gap * (len(buttons) - 1)) // 2
    for b, w in zip(buttons, widths, strict=True):
        b.rect = Rect(x, y, w, button_height(theme))
        x += w + gap
    return y + button_height(theme)


def meter_texts(
    fonts: Fonts,
    theme: Theme,
    width: int,
    label: str,
    value_text: str,
    short_value: str | None = None,
) -> tuple[str, str]:
    """The label and value a meter ``width`` wide shows on one row without them touching: the short value
    when the full one does not fit, then the value and finally the label cut with an ellipsis."""
    gap = theme.px(8)
    lw = fonts.get(theme.small, True).size(label)[0]
    small = fonts.get(theme.small)
    if lw + gap + small.size(value_text)[0] > width and short_value is not None:
        value_text = short_value
    if lw + gap + small.size(value_text)[0] > width:
        value_text = ellipsize(fonts, value_text, theme.small, max(width // 2, width - lw - gap))
        vw = small.size(value_text)[0]
        if lw + gap + vw > width:
            label = ellipsize(fonts, label, theme.small, max(1, width - vw - gap), True)
    return label, value_text


def meter(
    surf: pygame.Surface,
    fonts: Fonts,
    theme: Theme,
    rect: Rect,
    fraction: float,
    colour: Colour,
    label: str,
    value_text: str,
    centred: bool = False,
    short_value: str | None = None,
) -> None:
    """A labelled horizontal bar; ``centred`` bars grow from the middle (for -100..100 values).

    Label and value share the row above the bar; ``short_value`` is shown when the full value would touch the label.
    """
    p = theme.palette
    label, value_text = meter_texts(fonts, theme, rect.w, label, value_text, short_value)
    text(surf, fonts, label, (rect.x, rect.y), theme.small, p.dim, bold=True)
    text(surf, fonts, value_text, (rect.right, rect.y), theme.small, p.text, anchor="topright")
    bar = Rect(rect.x, rect.y + fonts.line_height(theme.small) + theme.px(2), rect.w, theme.px(10))
    pygame.draw.rect(
        surf, p.panel_alt if not theme.high_contrast else p.bg, bar, border_radius=bar.h // 2
    )
    if centred:
        mid = bar.centerx
        w = round(abs(fraction) * bar.w / 2)
        fill = Rect(mid, bar.y, w, bar.h) if fraction >= 0 else Rect(mid - w, bar.y, w, bar.h)
        if w:
            pygame.draw.rect(surf, colour, fill, border_radius=bar.h // 2)
        pygame.draw.line(surf, p.dim, (mid, bar.y - 2), (mid, bar.bottom + 1), 1)
    else:
        w = round(max(0.0, min(1.0, fraction)) * bar.w)
        if w:
            pygame.draw.rect(surf, colour, Rect(bar.x, bar.y, w, bar.h), border_radius=bar.h // 2)
    pygame.draw.rect(surf, p.border, bar, width=1, border_radius=bar.h // 2)


def star_points(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star."""
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.45
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts


def stars(surf: pygame.Surface, theme: Theme, x: int, cy: int, count: int, size: int) -> int:
    """``count`` of five stars filled; returns the width used."""
    p = theme.palette
    gold = (222, 166, 40) if not theme.high_contrast else p.accent
    for i in range(5):
        pts = star_points(x + size / 2 + i * size * 1.15, cy, size / 2)
        if i < count:
            pygame.draw.polygon(surf, gold, pts)
        pygame.draw.polygon(surf, gold if i < count else p.dim, pts, width=1 if i < count else 2)
    return round(size * 1.15 * 5)


def shade(surf: pygame.Surface, theme: Theme) -> None:
    """Dim everything below a modal."""
    veil = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
    veil.fill(theme.palette.shade)
    surf.blit(veil, (0, 0))


def grade_colour(theme: Theme, percent: float | None, pass_mark: float = 70.0) -> Colour:
    """Green at or above the pass mark, amber close to it, red well below."""
    p = theme.palette
    if percent is None:
        return p.dim
    if percent >= pass_mark:
        return p.good
    if percent >= pass_mark - 20:
        return p.warn
    return p.bad
