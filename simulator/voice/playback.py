"""Playing rendered lines: pygame.mixer on a channel of the voice's own. The only module here importing pygame.

How "no audio device" is decided (``open_audio``):

* ``pygame.mixer.init()`` raising (no sound card, no sound server, ALSA
  errors) means no device;
* an SDL audio driver that plays nothing you can hear (``dummy``, ``disk``;
  ``SDL_AUDIODRIVER=dummy`` in tests and CI) also counts as no device: the
  mixer works and time passes, but nobody hears the customer, so the game
  says so and shows captions only. Tests and the benchmark pass
  ``allow_silent_driver=True`` to drive the whole pipeline through it.

The UI normally initialises the mixer; ``open_audio`` initialises it only
when nobody has (it never calls ``pygame.init()``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# SDL audio drivers that produce no audible sound.
SILENT_DRIVERS = frozenset({"dummy", "disk"})
# The channel the voice plays on; reserved so Sound.play() elsewhere never takes it.
VOICE_CHANNEL = 0


@dataclass(frozen=True)
class AudioStatus:
    """Whether sound can be heard, the SDL audio driver in use, and one line saying so."""

    ok: bool
    driver: str | None
    message: str


class Player(Protocol):
    """Plays one file at a time."""

    def play(self, path: Path) -> None:
        """Start ``path`` now (stopping whatever was playing)."""
        ...

    def stop(self) -> None:
        """Stop at once."""
        ...

    def play_effect(self, path: Path) -> None:
        """Play a short sound beside the voice (the line connecting), never interrupting it."""
        ...

    @property
    def busy(self) -> bool:
        """True while sound is playing."""
        ...

    def set_volume(self, volume: float) -> None:
        """Master volume, 0-1."""
        ...


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Silence C libraries (ALSA prints a dozen lines when there is no sound card) for a moment.

    The error that matters still reaches us as pygame.error and goes into the notice.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def open_audio() -> AudioStatus:
    """Make sure pygame.mixer is up and say whether anything will be heard (see the module docstring)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame
    except ImportError:
        return AudioStatus(False, None, "No audio: pygame is not installed")
    try:
        if not pygame.mixer.get_init():
            # A small buffer keeps the gap between "play" and sound short.
            with _quiet_native_stderr():
                pygame.mixer.init(frequency=22050, size=-16, channels=2, buffer=512)
        driver = pygame.mixer.get_driver()
    except pygame.error as exc:
        return AudioStatus(False, None, f"No audio output device ({_first_line(str(exc))})")
    if driver in SILENT_DRIVERS:
        return AudioStatus(
            False, driver, f"No audio output device (SDL audio driver '{driver}' plays nothing)"
        )
    return AudioStatus(True, driver, f"Audio output works (SDL audio driver '{driver}')")


class MixerPlayer:
    """Plays WAV files on the voice's reserved pygame.mixer channel."""

    def __init__(self, volume: float = 1.0) -> None:
        import pygame

        if not pygame.mixer.get_init():
            raise RuntimeError("pygame.mixer is not initialised")
        self._pygame = pygame
        if pygame.mixer.get_num_channels() <= VOICE_CHANNEL:
            pygame.mixer.set_num_channels(VOICE_CHANNEL + 8)
        pygame.mixer.set_reserved(VOICE_CHANNEL + 1)
        self._channel = pygame.mixer.Channel(VOICE_CHANNEL)
        self._sound: object | None = None  # kept referenced while it plays
        self._effect: object | None = None
        self._volume = volume
        self._channel.set_volume(volume)

    def play(self, path: Path) -> None:
        """Load ``path`` (a few ms for a spoken line) and play it on the voice channel."""
        sound = self._pygame.mixer.Sound(str(path))
        self._sound = sound
        self._channel.play(sound)
        # Channel.play resets the channel volume on some SDL_mixer versions.
        self._channel.set_volume(self._volume)

    def stop(self) -> None:
        """Stop the voice channel at once."""
        self._channel.stop()
        self._sound = None

    def play_effect(self, path: Path) -> None:
        """Play ``path`` on a free channel other than the voice's, at the voice's volume."""
        effect = self._pygame.mixer.Sound(str(path))
        effect.set_volume(self._volume)
        self._effect = effect  # kept referenced while it plays
        effect.play()

    @property
    def busy(self) -> bool:
        """True while the voice channel is playing."""
        return bool(self._channel.get_busy())

    def set_volume(self, volume: float) -> None:
        """Volume of the voice channel, 0-1."""
        self._volume = max(0.0, min(1.0, volume))
        self._channel.set_volume(self._volume)


class NullPlayer:
    """Plays nothing and is never busy: rendering without any audio device (``voices --say``, tests)."""

    def __init__(self) -> None:
        self.played: list[Path] = []
        self.effects: list[Path] = []

    def play(self, path: Path) -> None:
        """Remember ``path``; no sound."""
        self.played.append(path)

    def stop(self) -> None:
        """Nothing to stop."""

    def play_effect(self, path: Path) -> None:
        """Remember ``path``; no sound."""
        self.effects.append(path)

    @property
    def busy(self) -> bool:
        """Never busy."""
        return False

    def set_volume(self, volume: float) -> None:
        """No volume to set."""
