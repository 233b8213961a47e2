"""Benchmark: the game window under a real X server (Xvfb), each figure measured in its own subprocess.

- idle call screen CPU (% of one core) against a naive loop that redraws everything at 60 fps;
- frame time p99 while the voice plays and the caption animates;
- cold start to an interactive scenario picker (whole library) against bare pygame start-up;
- peak RSS while playing: the game process and the speech worker process, each from its own VmHWM, budgeted
  together (both run during a call).

``python -m simulator.bench.ui PROBE`` runs one probe and prints its JSON; ``measure()`` runs them all.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.bench import Metric

WINDOW = (1280, 720)
IDLE_SECONDS = 5.0
WARM_UP = 1.0
IDLE_BUDGET = 5.0  # percent of one core
FRAME_BUDGET_MS = 20.0
COLD_BUDGET_S = 1.0
RSS_BUDGET_MB = 300.0  # game process + speech worker
LONG_LINE = (
    "I have been waiting on hold for forty minutes, I was transferred three times, and every person "
    "asked me for my order number again, so before you ask: it is 58213, it was paid by card, and I "
    "would like to know today, not next week, when my refund is actually going to arrive. "
) * 2

SCENARIO = f"""
id: bench_call
title: Benchmark call
summary: A long customer line and a few choices, for the window benchmarks.
kind: irate
difficulty: medium
persona:
  name: Bench Customer
  role: benchmark
  mood: -40
  patience: 80
  portrait: {{hair_style: long, glasses: true}}
start: long
nodes:
  long:
    say: "{LONG_LINE.strip()}"
    choices:
      - text: "I'm sorry you've had to repeat yourself. I have order 58213 here and I'll find your refund now."
        effects: {{empathy: 2, listening: 1}}
        feedback: "Good."
        next: done
      - text: "Can I have your order number?"
        effects: {{listening: -2}}
        feedback: "She said it."
        next: done
      - text: "Refunds take up to thirty days."
        effects: {{empathy: -2}}
        feedback: "Policy first."
        next: done
endings:
  done: {{outcome: resolved, satisfaction: 4, say: "Fine.", summary: "Done."}}
