"""The call over time: the customer's line starting and finishing, the caption reveal, the meters sliding and the
response timer running out."""

from __future__ import annotations

import math

from simulator.ui.scene import Scene
from simulator.voice.base import SpokenLine

MOUTH_FLAP = 0.14  # seconds per mouth frame while the customer talks
DOTS_STEP = 0.1  # the typing dots move in steps: ten small redraws a second, not one every frame
METER_SPEED = 120.0  # meter units per second when a value changes
BADGE_SECONDS = (
    6.0  # how long the F1 captions-only note stays up unless a key or click hides it first
)


class CallTiming(Scene):
    """Part of CallScene: everything that moves with the clock (the state it reads is set up by CallScene)."""

    def _start_line(self) -> None:
        """Begin revealing (and speaking) what the customer says now."""
        self.line = self.conv.line
        self.revealed = 0.0
        self.finished_at: float | None = None
        self.line_started = self.clock.monotonic()
        self.selected = 0
        self.choice_scroll = 0
        self.cap_first = 0
        self.timed_out = False
        settings = self.app.services.settings
        if settings.voice and self.line:
            p = self.scenario.persona
            self.speaker.speak(SpokenLine(self.line, p.voice, self.conv.mood))
            upcoming = self.conv.upcoming_lines()
            if upcoming:
                self.speaker.prefetch([SpokenLine(t, p.voice, self.conv.mood) for t in upcoming])
        if not self.line or settings.chars_per_second <= 0 and self.speaker.progress is None:
            self.finish_line()
        self._relayout_cards()
        self.dirty = True

    def finish_line(self) -> None:
        """Show the whole line at once (the customer has finished)."""
        self.revealed = float(len(self.line))
        if self.finished_at is None:
            self.finished_at = self.clock.monotonic()
        self.dirty = True

    @property
    def talking(self) -> bool:
        """True while the customer's line is still being said."""
        return self.revealed < len(self.line) or self.speaker.speaking

    @property
    def elapsed(self) -> float:
        """Seconds since the customer finished (0 while they are still talking)."""
        if self.paused:
            return self._paused_elapsed  # the timer is frozen while the call is on hold
        return (
            0.0 if self.finished_at is None else max(0.0, self.clock.monotonic() - self.finished_at)
        )

    def update(self, dt: float) -> None:
        """Reveal the caption with the voice (or at the caption speed), animate meters, run the timer."""
        if self.badge_open and self.clock.monotonic() - self.badge_opened_at >= BADGE_SECONDS:
            self.badge_open = False
            self.dirty = True
        if self.revealed < len(self.line):
            progress = self.speaker.progress
            if progress is not None:
                target = progress * len(self.line)
            else:
                # from the line's start time, not summed frame times, so a slow frame never slows the caption
                cps = max(1.0, self.app.services.settings.chars_per_second)
                target = (self.clock.monotonic() - self.line_started) * cps
            target = min(float(len(self.line)), max(self.revealed, target))
            if int(target) != int(self.revealed):
                self._touch("caption", self.bubble)
            before, self.revealed = self.revealed, target
            self._follow_caption(before)
            if self.revealed >= len(self.line) and not self.speaker.speaking:
                self.finish_line()
        elif self.finished_at is None and not self.speaker.speaking:
            self.finish_line()
        if self.talking:
            before = (
                int(self.mouth_t / MOUTH_FLAP),
                int(self.pulse_t * 3),
                int(self.pulse_t / DOTS_STEP),
            )
            self.mouth_t += dt
            self.pulse_t += dt
            if int(self.pulse_t / DOTS_STEP) != before[2]:
                self._touch("dots", getattr(self, "dots_rect", None))
            if int(self.mouth_t / MOUTH_FLAP) != before[0]:
                self._touch("mouth", self.portrait_rect)
            if int(self.pulse_t * 3) != before[1]:
                self._touch("status", self.status_rect)
        elif self.mouth_t:
            self.mouth_t = 0.0
            self.dirty = True  # the customer stopped: status, face and labels change together
        for attr, goal in (("shown_mood", self.conv.mood), ("shown_patience", self.conv.patience)):
            now = getattr(self, attr)
            if now != goal:
                step = METER_SPEED * dt
                setattr(
                    self,
                    attr,
                    goal if abs(goal - now) <= step else now + math.copysign(step, goal - now),
                )
                self._touch("meters", self.meters_rect)
                self._touch("face", self.portrait_rect)
                self._touch("status", self.status_rect)
        node = self.conv.node
        if (
            node is not None
            and node.respond_within
            and self.finished_at is not None
            and not self.timed_out
        ):
            self._touch("timer", self.timer_rect)
            if self.elapsed > node.respond_within:
                self.timed_out = True
                silence = getattr(self.conv, "silence", None)
                if callable(silence) and silence():
                    # the engine charges the dead air now; the customer only speaks again if the call moved on
                    self.toast, self.toast_left = "The line went quiet for too long.", 4.0
                    if self.conv.ended or self.conv.line != self.line:
                        self._start_line()
                        if self.conv.ended:
                            self._call_ended()
        reason = self.captions_only_reason
        if reason != self._badge_reason:  # speech can fail mid-call: the badge appears then
            self._badge_reason = reason
            self.dirty = True
        if self.toast_left > 0:
            self.toast_left -= dt
            if self.toast_left <= 0:
                self.toast = ""
                self.dirty = True

    @property
    def captions_only_reason(self) -> str | None:
        """Why the customer is not heard although the voice setting is on (None when it works or is off)."""
        if not self.app.services.settings.voice:
            return None
        return self.speaker.notice or None

    @property
    def animating(self) -> bool:
        """Moving while the caption reveals, the customer talks or a meter slides."""
        return (
            self.talking
            or round(self.shown_mood) != self.conv.mood
            or round(self.shown_patience) != self.conv.patience
        )

    @property
    def frame_rate(self) -> int:
        """Full rate while animating; a gentle 20 fps while only the response timer runs."""
        if self.animating:
            return 60
        node = self.conv.node
        if (
            node is not None
            and node.respond_within
            and self.finished_at is not None
            and not self.timed_out
        ):
            return 20
        return 0
