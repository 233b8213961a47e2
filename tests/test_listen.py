"""Voice answers without a microphone: WAV files rendered by espeak-ng stand in for the trainee.

Covers the speech-onset timing fed to the engine (cut-in, dead air), a paraphrase being asked
again rather than taken for another answer, saving audio only when asked, and a game without a
working recogniser saying why instead of crashing.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_engine_kit import rubric, scenario

from simulator.engine.conversation import Conversation
from simulator.listen.grammar import answer_grammar
from simulator.listen.matching import best_match
from simulator.listen.recogniser import BYTES_PER_SECOND, Recogniser, RecogniserUnavailable
from simulator.listen.session import ListeningSession, SpokenAnswer
from simulator.listen.voiced import VoicedFrames
from simulator.listen.wav_source import AudioFileError, WavSource
from simulator.paths import PROJECT_ROOT
from tests.spoken_audio import espeak_pcm, write_wav

CALL = """
nodes:
  start:
    say: "I've been waiting three weeks for my refund and nobody rings me back."
    respond_within: 4
    choices:
      - text: "I'm sorry about the wait. Let me find out where your refund is."
        effects: {empathy: 2}
        feedback: Apology, then action.
        next: done
      - text: "Refunds always take a while, there's nothing I can do."
        effects: {empathy: -2}
        feedback: Cold.
        next: done
      - text: "Can I take your order number, please?"
        effects: {resolution: 1}
        feedback: Straight to business.
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Right.", summary: Done.}
"""


@pytest.fixture(scope="module")
def recogniser() -> Recogniser:
    return Recogniser()


def _hear(
    recogniser: Recogniser, wav: Path, answers: list[str], customer_ends: float, delay: float
) -> SpokenAnswer:
    session = ListeningSession(recogniser, answers, customer_ends)
    for t, chunk in WavSource(wav, delay=delay).chunks():
        session.push(t, chunk)
    session.stop()
    result = session.wait(60)
    assert result is not None and not result.error
    return result


@pytest.mark.parametrize(("before_end", "cut_in"), [(1.0, True), (-1.0, False)])
def test_speech_starting_before_the_customer_stops_is_a_cut_in(
    recogniser: Recogniser, tmp_path: Path, before_end: float, cut_in: bool
) -> None:
    call = scenario(CALL)
    node = call.nodes["start"]
    answers = [c.text for c in node.choices]
    # The customer's real line, as the game's voice says it: its length is when the line ends.
    customer_ends = len(espeak_pcm(node.say[0], "en-gb", 175)) / BYTES_PER_SECOND
    wav = tmp_path / "answer.wav"
    write_wav(str(wav), espeak_pcm(answers[0], "en-us", 175))
    result = _hear(recogniser, wav, answers, customer_ends, delay=customer_ends - before_end)
    assert result.heard.index == 0 and result.heard.sure
    assert result.timing is not None
    assert result.timing.cut_in is cut_in
    assert abs(result.timing.elapsed - max(0.0, -before_end)) < 0.3


def test_voice_timing_feeds_the_engine_cut_in_and_dead_air(
    recogniser: Recogniser, tmp_path: Path
) -> None:
    call = scenario(CALL)
    answers = [c.text for c in call.nodes["start"].choices]
    wav = tmp_path / "late.wav"
    write_wav(str(wav), espeak_pcm(answers[0], "en-us", 175))
    for delay, cut, dead in ((1.0, True, False), (3.5, False, False), (8.5, False, True)):
        result = _hear(recogniser, wav, answers, 3.0, delay=delay)
        assert result.timing is not None and result.heard.index == 0
        conv = Conversation(call, rubric())
        decision = conv.choose(
            result.heard.index + 1, elapsed=result.timing.elapsed, cut_in=result.timing.cut_in
        )
        assert (decision.cut_in, decision.dead_air) == (cut, dead), delay


def test_a_paraphrase_is_asked_again_not_taken_for_another_answer(recogniser: Recogniser) -> None:
    answers = [c.text for c in scenario(CALL).nodes["start"].choices]
    for said in (
        "Oh dear, I am so sorry you had to wait, I will look into it now.",
        "What is the number on your order?",
        "The weather has been lovely this week.",
    ):
        recogniser.listen(answers)
        recogniser.feed(espeak_pcm(said, "en-us", 175))
        heard = recogniser.finish()
        assert not heard.sure, (said, heard)


def test_partial_words_are_scored_against_the_answers() -> None:
    answers = [
        "I'm sorry about the wait",
        "We will call you back at 4 pm",
        "I'm sorry, that's our policy",
    ]
    assert best_match("we will call you back at four pm", answers).sure
    assert best_match("we will call", answers).index == 1
    assert not best_match("we will call", answers).sure
    tie = best_match("i'm sorry", answers)
    assert not tie.sure and tie.index in (0, 2)
    assert best_match("", answers).index is None


def test_the_grammar_spells_codes_and_amounts_the_ways_people_say_them() -> None:
    known = {"h": "EY CH", "w": "D AH B AH L Y UW"}  # and every other word but "hw"
    jsgf = answer_grammar(
        ["HW-40917 is £4"], lambda w: None if w == "hw" else known.get(w, "X")
    ).jsgf
    assert "h w" in jsgf and "four zero nine one seven" in jsgf and "forty thousand" in jsgf
    assert "four pounds" in jsgf and "pounds four" in jsgf


def test_audio_is_saved_only_when_the_trainee_asks(recogniser: Recogniser, tmp_path: Path) -> None:
    answers = [c.text for c in scenario(CALL).nodes["start"].choices]
    pcm = espeak_pcm(answers[2], "en-us", 175)
    for save in (None, tmp_path / "review" / "answer.wav"):
        session = ListeningSession(recogniser, answers, 0.0, save_to=save)
        session.push(0.0, pcm)
        session.stop()
        result = session.wait(60)
        assert result is not None and result.heard.index == 2
        assert result.saved == save
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["answer.wav"]
    assert WavSource(tmp_path / "review" / "answer.wav").pcm == pcm


def test_a_broken_wav_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF not really")
    with pytest.raises(AudioFileError, match="broken.wav"):
        WavSource(bad)


def test_no_recogniser_installed_says_why() -> None:
    probe = textwrap.dedent(
        """
        import sys
        sys.modules["pocketsphinx"] = None
        from simulator.listen.recogniser import Recogniser, RecogniserUnavailable, recogniser_missing
        try:
            Recogniser()
        except RecogniserUnavailable as exc:
            print("unavailable:", exc)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        check=False,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "unavailable:" in out.stdout and "pocketsphinx" in out.stdout


