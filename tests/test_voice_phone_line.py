"""The phone line: the customer's voice through the telephone band, with hiss and the connect click.

The spectrum checks run on a real espeak-ng rendering (the worker's own render path),
computed with tests/audio_spectrum.py: energy below 300 Hz and above 3,400 Hz must sit far
below the band's, where the plain rendering has plenty there.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ["SDL_AUDIODRIVER"] = "dummy"

from audio_spectrum import band_energies, decibels, tone

from simulator.scenario.model import Voice
from simulator.voice.base import SilentSpeaker, SpokenLine
from simulator.voice.cache import cache_key
from simulator.voice.phone_line import (
    PHONE_LINE,
    band_pass,
    connect_click,
    process,
    read_wav,
)
from simulator.voice.playback import NullPlayer
from simulator.voice.protocol import Rendered, RenderJob
from simulator.voice.speaker import WorkerSpeaker
from simulator.voice.worker import EspeakProgram, render_job

RATE = 22050
LINE = "I have been waiting on this line for forty minutes and nobody has told me a thing."
OUTSIDE_BAND_DB = -25.0  # "far below the band": under a three-hundredth of the band's energy


def rms(samples: list[float]) -> float:
    return math.sqrt(sum(float(s) * float(s) for s in samples) / len(samples))


@pytest.mark.parametrize(
    ("freq", "low", "high"),
    [
        (100, -400.0, -60.0),
        (250, -400.0, -60.0),
        (500, -0.5, 0.5),
        (1000, -0.5, 0.5),
        (2000, -0.5, 0.5),
        (3000, -0.5, 0.5),
        (3600, -400.0, -60.0),
        (7000, -400.0, -60.0),
    ],
)
def test_the_band_passes_speech_frequencies_and_stops_the_rest(
    freq: float, low: float, high: float
) -> None:
    signal = tone(freq, 0.5, RATE)
    out = list(band_pass(np.asarray(signal), RATE))
    settled = slice(RATE // 10, -RATE // 10)  # away from the ends, where a tone starts and stops
    gain = 20 * math.log10(max(rms(out[settled]), 1e-20) / rms(signal[settled]))
    assert low <= gain <= high, f"{freq} Hz: {gain:.1f} dB"


def _render(tmp_path: Path, name: str, phone_line: bool) -> list[float]:
    job = RenderJob(
        key=f"{name}0000",
        text=LINE,
        voice_id="en-gb",
        rate_wpm=175,
        volume=0.9,
        pitch=50,
        path=str(tmp_path / f"{name}.wav"),
        phone_line=phone_line,
    )
    result = render_job(EspeakProgram(), job)
    assert isinstance(result, Rendered), result
    samples, rate = read_wav(Path(result.path))
    assert rate == RATE
    return list(samples)


def test_a_rendered_line_has_its_energy_inside_the_telephone_band(tmp_path: Path) -> None:
    edges = (0, 300, 3400, RATE / 2)
    plain_low, plain_band, plain_high = band_energies(
        _render(tmp_path, "plain", False), RATE, edges
    )
    low, band, high = band_energies(_render(tmp_path, "phone", True), RATE, edges)
    # the plain voice has real energy outside the band, so the check below can fail
    assert decibels(plain_low, plain_band) > -15
    assert decibels(plain_high, plain_band) > -20
    assert decibels(low, band) < OUTSIDE_BAND_DB, f"below 300 Hz: {decibels(low, band):.1f} dB"
    assert decibels(high, band) < OUTSIDE_BAND_DB, f"above 3400 Hz: {decibels(high, band):.1f} dB"


def test_the_filter_keeps_the_lines_loudness(tmp_path: Path) -> None:
    plain = _render(tmp_path, "plain", False)
    phone = _render(tmp_path, "phone", True)
    assert max(map(abs, phone)) == pytest.approx(max(map(abs, plain)), rel=0.02)
    assert len(phone) == len(plain)


def test_hiss_is_faint_in_band_line_noise_and_can_be_turned_off() -> None:
    silence_then_voice = np.asarray([0.0] * RATE + tone(800, 0.5, RATE))
    with_hiss = list(process(silence_then_voice, RATE, PHONE_LINE, seed=3))
    without = list(process(silence_then_voice, RATE, PHONE_LINE.without_hiss(), seed=3))
    gap = slice(RATE // 10, RATE - RATE // 10)
    assert max(abs(s) for s in without[gap]) < 1e-4  # below the quietest 16-bit step
    noise = rms(with_hiss[gap])
    assert 0 < noise < 0.01 * max(map(abs, with_hiss)), "hiss must be heard only in the pauses"
    low, band, high = band_energies(with_hiss[gap], RATE, (0, 300, 3400, RATE / 2))
    # white noise is flat, so the filter's skirts hold more of it than of a voice: still far down
    assert decibels(low, band) < -20 and decibels(high, band) < -20
    # the same line always gets the same hiss, so it can be cached
    assert with_hiss == list(process(silence_then_voice, RATE, PHONE_LINE, seed=3))


def test_the_connect_click_is_short_and_band_limited() -> None:
    click = list(connect_click(RATE))
    assert 0.2 < len(click) / RATE < 0.6
    assert 0.3 < max(map(abs, click)) <= 0.5
    low, band, high = band_energies(click, RATE, (0, 300, 3400, RATE / 2), frame=512)
    assert decibels(low, band) < -15 and decibels(high, band) < -15


def test_phone_and_plain_renders_are_cached_apart_and_old_keys_still_hit() -> None:
    fields = ("Hello?", "en-gb", 175, 0.9, 50, "espeak-ng 1.51")
    assert cache_key(*fields, True) != cache_key(*fields, False)
    assert cache_key(*fields, False) == cache_key(*fields)


def _wait(speaker: WorkerSpeaker, done: object, what: str) -> None:
    deadline = time.monotonic() + 30
    while not done():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"gave up waiting for {what}: {speaker.notice}"
        speaker.update()
        time.sleep(0.005)


def test_the_speaker_renders_through_the_phone_line_and_plays_the_connect_click(
    tmp_path: Path,
) -> None:
    player = NullPlayer()
    speaker = WorkerSpeaker(player, cache_dir=tmp_path / "speech", phone_line=True)
    try:
        click = tmp_path / "speech" / "phone-connect-v1.wav"
        _wait(speaker, lambda: speaker.ready and click.is_file(), "the speech worker's click")
        speaker.connect()
        assert [p.name for p in player.effects] == ["phone-connect-v1.wav"]
        speaker.speak(SpokenLine(LINE, Voice(gender="female", accent="en-gb")))
        _wait(speaker, lambda: bool(player.played), "the phone-line render")
        samples, rate = read_wav(player.played[-1])
        low, band, _ = band_energies(samples, rate, (0, 300, 3400, rate / 2))
        assert decibels(low, band) < OUTSIDE_BAND_DB

        speaker.set_phone_line(False)
        speaker.connect()
        assert len(player.effects) == 1, "no connect click with the phone line off"
        speaker.speak(SpokenLine(LINE, Voice(gender="female", accent="en-gb")))
        _wait(speaker, lambda: len(player.played) == 2, "the plain render")
        assert player.played[0] != player.played[1]
        samples, rate = read_wav(player.played[-1])
        low, band, _ = band_energies(samples, rate, (0, 300, 3400, rate / 2))
        assert decibels(low, band) > -15
    finally:
        speaker.close()


def test_a_speaker_without_audio_accepts_the_phone_line_calls() -> None:
    silent = SilentSpeaker()
    silent.set_phone_line(True)
    silent.connect()
    assert silent.progress is None


def test_the_game_process_never_imports_numpy() -> None:
    """numpy is the worker's: the game starting its speaker must not pay for importing it."""
    code = (
        "import sys, simulator.voice.speaker, simulator.voice.client, simulator.ui.app; "
        "print('numpy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
