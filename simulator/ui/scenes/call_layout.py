"""Where the call screen's parts go, as plain data computed without pygame.

Two columns (the customer left, words and answers right), or the customer in a strip above in a
narrow window or with huge text. The caption bubble and the answer cards share the right column,
answers first; the caption keeps at least two rows and scrolls within its bubble.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.ui.geometry import Box
from simulator.ui.measure import (
    TextMeasure,
    block_height,
    button_height,
    button_width,
    meter_height,
)
from simulator.ui.theme import Theme

HUGE_SCALE = (
    1.3  # from this text scale the customer sits in a strip above, whatever the window's width
)
CAPTION_ROWS_KEPT = 2  # the caption never shrinks below this many rows
COMPACT_LINES = (
    2,
    1,
)  # answers not highlighted are cut to this many lines, in turn, to fit them all
COACH_LINES = 3  # practice mode's coaching is cut after this many lines
SUMMARY_LINES = 3  # the ending's summary above the debrief button
PAUSE_LABEL, PAUSE_KEY = "Pause", "Esc"
END_LABEL, END_KEY = "See the debrief", "Enter"


@dataclass(frozen=True)
class CallContent:
    """What the layout depends on: the words on screen and which parts the call shows now."""

    line: str
    answers: tuple[str, ...]
    last_said: str = ""
    coach: str = ""
    timed: bool = False  # the node has a response timer
    ended: bool = False
    summary: str = ""  # the ending's summary, once the call has ended
    highlight: int = 0  # the highlighted answer: shown whole when the others are cut short
    persona_name: str = (
        ""  # the strip keeps room for its first word, so no name is cut inside a word
    )


@dataclass(frozen=True)
class CustomerPlace:
    """Where the face, the name, the role, the status line and the two meters go."""

    portrait: Box
    name_at: tuple[int, int]
    name_anchor: str  # "topleft" in the strip, "midtop" in the column
    name_w: int
    role_y: int | None  # None: no room for the role line
    status: Box
    meter_x: int
    meters_y: int
    meter_w: int
    meter_step: tuple[int, int]  # from the mood meter to the patience meter
    meters: Box  # both meters, with a margin for their anti-aliased edges

    @property
    def mood_meter(self) -> Box:
        """The mood meter's label row and bar."""
        return Box(self.meter_x, self.meters_y, self.meter_w, 0)

    @property
    def patience_meter(self) -> Box:
        """The patience meter's label row and bar."""
        dx, dy = self.meter_step
        return Box(self.meter_x + dx, self.meters_y + dy, self.meter_w, 0)


@dataclass(frozen=True)
class CallLayout:
    """Every part of the call screen for one window size, text size and content."""

    width: int
    height: int
    top_h: int  # the title bar
    hint_y: int  # the key hints along the bottom
    narrow: bool  # the customer is in a strip above rather than a column at the left
    left: Box  # the customer's column or strip
    right: Box  # the words and the answers
    pause_button: Box
    customer: CustomerPlace
    bubble: Box  # the speech bubble
    caption: Box  # the caption's rows inside the bubble
    caption_width: int  # the width the caption is wrapped to
    cap_rows: int  # caption rows shown at once
    timer: Box | None
    coach: Box | None
    choices_label_y: int
    choice_area: Box  # the answers scroll within this
    cards: tuple[Box, ...]  # each answer card, before scrolling
    card_lines: tuple[
        int | None, ...
    ]  # lines each card shows (None: all; fewer end in an ellipsis)
    cards_h: int  # the height all the cards take, with their gaps and a little slack
    cue: Box | None  # where the hint row says answers are out of view
    summary_lines: int
    end_button: Box | None

    @property
    def max_scroll(self) -> int:
        """How far the answers can scroll."""
        return max(0, self.cards_h - self.choice_area.h)

    def cards_at(self, scroll: int) -> tuple[Box, ...]:
        """The cards scrolled up by ``scroll`` pixels."""
        return tuple(c.moved(dy=-scroll) for c in self.cards)


