"""Drawing the call screen from its layout, its caption and a snapshot of the call; a partial frame redraws
only the parts that moved and returns the rectangles to send."""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.engine.conversation import mood_label
from simulator.scenario.model import Portrait
from simulator.ui.fonts import Fonts
from simulator.ui.geometry import Box
from simulator.ui.pg import pygame
from simulator.ui.portrait import mouth_box, portrait_surface
from simulator.ui.scenes.call_caption import CaptionReveal
from simulator.ui.scenes.call_layout import (
    ANSWERS_LABEL,
    CallLayout,
    CardStyle,
    card_style,
    card_text_width,
)
from simulator.ui.scenes.call_timing import DOTS_STEP, MOUTH_FLAP
from simulator.ui.theme import Colour, Theme, mix
from simulator.ui.widgets import ellipsize, fitting, meter, panel, text, text_block

Rect = pygame.Rect
ON_HOLD = "On hold"
CAPTIONS_ONLY = "Captions only"
BADGE_TEXT = (33, 28, 20)  # dark text on the amber badge (high contrast uses its own background)


@dataclass(frozen=True)
class CardView:
    """One answer as drawn: its number, words, where it is now (scrolled) and whether it is highlighted."""

    number: int
    text: str
    box: Box
    highlighted: bool
    lines: int | None = None  # lines shown (None: all); a cut answer ends in an ellipsis at a word


@dataclass(frozen=True)
class CallView:
    """What the call shows this frame, taken from the scene (the drawer reads nothing else)."""

    title: str
    meta: str  # kind, difficulty and mode, for the chip beside the title
    persona_name: str
    persona_role: str
    portrait: Portrait
    image: pygame.Surface | None
    mood: float  # the meters as they slide
    patience: float
    talking: bool
    cuts_in: bool  # answering now would be charged as a cut-in (not over a "Hello?" of silence)
    mouth_t: float
    pulse_t: float
    ended: bool
    paused: bool  # the pause menu: words and answers hidden
    on_hold: bool  # any hold (pause, resize, minimised, unfocused)
    last_said: str
    coach: str
    respond_within: float  # 0: no response timer
    timer_started: bool
    elapsed: float
    cards: tuple[CardView, ...]
    summary: str
    toast: str
    captions_only: str | None  # why the customer is not heard, when they are not
    badge_note: str  # the reason shown under the badge (hover or F1), "" when closed
    hint: str
    answers_cue: str
    # the customer's whole name and role while the pointer is on them (the screen may cut or leave out
    # the role), "" otherwise
    customer_note: str = ""


