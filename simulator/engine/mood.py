"""The customer's mood bands: one table for the word that names a mood and the stars it allows.

The portrait's expression, the voice's delivery and the post-call survey all read these bands,
so a band moved here moves everywhere at once.
"""

from __future__ import annotations

from typing import NamedTuple


class MoodBand(NamedTuple):
    """Moods up to ``top`` (inclusive, above the band before) are called ``label`` and allow ``stars``."""

    top: int
    label: str
    stars: int


# Moods run -100..100 in whole numbers; each band ends where the next begins.
MOOD_BANDS: tuple[MoodBand, ...] = (
    MoodBand(-60, "furious", 1),
    MoodBand(-25, "angry", 2),
    MoodBand(-1, "annoyed", 3),
    MoodBand(24, "neutral", 3),
    MoodBand(59, "pleased", 4),
    MoodBand(100, "delighted", 5),
)


def mood_band(mood: int) -> MoodBand:
    """The band ``mood`` falls in (moods beyond the scale fall in the end bands)."""
    for band in MOOD_BANDS:
        if mood <= band.top:
            return band
    return MOOD_BANDS[-1]


def mood_label(mood: int) -> str:
    """A word for the customer's mood, which also names the portrait's expression."""
    return mood_band(mood).label


def mood_stars(final_mood: int) -> int:
    """The most stars (1-5) a customer in this final mood gives: furious 1 ... delighted 5."""
    return mood_band(final_mood).stars
