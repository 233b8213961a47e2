"""Input you can trust, through the real event loop: one highlighted answer, taken by the mouse when it
moves onto an answer and by the keys, Enter and a click acting on it only; and a call clock that holds
while the window is resized, minimised or unfocused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from ui_helpers import click, key, send

from simulator.ui import widgets
from simulator.ui.pg import pygame
from simulator.ui.scenes import call_drawing
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.picker import PickerScene


def open_tiny(app: Any) -> CallScene:
    app.reset(PickerScene(app))
    picker = app.top
    picker.selected = next(i for i, c in enumerate(picker.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, CallScene)
    return app.top


def let_them_finish(app: Any) -> None:
    app.services.clock.advance(30)
    app.step([])


def move(pos: tuple[int, int]) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))


def chosen_text(call: CallScene) -> str:
    return str(call.conv.decisions[-1].chosen.text)


def tinted(call: CallScene) -> list[str]:
    return [c.text for c in call.view().cards if c.highlighted]


def test_hover_then_enter_sends_the_hovered_answer(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_tiny(app)
    let_them_finish(app)
    cards = call.view().cards
    target = cards[-1]
    send(app, move(target.box.center))
    assert tinted(call) == [target.text]
    send(app, key(pygame.K_RETURN))
    assert chosen_text(call) == target.text


def test_keys_take_the_highlight_back_from_the_mouse(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_tiny(app)
    let_them_finish(app)
    cards = call.view().cards
    send(app, move(cards[0].box.center))
    send(app, key(pygame.K_DOWN))
    assert tinted(call) == [
        cards[1].text
    ]  # one highlight, moved by the key, though the mouse is on 1
    send(app, key(pygame.K_RETURN))
    assert chosen_text(call) == cards[1].text


def test_new_answers_under_a_resting_mouse_show_one_highlight_and_enter_sends_it(
    make_app: Callable[..., Any],
) -> None:
    app = make_app()
    call = open_tiny(app)
    let_them_finish(app)
    last = call.view().cards[-1]
    send(app, click(last.box.center))  # the mouse stays where the click was
    let_them_finish(app)
    assert not call.conv.ended
    shown = tinted(call)
    assert len(shown) == 1, f"{shown} are all highlighted"
    send(app, key(pygame.K_RETURN))
    assert chosen_text(call) == shown[0]


def test_a_click_acts_on_the_answer_it_highlights(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_tiny(app)
    let_them_finish(app)
    second = call.view().cards[1]
    send(app, pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=second.box.center, button=1))
    assert chosen_text(call) == second.text


def drawn_strings(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = widgets.text

    def spy(surf: Any, fonts: Any, s: str, *args: Any, **kw: Any) -> Any:
        seen.append(s)
        return real(surf, fonts, s, *args, **kw)

    monkeypatch.setattr(call_drawing, "text", spy)
    monkeypatch.setattr(widgets, "text", spy)
    app.render(force=True)
    return seen


def timed_node(app: Any) -> CallScene:
    """The tiny call at its second node (a 5 s response time), the customer finished."""
    call = open_tiny(app)
    let_them_finish(app)
    call.choose(call.view().cards[0].number)
    let_them_finish(app)
    assert call.respond_within == 5 and call.elapsed == 0.0
    return call


@pytest.mark.parametrize(
    ("hold", "release"),
    [
        (
            pygame.event.Event(pygame.VIDEORESIZE, w=900, h=640, size=(900, 640)),
            None,  # a resize holds until the resizing has stopped for a moment
        ),
        (pygame.event.Event(pygame.WINDOWFOCUSLOST), pygame.event.Event(pygame.WINDOWFOCUSGAINED)),
        (pygame.event.Event(pygame.WINDOWMINIMIZED), pygame.event.Event(pygame.WINDOWRESTORED)),
    ],
    ids=["resize", "unfocused", "minimised"],
)
def test_the_call_clock_holds_while_the_window_is_resized_unfocused_or_minimised(
    make_app: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    hold: pygame.event.Event,
    release: pygame.event.Event | None,
) -> None:
    app = make_app()
    call = timed_node(app)
    clock = app.services.clock
    clock.advance(2)
    app.step([])
    assert call.elapsed == pytest.approx(2)
    patience, line = call.conv.patience, call.line
    send(app, hold)
    assert call.on_hold
    assert any(s.startswith("On hold") for s in drawn_strings(app, monkeypatch))
    for _ in range(4):  # held a while, far past the 5 s limit; resize events keep coming meanwhile
        clock.advance(0.25 if release is None else 10)
        send(app, hold)
    assert call.elapsed == pytest.approx(2)
    # no silence while on hold: no patience lost, no "Hello?" from the customer
    assert call.conv.patience == patience and call.line == line and not call.conv.ended
    if release is not None:
        send(app, release)
    else:
        clock.advance(1)  # the resizing stopped
        app.step([])
    assert not call.on_hold
    clock.advance(1)
    app.step([])
    assert call.elapsed == pytest.approx(3)  # the clock goes on from where it stopped
