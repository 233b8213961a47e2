"""Which 10 ms frames of an utterance hold voice, to check that heard words span the speech.

A frame is voiced when it is within ``RANGE`` of the utterance's loudest frame (and above the
level of near silence), so the check follows the speaker's own loudness, whatever the microphone's
gain. Frames are counted from the start of the utterance, as the decoder counts them.
"""

from __future__ import annotations

from simulator.listen.pcm import level

FRAME_BYTES = 320  # 10 ms of 16 kHz 16-bit audio: the decoder's frame
RANGE = 0.4  # level below the loudest frame (0.4 of the 60 dB scale: 24 dB) still voiced
FLOOR = 0.25  # and never voiced below this level (-45 dB full scale)


class VoicedFrames:
    """Levels of every 10 ms frame fed, and what share of the voiced ones some spans cover."""

    def __init__(self) -> None:
        self._levels: list[float] = []
        self._rest = b""

    def feed(self, pcm: bytes) -> None:
        """Take more audio, in any chunk size."""
        data = self._rest + pcm
        whole = len(data) - len(data) % FRAME_BYTES
        self._levels.extend(level(data[i : i + FRAME_BYTES]) for i in range(0, whole, FRAME_BYTES))
        self._rest = data[whole:]

    def covered(self, spans: list[tuple[int, int]]) -> float:
        """Share of voiced frames inside the (first, last) frame ``spans``; 1.0 when none is voiced."""
        if not self._levels:
            return 1.0
        loud = max(self._levels) - RANGE
        voiced = [i for i, v in enumerate(self._levels) if v >= loud and v >= FLOOR]
        if not voiced:
            return 1.0
        inside: set[int] = set()
        for first, last in spans:
            inside.update(range(first, last + 1))
        return sum(i in inside for i in voiced) / len(voiced)
