"""Words cut short are shown whole on request: a card's title on the card the mouse or the keys select, the
customer's name and role while the mouse is on them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import key, send

from simulator.ui.pg import pygame
from simulator.ui.scenes import picker
from simulator.ui.scenes.picker import PickerScene

FIXTURES = Path(__file__).parent / "fixtures"
LONG_TITLE = "The refund that went to the wrong account after three weeks of waiting"


def drawn_texts(app: Any, monkeypatch: pytest.MonkeyPatch, module: Any = picker) -> list[str]:
    """Every text (and text block) ``module`` (the picker, or the call screen's drawer) draws in the
    next frame."""
    seen: list[str] = []
    real_text, real_block = module.text, module.text_block

    def text(surf: Any, fonts: Any, s: str, *a: Any, **kw: Any) -> Any:
        seen.append(s)
        return real_text(surf, fonts, s, *a, **kw)

    def text_block(surf: Any, fonts: Any, s: str, *a: Any, **kw: Any) -> int:
        if surf is not None:
            seen.append(s)
        return real_block(surf, fonts, s, *a, **kw)

    monkeypatch.setattr(module, "text", text)
    monkeypatch.setattr(module, "text_block", text_block)
    app.render(force=True)
    monkeypatch.setattr(module, "text", real_text)
    monkeypatch.setattr(module, "text_block", real_block)
    return seen


def test_a_cut_title_shows_whole_on_the_card_the_mouse_or_the_keys_select(
    make_app: Callable[..., Any], scenario_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(FIXTURES / "long_answers.yaml", scenario_dir / "long_answers.yaml")
    app = make_app(size=(640, 480))
    app.reset(PickerScene(app))
    scene = app.top
    long_card = next(
        i
        for i, c in enumerate(scene.cards)
        if c.playable and c.report.scenario.id == "long_answers"
    )
    other = next(i for i, c in enumerate(scene.cards) if c.playable and i != long_card)
    scene.select(other)
    before = drawn_texts(app, monkeypatch)
    assert LONG_TITLE not in before  # cut at a word on its row...
    assert any(s.endswith("…") and LONG_TITLE.startswith(s[:-1].rstrip()) for s in before)
    # ...and whole once the mouse moves onto the card
    send(
        app,
        pygame.event.Event(
            pygame.MOUSEMOTION,
            pos=scene.cards[long_card].rect.center,
            rel=(1, 1),
            buttons=(0, 0, 0),
        ),
    )
    assert scene.selected == long_card and LONG_TITLE in drawn_texts(app, monkeypatch)
    card_h = scene.cards[long_card].rect.h
    # the keys take the selection away and bring it back: the title follows it
    step = 1 if other > long_card else -1
    send(app, key(pygame.K_DOWN if step > 0 else pygame.K_UP))
    assert scene.selected != long_card and LONG_TITLE not in drawn_texts(app, monkeypatch)
    assert scene.cards[long_card].rect.h < card_h  # the card closes up again
    send(app, key(pygame.K_UP if step > 0 else pygame.K_DOWN))
    assert scene.selected == long_card and LONG_TITLE in drawn_texts(app, monkeypatch)
    assert scene.cards[long_card].rect.h == card_h


def test_the_customer_is_named_whole_with_their_role_while_the_mouse_is_on_them(
    make_app: Callable[..., Any], scenario_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simulator.ui.launch import open_scenario
    from simulator.ui.scenes import call_drawing

    shutil.copy(FIXTURES / "long_answers.yaml", scenario_dir / "long_answers.yaml")
    app = make_app(size=(800, 600))  # the column cuts the role short at a word
    app.reset(PickerScene(app))
    assert open_scenario(app, str(scenario_dir / "long_answers.yaml"))
    call = app.top
    whole = "Bartholomew Featherstonehaugh-Smythe, long-standing customer of eleven years"
    face = call.lay.customer.portrait.center
    assert whole not in drawn_texts(app, monkeypatch, call_drawing)
    send(app, pygame.event.Event(pygame.MOUSEMOTION, pos=face, rel=(1, 1), buttons=(0, 0, 0)))
    assert call.view().customer_note == whole
    assert whole in drawn_texts(app, monkeypatch, call_drawing)
    away = call.lay.bubble.center
    send(app, pygame.event.Event(pygame.MOUSEMOTION, pos=away, rel=(1, 1), buttons=(0, 0, 0)))
    assert call.view().customer_note == ""
    assert whole not in drawn_texts(app, monkeypatch, call_drawing)
