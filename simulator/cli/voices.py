"""``voices``: which speech engine the game will use, its voices, and whether audio output works."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

if TYPE_CHECKING:  # the voice modules are imported inside run(), so --help stays fast
    from simulator.voice.playback import AudioStatus
    from simulator.voice.protocol import EngineReady, NoEngine

EPILOG = """exit codes:
  0  a speech engine with voices was found (even when there is no audio device:
     the game then shows captions only, and this command says why)
  1  no speech engine, or an engine without voices (captions only)
  2  bad usage

environment:
  ON_THE_LINE_SPEECH_ENGINES  engines to try, in order (default "pyttsx3,espeak-ng";
                              "espeak-ng" skips pyttsx3, "none" turns speech off)"""

# Persona hints shown with the voice each maps to, so trainers can hear who will speak.
SAMPLE_HINTS: tuple[tuple[str, str, str], ...] = (
    ("female", "adult", "en-us"),
    ("male", "adult", "en-us"),
    ("female", "older", "en-gb"),
    ("male", "young", "en-gb"),
    ("neutral", "adult", "en-in"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the voices command."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument(
        "--say", metavar="TEXT", help="also render TEXT and play it (when audio works)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="how long to wait for the speech engine to start (default 20)",
    )


def run(args: argparse.Namespace) -> int:
    """Probe the engine in a worker process, check audio, print; exit 0 with an engine, 1 without."""
    if args.timeout <= 0:
        print("voices: --timeout must be more than 0 seconds", file=sys.stderr)
        return EXIT_USAGE
    from simulator.voice.cache import default_cache_dir
    from simulator.voice.client import probe_engine
    from simulator.voice.playback import open_audio
    from simulator.voice.protocol import EngineReady

    cache = default_cache_dir()
    found = probe_engine(cache, timeout=args.timeout)
    audio = open_audio()
    ready = found if isinstance(found, EngineReady) else None
    engine_ok = ready is not None and bool(ready.voices)
    engine_line = _engine_line(found, args.timeout)
    personas = _personas(ready) if ready is not None and ready.voices else []
    said = _say(args.say) if args.say and engine_ok else None
    if args.json:
        report = _as_json(ready, engine_ok, engine_line, personas, audio, said, cache)
        print(json.dumps(report, indent=2))
    else:
        _print_text(ready, engine_line, personas, audio, said, cache)
    return EXIT_OK if engine_ok else EXIT_PROBLEMS


def _engine_line(found: EngineReady | NoEngine | None, timeout: float) -> str:
    """One line on the speech engine: which, or why there is none."""
    from simulator.voice.protocol import EngineReady

    if isinstance(found, EngineReady):
        line = f"{found.engine} ({found.version})"
        return line + (": no voices installed, captions only" if not found.voices else "")
    if found is not None:
        return found.reason
    return f"the speech worker did not answer within {timeout:g} s; captions only"


def _personas(ready: EngineReady) -> list[tuple[dict[str, str], str | None]]:
    """The voice the game would choose for each sample of persona hints."""
    from simulator.scenario.model import Voice
    from simulator.voice.voice_match import choose_voice

    return [
        (
            {"gender": gender, "age": age, "accent": accent},
            choose_voice(
                Voice(gender=gender, age=age, accent=accent),
                ready.voices,
                ready.variants,
                ready.family,
            ),
        )
        for gender, age, accent in SAMPLE_HINTS
    ]


def _as_json(
    ready: EngineReady | None,
    engine_ok: bool,
    engine_line: str,
    personas: list[tuple[dict[str, str], str | None]],
    audio: AudioStatus,
    said: str | None,
    cache: Path,
) -> dict[str, object]:
    """Everything ``voices`` found, as one JSON object."""
    return {
        "engine": ready.engine if ready else None,
        "version": ready.version if ready else None,
        "engine_ok": engine_ok,
        "engine_message": engine_line,
        "notes": list(ready.notes) if ready else [],
        "voices": [
            {
                "id": v.id,
                "name": v.name,
                "languages": list(v.languages),
                "gender": v.gender,
                "age": v.age,
            }
            for v in (ready.voices if ready else ())
        ],
        "variants": [v.id for v in (ready.variants if ready else ())],
        "personas": [{"hints": h, "voice": v} for h, v in personas],
        "audio": {"ok": audio.ok, "driver": audio.driver, "message": audio.message},
        "say": said,
        "cache": str(cache),
    }


def _print_text(
    ready: EngineReady | None,
    engine_line: str,
    personas: list[tuple[dict[str, str], str | None]],
    audio: AudioStatus,
    said: str | None,
    cache: Path,
) -> None:
    """Everything ``voices`` found, for a person to read."""
    from simulator.paths import display_path

    print(f"Speech engine: {engine_line}")
    if ready is not None:
        for note in ready.notes:
            print(f"  (passed over: {note})")
        variants = f" (+ {len(ready.variants)} espeak-ng variants)" if ready.variants else ""
        print(f"Voices: {len(ready.voices)}{variants}")
        for v in ready.voices:
            detail = ", ".join(x for x in (" ".join(v.languages), v.gender or "", v.age or "") if x)
            print(f"  {v.id:<28} {v.name}" + (f"  [{detail}]" if detail else ""))
        if personas:
            print("Persona hints -> voice:")
            for wanted, voice_id in personas:
                hints = f"{wanted['gender']:<7} {wanted['age']:<6} {wanted['accent']:<6}"
                print(f"  {hints} -> {voice_id or 'default voice'}")
    print(
        f"Audio output: {audio.message}"
        + ("" if audio.ok else "; the game will show captions only")
    )
    print(f"Speech cache: {display_path(cache)}")
    if said is not None:
        print(f"Said: {said}")


def _say(text: str) -> str:
    """Render ``text`` through the game's own speaker and play it; a one-line account of what happened."""
    from simulator.scenario.model import Voice
    from simulator.voice.base import SpokenLine
    from simulator.voice.playback import MixerPlayer, NullPlayer, Player
    from simulator.voice.speaker import WorkerSpeaker

    try:
        player: Player = MixerPlayer()
    except Exception:
        player = NullPlayer()
    speaker = WorkerSpeaker(player)
    try:
        started = time.monotonic()
        speaker.speak(SpokenLine(text, Voice()))
        while speaker.progress == 0.0 and time.monotonic() - started < 30:
            speaker.update()
            time.sleep(0.005)
        if speaker.progress is None:
            return f"nothing ({speaker.notice or 'the line could not be rendered'})"
        latency = time.monotonic() - started
        duration = speaker.duration or 0.0
        while speaker.speaking and time.monotonic() - started < 60:
            speaker.update()
            time.sleep(0.02)
        where = "played" if isinstance(player, MixerPlayer) else "rendered (no mixer to play it)"
        return (
            f"{duration:.1f} s of audio {where}, starting {latency * 1000:.0f} ms after the request"
        )
    finally:
        speaker.close()
