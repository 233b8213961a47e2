"""Layout invariants at small and large windows, normal and huge text: nothing clipped or on top of anything."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from layout_states import make_app, open_screen, play_through
from ui_helpers import key, send

from simulator.ui import widgets
from simulator.ui.measure import meter_height
from simulator.ui.pg import pygame
from simulator.ui.scenes import call_drawing
from simulator.ui.scenes import picker as picker_module
from simulator.ui.scenes import progress as progress_module
from simulator.ui.scenes import settings as settings_module
from simulator.ui.widgets import meter_texts

SIZES = [(640, 480), (800, 600), (1280, 720)]
TEXT = ["normal", "huge"]
Rect = pygame.Rect


def drawn_texts(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Rect]]:
    """Every one-line text the top scene draws, with the part of it that is visible (inside the clip)."""
    seen: list[tuple[str, Rect]] = []
    real = widgets.text

    def spy(
        surf: Any,
        fonts: Any,
        s: str,
        pos: Any,
        size: int,
        colour: Any,
        bold: bool = False,
        anchor: str = "topleft",
    ) -> Rect:
        r = real(surf, fonts, s, pos, size, colour, bold, anchor)
        visible = r.clip(surf.get_clip())
        if visible.w and visible.h and s.strip():
            seen.append((s, visible))
        return r

    for module in (call_drawing, picker_module, progress_module, settings_module, widgets):
        monkeypatch.setattr(module, "text", spy)
    app.top.draw(app.screen)
    return seen


def assert_no_text_overlaps(texts: list[tuple[str, Rect]], window: Rect) -> None:
    for s, r in texts:
        assert window.contains(r), f"'{s}' at {r} is outside the window {window.size}"
    for i, (s1, r1) in enumerate(texts):
        for s2, r2 in texts[i + 1 :]:
            # a pixel of slack: anti-aliased edges of neighbouring rows may touch
            assert not r1.inflate(-2, -2).colliderect(r2.inflate(-2, -2)), (
                f"'{s1}' {r1} overlaps '{s2}' {r2}"
            )


def assert_buttons_fit(scene: Any, window: Rect) -> None:
    for i, b in enumerate(scene.buttons):
        assert window.contains(b.rect), f"button {b.label} {b.rect} is outside the window"
        for other in scene.buttons[i + 1 :]:
            assert not b.rect.colliderect(other.rect), (
                f"buttons {b.label} and {other.label} overlap"
            )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text_size", TEXT)
def test_call_screen_shows_the_answers_the_timer_and_words_that_fit(
    built: list[Any],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    text_size: str,
) -> None:
    app = open_screen(built, folder, size, text_size, "call")
    call = app.top
    window = Rect((0, 0), size)
    t, f = app.theme, app.fonts
    # the answers: the first shows at least two lines; any answer not wholly in view has a visible cue
    assert window.contains(call.lay.choice_area)
    first = Rect(call.view().cards[0].box).clip(call.lay.choice_area)
    assert first.h >= f.line_height(t.body) * 2, f"only {first.h}px of the first answer shows"
    cut = [c for c in call.view().cards if not call.lay.choice_area.contains(c.box)]
    if cut:
        assert call.answers_cue() and call.lay.cue is not None and window.contains(call.lay.cue)
    assert call.lay.choice_area.bottom <= call.lay.hint_y
    # the timer is on screen, between the words and the answers
    assert call.lay.timer is not None and window.contains(call.lay.timer)
    assert (
        call.lay.bubble.bottom <= call.lay.timer.top
        and call.lay.timer.bottom <= call.lay.choice_area.top
    )
    # the caption's rows fit inside the bubble
    y = call.lay.caption.y
    assert y + call.caption.rows * f.line_height(t.caption) <= call.lay.bubble.bottom
    # the customer's column or strip holds face, status and meters without overlaps
    assert call.lay.left.contains(call.lay.customer.portrait) and call.lay.left.contains(
        call.lay.customer.meters
    )
    assert not call.lay.customer.portrait.overlaps(
        call.lay.customer.status
    ) and not call.lay.customer.status.overlaps(call.lay.customer.meters)
    label, value = meter_texts(f, t, call.lay.customer.meter_w, "MOOD", "furious (-90)", "furious")
    gap = f.get(t.small, True).size(label)[0] + f.get(t.small).size(value)[0]
    assert gap <= call.lay.customer.meter_w
    assert call.lay.customer.meters.h >= meter_height(f, t)
    assert_no_text_overlaps(drawn_texts(app, monkeypatch), window)
    assert_buttons_fit(call, window)


@pytest.mark.parametrize("size", SIZES)
def test_a_long_caption_scrolls_in_its_bubble_and_follows_the_voice(
    built: list[Any], folder: Path, size: tuple[int, int]
) -> None:
    app = open_screen(built, folder, size, "huge", "call")
    call = app.top
    lines = call.caption.lines
    if len(lines) <= call.caption.rows:
        pytest.fail("the long line fits whole; the test needs a window where it does not")
    call.caption.revealed = 0.0
    call.caption.first = 0
    call.finished_at = None
    for chars in range(1, len(call.line) + 1):  # the voice reveals the line a letter at a time
        before, call.caption.revealed = call.caption.revealed, float(chars)
        call.caption.follow(before)
    assert call.caption.first == len(lines) - call.caption.rows  # the last words are in view
    assert call.caption.cue().startswith("↑")
    call.scroll_caption(-100)
    assert call.caption.first == 0 and "more" in call.caption.cue()


@pytest.mark.parametrize("size", SIZES)
def test_a_new_line_opens_at_its_start_even_when_the_reveal_jumps_ahead(
    built: list[Any], folder: Path, size: tuple[int, int]
) -> None:
    app = open_screen(built, folder, size, "huge", "call")
    call = app.top
    call.choose(call.view().cards[0].number)
    assert call.caption.first == 0
    # a slow first frame (or speech falling back to captions) reveals most of a long new line at once
    long = " ".join(["the parcel never came to my door"] * 12)
    call.caption.start(long)
    wrapped = app.fonts.wrap(long, app.theme.caption, call.lay.caption_width)
    call.caption.set_lines(wrapped, call.lay.cap_rows)
    lines = call.caption.lines
    assert len(lines) > call.caption.rows
    call.caption.revealed = float(len(long))
    call.caption.follow(0.0)
    assert call.caption.first == 0, "the new line opened on its end, not its start"
    assert "more" in call.caption.cue()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text_size", TEXT)
def test_picker_header_toolbar_and_list_do_not_overlap(
    built: list[Any],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    text_size: str,
) -> None:
    app = open_screen(built, folder, size, text_size, "picker")
    picker = app.top
    window = Rect((0, 0), size)
    title = Rect(
        picker.theme.pad * 2,
        picker.theme.pad,
        picker.fonts.get(picker.theme.title, True).size("On the Line")[0],
        picker.fonts.line_height(picker.theme.title, True),
    )
    for b in picker.buttons:
        assert not b.rect.colliderect(title), f"{b.label} covers the title"
        assert b.rect.bottom <= picker.list_area.top
    assert_buttons_fit(picker, window)
    assert_no_text_overlaps(drawn_texts(app, monkeypatch), window)


def test_picker_says_more_below_only_while_cards_are_below(built: list[Any], folder: Path) -> None:
    app = open_screen(built, folder, (640, 480), "normal", "picker")
    picker = app.top
    assert picker.max_scroll > 0, "the list must overflow for this test"
    assert picker.more_cue() == "more below ↓"
    send(app, key(pygame.K_END))  # to the last card, as the trainee would
    assert picker.selected == len(picker.cards) - 1
    assert picker.cards[-1].rect.bottom <= picker.list_area.bottom
    assert picker.more_cue() == "↑ more above"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text_size", TEXT)
def test_settings_rows_labels_values_and_notices_fit(
    built: list[Any],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    text_size: str,
) -> None:
    app = open_screen(built, folder, size, text_size, "settings")
    settings = app.top
    window = Rect((0, 0), size)
    f, t = settings.fonts, settings.theme
    for r in settings.rows:
        label_w = f.get(t.body, True).size(r.label)[0]
        assert r.rect.x + t.pad + label_w < r.minus.x, f"'{r.label}' runs into its arrow"
        assert r.rect.bottom < settings.buttons[0].rect.top
    assert_buttons_fit(settings, window)
    assert_no_text_overlaps(drawn_texts(app, monkeypatch), window)
    if app.text_size != text_size:
        assert app.text_size_note in settings.notices()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text_size", TEXT)
def test_progress_chart_keeps_a_readable_height(
    built: list[Any],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    text_size: str,
) -> None:
    app = open_screen(built, folder, size, text_size, "progress")
    progress = app.top
    window = Rect((0, 0), size)
    assert window.contains(progress.chart_card) and window.contains(progress.side_card)
    assert not progress.chart_card.colliderect(progress.side_card)
    assert all(progress.chart_card.bottom < b.rect.top for b in progress.buttons)
    texts = drawn_texts(app, monkeypatch)
    assert "Play a call to see your first scores here." not in [s for s, _ in texts]
    ticks = [
        r
        for s, r in texts
        if s in ("0%", "100%") and r.right < progress.chart_card.x + progress.theme.px(70)
    ]
    assert len(ticks) == 2 and ticks[0].top - ticks[1].top >= 60, "the chart is squeezed"
    assert not any(s == "…" for s, _ in texts)
    assert_no_text_overlaps(texts, window)


def test_text_size_too_big_for_the_window_is_capped_and_grows_back(
    built: list[Any], folder: Path
) -> None:
    app = open_screen(built, folder, (640, 480), "huge", "settings")
    assert app.text_size == "normal" and app.theme.scale == 1.0
    assert "too small for huge" in (app.text_size_note or "")
    app.screen = pygame.display.set_mode((1280, 720))
    app.relayout()
    assert app.text_size == "huge" and app.theme.scale == 1.4 and app.text_size_note is None


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text_size", TEXT)
def test_progress_shows_a_grade_row_under_its_heading_and_names_in_the_legend(
    built: list[Any],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    text_size: str,
) -> None:
    from dataclasses import replace

    from simulator.ui.scenes.picker import PickerScene
    from simulator.ui.scenes.progress import ProgressScene

    app = make_app(size, text_size, False, folder)
    built.append(app)
    play_through(app, folder)
    store = app.services.store
    first = store.calls()[0]
    store.record_call(
        replace(first, id=None, scenario_id="tiny", percent=first.percent / 2)
    )  # a second scenario
    app.reset(PickerScene(app))
    app.push(ProgressScene(app))
    app.render(force=True)
    progress = app.top
    shown = [s for s, _ in drawn_texts(app, monkeypatch)]
    grades = [s for s in shown if len(s) == 1 and s in "ABCDEF"]
    assert grades, f"no grade row under the heading: {shown}"
    for i in range(len(progress.legend)):
        chip = next(s for s in shown if s.startswith(f"{i + 1} "))
        assert re.match(r"\d [^\W\d][\w -]{2}", chip), (
            f"the legend chip '{chip}' does not say which principle it is"
        )


@pytest.mark.parametrize("size", SIZES)
def test_debrief_principle_names_stay_clear_of_their_bars(
    built: list[Any], folder: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    from simulator.engine.score_words import score_text
    from simulator.ui.scenes import debrief as debrief_module

    app = open_screen(built, folder, size, "normal", "debrief")
    seen: list[tuple[str, Rect]] = []
    real = widgets.text

    def spy(
        surf: Any,
        fonts: Any,
        s: str,
        pos: Any,
        size: int,
        colour: Any,
        bold: bool = False,
        anchor: str = "topleft",
    ) -> Rect:
        r = real(surf, fonts, s, pos, size, colour, bold, anchor)
        seen.append((s, r))
        return r

    tracks: list[Rect] = []
    real_rect = pygame.draw.rect

    def rect_spy(surf: Any, colour: Any, rect: Any, width: int = 0, *args: Any, **kw: Any) -> Rect:
        if width == 1:  # a bar's outline
            tracks.append(Rect(rect))
        return real_rect(surf, colour, rect, width, *args, **kw)

    monkeypatch.setattr(debrief_module, "text", spy)
    monkeypatch.setattr(pygame.draw, "rect", rect_spy)
    app.top.draw(app.screen)
    for s in app.top.result.scores.values():
        # each principle's label is drawn just before its value, whole or cut short with an ellipsis
        i = next(
            k
            for k, (txt, _r) in enumerate(seen)
            if txt == s.title or (txt.endswith("…") and s.title.startswith(txt[:-1]))
        )
        (_label_text, label), (value_text, value) = seen[i], seen[i + 1]
        assert value_text == score_text(s)
        track = next(
            r for r in tracks if r.right < value.left and abs(r.centery - value.centery) <= 2
        )
        assert label.right <= track.left, f"'{s.title}' runs into its bar"
