"""Robustness of the game itself: broken portraits and fonts fall back with a notice; no audio device or no
speech engine still reaches the picker, and the reason shows in settings."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import key, send

from simulator.clock import FakeClock
from simulator.paths import PROJECT_ROOT
from simulator.ui.fonts import Fonts
from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.scenes.profile import ProfileScene
from simulator.ui.scenes.settings import SettingsScene

FIXTURES = Path(__file__).parent / "fixtures"


def with_portrait(folder: Path, image: str) -> None:
    """The tiny call, its persona naming ``image`` (looked for beside the scenario)."""
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    text = text.replace("beard: true}", f"beard: true, image: {image}}}")
    (folder / "tiny.yaml").write_text(text, encoding="utf-8")


def open_tiny(app: Any) -> CallScene:
    app.reset(PickerScene(app))
    picker = app.top
    picker.selected = next(
        i for i, c in enumerate(picker.cards) if c.playable and c.report.scenario.id == "tiny"
    )
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, CallScene), getattr(app.top, "lines", app.top)
    return app.top


def face_pixels(app: Any, call: CallScene) -> pygame.Surface:
    app.render(force=True)
    return app.screen.subsurface(call.lay.customer.portrait).copy()


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n this is not really a png", b""])
def test_a_corrupt_png_portrait_falls_back_to_the_drawn_face(
    make_app: Callable[..., Any], scenario_dir: Path, content: bytes
) -> None:
    (scenario_dir / "face.png").write_bytes(content)
    with_portrait(scenario_dir, "face.png")
    app = make_app()
    call = open_tiny(app)
    assert call.view().image is None
    assert "face.png" in call.toast and "cannot be read" in call.toast
    face = face_pixels(app, call)
    assert (
        len({face.get_at((x, face.get_height() // 2))[:3] for x in range(0, face.get_width(), 4)})
        > 3
    ), "a drawn face, not an empty box"


def test_a_portrait_png_that_vanished_after_validation_falls_back(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    (scenario_dir / "gone.png").write_bytes(b"")
    with_portrait(scenario_dir, "gone.png")
    app = make_app()
    app.reset(PickerScene(app))  # the library is read (and validated) while the file is there
    (scenario_dir / "gone.png").unlink()
    call = open_tiny(app)
    assert call.view().image is None and "gone.png" in call.toast and "missing" in call.toast
    face_pixels(app, call)


def test_a_good_png_portrait_is_used(make_app: Callable[..., Any], scenario_dir: Path) -> None:
    img = pygame.Surface((40, 60))
    img.fill((200, 30, 30))
    pygame.image.save(img, str(scenario_dir / "red.png"))
    with_portrait(scenario_dir, "red.png")
    app = make_app()
    call = open_tiny(app)
    assert call.view().image is not None and not call.toast
    face = face_pixels(app, call)
    assert face.get_at((face.get_width() // 2, face.get_height() // 2))[:3] == (200, 30, 30)


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_broken_font_folder_falls_back_and_settings_says_so(
    make_app: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    fonts_dir = tmp_path / "fonts"
    fonts_dir.mkdir()
    if damage == "corrupt":
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            (fonts_dir / name).write_bytes(b"\x00\x01\x00\x00 truncated")
    monkeypatch.setattr("simulator.ui.app.Fonts", lambda: Fonts(fonts_dir))
    app = make_app()
    assert (
        app.fonts.notice and "DejaVuSans" in app.fonts.notice and str(fonts_dir) in app.fonts.notice
    )
    assert app.fonts.render("Zoë", 20, (0, 0, 0), bold=True).get_width() > 0
    app.reset(PickerScene(app))
    app.render(force=True)
    call = open_tiny(app)
    app.render(force=True)
    send(app, key(pygame.K_ESCAPE))
    send(app, key(pygame.K_s))  # pause menu -> settings
    settings = app.top
    assert isinstance(settings, SettingsScene)
    assert any("DejaVuSans" in n for n in settings.notices())
    app.render(force=True)
    assert call.conv.node is not None


def start_real_services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    from simulator.ui.app import App
    from simulator.ui.services import default_services

    monkeypatch.setenv("ON_THE_LINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ON_THE_LINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(
        "simulator.ui.services.SystemClock", FakeClock
    )  # game time moves only when a test says
    services = default_services(None, config_dir=tmp_path / "config")
    return App(services, (1024, 640), scenarios_dir=FIXTURES)


def reach_picker_and_settings(app: Any) -> SettingsScene:
    app.reset(ProfileScene(app))
    send(app, pygame.event.Event(pygame.TEXTINPUT, text="Noor"))
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, PickerScene) and any(c.playable for c in app.top.cards)
    send(app, key(pygame.K_s))
    assert isinstance(app.top, SettingsScene)
    app.render(force=True)
    return app.top


def test_a_mixer_that_fails_to_init_still_reaches_the_picker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_device(*_a: Any, **_k: Any) -> None:
        raise pygame.error("No available audio device")

    if pygame.mixer.get_init():
        pygame.mixer.quit()
    monkeypatch.setattr(pygame.mixer, "init", no_device)
    app = start_real_services(tmp_path, monkeypatch)
    try:
        settings = reach_picker_and_settings(app)
        assert any(
            "No audio output device" in n and "No available audio device" in n
            for n in settings.notices()
        )
        assert not app.services.speaker.speaking
    finally:
        app.close()


def test_no_speech_engine_still_plays_with_captions_and_settings_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simulator import voice

    def broken_factory(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("espeak-ng: not found")

    monkeypatch.setattr(voice, "make_speaker", broken_factory)
    app = start_real_services(tmp_path, monkeypatch)
    try:
        settings = reach_picker_and_settings(app)
        assert any("espeak-ng: not found" in n and "captions only" in n for n in settings.notices())
        send(app, key(pygame.K_ESCAPE))
        app.services.settings.caption_speed = "fast"
        call = open_tiny(app)
        clock = app.services.clock
        assert isinstance(clock, FakeClock)
        for _ in range(
            15 * 50
        ):  # up to 15 s of game time at 50 fps; the caption reveals at its speed, no voice
            if not call.talking:
                break
            clock.advance(0.02)
            app.step([])
        assert not call.talking and call.caption.revealed == len(call.line)
        assert 0 < clock.monotonic() < 15
    finally:
        app.close()


def test_a_speech_worker_without_an_engine_reports_into_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real worker process, told that no engine is installed (as the voice tests do)."""
    from simulator.voice.playback import MixerPlayer, open_audio
    from simulator.voice.speaker import WorkerSpeaker
    from simulator.voice.worker import WorkerOptions

    assert open_audio().driver == "dummy"
    app = start_real_services(tmp_path, monkeypatch)
    app.services.speaker.close()
    app.services.speaker = WorkerSpeaker(
        MixerPlayer(),
        cache_dir=tmp_path / "speech",
        options=WorkerOptions(engines=("pyttsx3",), hide_modules=("pyttsx3",)),
    )
    try:
        settings = reach_picker_and_settings(app)
        # the worker reports that it has no engine and ends: wait for that end (no polling loop; a
        # worker that has already ended is no longer among the children, and one whose report was
        # read already is gone), then one frame reads its report
        pid = app.services.speaker.worker_pid
        for worker in [p for p in multiprocessing.active_children() if p.pid == pid]:
            worker.join(timeout=120)
            assert worker.exitcode == 0
        app.step([])
        assert app.services.speaker.failed
        assert any("pyttsx3 is not installed" in n for n in settings.notices())
        app.render(force=True)
    finally:
        app.close()


def test_the_game_starts_with_no_audio_device_and_quits_cleanly(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "no-such-driver",
        "ON_THE_LINE_EXIT_AFTER": "1",
        "ON_THE_LINE_DATA_DIR": str(tmp_path / "data"),
        "ON_THE_LINE_CONFIG_DIR": str(tmp_path / "config"),
        "ON_THE_LINE_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "main.py", "--trainee", "Noor"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
