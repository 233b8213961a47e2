"""The speech worker: a separate process that renders lines to WAV files.

Started by ``simulator.voice.client`` with the ``spawn`` method, so it shares
nothing with the game's pygame state, and the game process never imports
pyttsx3 or calls ``pyttsx3.init()``. A synthesis that hangs or crashes takes
only this process down; the game times it out and kills it.

Engines, tried in ``WorkerOptions.engines`` order:

* ``pyttsx3`` (the normal path): ``save_to_file`` + ``runAndWait``.
* ``espeak-ng``: the espeak-ng program, for machines where pyttsx3 is missing
  or cannot load libespeak-ng; also used line by line when pyttsx3's espeak
  driver writes no audio.

pyttsx3 2.99 defects handled here:

* Windows SAPI5 speaks only the first of several queued or consecutive
  utterances (upstream issues #419, #402, #440): on every driver except
  espeak the worker builds a *fresh* ``pyttsx3.engine.Engine`` per line (not
  ``pyttsx3.init()``, which hands back the cached engine) and drops the old one
  first, so no state survives from one ``runAndWait`` to the next.
* The espeak driver is process-global (libespeak-ng is initialised once and a
  dying engine's ``destroy()`` clears the global synth callback), so on espeak
  one engine is kept for the worker's life; it renders consecutive lines
  correctly, and every output is checked (exists, has frames) anyway.
* The espeak driver drives libespeak-ng asynchronously: ``runAndWait``
  returns about 10 ms after synthesis starts and the WAV is written later by
  espeak's thread, sometimes after the next line has begun (a missing file, or
  one line's audio in the next line's file). The worker waits for the
  driver's ``finished-utterance`` before it reports a line or starts another.
* The same driver ``stop()``s at the start of every ``runAndWait`` and, if
  libespeak-ng still says "playing" (the previous line's tail, or property
  changes, which it queues too), cancels the new one (an empty WAV,
  ``completed=False``): the worker sets the properties, waits for
  libespeak-ng to go idle, then calls ``runAndWait``; it treats
  ``completed=False`` as a failure, retries once, and then uses the espeak-ng
  program for that line.
* The espeak driver ``print``s "Audio saved to ..." for every file: the
  worker's stdout goes to os.devnull.
* macOS writes AIFF regardless of the file name (#361): converted to WAV.
* ``runAndWait`` can hang (macOS run loop, a wedged SAPI5): the game's
  timeout kills this process and starts another.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from simulator.voice.aiff import convert_in_place
from simulator.voice.cache import CONNECT_CLICK_FILE, prune, wav_duration
from simulator.voice.protocol import (
    ENGINES_ENV,
    EngineReady,
    NoEngine,
    Quit,
    Rendered,
    RenderFailed,
    RenderJob,
    Started,
    WorkerOptions,
)
from simulator.voice.voice_match import ESPEAK, VoiceInfo, normalise_age, normalise_gender

# The espeak-ng program gets this long per line before the worker gives up on it.
PROGRAM_TIMEOUT = 10.0
# How much lower than the game the worker runs (POSIX nice increment).
WORKER_NICENESS = 5
# Drivers whose save_to_file finishes after runAndWait returns, and how long to wait for them.
# (SAPI5 writes synchronously and sends no finished-utterance for files, so it is not waited for.)
WAIT_FOR_FINISH = frozenset({"espeak", "nsss"})
FINISH_TIMEOUT = 4.0


class EngineUnavailable(RuntimeError):
    """This engine cannot run here (not installed, library missing ...)."""


class RenderError(RuntimeError):
    """One line could not be rendered."""


class Engine(Protocol):
    """What the worker needs from a speech engine."""

    def info(self) -> EngineReady:
        """Name, version, family and voices."""
        ...

    def render(self, job: RenderJob, path: Path) -> str | None:
        """Write ``job`` as audio to ``path``; returns a note when it had to take a fallback route."""
        ...


# --- the espeak-ng program ---------------------------------------------------------------


def parse_espeak_voices(listing: str) -> list[VoiceInfo]:
    """Voices from ``espeak-ng --voices`` (or ``--voices=variant``) output."""
    voices = []
    for line in listing.splitlines()[1:]:
        parts = line.split()
        if len(parts) < 5:
            continue
        _, language, age_gender, name, file = parts[:5]
        age, _, gender = age_gender.partition("/")
        voices.append(
            VoiceInfo(
                id=file,
                name=name.replace("_", " "),
                languages=(language,),
                gender={"M": "male", "F": "female"}.get(gender),
                age=normalise_age(int(age)) if age.isdigit() else None,
            )
        )
    return voices


def find_espeak_program() -> str | None:
    """Path of espeak-ng (or the older espeak) on PATH."""
    return shutil.which("espeak-ng") or shutil.which("espeak")


class EspeakProgram:
    """Renders with the espeak-ng command line program."""

    def __init__(self) -> None:
        exe = find_espeak_program()
        if exe is None:
            raise EngineUnavailable("espeak-ng is not installed")
        self.exe = exe
        self._info: EngineReady | None = None

    def _run(self, *args: str, text: str | None = None) -> str:
        done = subprocess.run(
            [self.exe, *args],
            input=None if text is None else text.encode("utf-8"),
            capture_output=True,
            timeout=PROGRAM_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            raise RenderError(
                done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
            )
        return done.stdout.decode("utf-8", "replace")

    def info(self) -> EngineReady:
        """The program's version and voices (``--voices``, ``--voices=variant``)."""
        if self._info is None:
            match = re.search(r"(\d+(?:\.\d+)+)", self._run("--version"))
            self._info = EngineReady(
                engine="espeak-ng",
                version=f"espeak-ng {match.group(1) if match else 'unknown'}",
                family=ESPEAK,
                voices=tuple(parse_espeak_voices(self._run("--voices"))),
                variants=tuple(parse_espeak_voices(self._run("--voices=variant"))),
            )
        return self._info

    def render(self, job: RenderJob, path: Path) -> str | None:
        """``espeak-ng -v VOICE -s WPM -a AMPLITUDE -p PITCH -w PATH`` with the text on stdin."""
        args = [
            "-s",
            str(job.rate_wpm),
            "-a",
            str(round(job.volume * 100)),
            "-p",
            str(job.pitch),
            "-w",
            str(path),
        ]
        if job.voice_id:
            args = ["-v", job.voice_id, *args]
        self._run(*args, text=job.text)
        return None


