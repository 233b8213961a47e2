"""Every text the call screen draws, measured against its container, at every window size from 640x480 to
1920x1080 and every text-size setting: nothing clipped, nothing overlapping, no word cut mid-way; every
answer on screen at once (long answers, a response timer), whichever is highlighted, and it whole.

Texts are caught where they are drawn (``text`` and ``text_block``, with the clip in force) and each must
lie wholly inside the part of the screen it belongs to; every shortened text (``shorten``, which
``ellipsize``, ``fitting`` and ``text_block`` use) must end after a whole word.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from layout_states import open_screen
from ui_helpers import key

from simulator.ui import widgets
from simulator.ui.pg import pygame
from simulator.ui.scenes import call_drawing, debrief, picker, progress, settings
from simulator.ui.scenes.call_layout import card_style, card_text_width
from simulator.ui.settings import TEXT_SIZES
from simulator.ui.text import ELLIPSIS

Rect = pygame.Rect
SIZES = [(640, 480), (800, 600), (1024, 768), (1280, 720), (1920, 1080)]
CUT_AFTER = " ,;:·-–—"  # what may follow the kept words of a shortened text


class Drawn:
    """The texts a frame draws (what is visible of each) and every text it shortened."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.boxes: list[tuple[str, Rect]] = []
        self.cuts: list[tuple[str, str]] = []
        real_text, real_block, real_shorten = widgets.text, widgets.text_block, widgets.shorten

        def text(surf: Any, fonts: Any, s: str, *a: Any, **kw: Any) -> Rect:
            r = real_text(surf, fonts, s, *a, **kw)
            self._seen(s, r, surf)
            return r

        def text_block(
            surf: Any, fonts: Any, s: str, x: int, y: int, width: int, *a: Any, **kw: Any
        ) -> int:
            h = real_block(surf, fonts, s, x, y, width, *a, **kw)
            if surf is not None:
                self._seen(s, Rect(x, y, width, h), surf)
            return h

        def shorten(font: Any, s: str, width: int) -> str:
            out = real_shorten(font, s, width)
            if out != s:
                self.cuts.append((s, out))
            return out

        for module in (widgets, call_drawing, debrief, picker, progress, settings):
            monkeypatch.setattr(module, "text", text, raising=False)
            monkeypatch.setattr(module, "text_block", text_block, raising=False)
        monkeypatch.setattr(widgets, "shorten", shorten)

    def _seen(self, s: str, r: Rect, surf: Any) -> None:
        visible = r.clip(surf.get_clip())
        if s.strip() and visible.w and visible.h:
            self.boxes.append((s, visible))


def whole_words(original: str, shortened: str) -> bool:
    """True when ``shortened`` is ``original`` cut after a whole word, with an ellipsis."""
    kept = shortened.removesuffix(ELLIPSIS).rstrip()
    return original.startswith(kept) and (
        len(kept) == len(original) or original[len(kept)] in CUT_AFTER or kept.endswith(("/", "-"))
    )


def containers(call: Any) -> list[tuple[str, Rect]]:
    """The parts of the call screen a text may sit in."""
    lay, f, t = call.lay, call.fonts, call.theme
    parts = [
        ("top bar", Rect(0, 0, lay.width, lay.top_h)),
        ("customer", Rect(lay.left)),
        ("bubble", Rect(lay.bubble)),
        ("hint row", Rect(0, lay.hint_y, lay.width, f.line_height(t.small))),
        (
            "answers label",
            Rect(lay.right.x, lay.choices_label_y, lay.right.w, f.line_height(t.small, True)),
        ),
    ]
    parts += [(f"answer {c.number}", Rect(c.box)) for c in call.view().cards]
    parts += [(f"button {b.label}", Rect(b.rect)) for b in call.buttons]
    if lay.timer is not None:
        parts.append(("timer", Rect(lay.timer)))
    if call.conv.ended or call.paused:
        parts.append(("answers", Rect(lay.choice_area)))
    if call.toast:
        parts.append(("toast", call.drawer.toast_rect(call.toast, lay)))
    return parts


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("text_size", list(TEXT_SIZES))
@pytest.mark.parametrize("screen", ["call", "call-paused", "call-ended"])
def test_every_call_text_sits_whole_inside_its_part_of_the_screen(
    built: list[Any],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    text_size: str,
    screen: str,
) -> None:
    app = open_screen(built, folder, size, text_size, screen)
    call = app.top
    if screen == "call-paused":
        call = app.stack[-2][0]
    call.toast = ""  # a toast may cover anything, on purpose; it has its own test
    drawn = Drawn(monkeypatch)
    call.draw(app.screen)
    window = Rect(0, 0, *size)
    places = containers(call)
    for s, r in drawn.boxes:
        assert window.contains(r), f"'{s}' {r} is outside the window {size}"
        homes = [name for name, box in places if box.contains(r)]
        assert homes, f"'{s}' {r} is not wholly inside any part of the screen: {places}"
    for i, (s1, r1) in enumerate(drawn.boxes):
        for s2, r2 in drawn.boxes[i + 1 :]:
            assert not r1.inflate(-2, -2).colliderect(r2.inflate(-2, -2)), (
                f"'{s1}' {r1} overlaps '{s2}' {r2}"
            )
    for original, cut in drawn.cuts:
        assert whole_words(original, cut), f"'{original}' was cut mid-word to '{cut}'"
    if screen == "call":
        assert call.caption.rows >= min(2, len(call.caption.lines))
        for _ in call.conv.choices:  # with each answer highlighted in turn (the arrow keys)
            _every_answer_on_screen_the_highlighted_one_whole(call, window)
            app.step([key(pygame.K_DOWN)])


def _every_answer_on_screen_the_highlighted_one_whole(call: Any, window: Rect) -> None:
    """Every answer card inside the answers' area and the window at once (no hidden scrolling, no cue),
    the others cut short at most, the highlighted one with all its lines."""
    area, cards = Rect(call.lay.choice_area), call.view().cards
    assert len(cards) == len(call.conv.choices)
    for c in cards:
        assert area.contains(Rect(c.box)) and window.contains(Rect(c.box)), (
            f"answer {c.number} hidden"
        )
    assert not call.answers_cue() and call.scroll == 0
    (whole,) = [c for c in cards if c.highlighted]
    assert whole.lines is None
    look = call.lay.cards_look or card_style(call.theme, call.fonts, 0)
    words = call.fonts.wrap(
        whole.text, call.theme.body, card_text_width(call.theme, whole.box.w, look.badge)
    )
    assert len(words) * call.fonts.line_height(call.theme.body) + look.pad <= whole.box.h


@pytest.mark.parametrize(
    "size", [(640, 480), (800, 600), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}"
)
@pytest.mark.parametrize("text_size", list(TEXT_SIZES))
@pytest.mark.parametrize("screen", ["picker", "debrief", "progress", "settings"])
def test_no_screen_cuts_a_word_mid_way(
    built: list[Any],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    text_size: str,
    screen: str,
) -> None:
    app = open_screen(built, folder, size, text_size, screen)
    drawn = Drawn(monkeypatch)
    app.top.draw(app.screen)
    for original, cut in drawn.cuts:
        assert whole_words(original, cut), f"'{original}' was cut mid-word to '{cut}'"
