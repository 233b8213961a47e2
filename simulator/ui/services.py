"""The app's side effects, chosen once at start-up: voice, progress store, clock and settings."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from simulator.clock import Clock, SystemClock
from simulator.engine.result import CallResult
from simulator.lrs.background import BackgroundSync
from simulator.store.base import CallRecord, ProgressStore
from simulator.store.memory_store import MemoryStore
from simulator.ui.settings import Settings, load_settings, save_settings, settings_path
from simulator.ui.voice_kit import VoiceKit
from simulator.voice.base import SilentSpeaker, Speaker


def fresh_seed() -> int:
    """A new seed for a call: its wording variants and the order its choices are shown in."""
    return secrets.randbelow(2**31 - 1) + 1


@dataclass
class Services:
    """What the scenes use for voice, storage, time and settings; tests pass their own."""

    speaker: Speaker
    store: ProgressStore
    clock: Clock
    settings: Settings
    settings_file: Path | None = None  # None: settings are not written anywhere
    notices: list[str] = field(default_factory=list)
    new_seed: Callable[[], int] = fresh_seed  # tests pass a fixed one
    sync: BackgroundSync | None = None  # sending calls to the training centre's LRS, when set up
    voice_kit: VoiceKit | None = None  # voice answers' recogniser and microphone; None: not offered

    def save_settings(self) -> None:
        """Persist the settings (a failure becomes a notice, never an exception)."""
        if self.settings_file is None:
            return
        problem = save_settings(self.settings, self.settings_file)
        if problem and problem not in self.notices:
            self.notices.append(problem)


def make_speaker(enabled: bool, volume: float, phone_line: bool = True) -> Speaker:
    """The real voice when its module is there and works, else captions only with a notice."""
    if not enabled:
        return SilentSpeaker("Voice is off; captions only.")
    try:
        from simulator.voice import make_speaker as real
    except ImportError:
        return SilentSpeaker("Speech is not available in this build; captions only.")
    try:
        return real(enabled, volume, phone_line=phone_line)
    except Exception as exc:  # a broken speech engine must never stop the game
        return SilentSpeaker(f"Speech could not start ({exc}); captions only.")


def open_store(db_path: str | Path | None) -> ProgressStore:
    """The store's own opener (it never raises; ``store.notice`` says what went wrong), guarded all the same."""
    from simulator.store.open import open_store as real

    try:
        return real(Path(db_path) if db_path is not None else None)
    except Exception as exc:  # never lose the session over storage
        return MemoryStore(
            f"Progress could not be opened ({exc}); it is kept in memory only for now."
        )


def record_for(
    trainee: str,
    result: CallResult,
    started: datetime,
    finished: datetime,
    *,
    flags: Iterable[str] | None = None,
    inherited_flags: Iterable[str] | None = None,
    follows: str | None = None,
) -> CallRecord:
    """The stored form of a finished call (the store's converter, so the report reads what the game wrote)."""
    from simulator.store.open import record_from_result

    return record_from_result(
        trainee,
        result,
        started,
        finished,
        flags=flags,
        inherited_flags=inherited_flags,
        follows=follows,
    )


def default_services(
    db_path: str | Path | None = None, config_dir: Path | None = None, demo: bool = False
) -> Services:
    """The real services for a normal run; a demo gets no voice, an in-memory store unless ``db_path`` is given,
    and settings that are read but never written (so it touches nobody's progress or preferences)."""
    path = settings_path(config_dir)
    settings, problem = load_settings(path)
    notices = [problem] if problem else []
    if demo:
        # a demo must not speak over the office, create the real database or add calls to anyone's record
        # silent on purpose, not by failure: no 'Captions only' badge on its screenshots, a note in its settings
        speaker: Speaker = SilentSpeaker()
        store = open_store(db_path) if db_path else MemoryStore()
        return Services(
            speaker,
            store,
            SystemClock(),
            settings,
            None,
            [*notices, "The demo plays without a voice."],
        )
    speaker = make_speaker(settings.voice, settings.volume, settings.phone_line)
    kit = VoiceKit()
    if settings.voice_answers != "off":
        kit.prepare(settings.microphone)  # in a thread: ready by the time a call starts
    return Services(
        speaker, open_store(db_path), SystemClock(), settings, path, notices, voice_kit=kit
    )
