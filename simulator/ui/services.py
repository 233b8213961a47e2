"""The app's side effects, chosen once at start-up: voice, progress store, clock and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from simulator.clock import Clock, SystemClock
from simulator.engine.result import CallResult
from simulator.store.base import CallRecord, ProgressStore
from simulator.ui.memory_store import MemoryStore
from simulator.ui.settings import Settings, load_settings, save_settings, settings_path
from simulator.voice.base import SilentSpeaker, Speaker


@dataclass
class Services:
    """What the scenes use for voice, storage, time and settings; tests pass their own."""

    speaker: Speaker
    store: ProgressStore
    clock: Clock
    settings: Settings
    settings_file: Path | None = None  # None: settings are not written anywhere
    notices: list[str] = field(default_factory=list)

    def save_settings(self) -> None:
        """Persist the settings (a failure becomes a notice, never an exception)."""
        if self.settings_file is None:
            return
        problem = save_settings(self.settings, self.settings_file)
        if problem and problem not in self.notices:
            self.notices.append(problem)


def make_speaker(enabled: bool, volume: float) -> Speaker:
    """The real voice when its module is there and works, else captions only with a notice."""
    if not enabled:
        return SilentSpeaker("Voice is off; captions only.")
    try:
        from simulator.voice import make_speaker as real  # type: ignore[attr-defined]
    except ImportError:
        return SilentSpeaker("Speech is not available in this build; captions only.")
    try:
        return real(enabled, volume)
    except Exception as exc:  # a broken speech engine must never stop the game
        return SilentSpeaker(f"Speech could not start ({exc}); captions only.")


def open_store(db_path: str | Path | None) -> ProgressStore:
    """The SQLite store when it is available, else an in-memory one with a visible notice."""
    try:
        from simulator.store.open import open_store as real  # type: ignore[import-not-found]
    except ImportError:
        return MemoryStore("Progress is kept in memory only in this build; it is lost when the game closes.")
    try:
        return real(db_path)
    except Exception as exc:  # never lose the session over storage
        return MemoryStore(f"Progress could not be opened ({exc}); it is kept in memory only for now.")


def record_for(trainee: str, result: CallResult, started: datetime, finished: datetime) -> CallRecord:
    """The stored form of a finished call (the store's own converter when it has one)."""
    try:
        from simulator.store.open import record_from_result  # type: ignore[import-not-found]
    except ImportError:
        record_from_result = None
    if record_from_result is not None:
        return record_from_result(trainee, result, started, finished)
    scores: dict[str, dict[str, Any]] = {
        n: {"points": s.points, "max": s.max, "percent": s.percent} for n, s in result.scores.items()
    }
    decisions = [
        {"node_id": d.node_id, "choice": d.chosen.index, "text": d.chosen.text, "points": d.points,
         "elapsed": d.elapsed, "cut_in": d.cut_in, "dead_air": d.dead_air, "mechanics": d.mechanics}
        for d in result.decisions
    ]
    return CallRecord(
        trainee=trainee, scenario_id=result.scenario, scenario_hash=result.scenario_hash, seed=result.seed,
        mode=result.mode, started_at=started.isoformat(), finished_at=finished.isoformat(), ending=result.ending,
        outcome=result.outcome, percent=result.percent, grade=result.grade, passed=result.passed, csat=result.csat,
        scores=scores, decisions=decisions, undo_used=result.undo_used, app_version=result.app_version,
    )


def default_services(db_path: str | Path | None = None, config_dir: Path | None = None) -> Services:
    """The real services for a normal run."""
    path = settings_path(config_dir)
    settings, problem = load_settings(path)
    notices = [problem] if problem else []
    speaker = make_speaker(settings.voice, settings.volume)
    return Services(speaker, open_store(db_path), SystemClock(), settings, path, notices)
