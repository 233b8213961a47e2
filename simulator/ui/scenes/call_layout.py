"""Where the call screen's parts go, as plain data computed without pygame.

Two columns (the customer left, words and answers right), or the customer in a strip above in a
narrow window or with huge text. The caption bubble and the answer cards share the right column,
answers first; the caption keeps at least two rows and scrolls within its bubble.

Every answer is on screen at once, the highlighted one whole. When they do not fit as they are, the
others are cut to two lines, then one (at a word, with an ellipsis); then the layout turns compact
in steps (``COMPACT_STEPS``): tighter cards with a badge the size of a line and the response timer
in the answers' label row, then the customer's strip takes the place of the title bar (the pause
button moves into it). Only when even that cannot hold them do the answers scroll, under a cue.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
TIMER_LABEL, ANSWERS_LABEL = "TIME TO RESPOND", "YOUR ANSWER"
COMPACT_PAIR_MIN = (
    160  # compact answers go two to a row only if each keeps this much room for words
)
# 0: as designed; 1: tight cards and the timer in the answers' label row; 2: and no title bar
COMPACT_STEPS = (0, 1, 2)


@dataclass(frozen=True)
class CardStyle:
    """How an answer card is drawn: its number badge's side, the padding above and below its words, the gap
    to the next card."""

    badge: int
    pad: int
    gap: int


def card_style(theme: Theme, measure: TextMeasure, compact: int) -> CardStyle:
    """Cards as designed, or (compact) with a badge the height of a line and less space around them."""
    if not compact:
        return CardStyle(theme.answer_badge, theme.pad, theme.card_gap)
    return CardStyle(measure.line_height(theme.body), theme.pad // 3, theme.px(6))


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
    # False in the most compact strip: no name and status beside the face (the bubble names the
    # customer, the mood meter says the mood, the timer says "On hold"), so the meters keep their words
    words: bool = True

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
    compact: int = 0  # the step of COMPACT_STEPS this layout took
    cards_look: CardStyle | None = None  # None: as designed (theme.answer_badge, pad, card_gap)
    timer_label: str = TIMER_LABEL  # ANSWERS_LABEL when the timer sits in the answers' label row
    bubble_pad: int = 0  # the bubble's padding above and below its words (the theme's pad, or half)
    pause_key: str = PAUSE_KEY  # the key shown on the pause button ("" in the strip)
    said_shown: bool = True  # the bubble's "You: ..." line (left out in the most compact step)

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
    """The call screen for a window ``width`` x ``height``: the least compact step that shows every answer
    at once (the most compact one when none does)."""
    lay = _lay_out(width, height, theme, measure, content, COMPACT_STEPS[0])
    for compact in COMPACT_STEPS[1:]:
        if content.ended or lay.cards_h <= lay.choice_area.h:
            break
        lay = _lay_out(width, height, theme, measure, content, compact)
    return lay


def _lay_out(
    width: int, height: int, theme: Theme, measure: TextMeasure, content: CallContent, compact: int
) -> CallLayout:
    """The call screen at compact step ``compact``."""
    t, pad = theme, theme.pad
    bh = button_height(t)
    # the last step: no title bar; the customer's strip opens the screen and holds the pause button,
    # without its key (the hint row says "Esc pause"), so the meters keep their words
    top_h = 0 if compact >= 2 else measure.line_height(t.heading, True) + pad * 2
    pause_key = PAUSE_KEY if top_h else ""
    pause_w = button_width(measure, t, PAUSE_LABEL, pause_key)
    hint_h = measure.line_height(t.small) + pad
    hint_y = height - hint_h + pad // 3
    top = top_h + (pad if top_h else pad // 2)
    body = Box(pad, top, width - pad * 2, hint_y - pad // 2 - top)
    left_w = max(t.column_min, min(int(width * 0.28), t.column_max))
    # huge text: the answers need the whole width, so the customer goes into the strip above
    narrow = body.w - left_w - pad < t.answers_min_width or t.scale >= HUGE_SCALE or compact >= 2
    if narrow:
        left, right, customer = _strip_over_answers(theme, measure, content, body, top_h, pause_w)
    else:
        left = Box(body.x, body.y, left_w, body.h)
        right = Box(left.right + pad, body.y, body.right - left.right - pad, body.h)
        customer = _customer_in_column(theme, measure, left)
    if top_h:
        pause = Box(width - pad - pause_w, (top_h - bh) // 2, pause_w, bh)
    else:
        pause = Box(left.right - pad - pause_w, left.y + (left.h - bh) // 2, pause_w, bh)
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
            compact=compact,
            cards_look=card_style(theme, measure, compact) if compact else None,
            timer_label=ANSWERS_LABEL if compact else TIMER_LABEL,
            pause_key=pause_key,
        ),
    )


def _strip_over_answers(
    theme: Theme, measure: TextMeasure, content: CallContent, body: Box, top_h: int, pause_w: int
) -> tuple[Box, Box, CustomerPlace]:
    """The customer in a strip across the top of ``body``, the answers' column under it."""
    pad = theme.pad
    inset = pad if top_h else pad // 2  # the last step: every pixel for the answers
    strip_h = max(
        _strip_height(theme, measure, inset), button_height(theme) + inset * 2 if not top_h else 0
    )
    left = Box(body.x, body.y, body.w, strip_h)
    gap = pad if top_h else pad // 2
    right = Box(body.x, left.bottom + gap, body.w, body.bottom - left.bottom - gap)
    # without a title bar the pause button sits at the strip's right end
    room = left if top_h else Box(left.x, left.y, left.w - pause_w - pad, left.h)
    return left, right, _customer_in_strip(theme, measure, room, content.persona_name, inset)


