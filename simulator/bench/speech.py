"""Benchmark: how fast the customer starts speaking, and that speech never stalls a frame.

Set-up: a fresh temporary speech cache (so "uncached" is true), the game's
own ``WorkerSpeaker`` with a ``MixerPlayer``, started and left to warm up the
way the game starts it at launch (its start-up time is reported, without a
budget). The real audio device is used when there is one; otherwise SDL's
``dummy`` driver, which mixes in real time but is silent (the note says so).

Figures:

* **uncached start** (budget 150 ms): for each of ``LINES`` different
  20-word lines, the time from ``speak()`` to the voice channel reporting
  busy (``Channel.get_busy()``), while a loop calls ``update()`` once per
  60 fps frame as the game does (so up to one frame of polling delay is
  included). Value: the median; the note gives the worst. Anchor: espeak-ng's
  own time to synthesise the same lines to a WAV (``espeak-ng -w out.wav
  "..."`` run by subprocess, median), in the same run.
* **cached start** (budget 20 ms): the same lines again, now in the cache:
  ``speak()`` to the channel busy (the file is loaded and played inside
  ``speak()``). Median; worst in the note.
* **frame time p99 while speaking** (budget 20 ms): a 60 fps loop with a
  pygame display (the ``dummy`` video driver unless DISPLAY is set) that
  calls ``update()``, draws and flips, while a new uncached line is spoken
  every 0.75 s and three more are prefetched each time. Frame time is the
  interval between consecutive frame starts; the value is its 99th percentile.
  Anchor: the same loop for half as long with nothing spoken, just before,
  which shows how much of a slow frame is the machine rather than speech.
* **speech work per frame p99** (no budget; a diagnostic): within that loop,
  the time spent in the speaker's own calls each frame (``speak``,
  ``prefetch``, ``update``, including loading a rendered WAV into the mixer).
  The worker runs at a lower CPU priority (nice +5) so rendering yields to
  the frame loop and the display server.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.bench import Metric
from simulator.scenario.model import Voice
from simulator.voice.base import SpokenLine

if TYPE_CHECKING:  # imported in measure(), after the audio check
    from simulator.voice.speaker import WorkerSpeaker

LINES = 8
FPS = 60
FRAME_SECONDS = 4.0
UNCACHED_BUDGET_MS = 150.0
CACHED_BUDGET_MS = 20.0
FRAME_BUDGET_MS = 20.0
WAIT = 20.0  # seconds before giving up on anything

_SUBJECTS = (
    "refund",
    "parcel",
    "invoice",
    "password",
    "booking",
    "delivery",
    "warranty",
    "account",
    "order",
    "voucher",
    "upgrade",
    "contract",
    "payment",
    "ticket",
    "replacement",
    "statement",
)
_PLACES = ("kitchen", "office", "car", "garden", "hallway", "garage", "station", "bakery")


def twenty_words(i: int) -> str:
    """A 20-word customer line, different for every ``i`` (so none is in the cache)."""
    subject = _SUBJECTS[i % len(_SUBJECTS)]
    place = _PLACES[(i // len(_SUBJECTS)) % len(_PLACES)]
    text = (
        f"I have waited in my {place} for forty minutes to hear about my {subject} "
        f"and nobody tells me anything today."
    )
    assert len(text.split()) == 20, text
    return text


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _espeak_anchor(texts: list[str], folder: Path) -> tuple[float | None, str]:
    exe = shutil.which("espeak-ng")
    if exe is None:
        return None, "espeak-ng is not installed, so there is no anchor"
    times = []
    for i, text in enumerate(texts):
        start = time.perf_counter()
        subprocess.run(
            [exe, "-w", str(folder / f"anchor{i}.wav"), text], check=True, capture_output=True
        )
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), ""


def _audio() -> tuple[bool, str]:
    """Bring up pygame.mixer, on the real device if any, else SDL's dummy driver."""
    from simulator.voice.playback import open_audio

    status = open_audio()
    if status.ok:
        return True, f"real audio device (SDL driver '{status.driver}')"
    if status.driver is None:
        os.environ["SDL_AUDIODRIVER"] = "dummy"
        status = open_audio()
    if status.driver is None:
        return False, status.message
    return True, f"no audio device here: SDL '{status.driver}' driver (mixes in real time, silent)"


