"""The call: the customer's face and words, the meters, the response timer and the trainee's choices.

The scene is the conversation and the input; it owns three parts it composes rather than inherits:
the layout (plain data from ``call_layout``), the caption reveal (``call_caption``) and the response
clock (``call_timing``), and hands them with a snapshot of the call to the drawer (``call_drawing``).
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from simulator.analysis.preview import Preview
from simulator.analysis.preview import preview as make_preview
from simulator.engine.conversation import Conversation, EngineError, HungUpInSilence
from simulator.engine.result import CallResult
from simulator.scenario.model import KIND_LABELS, Scenario
from simulator.scenario.rubric import Rubric
from simulator.store.story import (
    Inheritance,
    first_call_of,
    inherited_flags,
    part_label,
    start_call,
)
from simulator.ui.geometry import Box
from simulator.ui.pg import pygame
from simulator.ui.portrait import load_portrait_image
from simulator.ui.scene import Scene
from simulator.ui.scene_registry import open_scene, register_scene
from simulator.ui.scenes.call_caption import CaptionReveal
from simulator.ui.scenes.call_drawing import CallDrawer, CallView, CardView
from simulator.ui.scenes.call_layout import (
    END_KEY,
    END_LABEL,
    PAUSE_KEY,
    PAUSE_LABEL,
    CallContent,
    CallLayout,
    lay_out_call,
)
from simulator.ui.scenes.call_timing import (
    BADGE_SECONDS,
    DOTS_STEP,
    HOLD_MINIMISED,
    HOLD_PAUSE,
    HOLD_RESIZE,
    HOLD_UNFOCUSED,
    METER_SPEED,
    MOUTH_FLAP,
    ResponseClock,
)
from simulator.ui.scenes.call_voice import CallVoice
from simulator.ui.scenes.call_voice_strip import draw_voice_strip, strip_rect
from simulator.ui.services import record_for
from simulator.ui.widgets import Button
from simulator.voice.base import SpokenLine

Rect = pygame.Rect
RESIZE_SETTLE = 0.5  # seconds without a resize event before a resize hold ends
ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)
TOAST_SECONDS = 4.0


def number_key(key: int) -> int:
    """The answer number a key stands for (1-9 on the row or the keypad), 0 for any other key."""
    if pygame.K_1 <= key <= pygame.K_9:
        return key - pygame.K_1 + 1
    if pygame.K_KP1 <= key <= pygame.K_KP9:
        return key - pygame.K_KP1 + 1
    return 0


@register_scene("call")
class CallScene(Scene):
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
        blank: bool = False,
    ) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.rubric = rubric
        # a follow-up call opens with the flags its first part ended with: given (a preview passes part 1's
        # best route), or the trainee's last part-1 call from the store, or part 1's best route
        self.inheritance = (
            inheritance if inheritance is not None else resolve_inheritance(app, scenario, rubric)
        )
        self.path = Path(path or scenario.path)
        self.mode = mode
        # a fresh seed per call, so the best answer is not always in the same place; kept so that
        # Restart, F5 and the debrief's Replay play the same call again
        self.seed = app.services.new_seed() if seed is None else seed
        self.shuffle = shuffle
        self.blank = blank
        self.conv = self._open_call(scenario, rubric, start_at, mode)
        self.clock = app.services.clock
        self.speaker = app.services.speaker
        self.started_wall: datetime = self.clock.now()
        self.result: CallResult | None = None
        self.saved_id: int | None = None
        self.save_notice: str | None = None  # why the finished call was not saved, if it was not
        self._set_up_screen(app)
        # a preview says what it assumed before the first answer
        self.toast, self.toast_left = (self.preview.describe(), 8.0) if self.preview else ("", 0.0)
        self._image, notice = load_portrait_image(scenario.persona.portrait.image, self.path)
        if notice:
            self.toast, self.toast_left = notice, 6.0
        elif self.inheritance is not None:
            self.toast = f"{part_label(scenario, 2)}: {self.inheritance.describe()}."
            self.toast_left = 6.0
        self.voice = CallVoice(self)  # voice answers: the talk key, the microphone, the repeats
        if start_at is None:
            self.speaker.connect()  # the click of the line connecting, before the customer speaks
        self._start_line()

    def _set_up_screen(self, app: Any) -> None:
        """What the screen shows and how it takes input, before the customer's first line."""
        # the three parts the scene composes
        self.caption = CaptionReveal()
        self.response = ResponseClock()
        self.lay: CallLayout | None = None
        self.drawer = CallDrawer(app.theme, app.fonts)
        # input: one highlighted answer, taken by the mouse when it moves onto an answer, by the keys
        self.highlight = 0
        self.pointer_on = -1  # the answer under the mouse pointer, -1 for none
        self.scroll = 0
        self.line_started = 0.0
        self.resized_at = 0.0
        self.coach = ""  # practice mode: the coaching for the last choice
        self.last_said = ""  # the trainee's last line, shown above the customer's
        self.shown_mood = float(self.conv.mood)
        self.shown_patience = float(self.conv.patience)
        self.mouth_t = 0.0
        self.pulse_t = 0.0
        self._parts: set[str] = set()  # what changed since the last frame, for a partial redraw
        self.badge_open = (
            False  # F1 shows why the call is captions only (as hovering the badge does)
        )
        # it closes by itself after BADGE_SECONDS: it covers the "You:" line
        self.badge_opened_at = 0.0
        self.badge_hover = False
        self.customer_hover = (
            False  # the pointer on the customer: their whole name and role in a note
        )
        self._badge_reason: str | None = None
        self.pause_button = Button(PAUSE_LABEL, self.pause, PAUSE_KEY, kind="quiet", id="pause")
        self.end_button = Button(
            END_LABEL, self.open_debrief, END_KEY, kind="primary", id="debrief"
        )

    # --- what the call says and where it is -------------------------------------------

    @property
    def line(self) -> str:
        """What the customer says now."""
        return self.caption.text

    @property
    def talking(self) -> bool:
        """True while the customer's line is still being said."""
        return not self.caption.done or self.speaker.speaking

    @property
    def paused(self) -> bool:
        """True while the pause menu (or the settings opened from it) holds the call."""
        return HOLD_PAUSE in self.response.holds

    @property
    def on_hold(self) -> bool:
        """True while anything holds the call: the pause menu, a resize, a minimised or unfocused window."""
        return self.response.on_hold

    @property
    def elapsed(self) -> float:
        """Seconds since the customer finished, not counting time on hold (0 while they are talking)."""
        return self.response.elapsed(self.clock.monotonic())

    @property
    def respond_within(self) -> float:
        """The node's response time limit in seconds (0 for none)."""
        node = self.conv.node
        return float(node.respond_within or 0) if node is not None else 0.0

    def cards(self) -> tuple[Box, ...]:
        """Where each open answer's card is now, scrolled."""
        return self.lay.cards_at(self.scroll) if self.lay is not None else ()

    # --- the conversation ---------------------------------------------------------------

    def _start_line(self, silent_for: float = 0.0, aside: str = "") -> None:
        """Begin revealing (and speaking) what the customer says now; ``silent_for`` seconds of
        silence already counted when the line is a prompt of silence (the answers stay as they are).
        ``aside`` is a line of the customer's own that is not the engine's (asking the trainee to
        repeat): the answers stay as they are for it too."""
        self.caption.start(aside or self.conv.line)
        self.response.start_line(silent_for)
        self.line_started = self.clock.monotonic()
        if not silent_for and not aside:
            self.highlight = 0
            self.pointer_on = -1  # the pointer takes the highlight again only when it moves
            self.scroll = 0
        settings = self.app.services.settings
        if settings.voice and self.line:
            voice, mood = self.scenario.persona.voice, self.conv.mood
            self.speaker.speak(SpokenLine(self.line, voice, mood))
            upcoming = self.conv.upcoming_lines()
            if upcoming:
                self.speaker.prefetch([SpokenLine(t, voice, mood) for t in upcoming])
        if not self.line or settings.chars_per_second <= 0 and self.speaker.progress is None:
            self.finish_line()
        self._relayout()
        self.dirty = True

    def finish_line(self) -> None:
        """Show the whole line at once (the customer has finished)."""
        self.caption.finish()
        self.response.finish(self.clock.monotonic())
        self.dirty = True

    def customer_cut_off(self) -> None:
        """The trainee started speaking over the customer, who stops there (the cut-in is scored
        when the answer is heard)."""
        self.speaker.stop()
        self.finish_line()

    def customer_says(self, line: str, carried: float) -> None:
        """The customer says ``line`` (not the engine's: asking the trainee to repeat); the response
        clock goes on from ``carried`` seconds once they finish."""
        self.speaker.stop()
        self._start_line(carried, aside=line)

    def choose(self, number: int, timing: tuple[float, bool] | None = None) -> None:
        """Give the engine choice ``number``; cutting in while the customer talks is the engine's to score.
        ``timing`` (dead air, cut-in) comes from the trainee's voice; without it, from now."""
        if self.conv.ended:
            return
        self.voice.cancel()  # an answer picked by key while listening ends the listening
        elapsed, cut_in = timing if timing is not None else (round(self.elapsed, 2), self.talking)
        if self.talking:
            self.speaker.stop()
        try:
            decision = self.conv.choose(number, elapsed=elapsed, cut_in=cut_in)
        except HungUpInSilence:  # a step of silence due in this very frame ran the patience out
            self._start_line(0.0 if self.conv.ended else self.elapsed)
            if self.conv.ended:
                self._call_ended()
            return
        except EngineError as exc:
            self.toast, self.toast_left = str(exc), TOAST_SECONDS
            self.dirty = True
            return
        self.last_said = decision.chosen.text
        self.coach = decision.chosen.feedback if self.mode == "practice" else ""
        if decision.cut_in:
            self.toast = "You cut in while the customer was still talking."
            self.toast_left = TOAST_SECONDS
        self._start_line()
        if self.conv.ended:
            self._call_ended()

    def _call_ended(self) -> None:
        self.result = self.conv.result()
        self.save_notice = self._save(self.result)
        if self.preview is not None:
            self.toast, self.toast_left = "A preview is not saved to progress.", 6.0
        if self.save_notice:
            self.toast, self.toast_left = self.save_notice, 8.0
            notices = self.app.services.notices
            if (
                self.save_notice not in notices
                and self.save_notice != self.app.services.store.notice
            ):
                notices.append(self.save_notice)
        self._relayout()

    def _save(self, result: CallResult) -> str | None:
        """Record the call; why it could not be saved to disk, or None when it was."""
        store = self.app.services.store
        if self.preview is not None:
            # A preview grades a stretch of the call, not a call: it must not count in a trainee's progress.
            self.saved_id = None
            return None
        inh = self.inheritance
        try:
            record = record_for(
                self.app.trainee or "guest",
                result,
                self.started_wall,
                self.clock.now(),
                flags=self.conv.flags,
                inherited_flags=inh.flags if inh else None,
                follows=inh.first_call if inh else None,
            )
            self.saved_id = store.record_call(record)
            self.app.calls_recorded += (
                1  # in memory or on disk, the trainee's grades may have changed
            )
        except Exception as exc:  # saving must never crash the game; say so instead
            self.saved_id = None
            return f"This call could not be saved: {exc}"
        if self.saved_id < 0:
            # the store kept the call in memory and explains why in its notice (it never raises)
            return store.notice or "This call could not be saved; it is kept until the game closes."
        return None

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
        self.speaker.stop()
        debrief = open_scene(
            "debrief",
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

    def _open_call(
        self, scenario: Scenario, rubric: Rubric, start_at: str | None, mode: str
    ) -> Conversation:
        """The conversation: from the start, or a preview from ``start_at``.

        A preview plays as if the call had come the shortest way to the node (or blank), is graded
        only on its own decisions and is never saved to progress (see simulator.analysis.preview).
        """
        self.preview: Preview | None = None
        if start_at is None:
            return start_call(
                scenario, rubric, self.inheritance, seed=self.seed, mode=mode, shuffle=self.shuffle
            )
        inherited = self.inheritance.flags if self.inheritance is not None else ()
        self.preview = make_preview(scenario, rubric, start_at, inherited, blank=self.blank)
        return Conversation(
            self.preview.scenario,
            rubric,
            seed=self.seed,
            mode=mode,
            shuffle=self.shuffle,
            inherited_flags=self.preview.inherited_flags,
        )

    def _again(self, scenario: Scenario, rubric: Rubric, **kw: Any) -> CallScene:
        """This call played again (same seed, mode and shuffle) from ``scenario``."""
        return CallScene(
            self.app,
            scenario,
            rubric,
            self.path,
            mode=self.mode,
            seed=self.seed,
            shuffle=self.shuffle,
            **kw,
        )

    def restart(self) -> None:
        """Start this call again from the beginning."""
        self.speaker.stop()
        self.app.replace(self._again(self.scenario, self.rubric, inheritance=self.inheritance))

    def reload(self) -> None:
        """F5: read the scenario file again and stay at the same node when it still exists."""
        from simulator.validation.library import load_scenario

        self.speaker.stop()
        try:
            scenario, rubric, report = load_scenario(str(self.path))
        except Exception as exc:  # a vanished file is a message, not a crash
            self.toast, self.toast_left = f"Could not reload {self.path}: {exc}", 6.0
            self.dirty = True
            return
        if scenario is None or rubric is None:
            problems = open_scene(
                "problems", self.app, report.path, report.problems, reload=self.reload_from_overlay
            )
            self.app.push(problems)
            return
        here = None if self.conv.ended or self.conv.node is None else self.conv.node.id
        inheritance = self._kept_inheritance(scenario)
        if here is not None and here in scenario.nodes:
            scene = self._again(
                scenario, rubric, start_at=here, inheritance=inheritance, blank=self.blank
            )
            scene.toast = f"Reloaded {report.path}; still at '{here}'."
        else:
            scene = self._again(scenario, rubric, inheritance=inheritance)
            scene.toast = (
                f"Reloaded {report.path}; node '{here}' is gone, so the call starts again at "
                f"'{scenario.start}'."
                if here
                else f"Reloaded {report.path}; starting again."
            )
        scene.toast_left = 5.0
        self.app.replace(scene)

    def _kept_inheritance(self, scenario: Scenario) -> Inheritance | None:
        """What a reloaded file inherits: the same as this call, unless it now follows another call."""
        inh = self.inheritance
        return inh if inh is not None and first_call_of(scenario) == inh.first_call else None

    def reload_from_overlay(self) -> None:
        """The problems overlay's F5: close it and try again."""
        self.app.pop()
        self.reload()

    # --- on hold ----------------------------------------------------------------------------

    def hold(self, reason: str) -> None:
        """Put the call on hold for ``reason``: the response clock stops and the screen says 'On hold'."""
        self.voice.let_go()
        if self.response.hold(reason, self.clock.monotonic()):
            self.dirty = True

    def release(self, reason: str) -> None:
        """End the hold for ``reason``; the clock goes on from where it stopped when nothing else holds."""
        if self.response.release(reason, self.clock.monotonic()):
            self.dirty = True

    def pause(self) -> None:
        """Esc: stop the voice and open the pause menu; the response timer does not run meanwhile, and the
        words and answers are hidden, so a pause is no time to read ahead."""
        was_talking = self.talking
        self.voice.cancel()
        self.speaker.stop()
        if was_talking:
            self.finish_line()
        self.hold(HOLD_PAUSE)
        self.app.push(open_scene("pause", self.app), self._after_pause)

    def resume_call(self) -> None:
        """Take the call off the pause menu's hold: the timer goes on from where it stopped."""
        self.release(HOLD_PAUSE)
        self.dirty = True

    def _back_to_pause_menu(self, _result: Any = None) -> None:
        self.app.push(open_scene("pause", self.app), self._after_pause)

    def _after_pause(self, result: Any) -> None:
        if result == "settings":
            # still on hold while the settings are open; back to the pause menu after them
            self.app.push(open_scene("settings", self.app), self._back_to_pause_menu)
            return
        self.resume_call()
        if result == "restart":
            self.restart()
        elif result == "quit":
            self.speaker.stop()
            self.app.pop()

    def _window_event(self, ev: pygame.event.Event) -> bool:
        """Resizing, minimising or leaving the window holds the call; True when ``ev`` was one of those."""
        now = self.clock.monotonic()
        if ev.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED, pygame.WINDOWRESIZED):
            self.resized_at = now
            self.hold(HOLD_RESIZE)
        elif ev.type in (pygame.WINDOWMINIMIZED, pygame.WINDOWHIDDEN):
            self.hold(HOLD_MINIMISED)
        elif ev.type in (pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
            self.release(HOLD_MINIMISED)
        elif ev.type == pygame.WINDOWFOCUSLOST:
            self.hold(HOLD_UNFOCUSED)
        elif ev.type == pygame.WINDOWFOCUSGAINED:
            self.release(HOLD_UNFOCUSED)
        else:
            return False
        return True

    # --- input -------------------------------------------------------------------------------

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Keys 1-9, arrows + Enter, mouse hover and click; Esc pauses; U undoes in practice; F5 reloads."""
        if self._window_event(ev):
            return
        if self.badge_open and (
            ev.type == pygame.MOUSEBUTTONDOWN
            or (ev.type == pygame.KEYDOWN and ev.key != pygame.K_F1)
        ):
            self.badge_open = False  # any key or click dismisses it, and still does what it does
            self.dirty = True
        if self.handle_buttons(ev):
            return
        if ev.type == pygame.KEYDOWN:
            self._key(ev)
        elif ev.type == pygame.KEYUP:
            self.voice.key_up(ev.key)
        elif ev.type == pygame.MOUSEMOTION:
            self._pointer(ev.pos)
        elif ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1:
            hit = self._card_at(ev.pos)
            if hit >= 0:
                self._take_highlight(hit)
                self.act_on_highlight()
        elif ev.type == pygame.MOUSEWHEEL:
            self._wheel(ev.y)

    def _key(self, ev: pygame.event.Event) -> None:
        key = ev.key
        if self._command_key(ev):
            return
        if self.conv.ended:
            if key in (*ENTER_KEYS, pygame.K_SPACE):
                if self.talking:
                    self.speaker.stop()
                    self.finish_line()
                else:
                    self.open_debrief()
            return
        if self.voice.key_down(key):
            return
        n = number_key(key)
        if n and n <= len(self.conv.choices):
            self.choose(n)
        elif key in (pygame.K_DOWN, pygame.K_UP) and self.conv.choices:
            step = 1 if key == pygame.K_DOWN else -1
            self._take_highlight((self.highlight + step) % len(self.conv.choices))
            self._scroll_to(self.highlight)
        elif key in ENTER_KEYS:
            self.act_on_highlight()

    def _command_key(self, ev: pygame.event.Event) -> bool:
        """Esc, F1, PgUp/PgDn, F5 and undo; True when ``ev`` was one of them."""
        key = ev.key
        if key == pygame.K_ESCAPE:
            self.pause()
        elif key == pygame.K_F1:
            self.badge_open = not self.badge_open and self.captions_only_reason is not None
            self.badge_opened_at = self.clock.monotonic()
            self.dirty = True
        elif key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            rows = max(1, self.caption.rows - 1)
            self.scroll_caption(rows if key == pygame.K_PAGEDOWN else -rows)
        elif key == pygame.K_F5:
            self.reload()
        elif key == pygame.K_u or (key == pygame.K_z and ev.mod & pygame.KMOD_CTRL):
            self.undo()
        else:
            return False
        return True

    def act_on_highlight(self) -> None:
        """Enter or a click: send the highlighted answer, and only that one."""
        choices = self.conv.choices
        if not self.conv.ended and 0 <= self.highlight < len(choices):
            self.choose(choices[self.highlight].number)

    def _take_highlight(self, index: int) -> None:
        if index != self.highlight:
            self.highlight = index
            if self.lay is not None and any(n is not None for n in self.lay.card_lines):
                self._relayout()  # the answers are cut short: the highlighted one opens up whole
            self.dirty = True

    def _pointer(self, pos: tuple[int, int]) -> None:
        """The mouse moved: hovering the badge shows its note; moving onto an answer highlights it."""
        over_badge = self.drawer.badge_rect is not None and self.drawer.badge_rect.collidepoint(pos)
        if over_badge != self.badge_hover:
            self.badge_hover = over_badge
            self.dirty = True
        over_customer = self._over_customer(pos)
        if over_customer != self.customer_hover:
            self.customer_hover = over_customer
            self.dirty = True
        on = self._card_at(pos)
        if on != self.pointer_on:
            self.pointer_on = on
            if on >= 0:
                self._take_highlight(on)

    def _over_customer(self, pos: tuple[int, int]) -> bool:
        """The pointer is on the customer's face, name or role (not the meters, not the pause button)."""
        lay = self.lay
        if lay is None or not lay.left.holds(pos):
            return False
        return not (lay.customer.meters.holds(pos) or lay.pause_button.holds(pos))

    def _wheel(self, notches: int) -> None:
        lay = self.lay
        if lay is None:
            return
        if lay.bubble.holds(pygame.mouse.get_pos()):
            self.scroll_caption(-notches)
            return
        step = notches * self.theme.scroll_step
        self.scroll = max(0, min(lay.max_scroll, self.scroll - step))
        self.dirty = True

    def scroll_caption(self, rows: int) -> None:
        """Scroll the customer's words by ``rows`` (PgUp/PgDn, the wheel over the bubble)."""
        self.caption.scroll(rows)
        self.dirty = True

    def _scroll_to(self, index: int) -> None:
        lay = self.lay
        if lay is None or not 0 <= index < len(lay.cards):
            return
        card, area = lay.cards_at(self.scroll)[index], lay.choice_area
        if card.bottom > area.bottom:
            self.scroll += card.bottom - area.bottom + self.theme.hairline
        elif card.y < area.y:
            self.scroll -= area.y - card.y + self.theme.hairline
        self.scroll = max(0, min(lay.max_scroll, self.scroll))

    def _card_at(self, pos: tuple[int, int]) -> int:
        if self.lay is None or not self.lay.choice_area.holds(pos):
            return -1
        return next((i for i, c in enumerate(self.cards()) if c.holds(pos)), -1)

    # --- time -------------------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        """Reveal the caption with the voice (or at the caption speed), animate meters, run the timer."""
        now = self.clock.monotonic()
        if HOLD_RESIZE in self.response.holds and now - self.resized_at >= RESIZE_SETTLE:
            self.release(HOLD_RESIZE)
        if self.badge_open and now - self.badge_opened_at >= BADGE_SECONDS:
            self.badge_open = False
            self.dirty = True
        self._reveal(now)
        self._animate(dt)
        self._slide_meters(dt)
        self.voice.update(dt)
        if not self.voice.busy:  # the customer waits while the trainee is speaking
            self._run_timer()
        reason = self.captions_only_reason
        if reason != self._badge_reason:  # speech can fail mid-call: the badge appears then
            self._badge_reason = reason
            self.dirty = True
        if self.toast_left > 0:
            self.toast_left -= dt
            if self.toast_left <= 0:
                self.toast = ""
                self.dirty = True

    def _reveal(self, now: float) -> None:
        """Show more of the line: as far as the voice has got, or at the caption speed."""
        if self.caption.done:
            if self.response.finished_at is None and not self.speaker.speaking:
                self.finish_line()
            return
        progress = self.speaker.progress
        if progress is not None:
            target = progress * len(self.line)
        else:
            # from the line's start time, not summed frame times, so a slow frame never slows the caption
            cps = max(1.0, self.app.services.settings.chars_per_second)
            target = (now - self.line_started) * cps
        first = self.caption.first
        if self.caption.advance(target) and self.lay is not None:
            self._touch("caption", self.lay.bubble)
        if self.caption.first != first:
            self.dirty = True  # the caption scrolled a row: everything in the bubble moves
        if self.caption.done and not self.speaker.speaking:
            self.finish_line()

    def _animate(self, dt: float) -> None:
        """The mouth, the typing dots and the 'Talking...' status while the customer talks."""
        lay = self.lay
        if not self.talking:
            if self.mouth_t:
                self.mouth_t = 0.0
                self.dirty = True  # the customer stopped: status, face and labels change together
            return
        before = (
            int(self.mouth_t / MOUTH_FLAP),
            int(self.pulse_t * 3),
            int(self.pulse_t / DOTS_STEP),
        )
        self.mouth_t += dt
        self.pulse_t += dt
        if lay is None:
            return
        if int(self.pulse_t / DOTS_STEP) != before[2]:
            self._touch("dots", self.drawer.dots_rect)
        if int(self.mouth_t / MOUTH_FLAP) != before[0]:
            self._touch("mouth", lay.customer.portrait)
        if int(self.pulse_t * 3) != before[1]:
            self._touch("status", lay.customer.status)

    def _slide_meters(self, dt: float) -> None:
        """Move the shown mood and patience towards the engine's values."""
        step = METER_SPEED * dt
        moved = False
        for attr, goal in (("shown_mood", self.conv.mood), ("shown_patience", self.conv.patience)):
            now = getattr(self, attr)
            if now != goal:
                setattr(
                    self,
                    attr,
                    goal if abs(goal - now) <= step else now + math.copysign(step, goal - now),
                )
                moved = True
        if moved and self.lay is not None:
            place = self.lay.customer
            self._touch("meters", place.meters)
            self._touch("face", place.portrait)
            self._touch("status", place.status)

    def _run_timer(self) -> None:
        """Tick the response timer; each step of silence the engine has due plays when it comes."""
        due = self.conv.next_silence_at
        if due is None or self.response.finished_at is None:
            return
        if self.lay is not None and self.lay.timer is not None:
            self._touch("timer", self.lay.timer)
        if self.elapsed >= due:
            self._on_silence()

    def _on_silence(self) -> None:
        """The silence has gone on: the customer prompts ("Hello?"), or hangs up at once when their
        patience is gone, whatever is on screen."""
        silent_for = self.elapsed
        played = self.conv.wait(silent_for)
        if not played:
            return
        if played[0].step == 1:
            self.toast, self.toast_left = "The line went quiet for too long.", TOAST_SECONDS
        self._start_line(0.0 if self.conv.ended else silent_for)
        if self.conv.ended:
            self._call_ended()

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
        """Full rate while animating; 30 fps for the level meter; a gentle 20 fps while only the response
        timer runs."""
        if self.animating:
            return 60
        if self.voice.busy:
            return 30
        if self.respond_within and self.response.running:
            return 20
        return 0

    # --- layout and drawing -------------------------------------------------------------------------

    def layout(self, width: int, height: int) -> None:
        """Place everything for a window this size (also after a text-size change)."""
        self.drawer = CallDrawer(self.theme, self.fonts)
        self._relayout(width, height)

    def _content(self) -> CallContent:
        return CallContent(
            line=self.line,
            answers=tuple(self.voice.shown(oc) for oc in self.conv.choices),
            last_said=self.last_said,
            coach=self.coach,
            timed=bool(self.respond_within),
            ended=self.conv.ended,
            summary=self.result.ending_summary if self.result else "",
            highlight=self.highlight,
            persona_name=self.scenario.persona.name,
        )

    def _relayout(self, width: int | None = None, height: int | None = None) -> None:
        """Lay the screen out again for the current content (a new line, new answers, the end)."""
        if width is None or height is None:
            if self.lay is None:
                return
            width, height = self.lay.width, self.lay.height
        lay = lay_out_call(width, height, self.theme, self.fonts, self._content())
        self.lay = lay
        self.caption.set_lines(
            self.fonts.wrap(self.line, self.theme.caption, lay.caption_width), lay.cap_rows
        )
        self.pause_button.rect = Rect(lay.pause_button)
        self.pause_button.hotkey = lay.pause_key
        self.buttons = [self.pause_button]
        if lay.end_button is not None:
            self.end_button.rect = Rect(lay.end_button)
            self.buttons.append(self.end_button)
            self.focus = 1
        self.scroll = max(0, min(self.scroll, lay.max_scroll))
        self.dirty = True

    def answers_cue(self) -> str:
        """What the hint row says about answers out of view: how many are below, or that some are above."""
        lay = self.lay
        if lay is None or lay.cue is None or self.conv.ended or self.paused:
            return ""
        area, cards = lay.choice_area, self.cards()
        below = sum(1 for c in cards if c.y >= area.bottom)
        if below:
            return f"{below} more answer{'s' if below != 1 else ''} below ↓"
        if any(c.bottom > area.bottom for c in cards):
            return "more below ↓"
        return "↑ more above" if self.scroll > 0 else ""

    def hint(self) -> str:
        """The key hints along the bottom."""
        hint = "1–9 or ↑↓ and Enter to answer · click a reply · Esc pause · F5 reload"
        talk = self.voice.hint()
        if talk:
            hint = f"{talk} · {hint}"
        if self.mode == "practice":
            hint += " · U undo"
        if self.captions_only_reason is not None:
            hint += " · F1 why captions only"
        return hint

    def view(self) -> CallView:
        """A snapshot of what the call shows now, for the drawer."""
        scenario, persona = self.scenario, self.scenario.persona
        meta = f"{KIND_LABELS.get(scenario.kind, scenario.kind)} · {scenario.difficulty}"
        if self.mode == "practice":
            meta += " · practice"
        reason = self.captions_only_reason
        note = ""
        if reason is not None and (self.badge_open or self.badge_hover):
            note = f"{reason} (Any key hides this.)" if self.badge_open else reason
        lines = self.lay.card_lines if self.lay is not None else ()
        cards = tuple(
            CardView(oc.number, self.voice.shown(oc), box, i == self.highlight, shown)
            for i, (oc, box, shown) in enumerate(
                zip(self.conv.choices, self.cards(), lines, strict=False)
            )
        )
        return CallView(
            title=self.conv.scenario.title,  # a preview's says so: "... (preview from 'node')"
            meta=meta,
            persona_name=persona.name,
            persona_role=persona.role,
            portrait=persona.portrait,
            image=self._image,
            mood=self.shown_mood,
            patience=self.shown_patience,
            talking=self.talking,
            cuts_in=self.conv.cuts_in(self.talking),
            mouth_t=self.mouth_t,
            pulse_t=self.pulse_t,
            ended=self.conv.ended,
            paused=self.paused,
            on_hold=self.on_hold,
            last_said=self.last_said,
            coach=self.coach,
            respond_within=self.respond_within,
            timer_started=self.response.finished_at is not None or self.response.carried > 0,
            elapsed=self.elapsed,
            cards=cards,
            summary=self.result.ending_summary if self.result else "",
            toast=self.toast,
            captions_only=reason,
            badge_note=note,
            customer_note=f"{persona.name}, {persona.role}"
            if self.customer_hover and persona.role
            else "",
            hint=self.hint(),
            answers_cue=self.answers_cue(),
        )

    def draw(self, surf: pygame.Surface) -> None:
        """The whole call screen."""
        if self.lay is None:
            self._relayout(*surf.get_size())
        assert self.lay is not None
        self._parts = set()  # everything is drawn now
        view = self.view()
        self.drawer.draw(surf, view, self.lay, self.caption)
        self.draw_buttons(surf)
        self.drawer.draw_overlays(surf, view, self.lay)
        if self.voice.strip is not None:
            draw_voice_strip(surf, self.theme, self.fonts, self.lay, self.voice.strip)

    def _touch(self, part: str, rect: Box | Rect | None) -> None:
        """Note that ``part`` changed, for the next frame to redraw only it."""
        self._parts.add(part)
        self.mark(
            Rect(rect) if rect is not None else Rect(self.lay.left if self.lay else (0, 0, 0, 0))
        )

    def draw_damage(self, surf: pygame.Surface) -> list[Rect] | None:
        """Redraw only the parts that moved: new caption letters, the dots, the mouth, the status, meters, timer."""
        parts, self._parts = self._parts, set()
        if not parts or self.lay is None:
            return None
        rects = self.drawer.draw_parts(surf, parts, self.view(), self.lay, self.caption)
        if rects is not None and "voice" in parts:
            if self.voice.strip is None:
                return None  # the strip went: the hint row comes back whole
            rects.append(draw_voice_strip(surf, self.theme, self.fonts, self.lay, self.voice.strip))
        return rects

    # --- voice answers' hooks -------------------------------------------------------------------

    def voice_changed(self) -> None:
        """The voice strip changed: redraw it alone."""
        if self.lay is not None:
            self._touch("voice", Box(*strip_rect(self.theme, self.fonts, self.lay)))

    def relayout_answers(self) -> None:
        """Lay the answers out again (gist mode shows gists once the voice is ready)."""
        self._relayout()

    def note(self, words: str) -> None:
        """Show ``words`` in a toast for a while."""
        self.toast, self.toast_left = words, 8.0
        self.dirty = True

    def exit(self) -> None:
        """Leaving the call stops any listening."""
        self.voice.cancel()


def resolve_inheritance(app: Any, scenario: Scenario, rubric: Rubric) -> Inheritance | None:
    """What a follow-up call inherits for the trainee playing now (None for a call that follows nothing)."""
    first = first_call_of(scenario)
    if first is None:
        return None
    try:
        record = app.services.store.last_call(app.trainee or "guest", first)
    except Exception:  # a store fault must not stop the call: fall back to part 1's best route
        record = None
    return inherited_flags(
        scenario, rubric, find=app.library.find, records=[record] if record is not None else []
    )