def _strip_height(theme: Theme, measure: TextMeasure, inset: int) -> int:
    """Height of the customer strip: face, name and status, and the two meters side by side, ``inset``
    from its edges."""
    words = measure.line_height(theme.body, True) + measure.line_height(theme.small, True)
    return max(words, meter_height(measure, theme)) + inset * 2


def _customer_in_strip(
    theme: Theme, measure: TextMeasure, left: Box, name: str, inset: int
) -> CustomerPlace:
    """Face at the left of the strip, name and status beside it, then MOOD and PATIENCE side by side."""
    t, pad = theme, theme.pad
    lh_name, lh_status = measure.line_height(t.body, True), measure.line_height(t.small, True)
    mh = meter_height(measure, t)
    size = left.h - inset * 2
    portrait = Box(left.x + pad, left.y + inset, size, size)
    x = portrait.right + pad
    room = left.right - pad - x
    first_word = measure.width(f"{name.split(' ')[0]}…", t.body, True) if name else 0
    words = (
        inset >= pad
    )  # the most compact strip (half the inset) keeps the face and the meters only
    text_w = max(t.strip_text_min, (room - pad * 2) * 2 // 6, min(first_word, room // 2))
    if not words:
        text_w = -pad
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
        words=words,
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
    look: CardStyle | None = None,
    solo: bool = False,
) -> tuple[list[Box], list[int | None]]:
    """Each answer's card, row by row from y = 0 in ``columns`` columns, and the lines it shows: at most
    ``most`` lines for each answer but the highlighted one, which is always whole (``solo``: on a row of
    its own, the whole width)."""
    t = theme
    look = look or card_style(theme, measure, 0)
    gap = look.gap
    col_w = (right.w - gap * (columns - 1)) // columns
    heights: list[int] = []
    shown: list[int | None] = []
    for i, answer in enumerate(content.answers):
        width = right.w if solo and i == content.highlight else col_w
        lines = len(measure.wrap(answer, t.body, card_text_width(theme, width, look.badge)))
        cap = None if most is None or i == content.highlight or lines <= most else most
        heights.append(max((cap or lines) * measure.line_height(t.body), look.badge) + look.pad)
        shown.append(cap)
    boxes: list[Box] = []
    y = 0
    for row in _rows(len(heights), columns, content.highlight if solo else None):
        tallest = max(heights[i] for i in row)
        for k in range(len(row)):
            w = right.w if len(row) == 1 and solo else col_w
            boxes.append(Box(right.x + k * (col_w + gap), y, w, tallest))
        y += tallest + gap
    return boxes, shown


def _rows(count: int, columns: int, solo: int | None) -> list[list[int]]:
    """The answers' indices row by row, in order; answer ``solo`` (the highlighted one) on a row of its own
    across the whole width."""
    rows: list[list[int]] = []
    for i in range(count):
        if i == solo or not rows or len(rows[-1]) >= columns or rows[-1][0] == solo:
            rows.append([i])
        else:
            rows[-1].append(i)
    return rows


