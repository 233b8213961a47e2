"""The picker lists every scenario source (built-in, yours, a folder) and says where each call came from."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator import paths
from simulator.clock import FakeClock
from simulator.store.memory_store import MemoryStore
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.services import Services
from simulator.ui.settings import Settings
from simulator.voice.base import SilentSpeaker

FIXTURES = Path(__file__).parent / "fixtures"


def tiny_as(folder: Path, sid: str) -> None:
    """The tiny fixture call under another id in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8").replace("id: tiny", f"id: {sid}")
    (folder / f"{sid}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An App reading every scenario source (no folder given), with a user folder and a --scenarios folder."""
    from simulator.ui.app import App

    monkeypatch.setenv("ON_THE_LINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ON_THE_LINE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    tiny_as(paths.user_scenarios_dir(), "mine_saved")
    tiny_as(tmp_path / "course", "from_course")
    paths.use_scenario_folders([tmp_path / "course"])
    services = Services(
        SilentSpeaker(),
        MemoryStore(),
        FakeClock(),
        Settings(voice=False),
        tmp_path / "config" / "s.json",
        new_seed=lambda: 1,
    )
    application = App(services, (1280, 720))
    application.trainee = "Tester"
    yield application
    application.close()
    paths.use_scenario_folders(None)


def test_cards_say_where_each_call_came_from(app: Any) -> None:
    app.reset(PickerScene(app))
    origin = {c.report.scenario.id: c.origin for c in app.top.cards if c.playable}
    assert origin["mine_saved"] == "yours"
    assert origin["from_course"] == "course"
    assert origin["late_refund"] == "built-in"
    assert (
        len([o for o in origin.values() if o == "built-in"]) >= 10
    )  # the whole built-in library is there too
    app.step([])  # draws the cards with their origin without error
    assert app.frames_drawn >= 1
