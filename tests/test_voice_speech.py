"""Real speech: the worker process renders with espeak-ng through pyttsx3, the mixer plays (SDL dummy audio).

Every failure path is staged for real: a worker whose engine import fails, an
engine without voices, no audio device, a worker killed with SIGKILL, and a
render that hangs. Waiting loops have generous time limits and assert nothing
about speed (that is the benchmark's job).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from simulator.clock import FakeClock
from simulator.paths import PROJECT_ROOT
from simulator.scenario.model import Voice
from simulator.voice import SilentSpeaker, SpokenLine, make_speaker
from simulator.voice.playback import MixerPlayer, open_audio
from simulator.voice.protocol import WorkerOptions
from simulator.voice.speaker import WorkerSpeaker

WAIT = 30.0  # seconds; only a broken pipeline ever gets near this
TWENTY_WORDS = (
    "I have been waiting on hold for forty minutes and nobody can tell me "
    "where my refund went this time."
)
# These tests pin espeak-ng voices and SIGKILL: they run on Linux, as CI does (.ci/run installs espeak-ng).
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="real-speech tests target espeak-ng on Linux"
)


@pytest.fixture(scope="module")
def mixer() -> Iterator[None]:
    import pygame

    was_up = bool(pygame.mixer.get_init())
    status = open_audio()
    assert status.driver == "dummy", status.message
    yield
    if not was_up:
        pygame.mixer.quit()


@pytest.fixture
def make(mixer: None, tmp_path: Path) -> Iterator[Callable[..., WorkerSpeaker]]:
    made: list[WorkerSpeaker] = []

    def build(**kwargs: object) -> WorkerSpeaker:
        kwargs.setdefault("cache_dir", tmp_path / "speech")
        speaker = WorkerSpeaker(MixerPlayer(), **kwargs)  # type: ignore[arg-type]
        made.append(speaker)
        return speaker

    yield build
    for speaker in made:
        speaker.close()


def wait_for(speaker: WorkerSpeaker, condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}; notice: {speaker.notice}")
        speaker.update()
        time.sleep(0.005)


def ready(speaker: WorkerSpeaker) -> WorkerSpeaker:
    wait_for(speaker, lambda: speaker.ready or speaker.failed, "the worker to start")
    assert speaker.ready, speaker.notice
    return speaker


def line(text: str = TWENTY_WORDS, mood: int = 0, **voice: object) -> SpokenLine:
    return SpokenLine(text, Voice(**voice), mood)  # type: ignore[arg-type]


def test_a_real_line_renders_to_a_wav_as_long_as_its_words(
    make: Callable[..., WorkerSpeaker],
) -> None:
    speaker = ready(make())
    assert speaker.engine.engine.startswith("pyttsx3/"), "pyttsx3 is the normal path"
    spoken = line(gender="female", accent="en-gb")
    speaker.speak(spoken)
    assert (
        speaker.speaking and speaker.progress == 0.0
    )  # waiting for the render, caption held at the start
    wait_for(speaker, lambda: speaker.playing, "the audio to start")
    job = speaker.job_for(spoken)
    with wave.open(job.path) as w:
        seconds = w.getnframes() / w.getframerate()
    expected = len(TWENTY_WORDS.split()) / job.rate_wpm * 60
    assert 0.4 * expected < seconds < 2.5 * expected
    assert speaker.duration == pytest.approx(seconds)
    assert job.voice_id.endswith("+f3"), "a female persona gets a female espeak-ng variant"


def test_the_second_request_is_a_cache_hit_that_starts_inside_speak(
    make: Callable[..., WorkerSpeaker],
) -> None:
    speaker = ready(make())
    spoken = line("Thanks, that is all I needed to hear today.")
    speaker.speak(spoken)
    wait_for(speaker, lambda: speaker.playing, "the first rendering")
    path = Path(speaker.job_for(spoken).path)
    first_mtime = path.stat().st_mtime_ns
    speaker.stop()
    speaker.speak(spoken)
    assert speaker.playing, "a cached line plays without waiting for update()"
    assert path.stat().st_mtime_ns == first_mtime, "the cached file is reused, not rendered again"


def test_the_cache_outlives_the_speaker(make: Callable[..., WorkerSpeaker], tmp_path: Path) -> None:
    spoken = line("I will call back tomorrow morning then.")
    first = ready(make())
    first.speak(spoken)
    wait_for(first, lambda: first.playing, "the first rendering")
    first.close()
    second = ready(make())
    second.speak(spoken)
    assert second.playing


def test_prefetched_lines_start_at_once(make: Callable[..., WorkerSpeaker]) -> None:
    speaker = ready(make())
    ahead = [
        line("Oh, so it was your fault after all."),
        line("Right. And when will I get it back?"),
    ]
    speaker.prefetch(ahead)
    wait_for(
        speaker,
        lambda: all(speaker.cache.lookup(speaker.job_for(said).key) for said in ahead),
        "the prefetches",
    )
    speaker.speak(ahead[1])
    assert speaker.playing


def test_lines_said_before_the_worker_is_up_are_spoken_once_it_is(
    make: Callable[..., WorkerSpeaker],
) -> None:
    speaker = make()
    speaker.prefetch([line("This is the line after.")])
    speaker.speak(line("Hello? Is anybody there?"))
    wait_for(speaker, lambda: speaker.playing, "the audio to start")
    wait_for(
        speaker,
        lambda: (
            speaker.cache.lookup(speaker.job_for(line("This is the line after.")).key) is not None
        ),
        "the early prefetch",
    )


def test_progress_follows_the_real_duration(make: Callable[..., WorkerSpeaker]) -> None:
    clock = FakeClock()
    speaker = ready(make(clock=clock))
    speaker.speak(line("Could you please spell the street name for me again?"))
    wait_for(speaker, lambda: speaker.playing, "the audio to start")
    duration = speaker.duration
    assert duration and duration > 1
    assert speaker.progress == pytest.approx(0.0)
    clock.advance(duration / 4)
    assert speaker.progress == pytest.approx(0.25)
    clock.advance(duration)
    assert speaker.progress == 1.0


def test_stop_silences_the_channel_at_once(make: Callable[..., WorkerSpeaker]) -> None:
    speaker = ready(make())
    speaker.speak(line())
    wait_for(speaker, lambda: speaker.playing, "the audio to start")
    import pygame

    assert pygame.mixer.Channel(0).get_busy()
    speaker.stop()
    assert not pygame.mixer.Channel(0).get_busy()
    assert not speaker.speaking and speaker.progress is None


def test_a_finished_line_reports_done(make: Callable[..., WorkerSpeaker]) -> None:
    speaker = ready(make())
    speaker.speak(line("Fine."))
    wait_for(speaker, lambda: speaker.playing, "the audio to start")
    wait_for(speaker, lambda: not speaker.speaking, "the line to finish")
    assert speaker.progress == 1.0


def test_an_angry_customer_is_rendered_faster_and_louder(
    make: Callable[..., WorkerSpeaker],
) -> None:
    speaker = ready(make())
    calm, furious = speaker.job_for(line(mood=10)), speaker.job_for(line(mood=-90))
    assert furious.rate_wpm > calm.rate_wpm and furious.volume > calm.volume
    assert furious.key != calm.key


# --- failure paths --------------------------------------------------------------------------


def test_no_engine_installed_falls_back_to_captions_with_a_notice(
    make: Callable[..., WorkerSpeaker],
) -> None:
    speaker = make(options=WorkerOptions(engines=("pyttsx3",), hide_modules=("pyttsx3",)))
    speaker.speak(line())
    wait_for(speaker, lambda: speaker.failed, "the no-engine report")
    assert "pyttsx3 is not installed" in speaker.notice
    assert "\n" not in speaker.notice
    assert not speaker.speaking and speaker.progress is None
    speaker.speak(line())  # still harmless afterwards
    speaker.update()
    assert not speaker.speaking


def test_without_pyttsx3_the_espeak_ng_program_still_speaks(
    make: Callable[..., WorkerSpeaker],
) -> None:
    speaker = ready(make(options=WorkerOptions(hide_modules=("pyttsx3",))))
    assert speaker.engine.engine == "espeak-ng"
    assert any("pyttsx3" in note for note in speaker.engine.notes)
    spoken = line(gender="male", accent="en-us")
    speaker.speak(spoken)
    wait_for(speaker, lambda: speaker.playing, "the audio to start")
    expected = len(TWENTY_WORDS.split()) / speaker.job_for(spoken).rate_wpm * 60
    assert 0.4 * expected < speaker.duration < 2.5 * expected


def test_an_engine_without_voices_falls_back_to_captions(
    make: Callable[..., WorkerSpeaker],
) -> None:
    speaker = make(options=WorkerOptions(hide_voices=True))
    wait_for(speaker, lambda: speaker.failed, "the no-voices report")
    assert "no voices" in speaker.notice


def test_no_audio_device_gives_a_silent_speaker_with_a_notice(mixer: None) -> None:
    speaker = make_speaker(True, 0.8)  # SDL_AUDIODRIVER=dummy: the mixer runs, nobody hears it
    assert isinstance(speaker, SilentSpeaker)
    assert "dummy" in speaker.notice and "Captions only" in speaker.notice
    assert isinstance(make_speaker(False, 0.8), SilentSpeaker)


def test_an_audio_driver_that_cannot_open_reports_no_device_and_the_voices_command_still_exits_0(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "SDL_AUDIODRIVER": "no-such-driver",
        "ON_THE_LINE_CACHE_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "main.py", "voices", "--json"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["audio"]["ok"] is False and "No audio output device" in found["audio"]["message"]
    assert found["engine_ok"] and found["voices"]
    assert "Traceback" not in done.stderr


def test_a_killed_worker_is_restarted_and_the_next_line_is_spoken(
    make: Callable[..., WorkerSpeaker],
) -> None:
    speaker = ready(make())
    speaker.speak(line("First line before the crash."))
    wait_for(speaker, lambda: speaker.playing, "the first line")
    old_pid = speaker.worker_pid
    os.kill(old_pid, signal.SIGKILL)
    speaker.speak(
        line("Second line, after the crash.")
    )  # the worker is dead: no exception, just waiting
    wait_for(speaker, lambda: speaker.playing or speaker.failed, "the second line")
    assert speaker.playing, speaker.notice
    assert speaker.worker_pid != old_pid
    assert "stopped unexpectedly" in speaker.notice


def test_a_worker_that_keeps_dying_gives_up_to_captions(make: Callable[..., WorkerSpeaker]) -> None:
    speaker = ready(make(max_restarts=0))
    os.kill(speaker.worker_pid, signal.SIGKILL)
    speaker.speak(line("Anyone there?"))
    wait_for(speaker, lambda: speaker.failed, "the fallback")
    assert "Captions only" in speaker.notice
    assert not speaker.speaking and speaker.progress is None


def test_a_hung_synthesis_is_timed_out_and_the_worker_replaced(
    make: Callable[..., WorkerSpeaker],
) -> None:
    speaker = ready(
        make(options=WorkerOptions(render_delay=60), render_timeout=0.5, max_restarts=1)
    )
    old_pid = speaker.worker_pid
    speaker.speak(line("This line never finishes rendering."))
    wait_for(speaker, lambda: speaker.worker_pid != old_pid or speaker.failed, "the time-out")
    assert not speaker.failed
    assert not speaker.speaking and speaker.progress is None, "the hung line is shown as a caption"
    assert "longer than 0.5 s" in speaker.notice
    # The replacement hangs too (same hook): the second time-out in a row gives up.
    ready(speaker)
    speaker.speak(line("Nor does this one."))
    wait_for(speaker, lambda: speaker.failed, "giving up")
    assert "Captions only" in speaker.notice


def test_the_game_process_never_imports_pyttsx3(tmp_path: Path) -> None:
    script = f"""
