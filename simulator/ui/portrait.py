"""The customer's face, drawn in code from the persona's portrait settings, with an expression per mood.

A persona may name a PNG instead (``portrait.image`` under assets/); when it is
missing or cannot be read, the drawn face is used and a notice says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from simulator.paths import ASSETS_DIR
from simulator.scenario.model import Portrait
from simulator.ui.pg import pygame
from simulator.ui.theme import Colour, hex_colour, mix

SUPERSAMPLE = 2  # draw large and scale down: pygame's shapes have no anti-aliasing

# brow tilt (positive: inner ends down, a frown), brow lift, mouth curve (positive: smile), mouth open, eye squint
_FACE: dict[str, tuple[float, float, float, float, float]] = {
    "furious": (0.55, -0.02, -0.9, 0.35, 0.55),
    "angry": (0.38, 0.0, -0.6, 0.0, 0.3),
    "annoyed": (0.16, 0.0, -0.25, 0.0, 0.15),
    "neutral": (0.0, 0.0, 0.05, 0.0, 0.0),
    "pleased": (-0.1, 0.02, 0.55, 0.0, 0.0),
    "delighted": (-0.18, 0.05, 0.9, 0.45, 0.0),
}

# the part of the portrait (as fractions of its size) where the mouth opens and closes while talking
MOUTH_BOX = (0.36, 0.48, 0.28, 0.2)

_cache: dict[tuple, pygame.Surface] = {}
_image_cache: dict[str, pygame.Surface] = {}
MAX_IMAGE_SIDE = (
    512  # portraits are drawn at most ~400 px: a 4000 px photo is kept no larger than this
)
MAX_IMAGES = 8  # scenarios with their own PNG whose images stay loaded


def load_portrait_image(
    image: str | None, scenario_path: str | Path | None = None, assets: Path = ASSETS_DIR
) -> tuple[pygame.Surface | None, str | None]:
    """The persona's PNG (beside the scenario, else under assets/, as the validator looks for it), or None and a
    notice when it is missing or unreadable (None, None when the persona has no image)."""
    if not image:
        return None, None
    if Path(image).is_absolute():
        path = Path(image)
    else:
        beside = Path(scenario_path).parent / image if scenario_path else None
        path = beside if beside is not None and beside.is_file() else assets / image
    surf = _image_cache.get(str(path))
    if surf is None:
        try:
            surf = _fast(_shrunk(pygame.image.load(str(path))))
            if len(_image_cache) >= MAX_IMAGES:
                _image_cache.pop(next(iter(_image_cache)))  # the oldest
            _image_cache[str(path)] = (
                surf  # only a good image is kept: a fixed file is read again after F5
            )
        except (pygame.error, OSError, ValueError):
            surf = None
    if surf is None:
        what = "is missing" if not path.is_file() else "cannot be read as an image"
        return (
            None,
            f"Portrait image {path} {what}; showing a drawn face instead. Check the scenario's portrait: image.",
        )
    return surf, None


def cached_portrait_images() -> int:
    """How many portrait PNGs are kept loaded (bounded by MAX_IMAGES)."""
    return len(_image_cache)


def forget_portrait_images() -> None:
    """Drop every loaded portrait PNG (the next call reads its file again)."""
    _image_cache.clear()


def _shrunk(image: pygame.Surface) -> pygame.Surface:
    """``image`` scaled down so its longer side is at most MAX_IMAGE_SIDE (memory is width x height x 4)."""
    w, h = image.get_size()
    k = MAX_IMAGE_SIDE / max(w, h, 1)
    if k >= 1:
        return image
    if image.get_bitsize() < 24:
        image = (
            image.convert_alpha() if pygame.display.get_surface() is not None else image.convert(32)
        )
    return pygame.transform.smoothscale(image, (max(1, round(w * k)), max(1, round(h * k))))


def mouth_box(portrait: pygame.Rect) -> pygame.Rect:
    """The screen area of ``portrait`` that changes when the mouth opens or closes (all that a talking frame sends)."""
    x, y, w, h = MOUTH_BOX
    return pygame.Rect(
        portrait.x + int(portrait.w * x),
        portrait.y + int(portrait.h * y),
        int(portrait.w * w) + 2,
        int(portrait.h * h) + 2,
    )


def _fast(surf: pygame.Surface) -> pygame.Surface:
    """``surf`` in the window's pixel format, so blitting it each frame needs no conversion."""
    return surf.convert_alpha() if pygame.display.get_surface() is not None else surf


