"""The recogniser in a worker process of its own, so decoding never holds up a frame.

pocketsphinx keeps Python's global lock while it decodes (a 50 ms chunk takes ~10 ms, building the
answers' grammar ~25 ms, more on a loaded machine), so a decoder thread in the game's process
would stall the frame loop for that long each time. In a process of its own (spawn, like the
speech worker, and importing no pygame) it costs the game only passing each chunk down a queue.

The worker runs simulator.listen's ListeningSession unchanged: ``listen`` starts one, chunks go
to it as they are captured, ``stop`` ends it and the worker sends back its SpokenAnswer. The game
polls; a worker that dies is reported as a failed answer, never waited on.
"""

from __future__ import annotations

import importlib
import multiprocessing
import queue
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulator.listen.onset import OnsetDetector
from simulator.listen.recogniser import Heard, RecogniserUnavailable
from simulator.listen.session import ListeningSession, SpokenAnswer

RECOGNISER = "simulator.listen.recogniser:Recogniser"  # what the worker builds (tests name another)
START_TIMEOUT = 60.0  # seconds for the worker to load its model (~1 s when idle)


def _build(factory: str) -> Any:
    module, _, name = factory.partition(":")
    return getattr(importlib.import_module(module), name)()


def serve(requests: Any, results: Any, factory: str) -> None:
    """The worker: build the recogniser, say whether it works, then hear answers until told to quit."""
    try:
        recogniser = _build(factory)
    except RecogniserUnavailable as exc:
        results.put(("failed", str(exc)))
        return
    except Exception as exc:  # a broken install: say so, the game goes on with keys
        results.put(("failed", f"the speech recogniser could not start ({exc})"))
        return
    results.put(("ready",))
    parent = multiprocessing.parent_process()
    session: ListeningSession | None = None
    sid = -1
    while True:
        try:
            msg = requests.get(timeout=1.0)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                return  # the game ended without saying goodbye
            continue
        kind = msg[0]
        if kind == "quit":
            return
        if kind == "listen":
            if session is not None:
                session.stop()
            sid, answers, gists, save_to = msg[1:]
            path = Path(save_to) if save_to else None
            session = ListeningSession(recogniser, answers, 0.0, save_to=path, gists=gists)
        elif session is not None and msg[1] == sid:
            if kind == "chunk":
                session.push(msg[2], msg[3])
            elif kind == "stop":
                session.stop()
                results.put(("heard", sid, session.wait()))
                session = None


class RemoteSession:
    """One answer being heard by the worker; the game's side of a ListeningSession."""

    def __init__(self, owner: ListenProcess, sid: int) -> None:
        self._owner = owner
        self.sid = sid
        self.level = 0.0  # loudness of the latest chunk (0-1), for the meter
        # the same detector the worker runs, here too so the call can react the moment speech
        # starts (the customer stops when cut in; the silence steps wait) without a round trip
        self._detector = OnsetDetector()

    @property
    def onset(self) -> float | None:
        """When speech began, on the session's clock (None until it has)."""
        return self._detector.onset

    def push(self, t: float, pcm: bytes) -> None:
        """Hand over a chunk (from the capture's thread); never blocks."""
        self.level = self._detector.feed(t, pcm)
        self._owner.send(("chunk", self.sid, t, pcm))

    def stop(self) -> None:
        """The trainee has finished; the answer follows in ``result``."""
        self._owner.send(("stop", self.sid))

    @property
    def result(self) -> SpokenAnswer | None:
        """The answer once heard, else None; never blocks."""
        return self._owner.result_for(self.sid)

    def wait(self, timeout: float = 60.0) -> SpokenAnswer | None:
        """Poll until the answer is heard (tests and the bench; the game polls ``result``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.result
            if found is not None:
                return found
            time.sleep(0.01)
        return None


class ListenProcess:
    """The worker process and its two queues; started at once, ready once ``wait_ready`` says so."""

    def __init__(self, factory: str = RECOGNISER) -> None:
        ctx = multiprocessing.get_context("spawn")  # not fork: SDL's threads must not be copied
        self._requests: Any = ctx.Queue()
        self._results: Any = ctx.Queue()
        self._process = ctx.Process(
            target=serve,
            args=(self._requests, self._results, factory),
            name="on-the-line-listening",
            daemon=True,
        )
        self._process.start()
        self._heard: dict[int, SpokenAnswer] = {}
        self._next = 0
        self.reason = ""  # why the worker failed, once it has
        self.ready = False

    def wait_ready(self, timeout: float = START_TIMEOUT) -> bool:
        """Block until the worker has its recogniser (the kit's start thread only); False with a
        ``reason`` when it cannot have one."""
        if self.ready or self.reason:
            return self.ready
        try:
            msg = self._results.get(timeout=timeout)
        except queue.Empty:
            msg = ("failed", f"the speech recogniser did not start within {timeout:g} s")
        except (EOFError, OSError) as exc:
            msg = ("failed", f"the speech recogniser stopped ({exc})")
        if msg[0] == "ready":
            self.ready = True
            return True
        self.reason = str(msg[1])
        self.close()
        return False

    def listen(
        self, answers: Sequence[str], gists: Sequence[str], save_to: Path | None
    ) -> RemoteSession:
        """Start hearing one answer among ``answers`` (its clock starts with the first chunk's times)."""
        self._next += 1
        self._heard.clear()  # one answer at a time: the ones before are taken or dropped
        save = str(save_to) if save_to is not None else ""
        self.send(("listen", self._next, list(answers), list(gists), save))
        return RemoteSession(self, self._next)

    def send(self, message: tuple[Any, ...]) -> None:
        """Queue a message for the worker; never blocks (the queue's own thread writes the pipe)."""
        try:
            self._requests.put(message)
        except (OSError, ValueError):
            pass  # closed: result_for reports the worker gone

    def result_for(self, sid: int) -> SpokenAnswer | None:
        """Answer ``sid`` once the worker has sent it; a dead worker's answer is an error."""
        while True:
            try:
                msg = self._results.get_nowait()
            except queue.Empty:
                break
            except (EOFError, OSError, ValueError):
                break
            if msg[0] == "heard":
                self._heard[msg[1]] = msg[2]
        if sid in self._heard:
            return self._heard[sid]
        if not self._process.is_alive():
            code = self._process.exitcode
            return SpokenAnswer(
                Heard(None, "", 0.0), None, error=f"the listening process ended (exit code {code})"
            )
        return None

    def close(self) -> None:
        """Ask the worker to quit, and end it if it does not at once."""
        if self._process.is_alive():
            self.send(("quit",))
            self._process.join(timeout=1.0)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(timeout=1.0)
        for q in (self._requests, self._results):
            q.cancel_join_thread()
            q.close()