class CallDrawer:
    """Paints a call screen: takes the layout and the caption model, and a view of the call each frame."""

    def __init__(self, theme: Theme, fonts: Fonts) -> None:
        self.theme, self.fonts = theme, fonts
        self.badge_rect: Rect | None = None  # the captions-only badge, for hovering it
        self.dots_rect: Rect | None = None  # the typing dots as last drawn
        self.drawn_chars = 0  # caption characters already on the screen

    # --- whole frames -------------------------------------------------------------

    def draw(
        self, surf: pygame.Surface, view: CallView, lay: CallLayout, caption: CaptionReveal
    ) -> None:
        """The whole call screen (the scene draws its buttons over it)."""
        surf.fill(self.theme.palette.bg)
        self._draw_top_bar(surf, view, lay)
        self._draw_customer(surf, view, lay)
        self._draw_bubble(surf, view, lay, caption)
        if lay.timer is not None:
            self.draw_timer(surf, view, lay)
        if lay.coach is not None:
            self._draw_coach(surf, view, lay.coach)
        self._draw_answers(surf, view, lay)

    def draw_overlays(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        """The hint row, the toast and the captions-only note: over everything, buttons included."""
        self._draw_hints(surf, view, lay)
        if view.toast:
            self._draw_toast(surf, view.toast, lay)
        if view.badge_note:
            self._draw_badge_reason(surf, view, lay)
        if view.customer_note:
            self._draw_customer_note(surf, view, lay)

    def _draw_customer_note(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        """Who the customer is, whole, under their face (hovering them)."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        w = min(lay.width - pad * 2, t.note_width)
        h = text_block(None, f, view.customer_note, 0, 0, w - pad * 2, t.small) + pad
        box = Rect(lay.customer.portrait.x, lay.customer.portrait.bottom + t.chip_pad, w, h)
        box.right = min(box.right, lay.width - pad)
        box.bottom = min(box.bottom, lay.height - pad)
        panel(surf, t, box, fill=p.panel, border=p.border)
        text_block(
            surf, f, view.customer_note, box.x + pad, box.y + pad // 2, w - pad * 2, t.small, p.text
        )

    def _draw_top_bar(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        self.badge_rect = None
        if not lay.top_h:  # the most compact layout: the customer's strip opens the screen instead
            return
        pygame.draw.rect(surf, p.panel, (0, 0, lay.width, lay.top_h))
        pygame.draw.line(
            surf, p.border, (0, lay.top_h - 1), (lay.width, lay.top_h - 1), t.line_width
        )
        right = lay.pause_button.x - pad
        self.badge_rect = None
        if view.captions_only is not None:
            right = self._draw_badge(surf, lay, right) - pad
        meta_w = f.width(view.meta, t.small)
        room = right - pad * 2 - meta_w
        width = max(t.min_title, min(room, right - pad * 2))
        title = ellipsize(f, view.title, t.heading, width, True)
        r = text(surf, f, title, (pad, lay.top_h // 2), t.heading, p.text, True, "midleft")
        chip = Rect(r.right + pad, 0, meta_w + pad, f.line_height(t.small) + t.chip_pad)
        chip.centery = lay.top_h // 2
        if chip.right < right:
            pygame.draw.rect(surf, p.accent_soft, chip, border_radius=chip.h // 2)
            colour = p.accent if not t.high_contrast else p.text
            text(surf, f, view.meta, chip.center, t.small, colour, anchor="center")

    def _draw_badge(self, surf: pygame.Surface, lay: CallLayout, right: int) -> int:
        """The 'Captions only' pill ending at ``right``; returns its left edge."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        bw = f.width(CAPTIONS_ONLY, t.small, True) + t.pad
        badge = Rect(right - bw, 0, bw, f.line_height(t.small) + t.chip_pad)
        badge.centery = lay.top_h // 2
        radius = badge.h // 2 if not t.high_contrast else 0
        pygame.draw.rect(surf, p.warn, badge, border_radius=radius)
        ink = p.bg if t.high_contrast else BADGE_TEXT
        text(surf, f, CAPTIONS_ONLY, badge.center, t.small, ink, True, "center")
        self.badge_rect = badge
        return badge.x

    def _draw_badge_reason(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        """Why the call is captions only, under its badge (hover or F1; under the pause button in the most
        compact layout, which has no title bar for the badge)."""
        anchor = self.badge_rect or (None if lay.top_h else Rect(lay.pause_button))
        if anchor is None:
            return
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        w = min(lay.width - pad * 2, t.note_width)
        message = view.badge_note
        h = text_block(None, f, message, 0, 0, w - pad * 2, t.small) + pad
        box = Rect(0, anchor.bottom + t.chip_pad, w, h)
        box.right = min(lay.width - pad, anchor.right)
        panel(surf, t, box, fill=p.panel, border=p.warn)
        text_block(surf, f, message, box.x + pad, box.y + pad // 2, w - pad * 2, t.small, p.text)

    # --- the customer ---------------------------------------------------------------

    def _draw_customer(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        t = self.theme
        place = lay.customer
        panel(surf, t, Rect(lay.left))
        self.draw_face(surf, view, lay)
        if place.words:
            self._draw_name(surf, view, lay)
        self.draw_meters(surf, view, lay)

    def _draw_name(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        """The customer's name, role (where there is room) and status beside or under the face."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        place = lay.customer
        name = ellipsize(f, view.persona_name, t.body, place.name_w, True)
        text(surf, f, name, place.name_at, t.body, p.text, True, place.name_anchor)
        if view.persona_role and place.role_y is not None:
            role = ellipsize(f, view.persona_role, t.small, place.name_w)
            pos = (place.name_at[0], place.role_y)
            text(surf, f, role, pos, t.small, p.dim, anchor=place.name_anchor)
        self.draw_status(surf, view, lay)

    def draw_face(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        """The portrait with the mood's expression, mouth open on alternate frames while talking."""
        t, p = self.theme, self.theme.palette
        expression = mood_label(round(view.mood))
        mouth_open = view.talking and int(view.mouth_t / MOUTH_FLAP) % 2 == 1
        backdrop = p.panel_alt if not t.high_contrast else (40, 40, 40)
        size = lay.customer.portrait.w
        face = portrait_surface(view.portrait, expression, size, mouth_open, backdrop, view.image)
        surf.blit(face, lay.customer.portrait)

    def status_text(self, view: CallView, width: int) -> tuple[str, Colour]:
        """The status line under the name: talking, waiting (with the mood), on hold or ended."""
        p, t = self.theme.palette, self.theme
        if view.ended:
            return "Call ended", p.dim
        if view.on_hold:
            return ON_HOLD, p.warn
        if view.talking:
            return f"Talking{'.' * (1 + int(view.pulse_t * 3) % 3)}", p.warn
        # the mood word is also on the meter, so a narrow column drops it first
        options = [
            f"Waiting for you · {mood_label(round(view.mood))}",
            "Waiting for you",
            "Waiting",
        ]
        return fitting(self.fonts, options, t.small, width, True), p.accent

    def draw_status(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        """The status line."""
        status_box = lay.customer.status
        status, colour = self.status_text(view, status_box.w)
        if lay.narrow:
            pos, anchor = (status_box.x, status_box.y), "topleft"
        else:
            pos, anchor = (status_box.centerx, status_box.y), "midtop"
        text(surf, self.fonts, status, pos, self.theme.small, colour, True, anchor)

    def draw_meters(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        """The mood meter (from the middle) and the patience meter."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        mood, pat = view.mood, view.patience
        if mood < 0:
            mood_colour = mix(p.bad, p.warn, (mood + 100) / 100)
        else:
            mood_colour = mix(p.warn, p.good, mood / 100)
        word = mood_label(round(mood))
        meter(
            surf,
            f,
            t,
            Rect(lay.customer.mood_meter),
            mood / 100,
            mood_colour,
            "MOOD",
            f"{word} ({round(mood):+d})",
            centred=True,
            short_value=word,
        )
        colour = p.accent if pat > 30 else p.bad
        value, short = f"{round(pat)} / 100", f"{round(pat)}"
        box = Rect(lay.customer.patience_meter)
        meter(surf, f, t, box, pat / 100, colour, "PATIENCE", value, short_value=short)

    # --- the words ------------------------------------------------------------------

    def _draw_bubble(
        self, surf: pygame.Surface, view: CallView, lay: CallLayout, caption: CaptionReveal
    ) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad, bubble = t.pad, lay.bubble
        panel(surf, t, Rect(bubble))
        x, y, inner = bubble.x + pad, bubble.y + (lay.bubble_pad or pad), bubble.w - pad * 2
        if view.last_said and lay.said_shown:
            said = ellipsize(f, f"You: {view.last_said}", t.small, inner)
            text(surf, f, said, (x, y), t.small, p.dim)
            y += f.line_height(t.small) + pad // 2
        cue = "" if view.paused else caption.cue()
        self._draw_speaker_label(surf, view, (x, y), inner, cue)
        if cue:
            text(surf, f, cue, (bubble.right - pad, y), t.small, p.dim, anchor="topright")
        if view.paused:
            # on hold behind the pause menu: the words stay hidden, so a pause is no time to read ahead
            text(surf, f, f"{ON_HOLD}.", (lay.caption.x, lay.caption.y), t.caption, p.dim)
        else:
            self.drawn_chars = int(caption.revealed)
            self.draw_caption(surf, lay, caption, 0, self.drawn_chars, clear=False)
        if not lay.narrow:
            self._draw_tail(surf, lay)

    def _draw_speaker_label(
        self, surf: pygame.Surface, view: CallView, at: tuple[int, int], inner: int, cue: str
    ) -> None:
        """The customer's first name over their words, and the typing dots while they talk."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        who = view.persona_name.split()[0].upper() if view.persona_name else "CUSTOMER"
        cue_w = f.width(cue, t.small) + t.pad if cue else 0
        name = who if not view.ended else f"{who} · CALL ENDED"
        name = ellipsize(f, name, t.small, max(t.min_label, inner - cue_w - t.min_label), True)
        label = text(surf, f, name, at, t.small, p.accent, bold=True)
        self.dots_rect = None
        if view.talking and not view.paused:
            self.draw_typing_dots(surf, view, (label.right + t.dots_gap, label.centery))

    def _draw_tail(self, surf: pygame.Surface, lay: CallLayout) -> None:
        """The speech bubble's tail, pointing at the portrait."""
        t, p, bubble = self.theme, self.theme.palette, lay.bubble
        low, high = bubble.y + t.tail_inset, bubble.bottom - t.tail_inset
        tail_y = max(low, min(high, lay.customer.portrait.centery))
        tail = [
            (bubble.x + 1, tail_y - t.tail_half),
            (bubble.x - t.tail_length, tail_y),
            (bubble.x + 1, tail_y + t.tail_half),
        ]
        pygame.draw.polygon(surf, p.panel, tail)
        pygame.draw.lines(surf, p.border, False, tail, t.line_width)

    def caption_rows(self, caption: CaptionReveal) -> list[pygame.Surface | None]:
        """The caption's rows, each rendered once (the render cache keeps them; a frame blits part of one)."""
        t, p = self.theme, self.theme.palette
        return [
            self.fonts.render(line, t.caption, p.text) if line else None for line in caption.lines
        ]

    def draw_caption(
        self,
        surf: pygame.Surface,
        lay: CallLayout,
        caption: CaptionReveal,
        start: int,
        end: int,
        clear: bool,
    ) -> list[Rect]:
        """Blit the caption's characters ``start`` to ``end``; returns the areas changed."""
        lh = self.fonts.line_height(self.theme.caption)
        rows = self.caption_rows(caption)
        changed = []

        def width_of(s: str) -> int:
            return self.fonts.width(s, self.theme.caption)

        for i, x0, x1 in caption.runs(start, end, width_of):
            img = rows[i]
            if img is None or not caption.in_view(i):
                continue
            x0 = max(
                0, x0 - 1
            )  # the anti-aliased edge of the previous glyph is redrawn, not blended twice
            x1 = min(img.get_width(), x1)
            area = Rect(x0, 0, max(0, x1 - x0), img.get_height())
            dest = Rect(
                lay.caption.x + x0, lay.caption.y + (i - caption.first) * lh, area.w, area.h
            )
            if clear:
                surf.fill(self.theme.palette.panel, dest)
            surf.blit(img, dest, area)
            changed.append(dest)
        return changed

    def draw_typing_dots(self, surf: pygame.Surface, view: CallView, at: tuple[int, int]) -> Rect:
        """Three dots pulsing in steps beside the speaker's name; returns their area."""
        p = self.theme.palette
        r = self.theme.dot_radius
        x, y = at
        self.dots_rect = Rect(x - r - 1, y - r - 1, r * 8 + 4, r * 2 + 3)
        phase = int(view.pulse_t / DOTS_STEP) * DOTS_STEP
        for i in range(3):
            k = 0.5 + 0.5 * math.sin(phase * 6 - i * 0.9)
            pygame.draw.circle(surf, mix(p.border, p.accent, k), (x + i * r * 3, y), r)
        return self.dots_rect

    def timer_text(self, view: CallView) -> tuple[str, Colour, float]:
        """The response timer's value, colour and how full its bar is."""
        p = self.theme.palette
        limit = view.respond_within
        left = max(0.0, limit - view.elapsed)
        if view.on_hold and view.timer_started:
            return f"{ON_HOLD} · {left:.0f} s", p.dim, left / limit
        if not view.timer_started:
            return f"starts when they finish · {limit:g} s", p.dim, left / limit
        if left <= 0:
            return "silence: answer now", p.bad, 0.0
        return f"{left:.0f} s", p.accent if left > limit * 0.33 else p.warn, left / limit

    def draw_timer(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        """The response timer: a meter running down from the node's limit (in a compact layout, labelled as
        the answers below it)."""
        if view.respond_within <= 0 or lay.timer is None:
            return
        value, colour, fraction = self.timer_text(view)
        label = lay.timer_label
        if label == ANSWERS_LABEL and view.cuts_in and not view.paused:
            label = f"{ANSWERS_LABEL} · answering now cuts in"
        meter(surf, self.fonts, self.theme, Rect(lay.timer), fraction, colour, label, value)

    def _draw_coach(self, surf: pygame.Surface, view: CallView, box: Box) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        panel(surf, t, Rect(box), fill=p.accent_soft, border=p.accent_soft)
        message = f"Coach: {view.coach}"
        x, y, w = box.x + pad, box.y + pad // 2, box.w - pad * 2
        text_block(surf, f, message, x, y, w, t.small, p.text, max_lines=3)

    # --- the answers ------------------------------------------------------------------

    def _draw_answers(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        right, area = lay.right, lay.choice_area
        if view.ended:
            if view.summary and lay.summary_lines:
                text_block(
                    surf,
                    f,
                    view.summary,
                    right.x,
                    area.y,
                    right.w,
                    t.body,
                    p.dim,
                    max_lines=lay.summary_lines,
                )
            return
        label_at = (right.x, lay.choices_label_y)
        labelled = lay.timer is not None and lay.timer_label == ANSWERS_LABEL  # the timer says it
        if view.paused:
            if not labelled:
                text(surf, f, ANSWERS_LABEL, label_at, t.small, p.dim, bold=True)
            hidden = "The answers are hidden while the call is on hold."
            y = area.y + t.nudge
            text_block(surf, f, hidden, right.x, y, right.w, t.body, p.dim, max_lines=2)
            return
        if not labelled:
            label = (
                ANSWERS_LABEL if not view.cuts_in else f"{ANSWERS_LABEL} · answering now cuts in"
            )
            label = ellipsize(f, label, t.small, right.w, True)
            colour = p.warn if view.cuts_in else p.dim
            text(surf, f, label, label_at, t.small, colour, bold=True)
        self._draw_cards(surf, view, lay)

    def _draw_cards(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        area = lay.choice_area
        look = lay.cards_look or card_style(self.theme, self.fonts, 0)
        clip = surf.get_clip()
        surf.set_clip(Rect(area))
        for card in view.cards:
            if card.box.bottom < area.y or card.box.y > area.bottom:
                continue
            self._draw_card(surf, card, look)
        surf.set_clip(clip)

    def _draw_card(self, surf: pygame.Surface, card: CardView, look: CardStyle) -> None:
        """One answer: the highlighted one tinted with a focus ring and a filled number badge."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad, side, on = t.pad, look.badge, card.highlighted
        box = Rect(card.box)
        fill = p.accent_soft if on and not t.high_contrast else p.panel
        pygame.draw.rect(surf, fill, box, border_radius=t.radius)
        width = 2 if on else t.line_width
        pygame.draw.rect(surf, p.focus if on else p.border, box, width, border_radius=t.radius)
        badge = Rect(box.x + pad // 2 + 2, box.y + look.pad // 2, side, side)
        radius = side // 2 if not t.high_contrast else 0
        pygame.draw.rect(surf, p.accent if on else p.panel_alt, badge, border_radius=radius)
        if t.high_contrast:
            pygame.draw.rect(surf, p.border, badge, 1)
        ink = p.accent_text if on else p.text
        text(surf, f, str(card.number), badge.center, t.body, ink, True, "center")
        words_w = card_text_width(t, box.w, side)
        x, y = badge.right + pad, box.y + look.pad // 2
        text_block(surf, f, card.text, x, y, words_w, t.body, p.text, max_lines=card.lines)

    # --- the bottom row and pop-ups -----------------------------------------------------

    def _draw_hints(self, surf: pygame.Surface, view: CallView, lay: CallLayout) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        room = lay.width - pad * 2
        if view.answers_cue:
            cue = ellipsize(f, view.answers_cue, t.small, room, True)
            colour = p.warn if "below" in cue else p.dim
            at = (lay.width - pad, lay.hint_y)
            r = text(surf, f, cue, at, t.small, colour, bold=True, anchor="topright")
            room = r.x - pad * 2
        if room > t.min_title:
            hint = ellipsize(f, view.hint, t.small, room)
            text(surf, f, hint, (pad, lay.hint_y), t.small, p.dim)

    def toast_rect(self, toast: str, lay: CallLayout) -> Rect:
        """Where a toast of these words goes: centred over the hint row."""
        t, f = self.theme, self.fonts
        pad = t.pad
        w = min(lay.width - pad * 4, f.width(toast, t.small) + pad * 2)
        lines_h = text_block(None, f, toast, 0, 0, w - pad * 2, t.small)
        r = Rect(0, 0, w, lines_h + pad)
        r.midbottom = (lay.width // 2, lay.height - pad * 2 - f.line_height(t.small))
        return r

    def _draw_toast(self, surf: pygame.Surface, toast: str, lay: CallLayout) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        r = self.toast_rect(toast, lay)
        pygame.draw.rect(surf, p.text, r, border_radius=t.radius)
        text_block(surf, f, toast, r.x + pad, r.y + pad // 2, r.w - pad * 2, t.small, p.bg)

    # --- partial frames -----------------------------------------------------------------

    def draw_parts(
        self,
        surf: pygame.Surface,
        parts: set[str],
        view: CallView,
        lay: CallLayout,
        caption: CaptionReveal,
    ) -> list[Rect] | None:
        """Redraw only ``parts`` (caption, dots, mouth, face, status, meters, timer); the rectangles to send,
        or None when the frame must be drawn whole."""
        p = self.theme.palette
        rects: list[Rect] = []
        if "caption" in parts:
            rects += self.draw_caption(
                surf, lay, caption, self.drawn_chars, int(caption.revealed), True
            )
            self.drawn_chars = int(caption.revealed)
        if "dots" in parts and view.talking and self.dots_rect is not None:
            at = (self.dots_rect.x + self.theme.dot_radius + 1, self.dots_rect.centery)
            surf.fill(p.panel, self.dots_rect)
            rects.append(self.draw_typing_dots(surf, view, at))
        rects += self._redraw_customer(surf, parts, view, lay)
        if "timer" in parts and lay.timer is not None:
            surf.fill(p.bg, lay.timer)
            self.draw_timer(surf, view, lay)
            rects.append(Rect(lay.timer))
        if view.toast and any(r.colliderect(self.toast_rect(view.toast, lay)) for r in rects):
            return None  # the toast sits over this part: draw the whole frame so it stays on top
        return rects

    def _redraw_customer(
        self, surf: pygame.Surface, parts: set[str], view: CallView, lay: CallLayout
    ) -> list[Rect]:
        p, place = self.theme.palette, lay.customer
        rects: list[Rect] = []
        if "face" in parts or "mouth" in parts:
            surf.fill(p.panel, place.portrait)
            self.draw_face(surf, view, lay)
            if "face" in parts:
                rects.append(Rect(place.portrait))
            elif view.image is None:  # a PNG portrait has no moving mouth
                rects.append(mouth_box(Rect(place.portrait)))
        if "status" in parts and place.words:
            surf.fill(p.panel, place.status)
            self.draw_status(surf, view, lay)
            rects.append(Rect(place.status))
        if "meters" in parts:
            surf.fill(p.panel, place.meters)
            self.draw_meters(surf, view, lay)
            rects.append(Rect(place.meters))
        return rects
