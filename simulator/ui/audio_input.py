"""Where the trainee's voice comes from: the microphone (SDL audio capture) or, in tests and the bench,
WAV files standing in for it. Both hand out 16 kHz mono 16-bit chunks with their time since ``start``.

The microphone is opened once, paused, when voice answers get ready, and only unpaused while the
talk key is held: SDL calls back on its own audio thread, so capturing never takes frame time, and
the chunks go straight to the listening session (whose decoder runs in its own thread too).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from simulator.listen.recogniser import BYTES_PER_SECOND, SAMPLE_RATE
from simulator.listen.wav_source import CHUNK_SECONDS, WavSource

ChunkSink = Callable[[float, bytes], None]  # (seconds since start, 16 kHz mono 16-bit PCM)


class AudioInputError(RuntimeError):
    """The audio input cannot be used; the message says why, in words for the settings screen."""


class AudioInput(Protocol):
    """Something that captures the trainee's voice while started."""

    name: str

    def start(self, sink: ChunkSink) -> None:
        """Begin handing chunks to ``sink`` (their times count from now)."""

    def stop(self) -> None:
        """Stop handing chunks over (the device stays open for the next answer)."""

    def close(self) -> None:
        """Let the device go."""


def capture_devices() -> list[str]:
    """The names of the microphones SDL can capture from; AudioInputError when there is no sound system."""
    from simulator.ui.pg import pygame

    try:
        import pygame._sdl2.audio as sdl_audio

        if not pygame.mixer.get_init():
            # The same format the voice opens the mixer with, so the customer's voice is unaffected.
            pygame.mixer.init(frequency=22050, size=-16, channels=2, buffer=512)
        return list(sdl_audio.get_audio_device_names(True))
    except (pygame.error, RuntimeError, ImportError) as exc:  # RuntimeError: SDL's own error
        raise AudioInputError(f"the sound system could not start ({exc})") from exc


class Microphone:
    """A capture device through pygame-ce's SDL audio (pygame._sdl2.audio), opened paused."""

    def __init__(self, device: str = "") -> None:
        capture_devices()  # the sound system must be up to open a device
        self.name = device or "the default microphone"
        self._sink: ChunkSink | None = None
        self._samples = 0
        self._lock = threading.Lock()
        try:
            import pygame._sdl2.audio as sdl_audio

            # allowed_changes=0: SDL converts whatever the device gives into 16 kHz mono 16-bit.
            self._device = sdl_audio.AudioDevice(
                device or None,
                True,
                SAMPLE_RATE,
                sdl_audio.AUDIO_S16,
                1,
                int(SAMPLE_RATE * CHUNK_SECONDS),
                0,
                self._callback,
            )
        except Exception as exc:  # SDL's own error type, or a driver's: the device cannot be used
            raise AudioInputError(
                f"{self.name} could not be opened ({exc}); check that it is plugged in and that "
                "this program is allowed to use it"
            ) from exc

    def _callback(self, _device: object, data: memoryview) -> None:
        # SDL's audio thread: hand the chunk on and return at once.
        with self._lock:
            sink, t = self._sink, self._samples / SAMPLE_RATE
            self._samples += len(data) // 2
        if sink is not None:
            sink(t, bytes(data))

    def start(self, sink: ChunkSink) -> None:
        """Unpause the device; its chunks go to ``sink``."""
        with self._lock:
            self._sink, self._samples = sink, 0
        self._device.pause(0)

    def stop(self) -> None:
        """Pause the device."""
        self._device.pause(1)
        with self._lock:
            self._sink = None

    def close(self) -> None:
        """Close the device."""
        self.stop()
        self._device.close()


class WavInput:
    """WAV files said one after another, standing in for the microphone (tests and the bench).

    ``say(path, delay)`` queues what the next ``start`` plays. ``realtime`` hands chunks over at
    the pace of speech from a thread, as a microphone would; otherwise all at once, at ``start``.
    """

    def __init__(self, realtime: bool = False) -> None:
        self.name = "WAV files"
        self.realtime = realtime
        self._queue: list[WavSource] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def say(self, path: str | Path, delay: float = 0.0) -> None:
        """The next answer is ``path``, after ``delay`` seconds of silence."""
        self._queue.append(WavSource(path, delay=delay))

    @property
    def next_seconds(self) -> float:
        """How long the next queued file lasts, its delay included (0 when none is queued)."""
        return self._queue[0].duration if self._queue else 0.0

    def start(self, sink: ChunkSink) -> None:
        """Play the next queued file (or silence when none is queued) into ``sink``."""
        source = self._queue.pop(0) if self._queue else None
        chunks = list(source.chunks()) if source is not None else [(0.0, bytes(1600))]
        if not self.realtime:
            for t, pcm in chunks:
                sink(t, pcm)
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._pace, args=(chunks, sink), daemon=True)
        self._thread.start()

    def _pace(self, chunks: list[tuple[float, bytes]], sink: ChunkSink) -> None:
        began = time.perf_counter()
        for t, pcm in chunks:
            ahead = began + t + len(pcm) / BYTES_PER_SECOND - time.perf_counter()
            if self._stop.wait(max(0.0, ahead)):
                return
            sink(t, pcm)

    def stop(self) -> None:
        """Stop a realtime file part way."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def close(self) -> None:
        """Nothing to let go of."""
        self.stop()