"""


class SimulatedVoice:
    """A speaker that 'plays' each line for a fixed time, so the caption follows real progress values."""

    def __init__(self, seconds: float = 6.0) -> None:
        self.seconds = seconds
        self.started: float | None = None

    def speak(self, line: Any) -> None:
        """Start the clock for this line."""
        self.started = time.monotonic()

    def prefetch(self, lines: Any) -> None:
        """Nothing to render."""

    def set_phone_line(self, on: bool) -> None:
        """No audio to filter."""

    def connect(self) -> None:
        """No click to play."""

    def stop(self) -> None:
        """Stop at once."""
        self.started = None

    def update(self) -> None:
        """Nothing to poll."""

    @property
    def speaking(self) -> bool:
        """True for ``seconds`` after speak()."""
        return self.started is not None and time.monotonic() - self.started < self.seconds

    @property
    def progress(self) -> float | None:
        """Fraction of the line played."""
        if self.started is None:
            return None
        return min(1.0, (time.monotonic() - self.started) / self.seconds)

    @property
    def notice(self) -> str | None:
        """No notice."""
        return None

    def set_volume(self, volume: float) -> None:
        """No audio."""

    def close(self) -> None:
        """Nothing to release."""


# --- probes (run in a child process) --------------------------------------------------------


def _app(voice: Any = None, scenarios: Path | None = None) -> Any:
    from simulator.clock import SystemClock
    from simulator.store.memory_store import MemoryStore
    from simulator.ui.app import App
    from simulator.ui.services import Services
    from simulator.ui.settings import Settings
    from simulator.voice.base import SilentSpeaker

    settings = Settings(voice=voice is not None, caption_speed="normal")
    services = Services(voice or SilentSpeaker(), MemoryStore(), SystemClock(), settings, None)
    from simulator.paths import SCENARIOS_DIR

    return App(services, WINDOW, scenarios_dir=scenarios or SCENARIOS_DIR)


def _open_call(app: Any, folder: Path) -> Any:
    from simulator.ui.launch import open_scenario
    from simulator.ui.scenes.picker import PickerScene

    path = folder / "bench_call.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    app.trainee = "bench"
    app.reset(PickerScene(app))
    if not open_scenario(app, str(path)):
        raise RuntimeError(f"the benchmark scenario did not open: {getattr(app.top, 'lines', '')}")
    return app.top


def _cpu_window(seconds: float) -> dict[str, float]:
    """From another thread: wait, measure process CPU over ``seconds``, then quit the game loop."""
    from simulator.ui.pg import pygame

    out: dict[str, float] = {}

    def watch() -> None:
        time.sleep(WARM_UP)
        c0, w0 = time.process_time(), time.perf_counter()
        time.sleep(seconds)
        out["cpu"] = time.process_time() - c0
        out["wall"] = time.perf_counter() - w0
        pygame.event.post(pygame.event.Event(pygame.QUIT))

    threading.Thread(target=watch, daemon=True).start()
    return out


def probe_idle(folder: Path) -> dict[str, Any]:
    """The real frame loop on a call waiting for a choice."""
    app = _app(scenarios=folder)
    call = _open_call(app, folder)
    call.finish_line()
    out = _cpu_window(IDLE_SECONDS)
    app.run()
    return {"percent": 100.0 * out["cpu"] / out["wall"], "frames": app.frames_drawn}


def probe_naive(folder: Path) -> dict[str, Any]:
    """The same screen redrawn in full every frame at 60 fps: the anchor."""
    from simulator.ui.pg import pygame

    app = _app(scenarios=folder)
    call = _open_call(app, folder)
    call.finish_line()
    out = _cpu_window(IDLE_SECONDS)
    tick = pygame.time.Clock()
    running = True
    while running:
        for ev in pygame.event.get():
            if ev.type == pygame.QUIT:
                running = False
        call.draw(app.screen)
        pygame.display.flip()
        tick.tick(60)
    return {"percent": 100.0 * out["cpu"] / out["wall"]}


def _real_voice(folder: Path) -> tuple[Any, str]:
    """The game's own speaker (espeak-ng in its worker process, SDL's silent 'dummy' audio driver), warmed up
    with the benchmark line already rendered; or the simulated voice, with the reason, when it cannot speak."""
    from simulator.scenario.model import Voice
    from simulator.voice import make_speaker
    from simulator.voice.base import SpokenLine
    from simulator.voice.speaker import WorkerSpeaker

    speaker = make_speaker(True, 0.8, cache_dir=folder / "speech", allow_silent_driver=True)
    if not isinstance(speaker, WorkerSpeaker):
        return SimulatedVoice(6.0), f"simulated voice: {speaker.notice or 'no speech engine'}"
    deadline = time.monotonic() + 30
    line = SpokenLine(" ".join(LONG_LINE.split()), Voice(), -40)
    speaker.speak(
        line
    )  # render once, so the measured call plays from the cache as a replayed line does
    while not speaker.playing and time.monotonic() < deadline:
        speaker.update()
        if speaker.failed:
            speaker.close()
            return SimulatedVoice(6.0), f"simulated voice: {speaker.notice}"
        time.sleep(0.01)
    speaker.stop()
    return speaker, "real voice (espeak-ng worker, silent SDL audio driver)"


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """A process's peak resident set (VmHWM in /proc/PID/status), in MB; None where there is no /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


@dataclasses.dataclass
class Frames:
    """What the real loop did while timed: each drawn frame's wall and CPU milliseconds, and its passes."""

    wall_ms: list[float] = dataclasses.field(default_factory=list)
    cpu_ms: list[float] = dataclasses.field(default_factory=list)
    steps: int = 0


def time_frames(app: Any, call: Any, seconds: float) -> Frames:
    """Run the game's own loop on ``call`` for ``seconds`` (or until its line is spoken), timing each frame.

    A loop pass that changed nothing on screen costs nothing and is not a frame. The CPU time is
    this thread's, so a sync or a voice in other threads does not count as the frame's.
    """
    from simulator.ui.pg import pygame

    frames = Frames()
    tick = pygame.time.Clock()
    end = time.monotonic() + seconds
    while time.monotonic() < end and call.talking:
        t0, c0 = time.perf_counter(), time.thread_time()
        drew = app.step()
        frames.steps += 1
        if drew:
            frames.wall_ms.append((time.perf_counter() - t0) * 1000)
            frames.cpu_ms.append((time.thread_time() - c0) * 1000)
        tick.tick(app.frame_rate() or 60)
    return frames


