"""The speaker interface the game talks to; the real one lives in its own module.

The UI only ever calls these methods from its frame loop, so none of them may
block: ``speak`` and ``prefetch`` queue work, ``update`` polls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from simulator.scenario.model import Voice


@dataclass(frozen=True)
class SpokenLine:
    """A line to speak: the words, the persona's voice hints, the customer's mood now and the call's kind."""

    text: str
    voice: Voice
    mood: int = 0
    kind: str = (
        ""  # the scenario's kind (simulator.scenario.model.KINDS): a confused caller speaks slower
    )


class Speaker(Protocol):
    """What the game needs from a voice."""

    def speak(self, line: SpokenLine) -> None:
        """Start saying ``line`` as soon as it can (stops any line already playing)."""
        ...

    def prefetch(self, lines: Sequence[SpokenLine]) -> None:
        """Render lines that may come next, so they start instantly."""
        ...

    def stop(self) -> None:
        """Stop speaking at once."""
        ...

    def update(self) -> None:
        """Poll the worker and the mixer; called once a frame, never blocks."""
        ...

    @property
    def speaking(self) -> bool:
        """True while a line is queued or playing."""
        ...

    @property
    def progress(self) -> float | None:
        """Fraction (0-1) of the current line played, or None when there is no audio to follow."""
        ...

    @property
    def notice(self) -> str | None:
        """One line for settings when speech is off or has fallen back to captions only."""
        ...

    def set_volume(self, volume: float) -> None:
        """Volume from 0 to 1."""
        ...

    def set_phone_line(self, on: bool) -> None:
        """Whether lines sound as if down a telephone line (from the next line rendered)."""
        ...

    def connect(self) -> None:
        """Play the click of the call connecting (when the phone line is on)."""
        ...

    def close(self) -> None:
        """Stop the worker and release audio."""
        ...


class SilentSpeaker:
    """Captions only: no audio, and the caption follows its own pace."""

    def __init__(self, notice: str | None = None) -> None:
        self._notice = notice

    def speak(self, line: SpokenLine) -> None:
        """Nothing to say aloud."""

    def prefetch(self, lines: Sequence[SpokenLine]) -> None:
        """Nothing to render."""

    def stop(self) -> None:
        """Nothing to stop."""

    def update(self) -> None:
        """Nothing to poll."""

    @property
    def speaking(self) -> bool:
        """Never speaking."""
        return False

    @property
    def progress(self) -> float | None:
        """No audio to follow."""
        return None

    @property
    def notice(self) -> str | None:
        """Why speech is off, if there is a reason to show."""
        return self._notice

    def set_volume(self, volume: float) -> None:
        """No audio to change."""

    def set_phone_line(self, on: bool) -> None:
        """No audio to filter."""

    def connect(self) -> None:
        """No audio to play."""

    def close(self) -> None:
        """Nothing to release."""