def _frame_loop(
    speaker: Any, lines: list[SpokenLine], budget_s: float, work: list[float] | None = None
) -> list[float]:
    """Frame intervals (ms) of a 60 fps loop that draws, flips and calls ``update()``, speaking ``lines`` if any.

    ``work``, when given, receives the milliseconds spent each frame in the
    speaker's own calls (speak, prefetch, update).
    """
    import pygame

    own_display = not pygame.display.get_init()
    if own_display and not os.environ.get("DISPLAY"):
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.display.init()
    try:
        screen = pygame.display.set_mode((960, 600))
        clock = pygame.time.Clock()
        intervals: list[float] = []
        frame, next_line = 0, 0
        last = time.perf_counter()
        end = last + budget_s
        while time.perf_counter() < end:
            now = time.perf_counter()
            if frame:
                intervals.append((now - last) * 1000)
            last = now
            pygame.event.pump()
            spent = time.perf_counter()
            if frame % round(FPS * 0.75) == 0 and next_line + 4 <= len(lines):
                speaker.speak(lines[next_line])
                speaker.prefetch(lines[next_line + 1 : next_line + 4])
                next_line += 4
            speaker.update()
            if work is not None:
                work.append((time.perf_counter() - spent) * 1000)
            screen.fill((24, 26, 32))
            progress = speaker.progress or 0.0
            pygame.draw.rect(screen, (90, 160, 220), (40, 560, int(880 * progress), 12))
            pygame.display.flip()
            frame += 1
            clock.tick(FPS)
        return intervals
    finally:
        if own_display:
            pygame.display.quit()


def _wait_busy(speaker: Any, channel: Any, start: float) -> float | None:
    """Frame-paced polling until the voice channel plays; ms from ``start``, or None on time-out."""
    frame = 1.0 / FPS
    next_frame = time.perf_counter()
    while time.perf_counter() - start < WAIT:
        speaker.update()
        if channel.get_busy():
            return (time.perf_counter() - start) * 1000
        next_frame += frame
        time.sleep(max(0.0, next_frame - time.perf_counter()))
    return None


# The three measurements with a budget, in the order the table lists them.
NAMES = (
    "speech start, uncached 20-word line",
    "speech start, cached line",
    "frame time p99 while speaking",
)
BUDGETS_MS = (UNCACHED_BUDGET_MS, CACHED_BUDGET_MS, FRAME_BUDGET_MS)


def _not_measured(note: str) -> list[Metric]:
    """The budgeted metrics with no value, and why."""
    return [Metric(n, None, "ms", b, note=note) for n, b in zip(NAMES, BUDGETS_MS, strict=True)]


def measure() -> list[Metric]:
    """Uncached and cached speech start, and frame time p99 while speaking."""
    ok, audio_note = _audio()
    if not ok:
        return _not_measured(audio_note)
    import pygame

    from simulator.voice.playback import VOICE_CHANNEL, MixerPlayer
    from simulator.voice.speaker import WorkerSpeaker

    with tempfile.TemporaryDirectory(prefix="bench-speech-") as tmp:
        folder = Path(tmp)
        texts = [twenty_words(i) for i in range(LINES)]
        anchor, anchor_note = _espeak_anchor(texts, folder)
        speaker = WorkerSpeaker(MixerPlayer(), cache_dir=folder / "cache")
        channel = pygame.mixer.Channel(VOICE_CHANNEL)
        try:
            started = time.perf_counter()
            while not (speaker.ready or speaker.failed) and time.perf_counter() - started < WAIT:
                speaker.update()
                time.sleep(0.005)
            engine = speaker.engine
            if not speaker.ready or engine is None:
                return _not_measured(speaker.notice or "the speech worker did not start")
            startup = Metric(
                "speech worker start-up (spawn to engine ready)",
                (time.perf_counter() - started) * 1000,
                "ms",
                None,
                note=f"{engine.engine}, {engine.version}; happens at game start",
            )
            voice = Voice(gender="female", accent="en-gb")
            lines = [SpokenLine(t, voice, mood=-40) for t in texts]
            notes = (audio_note, anchor_note)
            return [
                startup,
                _uncached(speaker, channel, lines, anchor, notes),
                _cached(speaker, channel, lines),
                *_frames(speaker, voice),
            ]
        finally:
            speaker.close()