import sys, time
from pathlib import Path
from simulator.voice import SpokenLine, make_speaker
from simulator.scenario.model import Voice
if __name__ == "__main__":
    s = make_speaker(True, 1.0, cache_dir=Path({str(tmp_path)!r}), allow_silent_driver=True)
    s.speak(SpokenLine("Just checking.", Voice()))
    end = time.monotonic() + 30
    while not s.playing and time.monotonic() < end:
        s.update(); time.sleep(0.01)
    print(s.playing, "pyttsx3" in sys.modules)
    s.close()
"""
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.split() == ["True", "False"], done.stderr


def test_lines_rendered_back_to_back_each_get_their_own_whole_audio(tmp_path: Path) -> None:
    """pyttsx3's espeak driver writes WAVs asynchronously; a line must never be empty, cut, or another line's."""
    import shutil

    from simulator.voice.client import WorkerHandle
    from simulator.voice.protocol import EngineReady, Rendered, RenderFailed, RenderJob

    texts = [
        "Yes.",
        "Fine, but I want it in writing this time.",
        "I have called four times this month and every time somebody promises me a refund that never comes.",
        "No.",
        "Could you read the reference number back to me slowly, please?",
        "Thank you.",
    ]
    handle = WorkerHandle(tmp_path / "speech", WorkerOptions())
    try:
        messages: list[object] = []
        deadline = time.monotonic() + WAIT
        while not any(isinstance(m, EngineReady) for m in messages):
            assert time.monotonic() < deadline and handle.alive(), messages
            messages += handle.poll()
            time.sleep(0.005)
        assert next(m for m in messages if isinstance(m, EngineReady)).engine == "pyttsx3/espeak"
        jobs = [
            RenderJob(
                f"k{i}", t, "gmw/en-us+f3", 190, 0.9, 55, str(tmp_path / "speech" / f"k{i}.wav")
            )
            for i, t in enumerate(texts)
        ]
        for job in jobs:
            handle.send(job)
        done: dict[str, object] = {}
        while len(done) < len(jobs):
            assert time.monotonic() < deadline and handle.alive()
            for m in handle.poll():
                if isinstance(m, (Rendered, RenderFailed)):
                    done[m.key] = m
            time.sleep(0.005)
    finally:
        handle.quit()
    exe = shutil.which("espeak-ng")
    for job in jobs:
        result = done[job.key]
        assert isinstance(result, Rendered), result
        assert result.note == "", f"pyttsx3 should have rendered {job.text!r} itself: {result.note}"
        # The espeak-ng program renders the same text with the same settings to nearly the same length.
        reference = tmp_path / f"ref-{job.key}.wav"
        subprocess.run(
            [
                exe,
                "-v",
                job.voice_id,
                "-s",
                "190",
                "-a",
                "90",
                "-p",
                "55",
                "-w",
                str(reference),
                job.text,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        with wave.open(str(reference)) as w:
            expected = w.getnframes() / w.getframerate()
        assert result.duration == pytest.approx(expected, rel=0.03), job.text


def voices_command(engines: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """`main.py voices` in its own process, with only ``engines`` allowed and its own cache folder."""
    env = {**os.environ, "ON_THE_LINE_SPEECH_ENGINES": engines, "ON_THE_LINE_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "main.py", "voices"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_voices_command_exits_1_without_an_engine(tmp_path: Path) -> None:
    done = voices_command("none", tmp_path)
    assert done.returncode == 1
    assert "Speech engine: Speech is off" in done.stdout and "Audio output:" in done.stdout
    assert "Traceback" not in done.stderr


def test_the_voices_command_lists_voices_and_what_personas_map_to(tmp_path: Path) -> None:
    done = voices_command("espeak-ng", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Speech engine: espeak-ng")
    assert "gmw/en-us" in done.stdout.lower()
    assert "female  adult  en-us  -> gmw/en-us+f3" in done.stdout.lower()
