"""The real Speaker: render in the worker process, play with the mixer, and never block the frame loop.

Life of a line: ``speak`` works out the delivery (mood, kind), the voice
(persona hints -> installed voice) and the cache key. A cached line starts
playing inside ``speak``; otherwise a render job goes to the worker ahead of
any prefetches, and ``update`` (once a frame) starts the audio the moment the
worker reports the WAV. ``progress`` is elapsed / duration of the real WAV,
so the caption reveal can follow the voice.

Failures fall back to captions only, with ``notice`` saying why: no engine or
no voices (reported by the worker), a worker that dies (restarted, up to
``max_restarts`` failures in a row), a render that runs past
``render_timeout`` (worker killed and restarted; that line goes caption-only),
a worker that never comes up (``start_timeout``), and any unexpected error in
this class (caught, never raised into the game).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from simulator.clock import Clock, SystemClock
from simulator.scenario.model import Voice
from simulator.voice.base import SpokenLine
from simulator.voice.cache import CONNECT_CLICK_FILE, SpeechCache, cache_key, default_cache_dir
from simulator.voice.client import WorkerHandle
from simulator.voice.delivery import delivery_for
from simulator.voice.playback import Player
from simulator.voice.protocol import (
    EngineReady,
    NoEngine,
    Rendered,
    RenderFailed,
    RenderJob,
    Started,
    WorkerOptions,
)
from simulator.voice.voice_match import choose_voice

T = TypeVar("T")

# At most this many lines are rendered ahead; the customer has only so many answers to a choice.
MAX_PREFETCH = 8

IDLE, WAITING, PLAYING, DONE = "idle", "waiting", "playing", "done"


class WorkerSpeaker:
    """Speech from a worker process, played on the voice channel; see the module docstring."""

    def __init__(
        self,
        player: Player,
        *,
        volume: float = 1.0,
        cache_dir: Path | None = None,
        options: WorkerOptions | None = None,
        clock: Clock | None = None,
        render_timeout: float = 5.0,
        start_timeout: float = 20.0,
        max_restarts: int = 2,
        phone_line: bool = True,
    ) -> None:
        self._player = player
        self._phone_line = phone_line
        self._clock = clock or SystemClock()
        self._options = options or WorkerOptions.from_env()
        self.render_timeout = render_timeout
        self.start_timeout = start_timeout
        self.max_restarts = max_restarts
        self._cache = SpeechCache(self._usable_cache_dir(cache_dir or default_cache_dir()))
        self._engine: EngineReady | None = None
        self._worker: WorkerHandle | None = None
        self._worker_started = 0.0
        self._failed = False
        self._notice: str | None = None
        self._failures_in_a_row = 0
        self._voices: dict[tuple[str, str, str], str | None] = {}
        self._in_flight: dict[
            str, float | None
        ] = {}  # key -> when the worker started it (None: queued)
        self._waiting_prefetch: list[SpokenLine] = []  # asked for before the engine was up
        self._line: SpokenLine | None = None
        self._key: str | None = None
        self._state = IDLE
        self._play_started = 0.0
        self._duration = 0.0
        self._guard(self._player.set_volume, volume)
        self._guard(self._start_worker)

    # --- the Speaker protocol -------------------------------------------------------------

    def speak(self, line: SpokenLine) -> None:
        """Say ``line``: at once when cached, else as soon as the worker has rendered it."""
        self._guard(self._speak, line)

    def prefetch(self, lines: Sequence[SpokenLine]) -> None:
        """Render ``lines`` ahead (at most MAX_PREFETCH), behind the line being said."""
        self._guard(self._prefetch, list(lines)[:MAX_PREFETCH])

    def stop(self) -> None:
        """Stop speaking at once (a render in progress still finishes, into the cache)."""
        self._guard(self._stop)

    def update(self) -> None:
        """Poll the worker and the channel; start audio that has arrived; time out and recover. Never blocks."""
        self._guard(self._update)

    @property
    def speaking(self) -> bool:
        """True while the current line is waiting for its audio or playing."""
        return self._state in (WAITING, PLAYING)

    @property
    def playing(self) -> bool:
        """True while the current line's audio is playing (not merely waiting for its render)."""
        return self._state == PLAYING

    @property
    def duration(self) -> float | None:
        """Seconds of audio of the line playing or just played, from its WAV header."""
        return self._duration if self._state in (PLAYING, DONE) else None

    @property
    def progress(self) -> float | None:
        """0 while the audio is coming, elapsed/duration while playing, 1 when done; None without audio."""
        if self._state == WAITING:
            return 0.0
        if self._state == PLAYING:
            if self._duration <= 0:
                return 1.0
            return max(
                0.0, min(1.0, (self._clock.monotonic() - self._play_started) / self._duration)
            )
        if self._state == DONE:
            return 1.0
        return None

    @property
    def notice(self) -> str | None:
        """Why speech is off or has fallen back to captions (None when all is well)."""
        return self._notice

    def set_volume(self, volume: float) -> None:
        """Master volume 0-1, applied on the channel (the rendered files keep the mood's loudness)."""
        self._guard(self._player.set_volume, volume)

    @property
    def phone_line(self) -> bool:
        """True when lines are rendered through the telephone band."""
        return self._phone_line

    def set_phone_line(self, on: bool) -> None:
        """Render later lines through the phone line (on) or as a plain voice (off)."""
        self._phone_line = bool(on)

    def connect(self) -> None:
        """The click of the call connecting, beside the voice (only with the phone line on)."""
        self._guard(self._connect)

    def close(self) -> None:
        """Stop speaking and end the worker."""
        self._guard(self._stop)
        if self._worker is not None:
            worker, self._worker = self._worker, None
            self._guard(worker.quit)

    # --- extra surface for the voices command, tests and the benchmark --------------------

    @property
    def engine(self) -> EngineReady | None:
        """The worker's engine, once it has reported."""
        return self._engine

    @property
    def ready(self) -> bool:
        """True when the worker is up and lines can be rendered."""
        return self._engine is not None and not self._failed

    @property
    def failed(self) -> bool:
        """True once speech has fallen back to captions for good."""
        return self._failed

    @property
    def worker_pid(self) -> int | None:
        """The current worker's process id."""
        return self._worker.pid if self._worker is not None else None

    @property
    def cache(self) -> SpeechCache:
        """The on-disk cache of rendered lines."""
        return self._cache

    def job_for(self, line: SpokenLine, urgent: bool = False) -> RenderJob | None:
        """The render job for ``line`` (None until the engine is known)."""
        if self._engine is None:
            return None
        d = delivery_for(line.voice, line.mood, line.kind)
        voice_id = self._voice_for(line.voice)
        key = cache_key(
            line.text.strip(),
            voice_id,
            d.rate_wpm,
            d.volume,
            d.pitch,
            self._engine.identity,
            self._phone_line,
        )
        return RenderJob(
            key=key,
            text=line.text.strip(),
            voice_id=voice_id,
            rate_wpm=d.rate_wpm,
            volume=d.volume,
            pitch=d.pitch,
            path=str(self._cache.path_for(key)),
            urgent=urgent,
            phone_line=self._phone_line,
        )

    # --- inside -----------------------------------------------------------------------------

    def _guard(self, fn: Callable[..., T], *args: object) -> T | None:
        """Run ``fn``; any unexpected error turns speech off with a notice instead of reaching the game."""
        try:
            return fn(*args)
        except Exception as exc:
            self._fail(
                f"Speech stopped after an unexpected error ({type(exc).__name__}: {exc}). Captions only."
            )
            return None

    @staticmethod
    def _usable_cache_dir(folder: Path) -> Path:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return folder
        except OSError:
            # A read-only home still gets speech, just not kept between runs.
            return Path(tempfile.mkdtemp(prefix="on-the-line-speech-"))

    def _start_worker(self) -> None:
        self._engine = None
        self._in_flight.clear()
        self._worker = WorkerHandle(self._cache.folder, self._options)
        self._worker_started = self._clock.monotonic()

    def _fail(self, reason: str) -> None:
        self._failed = True
        self._notice = reason
        self._state = IDLE
        self._line = self._key = None
        try:
            self._player.stop()
        except Exception:  # the notice is already set; nothing more to do about a broken mixer
            pass
        if self._worker is not None:
            worker, self._worker = self._worker, None
            try:
                worker.kill()
            except Exception:
                pass

    def _voice_for(self, hints: Voice) -> str | None:
        assert self._engine is not None
        memo = (hints.gender, hints.age, hints.accent)
        if memo not in self._voices:
            self._voices[memo] = choose_voice(
                hints, self._engine.voices, self._engine.variants, self._engine.family
            )
        return self._voices[memo]

    def _connect(self) -> None:
        click = self._cache.folder / CONNECT_CLICK_FILE
        # the worker writes the click when it starts (numpy stays out of the game process); a call
        # that begins before that simply opens without it
        if self._failed or not self._phone_line or not click.is_file():
            return
        self._player.play_effect(click)

    def _speak(self, line: SpokenLine) -> None:
        self._stop()
        if self._failed or not line.text.strip():
            return
        self._line, self._state = line, WAITING
        if self._engine is not None:
            self._request_current()

    def _request_current(self) -> None:
        assert self._line is not None
        job = self.job_for(self._line, urgent=True)
        if job is None:
            return
        self._key = job.key
        hit = self._cache.lookup(job.key)
        if hit is not None:
            self._play(*hit)
        else:
            self._send(job)

    def _send(self, job: RenderJob) -> None:
        if self._worker is None:
            return
        if job.key in self._in_flight and not job.urgent:
            return
        self._worker.send(job)
        self._in_flight.setdefault(job.key, None)

    def _prefetch(self, lines: list[SpokenLine]) -> None:
        if self._failed:
            return
        lines = [line for line in lines if line.text.strip()]
        if self._engine is None:
            self._waiting_prefetch = lines
            return
        for line in lines:
            job = self.job_for(line)
            if job is not None and self._cache.lookup(job.key) is None:
                self._send(job)

    def _stop(self) -> None:
        self._player.stop()
        self._state = IDLE
        self._line = self._key = None

    def _play(self, path: Path, duration: float) -> None:
        self._player.play(path)
        self._play_started = self._clock.monotonic()
        self._duration = duration
        self._state = PLAYING

    def _update(self) -> None:
        if self._failed or self._worker is None:
            return
        for message in self._worker.poll():
            self._handle(message)
            if self._failed or self._worker is None:
                return
        self._check_worker()
        if self._state == PLAYING and not self._player.busy:
            self._state = DONE

    def _handle(self, message: object) -> None:
        now = self._clock.monotonic()
        if isinstance(message, EngineReady):
            if not message.voices:
                self._fail(
                    f"The speech engine ({message.engine}) has no voices installed. Captions only."
                )
                return
            self._engine = message
            self._voices.clear()
            if self._state == WAITING:
                self._request_current()
            waiting, self._waiting_prefetch = self._waiting_prefetch, []
            self._prefetch(waiting)
        elif isinstance(message, NoEngine):
            self._fail(message.reason)
        elif isinstance(message, Started):
            if message.key in self._in_flight:
                self._in_flight[message.key] = now
        elif isinstance(message, Rendered):
            self._in_flight.pop(message.key, None)
            self._failures_in_a_row = 0
            self._cache.remember(message.key, message.duration)
            if self._state == WAITING and message.key == self._key:
                self._play(Path(message.path), message.duration)
        elif isinstance(message, RenderFailed):
            self._in_flight.pop(message.key, None)
            if message.key == self._key and self._state == WAITING:
                self._state = IDLE  # this line goes caption-only; the next may well work
                self._notice = (
                    f"A line could not be spoken ({message.reason}); it was shown as a caption."
                )

    def _check_worker(self) -> None:
        assert self._worker is not None
        now = self._clock.monotonic()
        if not self._worker.alive():
            code = self._worker.exitcode
            self._recover(
                f"the speech worker stopped unexpectedly (exit code {code})", drop_current=False
            )
            return
        if self._engine is None:
            if now - self._worker_started > self.start_timeout:
                self._recover(
                    f"the speech engine did not start within {self.start_timeout:g} s",
                    drop_current=False,
                )
            return
        for key, started in self._in_flight.items():
            if started is not None and now - started > self.render_timeout:
                self._recover(
                    f"a line took longer than {self.render_timeout:g} s to render",
                    drop_current=key == self._key,
                )
                return

    def _recover(self, reason: str, *, drop_current: bool) -> None:
        """Kill the worker; start another unless failures keep coming, then give up to captions."""
        assert self._worker is not None
        worker, self._worker = self._worker, None
        worker.kill()
        self._failures_in_a_row += 1
        if self._failures_in_a_row > self.max_restarts:
            self._fail(
                f"Speech is off: {reason}, {self._failures_in_a_row} times in a row. Captions only."
            )
            return
        self._notice = f"Speech restarted: {reason}."
        if drop_current and self._state == WAITING:
            self._state = (
                IDLE  # the line that hung is shown as a caption; the next line gets the new worker
            )
        self._start_worker()
