"""Voice answers on the call screen: hold the talk key, say an answer, and it is played as if picked.

While the key is held the microphone's chunks go to a listening session that decodes in its own
thread; the frame loop only reads the session's level for the meter and polls for the result.
The timing comes from the voice, not the key: speech that starts before the customer has finished
is a cut-in, and the dead air is the response clock at the moment speech starts.

When the recogniser is not sure, the customer asks again in character. Repeats within one decision:
the first costs nothing (the clock goes on from where it stood when the trainee began to speak, as
if the unheard attempt and the customer's question had not happened); from the second, the
unheard attempt counts as silence (the clock goes on from now), so the engine's silence steps,
dead air and prompts, come when they are due, as they would for a trainee who said nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from simulator.engine.conversation import OpenChoice
from simulator.listen.session import SpokenAnswer
from simulator.ui.listen_process import RemoteSession
from simulator.ui.pg import pygame
from simulator.ui.scenes.call_voice_strip import VoiceStrip, meter_steps
from simulator.ui.voice_kit import FAILED, STARTING, VoiceKit

if TYPE_CHECKING:
    from simulator.ui.scenes.call import CallScene

TALK_KEY = pygame.K_SPACE
TALK_LABEL = "Space"
HEARD_SECONDS = 5.0  # how long "Heard: ..." stays in the strip after an answer was played
# The customer asking again, in their own voice; the first is the issue's, the later ones escalate.
ASK_AGAIN = (
    "Sorry, you broke up there, what was that?",
    "Sorry, I still didn't catch that. Could you say it again?",
    "I'm really sorry, the line is terrible. One more time?",
)


def ask_again_line(repeat: int) -> str:
    """What the customer says the ``repeat``-th time (1-based) they did not catch the answer."""
    return ASK_AGAIN[min(repeat, len(ASK_AGAIN)) - 1]


def _file_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:40] or "call"


class CallVoice:
    """The call scene's voice answers: the talk key, the session, the strip and the repeats."""

    def __init__(self, scene: CallScene) -> None:
        self.scene = scene
        services = scene.app.services
        self.settings = services.settings
        self.kit: VoiceKit | None = services.voice_kit
        self.session: RemoteSession | None = None
        self.started_at = 0.0  # the app clock when listening began: the session's time 0
        self.released = False
        self.spoke = False  # speech has begun in this answer (the clock has reached its onset)
        self.strip: VoiceStrip | None = None
        self.strip_left = 0.0  # seconds the strip stays (0: until something replaces it)
        self.repeats = 0  # unheard answers at this decision
        self._decision: tuple[int, str] = (-1, "")
        self._state = ""  # so the first frame says why voice answers are off, when they are
        self._shown_level = -1
        if self.wanted and self.kit is not None:
            self.kit.prepare(self.settings.microphone)

    # --- state ---------------------------------------------------------------------------

    @property
    def wanted(self) -> bool:
        """True when the trainee turned voice answers on and this game offers them (a demo does not)."""
        return self.settings.voice_answers != "off" and self.kit is not None

    @property
    def on(self) -> bool:
        """True when the trainee can answer out loud now."""
        return self.wanted and self.kit is not None and self.kit.ready

    @property
    def gist_only(self) -> bool:
        """Gist mode with a working voice: the cards show the answers' gists."""
        return self.on and self.settings.voice_answers == "gist"

    @property
    def busy(self) -> bool:
        """True from the start of speech (or the talk key coming up) until the answer is heard: the
        customer's silence steps wait meanwhile. Holding the key in silence is silence."""
        return self.session is not None and (self.spoke or self.released)

    @property
    def off_reason(self) -> str | None:
        """Why voice answers are off although the setting is on (None when they work or are off)."""
        if not self.wanted or self.kit is None:
            return None
        return self.kit.reason if self.kit.state == FAILED else None

    def shown(self, oc: OpenChoice) -> str:
        """The words on an answer's card: its gist in gist mode (its text when it has none)."""
        return (oc.choice.gist or oc.choice.text) if self.gist_only else oc.choice.text

    def hint(self) -> str:
        """The talk key's part of the hint row."""
        if self.on:
            return f"hold {TALK_LABEL} and say your answer"
        if self.wanted and self.kit is not None and self.kit.state == STARTING:
            return "voice answers starting…"
        return ""

    # --- the talk key --------------------------------------------------------------------

    def key_down(self, key: int) -> bool:
        """The talk key going down starts listening; True when the key was the talk key and used."""
        if key != TALK_KEY or not self.on or self.scene.conv.ended or self.scene.on_hold:
            return False
        if self.session is None:  # a held key repeats: only the first press starts
            self._start()
        return True

    def key_up(self, key: int) -> None:
        """The talk key coming up: the answer is complete."""
        if key == TALK_KEY:
            self.let_go()

    def let_go(self) -> None:
        """End the answer being spoken, as the talk key coming up does (also when the call is put on
        hold: a window that loses the focus never hears the key come up)."""
        if self.session is not None and not self.released:
            self._release()

    def _start(self) -> None:
        kit = self.kit
        assert kit is not None and kit.input is not None
        scene = self.scene
        answers = [oc.choice.text for oc in scene.conv.choices]
        gists = [oc.choice.gist for oc in scene.conv.choices] if self.gist_only else []
        node = scene.conv.node
        save_as = (
            f"{_file_part(scene.scenario.id)}-{_file_part(node.id if node else '')}"
            if self.settings.save_answers
            else None
        )
        self.session = kit.listen(answers, gists, save_as)
        self.started_at = scene.clock.monotonic()
        self.released = self.spoke = False
        self._show(
            VoiceStrip(f"Listening… let go of {TALK_LABEL} when you have finished", level=0.0)
        )
        try:
            kit.input.start(self.session.push)
        except Exception as exc:  # the device vanished mid-call: say so, keys still work
            self._give_up(f"the microphone stopped working ({exc})")

    def _release(self) -> None:
        kit, session = self.kit, self.session
        assert session is not None
        if kit is not None and kit.input is not None:
            kit.input.stop()
        session.stop()
        self.released = True
        self._show(VoiceStrip("Hearing your answer…"))

    def cancel(self) -> None:
        """Stop listening without an answer (a pause, an answer picked by key, leaving the call)."""
        if self.session is None:
            return
        if not self.released and self.kit is not None and self.kit.input is not None:
            self.kit.input.stop()
        self.session.stop()
        self.session = None
        self._show(None)

    # --- each frame ----------------------------------------------------------------------

    def update(self, dt: float) -> None:
        """Move the meter, take the answer once heard, let the strip go, and notice a failed start."""
        self._watch_kit()
        decision = (
            len(self.scene.conv.decisions),
            self.scene.conv.node.id if self.scene.conv.node else "",
        )
        if decision != self._decision:
            self._decision, self.repeats = decision, 0
        session = self.session
        if session is not None and not self.spoke and session.onset is not None:
            began = self.started_at + session.onset
            if self.scene.clock.monotonic() >= began:
                self.spoke = True
                if self.scene.talking:  # cut in: the customer stops, as people do
                    self.scene.customer_cut_off()
        if session is not None and not self.released:
            steps = meter_steps(session.level)
            if steps != self._shown_level:
                self._shown_level = steps
                self._show(VoiceStrip(self.strip.words if self.strip else "", level=session.level))
        if session is not None and self.released and session.result is not None:
            self.session = None
            self._heard(session.result)
        if self.strip_left > 0:
            self.strip_left -= dt
            if self.strip_left <= 0:
                self._show(None)

    def _watch_kit(self) -> None:
        state = self.kit.state if self.kit is not None else ""
        if state == self._state:
            return
        self._state = state
        self.scene.relayout_answers()  # gist mode shows gists once the voice is ready
        reason = self.off_reason
        if reason:
            self.scene.note(f"Voice answers are off: {reason}. Answer with the keys or the mouse.")

    def _show(self, strip: VoiceStrip | None, seconds: float = 0.0) -> None:
        self.strip, self.strip_left = strip, seconds
        self.scene.voice_changed()

    def _give_up(self, reason: str) -> None:
        if self.kit is not None:
            self.kit.fail(reason)
        self.session = None
        self._show(None)
        self._watch_kit()

    # --- what was heard ------------------------------------------------------------------

    def _heard(self, spoken: SpokenAnswer) -> None:
        if spoken.error:
            self._give_up(f"the speech recogniser failed ({spoken.error})")
            return
        heard, scene = spoken.heard, self.scene
        if spoken.timing is None and not heard.words:
            self._show(
                VoiceStrip(f"Heard nothing: hold {TALK_LABEL} while you speak", warn=True),
                HEARD_SECONDS,
            )
            return
        # The session's clock starts at the talk key (0) and the customer is put at 0 too, so the
        # timing's elapsed is the speech's start on that clock; the cut-in and dead air are then
        # read from the call's own response clock at that moment, as a key press would be.
        onset = self.started_at + (spoken.timing.elapsed if spoken.timing else 0.0)
        choices = scene.conv.choices
        index = heard.index if heard.index is not None and heard.index < len(choices) else None
        words = (
            f"{choices[index].number} “{self.shown(choices[index])}”"
            if index is not None
            else "none of the answers"
        )
        if heard.sure and index is not None:
            self._show(VoiceStrip(f"Heard: {words}", " (sure)"), HEARD_SECONDS)
            finished = scene.response.finished_at
            cut_in = finished is None or onset < finished
            elapsed = round(scene.response.elapsed(onset), 2)
            scene.choose(choices[index].number, timing=(elapsed, cut_in))
            return
        self.repeats += 1
        self._show(
            VoiceStrip(
                f"Heard: {words}", " (not sure) · say it again, or press a number", warn=True
            )
        )
        # The first repeat is free: the clock goes on from the start of the unheard attempt. Later
        # ones count the attempt as silence: the clock goes on from now.
        carried = scene.response.elapsed(onset if self.repeats == 1 else scene.clock.monotonic())
        scene.customer_says(ask_again_line(self.repeats), carried)
