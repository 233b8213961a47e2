"""The call over time, as plain data: the response clock that starts when the customer finishes and stops
while the call is on hold (the pause menu, a resize, a minimised or unfocused window), and the pace of
the animations."""

from __future__ import annotations

from dataclasses import dataclass, field

MOUTH_FLAP = 0.14  # seconds per mouth frame while the customer talks
DOTS_STEP = 0.1  # the typing dots move in steps: ten small redraws a second, not one every frame
METER_SPEED = 120.0  # meter units per second when a value changes
BADGE_SECONDS = (
    6.0  # how long the F1 captions-only note stays up unless a key or click hides it first
)

# why a call is on hold; any one of them stops the response clock
HOLD_PAUSE = "pause"  # the pause menu (or the settings opened from it)
HOLD_RESIZE = "resize"  # the window is being resized
HOLD_MINIMISED = "minimised"
HOLD_UNFOCUSED = "unfocused"  # another window has the keyboard


@dataclass
class ResponseClock:
    """Seconds since the customer finished their line, frozen while any hold is on."""

    finished_at: float | None = None  # when the customer finished (shifted forward by each hold)
    holds: set[str] = field(default_factory=set)
    held_at: float = 0.0  # the clock reading when the first hold began
    # Silence already counted at this node before the customer's latest prompt ("Hello?"): the
    # clock goes on from there once they finish it, so the next step comes when the engine says.
    carried: float = 0.0

    def start_line(self, carried: float = 0.0) -> None:
        """The customer starts a new line: the clock waits for its end, ``carried`` seconds in."""
        self.finished_at = None
        self.carried = carried

    def finish(self, now: float) -> None:
        """The customer finished: the clock runs from now (or from when the hold ends)."""
        if self.finished_at is None:
            self.finished_at = self.held_at if self.holds else now

    @property
    def running(self) -> bool:
        """True when the customer has finished and nothing holds the call."""
        return self.finished_at is not None and not self.holds

    @property
    def on_hold(self) -> bool:
        """True while anything holds the call."""
        return bool(self.holds)

    def elapsed(self, now: float) -> float:
        """Seconds since the customer finished, not counting time on hold (0 while they talk)."""
        if self.finished_at is None:
            return self.carried
        end = self.held_at if self.holds else now
        return self.carried + max(0.0, end - self.finished_at)

    def hold(self, reason: str, now: float) -> bool:
        """Put the call on hold for ``reason``; True when this starts the hold."""
        if reason in self.holds:
            return False
        if not self.holds:
            self.held_at = now
        self.holds.add(reason)
        return len(self.holds) == 1

    def release(self, reason: str, now: float) -> bool:
        """End the hold for ``reason``; True when the call is off hold now (the clock goes on)."""
        if reason not in self.holds:
            return False
        self.holds.discard(reason)
        if self.holds:
            return False
        if self.finished_at is not None:
            self.finished_at += now - self.held_at  # the time on hold does not count
        return True
