"""The customer is on a phone: a telephone-band filter, a faint line hiss and the connect click.

Pure Python on 16-bit PCM (no numpy, no pygame), run in the speech worker after a
line is rendered and before it is renamed into the cache, so a cached line is an
ordinary WAV that starts as fast as any other.

The band is the classic telephone channel, about 300 to 3,400 Hz: below it go the
voice's fundamental and the room's rumble, above it the sibilance and air that make
a synthesiser sound like a desktop reading aloud. Each edge is an eighth-order
Butterworth filter (four RBJ cookbook biquads with the Butterworth Q of each pole
pair): flat across the band, 48 dB per octave outside it, so the energy outside
the band is far below the energy inside it. A gentle saturation before the filter stands in for
the line's codec; the hiss is added before the filter too, so it is shaped like line
noise and never adds energy outside the band.
"""

from __future__ import annotations

import math
import random
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

# The order of each band edge's Butterworth filter: eight (four biquads) costs about 0.05 s of
# CPU per second of audio on a small machine, well inside a line's render time.
ORDER = 8
# One biquad per pole pair of an ORDER-th order Butterworth filter, each with its pole pair's Q.
BUTTERWORTH_QS = tuple(
    1 / (2 * math.cos((2 * k - 1) * math.pi / (2 * ORDER))) for k in range(1, ORDER // 2 + 1)
)
# Peak level the processed line is scaled back to, as a share of the rendered line's own
# peak: the mood's loudness (volume in the delivery) survives the filter.
KEEP_PEAK = 1.0
FULL_SCALE = 32767.0


@dataclass(frozen=True)
class PhoneLine:
    """How the line sounds: the pass band in Hz, the hiss level (0 for none) and the drive."""

    low_hz: float = 300.0
    high_hz: float = 3400.0
    # The corners sit a little inside the band (-3 dB at about 345 and 2,960 Hz, -10 dB at 300 and
    # 3,400 Hz), so that just outside the band the slope is already steep.
    inset: float = 1.15
    hiss: float = 0.0035  # white noise amplitude before the band filter, as a share of full scale
    drive: float = 1.6  # tanh saturation: 1 is clean, higher is a harder-pressed codec

    def without_hiss(self) -> PhoneLine:
        """The same line with no hiss."""
        return PhoneLine(self.low_hz, self.high_hz, self.inset, 0.0, self.drive)


PHONE_LINE = PhoneLine()

Coefficients = tuple[float, float, float, float, float]


def _biquad(kind: str, cutoff: float, rate: int, q: float) -> Coefficients:
    """Normalised (b0, b1, b2, a1, a2) of an RBJ cookbook low- or high-pass section."""
    w = 2 * math.pi * cutoff / rate
    cos_w, alpha = math.cos(w), math.sin(w) / (2 * q)
    if kind == "low":
        b0, b1, b2 = (1 - cos_w) / 2, 1 - cos_w, (1 - cos_w) / 2
    else:
        b0, b1, b2 = (1 + cos_w) / 2, -(1 + cos_w), (1 + cos_w) / 2
    a0, a1, a2 = 1 + alpha, -2 * cos_w, 1 - alpha
    return b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0


def _run_section(samples: list[float], c: Coefficients) -> list[float]:
    b0, b1, b2, a1, a2 = c
    x1 = x2 = y1 = y2 = 0.0
    out = [0.0] * len(samples)
    for i, x in enumerate(samples):
        y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2, x1, y2, y1 = x1, x, y1, y
        out[i] = y
    return out


def band_pass(samples: list[float], rate: int, line: PhoneLine = PHONE_LINE) -> list[float]:
    """``samples`` (floats, any scale) through the telephone band of ``line``."""
    low_corner = line.low_hz * line.inset
    high_corner = min(
        line.high_hz / line.inset, rate * 0.45
    )  # a low rate has no room above the band
    sections = [_biquad("high", low_corner, rate, q) for q in BUTTERWORTH_QS]
    sections += [_biquad("low", high_corner, rate, q) for q in BUTTERWORTH_QS]
    for section in sections:
        samples = _run_section(samples, section)
    return samples


def process(
    samples: list[float], rate: int, line: PhoneLine = PHONE_LINE, seed: int = 0
) -> list[float]:
    """A line as heard down the phone: saturation, hiss, band filter, peak restored (-1..1 in and out)."""
    if not samples:
        return samples
    peak_in = max(abs(s) for s in samples) or 1.0
    drive = max(line.drive, 1e-6)
    norm = math.tanh(drive)
    shaped = [math.tanh(drive * s / peak_in) / norm for s in samples]
    if line.hiss > 0:
        rng = random.Random(seed)  # the same line always gets the same hiss: cacheable, testable
        shaped = [s + rng.uniform(-line.hiss, line.hiss) for s in shaped]
    filtered = band_pass(shaped, rate, line)
    peak_out = max(abs(s) for s in filtered) or 1.0
    scale = KEEP_PEAK * peak_in / peak_out
    return [s * scale for s in filtered]


def read_wav(path: Path) -> tuple[list[float], int]:
    """Mono 16-bit PCM samples of a WAV as floats in -1..1, and its sample rate."""
    with wave.open(str(path), "rb") as w:
        channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
        frames = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError(f"{path.name}: {8 * width}-bit audio; the phone line needs 16-bit PCM")
    pcm = array("h")
    pcm.frombytes(frames)
    if channels > 1:  # keep the first channel: the customer is one voice on one line
        pcm = pcm[::channels]
    return [s / FULL_SCALE for s in pcm], rate


def write_wav(path: Path, samples: list[float], rate: int) -> None:
    """Write mono 16-bit PCM, clipping to full scale."""
    pcm = array("h", (max(-32768, min(32767, round(s * FULL_SCALE))) for s in samples))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def apply_to_wav(path: Path, line: PhoneLine = PHONE_LINE, seed: int = 0) -> None:
    """Put the rendered WAV at ``path`` through the phone line, in place."""
    samples, rate = read_wav(path)
    write_wav(path, process(samples, rate, line, seed), rate)


def connect_click(rate: int = 22050, line: PhoneLine = PHONE_LINE) -> list[float]:
    """The line connecting: a soft click, then a moment of open line (about 0.35 s)."""
    rng = random.Random(7)
    click_len, open_len = int(rate * 0.012), int(rate * 0.34)
    click = [
        (rng.uniform(-1, 1) * 0.5 + (0.6 if i < rate * 0.002 else 0.0))
        * math.exp(-i / (rate * 0.003))
        for i in range(click_len)
    ]
    open_line = [rng.uniform(-1, 1) * max(line.hiss, 0.002) * 2 for _ in range(open_len)]
    shaped = band_pass(click + open_line, rate, line)
    peak = max(abs(s) for s in shaped) or 1.0
    return [0.5 * s / peak for s in shaped]


def write_connect_click(path: Path, line: PhoneLine = PHONE_LINE) -> Path:
    """Write the connect click to ``path`` (once; it never changes) and return ``path``."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        write_wav(tmp, connect_click(line=line), 22050)
        tmp.replace(path)
    return path
