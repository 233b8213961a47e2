"""Time behind a small interface, so tests can drive the game with a fake clock."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds for timing, and wall-clock time for records."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""
        ...

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        """Seconds from time.monotonic()."""
        return time.monotonic()

    def now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to: ``advance(seconds)``."""

    def __init__(self, start: float = 0.0, wall: datetime | None = None) -> None:
        self.t = start
        self.wall = wall or datetime(2026, 1, 1, tzinfo=UTC)

    def monotonic(self) -> float:
        """The fake monotonic time."""
        return self.t

    def now(self) -> datetime:
        """The fake wall time, moved along with ``advance``."""
        from datetime import timedelta

        return self.wall + timedelta(seconds=self.t)

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.t += seconds
