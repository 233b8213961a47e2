"""Headless fixtures for the game's scenes: dummy video, fake clock, silent voice, in-memory store."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest

from simulator.clock import FakeClock
from simulator.store.memory_store import MemoryStore
from simulator.ui.services import Services
from simulator.ui.settings import Settings
from simulator.voice.base import SilentSpeaker

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def scenario_dir(tmp_path: Path) -> Path:
    """A scenario folder with one good and one broken file."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name in ("tiny.yaml", "broken.yaml"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


@pytest.fixture
def make_app(
    tmp_path: Path, scenario_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Any]]:
    """Build an App with test services; ``make_app(size=(800, 600), settings=Settings(...))``."""
    from simulator.ui.app import App

    monkeypatch.setenv("ON_THE_LINE_CONFIG_DIR", str(tmp_path / "config"))
    apps: list[Any] = []

    def build(
        size: tuple[int, int] = (1280, 720),
        settings: Settings | None = None,
        trainee: str = "Tester",
    ) -> Any:
        settings = settings or Settings(voice=False, caption_speed="fast")
        services = Services(
            SilentSpeaker(),
            MemoryStore(),
            FakeClock(),
            settings,
            tmp_path / "config" / "settings.json",
            new_seed=lambda: 1,
        )  # calls are still shuffled, the same way every run
        app = App(services, size, scenarios_dir=scenario_dir)
        app.trainee = trainee
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The layout tests' library: the long-answers call, the tiny call and a broken file."""
    from layout_states import scenario_folder

    return scenario_folder(tmp_path / "scenarios")


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[Any]]:
    """Apps a test builds itself (``layout_states.open_screen``), closed after it."""
    monkeypatch.setenv("ON_THE_LINE_CONFIG_DIR", str(tmp_path / "config"))
    apps: list[Any] = []
    yield apps
    for app in apps:
        app.close()
