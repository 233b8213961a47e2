"""Messages between the game and the speech worker (plain picklable data, nothing heavy imported).

Game -> worker: ``RenderJob``, ``Quit``.
Worker -> game: ``EngineReady`` or ``NoEngine`` once at start, then per job
``Started`` and ``Rendered`` or ``RenderFailed``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from simulator.voice.voice_match import VoiceInfo

# Which engines the worker tries, in order; the environment variable overrides it.
DEFAULT_ENGINES: tuple[str, ...] = ("pyttsx3", "espeak-ng")
ENGINES_ENV = "ON_THE_LINE_SPEECH_ENGINES"


@dataclass(frozen=True)
class RenderJob:
    """Render ``text`` to the WAV file ``path``; ``urgent`` jobs (the line to say now) go before prefetches."""

    key: str
    text: str
    voice_id: str | None
    rate_wpm: int
    volume: float
    pitch: int
    path: str
    urgent: bool = False
    phone_line: bool = False  # put the rendered line through the telephone band (voice.phone_line)


@dataclass(frozen=True)
class Quit:
    """Ask the worker to exit."""


@dataclass(frozen=True)
class EngineReady:
    """The worker's engine is up: what it is (for cache keys and `voices`) and what voices it has."""

    engine: str  # "pyttsx3/espeak" or "espeak-ng"
    version: (
        str  # versions of everything that changes the audio, e.g. "pyttsx3 2.99; espeak-ng 1.51"
    )
    family: str  # voice_match family: espeak, sapi5, nsss, avspeech
    voices: tuple[VoiceInfo, ...]
    variants: tuple[VoiceInfo, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. why pyttsx3 was passed over for the espeak-ng program

    @property
    def identity(self) -> str:
        """Engine name and version, the part of a cache key that says who rendered the audio."""
        return f"{self.engine} {self.version}"


@dataclass(frozen=True)
class NoEngine:
    """No usable speech engine: ``reason`` is one line for the settings screen."""

    reason: str


@dataclass(frozen=True)
class Started:
    """The worker began rendering ``key`` (the game times it out from here)."""

    key: str


@dataclass(frozen=True)
class Rendered:
    """``key`` is in ``path``; ``duration`` in seconds from the WAV header."""

    key: str
    path: str
    duration: float
    note: str = ""  # set when the line took a fallback route (pyttsx3 failed, the espeak-ng program rendered it)


@dataclass(frozen=True)
class RenderFailed:
    """``key`` could not be rendered."""

    key: str
    reason: str


@dataclass(frozen=True)
class WorkerOptions:
    """How the worker picks its engine, plus hooks that let tests stage each failure for real.

    ``hide_modules`` makes those imports fail inside the worker (an uninstalled
    pyttsx3), ``hide_voices`` reports an engine without voices, and
    ``render_delay`` sleeps before every render (a hung synthesis).
    """

    engines: tuple[str, ...] = DEFAULT_ENGINES
    hide_modules: tuple[str, ...] = ()
    hide_voices: bool = False
    render_delay: float = 0.0
    cache_limit_bytes: int = 200 * 1024 * 1024

    @classmethod
    def from_env(cls) -> WorkerOptions:
        """Defaults, with the engines to try taken from ``ON_THE_LINE_SPEECH_ENGINES`` when it is set.

        A comma-separated list of ``pyttsx3`` and ``espeak-ng`` (``none`` for captions only).
        """
        raw = os.environ.get(ENGINES_ENV)
        if raw is None:
            return cls()
        return cls(
            engines=tuple(
                e for e in (x.strip().lower() for x in raw.split(",")) if e and e != "none"
            )
        )
