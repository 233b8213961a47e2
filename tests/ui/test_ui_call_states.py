"""The call screen's states: on hold (nothing to read ahead), captions only (and why), one seed per call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui_helpers import answer_key, click, key, send

from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.debrief import DebriefScene
from simulator.ui.scenes.menu import PauseScene
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.scenes.settings import SettingsScene
from simulator.ui.settings import Settings
from simulator.voice.base import SilentSpeaker


def open_tiny(app: Any) -> CallScene:
    app.reset(PickerScene(app))
    picker = app.top
    picker.selected = next(i for i, c in enumerate(picker.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, CallScene)
    return app.top


def drawn_strings(app: Any, monkeypatch: Any) -> list[str]:
    """Every string blitted while the whole window is drawn."""
    seen: list[str] = []
    real = app.fonts.render

    def spy(s: str, *args: Any, **kw: Any) -> Any:
        seen.append(s)
        return real(s, *args, **kw)

    monkeypatch.setattr(app.fonts, "render", spy)
    app.render(force=True)
    return seen


def test_pausing_a_timed_answer_hides_the_words_and_answers_and_freezes_the_timer(
    make_app: Callable[..., Any], monkeypatch: Any
) -> None:
    app = make_app()
    call = open_tiny(app)
    app.services.clock.advance(30)
    app.step([])
    send(app, answer_key(call, 0))  # on to 'details', which must be answered within 5 s
    app.services.clock.advance(30)
    app.step([])
    app.services.clock.advance(2)
    shown = drawn_strings(app, monkeypatch)
    assert any("send a new one" in s for s in shown)
    send(app, key(pygame.K_ESCAPE))
    assert isinstance(app.top, PauseScene) and call.paused
    app.services.clock.advance(60)
    shown = drawn_strings(app, monkeypatch)
    assert not any("send a new one" in s or "what happens now" in s for s in shown)
    assert round(call.elapsed) == 2  # frozen while on hold
    send(app, key(pygame.K_s))  # settings from the pause menu: still on hold
    assert isinstance(app.top, SettingsScene)
    app.services.clock.advance(60)
    send(app, key(pygame.K_ESCAPE))
    assert isinstance(app.top, PauseScene) and call.paused and round(call.elapsed) == 2
    send(app, key(pygame.K_ESCAPE))
    assert app.top is call and not call.paused
    assert round(call.elapsed) == 2 and call.conv.state.silence_steps == 0
    assert any("send a new one" in s for s in drawn_strings(app, monkeypatch))


def test_a_voice_that_failed_shows_captions_only_with_the_reason_and_settings_say_unavailable(
    make_app: Callable[..., Any], monkeypatch: Any
) -> None:
    app = make_app(settings=Settings(voice=True, caption_speed="fast"))
    reason = "No audio output device (ALSA: no card). Captions only."
    app.services.speaker = SilentSpeaker(reason)
    call = open_tiny(app)
    shown = drawn_strings(app, monkeypatch)
    assert "Captions only" in shown and reason not in " ".join(shown)
    assert call.drawer.badge_rect is not None
    send(
        app,
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=call.drawer.badge_rect.center, rel=(0, 0), buttons=(0, 0, 0)
        ),
    )
    assert reason in " ".join(drawn_strings(app, monkeypatch))  # hovering says why
    send(
        app,
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=(5, app.size[1] - 5), rel=(0, 0), buttons=(0, 0, 0)
        ),
    )
    assert reason not in " ".join(drawn_strings(app, monkeypatch))
    send(app, key(pygame.K_F1))  # and so does F1, for the keyboard
    assert reason in " ".join(drawn_strings(app, monkeypatch))
    app.push(SettingsScene(app))
    settings = app.top
    assert settings.value_text(0) == "unavailable"
    assert any(n.startswith("Voice: unavailable") and reason in n for n in settings.notices())


def test_the_f1_note_goes_away_on_any_key_or_click_or_by_itself(
    make_app: Callable[..., Any], monkeypatch: Any
) -> None:
    # left up, it covers the "You:" line
    from simulator.ui.scenes.call_timing import BADGE_SECONDS

    app = make_app(settings=Settings(voice=True, caption_speed="fast"))
    reason = "No audio output device. Captions only."
    app.services.speaker = SilentSpeaker(reason)
    call = open_tiny(app)
    for dismiss in (key(pygame.K_DOWN), click((5, app.size[1] - 5))):
        send(app, key(pygame.K_F1))
        assert reason in " ".join(drawn_strings(app, monkeypatch))
        send(app, dismiss)
        assert not call.badge_open and reason not in " ".join(drawn_strings(app, monkeypatch))
    send(app, key(pygame.K_F1))
    app.services.clock.advance(BADGE_SECONDS - 1)
    send(app)
    assert call.badge_open
    app.services.clock.advance(1.5)
    send(app)
    assert not call.badge_open and reason not in " ".join(drawn_strings(app, monkeypatch))


def test_no_badge_when_the_player_turned_the_voice_off(
    make_app: Callable[..., Any], monkeypatch: Any
) -> None:
    app = make_app(settings=Settings(voice=False))
    app.services.speaker = SilentSpeaker("Voice is off; captions only.")
    open_tiny(app)
    assert "Captions only" not in drawn_strings(app, monkeypatch)
    app.push(SettingsScene(app))
    assert app.top.value_text(0) == "off"


def test_each_call_gets_a_fresh_seed_and_replay_keeps_it(make_app: Callable[..., Any]) -> None:
    app = make_app()
    seeds = iter([11, 22, 33])
    app.services.new_seed = lambda: next(seeds)
    call = open_tiny(app)
    assert call.seed == 11 and call.conv.shuffle is True
    first_order = [oc.choice_index for oc in call.conv.choices]
    for _ in range(2):
        app.services.clock.advance(30)
        app.step([])
        send(app, answer_key(call, 0))
    app.services.clock.advance(30)
    app.step([])
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, DebriefScene)
    send(app, key(pygame.K_r))
    replay = app.top
    assert isinstance(replay, CallScene) and replay.seed == 11  # the same call again
    assert [oc.choice_index for oc in replay.conv.choices] == first_order
    open_tiny(app)
    assert app.top.seed == 22  # a new call from the list: a new seed


def test_a_click_on_the_cue_row_does_not_choose(make_app: Callable[..., Any]) -> None:
    app = make_app(size=(640, 480), settings=Settings(voice=False, text_size="huge"))
    call = open_tiny(app)
    app.render(force=True)
    send(app, click((app.size[0] - 10, call.lay.hint_y + 2)))
    assert call.conv.decisions == []


def test_f1_says_why_captions_only_in_the_compact_layout_that_has_no_title_bar_for_the_badge(
    make_app: Callable[..., Any], scenario_dir: Any, monkeypatch: Any
) -> None:
    import shutil
    from pathlib import Path

    from simulator.ui.launch import open_scenario

    fixture = Path(__file__).parent / "fixtures" / "long_answers.yaml"
    shutil.copy(fixture, scenario_dir / "long_answers.yaml")
    app = make_app(size=(640, 480), settings=Settings(voice=True, caption_speed="fast"))
    reason = "No audio output device. Captions only."
    app.services.speaker = SilentSpeaker(reason)
    app.reset(PickerScene(app))
    assert open_scenario(app, str(scenario_dir / "long_answers.yaml"))
    call = app.top
    call.finish_line()
    app.render(force=True)
    assert call.lay.top_h == 0 and call.drawer.badge_rect is None  # four long answers: no title bar
    send(app, key(pygame.K_F1))
    assert reason in " ".join(drawn_strings(app, monkeypatch))  # under the pause button instead
