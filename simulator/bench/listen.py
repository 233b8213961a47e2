"""Benchmark: from the end of the trainee's speech to the answer chosen, on the game's own path.

Set-up: the recogniser is built once (as the game builds it when voice mode is on). espeak-ng
(the program) says each of ``RUNS`` answers of about 15 words from shipped calls into a WAV
file; a ``WavSource`` reads it in the microphone capture's 50 ms chunks and hands them to a
``ListeningSession`` over that decision's answers at the pace a microphone delivers them (one
chunk every 50 ms), so the decoder works while the "trainee" speaks, as in the game.

Figure:

* **end of speech to answer** (budget 500 ms): the time from ``stop()`` (the talk key let go
  just after the last chunk) to ``result`` holding the answer, polled every 5 ms as a frame
  loop would. Value: the median over the answers; the note gives the worst and whether every
  answer was heard right. CPU: the process's CPU time (user + system, the decoder's thread
  included) over the same interval, median.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from simulator.bench import Metric
from simulator.paths import PROJECT_ROOT

RUNS = 5
WORDS = 15
BUDGET_MS = 500.0
CHUNK_SECONDS = 0.05


def _decisions(count: int) -> list[tuple[list[str], int]]:
    """``count`` decisions of shipped calls, each with the index of an answer of about 15 words."""
    from simulator.validation.library import load_library

    found: list[tuple[list[str], int]] = []
    for call in load_library(PROJECT_ROOT / "scenarios").scenarios:
        for node in call.nodes.values():
            answers = [c.text for c in node.choices]
            lengths = [abs(len(a.split()) - WORDS) for a in answers]
            if len(answers) >= 2 and min(lengths) <= 1:
                found.append((answers, lengths.index(min(lengths))))
                break
        if len(found) == count:
            break
    return found


def _hear(recogniser: object, answers: list[str], wav: Path) -> tuple[float, float, bool, int]:
    """Feed ``wav`` at microphone pace; (ms from stop to result, CPU ms, heard, index)."""
    from simulator.listen.recogniser import Recogniser
    from simulator.listen.session import ListeningSession
    from simulator.listen.wav_source import WavSource

    assert isinstance(recogniser, Recogniser)
    session = ListeningSession(recogniser, answers, 0.0)
    start = time.perf_counter()
    for t, chunk in WavSource(wav).chunks():
        delay = start + t + CHUNK_SECONDS - time.perf_counter()
        if delay > 0:
            time.sleep(delay)  # the microphone hands over a chunk once it has been captured
        session.push(t, chunk)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    session.stop()
    while session.result is None:
        time.sleep(0.005)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    result = session.result
    return (
        wall * 1000,
        cpu * 1000,
        result.heard.sure,
        -1 if result.heard.index is None else result.heard.index,
    )


def measure() -> list[Metric]:
    """End of speech to the answer chosen, for answers of about 15 words."""
    from simulator.listen.recogniser import Recogniser, RecogniserUnavailable

    name = f"listen: end of speech to answer ({WORDS} words)"
    try:
        recogniser = Recogniser()
    except RecogniserUnavailable as exc:
        return [Metric(name, None, "ms", BUDGET_MS, note=str(exc))]
    walls, cpus, right = [], [], 0
    with tempfile.TemporaryDirectory(prefix="bench-listen-") as tmp:
        for n, (answers, index) in enumerate(_decisions(RUNS + 1)):
            wav = Path(tmp) / f"answer{n}.wav"
            subprocess.run(
                ["espeak-ng", "-v", "en-us", "-s", "175", "-w", str(wav), answers[index]],
                check=True,
                capture_output=True,
                timeout=60,
            )
            wall, cpu, sure, heard = _hear(recogniser, answers, wav)
            if n == 0:
                continue  # the first utterance warms the decoder up, as the game's first does
            walls.append(wall)
            cpus.append(cpu)
            right += sure and heard == index
    note = f"worst {max(walls):.0f} ms; {right}/{len(walls)} heard right; fed at microphone pace"
    return [
        Metric(
            name,
            statistics.median(walls),
            "ms",
            BUDGET_MS,
            cpu=statistics.median(cpus) / 1000,
            note=note,
        )
    ]
