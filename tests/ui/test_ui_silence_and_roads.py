"""Silence that escalates on the real event loop (fake clock), and the road not taken in the debrief."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import key, send

import simulator.ui.scenes.debrief as debrief_module
from simulator.engine.conversation import Conversation
from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.debrief import DebriefScene
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.settings import Settings
from simulator.voice.base import SilentSpeaker, SpokenLine


class RecordingSpeaker(SilentSpeaker):
    """Captions only, remembering every line the game asks it to say."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []

    def speak(self, line: SpokenLine) -> None:
        self.said.append(line.text)


def _open_tiny(app: Any) -> CallScene:
    app.reset(PickerScene(app))
    picker = app.top
    picker.selected = next(i for i, c in enumerate(picker.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, CallScene)
    return app.top


def _run(app: Any, seconds: float, step: float = 0.25) -> None:
    """Let the real loop run ``seconds`` on the fake clock, a frame every ``step``."""
    for _ in range(round(seconds / step)):
        app.services.clock.advance(step)
        app.step([])


def _reach_the_timed_node(app: Any) -> CallScene:
    call = _open_tiny(app)
    _run(app, 30)  # the opening line is said
    first = next(oc.number for oc in call.conv.choices if oc.choice_index == 0)
    send(app, key(pygame.K_0 + first))
    _run(app, 3)  # "So what happens now?" is said; its 5 s clock starts
    assert call.conv.node is not None and call.conv.node.id == "details"
    return call


def test_silence_past_the_response_time_brings_the_prompt_then_the_hang_up_at_zero(
    make_app: Callable[..., Any],
) -> None:
    app = make_app(settings=Settings(voice=True, caption_speed="fast"))
    speaker = app.services.speaker = RecordingSpeaker()
    call = _reach_the_timed_node(app)
    first, second = "Hello? Are you still there?", "I can't hear anything. Hello?"  # tiny.yaml's
    patience = call.conv.patience
    _run(app, 6)
    assert call.conv.line == first and speaker.said[-1] == first
    assert call.conv.patience == patience - 10  # dead air, as the rubric scores it
    assert call.toast == "The line went quiet for too long."
    _run(app, 10)
    assert speaker.said[-1] == second and call.conv.patience == patience - 25
    assert not call.conv.ended
    _run(app, 60)  # nobody answers: the prompt comes round until patience is gone, then at once...
    assert call.conv.ended and call.conv.patience == 0
    result = call.conv.result()
    assert result.outcome == "hung_up" and speaker.said[-1] == call.conv.line
    assert [t.text for t in result.transcript if t.speaker == "note"][-1] == (
        "(The customer has run out of patience.)"
    )


def test_an_answer_that_comes_after_the_silence_ran_the_patience_out_is_never_heard(
    make_app: Callable[..., Any],
) -> None:
    app = make_app()
    call = _reach_the_timed_node(app)
    app.services.clock.advance(
        120
    )  # no frame ran meanwhile: the key is handled before the clock ticks
    answer = call.conv.choices[0]
    send(
        app, key(pygame.K_0 + answer.number)
    )  # every step of the silence plays first, as it would have
    assert call.conv.ended and call.result is not None and call.result.outcome == "hung_up"
    said = [t.text for t in call.result.transcript if t.speaker == "trainee"]
    assert answer.choice.text not in said and len(call.result.decisions) == 1
    assert call.lay is not None and call.lay.end_button is not None  # the way to the debrief


def test_the_clock_stands_still_while_the_customer_says_a_prompt(
    make_app: Callable[..., Any],
) -> None:
    app = make_app()
    call = _reach_the_timed_node(app)
    while call.conv.state.silence_steps == 0:  # until the first prompt starts
        _run(app, 0.25)
    assert call.talking  # the customer is saying "Hello?..."
    silent_for = call.elapsed
    assert silent_for >= 5  # the silence so far is carried over the prompt, not started again
    assert not call.conv.cuts_in(call.talking)  # so the answer label warns of no cut-in
    send(app, key(pygame.K_1))
    decision = call.conv.decisions[-1]
    assert decision.dead_air and not decision.cut_in  # answering "Hello?" is no cut-in
    assert decision.elapsed is not None and decision.elapsed >= 5


def _debrief(app: Any, moves: list[int]) -> DebriefScene:
    report = next(r for r in app.library.reports if r.scenario is not None)
    rubric = app.rubric_for(report.path)[0]
    conv = Conversation(report.scenario, rubric)
    for n in moves:
        conv.choose(next(oc.number for oc in conv.choices if oc.choice_index == n - 1))
    scene = DebriefScene(app, conv.result(), report.scenario, rubric, report.path)
    app.reset(scene)
    return scene


def test_the_debrief_shows_and_on_request_says_what_the_customer_would_have_said(
    make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(size=(800, 600))
    speaker = app.services.speaker = RecordingSpeaker()
    scene = _debrief(app, [1, 1])
    roads = [o.reply for d in scene.result.decisions for o in d.others]
    assert roads == [
        "So what happens now?",  # the rude answer led to the same question
        "Useless. Goodbye.",  # "No idea, sorry." would have ended the call
    ]
    seen: list[str] = []
    real = debrief_module.text_block

    def spy(surf: Any, f: Any, s: str, *args: Any, **kw: Any) -> Any:
        if surf is not None:
            seen.append(s)
        return real(surf, f, s, *args, **kw)

    monkeypatch.setattr(debrief_module, "text_block", spy)
    hear = next(b for b in scene.buttons if b.id == "hear")
    send(app, key(pygame.K_h))
    assert speaker.said == [roads[0]]
    app.render(force=True)
    assert f"They would have said: “{roads[0]}”" in seen
    hear.action()  # the button does what the key does: the next road
    assert speaker.said == roads
    app.render(force=True)
    assert f"They would have said: “{roads[1]}”" in seen
    send(app, key(pygame.K_h))
    assert speaker.said[-1] == roads[0]  # round again


def test_a_debrief_with_no_road_not_taken_offers_nothing_to_hear(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    app = make_app()
    scene = _debrief(app, [1, 1])
    scene.result.decisions.clear()
    fresh = DebriefScene(app, scene.result, scene.scenario, scene.rubric, scene.path)
    assert all(b.id != "hear" for b in fresh.buttons)
