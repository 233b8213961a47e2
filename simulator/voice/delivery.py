"""How a line is delivered: the persona's voice hints shaped by the customer's mood.

Pure functions, no engine: the worker turns a ``Delivery`` into engine
properties. Moods are read in the same bands the portrait uses
(``mood_label``), so a line prefetched at "angry" is still a cache hit when
the mood moves a few points within the band.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.engine.conversation import mood_label
from simulator.scenario.model import Voice

# Words per minute at rate 1.0: espeak-ng's own default, close to conversational speech.
BASE_WPM = 175
# espeak-ng's pitch scale is 0-100 with 50 as the voice's normal pitch.
BASE_PITCH = 50
# The engine's volume for a calm customer; anger raises it towards 1.0 (full scale).
CALM_VOLUME = 0.8

# mood band -> (rate factor, volume, pitch factor). Anger speeds up, gets louder
# and slightly higher; pleasure relaxes the pace a little.
_MOOD_DELIVERY: dict[str, tuple[float, float, float]] = {
    "furious": (1.25, 1.0, 1.10),
    "angry": (1.15, 0.95, 1.05),
    "annoyed": (1.07, 0.88, 1.02),
    "neutral": (1.0, CALM_VOLUME, 1.0),
    "pleased": (0.97, CALM_VOLUME, 1.02),
    "delighted": (1.0, 0.85, 1.05),
}
# A confused caller is searching for words: slower, whatever the mood.
CONFUSED_RATE = 0.85

MIN_WPM, MAX_WPM = 80, 400


@dataclass(frozen=True)
class Delivery:
    """Engine-neutral delivery: words per minute, volume 0-1 and pitch on espeak's 0-100 scale."""

    rate_wpm: int
    volume: float
    pitch: int


def delivery_for(voice: Voice, mood: int, kind: str = "") -> Delivery:
    """The delivery of a line by a persona with ``voice`` hints, in ``mood``, on a call of ``kind``."""
    rate_factor, volume, pitch_factor = _MOOD_DELIVERY[mood_label(mood)]
    if kind == "confused":
        rate_factor *= CONFUSED_RATE
    wpm = round(BASE_WPM * voice.rate * rate_factor)
    pitch = round(BASE_PITCH * voice.pitch * pitch_factor)
    return Delivery(
        rate_wpm=max(MIN_WPM, min(MAX_WPM, wpm)),
        volume=round(max(0.0, min(1.0, volume)), 2),
        pitch=max(0, min(100, pitch)),
    )
