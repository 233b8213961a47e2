"""The game's handle on one speech worker process: start it, send to it, poll it, kill it.

Each worker gets its own pair of queues. After a crash or a kill the whole
handle is thrown away: a process killed while using a queue can leave it
locked or half-written (see the multiprocessing docs), so queues are never
reused across workers.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from pathlib import Path
from typing import Any

from simulator.voice.protocol import EngineReady, NoEngine, Quit, RenderJob, WorkerOptions
from simulator.voice.worker import run_worker


class WorkerHandle:
    """One worker process (spawn start method) and its request and result queues."""

    def __init__(self, cache_dir: Path, options: WorkerOptions) -> None:
        # spawn, not fork: a forked child would inherit the game's SDL audio/video state and threads.
        ctx = multiprocessing.get_context("spawn")
        self.requests: Any = ctx.Queue()
        self.results: Any = ctx.Queue()
        self.process = ctx.Process(
            target=run_worker,
            args=(self.requests, self.results, str(cache_dir), options),
            name="on-the-line-speech",
            daemon=True,
        )
        self.process.start()
        self.started_at = time.monotonic()

    @property
    def pid(self) -> int | None:
        """The worker's process id."""
        return self.process.pid

    def send(self, message: RenderJob | Quit) -> None:
        """Queue a message; never blocks (the queue's feeder thread writes the pipe)."""
        self.requests.put(message)

    def poll(self, limit: int = 64) -> list[object]:
        """Whatever the worker has reported since the last poll (at most ``limit`` messages); never blocks."""
        out: list[object] = []
        while len(out) < limit:
            try:
                out.append(self.results.get_nowait())
            except queue.Empty:
                break
            except (EOFError, OSError, ValueError):
                break  # a torn message from a killed worker: the liveness check deals with it
        return out

    def alive(self) -> bool:
        """True while the process runs (a non-blocking waitpid)."""
        return self.process.is_alive()

    @property
    def exitcode(self) -> int | None:
        """The process's exit code once it has ended (negative: killed by that signal)."""
        return self.process.exitcode

    def kill(self) -> None:
        """End the worker at once and drop its queues."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=1.0)  # SIGKILL is immediate; this only reaps the zombie
        self._drop_queues()

    def quit(self, timeout: float = 1.0) -> None:
        """Ask the worker to exit, and kill it if it has not within ``timeout`` seconds."""
        if self.process.is_alive():
            try:
                self.send(Quit())
            except (OSError, ValueError):
                pass
            self.process.join(timeout=timeout)
        self.kill()

    def _drop_queues(self) -> None:
        for q in (self.requests, self.results):
            # Without this, interpreter exit would wait for the feeder thread to flush into a dead pipe.
            q.cancel_join_thread()
            q.close()


def probe_engine(
    cache_dir: Path, options: WorkerOptions | None = None, timeout: float = 15.0
) -> EngineReady | NoEngine | None:
    """Start a worker, wait for it to report its engine, stop it; None when it did not answer in time.

    This one waits: it is for the ``voices`` command, never for the frame loop.
    """
    handle = WorkerHandle(cache_dir, options or WorkerOptions.from_env())
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in handle.poll():
                if isinstance(message, (EngineReady, NoEngine)):
                    return message
            if not handle.alive():
                # it may have reported just before exiting
                for message in handle.poll():
                    if isinstance(message, (EngineReady, NoEngine)):
                        return message
                return None
            time.sleep(0.01)
        return None
    finally:
        handle.quit()