# --- pyttsx3 -------------------------------------------------------------------------------


class Pyttsx3Engine:
    """Renders with pyttsx3's platform driver (espeak on Linux, SAPI5 on Windows, NSSS on macOS)."""

    def __init__(self) -> None:
        try:
            import pyttsx3
            import pyttsx3.engine
        except ImportError as exc:
            raise EngineUnavailable("pyttsx3 is not installed") from exc
        except (
            Exception
        ) as exc:  # pyttsx3's espeak module raises RuntimeError when libespeak-ng is missing
            raise EngineUnavailable(f"pyttsx3 cannot start ({_one_line(exc)})") from exc
        self._pyttsx3 = pyttsx3
        platform_default = getattr(pyttsx3.engine, "default_engine_by_sys_platform", None)
        self.driver: str = (
            platform_default()
            if platform_default
            else {"win32": "sapi5", "darwin": "nsss"}.get(sys.platform, "espeak")
        )
        # Only espeak keeps one engine for the whole worker; see the module docstring (#419).
        self.fresh_engine_per_line = self.driver != ESPEAK
        try:
            self._engine: Any = self._new_engine()
            raw_voices = list(self._engine.getProperty("voices") or [])
        except Exception as exc:
            raise EngineUnavailable(
                f"pyttsx3 cannot start its {self.driver} driver ({_one_line(exc)})"
            ) from exc
        if not self.fresh_engine_per_line:
            # A new engine queues commands until its first loop; one empty loop makes later
            # setProperty calls take effect at once, before runAndWait (see _wait_for_espeak_idle).
            self._engine.runAndWait()
        self._voices = tuple(_voice_info(v) for v in raw_voices)
        self._variants = tuple(_espeak_variants()) if self.driver == ESPEAK else ()
        self._program = EspeakProgram() if self.driver == ESPEAK and find_espeak_program() else None

    def _new_engine(self) -> Any:
        # pyttsx3.init() would return the cached engine; the class gives a truly new one.
        return self._pyttsx3.engine.Engine(self.driver)

    def info(self) -> EngineReady:
        """pyttsx3's version, the driver's native version where it reports one, and its voices."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            parts = [f"pyttsx3 {version('pyttsx3')}"]
        except PackageNotFoundError:
            parts = ["pyttsx3 unknown"]
        if self.driver == ESPEAK:
            try:
                from pyttsx3.drivers import _espeak

                parts.append(f"espeak-ng {_espeak.Info(None).decode()}")
            except Exception:  # the version only sharpens cache keys; never worth failing for
                pass
        return EngineReady(
            engine=f"pyttsx3/{self.driver}",
            version="; ".join(parts),
            family=self.driver,
            voices=self._voices,
            variants=self._variants,
        )

    def render(self, job: RenderJob, path: Path) -> str | None:
        """``save_to_file`` + ``runAndWait`` (one retry); then the espeak-ng program if the driver still fails."""
        try:
            try:
                self._render_pyttsx3(job, path)
            except RenderError:
                path.unlink(missing_ok=True)
                self._render_pyttsx3(job, path)
            check_audio(path)
            return None
        except Exception as exc:
            if self._program is None:
                raise
            # pyttsx3's espeak driver misbehaved on this line; the program renders the same voice.
            path.unlink(missing_ok=True)
            self._program.render(job, path)
            return f"pyttsx3 failed ({_one_line(exc)}); rendered by the espeak-ng program"

    def _render_pyttsx3(self, job: RenderJob, path: Path) -> None:
        if self.fresh_engine_per_line:
            self._engine = None  # release the old driver before building the next (#419)
            self._engine = self._new_engine()
        engine = self._engine
        if job.voice_id:
            engine.setProperty("voice", job.voice_id)
        engine.setProperty("rate", job.rate_wpm)
        engine.setProperty("volume", job.volume)
        if self.driver == ESPEAK:  # the other drivers print a warning and ignore pitch
            engine.setProperty("pitch", job.pitch)
        finished = threading.Event()
        outcome: dict[str, object] = {}

        def on_finished(**kwargs: object) -> None:
            outcome.update(kwargs)
            finished.set()

        token = engine.connect("finished-utterance", on_finished)
        try:
            engine.save_to_file(job.text, str(path))
            if self.driver == ESPEAK:
                _wait_for_espeak_idle()
            engine.runAndWait()
            # pyttsx3 2.99 runs libespeak-ng in its asynchronous mode: runAndWait returns about 10 ms after
            # synthesis *starts*, and the driver writes the WAV later from espeak's own thread, to whichever
            # file name is current by then. Waiting for finished-utterance (sent after the file is written)
            # keeps lines whole and stops one line's audio landing in the next line's file.
            if self.driver in WAIT_FOR_FINISH and not finished.wait(FINISH_TIMEOUT):
                engine.stop()  # cancel the stray synthesis before the next line starts
                raise RenderError(f"pyttsx3 did not finish the line within {FINISH_TIMEOUT:g} s")
            if outcome.get("completed") is False:
                raise RenderError("pyttsx3 cancelled the line")
        finally:
            engine.disconnect(token)


def _wait_for_espeak_idle(limit: float = 0.5) -> None:
    """Wait (briefly) until libespeak-ng's command queue is empty.

    pyttsx3 2.99's espeak driver calls ``stop()`` at the start of every
    ``runAndWait``; if libespeak-ng still reports "playing" (the tail of the
    previous line, or the rate/volume/pitch/voice changes just made, which
    asynchronous libespeak-ng queues as commands too), the driver marks itself
    stopping and cancels the *new* line on its first loop turn, writing an
    empty WAV with ``completed=False``.
    """
    try:
        from pyttsx3.drivers import _espeak
    except Exception:
        return
    deadline = time.monotonic() + limit
    while _espeak.IsPlaying() and time.monotonic() < deadline:
        time.sleep(0.001)


def _voice_info(v: Any) -> VoiceInfo:
    languages = []
    for lang in getattr(v, "languages", None) or []:
        if isinstance(lang, bytes):
            lang = lang.lstrip(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09").decode(
                "utf-8", "ignore"
            )
        languages.append(str(lang))
    return VoiceInfo(
        id=str(v.id),
        name=str(getattr(v, "name", "") or v.id),
        languages=tuple(languages),
        gender=normalise_gender(getattr(v, "gender", None)),
        age=normalise_age(getattr(v, "age", None)),
    )


def _espeak_variants() -> list[VoiceInfo]:
    """espeak-ng's voice variants (``!v/f3`` ...), read through pyttsx3's libespeak-ng binding."""
    try:
        import ctypes

        from pyttsx3.drivers import _espeak

        spec = _espeak.VOICE(languages=b"variant")
        found = _espeak.ListVoices(ctypes.pointer(spec))
        return [
            VoiceInfo(
                id=v.identifier.decode("utf-8", "replace"),
                name=v.name.decode("utf-8", "replace"),
                gender=normalise_gender(v.gender),
                age=normalise_age(v.age),
            )
            for v in found
        ]
    except Exception:  # without variants every persona gets the plain voice: still speech
        return []


# --- the worker loop -----------------------------------------------------------------------


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def check_audio(path: Path) -> float:
    """Make ``path`` a WAV with some audio in it (converting macOS AIFF); returns its duration."""
    if not path.is_file() or path.stat().st_size <= 44:
        raise RenderError("the engine wrote no audio")
    convert_in_place(path)
    duration = wav_duration(path)
    if duration <= 0:
        raise RenderError("the engine wrote an empty recording")
    return duration


def open_engine(options: WorkerOptions) -> tuple[Engine | None, list[str]]:
    """The first engine of ``options.engines`` that starts, and why each earlier one did not."""
    reasons: list[str] = []
    for name in options.engines:
        try:
            if name == "pyttsx3":
                return Pyttsx3Engine(), reasons
            if name == "espeak-ng":
                return EspeakProgram(), reasons
            reasons.append(f"unknown engine {name!r}")
        except EngineUnavailable as exc:
            reasons.append(str(exc))
        except Exception as exc:
            reasons.append(f"{name}: {_one_line(exc)}")
    return None, reasons


def no_engine_message(reasons: list[str]) -> str:
    """One line for settings: what is missing and what to install."""
    if not reasons:
        return f"Speech is off: {ENGINES_ENV} names no speech engine. Captions only."
    detail = "; ".join(reasons)
    hint = "install espeak-ng" if sys.platform.startswith("linux") else "install pyttsx3"
    return f"No speech engine ({detail}); {hint} for voices. Captions only."


def render_job(engine: Engine, job: RenderJob) -> Rendered | RenderFailed:
    """Render one job into place (via a temporary file, so a half-written WAV is never seen)."""
    final = Path(job.path)
    tmp = final.with_name(f"{final.stem}.{os.getpid()}.tmp.wav")
    try:
        if final.is_file():  # a duplicate request for a line rendered moments ago
            return Rendered(job.key, job.path, wav_duration(final))
        final.parent.mkdir(parents=True, exist_ok=True)
        note = engine.render(job, tmp)
        check_audio(tmp)
        if job.phone_line:
            note = _through_phone_line(tmp, job.key) or note
        duration = check_audio(tmp)
        os.replace(tmp, final)
        return Rendered(job.key, job.path, duration, note or "")
    except Exception as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return RenderFailed(job.key, _one_line(exc))


def _through_phone_line(path: Path, key: str) -> str | None:
    """Filter the rendered line in place; a line that cannot be filtered is still spoken, plain."""
    try:
        # imported here, in the worker process only: the game imports this module too (to start the
        # worker) and must not pay numpy's import time at start-up
        from simulator.voice.phone_line import apply_to_wav

        apply_to_wav(path, seed=zlib.crc32(key.encode("utf-8")))
        return None
    except Exception as exc:  # the customer is still heard, just without the phone's sound
        return f"the phone-line filter failed ({_one_line(exc)}); spoken without it"


def _take(pending: list[RenderJob]) -> RenderJob:
    for i, job in enumerate(pending):
        if job.urgent:
            return pending.pop(i)
    return pending.pop(0)


def _add(pending: list[RenderJob], job: RenderJob) -> None:
    for i, old in enumerate(pending):
        if old.key == job.key:
            if job.urgent and not old.urgent:
                pending[i] = job
            return
    pending.append(job)


def serve(engine: Engine, requests: Any, results: Any, options: WorkerOptions) -> None:
    """Render jobs until ``Quit`` or until the game process is gone; urgent jobs first."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    pending: list[RenderJob] = []
    while True:
        incoming: list[object] = []
        if not pending:
            try:
                incoming.append(requests.get(timeout=1.0))
            except queue.Empty:
                if parent is not None and not parent.is_alive():
                    return  # the game died without saying goodbye
                continue
        while True:  # take everything waiting, so the line to say now can jump the prefetches
            try:
                incoming.append(requests.get_nowait())
            except queue.Empty:
                break
        for msg in incoming:
            if isinstance(msg, Quit):
                return
            if isinstance(msg, RenderJob):
                _add(pending, msg)
        if not pending:
            continue
        job = _take(pending)
        results.put(Started(job.key))
        if options.render_delay:
            time.sleep(options.render_delay)  # test hook: a synthesis that hangs
        results.put(render_job(engine, job))


