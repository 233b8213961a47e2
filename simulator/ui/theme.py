"""Colours and sizes: a calm default palette and a high-contrast one, scaled by the text-size setting."""

from __future__ import annotations

from dataclasses import dataclass

Colour = tuple[int, int, int]


def hex_colour(text: str, fallback: Colour = (128, 128, 128)) -> Colour:
    """'#rrggbb' (or '#rgb') as an RGB tuple; ``fallback`` when it does not parse."""
    s = text.strip().lstrip("#")
    if len(s) == 3:
        s = "".join(c * 2 for c in s)
    try:
        return (int(s[0:2], 16), int(s[2:4], 16), int(s[4:6], 16)) if len(s) == 6 else fallback
    except ValueError:
        return fallback


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """The colour ``t`` of the way from ``a`` to ``b``."""
    t = max(0.0, min(1.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


@dataclass(frozen=True)
class Palette:
    """Every colour a screen uses, by role."""

    bg: Colour
    panel: Colour
    panel_alt: Colour
    border: Colour
    text: Colour
    dim: Colour
    accent: Colour
    accent_text: Colour
    accent_soft: Colour
    good: Colour
    warn: Colour
    bad: Colour
    focus: Colour
    shade: tuple[int, int, int, int]
    chart: tuple[Colour, ...]


CALM = Palette(
    bg=(239, 236, 230),
    panel=(252, 251, 248),
    panel_alt=(246, 243, 237),
    border=(218, 212, 201),
    text=(33, 41, 51),
    dim=(98, 108, 122),
    accent=(44, 110, 115),
    accent_text=(255, 255, 255),
    accent_soft=(220, 235, 233),
    good=(56, 135, 86),
    warn=(196, 134, 40),
    bad=(178, 72, 72),
    focus=(44, 110, 115),
    shade=(24, 30, 38, 140),
    chart=(
        (44, 110, 115),
        (196, 110, 60),
        (90, 100, 180),
        (170, 70, 120),
        (90, 150, 60),
        (120, 120, 120),
    ),
)

HIGH_CONTRAST = Palette(
    bg=(0, 0, 0),
    panel=(0, 0, 0),
    panel_alt=(20, 20, 20),
    border=(255, 255, 255),
    text=(255, 255, 255),
    dim=(230, 230, 230),
    accent=(255, 214, 0),
    accent_text=(0, 0, 0),
    accent_soft=(60, 50, 0),
    good=(80, 255, 140),
    warn=(255, 200, 0),
    bad=(255, 110, 110),
    focus=(255, 214, 0),
    shade=(0, 0, 0, 200),
    chart=(
        (255, 214, 0),
        (0, 220, 255),
        (255, 120, 255),
        (120, 255, 120),
        (255, 150, 80),
        (255, 255, 255),
    ),
)


@dataclass(frozen=True)
class Theme:
    """A palette plus sizes derived from the text scale."""

    palette: Palette
    scale: float = 1.0
    high_contrast: bool = False

    def px(self, n: float) -> int:
        """A size in pixels, scaled with the text."""
        return max(1, round(n * self.scale))

    @property
    def body(self) -> int:
        """Body text size."""
        return self.px(19)

    @property
    def small(self) -> int:
        """Small print size."""
        return self.px(15)

    @property
    def caption(self) -> int:
        """Size of the customer's words."""
        return self.px(24)

    @property
    def heading(self) -> int:
        """Section heading size."""
        return self.px(24)

    @property
    def title(self) -> int:
        """Screen title size."""
        return self.px(34)

    @property
    def pad(self) -> int:
        """Standard spacing."""
        return self.px(16)

    @property
    def radius(self) -> int:
        """Corner radius of panels and buttons."""
        return 0 if self.high_contrast else 10

    @property
    def line_width(self) -> int:
        """Border width of panels."""
        return 2 if self.high_contrast else 1

    # --- named metrics: every size a screen uses, scaled with the text ----------------

    @property
    def nudge(self) -> int:
        """A small offset that keeps an edge off a border (cards in their area, a button off a card)."""
        return self.px(4)

    @property
    def hairline(self) -> int:
        """The slack left between scrolled cards and their area's edge."""
        return self.px(2)

    @property
    def chip_pad(self) -> int:
        """Extra height of a pill (the kind chip, the captions-only badge) over its text line."""
        return self.px(6)

    @property
    def card_gap(self) -> int:
        """Space between two answer cards."""
        return self.px(10)

    @property
    def answer_badge(self) -> int:
        """Side of the number badge on an answer card."""
        return self.px(34)

    @property
    def scroll_step(self) -> int:
        """Pixels one wheel notch scrolls a list."""
        return self.px(40)

    @property
    def column_min(self) -> int:
        """Narrowest customer column of the two-column call screen."""
        return self.px(200)

    @property
    def column_max(self) -> int:
        """Widest customer column of the two-column call screen."""
        return self.px(380)

    @property
    def answers_min_width(self) -> int:
        """Narrower than this, the answers take the whole width and the customer goes into a strip above."""
        return self.px(440)

    @property
    def answer_column_min(self) -> int:
        """Answers go side by side in two columns only when each column is at least this wide."""
        return self.px(320)

    @property
    def face_min(self) -> int:
        """Below this size the role line goes so the face stays recognisable."""
        return self.px(64)

    @property
    def face_floor(self) -> int:
        """The smallest face ever drawn."""
        return self.px(40)

    @property
    def strip_text_min(self) -> int:
        """Narrowest name and status column in the customer strip."""
        return self.px(80)

    @property
    def dot_radius(self) -> int:
        """Radius of a typing dot."""
        return self.px(4)

    @property
    def dots_gap(self) -> int:
        """Space between the speaker's name and the typing dots."""
        return self.px(12)

    @property
    def tail_half(self) -> int:
        """Half the height of the speech bubble's tail."""
        return self.px(10)

    @property
    def tail_length(self) -> int:
        """How far the speech bubble's tail reaches out."""
        return self.px(12)

    @property
    def tail_inset(self) -> int:
        """The tail's closest approach to the bubble's corners."""
        return self.px(14)

    @property
    def min_label(self) -> int:
        """The least width a cut-short label keeps."""
        return self.px(40)

    @property
    def min_title(self) -> int:
        """The least width a cut-short title keeps."""
        return self.px(60)

    @property
    def note_width(self) -> int:
        """Widest pop-up note (the captions-only reason)."""
        return self.px(440)


def make_theme(high_contrast: bool, scale: float) -> Theme:
    """The theme for the current settings."""
    return Theme(HIGH_CONTRAST if high_contrast else CALM, scale, high_contrast)
