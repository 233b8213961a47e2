"""Voice answers through the real event loop, with WAV files rendered by espeak-ng for a microphone.

The talk key is held and let go as a trainee would; the listening session decodes in its thread, and
the test waits on it (never on the wall clock) before the next frame takes the answer. The call's
clock is the fake one, so the customer's line ends exactly when the test says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import key, send

from simulator.ui.audio_input import WavInput
from simulator.ui.listen_process import ListenProcess
from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.call_voice import ASK_AGAIN, TALK_KEY
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.settings import Settings, load_settings
from simulator.ui.voice_kit import FAILED, VoiceKit, saved_answers_dir
from tests.spoken_audio import espeak_pcm, write_wav

SORRY = "I'm sorry it hasn't arrived. Let me look at order 77 now."
NOT_MINE = "Parcels are not my department."
MUMBLE = "Hmm, well, I think maybe the weather."
FIRST_LINE = "Hello, my parcel to Straße 5 never came. Order 77."
SLOW = 12.0  # the "slow" caption speed, characters a second: the customer's line takes this long


@pytest.fixture(scope="module")
def listener() -> Iterator[ListenProcess]:
    """One listening worker for the module (it takes about a second to start)."""
    worker = ListenProcess()
    assert worker.wait_ready(), worker.reason
    yield worker
    worker.close()


@pytest.fixture(scope="module")
def wavs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The few utterances the tests say, rendered once."""
    folder = tmp_path_factory.mktemp("said")
    out = {}
    for name, words in (("sorry", SORRY), ("not_mine", NOT_MINE), ("mumble", MUMBLE)):
        out[name] = folder / f"{name}.wav"
        write_wav(str(out[name]), espeak_pcm(words, "en-us", 175))
    return out


def key_up(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode="", scancode=0)


def voice_app(
    make_app: Callable[..., Any], kit: VoiceKit, mode: str = "on", speed: str = "fast"
) -> Any:
    app = make_app(settings=Settings(voice=False, caption_speed=speed, voice_answers=mode))
    app.services.voice_kit = kit
    return app


def wav_kit(mic: WavInput, listener: ListenProcess | None = None, factory: str = "") -> VoiceKit:
    return VoiceKit(
        make_input=lambda _device: mic,
        make_listener=lambda: ListenProcess(factory),
        list_devices=lambda: ["Test microphone"],
        listener=listener,
    )