def _uncached(
    speaker: WorkerSpeaker,
    channel: Any,
    lines: list[SpokenLine],
    anchor: float | None,
    notes: tuple[str, str],
) -> Metric:
    """How long each new line takes from speak() to sound (rendered by the worker first)."""
    uncached = []
    for spoken in lines:
        start = time.perf_counter()
        speaker.speak(spoken)
        ms = _wait_busy(speaker, channel, start)
        if ms is not None:
            uncached.append(ms)
        speaker.stop()
    counted = (
        f"median of {len(uncached)}/{len(lines)} lines, worst {max(uncached):.0f} ms"
        if uncached
        else "no line started"
    )
    return Metric(
        NAMES[0],
        statistics.median(uncached) if uncached else None,
        "ms",
        UNCACHED_BUDGET_MS,
        anchor=anchor,
        anchor_name="espeak-ng -w, same lines",
        note="; ".join(x for x in (counted, "polled once per 60 fps frame", *notes) if x),
    )


def _cached(speaker: WorkerSpeaker, channel: Any, lines: list[SpokenLine]) -> Metric:
    """How long a line already in the cache takes from speak() to sound."""
    cached = []
    for spoken in lines:
        start = time.perf_counter()
        speaker.speak(spoken)
        ms = (
            (time.perf_counter() - start) * 1000
            if channel.get_busy()
            else _wait_busy(speaker, channel, start)
        )
        if ms is not None:
            cached.append(ms)
        speaker.stop()
    return Metric(
        NAMES[1],
        statistics.median(cached) if cached else None,
        "ms",
        CACHED_BUDGET_MS,
        note=f"median of {len(cached)} lines, worst {max(cached):.1f} ms"
        if cached
        else "no line started",
    )


def _frames(speaker: WorkerSpeaker, voice: Voice) -> list[Metric]:
    """Frame times while lines are spoken and prefetched, against the same loop in silence."""
    quiet = _frame_loop(speaker, [], FRAME_SECONDS / 2)
    busy_lines = [SpokenLine(twenty_words(LINES + i), voice, mood=-70) for i in range(24)]
    work: list[float] = []
    intervals = _frame_loop(speaker, busy_lines, FRAME_SECONDS, work)
    where = f"X display {os.environ['DISPLAY']}" if os.environ.get("DISPLAY") else "SDL dummy video"
    return [
        Metric(
            NAMES[2],
            _percentile(intervals, 0.99),
            "ms",
            FRAME_BUDGET_MS,
            anchor=_percentile(quiet, 0.99),
            anchor_name="same loop, not speaking",
            note=f"{len(intervals)} frames at {FPS} fps target, worst {max(intervals):.1f} ms, "
            f"median {statistics.median(intervals):.1f} ms; {where}",
        ),
        Metric(
            "speech work per frame p99 (speak + prefetch + update)",
            _percentile(work, 0.99),
            "ms",
            None,
            note=f"worst {max(work):.1f} ms: the part of a frame the speaker itself takes, "
            "so slow frames above can be told apart from a busy machine",
        ),
    ]