def portrait_surface(
    portrait: Portrait,
    expression: str,
    size: int,
    mouth_open: bool = False,
    backdrop: Colour = (230, 226, 218),
    image: pygame.Surface | None = None,
) -> pygame.Surface:
    """The portrait at ``size`` pixels square, cached."""
    key = (
        id(image),
        portrait.skin,
        portrait.hair,
        portrait.hair_style,
        portrait.shirt,
        portrait.glasses,
        portrait.beard,
        expression,
        size,
        mouth_open,
        backdrop,
    )
    surf = _cache.get(key)
    if surf is None:
        if image is not None:
            surf = _fit_image(image, size, backdrop)
        else:
            big = _draw_face(portrait, expression, size * SUPERSAMPLE, mouth_open, backdrop)
            surf = pygame.transform.smoothscale(big, (size, size))
        surf = _fast(surf)
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = surf
    return surf


def _fit_image(image: pygame.Surface, size: int, backdrop: Colour) -> pygame.Surface:
    out = pygame.Surface((size, size), pygame.SRCALPHA)
    w, h = image.get_size()
    k = size / max(1, max(w, h))
    scaled = pygame.transform.smoothscale(
        _fast(image), (max(1, round(w * k)), max(1, round(h * k)))
    )
    out.fill((*backdrop, 255))
    out.blit(scaled, scaled.get_rect(center=(size // 2, size // 2)))
    return out


@dataclass(frozen=True)
class _Face:
    """What every part of a drawn face is placed and coloured by: its size, head and expression."""

    p: Portrait
    expression: str
    s: int  # the side of the square surface
    cx: int
    head: pygame.Rect
    skin: Colour
    hair: Colour
    shirt: Colour
    shadow: Colour
    ink: Colour
    tilt: float
    lift: float
    curve: float
    open_amount: float
    squint: float

    @property
    def head_w(self) -> int:
        """The head's width."""
        return self.head.w

    @property
    def head_h(self) -> int:
        """The head's height."""
        return self.head.h

    @property
    def eye_y(self) -> int:
        """The row the eyes sit on."""
        return self.head.centery - int(self.head_h * 0.02)

    @property
    def eye_dx(self) -> int:
        """How far each eye is from the middle."""
        return int(self.head_w * 0.2)


def _face(p: Portrait, expression: str, s: int) -> _Face:
    tilt, lift, curve, open_amount, squint = _FACE.get(expression, _FACE["neutral"])
    skin = hex_colour(p.skin, (198, 142, 106))
    hair = hex_colour(p.hair, (59, 42, 32))
    head = pygame.Rect(0, 0, int(s * 0.36), int(s * 0.46))
    head.center = (s // 2, int(s * 0.45))
    return _Face(
        p=p,
        expression=expression,
        s=s,
        cx=s // 2,
        head=head,
        skin=skin,
        hair=hair,
        shirt=hex_colour(p.shirt, (74, 111, 165)),
        shadow=mix(skin, (40, 25, 20), 0.22),
        ink=mix(hair, (20, 16, 14), 0.55),
        tilt=tilt,
        lift=lift,
        curve=curve,
        open_amount=open_amount,
        squint=squint,
    )


def _draw_face(
    p: Portrait, expression: str, s: int, mouth_open: bool, backdrop: Colour
) -> pygame.Surface:
    """The face drawn in code, back to front, kept inside its disc."""
    face = _face(p, expression, s)
    surf = pygame.Surface((s, s), pygame.SRCALPHA)
    _draw_backdrop(surf, face, backdrop)
    _draw_back_hair(surf, face)
    _draw_body(surf, face)
    _draw_head(surf, face)
    _draw_top_hair(surf, face)
    _draw_beard(surf, face)
    _draw_cheeks(surf, face)
    _draw_eyes(surf, face)
    _draw_nose(surf, face)
    _draw_mouth(surf, face, mouth_open)
    _draw_glasses(surf, face)
    # keep everything inside the disc
    mask = pygame.Surface((s, s), pygame.SRCALPHA)
    pygame.draw.circle(mask, (255, 255, 255, 255), (s // 2, s // 2), s // 2)
    surf.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    return surf


def _draw_backdrop(surf: pygame.Surface, f: _Face, backdrop: Colour) -> None:
    """The backdrop disc, tinted by mood so a change reads at a glance."""
    s = f.s
    mood_tint = {
        "furious": (214, 120, 110),
        "angry": (222, 160, 140),
        "annoyed": (226, 200, 170),
        "pleased": (180, 214, 190),
        "delighted": (160, 214, 180),
    }.get(f.expression, backdrop)
    pygame.draw.circle(surf, mix(backdrop, mood_tint, 0.55), (s // 2, s // 2), s // 2)


def _draw_back_hair(surf: pygame.Surface, f: _Face) -> None:
    """Long hair and a ponytail sit behind the head."""
    s, cx, head, head_w, head_h = f.s, f.cx, f.head, f.head_w, f.head_h
    if f.p.hair_style == "long":
        back = pygame.Rect(0, 0, int(head_w * 1.3), int(head_h * 1.15))
        back.midtop = (cx, head.top - int(s * 0.02))
        pygame.draw.rect(surf, f.hair, back, border_radius=int(head_w * 0.5))
    elif f.p.hair_style == "ponytail":
        tail = pygame.Rect(0, 0, int(head_w * 0.36), int(head_h * 0.75))
        tail.midtop = (head.right - int(head_w * 0.02), head.top + int(head_h * 0.2))
        pygame.draw.ellipse(surf, f.hair, tail)


def _draw_body(surf: pygame.Surface, f: _Face) -> None:
    """Shoulders, shirt, neck and collar (the disc's mask clips them later)."""
    s, cx, head, head_w = f.s, f.cx, f.head, f.head_w
    body = pygame.Rect(0, 0, int(s * 0.8), int(s * 0.5))
    body.midtop = (cx, int(s * 0.74))
    pygame.draw.ellipse(surf, f.shirt, body)
    neck = pygame.Rect(0, 0, int(head_w * 0.42), int(s * 0.14))
    neck.midtop = (cx, head.bottom - int(s * 0.05))
    pygame.draw.rect(surf, f.shadow, neck)
    collar = [
        (cx - neck.w * 0.75, body.top + s * 0.012),
        (cx, body.top + s * 0.09),
        (cx + neck.w * 0.75, body.top + s * 0.012),
    ]
    pygame.draw.polygon(surf, mix(f.shirt, (255, 255, 255), 0.25), collar)
    pygame.draw.polygon(
        surf,
        f.skin,
        [(cx - neck.w * 0.5, body.top), (cx, body.top + s * 0.06), (cx + neck.w * 0.5, body.top)],
    )


def _draw_head(surf: pygame.Surface, f: _Face) -> None:
    """The ears, then the head over them."""
    for side in (-1, 1):
        ear = pygame.Rect(0, 0, int(f.head_w * 0.18), int(f.head_h * 0.22))
        ear.center = (f.cx + side * f.head_w // 2, f.head.centery + int(f.head_h * 0.03))
        pygame.draw.ellipse(surf, f.shadow, ear)
    pygame.draw.ellipse(surf, f.skin, f.head)


def _draw_top_hair(surf: pygame.Surface, f: _Face) -> None:
    """Hair on top in the persona's style, or the tufts of a bald head."""
    cx, head, head_w, head_h, hair = f.cx, f.head, f.head_w, f.head_h, f.hair
    style = f.p.hair_style
    if style == "bald":
        for side in (-1, 1):
            tuft = pygame.Rect(0, 0, int(head_w * 0.16), int(head_h * 0.26))
            tuft.center = (cx + side * int(head_w * 0.46), head.centery - int(head_h * 0.08))
            pygame.draw.ellipse(surf, hair, tuft)
        return
    cap = pygame.Rect(0, 0, int(head_w * 1.08), int(head_h * 0.62))
    cap.midtop = (cx, head.top - int(head_h * 0.05))
    pygame.draw.ellipse(surf, hair, cap)
    # the forehead: cut back into the cap with skin
    brow_line = pygame.Rect(0, 0, int(head_w * 0.86), int(head_h * 0.5))
    brow_line.midtop = (cx, head.top + int(head_h * 0.2))
    pygame.draw.ellipse(surf, f.skin, brow_line)
    if style == "curly":
        r = int(head_w * 0.14)
        for i in range(9):
            a = math.pi * (1.05 + i * 0.9 / 8)
            centre = (
                int(cx + math.cos(a) * head_w * 0.5),
                int(head.top + head_h * 0.28 + math.sin(a) * head_h * 0.34),
            )
            pygame.draw.circle(surf, hair, centre, r)
    if style == "bun":
        pygame.draw.circle(surf, hair, (cx, head.top - int(head_h * 0.06)), int(head_w * 0.22))
    if style == "long":
        for side in (-1, 1):
            lock = pygame.Rect(0, 0, int(head_w * 0.2), int(head_h * 0.75))
            lock.midtop = (cx + side * int(head_w * 0.45), head.top + int(head_h * 0.15))
            pygame.draw.ellipse(surf, hair, lock)


def _draw_beard(surf: pygame.Surface, f: _Face) -> None:
    if not f.p.beard:
        return
    beard = pygame.Rect(0, 0, int(f.head_w * 0.92), int(f.head_h * 0.55))
    beard.midbottom = (f.cx, f.head.bottom + int(f.head_h * 0.04))
    pygame.draw.ellipse(surf, f.hair, beard)
    cheeks = pygame.Rect(0, 0, int(f.head_w * 0.86), int(f.head_h * 0.5))
    cheeks.midbottom = (f.cx, f.head.bottom - int(f.head_h * 0.2))
    pygame.draw.ellipse(surf, f.skin, cheeks)


def _draw_cheeks(surf: pygame.Surface, f: _Face) -> None:
    """A flush when angry, a warm blush when happy."""
    flush = {
        "furious": (210, 70, 60),
        "angry": (210, 90, 70),
        "pleased": (235, 140, 130),
        "delighted": (235, 130, 120),
    }.get(f.expression)
    if not flush:
        return
    for side in (-1, 1):
        blush = pygame.Surface((int(f.head_w * 0.22), int(f.head_h * 0.1)), pygame.SRCALPHA)
        pygame.draw.ellipse(blush, (*flush, 90), blush.get_rect())
        centre = (f.cx + side * int(f.head_w * 0.27), f.head.centery + int(f.head_h * 0.12))
        surf.blit(blush, blush.get_rect(center=centre))


def _draw_eyes(surf: pygame.Surface, f: _Face) -> None:
    """Eyes (arcs when delighted) and brows whose inner end drops as the mood darkens."""
    s, head_w, head_h, eye_y = f.s, f.head_w, f.head_h, f.eye_y
    ew, eh = int(head_w * 0.11), max(2, int(head_h * 0.085 * (1 - f.squint * 0.6)))
    for side in (-1, 1):
        ex = f.cx + side * f.eye_dx
        if f.expression == "delighted":
            arc = pygame.Rect(0, 0, ew + 6, eh * 2)
            arc.center = (ex, eye_y + eh // 2)
            pygame.draw.arc(surf, f.ink, arc, math.radians(20), math.radians(160), max(3, s // 70))
        else:
            eye = pygame.Rect(0, 0, ew, eh)
            eye.center = (ex, eye_y)
            pygame.draw.ellipse(surf, f.ink, eye)
            glint = (ex + ew // 5, eye_y - eh // 5)
            pygame.draw.circle(surf, (255, 255, 255), glint, max(1, ew // 7))
        bw = int(head_w * 0.17)
        by = eye_y - int(head_h * (0.11 + f.lift)) - (int(head_h * 0.02) if f.squint else 0)
        inner = (ex - side * bw // 2, by + int(f.tilt * head_h * 0.09))
        outer = (ex + side * bw // 2, by - int(f.tilt * head_h * 0.04))
        pygame.draw.line(surf, mix(f.hair, f.ink, 0.4), inner, outer, max(4, s // 45))


def _draw_nose(surf: pygame.Surface, f: _Face) -> None:
    cx, eye_y, head_w, head_h = f.cx, f.eye_y, f.head_w, f.head_h
    width = max(3, f.s // 90)
    tip = (cx - int(head_w * 0.04), eye_y + int(head_h * 0.17))
    pygame.draw.line(surf, f.shadow, (cx, eye_y + int(head_h * 0.05)), tip, width)
    end = (cx + int(head_w * 0.03), eye_y + int(head_h * 0.18))
    pygame.draw.line(surf, f.shadow, tip, end, width)


def _draw_mouth(surf: pygame.Surface, f: _Face, mouth_open: bool) -> None:
    """The mouth: open while talking or when the mood opens it, else a curve for the mood."""
    cx, head_w, head_h = f.cx, f.head_w, f.head_h
    my = f.head.centery + int(head_h * 0.27)
    mw = int(head_w * (0.3 + 0.06 * abs(f.curve)))
    lip = mix(f.skin, (120, 40, 40), 0.55)
    if f.p.beard:
        # a clear patch around the mouth, or the beard swallows the expression
        gap = pygame.Rect(0, 0, int(head_w * 0.42), int(head_h * 0.16))
        gap.center = (cx, my)
        pygame.draw.ellipse(surf, mix(f.skin, f.hair, 0.25), gap)
    thick = max(4, f.s // 60)
    if mouth_open or f.open_amount > 0.2:
        _draw_open_mouth(surf, f, mouth_open, (my, mw, thick), lip)
        return
    depth = int(f.curve * head_h * 0.09)
    if abs(depth) < 3:
        pygame.draw.line(surf, lip, (cx - mw // 2, my), (cx + mw // 2, my), thick)
        return
    arc = pygame.Rect(0, 0, mw, abs(depth) * 2)
    if depth > 0:
        arc.midbottom = (cx, my + abs(depth))
        pygame.draw.arc(surf, lip, arc, math.pi, 2 * math.pi, thick)
    else:
        arc.midtop = (cx, my - abs(depth) // 2)
        pygame.draw.arc(surf, lip, arc, 0, math.pi, thick)


def _draw_open_mouth(
    surf: pygame.Surface, f: _Face, mouth_open: bool, at: tuple[int, int, int], lip: Colour
) -> None:
    """An open mouth at row ``my``, ``mw`` wide: an open smile, or open with teeth showing."""
    my, mw, thick = at
    mh = int(f.head_h * (0.09 + 0.07 * max(f.open_amount, 0.5 if mouth_open else 0)))
    mouth = pygame.Rect(0, 0, int(mw * (0.8 if mouth_open and f.open_amount < 0.2 else 1)), mh)
    mouth.center = (f.cx, my)
    if f.curve > 0.3 and not mouth_open:
        # open smile: flat top, round bottom
        pygame.draw.ellipse(surf, (90, 30, 35), mouth)
        pygame.draw.rect(surf, f.skin, (mouth.x, mouth.y, mouth.w, mouth.h // 2))
        pygame.draw.line(surf, lip, (mouth.x, mouth.centery), (mouth.right, mouth.centery), thick)
    else:
        pygame.draw.ellipse(surf, (90, 30, 35), mouth)
        teeth = pygame.Rect(
            mouth.x + mouth.w // 5, mouth.y + 2, mouth.w * 3 // 5, max(2, mouth.h // 4)
        )
        pygame.draw.rect(surf, (245, 240, 235), teeth, border_radius=3)


def _draw_glasses(surf: pygame.Surface, f: _Face) -> None:
    if not f.p.glasses:
        return
    cx, eye_y, eye_dx, s = f.cx, f.eye_y, f.eye_dx, f.s
    frame = mix(f.ink, (60, 60, 70), 0.3)
    gw, gh = int(f.head_w * 0.24), int(f.head_h * 0.15)
    for side in (-1, 1):
        lens = pygame.Rect(0, 0, gw, gh)
        lens.center = (cx + side * eye_dx, eye_y + 2)
        pygame.draw.rect(surf, frame, lens, width=max(3, s // 110), border_radius=gh // 3)
    left, right = (cx - eye_dx + gw // 2, eye_y), (cx + eye_dx - gw // 2, eye_y)
    pygame.draw.line(surf, frame, left, right, max(3, s // 110))