def probe_frames(folder: Path) -> dict[str, Any]:
    """Time each frame the real loop draws while the voice plays and the caption reveals."""
    import resource

    voice, how = _real_voice(folder)
    app = _app(voice, scenarios=folder)
    call = _open_call(app, folder)
    app.render(
        force=True
    )  # the first frame sends the whole window; the animation frames come after it
    frames = time_frames(app, call, 8.0)
    times = frames.wall_ms
    revealed = call.caption.revealed / max(1, len(call.line))
    bare = _bare_updates(len(times) or 100)
    call.choose(1)  # and a choice, the debrief and the picker again: the rest of a session's memory
    call.finish_line()
    app.step()
    call.open_debrief()
    app.render(force=True)
    # the game process alone (RUSAGE_SELF never counts children), and the worker read before it is closed
    rss_mb = peak_rss_mb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_pid = getattr(voice, "worker_pid", None)
    worker_mb = peak_rss_mb(worker_pid) if worker_pid else None
    app.close()
    return {
        "p99_ms": _p99(times),
        "cpu_p99_ms": _p99(frames.cpu_ms),
        "p50_ms": _p99(times, 0.5),
        "frames": len(times),
        "bare_p99_ms": _p99(bare),
        "bare_p50_ms": _p99(bare, 0.5),
        "steps": frames.steps,
        "rss_mb": rss_mb,
        "worker_rss_mb": worker_mb,
        "voice": how,
        "revealed": round(revealed, 2),
    }


def _bare_updates(count: int) -> list[float]:
    """The floor under any frame: sending one pixel to the X server and waiting for its reply, at 60 per second."""
    from simulator.ui.pg import pygame

    tick = pygame.time.Clock()
    out = []
    for _ in range(count):
        t0 = time.perf_counter()
        pygame.display.update([pygame.Rect(0, 0, 1, 1)])
        out.append((time.perf_counter() - t0) * 1000)
        tick.tick(60)
    return out


def _p99(values: list[float], q: float = 0.99) -> float | None:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else None


def _load() -> str:
    try:
        return "load average " + Path("/proc/loadavg").read_text(encoding="utf-8").split()[0]
    except OSError:
        return ""


def probe_cold() -> dict[str, Any]:
    """From interpreter start: the picker with the whole library, drawn and ready for input."""
    from simulator.ui.scenes.picker import PickerScene

    app = _app()
    app.trainee = "bench"
    app.reset(PickerScene(app))
    app.render(force=True)
    return {"ready": time.time(), "scenarios": len(app.library.reports)}


def probe_start_db(db: str, trainee: str) -> dict[str, Any]:
    """From interpreter start, with a real progress file and the real voice: the picker drawn, the
    progress screen, then back to the list after a call."""
    from simulator.clock import SystemClock
    from simulator.paths import SCENARIOS_DIR
    from simulator.store.open import open_store
    from simulator.ui.app import App
    from simulator.ui.scenes.picker import PickerScene
    from simulator.ui.scenes.progress import ProgressScene
    from simulator.ui.services import Services
    from simulator.ui.settings import Settings
    from simulator.voice import make_speaker

    with tempfile.TemporaryDirectory() as tmp:
        speaker = make_speaker(True, 0.8, cache_dir=Path(tmp) / "speech", allow_silent_driver=True)
        voice = (
            "real voice (espeak-ng worker)"
            if hasattr(speaker, "ready")
            else f"no worker: {speaker.notice}"
        )
        store = open_store(Path(db))
        app = App(
            Services(speaker, store, SystemClock(), Settings(caption_speed="normal"), None),
            WINDOW,
            scenarios_dir=SCENARIOS_DIR,
        )
        app.trainee = trainee
        app.reset(PickerScene(app))
        app.render(force=True)
        ready = time.time()
        started, cpu = time.perf_counter(), time.process_time()
        app.push(ProgressScene(app))
        app.render(force=True)
        progress = time.perf_counter() - started
        progress_cpu = time.process_time() - cpu
        calls = store.progress(trainee).total_calls
        # A call ends: it is written, and the trainee goes back to the list (the picker reads the grades again).
        latest = store.progress(trainee, recent=1).recent
        back = back_cpu = None
        if latest:
            played = dataclasses.replace(
                latest[0],
                seed=latest[0].seed + 1_000_003,
                finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
                id=None,
            )
            store.record_call(played)
            app.calls_recorded += 1
            started, cpu = time.perf_counter(), time.process_time()
            app.pop()
            app.render(force=True)
            back = time.perf_counter() - started
            back_cpu = time.process_time() - cpu
        speaker.close()
        store.close()
    return {
        "ready": ready,
        "progress_s": progress,
        "progress_cpu_s": progress_cpu,
        "back_s": back,
        "back_cpu_s": back_cpu,
        "calls": calls,
        "voice": voice,
        "cpu_s": sum(os.times()[:2]),
    }


