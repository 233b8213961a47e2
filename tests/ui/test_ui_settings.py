"""Settings change by keyboard and mouse, apply at once, and persist across runs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui_helpers import click, key, send

from simulator.ui.pg import pygame
from simulator.ui.scenes.settings import SettingsScene
from simulator.ui.settings import Settings, load_settings, save_settings


def test_text_size_and_contrast_persist_and_change_the_layout(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    app = make_app()
    app.push(SettingsScene(app))
    body_before = app.theme.body
    send(
        app, key(pygame.K_DOWN), key(pygame.K_DOWN), key(pygame.K_DOWN), key(pygame.K_RIGHT)
    )  # text size: larger
    assert app.services.settings.text_size == "large"
    assert app.theme.body > body_before
    row = app.top.rows[4]  # high contrast
    send(app, click(row.plus.center))
    assert app.theme.high_contrast
    saved, problem = load_settings(tmp_path / "config" / "settings.json")
    assert problem is None and saved.text_size == "large" and saved.high_contrast is True


def test_settings_survive_a_new_run(make_app: Callable[..., Any], tmp_path: Path) -> None:
    app = make_app(settings=Settings(voice=False))
    app.push(SettingsScene(app))
    send(app, key(pygame.K_DOWN), key(pygame.K_LEFT), key(pygame.K_LEFT))  # volume 80% -> 60%
    stored, _ = load_settings(tmp_path / "config" / "settings.json")
    again = make_app(settings=stored)
    assert again.services.settings.volume == 0.6


def test_a_corrupt_settings_file_gives_defaults_and_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    settings, notice = load_settings(path)
    assert settings == Settings() and notice is not None and str(path) in notice
    path.write_text(
        json.dumps({"volume": 7, "text_size": "gigantic", "unknown": 1}), encoding="utf-8"
    )
    settings, notice = load_settings(path)
    assert settings.volume == 1.0 and settings.text_size == "normal" and notice is None


def test_an_unwritable_settings_folder_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert save_settings(Settings(), blocker / "settings.json") is not None


def test_settings_screen_shows_voice_and_store_notices(make_app: Callable[..., Any]) -> None:
    from simulator.store.memory_store import MemoryStore
    from simulator.voice.base import SilentSpeaker

    app = make_app()
    app.services.speaker = SilentSpeaker("No speech engine found; captions only.")
    app.services.store = MemoryStore("Progress is kept in memory only.")
    scene = SettingsScene(app)
    app.push(scene)
    assert scene.notices() == [
        "No speech engine found; captions only.",
        "Progress is kept in memory only.",
    ]
    app.render()


def test_the_arrows_stop_at_the_ends_of_text_size_and_enter_goes_round(
    make_app: Callable[..., Any],
) -> None:
    from simulator.ui.settings import TEXT_SIZES

    sizes = list(TEXT_SIZES)
    app = make_app(settings=Settings(voice=False, text_size=sizes[-1]))
    app.push(SettingsScene(app))
    send(app, key(pygame.K_DOWN), key(pygame.K_DOWN), key(pygame.K_DOWN), key(pygame.K_RIGHT))
    assert app.services.settings.text_size == sizes[-1]  # not wrapped round to the smallest
    send(app, click(app.top.rows[3].plus.center))
    assert app.services.settings.text_size == sizes[-1]
    send(app, *[key(pygame.K_LEFT)] * (len(sizes) + 1))
    assert app.services.settings.text_size == sizes[0]
    send(app, key(pygame.K_RETURN))
    assert app.services.settings.text_size == sizes[1]