def test_a_recogniser_that_fails_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    import pocketsphinx

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("Failed to initialize PocketSphinx")

    monkeypatch.setattr(pocketsphinx, "Decoder", broken)
    with pytest.raises(RecogniserUnavailable, match="could not start"):
        Recogniser()


def test_a_recogniser_failing_mid_answer_is_reported_not_raised() -> None:
    class Failing(Recogniser):
        def __init__(self) -> None:
            pass

        def listen(self, answers: object, gists: object = (), *, own_words: bool = False) -> None:
            raise RuntimeError("decoder crashed")

    session = ListeningSession(Failing(), ["Hello"], 0.0)
    session.stop()
    result = session.wait(10)
    assert result is not None and "decoder crashed" in result.error and result.heard.index is None


GIST_CALL = CALL.replace(
    "        effects: {empathy: 2}",
    "        gist: Apologise and chase the refund\n        effects: {empathy: 2}",
)


def test_a_gist_loads_and_the_answer_can_be_said_as_its_gist(recogniser: Recogniser) -> None:
    node = scenario(GIST_CALL).nodes["start"]
    assert [c.gist for c in node.choices] == ["Apologise and chase the refund", "", ""]
    answers, gists = [c.text for c in node.choices], [c.gist for c in node.choices]
    recogniser.listen(answers, gists)
    recogniser.feed(espeak_pcm("Apologise and chase the refund", "en-us", 175))
    heard = recogniser.finish()
    assert heard.index == 0 and heard.sure
    recogniser.listen(answers, gists)  # the full text still counts
    recogniser.feed(espeak_pcm(answers[0], "en-gb+f3", 175))
    assert recogniser.finish().index == 0


def test_a_gist_must_be_text() -> None:
    with pytest.raises(AssertionError, match="gist"):
        scenario(GIST_CALL.replace("gist: Apologise and chase the refund", "gist: [1, 2]"))


def test_a_short_answer_is_not_forced_through_a_longer_sentence(recogniser: Recogniser) -> None:
    # Seen before the voiced-audio check: "go on i'm listening" heard, sure, for this sentence.
    answers = [
        "Go on, I'm listening.",
        "Can I take the account number, please?",
        "Activations can take up to five working days.",
    ]
    recogniser.listen(answers)
    recogniser.feed(espeak_pcm("A phone hotspot in a brand new flat, that's a miserable start."))
    heard = recogniser.finish()
    assert not heard.sure, heard
    recogniser.listen(answers)
    recogniser.feed(espeak_pcm(answers[0]))
    assert recogniser.finish().sure


def test_voiced_frames_count_only_the_loud_part() -> None:
    tone = b"".join(
        int(8000 * (1 if (i // 20) % 2 else -1)).to_bytes(2, "little", signed=True)
        for i in range(16000)
    )
    frames = VoicedFrames()
    frames.feed(bytes(16000) + tone)  # 0.5 s of silence, then 1 s of sound: frames 50-149 voiced
    assert frames.covered([(50, 149)]) == 1.0
    assert frames.covered([(50, 99)]) == 0.5
    assert frames.covered([(0, 49)]) == 0.0


def test_gist_mode_hears_own_words_on_the_text_and_the_gist(
    recogniser: Recogniser, tmp_path: Path
) -> None:
    node = scenario(GIST_CALL).nodes["start"]
    answers, gists = [c.text for c in node.choices], [c.gist for c in node.choices]
    wav = tmp_path / "own.wav"
    # Own words are heard roughly (tests/test_listen_paraphrases.py measures how well): the best
    # guess for the text's and the gist's words out of order is the right answer.
    write_wav(str(wav), espeak_pcm("Your refund, I'll chase it and find out where it is.", "en-us"))
    session = ListeningSession(recogniser, answers, 0.0, gists=gists)  # gists given: own words
    for t, chunk in WavSource(wav).chunks():
        session.push(t, chunk)
    session.stop()
    result = session.wait(60)
    assert result is not None and result.heard.index == 0, result
    recogniser.listen(answers, gists, own_words=True)
    recogniser.feed(espeak_pcm("What is the number on your order?", "en-us"))
    heard = recogniser.finish()
    assert heard.index == 2 or not heard.sure, heard  # never taken for the apology
