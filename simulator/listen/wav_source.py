"""An audio source that reads a WAV file: it stands in for the microphone in tests and the bench.

It hands out the file as 16 kHz mono chunks of the same size the microphone capture uses, with
their times, so everything downstream (speech onset, the recogniser) cannot tell the difference.
"""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path

from simulator.listen.pcm import to_model_rate
from simulator.listen.recogniser import BYTES_PER_SECOND

CHUNK_SECONDS = 0.05  # 50 ms, the microphone capture's chunk


class AudioFileError(ValueError):
    """The WAV file cannot be used; the message names it and says why."""


def read_wav(path: str | Path) -> bytes:
    """The whole of a 16-bit WAV file as 16 kHz mono PCM."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() not in (1, 2):
                raise AudioFileError(
                    f"{path}: needs 16-bit mono or stereo audio "
                    f"(it has {wav.getsampwidth() * 8}-bit, {wav.getnchannels()} channels)"
                )
            frames = wav.readframes(wav.getnframes())
            return to_model_rate(frames, wav.getframerate(), wav.getnchannels())
    except (OSError, EOFError, wave.Error) as exc:
        raise AudioFileError(f"{path}: not a readable WAV file ({exc})") from exc


class WavSource:
    """A WAV file as a stream of (start time in seconds, 16 kHz mono chunk)."""

    def __init__(self, path: str | Path, *, delay: float = 0.0) -> None:
        self.path = Path(path)
        self.pcm = read_wav(path)
        self.delay = delay  # seconds of silence before the file, as if the trainee waited

    @property
    def duration(self) -> float:
        """Seconds of audio, delay included."""
        return self.delay + len(self.pcm) / BYTES_PER_SECOND

    def chunks(self) -> Iterator[tuple[float, bytes]]:
        """The audio in capture-sized chunks with each chunk's start time."""
        size = int(CHUNK_SECONDS * BYTES_PER_SECOND)
        silence = bytes(size)
        t = 0.0
        while t + CHUNK_SECONDS <= self.delay:
            yield t, silence
            t += CHUNK_SECONDS
        for i in range(0, len(self.pcm), size):
            yield self.delay + i / BYTES_PER_SECOND, self.pcm[i : i + size]