def probe_bare() -> dict[str, Any]:
    """Bare pygame: init, a window, one flip."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ.setdefault(
        "SDL_FRAMEBUFFER_ACCELERATION", "0"
    )  # as the game opens its window: the same floor
    import pygame

    pygame.init()
    pygame.display.set_mode(WINDOW)
    pygame.display.flip()
    return {"ready": time.time()}


# --- the parent ---------------------------------------------------------------------------


def _run(probe: str, timeout: float = 60.0) -> tuple[dict[str, Any] | None, float, str]:
    """Run one probe in a fresh interpreter; returns its JSON, the wall time from launch, and any error."""
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    started = time.time()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "simulator.bench.ui", probe],
            check=False,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return None, 0.0, f"{probe} timed out"
    if done.returncode != 0:
        return None, 0.0, (done.stderr.strip().splitlines() or ["failed"])[-1]
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return data, (data.get("ready", started) - started), ""


def measure() -> list[Metric]:
    """Every UI figure with its anchor; not measured (n/a) without a display."""
    if not os.environ.get("DISPLAY") and os.environ.get("SDL_VIDEODRIVER") != "x11":
        from simulator.bench.display import ensure_display

        _proc, note = ensure_display()
        if not os.environ.get("DISPLAY"):
            names = (
                "ui idle call screen CPU",
                "ui frame time p99 while speaking",
                "ui cold start to picker",
                "ui peak RSS",
            )
            return [Metric(n, None, "", None, note=note) for n in names]
    metrics: list[Metric] = []
    idle, _, err1 = _run("idle")
    naive, _, err2 = _run("naive")
    metrics.append(
        Metric(
            "ui idle call screen CPU",
            idle["percent"] if idle else None,
            "% of a core",
            IDLE_BUDGET,
            anchor=naive["percent"] if naive else None,
            anchor_name="naive 60 fps full redraw",
            note=err1 or err2,
        )
    )
    frames, _, err = _run("frames")
    metrics.append(
        Metric(
            "ui frame time p99 while speaking",
            frames["p99_ms"] if frames else None,
            "ms",
            FRAME_BUDGET_MS,
            anchor=frames["bare_p99_ms"] if frames else None,
            anchor_name="bare 1-pixel X update p99",
            note=err
            or (
                f"{frames['frames']} frames drawn in {frames['steps']} loop passes, median "
                f"{frames['p50_ms']:.1f} ms; {frames['voice']}; wall time includes the X server's "
                f"reply to each update ({_load()})"
                if frames
                else ""
            ),
        )
    )
    metrics.append(
        Metric(
            "ui frame CPU p99 while speaking",
            frames["cpu_p99_ms"] if frames else None,
            "ms",
            None,
            note="the game's own work per frame, without waiting for the X server",
        )
    )
    cold = [_run("cold") for _ in range(3)]
    bare = [_run("bare") for _ in range(3)]
    cold_s = min((t for d, t, _ in cold if d), default=None)
    bare_s = min((t for d, t, _ in bare if d), default=None)
    n = next((d["scenarios"] for d, _, _ in cold if d), 0)
    metrics.append(
        Metric(
            "ui cold start to picker",
            cold_s,
            "s",
            COLD_BUDGET_S,
            anchor=bare_s,
            anchor_name="bare pygame init+window+flip",
            note=next((e for _, _, e in cold + bare if e), "")
            or f"{n} scenario files loaded; best of 3",
        )
    )
    game_mb = frames["rss_mb"] if frames else None
    worker_mb = frames.get("worker_rss_mb") if frames else None
    total = None if game_mb is None else game_mb + (worker_mb or 0.0)
    split = (
        f"game process {game_mb:.0f} MB + speech worker "
        f"{f'{worker_mb:.0f} MB' if worker_mb is not None else 'not running'}; each its own peak (VmHWM)"
        if game_mb is not None
        else ""
    )
    metrics.append(
        Metric("ui peak RSS while playing", total, "MB", RSS_BUDGET_MB, note=err or split)
    )
    metrics.append(Metric("ui peak RSS game process", game_mb, "MB", None, note=err))
    metrics.append(
        Metric(
            "ui peak RSS speech worker",
            worker_mb,
            "MB",
            None,
            note=err or ("" if worker_mb is not None else frames["voice"] if frames else ""),
        )
    )
    return metrics


def main(argv: list[str]) -> int:
    """Child entry point: run the probe named in argv and print its JSON."""
    probe = argv[0] if argv else ""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if probe == "idle":
            result = probe_idle(folder)
        elif probe == "naive":
            result = probe_naive(folder)
        elif probe == "frames":
            result = probe_frames(folder)
        elif probe == "cold":
            result = probe_cold()
        elif probe == "bare":
            result = probe_bare()
        elif probe == "start-db":
            result = probe_start_db(argv[1], argv[2])
            result["ready_s"] = result["ready"] - float(
                argv[3]
            )  # argv[3]: when the parent launched this process
        else:
            print(f"unknown probe '{probe}'", file=sys.stderr)
            return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
