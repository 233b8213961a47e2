"""Driving the scenes with posted input events: profile, picker, call, pause, debrief, breath."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui_helpers import answer_key, click, key, send

from simulator.ui.pg import pygame
from simulator.ui.scenes.breath import BreathScene
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.debrief import DebriefScene
from simulator.ui.scenes.menu import PauseScene
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.scenes.problems import ProblemsScene
from simulator.ui.scenes.profile import ProfileScene
from simulator.ui.widgets import Button, hotkey_button


def open_tiny(app: Any) -> CallScene:
    app.reset(PickerScene(app))
    picker = app.top
    index = next(i for i, c in enumerate(picker.cards) if c.playable)
    picker.selected = index
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, CallScene)
    return app.top


def finish_talking(app: Any) -> None:
    app.services.clock.advance(30)
    app.step([])


def test_profile_takes_an_accented_name_and_opens_the_picker(make_app: Callable[..., Any]) -> None:
    app = make_app(trainee="")
    app.reset(ProfileScene(app))
    send(
        app,
        pygame.event.Event(pygame.TEXTINPUT, text="Zoë"),
        pygame.event.Event(pygame.TEXTINPUT, text=" Ünal"),
    )
    send(app, key(pygame.K_RETURN))
    assert isinstance(app.top, PickerScene)
    assert app.trainee == "Zoë Ünal"
    assert app.services.store.trainees() == ["Zoë Ünal"]
    assert app.services.settings.last_trainee == "Zoë Ünal"


def test_profile_lists_existing_trainees_and_a_click_picks_one(
    make_app: Callable[..., Any],
) -> None:
    app = make_app(trainee="")
    app.services.store.add_trainee("Amir")
    app.services.store.add_trainee("Björk")
    app.reset(ProfileScene(app))
    app.render()
    target = next(b for b in app.top.buttons if b.label == "Björk")
    send(app, click(target.rect.center))
    assert app.trainee == "Björk" and isinstance(app.top, PickerScene)


def test_picker_greys_a_broken_file_with_its_first_error_and_still_plays_the_rest(
    make_app: Callable[..., Any],
) -> None:
    app = make_app()
    app.reset(PickerScene(app))
    cards = app.top.cards
    broken = [c for c in cards if not c.playable]
    assert len(broken) == 1
    assert "broken.yaml:7:8" in str(broken[0].report.first_error)
    app.render()
    send(app, click(broken[0].rect.center))
    assert isinstance(app.top, ProblemsScene)
    assert any("broken.yaml:7:8" in line for line in app.top.lines)
    send(app, key(pygame.K_ESCAPE))
    good = next(c for c in app.top.cards if c.playable)
    send(app, click(good.rect.center))
    assert isinstance(app.top, CallScene)


def test_choosing_while_the_customer_talks_is_a_cut_in(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_tiny(app)
    assert call.talking
    send(app, key(pygame.K_1))
    assert call.conv.decisions[-1].cut_in is True
    finish_talking(app)
    assert not call.talking
    send(app, key(pygame.K_1))
    assert call.conv.decisions[-1].cut_in is False


def test_arrows_and_enter_choose_the_highlighted_reply(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_tiny(app)
    finish_talking(app)
    send(app, key(pygame.K_DOWN), key(pygame.K_RETURN))
    assert call.conv.decisions[-1].chosen.index == 2


def test_a_mouse_click_on_a_reply_chooses_it(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_tiny(app)
    finish_talking(app)
    app.render()
    card = next(c for c in call.view().cards if c.text == "Parcels are not my department.")
    send(app, click(card.box.center))
    assert call.conv.decisions[-1].chosen.text == "Parcels are not my department."


def test_answering_after_the_response_timer_counts_as_dead_air(
    make_app: Callable[..., Any],
) -> None:
    app = make_app()
    call = open_tiny(app)
    finish_talking(app)
    send(app, key(pygame.K_1))
    finish_talking(app)  # the customer finishes; the 5 s timer starts
    app.services.clock.advance(7)
    app.step([])
    send(app, key(pygame.K_1))
    last = call.conv.decisions[-1]
    assert last.dead_air is True and last.elapsed is not None and last.elapsed >= 7


def test_escape_pauses_and_resumes(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_tiny(app)
    send(app, key(pygame.K_ESCAPE))
    assert isinstance(app.top, PauseScene)
    send(app, key(pygame.K_2))  # keys do not reach the call while paused
    assert call.conv.decisions == []
    send(app, key(pygame.K_ESCAPE))
    assert app.top is call


def test_pause_menu_quits_to_the_picker(make_app: Callable[..., Any]) -> None:
    app = make_app()
    open_tiny(app)
    send(app, key(pygame.K_ESCAPE), key(pygame.K_q))
    assert isinstance(app.top, PickerScene)


def test_practice_mode_undo_takes_the_last_choice_back(make_app: Callable[..., Any]) -> None:
    app = make_app()
    app.reset(PickerScene(app))
    send(app, key(pygame.K_m))
    app.top.selected = next(i for i, c in enumerate(app.top.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    call = app.top
    assert call.mode == "practice"
    finish_talking(app)
    send(app, key(pygame.K_2))
    assert call.conv.node.id == "details" and call.coach
    send(app, key(pygame.K_z, mod=pygame.KMOD_CTRL))
    assert call.conv.node.id == "hello" and call.conv.decisions == []


def test_a_finished_call_is_saved_at_once_and_the_debrief_follows(
    make_app: Callable[..., Any],
) -> None:
    app = make_app()
    call = open_tiny(app)
    finish_talking(app)
    send(app, answer_key(call, 0))
    finish_talking(app)
    send(app, answer_key(call, 0))
    assert call.conv.ended
    saved = app.services.store.calls("Tester")
    assert (
        len(saved) == 1 and saved[0].scenario_id == "tiny" and saved[0].grade == call.result.grade
    )
    finish_talking(app)
    send(app, key(pygame.K_RETURN))
    debrief = app.top
    assert isinstance(debrief, DebriefScene)
    assert not debrief.rough
    send(app, key(pygame.K_r))
    assert isinstance(app.top, CallScene) and app.top is not call


def test_a_rough_call_offers_a_breath_before_the_next_one(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_tiny(app)
    finish_talking(app)
    send(app, answer_key(call, 1))
    finish_talking(app)
    send(app, answer_key(call, 1))
    finish_talking(app)
    send(app, key(pygame.K_RETURN))
    debrief = app.top
    assert isinstance(debrief, DebriefScene) and debrief.rough
    assert any(b.label == "Take a breath" for b in debrief.buttons)
    send(app, key(pygame.K_n))
    assert isinstance(app.top, BreathScene)
    send(app, key(pygame.K_RETURN))  # skip it
    assert isinstance(app.top, CallScene)


def test_the_breath_pause_ends_by_itself(make_app: Callable[..., Any]) -> None:
    app = make_app()
    app.reset(PickerScene(app))
    done: list[Any] = []
    app.push(BreathScene(app, duration=3), done.append)
    for _ in range(20):
        app.services.clock.advance(0.25)
        app.step([])
    assert done == ["done"] and isinstance(app.top, PickerScene)


def test_resize_lays_the_call_out_again(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_tiny(app)
    send(app, pygame.event.Event(pygame.VIDEORESIZE, w=820, h=600, size=(820, 600)))
    assert app.size == (820, 600)
    assert call.lay.right.right <= 820 and call.lay.left.bottom <= 600
    assert all(c.box.right <= 820 for c in call.view().cards)


def test_idle_call_waiting_for_a_choice_asks_for_no_frames(make_app: Callable[..., Any]) -> None:
    app = make_app()
    call = open_tiny(app)
    assert app.frame_rate() > 0  # the caption is still revealing
    finish_talking(app)
    assert call.conv.node.respond_within is None
    assert app.frame_rate() == 0
    assert app.step([]) is False  # nothing changed, nothing drawn


def test_a_hotkey_picks_only_an_enabled_button_with_that_letter() -> None:
    resume, settings, off = (
        Button("Resume", lambda: None, "Esc"),
        Button("Settings", lambda: None, "S"),
        Button("Restart", lambda: None, "R", enabled=False),
    )
    buttons = [resume, settings, off]
    assert hotkey_button(buttons, pygame.K_s) is settings
    assert hotkey_button(buttons, pygame.K_r) is None  # disabled
    assert hotkey_button(buttons, pygame.K_ESCAPE) is None  # named keys are the scene's to handle
