"""The game and the progress store: a failed save is shown, demo mode leaves the real database alone,
and the picker and progress screen read grades with the store's own functions."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import answer_key, key, send

from simulator.engine.score_words import score_text
from simulator.store.sqlite_store import SqliteStore, connect_file
from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.debrief import DebriefScene
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.scenes.progress import ProgressScene
from simulator.ui.scenes.settings import SettingsScene
from simulator.ui.services import default_services


class FullDisk(sqlite3.Connection):
    """A connection to a file whose disk fills up once ``full`` is set: inserts then fail as SQLite's do."""

    full = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        """Run ``sql``, or fail an insert with SQLite's own disk-full error once the disk is full."""
        if self.full and sql.lstrip().upper().startswith("INSERT"):
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)


def play_tiny(app: Any, first: int = pygame.K_1, second: int = pygame.K_1) -> CallScene:
    """Open the tiny call from the picker and answer both nodes after the customer finishes."""
    app.reset(PickerScene(app))
    picker = app.top
    picker.selected = next(i for i, c in enumerate(picker.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    call = app.top
    assert isinstance(call, CallScene)
    for k in (first, second):
        app.services.clock.advance(30)
        app.step([])
        send(
            app, answer_key(call, k - pygame.K_1)
        )  # K_1 is the first choice as written, wherever it is shown
    assert call.conv.ended
    return call


def test_a_save_the_store_cannot_write_is_shown_on_the_debrief_and_in_settings(
    make_app: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    store = SqliteStore.open(
        tmp_path / "progress.db", connect=lambda path: connect_file(path, factory=FullDisk)
    )
    app.services.store = store
    monkeypatch.setattr(FullDisk, "full", True)  # the disk fills up while the game is running
    call = play_tiny(app)
    assert (
        call.saved_id is not None and call.saved_id < 0
    )  # the store kept it in memory, it did not raise
    assert call.save_notice and "disk is full" in call.save_notice
    assert "disk is full" in call.toast
    app.services.clock.advance(30)
    app.step([])
    send(app, key(pygame.K_RETURN))
    debrief = app.top
    assert isinstance(debrief, DebriefScene) and debrief.notice == call.save_notice
    app.render(force=True)
    send(app, key(pygame.K_ESCAPE))
    settings = SettingsScene(app)
    app.push(settings)
    assert any("disk is full" in n for n in settings.notices())


def test_a_saved_call_leaves_no_notice(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = play_tiny(app)
    assert call.saved_id is not None and call.saved_id > 0 and call.save_notice is None


def test_demo_mode_without_db_never_creates_the_real_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("ON_THE_LINE_DATA_DIR", str(data))
    services = default_services(None, config_dir=tmp_path / "config", demo=True)
    try:
        assert services.settings_file is None
        assert not services.speaker.speaking
        services.store.add_trainee("Demo")
        assert services.store.trainees() == ["Demo"]
    finally:
        services.store.close()
    assert not (data / "progress.db").exists() and not data.exists()


def test_demo_mode_with_db_uses_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ON_THE_LINE_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "demo.db"
    services = default_services(str(db), config_dir=tmp_path / "config", demo=True)
    services.store.add_trainee("Demo")
    services.store.close()
    assert db.exists() and not (tmp_path / "data" / "progress.db").exists()


def test_picker_and_progress_show_the_stored_grade(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = play_tiny(app, pygame.K_2, pygame.K_2)  # a poor call first
    poor = call.result.grade
    play_tiny(app)  # then a good one: the best is shown
    stored = app.services.store.calls("Tester")
    best = max(stored, key=lambda c: c.percent)
    assert best.grade != poor
    app.reset(PickerScene(app))
    assert app.top.grades == {"tiny": best.grade}
    progress = ProgressScene(app)
    app.push(progress)
    app.render()
    assert progress.best["tiny"].grade == best.grade and progress.total_calls == 2
    assert progress.rec is not None


def test_a_principle_that_can_only_be_lost_reads_as_no_points_lost(
    make_app: Callable[..., Any],
) -> None:
    app = make_app()
    call = play_tiny(app)  # the good route never touches no_blame; only the other reply loses it
    score = call.result.scores["no_blame"]
    assert score.max == 0 and score.percent == 100
    assert score_text(score) == "100% · no points lost"
    worse = play_tiny(app, pygame.K_2, pygame.K_1).result.scores["no_blame"]
    assert worse.points < 0 and score_text(worse).endswith("lost 2 points")
    assert score_text(call.result.scores["empathy"]) == "100%  (2/2)"


def test_negative_points_read_as_points_lost_against_the_best_not_as_a_minus_fraction() -> None:
    from simulator.engine.result import PrincipleScore

    lost = PrincipleScore("empathy", "Empathy", -4, 4, 0.0, 1.0)
    assert score_text(lost) == "0%  (lost 4; 4 possible)"
    assert score_text(PrincipleScore("empathy", "Empathy", 3, 4, 75.0, 1.0)) == "75%  (3/4)"


def test_the_profile_screen_shows_why_the_store_cannot_keep_progress(
    make_app: Callable[..., Any],
) -> None:
    from simulator.store.memory_store import MemoryStore
    from simulator.ui.scenes.profile import ProfileScene

    app = make_app()
    app.services.store = MemoryStore(
        notice="progress.db: damaged; progress is kept until the game closes."
    )
    app.reset(ProfileScene(app))
    assert app.top.error.startswith("progress.db: damaged")
    app.render(force=True)
