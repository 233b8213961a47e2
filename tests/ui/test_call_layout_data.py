"""The call screen's layout, caption reveal and response clock as plain data: no window, no fonts.

A monospace measure (every character 10 px wide at size 10, lines 1.2 x the size) stands in for the
fonts, so each expectation below can be worked out by hand.
"""

from __future__ import annotations

import itertools

import pytest

from simulator.ui.geometry import Box
from simulator.ui.scenes.call_caption import EARLIER_CUE, MORE_CUE, CaptionReveal
from simulator.ui.scenes.call_layout import CallContent, CallLayout, lay_out_call
from simulator.ui.scenes.call_timing import HOLD_PAUSE, HOLD_RESIZE, ResponseClock
from simulator.ui.settings import TEXT_SIZES, fitting_text_size
from simulator.ui.theme import make_theme


class Mono:
    """Every character is ``size`` px wide; a line is 1.2 x ``size`` high."""

    def line_height(self, size: int, bold: bool = False) -> int:
        return round(size * 1.2)

    def width(self, text: str, size: int, bold: bool = False) -> int:
        return len(text) * size

    def wrap(self, text: str, size: int, width: int, bold: bool = False) -> list[str]:
        per_line = max(1, width // size)
        lines, current = [], ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if len(candidate) <= per_line:
                current = candidate
            else:
                if current:
                    lines.append(current)
                current = word
        return [*lines, current]


ANSWERS = (
    "I'm sorry to hear that; let me look up the parcel with you now.",
    "Parcels are not my department.",
    "Can you give me the tracking number, please?",
)


def layout(size: tuple[int, int], scale: float = 1.0, **content: object) -> CallLayout:
    base = {"line": "Where is my parcel? It was due on Monday.", "answers": ANSWERS, "timed": True}
    base.update(content)
    return lay_out_call(*size, make_theme(False, scale), Mono(), CallContent(**base))  # type: ignore[arg-type]


def boxes(lay: CallLayout) -> dict[str, Box]:
    parts = {
        "left": lay.left,
        "right": lay.right,
        "bubble": lay.bubble,
        "caption": lay.caption,
        "choices": lay.choice_area,
        "portrait": lay.customer.portrait,
        "status": lay.customer.status,
        "meters": lay.customer.meters,
        "pause": lay.pause_button,
    }
    if lay.timer is not None:
        parts["timer"] = lay.timer
    return parts


SIZES = [(640, 480), (800, 600), (1280, 720), (1920, 1080)]


def shown_scale(setting: str, size: tuple[int, int]) -> float:
    """The text scale the game shows for this setting in a window this size."""
    return TEXT_SIZES[fitting_text_size(setting, size)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("setting", list(TEXT_SIZES))
def test_every_part_is_inside_the_window_and_the_columns_do_not_overlap(
    size: tuple[int, int], setting: str
) -> None:
    lay = layout(size, shown_scale(setting, size))
    window = Box(0, 0, *size)
    for name, box in boxes(lay).items():
        assert window.contains(box), f"{name} {box} is outside {size}"
    assert not lay.left.overlaps(lay.right)
    assert lay.bubble.bottom <= lay.timer.y <= lay.timer.bottom <= lay.choice_area.y  # type: ignore[union-attr]
    assert lay.choice_area.bottom <= lay.hint_y
    assert lay.caption.bottom <= lay.bubble.bottom and lay.bubble.contains(lay.caption)
    assert lay.left.contains(lay.customer.portrait)
    assert not lay.customer.portrait.overlaps(lay.customer.status)
    assert not lay.customer.status.overlaps(lay.customer.meters)


def test_a_wide_window_puts_the_customer_in_a_column_and_a_narrow_one_in_a_strip() -> None:
    wide, narrow = layout((1280, 720)), layout((640, 480))
    assert not wide.narrow and wide.left.right < wide.right.x and wide.left.h == wide.right.h
    assert narrow.narrow and narrow.left.bottom < narrow.right.y and narrow.left.w == narrow.right.w
    assert narrow.customer.role_y is None and wide.customer.role_y is not None
    assert layout((1920, 1080), scale=1.4).narrow  # huge text: the answers get the whole width


def test_cards_stack_in_order_with_gaps_and_scroll_by_the_same_amount() -> None:
    lay = layout((800, 600))
    cards = lay.cards
    assert len(cards) == len(ANSWERS)
    gap = make_theme(False, 1.0).card_gap
    for above, below in itertools.pairwise(cards):
        assert below.y == above.bottom + gap
    moved = lay.cards_at(25)
    assert [c.y for c in moved] == [c.y - 25 for c in cards]
    assert lay.max_scroll == max(0, lay.cards_h - lay.choice_area.h)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("setting", list(TEXT_SIZES))
def test_the_caption_keeps_at_least_two_rows_when_the_answers_crowd_it(
    size: tuple[int, int], setting: str
) -> None:
    long_line = " ".join(["the parcel never came to my door"] * 10)
    many = tuple(f"answer {i} " + "word " * 30 for i in range(5))
    lay = layout(size, shown_scale(setting, size), line=long_line, answers=many)
    assert lay.cap_rows >= 2


def test_the_end_of_a_call_places_the_debrief_button_in_the_answers_column() -> None:
    lay = layout((800, 600), ended=True, answers=(), summary="She was pleased in the end.")
    assert lay.end_button is not None and lay.right.contains(lay.end_button)
    assert lay.cue is None and lay.cards == ()


def test_the_caption_reveals_follows_the_voice_and_scrolls_back() -> None:
    caption = CaptionReveal()
    caption.start("one two three four five six")
    caption.set_lines(["one two", "three four", "five six"], rows=2)
    assert not caption.done and caption.cue() == ""
    for chars in range(1, len(caption.text) + 1):
        caption.advance(float(chars))
    assert caption.done and caption.first == 1 and caption.cue() == EARLIER_CUE
    caption.scroll(-5)
    assert caption.first == 0 and caption.cue() == MORE_CUE
    caption.scroll(+5)
    assert caption.first == 1  # never past the last rows


def test_a_reveal_that_jumps_ahead_keeps_the_start_of_the_line_in_view() -> None:
    caption = CaptionReveal()
    caption.start("one two three four five six")
    caption.set_lines(["one two", "three four", "five six"], rows=1)
    caption.advance(float(len(caption.text)))
    assert caption.first == 0 and caption.cue() == MORE_CUE


def test_caption_runs_cover_only_the_characters_that_appeared() -> None:
    caption = CaptionReveal()
    caption.start("ab cd")
    caption.set_lines(["ab", "cd"], rows=2)
    runs = caption.runs(1, 4, width_of=lambda s: len(s) * 10)
    assert runs == [(0, 10, 24), (1, 0, 10)]


def test_the_response_clock_stops_on_hold_and_goes_on_from_where_it_stopped() -> None:
    clock = ResponseClock()
    assert clock.elapsed(5.0) == 0.0  # the customer is still talking
    clock.finish(10.0)
    assert clock.elapsed(13.0) == 3.0
    assert clock.hold(HOLD_RESIZE, 13.0)
    assert not clock.hold(HOLD_PAUSE, 14.0)  # already on hold: the first hold's start counts
    assert clock.elapsed(40.0) == 3.0
    assert not clock.release(HOLD_RESIZE, 41.0)  # the pause still holds it
    assert clock.release(HOLD_PAUSE, 50.0)
    assert clock.elapsed(52.0) == 5.0


def test_a_line_that_ends_while_on_hold_starts_its_clock_when_the_hold_ends() -> None:
    clock = ResponseClock()
    clock.hold(HOLD_RESIZE, 1.0)
    clock.finish(2.0)
    assert clock.elapsed(9.0) == 0.0
    clock.release(HOLD_RESIZE, 10.0)
    assert clock.elapsed(12.0) == 2.0


def test_answers_that_do_not_fit_are_cut_short_except_the_highlighted_one() -> None:
    long_answers = tuple(f"answer {i} " + "word " * 40 for i in range(4))
    whole = layout((800, 600), answers=long_answers[:1])
    assert whole.card_lines == (None,)
    for highlight in (0, 2):
        lay = layout((800, 600), answers=long_answers, highlight=highlight)
        assert lay.card_lines[highlight] is None  # the highlighted answer is whole
        cut = [n for i, n in enumerate(lay.card_lines) if i != highlight]
        assert cut and all(n is not None and n <= 2 for n in cut)
        assert len(lay.cards) == len(long_answers)


def test_a_wide_column_puts_answers_side_by_side_when_one_column_would_scroll() -> None:
    # four answers too long for one column of 1920x1080 at huge text, short enough for two
    answers = tuple(f"answer {i} " + "word " * 40 for i in range(4))
    one_column = layout((1920, 1080), 1.4, answers=answers[:1], line="Hello.")
    assert len({c.x for c in one_column.cards}) == 1
    lay = layout((1920, 1080), 1.4, answers=answers, line="Hello.")
    left, right = sorted({c.x for c in lay.cards})
    assert right > left and lay.card_lines == (None,) * 4  # side by side, every answer whole
    assert lay.cards_h <= lay.choice_area.h
    assert all(not a.overlaps(b) for a in lay.cards for b in lay.cards if a is not b)
    assert all(lay.right.contains(c) for c in lay.cards)


def test_a_small_window_turns_compact_in_steps_so_every_answer_shows_at_once() -> None:
    answers = tuple(f"answer {i} " + "word " * 14 for i in range(4))
    line = "Where is my parcel? " * 8
    roomy = layout((1920, 1080), answers=answers, line=line)
    assert (roomy.compact, roomy.timer_label, roomy.pause_key) == (0, "TIME TO RESPOND", "Esc")
    seen = set()
    for size, scale in (((640, 480), 1.0), ((800, 600), 1.2), ((1280, 720), 1.4)):
        for highlight in range(len(answers)):
            lay = layout(size, scale, answers=answers, line=line, highlight=highlight)
            seen.add(lay.compact)
            assert lay.cards_h <= lay.choice_area.h, (size, scale, lay.compact)
            assert all(lay.choice_area.contains(c) for c in lay.cards)
            assert lay.card_lines[highlight] is None and lay.cap_rows >= 2
            assert all(not a.overlaps(b) for a in lay.cards for b in lay.cards if a is not b)
            if lay.compact:  # the timer names the answers below it; tight cards, a line each
                assert lay.timer is not None and lay.timer.y == lay.choices_label_y
                assert lay.timer_label == "YOUR ANSWER" and lay.cards_look is not None
                assert all(n in (None, 1) for n in lay.card_lines)
            if lay.compact >= 2:  # no title bar: the strip opens the screen, the pause button in it
                assert lay.top_h == 0 and lay.left.contains(lay.pause_button)
                assert not lay.customer.words and lay.pause_key == ""
                assert not lay.pause_button.overlaps(lay.customer.meters)
    assert seen >= {1, 2}, seen
