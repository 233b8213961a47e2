"""Rendered lines on disk: one WAV per (text, voice, rate, volume, pitch, engine), named by a hash."""

from __future__ import annotations

import hashlib
import json
import os
import wave
from pathlib import Path

from simulator.paths import user_cache_dir

# The click of the call connecting, written once into the cache folder by the speech worker.
CONNECT_CLICK_FILE = "phone-connect-v1.wav"


def default_cache_dir() -> Path:
    """``<user cache dir>/speech``."""
    return user_cache_dir() / "speech"


def cache_key(
    text: str,
    voice_id: str | None,
    rate_wpm: int,
    volume: float,
    pitch: int,
    engine: str,
    phone_line: bool = False,
) -> str:
    """A stable hash of everything that changes the audio."""
    fields: list[object] = [text, voice_id, rate_wpm, round(volume, 3), pitch, engine]
    if phone_line:  # appended only when on, so lines rendered without the filter keep their keys
        fields.append("phone-line-v1")
    data = json.dumps(fields, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def wav_duration(path: str | Path) -> float:
    """Seconds of audio in a WAV file, from its header (frames / frame rate)."""
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        return w.getnframes() / rate if rate else 0.0


class SpeechCache:
    """Where a key's WAV lives, and whether it is there already (files appear whole: the worker renames into place)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_cache_dir()
        self._durations: dict[str, float] = {}

    def path_for(self, key: str) -> Path:
        """The WAV file of ``key`` (which may not exist yet)."""
        return self.folder / f"{key}.wav"

    def remember(self, key: str, duration: float) -> None:
        """Note a line the worker has just rendered, so a lookup need not read its header."""
        self._durations[key] = duration

    def lookup(self, key: str) -> tuple[Path, float] | None:
        """(path, duration) when ``key`` is rendered and readable, else None."""
        path = self.path_for(key)
        if not path.is_file():
            self._durations.pop(key, None)
            return None
        if key not in self._durations:
            try:
                self._durations[key] = wav_duration(path)
            except (OSError, EOFError, wave.Error):
                return None  # a damaged file is a miss; the worker renders it again over it
        return path, self._durations[key]


def prune(folder: Path, max_bytes: int) -> int:
    """Delete the least recently used WAVs until the folder holds at most ``max_bytes``; returns files removed."""
    try:
        files = [(p.stat(), p) for p in folder.glob("*.wav")]
    except OSError:
        return 0
    total = sum(st.st_size for st, _ in files)
    removed = 0
    for st, p in sorted(files, key=lambda sp: sp[0].st_mtime):
        if total <= max_bytes:
            break
        try:
            os.remove(p)
        except OSError:
            continue
        total -= st.st_size
        removed += 1
    return removed