def open_call(app: Any) -> CallScene:
    app.reset(PickerScene(app))
    picker = app.top
    picker.selected = next(i for i, c in enumerate(picker.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    call = app.top
    assert isinstance(call, CallScene)
    kit = app.services.voice_kit
    if kit is not None:
        kit.wait_ready(30)
    app.step([])
    return call


def say(app: Any, call: CallScene, speaking_for: float = 0.0) -> None:
    """Hold the talk key, (let ``speaking_for`` seconds pass), let go; the frame after the answer is heard."""
    send(app, key(TALK_KEY))
    session = call.voice.session
    assert session is not None, "the talk key did not start listening"
    app.services.clock.advance(speaking_for)
    send(app, key_up(TALK_KEY))
    assert session.wait(60) is not None
    app.step([])


def finish_line(app: Any) -> None:
    app.services.clock.advance(30)
    app.step([])


def test_a_spoken_answer_is_played_as_if_picked(
    make_app: Callable[..., Any], listener: ListenProcess, wavs: dict[str, Path]
) -> None:
    mic = WavInput()
    app = voice_app(make_app, wav_kit(mic, listener))
    call = open_call(app)
    finish_line(app)
    assert "hold Space and say your answer" in call.hint()
    mic.say(wavs["not_mine"], delay=0.5)
    say(app, call)
    decision = call.conv.decisions[-1]
    assert decision.chosen.text == NOT_MINE
    assert not decision.cut_in
    assert call.voice.strip is not None
    assert call.voice.strip.words == f"Heard: {decision.chosen.index} “{NOT_MINE}”"
    assert call.voice.strip.tail == " (sure)"


def test_a_mumble_is_asked_again_in_character_and_the_first_repeat_is_free(
    make_app: Callable[..., Any], listener: ListenProcess, wavs: dict[str, Path]
) -> None:
    mic = WavInput()
    app = voice_app(make_app, wav_kit(mic, listener))
    call = open_call(app)
    finish_line(app)
    send(app, key(pygame.K_1))  # on to the node with a 5 s response time
    finish_line(app)
    assert call.conv.node is not None and call.conv.node.id == "details"
    patience = call.conv.patience
    app.services.clock.advance(2.0)  # two seconds of thought, then a mumble that takes three
    mic.say(wavs["mumble"])
    say(app, call, speaking_for=3.0)
    assert call.line == ASK_AGAIN[0]
    assert call.voice.strip is not None and "(not sure)" in call.voice.strip.tail
    finish_line_at = call.response.elapsed(app.services.clock.monotonic())
    assert 2.0 <= finish_line_at < 3.0  # the clock goes on from when the mumble began
    app.services.clock.advance(len(ASK_AGAIN[0]) / 30 + 0.1)  # the question said at "fast"
    app.step([])
    assert call.elapsed < 3.0 and call.conv.patience == patience
    assert not any("(Silence" in line.text for line in call.conv.transcript)
    # the second unheard answer in the same decision counts as silence: past 5 s, dead air comes
    mic.say(wavs["mumble"])
    say(app, call, speaking_for=3.0)
    assert call.line == ASK_AGAIN[1]
    app.services.clock.advance(len(ASK_AGAIN[1]) / 30 + 0.1)
    app.step([])
    assert any("(Silence" in line.text for line in call.conv.transcript)
    # and the trainee can still pick by key
    send(app, key(pygame.K_1))
    assert len(call.conv.decisions) == 2


@pytest.mark.parametrize(("starts_before_end", "cut_in"), [(1.0, True), (-0.7, False)])
def test_speech_starting_before_the_customer_finishes_is_a_cut_in(
    make_app: Callable[..., Any],
    listener: ListenProcess,
    wavs: dict[str, Path],
    starts_before_end: float,
    cut_in: bool,
) -> None:
    mic = WavInput()
    app = voice_app(make_app, wav_kit(mic, listener), speed="slow")
    call = open_call(app)
    line_ends = len(FIRST_LINE) / SLOW
    assert call.talking
    mic.say(wavs["sorry"], delay=line_ends - starts_before_end)
    send(app, key(TALK_KEY))  # held from the start: the voice's own start is what counts
    session = call.voice.session
    assert session is not None
    opened = clock = app.services.clock.monotonic()
    speech_begun = line_ends - starts_before_end + 0.3
    for moment in sorted((speech_begun, line_ends + 0.01)):  # frames as time passes
        app.services.clock.advance(opened + moment - clock)
        clock = opened + moment
        app.step([])
        if cut_in and moment == speech_begun:  # the customer stops where the trainee cut in
            assert not call.talking and call.caption.done
            assert call.response.finished_at is not None
            assert call.response.finished_at < opened + line_ends
    assert not call.talking
    send(app, key_up(TALK_KEY))
    assert session.wait(60) is not None
    app.step([])
    decision = call.conv.decisions[-1]
    assert decision.chosen.text == SORRY
    assert decision.cut_in is cut_in
    if not cut_in:
        assert decision.elapsed is not None and 0.5 <= decision.elapsed <= 1.0


@pytest.mark.parametrize(
    ("devices", "microphone", "why"),
    [
        (lambda: [], "", "no microphone was found"),
        (lambda: ["Ghost microphone"], "Ghost microphone", "could not be opened"),
        (lambda: ["Test microphone"], "USB headset", "is not connected"),
    ],
)
def test_no_microphone_says_why_and_the_keys_still_work(
    make_app: Callable[..., Any],
    listener: ListenProcess,
    devices: Callable[[], list[str]],
    microphone: str,
    why: str,
) -> None:
    kit = VoiceKit(listener=listener, list_devices=devices)  # the real Microphone
    app = make_app(
        settings=Settings(
            voice=False, caption_speed="fast", voice_answers="on", microphone=microphone
        )
    )
    app.services.voice_kit = kit
    call = open_call(app)
    assert kit.state == FAILED and why in kit.reason
    assert call.toast.startswith("Voice answers are off:") and why in call.toast
    assert "Space" not in call.hint()
    finish_line(app)
    send(app, key(TALK_KEY))
    assert call.voice.session is None
    send(app, key(pygame.K_2))
    assert len(call.conv.decisions) == 1


def test_no_recogniser_installed_says_why(make_app: Callable[..., Any]) -> None:
    kit = wav_kit(WavInput(), factory="voice_helpers:without_pocketsphinx")
    app = voice_app(make_app, kit)
    call = open_call(app)
    assert "speech recognition is not installed" in call.toast
    finish_line(app)
    send(app, key(pygame.K_1))
    assert len(call.conv.decisions) == 1


def test_a_recogniser_failing_mid_answer_says_why_and_the_call_goes_on(
    make_app: Callable[..., Any], wavs: dict[str, Path]
) -> None:
    mic = WavInput()
    app = voice_app(make_app, wav_kit(mic, factory="voice_helpers:FailingRecogniser"))
    call = open_call(app)
    finish_line(app)
    mic.say(wavs["sorry"])
    say(app, call)
    assert app.services.voice_kit.state == FAILED
    assert "decoder crashed" in call.toast and "keys or the mouse" in call.toast
    assert not call.conv.decisions
    send(app, key(TALK_KEY))
    assert call.voice.session is None
    send(app, key(pygame.K_1))
    assert len(call.conv.decisions) == 1


def test_the_voice_answers_settings_are_saved_and_list_the_microphones(
    make_app: Callable[..., Any], listener: ListenProcess
) -> None:
    from simulator.ui.scenes.settings import SettingsScene

    app = make_app()
    app.services.voice_kit = wav_kit(WavInput(), listener)
    scene = SettingsScene(app)
    app.reset(scene)
    labels = [r.label for r in scene.rows]
    mode, mic = labels.index("Voice answers"), labels.index("Microphone")
    scene.change(mode, 1)
    scene.change(mode, 1)
    assert scene.value_text(mode) in ("gist only", "starting…")
    scene.change(mic, 1)
    assert app.services.settings.microphone == "Test microphone"
    saved, problem = load_settings(app.services.settings_file)
    assert problem is None
    assert (saved.voice_answers, saved.microphone) == ("gist", "Test microphone")


def test_answers_are_saved_only_when_the_trainee_turns_saving_on(
    make_app: Callable[..., Any],
    listener: ListenProcess,
    wavs: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ON_THE_LINE_DATA_DIR", str(tmp_path / "data"))
    folder = saved_answers_dir()
    for save in (False, True):
        mic = WavInput()
        app = voice_app(make_app, wav_kit(mic, listener))
        app.services.settings.save_answers = save
        call = open_call(app)
        finish_line(app)
        mic.say(wavs["not_mine"])
        say(app, call)
        assert call.conv.decisions
        saved = sorted(folder.glob("*.wav")) if folder.exists() else []
        assert len(saved) == (1 if save else 0)
    assert saved[0].name.endswith("-tiny-hello.wav")


GIST = "Apologise and look up the order"


def test_gist_only_shows_the_gists_and_hears_them_said(
    make_app: Callable[..., Any],
    listener: ListenProcess,
    scenario_dir: Path,
    tmp_path: Path,
) -> None:
    tiny = (scenario_dir / "tiny.yaml").read_text(encoding="utf-8")
    with_gist = tiny.replace(
        "        effects: {empathy: 2, listening: 1}",
        f"        gist: {GIST}\n        effects: {{empathy: 2, listening: 1}}",
        1,
    )
    (scenario_dir / "tiny.yaml").write_text(with_gist, encoding="utf-8")
    wav = tmp_path / "gist.wav"
    write_wav(str(wav), espeak_pcm(GIST, "en-us", 175))
    mic = WavInput()
    app = voice_app(make_app, wav_kit(mic, listener), mode="gist")
    call = open_call(app)
    finish_line(app)
    shown = {c.text for c in call.view().cards}
    assert shown == {GIST, NOT_MINE}  # the answer without a gist keeps its full text
    mic.say(wav)
    say(app, call)
    assert call.conv.decisions[-1].chosen.text == SORRY
    assert call.voice.strip is not None and GIST in call.voice.strip.words


def test_the_window_losing_the_focus_ends_the_answer_being_spoken(
    make_app: Callable[..., Any], listener: ListenProcess, wavs: dict[str, Path]
) -> None:
    mic = WavInput()
    app = voice_app(make_app, wav_kit(mic, listener))
    call = open_call(app)
    finish_line(app)
    mic.say(wavs["not_mine"])
    send(app, key(TALK_KEY))
    session = call.voice.session
    assert session is not None
    send(app, pygame.event.Event(pygame.WINDOWFOCUSLOST))  # the key's coming up is never seen
    assert call.voice.released
    assert session.wait(60) is not None
    app.step([])
    assert call.conv.decisions[-1].chosen.text == NOT_MINE


def test_bad_voice_answers_settings_fall_back_to_off(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        '{"voice_answers": "loud", "microphone": 3, "save_answers": "yes"}', encoding="utf-8"
    )
    settings, problem = load_settings(path)
    assert problem is None
    assert (settings.voice_answers, settings.microphone) == ("off", "")
    assert settings.save_answers is False  # recording is turned on only by a real true
