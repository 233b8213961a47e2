"""The phone-line setting reaches the speaker, persists, and the call opens with the connect click."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui_helpers import key, send

from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.scenes.settings import SettingsScene
from simulator.ui.settings import load_settings
from simulator.voice.base import SilentSpeaker


class RecordingSpeaker(SilentSpeaker):
    """Captions only, remembering the phone-line calls the game makes."""

    def __init__(self) -> None:
        super().__init__()
        self.phone_line: list[bool] = []
        self.connects = 0

    def set_phone_line(self, on: bool) -> None:
        self.phone_line.append(on)

    def connect(self) -> None:
        self.connects += 1


def test_the_phone_line_row_turns_the_filter_off_and_on_and_is_saved(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    app = make_app()
    speaker = app.services.speaker = RecordingSpeaker()
    app.push(SettingsScene(app))
    row = next(i for i, r in enumerate(app.top.rows) if r.label == "Phone line")
    assert app.top.value_text(row) == "on"
    send(app, *[key(pygame.K_DOWN)] * row, key(pygame.K_RETURN))
    assert app.services.settings.phone_line is False
    assert speaker.phone_line[-1] is False
    saved, problem = load_settings(tmp_path / "config" / "settings.json")
    assert problem is None and saved.phone_line is False
    send(app, key(pygame.K_RETURN))
    assert speaker.phone_line[-1] is True and app.top.value_text(row) == "on"


def test_a_call_opens_with_the_line_connecting(make_app: Callable[..., Any]) -> None:
    app = make_app()
    speaker = app.services.speaker = RecordingSpeaker()
    app.reset(PickerScene(app))
    picker = app.top
    picker.selected = next(i for i, c in enumerate(picker.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, CallScene)
    assert speaker.connects == 1
