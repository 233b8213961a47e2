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
                 start_at: str | None = None, mode: str = "graded", seed: int = 0) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.rubric = rubric
        self.path = Path(path or scenario.path)
        self.mode = mode
        self.seed = seed
        self.conv = Conversation(scenario, rubric, seed=seed, mode=mode, start_at=start_at)
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
        self.app.replace(CallScene(self.app, self.scenario, self.rubric, self.path, mode=self.mode, seed=self.seed))

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
            scene = CallScene(self.app, scenario, rubric, self.path, start_at=here, mode=self.mode, seed=self.seed)
            scene.toast = f"Reloaded {report.path}; still at '{here}'."
        else:
            scene = CallScene(self.app, scenario, rubric, self.path, mode=self.mode, seed=self.seed)
            scene.toast = (f"Reloaded {report.path}; node '{here}' is gone, so the call starts again at '{scenario.start}'."
                           if here else f"Reloaded {report.path}; starting again.")
        scene.toast_left = 5.0
        scene.app.replace(scene)

    def reload_from_overlay(self) -> None:
        """The problems overlay's F5: close it and try again."""
        self.app.pop()
        self.reload()

    def pause(self) -> None:
        """Esc: stop the voice and open the pause menu; the response timer does not run meanwhile."""
        from simulator.ui.scenes.pause import PauseScene

        was_talking = self.talking
        self.speaker.stop()
        if was_talking:
            self.finish_line()
        self._paused_elapsed = self.elapsed
        self.app.push(PauseScene(self.app), self._after_pause)

    def _after_pause(self, result: Any) -> None:
        if self.finished_at is not None:
            self.finished_at = self.clock.monotonic() - getattr(self, "_paused_elapsed", 0.0)
        if result == "restart":
            self.restart()
        elif result == "quit":
            self.speaker.stop()
            self.app.pop()
        elif result == "settings":
            from simulator.ui.scenes.settings import SettingsScene

            self.app.push(SettingsScene(self.app))

    # --- events -------------------------------------------------------------------------

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Keys 1-9, arrows + Enter, mouse hover and click; Esc pauses; U undoes in practice; F5 reloads."""
        if self.handle_buttons(ev):
            return
        if ev.type == pygame.KEYDOWN:
            key = ev.key
            if key == pygame.K_ESCAPE:
                self.pause()
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
        if self.toast_left > 0:
            self.toast_left -= dt
            if self.toast_left <= 0:
                self.toast = ""
                self.dirty = True

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
        """Two columns: the customer on the left, words and choices on the right."""
        t = self.theme
        pad = t.pad
        self.W, self.H = width, height
        self.top_h = self.fonts.line_height(t.heading, True) + pad * 2
        hint_h = self.fonts.line_height(t.small) + pad
        left_w = max(220, min(int(width * 0.3), 400))
        self.left = Rect(pad, self.top_h + pad, left_w, height - self.top_h - hint_h - pad * 2)
        self.right = Rect(self.left.right + pad, self.left.y, width - self.left.right - pad * 2, self.left.h)
        self.hint_y = height - hint_h + pad // 3
        self.end_button = Button("See the debrief", self.open_debrief, "Enter", kind="primary")
        self.pause_button = Button("Pause", self.pause, "Esc", kind="quiet")
        layout_row([self.pause_button], self.fonts, t, width - pad, (self.top_h - button_height(t)) // 2)
        self._place_customer()
        self._relayout_cards()

    def _place_customer(self) -> None:
        """Where the face, name, status line and meters go in the left column."""
        t, f = self.theme, self.fonts
        pad = t.pad
        below = f.line_height(t.body, True) + f.line_height(t.small) * 2 + meter_height(f, t) * 2 + pad * 4
        size = max(80, min(self.left.w - pad * 2, self.left.h - below - pad * 2))
        self.portrait_rect = Rect(0, 0, size, size)
        self.portrait_rect.midtop = (self.left.centerx, self.left.y + pad)
        y = self.portrait_rect.bottom + pad
        self.name_y = y
        y += f.line_height(t.body, True) + f.line_height(t.small)
        self.status_rect = Rect(self.left.x + 2, y, self.left.w - 4, f.line_height(t.small))
        y += f.line_height(t.small) + pad
        self.meters_rect = Rect(self.left.x + 2, y - 2, self.left.w - 4, meter_height(f, t) * 2 + pad)
        self.meters_y = y

    def _relayout_cards(self) -> None:
        """Measure the caption and the choice cards for the current line and window."""
        if not hasattr(self, "right"):
            return
        t = self.theme
        pad = t.pad
        inner = self.right.w - pad * 2
        caption_h = text_block(None, self.fonts, self.line or " ", 0, 0, inner - pad, t.caption)
        said_h = self.fonts.line_height(t.small) + pad // 2 if self.last_said else 0
        label_h = self.fonts.line_height(t.small, True) + pad // 2
        self.bubble = Rect(self.right.x, self.right.y, self.right.w, said_h + label_h + caption_h + pad * 2)
        y = self.bubble.bottom + pad
        node = self.conv.node
        self.timer_rect = None
        if node is not None and node.respond_within:
            self.timer_rect = Rect(self.right.x, y, self.right.w, meter_height(self.fonts, t))
            y = self.timer_rect.bottom + pad // 2
        self.coach_rect = None
        if self.coach:
            ch = text_block(None, self.fonts, self.coach, 0, 0, inner - pad * 2, t.small, max_lines=3)
            self.coach_rect = Rect(self.right.x, y, self.right.w, ch + pad)
            y = self.coach_rect.bottom + pad // 2
        self.choices_label_y = y
        y += self.fonts.line_height(t.small, True) + pad // 3
        self.choice_area = Rect(self.right.x - pad, y, self.right.w + pad * 2, self.right.bottom - y)
        self.cards = []
        badge = t.px(34)
        for oc in self.conv.choices:
            h = text_block(None, self.fonts, oc.choice.text, 0, 0, self.right.w - badge - pad * 3, t.body)
            self.cards.append(ChoiceCard(oc.number, oc.choice.text, Rect(self.right.x, 0, self.right.w, max(h, badge) + pad)))
        self.buttons = [self.pause_button]
        if self.conv.ended:
            self.end_button.rect = Rect(0, 0, self.end_button.width_for(self.fonts, t), button_height(t))
            summary = self.result.ending_summary if self.result else ""
            sh = text_block(None, self.fonts, summary, 0, 0, self.right.w, t.body) + pad if summary else 0
            self.end_button.rect.topleft = (self.right.x + t.px(4), self.choice_area.y + sh + pad // 2)
            self.buttons.append(self.end_button)
            self.focus = 1
        self._place_cards()
        self.dirty = True

    def _place_cards(self) -> None:
        gap = self.theme.px(10)
        total = sum(c.rect.h for c in self.cards) + gap * max(0, len(self.cards) - 1)
        self._max_scroll = max(0, total - self.choice_area.h + self.theme.pad)
        self.choice_scroll = min(self.choice_scroll, self._max_scroll)
        y = self.choice_area.y + self.theme.px(4) - self.choice_scroll
        for c in self.cards:
            c.rect.y = y
            y += c.rect.h + gap

    def _scroll_to(self, index: int) -> None:
        if not self.cards:
            return
        card = self.cards[index].rect
        if card.bottom > self.choice_area.bottom:
            self.choice_scroll += card.bottom - self.choice_area.bottom + self.theme.px(4)
        elif card.top < self.choice_area.top:
            self.choice_scroll -= self.choice_area.top - card.top + self.theme.px(4)
        self.choice_scroll = max(0, min(self._max_scroll, self.choice_scroll))
        self._place_cards()

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
        label = text(surf, f, who.upper() if not self.conv.ended else f"{who.upper()} · CALL ENDED", (x, y), t.small, p.accent, bold=True)
        if self.talking:
            self._draw_typing_dots(surf, label.right + t.px(12), label.centery)
        y += f.line_height(t.small, True) + pad // 2
        self._caption_at = (x, y, inner - pad)
        self._drawn_chars = int(self.revealed)
        self._draw_caption(surf, 0, self._drawn_chars, clear=False)
        # the speech-bubble tail points at the portrait
        tail_y = min(self.bubble.bottom - t.px(30), self.portrait_rect.centery)
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
            if summary:
                text_block(surf, f, summary, self.right.x, self.choice_area.y, self.right.w, t.body, p.dim)
        else:
            label = "YOUR ANSWER" if not self.talking else "YOUR ANSWER · answering now cuts in"
            text(surf, f, label, (self.right.x, self.choices_label_y), t.small, p.warn if self.talking else p.dim, bold=True)
            self._draw_cards(surf)
        self.draw_buttons(surf)
        hint = "1–9 or ↑↓ and Enter to answer · click a reply · Esc pause · F5 reload"
        if self.mode == "practice":
            hint += " · U undo"
        text(surf, f, ellipsize(f, hint, t.small, self.W - pad * 2), (pad, self.hint_y), t.small, p.dim)
        if self.toast:
            self._draw_toast(surf)

    def _draw_top_bar(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        pygame.draw.rect(surf, p.panel, (0, 0, self.W, self.top_h))
        pygame.draw.line(surf, p.border, (0, self.top_h - 1), (self.W, self.top_h - 1), t.line_width)
        meta = f"{KIND_LABELS.get(self.scenario.kind, self.scenario.kind)} · {self.scenario.difficulty}"
        if self.mode == "practice":
            meta += " · practice"
        meta_w = f.get(t.small).size(meta)[0]
        room = self.pause_button.rect.x - pad * 3 - meta_w
        title = ellipsize(f, self.scenario.title, t.heading, max(60, room), True)
        r = text(surf, f, title, (pad, self.top_h // 2), t.heading, p.text, bold=True, anchor="midleft")
        chip = Rect(r.right + pad, 0, meta_w + pad, f.line_height(t.small) + t.px(6))
        chip.centery = self.top_h // 2
        if chip.right < self.pause_button.rect.x - pad:
            pygame.draw.rect(surf, p.accent_soft, chip, border_radius=chip.h // 2)
            text(surf, f, meta, chip.center, t.small, p.accent if not t.high_contrast else p.text, anchor="center")

    def _draw_customer(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        panel(surf, t, self.left)
        persona = self.scenario.persona
        self._draw_face(surf)
        inner = self.left.w - t.pad * 2
        y = self.name_y
        text(surf, f, ellipsize(f, persona.name, t.body, inner, True), (self.left.centerx, y), t.body, p.text, bold=True, anchor="midtop")
        y += f.line_height(t.body, True)
        if persona.role:
            text(surf, f, ellipsize(f, persona.role, t.small, inner), (self.left.centerx, y), t.small, p.dim, anchor="midtop")
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
            status, colour = f"Waiting for you · {mood_label(round(self.shown_mood))}", p.accent
        text(surf, self.fonts, status, (self.left.centerx, self.status_rect.y), t.small, colour, bold=True, anchor="midtop")

    def _draw_meters(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        inner = self.left.w - pad * 2
        y = self.meters_y
        mood = self.shown_mood
        mood_colour = mix(p.bad, p.warn, (mood + 100) / 100) if mood < 0 else mix(p.warn, p.good, mood / 100)
        meter(surf, f, t, Rect(self.left.x + pad, y, inner, 0), mood / 100, mood_colour, "MOOD",
              f"{mood_label(round(mood))} ({round(mood):+d})", centred=True)
        y += meter_height(f, t) + pad // 2
        pat = self.shown_patience
        meter(surf, f, t, Rect(self.left.x + pad, y, inner, 0), pat / 100, p.accent if pat > 30 else p.bad,
              "PATIENCE", f"{round(pat)} / 100")

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
            if img is None:
                continue
            x0 = max(0, x0 - 1)  # the anti-aliased edge of the previous glyph is redrawn, not blended twice
            x1 = min(img.get_width(), x1)
            area = Rect(x0, 0, max(0, x1 - x0), img.get_height())
            dest = Rect(x + x0, y + i * lh, area.w, area.h)
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
        if self._max_scroll:
            more = "more below ↓" if self.choice_scroll < self._max_scroll else "↑ more above"
            text(surf, f, more, (self.choice_area.right - pad, self.choice_area.bottom - 2), t.small, p.dim, anchor="bottomright")

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
