"""Band energies of a signal, computed here (a small radix-2 FFT over Hann-windowed frames).

Used by the phone-line tests to check where a rendered line's energy sits, with no
audio tool beyond Python itself.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Sequence


def fft(x: Sequence[complex]) -> list[complex]:
    """The discrete Fourier transform of ``x`` (its length a power of two)."""
    n = len(x)
    if n == 1:
        return [complex(x[0])]
    even, odd = fft(x[0::2]), fft(x[1::2])
    twiddled = [cmath.exp(-2j * math.pi * k / n) * odd[k] for k in range(n // 2)]
    return [even[k] + twiddled[k] for k in range(n // 2)] + [
        even[k] - twiddled[k] for k in range(n // 2)
    ]


def band_energies(
    samples: Sequence[float], rate: int, edges: Sequence[float], frame: int = 1024
) -> list[float]:
    """Energy between each pair of consecutive ``edges`` (Hz), summed over every full frame."""
    window = [0.5 - 0.5 * math.cos(2 * math.pi * i / frame) for i in range(frame)]
    totals = [0.0] * (len(edges) - 1)
    for start in range(0, len(samples) - frame + 1, frame):
        spectrum = fft([samples[start + i] * window[i] for i in range(frame)])
        for k in range(1, frame // 2):
            f = k * rate / frame
            for j in range(len(totals)):
                if edges[j] <= f < edges[j + 1]:
                    totals[j] += abs(spectrum[k]) ** 2
                    break
    return totals


def decibels(part: float, whole: float) -> float:
    """``part`` relative to ``whole``, in dB (-inf for nothing)."""
    return 10 * math.log10(part / whole) if part > 0 else float("-inf")


def tone(freq: float, seconds: float, rate: int, amplitude: float = 0.5) -> list[float]:
    """A sine tone."""
    return [amplitude * math.sin(2 * math.pi * freq * i / rate) for i in range(int(seconds * rate))]