def run_worker(requests: Any, results: Any, cache_dir: str, options: WorkerOptions) -> None:
    """Process entry point: open an engine, report it, then serve render jobs."""
    sys.stdout = open(os.devnull, "w")  # pyttsx3's espeak driver prints a line per saved file
    if hasattr(os, "nice"):
        try:
            # Rendering must not take CPU from the game's frame loop (or the X server) on a small machine.
            os.nice(WORKER_NICENESS)
        except OSError:
            pass
    for name in options.hide_modules:
        sys.modules[name] = None  # type: ignore[assignment]  # test hook: `import name` now fails
    engine, reasons = open_engine(options)
    if engine is None:
        results.put(NoEngine(no_engine_message(reasons)))
        return
    try:
        info = engine.info()
    except Exception as exc:
        results.put(
            NoEngine(f"The speech engine does not answer ({_one_line(exc)}). Captions only.")
        )
        return
    if options.hide_voices:
        info = replace(info, voices=(), variants=())
    results.put(replace(info, notes=tuple(reasons)))
    folder = Path(cache_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.tmp.wav"):  # left by a worker killed mid-render
            if time.time() - stale.stat().st_mtime > 60:
                stale.unlink(missing_ok=True)
        prune(folder, options.cache_limit_bytes)
    except OSError:
        pass  # a cache we cannot tidy still works; rendering reports its own errors
    try:
        from simulator.voice.phone_line import write_connect_click  # worker only: see above

        write_connect_click(folder / CONNECT_CLICK_FILE)
    except Exception:
        pass  # without the click a call simply opens with the customer's first line
    serve(engine, requests, results, options)
