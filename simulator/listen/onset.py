"""When the trainee started speaking, from the audio's loudness: the voice's cut-in and dead air.

Speech starts at the first of ``RUN`` chunks in a row louder than the noise floor by a margin; the
floor is the quietest chunk seen so far (a room's hum, or digital silence), so a noisy room does not
count as speech; until a quiet chunk arrives it is assumed low.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.listen.pcm import level

THRESHOLD = 0.35  # level (0-1, -60..0 dB) a chunk needs over silence to count as voiced
MARGIN = 0.2  # and how far above the noise floor
RUN = 3  # voiced chunks in a row (150 ms) before it counts as speech, so a click does not


class OnsetDetector:
    """Feed chunks with their times; ``onset`` becomes the time speech began."""

    def __init__(self) -> None:
        self.onset: float | None = None
        self._floor = THRESHOLD - MARGIN  # until a quieter chunk shows the real noise floor
        self._run: list[float] = []

    def feed(self, t: float, pcm: bytes) -> float:
        """Take one chunk starting at ``t`` seconds; returns its level (for the meter)."""
        value = level(pcm)
        self._floor = min(self._floor, value)
        voiced = value >= THRESHOLD and value >= self._floor + MARGIN
        if voiced:
            self._run.append(t)
            if self.onset is None and len(self._run) >= RUN:
                self.onset = self._run[0]
        else:
            self._run.clear()
        return value


@dataclass(frozen=True)
class VoiceTiming:
    """The listening facts of one spoken answer, as the engine takes them."""

    cut_in: bool  # started while the customer was still talking
    elapsed: float  # seconds of dead air from the end of the customer's line (0 after a cut-in)


def voice_timing(onset: float, customer_ends: float) -> VoiceTiming:
    """Timing of speech that began ``onset`` s into a clock on which the customer stops at ``customer_ends``."""
    gap = onset - customer_ends
    return VoiceTiming(cut_in=gap < 0, elapsed=max(0.0, gap))
