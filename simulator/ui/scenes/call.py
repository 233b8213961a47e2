"""The call: the customer's face and words, the meters, the response timer and the trainee's choices."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from simulator.engine.conversation import Conversation, EngineError, mood_label
from simulator.engine.result import CallResult
from simulator.model import KIND_LABELS, Scenario
from simulator.rubric import Rubric
from simulator.ui.pg import pygame
from simulator.ui.portrait import load_portrait_image, mouth_box, portrait_surface
from simulator.ui.scene import Scene
from simulator.ui.services import record_for
from simulator.ui.theme import mix
from simulator.ui.widgets import (
    Button,
    button_height,
    ellipsize,
    fitting,
    layout_row,
    meter,
    meter_height,
    panel,
    text,
    text_block,
)
from simulator.voice.base import SpokenLine

Rect = pygame.Rect
MOUTH_FLAP = 0.14  # seconds per mouth frame while the customer talks
DOTS_STEP = 0.1  # the typing dots move in steps: ten small redraws a second, not one every frame
METER_SPEED = 120.0  # meter units per second when a value changes


def is_rough(result: CallResult) -> bool:
    """A call hard enough to offer a pause before the next one."""
    return result.outcome in ("hung_up", "escalated") or result.final_mood <= -40 or not result.passed


@dataclass
class ChoiceCard:
    """Where one open choice is drawn."""

    number: int
    text: str
    rect: Rect


class CallScene(Scene):
    """One call in progress; the engine decides everything, this scene shows it and passes choices in."""

    name = "call"

    def __init__(self, app: Any, scenario: Scenario, rubric: Rubric, path: str | Path | None = None,
                 start_at: str | None = None, mode: str = "graded", seed: int | None = None,
                 shuffle: bool = True) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.rubric = rubric
        self.path = Path(path or scenario.path)
        self.mode = mode
        # a fresh seed per call, so the best answer is not always in the same place; kept so that Restart,
        # F5 and the debrief's Replay play the same call again
        self.seed = app.services.new_seed() if seed is None else seed
        self.shuffle = shuffle
        self.conv = Conversation(scenario, rubric, seed=self.seed, mode=mode, start_at=start_at, shuffle=shuffle)
        self.clock = app.services.clock
        self.speaker = app.services.speaker
        self.started_wall: datetime = self.clock.now()
        self.result: CallResult | None = None
        self.saved_id: int | None = None
        self.save_notice: str | None = None  # why the finished call was not saved, if it was not
        self.cards: list[ChoiceCard] = []
        self.selected = 0  # 0-based index among the open choices, for arrows + Enter
        self.hover_card = -1
        self.choice_scroll = 0
        self.toast = ""
        self.toast_left = 0.0
        self.coach = ""  # practice mode: the coaching for the last choice
        self.last_said = ""  # the trainee's last line, shown above the customer's
        self.shown_mood = float(self.conv.mood)
        self.shown_patience = float(self.conv.patience)
        self.mouth_t = 0.0
        self.pulse_t = 0.0
        self._parts: set[str] = set()  # what changed since the last frame: caption, dots, mouth, face, status, meters, timer
        self._drawn_chars = 0  # caption characters already on the screen
        self._cap_key: tuple[Any, ...] | None = None
        self._cap_lines: list[str] = []
        self._cap_surfs: list[pygame.Surface | None] = []
        self.timed_out = False
        self.paused = False  # on hold behind the pause menu (or settings opened from it)
        self._paused_elapsed = 0.0
        self.cap_first = 0  # the first caption line shown: long lines scroll within the bubble
        self.cap_rows = 1
        self.narrow = False
        self.badge_rect: Rect | None = None
        self.badge_open = False  # F1 shows why the call is captions only (as hovering the badge does)
        self.badge_hover = False
        self._badge_reason: str | None = None
        self._image, notice = load_portrait_image(scenario.persona.portrait.image, self.path)
        if notice:
            self.toast, self.toast_left = notice, 6.0
        self._start_line()

    # --- the customer's line ---------------------------------------------------------------

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
        return 0.0 if self.finished_at is None else max(0.0, self.clock.monotonic() - self.finished_at)

    # --- acting ---------------------------------------------------------------------

    def choose(self, number: int) -> None:
        """Give the engine choice ``number``; cutting in while the customer talks is the engine's to score."""
        if self.conv.ended:
            return
        cut_in = self.talking
        if cut_in:
            self.speaker.stop()
        try:
            decision = self.conv.choose(number, elapsed=round(self.elapsed, 2), cut_in=cut_in)
        except EngineError as exc:
            self.toast, self.toast_left = str(exc), 4.0
            self.dirty = True
            return
        self.last_said = decision.chosen.text
        self.coach = decision.chosen.feedback if self.mode == "practice" else ""
        if decision.cut_in:
            self.toast, self.toast_left = "You cut in while the customer was still talking.", 4.0
        self._start_line()
        if self.conv.ended:
            self._call_ended()

    def _call_ended(self) -> None:
        self.result = self.conv.result()
        store = self.app.services.store
        self.save_notice = None
        try:
            record = record_for(self.app.trainee or "guest", self.result, self.started_wall, self.clock.now())
            self.saved_id = store.record_call(record)
        except Exception as exc:  # saving must never crash the game; say so instead
            self.saved_id = None
            self.save_notice = f"This call could not be saved: {exc}"
        else:
            if self.saved_id < 0:
                # the store kept the call in memory and explains why in its notice (it never raises)
                self.save_notice = store.notice or "This call could not be saved; it is kept until the game closes."
        if self.save_notice:
            self.toast, self.toast_left = self.save_notice, 8.0
            if self.save_notice not in self.app.services.notices and self.save_notice != store.notice:
                self.app.services.notices.append(self.save_notice)
        self._relayout_cards()

    def undo(self) -> None:
        """Practice mode: take the last choice back."""
        if self.mode != "practice" or not self.conv.can_undo:
            return
        self.speaker.stop()
        self.conv.undo()
        self.result = None
        self.coach = ""
        self.last_said = ""
        self.toast, self.toast_left = "Last choice taken back.", 3.0
        self._start_line()
        self.finish_line()

    def open_debrief(self) -> None:
        """Go on to the debrief of the finished call."""
        if self.result is None:
            return
        from simulator.ui.scenes.debrief import DebriefScene

        self.speaker.stop()
        self.app.replace(DebriefScene(self.app, self.result, self.scenario, self.rubric, self.path, self.mode,
                                     notice=self.save_notice))

    def restart(self) -> None:
        """Start this call again from the beginning."""
        self.speaker.stop()
        self.app.replace(CallScene(self.app, self.scenario, self.rubric, self.path, mode=self.mode, seed=self.seed,
                                   shuffle=self.shuffle))

    def reload(self) -> None:
        """F5: read the scenario file again and stay at the same node when it still exists."""
        from simulator.library import load_scenario
        from simulator.ui.scenes.problems import ProblemsScene

        self.speaker.stop()
        try:
            scenario, rubric, report = load_scenario(str(self.path))
        except Exception as exc:  # a vanished file is a message, not a crash
            self.toast, self.toast_left = f"Could not reload {self.path}: {exc}", 6.0
            self.dirty = True
            return
        if scenario is None or rubric is None:
            self.app.push(ProblemsScene(self.app, report.path, report.problems, reload=self.reload_from_overlay))
            return
        here = None if self.conv.ended else self.conv.node.id  # type: ignore[union-attr]
        if here is not None and here in scenario.nodes:
            scene = CallScene(self.app, scenario, rubric, self.path, start_at=here, mode=self.mode, seed=self.seed,
                              shuffle=self.shuffle)
            scene.toast = f"Reloaded {report.path}; still at '{here}'."
        else:
            scene = CallScene(self.app, scenario, rubric, self.path, mode=self.mode, seed=self.seed, shuffle=self.shuffle)
            scene.toast = (f"Reloaded {report.path}; node '{here}' is gone, so the call starts again at '{scenario.start}'."
                           if here else f"Reloaded {report.path}; starting again.")
        scene.toast_left = 5.0
        scene.app.replace(scene)

    def reload_from_overlay(self) -> None:
        """The problems overlay's F5: close it and try again."""
        self.app.pop()
        self.reload()

    def pause(self) -> None:
        """Esc: stop the voice and open the pause menu; the response timer does not run meanwhile, and the words
        and answers are hidden, so a pause is no time to read ahead."""
        from simulator.ui.scenes.pause import PauseScene

        was_talking = self.talking
        self.speaker.stop()
        if was_talking:
            self.finish_line()
        if not self.paused:
            self._paused_elapsed = self.elapsed
            self.paused = True
        self.app.push(PauseScene(self.app), self._after_pause)

    def resume_call(self) -> None:
        """Take the call off hold: the timer goes on from where it stopped."""
        if not self.paused:
            return
        self.paused = False
        if self.finished_at is not None:
            self.finished_at = self.clock.monotonic() - self._paused_elapsed
        self.dirty = True

    def _back_to_pause_menu(self, _result: Any = None) -> None:
        from simulator.ui.scenes.pause import PauseScene

        self.app.push(PauseScene(self.app), self._after_pause)

    def _after_pause(self, result: Any) -> None:
        if result == "settings":
            from simulator.ui.scenes.settings import SettingsScene

            # still on hold while the settings are open; back to the pause menu after them
            self.app.push(SettingsScene(self.app), self._back_to_pause_menu)
            return
        self.resume_call()
        if result == "restart":
            self.restart()
        elif result == "quit":
            self.speaker.stop()
            self.app.pop()

    # --- events -------------------------------------------------------------------------

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Keys 1-9, arrows + Enter, mouse hover and click; Esc pauses; U undoes in practice; F5 reloads."""
        if self.handle_buttons(ev):
            return
        if ev.type == pygame.KEYDOWN:
            key = ev.key
            if key == pygame.K_ESCAPE:
                self.pause()
            elif key == pygame.K_F1:
                self.badge_open = not self.badge_open and self.captions_only_reason is not None
                self.dirty = True
            elif key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                self.scroll_caption(max(1, self.cap_rows - 1) * (1 if key == pygame.K_PAGEDOWN else -1))
            elif key == pygame.K_F5:
                self.reload()
            elif key == pygame.K_u or (key == pygame.K_z and ev.mod & pygame.KMOD_CTRL):
                self.undo()
            elif self.conv.ended:
                if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                    if self.talking:
                        self.speaker.stop()
                        self.finish_line()
                    else:
                        self.open_debrief()
            elif pygame.K_1 <= key <= pygame.K_9 or pygame.K_KP1 <= key <= pygame.K_KP9:
                n = key - (pygame.K_1 if key <= pygame.K_9 else pygame.K_KP1) + 1
                if n <= len(self.cards):
                    self.choose(n)
            elif key in (pygame.K_DOWN, pygame.K_UP) and self.cards:
                self.selected = (self.selected + (1 if key == pygame.K_DOWN else -1)) % len(self.cards)
                self._scroll_to(self.selected)
                self.dirty = True
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.cards:
                self.choose(self.cards[self.selected].number)
            elif key == pygame.K_SPACE and self.talking:
                self.dirty = True  # space alone does not cut in; it only skips ahead in captions-only mode
        elif ev.type == pygame.MOUSEMOTION:
            over_badge = self.badge_rect is not None and self.badge_rect.collidepoint(ev.pos)
            if over_badge != self.badge_hover:
                self.badge_hover = over_badge
                self.dirty = True
            hover = self._card_at(ev.pos)
            if hover != self.hover_card:
                self.hover_card = hover
                if hover >= 0:
                    self.selected = hover
                self.dirty = True
        elif ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1:
            hit = self._card_at(ev.pos)
            if hit >= 0:
                self.choose(self.cards[hit].number)
        elif ev.type == pygame.MOUSEWHEEL and self.bubble.collidepoint(pygame.mouse.get_pos()):
            self.scroll_caption(-ev.y)
        elif ev.type == pygame.MOUSEWHEEL:
            self.choice_scroll = max(0, min(self._max_scroll, self.choice_scroll - ev.y * self.theme.px(40)))
            self._place_cards()
            self.dirty = True

    def _card_at(self, pos: tuple[int, int]) -> int:
        if not self.choice_area.collidepoint(pos):
            return -1
        return next((i for i, c in enumerate(self.cards) if c.rect.collidepoint(pos)), -1)

    # --- time ---------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        """Reveal the caption with the voice (or at the caption speed), animate meters, run the timer."""
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
            self.revealed = target
            self._follow_caption()
            if self.revealed >= len(self.line) and not self.speaker.speaking:
                self.finish_line()
        elif self.finished_at is None and not self.speaker.speaking:
            self.finish_line()
        if self.talking:
            before = (int(self.mouth_t / MOUTH_FLAP), int(self.pulse_t * 3), int(self.pulse_t / DOTS_STEP))
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
                setattr(self, attr, goal if abs(goal - now) <= step else now + math.copysign(step, goal - now))
                self._touch("meters", self.meters_rect)
                self._touch("face", self.portrait_rect)
                self._touch("status", self.status_rect)
        node = self.conv.node
        if node is not None and node.respond_within and self.finished_at is not None and not self.timed_out:
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

    def _caption_cue(self) -> str:
        """'↑ earlier' when the caption is scrolled past its start, 'more ↓' when revealed lines are below."""
        if self.paused:
            return ""
        if self._caption_line_of(int(self.revealed)) >= self.cap_first + self.cap_rows:
            return "more ↓ PgDn"
        if self.cap_first > 0:
            return "↑ earlier: PgUp"
        return ""

    @property
    def animating(self) -> bool:
        """Moving while the caption reveals, the customer talks or a meter slides."""
        return (self.talking or round(self.shown_mood) != self.conv.mood
                or round(self.shown_patience) != self.conv.patience)

    @property
    def frame_rate(self) -> int:
        """Full rate while animating; a gentle 20 fps while only the response timer runs."""
        if self.animating:
            return 60
        node = self.conv.node
        if node is not None and node.respond_within and self.finished_at is not None and not self.timed_out:
            return 20
        return 0

    # --- layout -----------------------------------------------------------------------

    def layout(self, width: int, height: int) -> None:
        """Two columns (the customer left, words and answers right), or in a narrow window the customer in a
        strip above; either way the answers get room first and the caption scrolls within its bubble."""
        t, f = self.theme, self.fonts
        pad = t.pad
        self.W, self.H = width, height
        self.top_h = f.line_height(t.heading, True) + pad * 2
        hint_h = f.line_height(t.small) + pad
        self.hint_y = height - hint_h + pad // 3
        body = Rect(pad, self.top_h + pad, width - pad * 2, self.hint_y - pad // 2 - self.top_h - pad)
        left_w = max(t.px(200), min(int(width * 0.28), t.px(380)))
        self.narrow = body.w - left_w - pad < t.px(440)
        if self.narrow:
            strip_h = self._strip_height()
            self.left = Rect(body.x, body.y, body.w, strip_h)
            self.right = Rect(body.x, self.left.bottom + pad, body.w, body.bottom - self.left.bottom - pad)
        else:
            self.left = Rect(body.x, body.y, left_w, body.h)
            self.right = Rect(self.left.right + pad, body.y, body.right - self.left.right - pad, body.h)
        self.end_button = Button("See the debrief", self.open_debrief, "Enter", kind="primary")
        self.pause_button = Button("Pause", self.pause, "Esc", kind="quiet")
        layout_row([self.pause_button], f, t, width - pad, (self.top_h - button_height(t)) // 2)
        self._place_customer()
        self._relayout_cards()

    def _strip_height(self) -> int:
        """Height of the customer strip of a narrow window: face, name and status, then the two meters side by side."""
        t, f = self.theme, self.fonts
        words = f.line_height(t.body, True) + f.line_height(t.small, True)
        return max(words, meter_height(f, t)) + t.pad * 2

    def _place_customer(self) -> None:
        """Where the face, name, role, status line and meters go (a column, or a strip in a narrow window)."""
        t, f = self.theme, self.fonts
        pad = t.pad
        lh_name, lh_small, lh_status = f.line_height(t.body, True), f.line_height(t.small), f.line_height(t.small, True)
        mh = meter_height(f, t)
        if self.narrow:
            size = self.left.h - pad * 2
            self.portrait_rect = Rect(self.left.x + pad, self.left.y + pad, size, size)
            x = self.portrait_rect.right + pad
            room = self.left.right - pad - x
            text_w = max(t.px(80), (room - pad * 2) * 2 // 6)
            words_y = self.left.y + (self.left.h - lh_name - lh_status) // 2
            self.name_at, self.name_anchor, self.name_w = (x, words_y), "topleft", text_w
            self.status_rect = Rect(x, words_y + lh_name, text_w, lh_status)
            self.role_y = None  # no room in the strip; the wide layout shows it
            meters_x = x + text_w + pad
            # the two meters side by side: MOOD, then PATIENCE
            self.meter_x, self.meter_w = meters_x, (self.left.right - pad - meters_x - pad) // 2
            self.meter_step = (self.meter_w + pad, 0)
            self.meters_y = self.left.y + (self.left.h - mh) // 2
        else:
            inner = self.left.w - pad * 2
            below = lh_name + lh_small + lh_status + mh * 2 + pad // 2 + pad * 2
            self.show_role = True
            size = min(inner, self.left.h - below - pad * 2)
            if size < t.px(64):  # a short window: the role line goes so the face stays recognisable
                self.show_role = False
                size = min(inner, self.left.h - below + lh_small - pad * 2)
            size = max(t.px(40), size)
            self.portrait_rect = Rect(0, 0, size, size)
            self.portrait_rect.midtop = (self.left.centerx, self.left.y + pad)
            y = self.portrait_rect.bottom + pad // 2
            self.name_at, self.name_anchor, self.name_w = (self.left.centerx, y), "midtop", inner
            y += lh_name
            self.role_y = y if self.show_role else None
            y += lh_small if self.show_role else 0
            self.status_rect = Rect(self.left.x + pad, y, inner, lh_status)
            y += lh_status + pad
            self.meter_x, self.meter_w = self.left.x + pad, inner
            self.meter_step = (0, mh + pad // 2)
            self.meters_y = y
        dx, dy = self.meter_step
        self.meters_rect = Rect(self.meter_x - 2, self.meters_y - 2, self.meter_w + dx + 4, mh + dy + 4)

    def _relayout_cards(self) -> None:
        """Measure the caption and the answer cards and share the column between them, answers first."""
        if not hasattr(self, "right"):
            return
        t, f = self.theme, self.fonts
        pad = t.pad
        inner = self.right.w - pad * 2
        gap = t.px(10)
        lh_cap = f.line_height(t.caption)
        n_lines = max(1, len(f.wrap(self.line or " ", t.caption, inner - pad)))
        said_h = f.line_height(t.small) + pad // 2 if self.last_said else 0
        label_h = f.line_height(t.small, True) + pad // 2
        node = self.conv.node
        timer_h = meter_height(f, t) + pad // 2 if node is not None and node.respond_within else 0
        coach_h = 0
        if self.coach:
            coach_h = text_block(None, f, self.coach, 0, 0, inner - pad * 2, t.small, max_lines=3) + pad + pad // 2
        answer_label_h = f.line_height(t.small, True) + pad // 3
        badge = t.px(34)
        self.cards = []
        for oc in self.conv.choices:
            h = text_block(None, f, oc.choice.text, 0, 0, self.right.w - badge - pad * 3, t.body)
            self.cards.append(ChoiceCard(oc.number, oc.choice.text, Rect(self.right.x, 0, self.right.w, max(h, badge) + pad)))
        cards_h = sum(c.rect.h for c in self.cards) + gap * max(0, len(self.cards) - 1) + t.px(4)
        room = self.right.h - pad - timer_h - coach_h - answer_label_h  # for the bubble and the answers together
        if self.conv.ended:
            want = button_height(t) + f.line_height(t.body) * 2 + pad
        elif self.cards:
            # the first answer whole, and half the column when there are more, before the caption gets the rest
            want = min(cards_h, max(self.cards[0].rect.h + t.px(4), room // 2))
        else:
            want = 0
        full = said_h + label_h + n_lines * lh_cap + pad * 2
        for fewest in (2, 1):  # the caption keeps two lines, or one when the answers need the room
            least = said_h + label_h + min(n_lines, fewest) * lh_cap + pad * 2
            if room - least >= want:
                break
        bubble_h = max(least, min(full, room - want))
        self.cap_rows = max(1, (bubble_h - pad * 2 - said_h - label_h) // lh_cap)
        self.cap_first = max(0, min(getattr(self, "cap_first", 0), n_lines - self.cap_rows))
        self.bubble = Rect(self.right.x, self.right.y, self.right.w, bubble_h)
        self._caption_at = (self.bubble.x + pad, self.bubble.y + pad + said_h + label_h, inner - pad)
        y = self.bubble.bottom + pad
        self.timer_rect = None
        if timer_h:
            self.timer_rect = Rect(self.right.x, y, self.right.w, meter_height(f, t))
            y = self.timer_rect.bottom + pad // 2
        self.coach_rect = None
        if self.coach:
            self.coach_rect = Rect(self.right.x, y, self.right.w, coach_h - pad // 2)
            y = self.coach_rect.bottom + pad // 2
        self.choices_label_y = y
        y += answer_label_h
        area_h = max(0, self.right.bottom - y)
        self.cue_rect: Rect | None = None
        if cards_h > area_h and not self.conv.ended:
            # the cue sits in the hint row just under the answers, never on a card's border
            self.cue_rect = Rect(self.right.x, self.hint_y, self.right.w, f.line_height(t.small))
        self.choice_area = Rect(self.right.x - 2, y, self.right.w + 4, area_h)
        self.buttons = [self.pause_button]
        if self.conv.ended:
            bh = button_height(t)
            self.end_button.rect = Rect(0, 0, self.end_button.width_for(f, t), bh)
            summary = self.result.ending_summary if self.result else ""
            lines = max(0, (self.choice_area.h - bh - pad) // f.line_height(t.body))
            self.summary_lines = min(3, lines)
            sh = text_block(None, f, summary, 0, 0, self.right.w, t.body, max_lines=self.summary_lines) if summary and self.summary_lines else 0
            top = self.choice_area.y + sh + pad // 2
            self.end_button.rect.topleft = (self.right.x + t.px(4), min(top, self.right.bottom - bh))
            self.buttons.append(self.end_button)
            self.focus = 1
        self._place_cards()
        self.dirty = True

    def _place_cards(self) -> None:
        gap = self.theme.px(10)
        total = sum(c.rect.h for c in self.cards) + gap * max(0, len(self.cards) - 1) + self.theme.px(4)
        self._max_scroll = max(0, total - self.choice_area.h)
        self.choice_scroll = max(0, min(self.choice_scroll, self._max_scroll))
        y = self.choice_area.y + self.theme.px(2) - self.choice_scroll
        for c in self.cards:
            c.rect.y = y
            y += c.rect.h + gap

    def _scroll_to(self, index: int) -> None:
        if not self.cards:
            return
        card = self.cards[index].rect
        if card.bottom > self.choice_area.bottom:
            self.choice_scroll += card.bottom - self.choice_area.bottom + self.theme.px(2)
        elif card.top < self.choice_area.top:
            self.choice_scroll -= self.choice_area.top - card.top + self.theme.px(2)
        self._place_cards()

    def _caption_line_of(self, chars: int) -> int:
        """The index of the caption line holding character ``chars`` (the reveal point)."""
        lines, _ = self._caption_lines()
        first = 0
        for i, line in enumerate(lines):
            first += len(line) + 1
            if chars < first:
                return i
        return max(0, len(lines) - 1)

    def _follow_caption(self) -> None:
        """Scroll the caption so the line being revealed is in view (a full frame, since everything moves)."""
        if self.revealed <= 0:
            return
        at = self._caption_line_of(max(0, int(self.revealed) - 1))
        if at >= self.cap_first + self.cap_rows:
            self.cap_first = at - self.cap_rows + 1
            self.dirty = True

    def scroll_caption(self, lines: int) -> None:
        """Scroll the customer's words by ``lines`` (wheel over the bubble)."""
        total = len(self._caption_lines()[0])
        shown = self._caption_line_of(int(self.revealed)) + 1
        limit = max(0, max(shown, self.cap_rows) - self.cap_rows)
        self.cap_first = max(0, min(limit, min(total - 1, self.cap_first + lines)))
        self.dirty = True

    # --- drawing -----------------------------------------------------------------------

    def draw(self, surf: pygame.Surface) -> None:
        """The whole call screen."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        self._parts = set()  # everything is drawn now
        surf.fill(p.bg)
        self._draw_top_bar(surf)
        self._draw_customer(surf)
        # the customer's words
        panel(surf, t, self.bubble)
        y = self.bubble.y + pad
        x = self.bubble.x + pad
        inner = self.bubble.w - pad * 2
        if self.last_said:
            said = ellipsize(f, f"You: {self.last_said}", t.small, inner)
            text(surf, f, said, (x, y), t.small, p.dim)
            y += f.line_height(t.small) + pad // 2
        who = self.scenario.persona.name.split()[0] if self.scenario.persona.name else "Customer"
        cue = self._caption_cue()
        cue_w = f.get(t.small).size(cue)[0] + pad if cue else 0
        name = who.upper() if not self.conv.ended else f"{who.upper()} · CALL ENDED"
        name = ellipsize(f, name, t.small, max(t.px(40), inner - cue_w - t.px(40)), True)
        label = text(surf, f, name, (x, y), t.small, p.accent, bold=True)
        if self.talking and not self.paused:
            self._draw_typing_dots(surf, label.right + t.px(12), label.centery)
        if cue:
            text(surf, f, cue, (self.bubble.right - pad, y), t.small, p.dim, anchor="topright")
        if self.paused:
            # on hold: the words stay hidden, so a pause is no time to read ahead
            text(surf, f, "On hold.", self._caption_at[:2], t.caption, p.dim)
        else:
            self._drawn_chars = int(self.revealed)
            self._draw_caption(surf, 0, self._drawn_chars, clear=False)
        if not self.narrow:
            # the speech-bubble tail points at the portrait
            tail_y = max(self.bubble.y + t.px(14), min(self.bubble.bottom - t.px(14), self.portrait_rect.centery))
            tail = [(self.bubble.x + 1, tail_y - t.px(10)), (self.bubble.x - t.px(12), tail_y), (self.bubble.x + 1, tail_y + t.px(10))]
            pygame.draw.polygon(surf, p.panel, tail)
            pygame.draw.lines(surf, p.border, False, tail, t.line_width)
        if self.timer_rect is not None:
            self._draw_timer(surf)
        if self.coach_rect is not None:
            panel(surf, t, self.coach_rect, fill=p.accent_soft, border=p.accent_soft)
            text_block(surf, f, f"Coach: {self.coach}", self.coach_rect.x + pad, self.coach_rect.y + pad // 2,
                       self.coach_rect.w - pad * 2, t.small, p.text, max_lines=3)
        if self.conv.ended:
            summary = self.result.ending_summary if self.result else ""
            if summary and self.summary_lines:
                text_block(surf, f, summary, self.right.x, self.choice_area.y, self.right.w, t.body, p.dim,
                           max_lines=self.summary_lines)
        elif self.paused:
            text(surf, f, "YOUR ANSWER", (self.right.x, self.choices_label_y), t.small, p.dim, bold=True)
            text_block(surf, f, "The answers are hidden while the call is on hold.", self.right.x,
                       self.choice_area.y + t.px(4), self.right.w, t.body, p.dim, max_lines=2)
        else:
            label = "YOUR ANSWER" if not self.talking else "YOUR ANSWER · answering now cuts in"
            label = ellipsize(f, label, t.small, self.right.w, True)
            text(surf, f, label, (self.right.x, self.choices_label_y), t.small, p.warn if self.talking else p.dim, bold=True)
            self._draw_cards(surf)
        self.draw_buttons(surf)
        hint = "1–9 or ↑↓ and Enter to answer · click a reply · Esc pause · F5 reload"
        if self.mode == "practice":
            hint += " · U undo"
        if self.captions_only_reason is not None:
            hint += " · F1 why captions only"
        room = self.W - pad * 2
        cue = self.answers_cue()
        if cue:
            cue = ellipsize(f, cue, t.small, room, True)
            r = text(surf, f, cue, (self.W - pad, self.hint_y), t.small, p.warn if "below" in cue else p.dim, bold=True,
                     anchor="topright")
            room = r.x - pad * 2
        if room > t.px(60):
            text(surf, f, ellipsize(f, hint, t.small, room), (pad, self.hint_y), t.small, p.dim)
        if self.toast:
            self._draw_toast(surf)
        if self.badge_open or self.badge_hover:
            self._draw_badge_reason(surf)

    def _draw_top_bar(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        pygame.draw.rect(surf, p.panel, (0, 0, self.W, self.top_h))
        pygame.draw.line(surf, p.border, (0, self.top_h - 1), (self.W, self.top_h - 1), t.line_width)
        right = self.pause_button.rect.x - pad
        self.badge_rect = None
        if self.captions_only_reason is not None:
            label = "Captions only"
            bw = f.get(t.small, True).size(label)[0] + pad
            self.badge_rect = Rect(right - bw, 0, bw, f.line_height(t.small) + t.px(6))
            self.badge_rect.centery = self.top_h // 2
            pygame.draw.rect(surf, p.warn, self.badge_rect, border_radius=self.badge_rect.h // 2 if not t.high_contrast else 0)
            text(surf, f, label, self.badge_rect.center, t.small, p.bg if t.high_contrast else (33, 28, 20), bold=True,
                 anchor="center")
            right = self.badge_rect.x - pad
        meta = f"{KIND_LABELS.get(self.scenario.kind, self.scenario.kind)} · {self.scenario.difficulty}"
        if self.mode == "practice":
            meta += " · practice"
        meta_w = f.get(t.small).size(meta)[0]
        room = right - pad * 2 - meta_w
        title = ellipsize(f, self.scenario.title, t.heading, max(t.px(60), min(room, right - pad * 2)), True)
        r = text(surf, f, title, (pad, self.top_h // 2), t.heading, p.text, bold=True, anchor="midleft")
        chip = Rect(r.right + pad, 0, meta_w + pad, f.line_height(t.small) + t.px(6))
        chip.centery = self.top_h // 2
        if chip.right < right:
            pygame.draw.rect(surf, p.accent_soft, chip, border_radius=chip.h // 2)
            text(surf, f, meta, chip.center, t.small, p.accent if not t.high_contrast else p.text, anchor="center")

    def _draw_badge_reason(self, surf: pygame.Surface) -> None:
        """The reason the call is captions only, under its badge (hover or F1)."""
        reason = self.captions_only_reason
        if reason is None or self.badge_rect is None:
            return
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        w = min(self.W - pad * 2, t.px(440))
        message = f"{reason} (F1 hides this.)" if self.badge_open else reason
        h = text_block(None, f, message, 0, 0, w - pad * 2, t.small) + pad
        box = Rect(0, self.badge_rect.bottom + t.px(6), w, h)
        box.right = min(self.W - pad, self.badge_rect.right)
        panel(surf, t, box, fill=p.panel, border=p.warn)
        text_block(surf, f, message, box.x + pad, box.y + pad // 2, w - pad * 2, t.small, p.text)

    def _draw_customer(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        panel(surf, t, self.left)
        persona = self.scenario.persona
        self._draw_face(surf)
        w = self.name_w
        text(surf, f, ellipsize(f, persona.name, t.body, w, True), self.name_at, t.body, p.text, bold=True,
             anchor=self.name_anchor)
        if persona.role and self.role_y is not None:
            pos = (self.name_at[0], self.role_y)
            text(surf, f, ellipsize(f, persona.role, t.small, w), pos, t.small, p.dim, anchor=self.name_anchor)
        self._draw_status(surf)
        self._draw_meters(surf)

    def _draw_face(self, surf: pygame.Surface) -> None:
        t, p = self.theme, self.theme.palette
        expression = mood_label(round(self.shown_mood))
        mouth_open = self.talking and int(self.mouth_t / MOUTH_FLAP) % 2 == 1
        backdrop = p.panel_alt if not t.high_contrast else (40, 40, 40)
        face = portrait_surface(self.scenario.persona.portrait, expression, self.portrait_rect.w, mouth_open, backdrop, self._image)
        surf.blit(face, self.portrait_rect)

    def _draw_status(self, surf: pygame.Surface) -> None:
        p, t = self.theme.palette, self.theme
        if self.conv.ended:
            status, colour = "Call ended", p.dim
        elif self.talking:
            status, colour = f"Talking{'.' * (1 + int(self.pulse_t * 3) % 3)}", p.warn
        else:
            # the mood word is also on the meter, so a narrow column drops it first
            status = fitting(self.fonts, [f"Waiting for you · {mood_label(round(self.shown_mood))}", "Waiting for you",
                                          "Waiting"], t.small, self.status_rect.w, True)
            colour = p.accent
        if self.narrow:
            text(surf, self.fonts, status, self.status_rect.topleft, t.small, colour, bold=True)
        else:
            text(surf, self.fonts, status, (self.status_rect.centerx, self.status_rect.y), t.small, colour, bold=True,
                 anchor="midtop")

    def _draw_meters(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        x, w = self.meter_x, self.meter_w
        y = self.meters_y
        mood = self.shown_mood
        mood_colour = mix(p.bad, p.warn, (mood + 100) / 100) if mood < 0 else mix(p.warn, p.good, mood / 100)
        meter(surf, f, t, Rect(x, y, w, 0), mood / 100, mood_colour, "MOOD",
              f"{mood_label(round(mood))} ({round(mood):+d})", centred=True, short_value=mood_label(round(mood)))
        x, y = x + self.meter_step[0], y + self.meter_step[1]
        pat = self.shown_patience
        meter(surf, f, t, Rect(x, y, w, 0), pat / 100, p.accent if pat > 30 else p.bad,
              "PATIENCE", f"{round(pat)} / 100", short_value=f"{round(pat)}")

    # --- the caption, revealed a glyph run at a time -----------------------------------------

    def _caption_lines(self) -> tuple[list[str], list[pygame.Surface | None]]:
        """The caption wrapped, each line rendered once (a frame only blits part of it)."""
        t, p = self.theme, self.theme.palette
        _x, _y, width = self._caption_at
        key = (self.line, width, t.caption, p.text)
        if key != self._cap_key:
            self._cap_key = key
            self._cap_lines = self.fonts.wrap(self.line, t.caption, width)
            self._cap_surfs = [self.fonts.render(line, t.caption, p.text) if line else None for line in self._cap_lines]
        return self._cap_lines, self._cap_surfs

    def _caption_runs(self, start: int, end: int) -> list[tuple[int, int, int, int]]:
        """(line index, x from, x to, chars) for each caption line whose shown part grows from ``start`` to ``end`` chars."""
        lines, _ = self._caption_lines()
        font = self.fonts.get(self.theme.caption)
        runs, first = [], 0
        for i, line in enumerate(lines):
            before = max(0, min(len(line), start - first))
            after = max(0, min(len(line), end - first))
            if after != before:
                x0 = font.size(line[:before])[0] if before else 0
                x1 = font.size(line[:after])[0] if after < len(line) else font.size(line)[0] + 4
                runs.append((i, x0, x1, after))
            first += len(line) + 1  # the space the wrap dropped
        return runs

    def _draw_caption(self, surf: pygame.Surface, start: int, end: int, clear: bool) -> list[Rect]:
        """Blit the caption's characters ``start`` to ``end`` from the pre-rendered lines; returns the changed areas."""
        x, y, _w = self._caption_at
        lh = self.fonts.line_height(self.theme.caption)
        _, surfs = self._caption_lines()
        changed = []
        for i, x0, x1, _n in self._caption_runs(start, end):
            img = surfs[i]
            if img is None or not self.cap_first <= i < self.cap_first + self.cap_rows:
                continue
            x0 = max(0, x0 - 1)  # the anti-aliased edge of the previous glyph is redrawn, not blended twice
            x1 = min(img.get_width(), x1)
            area = Rect(x0, 0, max(0, x1 - x0), img.get_height())
            dest = Rect(x + x0, y + (i - self.cap_first) * lh, area.w, area.h)
            if clear:
                surf.fill(self.theme.palette.panel, dest)
            surf.blit(img, dest, area)
            changed.append(dest)
        return changed

    # --- partial frames -------------------------------------------------------------------------

    def _touch(self, part: str, rect: Rect | None) -> None:
        """Note that ``part`` changed, for the next frame to redraw only it."""
        self._parts.add(part)
        self.mark(rect if rect is not None else self.left)

    def draw_damage(self, surf: pygame.Surface) -> list[Rect] | None:
        """Redraw only the parts that moved: new caption letters, the dots, the mouth, the status, meters, timer."""
        parts, self._parts = self._parts, set()
        if not parts or not hasattr(self, "_caption_at"):
            return None
        p = self.theme.palette
        rects: list[Rect] = []
        if "caption" in parts:
            rects += self._draw_caption(surf, self._drawn_chars, int(self.revealed), clear=True)
            self._drawn_chars = int(self.revealed)
        if "dots" in parts and self.talking and hasattr(self, "_dots_at"):
            surf.fill(p.panel, self.dots_rect)
            self._draw_typing_dots(surf, *self._dots_at)
            rects.append(self.dots_rect)
        if "face" in parts or "mouth" in parts:
            surf.fill(p.panel, self.portrait_rect)
            self._draw_face(surf)
            if "face" in parts:
                rects.append(self.portrait_rect)
            elif self._image is None:  # a PNG portrait has no moving mouth
                rects.append(mouth_box(self.portrait_rect))
        if "status" in parts:
            surf.fill(p.panel, self.status_rect)
            self._draw_status(surf)
            rects.append(self.status_rect)
        if "meters" in parts:
            surf.fill(p.panel, self.meters_rect)
            self._draw_meters(surf)
            rects.append(self.meters_rect)
        if "timer" in parts and self.timer_rect is not None:
            surf.fill(p.bg, self.timer_rect)
            self._draw_timer(surf)
            rects.append(self.timer_rect)
        if self.toast and any(r.colliderect(self._toast_rect()) for r in rects):
            return None  # the toast sits over this part: draw the whole frame so it stays on top
        return rects

    def _draw_typing_dots(self, surf: pygame.Surface, x: int, y: int) -> None:
        p = self.theme.palette
        r = self.theme.px(4)
        self._dots_at = (x, y)
        self.dots_rect = Rect(x - r - 1, y - r - 1, r * 8 + 4, r * 2 + 3)
        phase = int(self.pulse_t / DOTS_STEP) * DOTS_STEP
        for i in range(3):
            k = 0.5 + 0.5 * math.sin(phase * 6 - i * 0.9)
            pygame.draw.circle(surf, mix(p.border, p.accent, k), (x + i * r * 3, y), r)

    def _draw_timer(self, surf: pygame.Surface) -> None:
        node = self.conv.node
        if node is None or not node.respond_within or self.timer_rect is None:
            return
        t, p = self.theme, self.theme.palette
        limit = node.respond_within
        left = max(0.0, limit - self.elapsed)
        if self.finished_at is None:
            value, colour = f"starts when they finish · {limit:g} s", p.dim
        elif left <= 0:
            value, colour = "silence: answer now", p.bad
        else:
            value, colour = f"{left:.0f} s", p.accent if left > limit * 0.33 else p.warn
        meter(surf, self.fonts, t, self.timer_rect, left / limit, colour, "TIME TO RESPOND", value)

    def _draw_cards(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        clip = surf.get_clip()
        surf.set_clip(self.choice_area)
        badge = t.px(34)
        for i, c in enumerate(self.cards):
            if c.rect.bottom < self.choice_area.top or c.rect.top > self.choice_area.bottom:
                continue
            active = i == self.selected
            hovered = i == self.hover_card
            fill = p.accent_soft if (hovered or active) and not t.high_contrast else p.panel
            border = p.focus if active else p.border
            pygame.draw.rect(surf, fill, c.rect, border_radius=t.radius)
            pygame.draw.rect(surf, border, c.rect, width=2 if active else t.line_width, border_radius=t.radius)
            b = Rect(c.rect.x + pad // 2 + 2, c.rect.y + pad // 2, badge, badge)
            pygame.draw.rect(surf, p.accent if active else p.panel_alt, b, border_radius=badge // 2 if not t.high_contrast else 0)
            if t.high_contrast:
                pygame.draw.rect(surf, p.border, b, 1)
            text(surf, f, str(c.number), b.center, t.body, p.accent_text if active else p.text, bold=True, anchor="center")
            text_block(surf, f, c.text, b.right + pad, c.rect.y + pad // 2, c.rect.w - badge - pad * 3, t.body, p.text)
        surf.set_clip(clip)

    def answers_cue(self) -> str:
        """What the hint row says about answers out of view: how many are below, or that some are above."""
        if self.cue_rect is None or self.conv.ended or self.paused:
            return ""
        below = sum(1 for c in self.cards if c.rect.top >= self.choice_area.bottom)
        if below:
            return f"{below} more answer{'s' if below != 1 else ''} below ↓"
        if any(c.rect.bottom > self.choice_area.bottom for c in self.cards):
            return "more below ↓"
        return "↑ more above" if self.choice_scroll > 0 else ""

    def _toast_rect(self) -> Rect:
        t, f = self.theme, self.fonts
        pad = t.pad
        w = min(self.W - pad * 4, f.get(t.small).size(self.toast)[0] + pad * 2)
        lines_h = text_block(None, f, self.toast, 0, 0, w - pad * 2, t.small)
        r = Rect(0, 0, w, lines_h + pad)
        r.midbottom = (self.W // 2, self.H - pad * 2 - f.line_height(t.small))
        return r

    def _draw_toast(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        r = self._toast_rect()
        pygame.draw.rect(surf, p.text, r, border_radius=t.radius)
        text_block(surf, f, self.toast, r.x + pad, r.y + pad // 2, r.w - pad * 2, t.small, p.bg)
