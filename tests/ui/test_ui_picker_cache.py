"""The picker reads the trainee's grades only when they may have changed, and the app reads each rubric once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from ui_helpers import answer_key, key, send

import simulator.ui.app as app_module
from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.picker import PickerScene


def count_calls_reads(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Every trainee the store is asked for the calls or the best grades of, from now on."""
    reads: list[str | None] = []
    for method in ("calls", "best_grades"):
        real = getattr(app.services.store, method)

        def counting(
            trainee: str | None = None, *args: Any, _real: Any = real, **kwargs: Any
        ) -> Any:
            reads.append(trainee)
            return _real(trainee, *args, **kwargs)

        monkeypatch.setattr(app.services.store, method, counting)
    return reads


def finish_tiny(app: Any) -> CallScene:
    """Play the tiny call from the picker to its end (the first answers as written)."""
    picker = app.top
    picker.selected = next(i for i, c in enumerate(picker.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    call = app.top
    assert isinstance(call, CallScene)
    for authored in (0, 0):
        app.services.clock.advance(30)
        app.step([])
        send(app, answer_key(call, authored))
    assert call.conv.ended
    return call


def test_filter_keys_use_the_cached_grades_and_a_recorded_call_refreshes_them(
    make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    reads = count_calls_reads(app, monkeypatch)
    app.reset(PickerScene(app))
    assert reads == ["Tester"] and app.top.grades == {}
    for k in (pygame.K_f, pygame.K_k):
        send(app, key(k), key(k, mod=pygame.KMOD_SHIFT))  # a filter and back again
    assert app.top.filter == app.top.kind == "all"
    assert reads == ["Tester"]  # four filter changes, no new reads
    finish_tiny(app)
    app.pop()  # back to the list without looking at the debrief
    assert isinstance(app.top, PickerScene)
    assert reads == ["Tester", "Tester"]
    assert "tiny" in app.top.grades


def test_returning_without_a_recorded_call_does_not_read_again(
    make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    reads = count_calls_reads(app, monkeypatch)
    app.reset(PickerScene(app))
    send(app, key(pygame.K_s))  # settings, then back
    send(app, key(pygame.K_ESCAPE))
    assert isinstance(app.top, PickerScene) and reads == ["Tester"]


def test_the_rubric_is_read_once_for_every_call_until_the_library_is_reloaded(
    make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    loads: list[Any] = []
    real = app_module.load_rubric

    def counting(path: Any) -> Any:
        loads.append(path)
        return real(path)

    monkeypatch.setattr(app_module, "load_rubric", counting)
    app.reset(PickerScene(app))
    for _ in range(3):
        finish_tiny(app)
        app.pop()
    assert len(loads) == 1
    send(app, key(pygame.K_F5))  # F5 reads the folder, and its rubric, again
    finish_tiny(app)
    assert len(loads) == 2
