"""The customer is on a phone: a telephone-band filter, a faint line hiss and the connect click.

Run in the speech worker (never in the game process: numpy stays out of the game's start-up)
after a line is rendered and before it is renamed into the cache, so a cached line is an
ordinary WAV that starts as fast as any other.

The band is the classic telephone channel, about 300 to 3,400 Hz: below it go the voice's
fundamental and the room's rumble, above it the sibilance and air that make a synthesiser
sound like a desktop reading aloud. The filter works on the whole line at once in the
frequency domain (one FFT and its inverse, a few milliseconds for a long line): flat across
the band, a raised-cosine slope at each edge so nothing rings, and nothing outside it. A
gentle saturation before the filter stands in for the line's codec; the hiss is added before
the filter too, so it is shaped like line noise and never adds energy outside the band.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

FULL_SCALE = 32767.0
Samples = NDArray[np.float64]


@dataclass(frozen=True)
class PhoneLine:
    """How the line sounds: the band in Hz, its edge slopes, the hiss level (0 for none), the drive."""

    low_hz: float = 300.0
    high_hz: float = 3400.0
    # Each edge rises from nothing to full over this share of its frequency, inside the band (full
    # from 350 to 3,100 Hz): outside 300-3,400 Hz there is nothing at all.
    low_slope: float = 0.17
    high_slope: float = 0.09
    hiss: float = 0.0035  # white-noise amplitude before the filter, as a share of the line's peak
    drive: float = 1.6  # tanh saturation: 1 is clean, higher is a harder-pressed codec

    def without_hiss(self) -> PhoneLine:
        """The same line with no hiss."""
        return replace(self, hiss=0.0)


PHONE_LINE = PhoneLine()


def band_gain(freqs: NDArray[np.floating[Any]], line: PhoneLine = PHONE_LINE) -> Samples:
    """The filter's gain (0-1) at each frequency in Hz."""
    gain = np.zeros_like(freqs, dtype=np.float64)
    full_from, full_to = line.low_hz * (1 + line.low_slope), line.high_hz * (1 - line.high_slope)
    gain[(freqs >= full_from) & (freqs <= full_to)] = 1.0
    rising = (freqs > line.low_hz) & (freqs < full_from)
    gain[rising] = 0.5 - 0.5 * np.cos(
        np.pi * (freqs[rising] - line.low_hz) / (full_from - line.low_hz)
    )
    falling = (freqs > full_to) & (freqs < line.high_hz)
    gain[falling] = 0.5 + 0.5 * np.cos(
        np.pi * (freqs[falling] - full_to) / (line.high_hz - full_to)
    )
    return gain


def band_pass(samples: Samples, rate: int, line: PhoneLine = PHONE_LINE) -> Samples:
    """``samples`` through the telephone band of ``line`` (same length, same scale)."""
    n = len(samples)
    if n == 0:
        return samples
    # room for the filter's short tail, so the end never wraps to the start; a power of two, as
    # an FFT of a length with a large prime factor is many times slower
    size = 1 << (n + rate // 10 - 1).bit_length()
    spectrum = np.fft.rfft(samples, size)
    spectrum *= band_gain(np.fft.rfftfreq(size, 1.0 / rate), line)
    return np.fft.irfft(spectrum, size)[:n]


def process(samples: Samples, rate: int, line: PhoneLine = PHONE_LINE, seed: int = 0) -> Samples:
    """A line as heard down the phone: saturation, hiss, band filter, peak restored (-1..1 in and out)."""
    samples = np.asarray(samples, dtype=np.float64)
    if samples.size == 0:
        return samples
    peak_in = float(np.max(np.abs(samples))) or 1.0
    drive = max(line.drive, 1e-6)
    shaped = np.tanh(drive * samples / peak_in) / np.tanh(drive)
    if line.hiss > 0:
        # the same line always gets the same hiss: cacheable and testable
        shaped = shaped + np.random.default_rng(seed).uniform(-line.hiss, line.hiss, shaped.size)
    filtered = band_pass(shaped, rate, line)
    peak_out = float(np.max(np.abs(filtered))) or 1.0
    result: Samples = filtered * (peak_in / peak_out)  # the mood's loudness survives the filter
    return result


def read_wav(path: Path) -> tuple[Samples, int]:
    """The first channel of a 16-bit PCM WAV as floats in -1..1, and its sample rate."""
    with wave.open(str(path), "rb") as w:
        channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
        frames = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError(f"{path.name}: {8 * width}-bit audio; the phone line needs 16-bit PCM")
    pcm = np.frombuffer(frames, dtype="<i2")[::channels]  # the customer is one voice on one line
    return pcm.astype(np.float64) / FULL_SCALE, rate


def write_wav(path: Path, samples: Samples, rate: int) -> None:
    """Write mono 16-bit PCM, clipping to full scale."""
    pcm = np.clip(np.round(np.asarray(samples) * FULL_SCALE), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def apply_to_wav(path: Path, line: PhoneLine = PHONE_LINE, seed: int = 0) -> None:
    """Put the rendered WAV at ``path`` through the phone line, in place."""
    samples, rate = read_wav(path)
    write_wav(path, process(samples, rate, line, seed), rate)


def connect_click(rate: int = 22050, line: PhoneLine = PHONE_LINE) -> Samples:
    """The line connecting: a soft click, then a moment of open line (about 0.35 s)."""
    rng = np.random.default_rng(7)
    click_len, open_len = int(rate * 0.012), int(rate * 0.34)
    t = np.arange(click_len)
    click = (rng.uniform(-1, 1, click_len) * 0.5 + 0.6 * (t < rate * 0.002)) * np.exp(
        -t / (rate * 0.003)
    )
    open_line = rng.uniform(-1, 1, open_len) * max(line.hiss, 0.002) * 2
    shaped = band_pass(np.concatenate([click, open_line]), rate, line)
    peak = float(np.max(np.abs(shaped))) or 1.0
    result: Samples = 0.5 * shaped / peak
    return result


def write_connect_click(path: Path, line: PhoneLine = PHONE_LINE) -> Path:
    """Write the connect click to ``path`` (once; it never changes) and return ``path``."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        write_wav(tmp, connect_click(line=line), 22050)
        tmp.replace(path)
    return path