def _fitting_cards(
    theme: Theme,
    measure: TextMeasure,
    right: Box,
    content: CallContent,
    room: int,
    look: CardStyle | None = None,
) -> tuple[list[Box], list[int | None]]:
    """The cards whole when they fit ``room`` (in one column, else two when the column is wide enough);
    else every answer but the highlighted one cut to two lines, then one (any of them is whole once
    highlighted); one column cut shortest when none fits. Compact cards (``look``) are only ever cut
    to one line."""
    two = right.w >= 2 * theme.answer_column_min + theme.card_gap
    if look is None:
        layouts = [
            (most, columns, False)
            for most in (None, *COMPACT_LINES)
            for columns in ((1, 2) if two else (1,))
        ]
    else:  # one line each, the highlighted one whole across the width, the others two to a row
        pairs = card_text_width(theme, right.w // 2, look.badge) >= theme.px(COMPACT_PAIR_MIN)
        layouts = [
            (COMPACT_LINES[-1], 1, False),
            *([(COMPACT_LINES[-1], 2, True)] if pairs else []),
        ]
    for most, columns, solo in layouts:
        cards = _card_boxes(theme, measure, right, content, most, columns, look, solo)
        if not cards[0] or cards_bottom(cards[0]) + theme.nudge <= room:
            return cards
    # nothing fits: the most compact of them, scrolling under the cue in the hint row
    most, columns, solo = layouts[-1] if look is not None else (COMPACT_LINES[-1], 1, False)
    return _card_boxes(theme, measure, right, content, most, columns, look, solo)


def cards_bottom(cards: list[Box] | tuple[Box, ...]) -> int:
    """The lowest edge of any card."""
    return max((c.bottom for c in cards), default=0)


def card_text_width(theme: Theme, card_w: int, badge: int | None = None) -> int:
    """The width an answer's words wrap to on a card ``card_w`` wide (the badge, ``badge`` px wide, takes
    the left)."""
    return card_w - (theme.answer_badge if badge is None else badge) - theme.pad * 3


def _lay_out_right(
    theme: Theme, measure: TextMeasure, content: CallContent, base: CallLayout
) -> CallLayout:
    """Share the right column between the bubble, the timer, the coaching and the answers, answers first."""
    t, pad, right = theme, theme.pad, base.right
    inner = right.w - pad * 2
    lh_cap = measure.line_height(t.caption)
    caption_w = inner - pad
    n_lines = max(1, len(measure.wrap(content.line or " ", t.caption, caption_w)))
    # the trainee's own last words ("You: ...") go in the most compact step: the answers come first
    said = bool(content.last_said and base.top_h)
    said_h = measure.line_height(t.small) + pad // 2 if said else 0
    label_h = measure.line_height(t.small, True) + pad // 2
    mh = meter_height(measure, t)
    inline = bool(base.compact and content.timed)  # the timer is the answers' label row
    timer_h = mh + pad // 2 if content.timed and not inline else 0
    coach_h = 0
    if content.coach:
        coach_lines = COACH_LINES if not base.compact else 1
        coach_h = block_height(measure, content.coach, t.small, inner - pad * 2, coach_lines)
        coach_h += pad + pad // 2
    answer_label_h = (mh if inline else measure.line_height(t.small, True)) + pad // 3
    room = right.h - pad - timer_h - coach_h - answer_label_h  # for the bubble and the answers
    inset = pad if base.top_h else pad // 2  # the bubble's padding above and below its words
    full = said_h + label_h + n_lines * lh_cap + inset * 2
    # the caption keeps two rows whatever the answers need (they scroll, with a cue in the hint row)
    least = said_h + label_h + min(n_lines, CAPTION_ROWS_KEPT) * lh_cap + inset * 2
    cards, card_lines = _fitting_cards(
        theme, measure, right, content, room - least, base.cards_look
    )
    cards_h = cards_bottom(cards) + t.nudge
    if content.ended:
        want = button_height(t) + measure.line_height(t.body) * 2 + pad
    elif cards:
        want = cards_h  # every answer before more caption rows (the caption scrolls, with a cue)
    else:
        want = 0
    bubble_h = max(least, min(full, room - want))
    cap_rows = max(1, (bubble_h - inset * 2 - said_h - label_h) // lh_cap)
    bubble = Box(right.x, right.y, right.w, bubble_h)
    caption = Box(bubble.x + pad, bubble.y + inset + said_h + label_h, caption_w, cap_rows * lh_cap)
    y = bubble.bottom + (pad if base.top_h else pad // 2)
    timer, coach, choices_label_y = _under_bubble(theme, right, y, mh, timer_h, coach_h, inline)
    y = choices_label_y + answer_label_h
    area = Box(right.x - 2, y, right.w + 4, max(0, right.bottom - y))
    cards = [c.moved(dy=area.y + t.hairline) for c in cards]
    cue = None
    if cards_h > area.h and not content.ended:
        # the cue sits in the hint row just under the answers, never on a card's border
        cue = Box(right.x, base.hint_y, right.w, measure.line_height(t.small))
    summary_lines, end_button = _end_of_call(theme, measure, content, right, area)
    # the base's window, columns, customer and pause button stay; the right column is filled in
    return replace(
        base,
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
        timer_label=ANSWERS_LABEL if inline else TIMER_LABEL,
        bubble_pad=inset,
        said_shown=said,
    )


def _under_bubble(
    theme: Theme, right: Box, y: int, mh: int, timer_h: int, coach_h: int, inline: bool
) -> tuple[Box | None, Box | None, int]:
    """From ``y`` down: the timer (its own row, or ``inline``: the answers' label row), the coaching, and
    the top of the answers' label row."""
    pad = theme.pad
    timer = coach = None
    if timer_h:
        timer = Box(right.x, y, right.w, mh)
        y = timer.bottom + pad // 2
    if coach_h:
        coach = Box(right.x, y, right.w, coach_h - pad // 2)
        y = coach.bottom + pad // 2
    if inline:
        timer = Box(right.x, y, right.w, mh)
    return timer, coach, y


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
