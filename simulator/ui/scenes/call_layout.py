"""Where the call screen's parts go: two columns, or the customer in a strip above in a narrow window; the caption
bubble and the answer cards share the right column, answers first."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.ui.pg import pygame
from simulator.ui.scene import Scene
from simulator.ui.widgets import Button, button_height, layout_row, meter_height, text_block

Rect = pygame.Rect
HUGE_SCALE = (
    1.3  # from this text scale the customer sits in a strip above, whatever the window's width
)


@dataclass
class ChoiceCard:
    """Where one open choice is drawn."""

    number: int
    text: str
    rect: Rect


class CallLayout(Scene):
    """Part of CallScene: measuring and placing the screen's parts, and scrolling the answer cards."""

    def layout(self, width: int, height: int) -> None:
        """Two columns (the customer left, words and answers right), or in a narrow window the customer in a
        strip above; either way the answers get room first and the caption scrolls within its bubble."""
        t, f = self.theme, self.fonts
        pad = t.pad
        self.W, self.H = width, height
        self.top_h = f.line_height(t.heading, True) + pad * 2
        hint_h = f.line_height(t.small) + pad
        self.hint_y = height - hint_h + pad // 3
        body = Rect(
            pad, self.top_h + pad, width - pad * 2, self.hint_y - pad // 2 - self.top_h - pad
        )
        left_w = max(t.px(200), min(int(width * 0.28), t.px(380)))
        # huge text: the answers need the whole width (three long answers fit at 1280x720), so the customer
        # goes into the strip above, as in a narrow window
        self.narrow = body.w - left_w - pad < t.px(440) or t.scale >= HUGE_SCALE
        if self.narrow:
            strip_h = self._strip_height()
            self.left = Rect(body.x, body.y, body.w, strip_h)
            self.right = Rect(
                body.x, self.left.bottom + pad, body.w, body.bottom - self.left.bottom - pad
            )
        else:
            self.left = Rect(body.x, body.y, left_w, body.h)
            self.right = Rect(
                self.left.right + pad, body.y, body.right - self.left.right - pad, body.h
            )
        self.end_button = Button("See the debrief", self.open_debrief, "Enter", kind="primary")
        self.pause_button = Button("Pause", self.pause, "Esc", kind="quiet")
        layout_row([self.pause_button], f, t, width - pad, (self.top_h - button_height(t)) // 2)
        self._place_customer()
        self._relayout_cards()

    def _strip_height(self) -> int:
        """Height of the customer strip of a narrow window: face, name and status, then the two meters side by side."""
        t, f = self.theme, self.fonts
        words = f.line_height(t.body, True) + f.line_height(t.small, True)
        return max(words, meter_height(f, t)) + t.pad * 2

    def _place_customer(self) -> None:
        """Where the face, name, role, status line and meters go (a column, or a strip in a narrow window)."""
        t, f = self.theme, self.fonts
        pad = t.pad
        lh_name, lh_small, lh_status = (
            f.line_height(t.body, True),
            f.line_height(t.small),
            f.line_height(t.small, True),
        )
        mh = meter_height(f, t)
        if self.narrow:
            size = self.left.h - pad * 2
            self.portrait_rect = Rect(self.left.x + pad, self.left.y + pad, size, size)
            x = self.portrait_rect.right + pad
            room = self.left.right - pad - x
            text_w = max(t.px(80), (room - pad * 2) * 2 // 6)
            words_y = self.left.y + (self.left.h - lh_name - lh_status) // 2
            self.name_at, self.name_anchor, self.name_w = (x, words_y), "topleft", text_w
            self.status_rect = Rect(x, words_y + lh_name, text_w, lh_status)
            self.role_y = None  # no room in the strip; the wide layout shows it
            meters_x = x + text_w + pad
            # the two meters side by side: MOOD, then PATIENCE
            self.meter_x, self.meter_w = meters_x, (self.left.right - pad - meters_x - pad) // 2
            self.meter_step = (self.meter_w + pad, 0)
            self.meters_y = self.left.y + (self.left.h - mh) // 2
        else:
            inner = self.left.w - pad * 2
            below = lh_name + lh_small + lh_status + mh * 2 + pad // 2 + pad * 2
            self.show_role = True
            size = min(inner, self.left.h - below - pad * 2)
            if size < t.px(64):  # a short window: the role line goes so the face stays recognisable
                self.show_role = False
                size = min(inner, self.left.h - below + lh_small - pad * 2)
            size = max(t.px(40), size)
            self.portrait_rect = Rect(0, 0, size, size)
            self.portrait_rect.midtop = (self.left.centerx, self.left.y + pad)
            y = self.portrait_rect.bottom + pad // 2
            self.name_at, self.name_anchor, self.name_w = (self.left.centerx, y), "midtop", inner
            y += lh_name
            self.role_y = y if self.show_role else None
            y += lh_small if self.show_role else 0
            self.status_rect = Rect(self.left.x + pad, y, inner, lh_status)
            y += lh_status + pad
            self.meter_x, self.meter_w = self.left.x + pad, inner
            self.meter_step = (0, mh + pad // 2)
            self.meters_y = y
        dx, dy = self.meter_step
        self.meters_rect = Rect(
            self.meter_x - 2, self.meters_y - 2, self.meter_w + dx + 4, mh + dy + 4
        )

    def _relayout_cards(self) -> None:
        """Measure the caption and the answer cards and share the column between them, answers first."""
        if not hasattr(self, "right"):
            return
        t, f = self.theme, self.fonts
        pad = t.pad
        inner = self.right.w - pad * 2
        gap = t.px(10)
        lh_cap = f.line_height(t.caption)
        n_lines = max(1, len(f.wrap(self.line or " ", t.caption, inner - pad)))
        said_h = f.line_height(t.small) + pad // 2 if self.last_said else 0
        label_h = f.line_height(t.small, True) + pad // 2
        node = self.conv.node
        timer_h = meter_height(f, t) + pad // 2 if node is not None and node.respond_within else 0
        coach_h = 0
        if self.coach:
            coach_h = (
                text_block(None, f, self.coach, 0, 0, inner - pad * 2, t.small, max_lines=3)
                + pad
                + pad // 2
            )
        answer_label_h = f.line_height(t.small, True) + pad // 3
        badge = t.px(34)
        self.cards = []
        for oc in self.conv.choices:
            h = text_block(None, f, oc.choice.text, 0, 0, self.right.w - badge - pad * 3, t.body)
            self.cards.append(
                ChoiceCard(
                    oc.number,
                    oc.choice.text,
                    Rect(self.right.x, 0, self.right.w, max(h, badge) + pad),
                )
            )
        cards_h = sum(c.rect.h for c in self.cards) + gap * max(0, len(self.cards) - 1) + t.px(4)
        room = (
            self.right.h - pad - timer_h - coach_h - answer_label_h
        )  # for the bubble and the answers together
        if self.conv.ended:
            want = button_height(t) + f.line_height(t.body) * 2 + pad
        elif self.cards:
            # the first answer whole, and half the column when there are more, before the caption gets the rest
            want = min(cards_h, max(self.cards[0].rect.h + t.px(4), room // 2))
            if t.scale >= HUGE_SCALE:
                want = cards_h  # huge text: every answer before more caption lines (the caption scrolls)
        else:
            want = 0
        full = said_h + label_h + n_lines * lh_cap + pad * 2
        for fewest in (2, 1):  # the caption keeps two lines, or one when the answers need the room
            least = said_h + label_h + min(n_lines, fewest) * lh_cap + pad * 2
            if room - least >= want:
                break
        bubble_h = max(least, min(full, room - want))
        self.cap_rows = max(1, (bubble_h - pad * 2 - said_h - label_h) // lh_cap)
        self.cap_first = max(0, min(getattr(self, "cap_first", 0), n_lines - self.cap_rows))
        self.bubble = Rect(self.right.x, self.right.y, self.right.w, bubble_h)
        self._caption_at = (
            self.bubble.x + pad,
            self.bubble.y + pad + said_h + label_h,
            inner - pad,
        )
        y = self.bubble.bottom + pad
        self.timer_rect = None
        if timer_h:
            self.timer_rect = Rect(self.right.x, y, self.right.w, meter_height(f, t))
            y = self.timer_rect.bottom + pad // 2
        self.coach_rect = None
        if self.coach:
            self.coach_rect = Rect(self.right.x, y, self.right.w, coach_h - pad // 2)
            y = self.coach_rect.bottom + pad // 2
        self.choices_label_y = y
        y += answer_label_h
        area_h = max(0, self.right.bottom - y)
        self.cue_rect: Rect | None = None
        if cards_h > area_h and not self.conv.ended:
            # the cue sits in the hint row just under the answers, never on a card's border
            self.cue_rect = Rect(self.right.x, self.hint_y, self.right.w, f.line_height(t.small))
        self.choice_area = Rect(self.right.x - 2, y, self.right.w + 4, area_h)
        self.buttons = [self.pause_button]
        if self.conv.ended:
            bh = button_height(t)
            self.end_button.rect = Rect(0, 0, self.end_button.width_for(f, t), bh)
            summary = self.result.ending_summary if self.result else ""
            lines = max(0, (self.choice_area.h - bh - pad) // f.line_height(t.body))
            self.summary_lines = min(3, lines)
            sh = (
                text_block(
                    None, f, summary, 0, 0, self.right.w, t.body, max_lines=self.summary_lines
                )
                if summary and self.summary_lines
                else 0
            )
            top = self.choice_area.y + sh + pad // 2
            self.end_button.rect.topleft = (
                self.right.x + t.px(4),
                min(top, self.right.bottom - bh),
            )
            self.buttons.append(self.end_button)
            self.focus = 1
        self._place_cards()
        self.dirty = True

    def _place_cards(self) -> None:
        gap = self.theme.px(10)
        total = (
            sum(c.rect.h for c in self.cards) + gap * max(0, len(self.cards) - 1) + self.theme.px(4)
        )
        self._max_scroll = max(0, total - self.choice_area.h)
        self.choice_scroll = max(0, min(self.choice_scroll, self._max_scroll))
        y = self.choice_area.y + self.theme.px(2) - self.choice_scroll
        for c in self.cards:
            c.rect.y = y
            y += c.rect.h + gap

    def _scroll_to(self, index: int) -> None:
        if not self.cards:
            return
        card = self.cards[index].rect
        if card.bottom > self.choice_area.bottom:
            self.choice_scroll += card.bottom - self.choice_area.bottom + self.theme.px(2)
        elif card.top < self.choice_area.top:
            self.choice_scroll -= self.choice_area.top - card.top + self.theme.px(2)
        self._place_cards()

    def _card_at(self, pos: tuple[int, int]) -> int:
        if not self.choice_area.collidepoint(pos):
            return -1
        return next((i for i, c in enumerate(self.cards) if c.rect.collidepoint(pos)), -1)
