"""16-bit PCM helpers: mono 16 kHz conversion and loudness, without numpy.

audioop (C, in the standard library up to Python 3.12) does the work when present; the pure
Python fallback is slower but gives the same kind of result.
"""

from __future__ import annotations

import array
import math
import sys
import warnings
from types import ModuleType

SAMPLE_RATE = 16000  # the recogniser's model rate


def _audioop() -> ModuleType | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import audioop

            return audioop
        except ImportError:
            return None


AUDIOOP = _audioop()


def _samples(pcm: bytes) -> array.array[int]:
    samples = array.array("h", pcm[: len(pcm) - len(pcm) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _pcm(samples: array.array[int]) -> bytes:
    if sys.byteorder == "big":
        samples = array.array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def to_model_rate(pcm: bytes, rate: int, channels: int = 1) -> bytes:
    """16-bit little-endian ``pcm`` at ``rate`` Hz with ``channels`` as 16 kHz mono."""
    if channels == 2:
        if AUDIOOP is not None:
            pcm = AUDIOOP.tomono(pcm, 2, 0.5, 0.5)
        else:
            s = _samples(pcm)
            pcm = _pcm(array.array("h", ((s[i] + s[i + 1]) // 2 for i in range(0, len(s) - 1, 2))))
    if rate == SAMPLE_RATE:
        return pcm
    if AUDIOOP is not None:
        return bytes(AUDIOOP.ratecv(pcm, 2, 1, rate, SAMPLE_RATE, None)[0])
    s = _samples(pcm)
    n = int(len(s) * SAMPLE_RATE / rate)
    step = rate / SAMPLE_RATE
    return _pcm(array.array("h", (s[min(int(i * step), len(s) - 1)] for i in range(n))))


def level(pcm: bytes) -> float:
    """Loudness of ``pcm`` from 0 (silence) to 1 (full scale), on a decibel scale from -60 dB."""
    if len(pcm) < 2:
        return 0.0
    if AUDIOOP is not None:
        rms = float(AUDIOOP.rms(pcm[: len(pcm) - len(pcm) % 2], 2))
    else:
        s = _samples(pcm)
        rms = math.sqrt(sum(x * x for x in s) / len(s))
    if rms <= 0:
        return 0.0
    db = 20 * math.log10(rms / 32768)
    return max(0.0, min(1.0, (db + 60) / 60))