def lay_out_call(
    width: int, height: int, theme: Theme, measure: TextMeasure, content: CallContent
) -> CallLayout:
    """The call screen for a window ``width`` x ``height``."""
    t, pad = theme, theme.pad
    top_h = measure.line_height(t.heading, True) + pad * 2
    hint_h = measure.line_height(t.small) + pad
    hint_y = height - hint_h + pad // 3
    body = Box(pad, top_h + pad, width - pad * 2, hint_y - pad // 2 - top_h - pad)
    left_w = max(t.column_min, min(int(width * 0.28), t.column_max))
    # huge text: the answers need the whole width, so the customer goes into the strip above
    narrow = body.w - left_w - pad < t.answers_min_width or t.scale >= HUGE_SCALE
    if narrow:
        strip_h = _strip_height(theme, measure)
        left = Box(body.x, body.y, body.w, strip_h)
        right = Box(body.x, left.bottom + pad, body.w, body.bottom - left.bottom - pad)
        customer = _customer_in_strip(theme, measure, left, content.persona_name)
    else:
        left = Box(body.x, body.y, left_w, body.h)
        right = Box(left.right + pad, body.y, body.right - left.right - pad, body.h)
        customer = _customer_in_column(theme, measure, left)
    pause_w = button_width(measure, t, PAUSE_LABEL, PAUSE_KEY)
    bh = button_height(t)
    pause = Box(width - pad - pause_w, (top_h - bh) // 2, pause_w, bh)
    return _lay_out_right(
        theme,
        measure,
        content,
        CallLayout(
            width=width,
            height=height,
            top_h=top_h,
            hint_y=hint_y,
            narrow=narrow,
            left=left,
            right=right,
            pause_button=pause,
            customer=customer,
            bubble=right,
            caption=right,
            caption_width=1,
            cap_rows=1,
            timer=None,
            coach=None,
            choices_label_y=right.y,
            choice_area=right,
            cards=(),
            card_lines=(),
            cards_h=0,
            cue=None,
            summary_lines=0,
            end_button=None,
        ),
    )


def _strip_height(theme: Theme, measure: TextMeasure) -> int:
    """Height of the customer strip: face, name and status, and the two meters side by side."""
    words = measure.line_height(theme.body, True) + measure.line_height(theme.small, True)
    return max(words, meter_height(measure, theme)) + theme.pad * 2


def _customer_in_strip(theme: Theme, measure: TextMeasure, left: Box, name: str) -> CustomerPlace:
    """Face at the left of the strip, name and status beside it, then MOOD and PATIENCE side by side."""
    t, pad = theme, theme.pad
    lh_name, lh_status = measure.line_height(t.body, True), measure.line_height(t.small, True)
    mh = meter_height(measure, t)
    size = left.h - pad * 2
    portrait = Box(left.x + pad, left.y + pad, size, size)
    x = portrait.right + pad
    room = left.right - pad - x
    first_word = measure.width(f"{name.split(' ')[0]}…", t.body, True) if name else 0
    text_w = max(t.strip_text_min, (room - pad * 2) * 2 // 6, min(first_word, room // 2))
    words_y = left.y + (left.h - lh_name - lh_status) // 2
    meters_x = x + text_w + pad
    meter_w = (left.right - pad - meters_x - pad) // 2
    meters_y = left.y + (left.h - mh) // 2
    return CustomerPlace(
        portrait=portrait,
        name_at=(x, words_y),
        name_anchor="topleft",
        name_w=text_w,
        role_y=None,  # no room in the strip; the column shows it
        status=Box(x, words_y + lh_name, text_w, lh_status),
        meter_x=meters_x,
        meters_y=meters_y,
        meter_w=meter_w,
        meter_step=(meter_w + pad, 0),
        meters=Box(meters_x - 2, meters_y - 2, meter_w * 2 + pad + 4, mh + 4),
    )


def _customer_in_column(theme: Theme, measure: TextMeasure, left: Box) -> CustomerPlace:
    """Face at the top of the column, then name, role, status and the two meters one above the other."""
    t, pad = theme, theme.pad
    lh_name, lh_small = measure.line_height(t.body, True), measure.line_height(t.small)
    lh_status = measure.line_height(t.small, True)
    mh = meter_height(measure, t)
    inner = left.w - pad * 2
    below = lh_name + lh_small + lh_status + mh * 2 + pad // 2 + pad * 2
    show_role = True
    size = min(inner, left.h - below - pad * 2)
    if size < t.face_min:  # a short window: the role line goes so the face stays recognisable
        show_role = False
        size = min(inner, left.h - below + lh_small - pad * 2)
    size = max(t.face_floor, size)
    portrait = Box(left.centerx - size // 2, left.y + pad, size, size)
    y = portrait.bottom + pad // 2
    name_at = (left.centerx, y)
    y += lh_name
    role_y = y if show_role else None
    y += lh_small if show_role else 0
    status = Box(left.x + pad, y, inner, lh_status)
    y += lh_status + pad
    step = (0, mh + pad // 2)
    return CustomerPlace(
        portrait=portrait,
        name_at=name_at,
        name_anchor="midtop",
        name_w=inner,
        role_y=role_y,
        status=status,
        meter_x=left.x + pad,
        meters_y=y,
        meter_w=inner,
        meter_step=step,
        meters=Box(left.x + pad - 2, y - 2, inner + 4, mh + step[1] + 4),
    )


def _card_boxes(
    theme: Theme,
    measure: TextMeasure,
    right: Box,
    content: CallContent,
    most: int | None = None,
    columns: int = 1,
) -> tuple[list[Box], list[int | None]]:
    """Each answer's card, row by row from y = 0 in ``columns`` columns, and the lines it shows: at most
    ``most`` lines for each answer but the highlighted one, which is always whole."""
    t, pad, gap = theme, theme.pad, theme.card_gap
    col_w = (right.w - gap * (columns - 1)) // columns
    heights: list[int] = []
    shown: list[int | None] = []
    for i, answer in enumerate(content.answers):
        lines = len(measure.wrap(answer, t.body, card_text_width(theme, col_w)))
        cap = None if most is None or i == content.highlight or lines <= most else most
        heights.append(max((cap or lines) * measure.line_height(t.body), t.answer_badge) + pad)
        shown.append(cap)
    boxes: list[Box] = []
    y = 0
    for first in range(0, len(heights), columns):
        row = heights[first : first + columns]
        for k in range(len(row)):
            boxes.append(Box(right.x + k * (col_w + gap), y, col_w, max(row)))
        y += max(row) + gap
    return boxes, shown


def _fitting_cards(
    theme: Theme, measure: TextMeasure, right: Box, content: CallContent, room: int
) -> tuple[list[Box], list[int | None]]:
    """The cards whole when they fit ``room`` (in one column, else two when the column is wide enough);
    else every answer but the highlighted one cut to two lines, then one (any of them is whole once
    highlighted); one column cut shortest when none fits."""
    two = right.w >= 2 * theme.answer_column_min + theme.card_gap
    layouts = [
        (most, columns) for most in (None, *COMPACT_LINES) for columns in ((1, 2) if two else (1,))
    ]
    for most, columns in layouts:
        cards = _card_boxes(theme, measure, right, content, most, columns)
        if not cards[0] or cards_bottom(cards[0]) + theme.nudge <= room:
            return cards
    # nothing fits: one column, cut shortest, scrolling under the cue in the hint row
    return _card_boxes(theme, measure, right, content, COMPACT_LINES[-1], 1)


def cards_bottom(cards: list[Box] | tuple[Box, ...]) -> int:
    """The lowest edge of any card."""
    return max((c.bottom for c in cards), default=0)


def card_text_width(theme: Theme, card_w: int) -> int:
    """The width an answer's words wrap to on a card ``card_w`` wide (the badge takes the left)."""
    return card_w - theme.answer_badge - theme.pad * 3


def _lay_out_right(
    theme: Theme, measure: TextMeasure, content: CallContent, base: CallLayout
) -> CallLayout:
    """Share the right column between the bubble, the timer, the coaching and the answers, answers first."""
    t, pad, right = theme, theme.pad, base.right
    inner = right.w - pad * 2
    lh_cap = measure.line_height(t.caption)
    caption_w = inner - pad
    n_lines = max(1, len(measure.wrap(content.line or " ", t.caption, caption_w)))
    said_h = measure.line_height(t.small) + pad // 2 if content.last_said else 0
    label_h = measure.line_height(t.small, True) + pad // 2
    mh = meter_height(measure, t)
    timer_h = mh + pad // 2 if content.timed else 0
    coach_h = 0
    if content.coach:
        coach_h = block_height(measure, content.coach, t.small, inner - pad * 2, COACH_LINES)
        coach_h += pad + pad // 2
    answer_label_h = measure.line_height(t.small, True) + pad // 3
    room = right.h - pad - timer_h - coach_h - answer_label_h  # for the bubble and the answers
    full = said_h + label_h + n_lines * lh_cap + pad * 2
    # the caption keeps two rows whatever the answers need (they scroll, with a cue in the hint row)
    least = said_h + label_h + min(n_lines, CAPTION_ROWS_KEPT) * lh_cap + pad * 2
    cards, card_lines = _fitting_cards(theme, measure, right, content, room - least)
    cards_h = cards_bottom(cards) + t.nudge
    if content.ended:
        want = button_height(t) + measure.line_height(t.body) * 2 + pad
    elif cards:
        want = cards_h  # every answer before more caption rows (the caption scrolls, with a cue)
    else:
        want = 0
    bubble_h = max(least, min(full, room - want))
    cap_rows = max(1, (bubble_h - pad * 2 - said_h - label_h) // lh_cap)
    bubble = Box(right.x, right.y, right.w, bubble_h)
    caption = Box(bubble.x + pad, bubble.y + pad + said_h + label_h, caption_w, cap_rows * lh_cap)
    y = bubble.bottom + pad
    timer = None
    if timer_h:
        timer = Box(right.x, y, right.w, mh)
        y = timer.bottom + pad // 2
    coach = None
    if content.coach:
        coach = Box(right.x, y, right.w, coach_h - pad // 2)
        y = coach.bottom + pad // 2
    choices_label_y = y
    y += answer_label_h
    area = Box(right.x - 2, y, right.w + 4, max(0, right.bottom - y))
    cards = [c.moved(dy=area.y + t.hairline) for c in cards]
    cue = None
    if cards_h > area.h and not content.ended:
        # the cue sits in the hint row just under the answers, never on a card's border
        cue = Box(right.x, base.hint_y, right.w, measure.line_height(t.small))
    summary_lines, end_button = _end_of_call(theme, measure, content, right, area)
    return CallLayout(
        width=base.width,
        height=base.height,
        top_h=base.top_h,
        hint_y=base.hint_y,
        narrow=base.narrow,
        left=base.left,
        right=right,
        pause_button=base.pause_button,
        customer=base.customer,
        bubble=bubble,
        caption=caption,
        caption_width=caption_w,
        cap_rows=cap_rows,
        timer=timer,
        coach=coach,
        choices_label_y=choices_label_y,
        choice_area=area,
        cards=tuple(cards),
        card_lines=tuple(card_lines),
        cards_h=cards_h,
        cue=cue,
        summary_lines=summary_lines,
        end_button=end_button,
    )


def _end_of_call(
    theme: Theme, measure: TextMeasure, content: CallContent, right: Box, area: Box
) -> tuple[int, Box | None]:
    """Once the call has ended: how many lines of its summary show, and the debrief button below them."""
    if not content.ended:
        return 0, None
    t, pad = theme, theme.pad
    bh = button_height(t)
    summary_lines = min(SUMMARY_LINES, max(0, (area.h - bh - pad) // measure.line_height(t.body)))
    sh = 0
    if content.summary and summary_lines:
        sh = block_height(measure, content.summary, t.body, right.w, summary_lines)
    top = min(area.y + sh + pad // 2, right.bottom - bh)
    return summary_lines, Box(
        right.x + t.nudge, top, button_width(measure, t, END_LABEL, END_KEY), bh
    )
