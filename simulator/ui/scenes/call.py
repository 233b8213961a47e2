"""The call: the customer's face and words, the meters, the response timer and the trainee's choices.

This module ties the call together (the conversation, acting on choices, pausing, reloading, input); the timing,
layout, caption and drawing live in the call_* modules beside it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from simulator.engine.conversation import EngineError
from simulator.engine.result import CallResult
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric
from simulator.store.story import (
    Inheritance,
    first_call_of,
    inherited_flags,
    part_label,
    start_call,
)
from simulator.ui.pg import pygame
from simulator.ui.portrait import load_portrait_image
from simulator.ui.scenes.call_caption import CallCaption
from simulator.ui.scenes.call_drawing import CallDrawing
from simulator.ui.scenes.call_layout import CallLayout, ChoiceCard
from simulator.ui.scenes.call_timing import CallTiming
from simulator.ui.services import record_for

Rect = pygame.Rect


def is_rough(result: CallResult) -> bool:
    """A call hard enough to offer a pause before the next one."""
    return (
        result.outcome in ("hung_up", "escalated") or result.final_mood <= -40 or not result.passed
    )


class CallScene(CallTiming, CallLayout, CallCaption, CallDrawing):
    """One call in progress; the engine decides everything, this scene shows it and passes choices in."""

    name = "call"

    def __init__(
        self,
        app: Any,
        scenario: Scenario,
        rubric: Rubric,
        path: str | Path | None = None,
        start_at: str | None = None,
        mode: str = "graded",
        seed: int | None = None,
        shuffle: bool = True,
        inheritance: Inheritance | None = None,
    ) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.rubric = rubric
        # a follow-up call opens with the flags its first part ended with: given (a preview passes part 1's best
        # route), or the trainee's last part-1 call from the store, or part 1's best route when there is none
        self.inheritance = (
            inheritance if inheritance is not None else resolve_inheritance(app, scenario, rubric)
        )
        self.path = Path(path or scenario.path)
        self.mode = mode
        # a fresh seed per call, so the best answer is not always in the same place; kept so that Restart,
        # F5 and the debrief's Replay play the same call again
        self.seed = app.services.new_seed() if seed is None else seed
        self.shuffle = shuffle
        self.conv = start_call(
            scenario,
            rubric,
            self.inheritance,
            seed=self.seed,
            mode=mode,
            start_at=start_at,
            shuffle=shuffle,
        )
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
        self._parts: set[str] = (
            set()
        )  # what changed since the last frame: caption, dots, mouth, face, status, meters, timer
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
        self.badge_open = (
            False  # F1 shows why the call is captions only (as hovering the badge does)
        )
        self.badge_opened_at = (
            0.0  # it closes by itself after BADGE_SECONDS: it covers the "You:" line
        )
        self.badge_hover = False
        self._badge_reason: str | None = None
        self._image, notice = load_portrait_image(scenario.persona.portrait.image, self.path)
        if notice:
            self.toast, self.toast_left = notice, 6.0
        elif self.inheritance is not None:
            self.toast, self.toast_left = (
                f"{part_label(scenario, 2)}: {self.inheritance.describe()}.",
                6.0,
            )
        if start_at is None:
            self.speaker.connect()  # the click of the line connecting, before the customer speaks
        self._start_line()

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
            inh = self.inheritance
            record = record_for(
                self.app.trainee or "guest",
                self.result,
                self.started_wall,
                self.clock.now(),
                flags=self.conv.flags,
                inherited_flags=inh.flags if inh else None,
                follows=inh.first_call if inh else None,
            )
            self.saved_id = store.record_call(record)
            self.app.calls_recorded += (
                1  # kept in memory or on disk, the trainee's grades may have changed
            )
        except Exception as exc:  # saving must never crash the game; say so instead
            self.saved_id = None
            self.save_notice = f"This call could not be saved: {exc}"
        else:
            if self.saved_id < 0:
                # the store kept the call in memory and explains why in its notice (it never raises)
                self.save_notice = (
                    store.notice
                    or "This call could not be saved; it is kept until the game closes."
                )
        if self.save_notice:
            self.toast, self.toast_left = self.save_notice, 8.0
            if (
                self.save_notice not in self.app.services.notices
                and self.save_notice != store.notice
            ):
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
        debrief = DebriefScene(
            self.app,
            self.result,
            self.scenario,
            self.rubric,
            self.path,
            self.mode,
            notice=self.save_notice,
        )
        debrief.inheritance = (
            self.inheritance
        )  # a replay of a follow-up call inherits the same flags
        self.app.replace(debrief)

    def restart(self) -> None:
        """Start this call again from the beginning."""
        self.speaker.stop()
        self.app.replace(
            CallScene(
                self.app,
                self.scenario,
                self.rubric,
                self.path,
                mode=self.mode,
                seed=self.seed,
                shuffle=self.shuffle,
                inheritance=self.inheritance,
            )
        )

    def reload(self) -> None:
        """F5: read the scenario file again and stay at the same node when it still exists."""
        from simulator.ui.scenes.problems import ProblemsScene
        from simulator.validation.library import load_scenario

        self.speaker.stop()
        try:
            scenario, rubric, report = load_scenario(str(self.path))
        except Exception as exc:  # a vanished file is a message, not a crash
            self.toast, self.toast_left = f"Could not reload {self.path}: {exc}", 6.0
            self.dirty = True
            return
        if scenario is None or rubric is None:
            self.app.push(
                ProblemsScene(
                    self.app, report.path, report.problems, reload=self.reload_from_overlay
                )
            )
            return
        here = None if self.conv.ended else self.conv.node.id  # type: ignore[union-attr]
        if here is not None and here in scenario.nodes:
            scene = CallScene(
                self.app,
                scenario,
                rubric,
                self.path,
                start_at=here,
                mode=self.mode,
                seed=self.seed,
                shuffle=self.shuffle,
                inheritance=self._kept_inheritance(scenario),
            )
            scene.toast = f"Reloaded {report.path}; still at '{here}'."
        else:
            scene = CallScene(
                self.app,
                scenario,
                rubric,
                self.path,
                mode=self.mode,
                seed=self.seed,
                shuffle=self.shuffle,
                inheritance=self._kept_inheritance(scenario),
            )
            scene.toast = (
                f"Reloaded {report.path}; node '{here}' is gone, so the call starts again at '{scenario.start}'."
                if here
                else f"Reloaded {report.path}; starting again."
            )
        scene.toast_left = 5.0
        scene.app.replace(scene)

    def _kept_inheritance(self, scenario: Scenario) -> Inheritance | None:
        """What a reloaded file inherits: the same as this call, unless it now follows another call (or none)."""
        inh = self.inheritance
        return inh if inh is not None and first_call_of(scenario) == inh.first_call else None

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

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Keys 1-9, arrows + Enter, mouse hover and click; Esc pauses; U undoes in practice; F5 reloads."""
        if self.badge_open and (
            ev.type == pygame.MOUSEBUTTONDOWN
            or (ev.type == pygame.KEYDOWN and ev.key != pygame.K_F1)
        ):
            self.badge_open = False  # any key or click dismisses it, and still does what it does
            self.dirty = True
        if self.handle_buttons(ev):
            return
        if ev.type == pygame.KEYDOWN:
            key = ev.key
            if key == pygame.K_ESCAPE:
                self.pause()
            elif key == pygame.K_F1:
                self.badge_open = not self.badge_open and self.captions_only_reason is not None
                self.badge_opened_at = self.clock.monotonic()
                self.dirty = True
            elif key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                self.scroll_caption(
                    max(1, self.cap_rows - 1) * (1 if key == pygame.K_PAGEDOWN else -1)
                )
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
                self.selected = (self.selected + (1 if key == pygame.K_DOWN else -1)) % len(
                    self.cards
                )
                self._scroll_to(self.selected)
                self.dirty = True
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.cards:
                self.choose(self.cards[self.selected].number)
            elif key == pygame.K_SPACE and self.talking:
                self.dirty = (
                    True  # space alone does not cut in; it only skips ahead in captions-only mode
                )
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
            self.choice_scroll = max(
                0, min(self._max_scroll, self.choice_scroll - ev.y * self.theme.px(40))
            )
            self._place_cards()
            self.dirty = True


def resolve_inheritance(app: Any, scenario: Scenario, rubric: Rubric) -> Inheritance | None:
    """What a follow-up call inherits for the trainee playing now (None for a call that follows nothing)."""
    if first_call_of(scenario) is None:
        return None
    try:
        record = app.services.store.last_call(app.trainee or "guest", first_call_of(scenario))
    except Exception:  # a store fault must not stop the call: fall back to part 1's best route
        record = None
    return inherited_flags(
        scenario, rubric, find=app.library.find, records=[record] if record is not None else []
    )
