"""The recogniser: pocketsphinx's bundled en-us model, searching a grammar of the answers on screen.

One ``Recogniser`` is built once (loading the model takes about 0.3 s) and reused for every
decision; ``listen`` starts an utterance over new answers, the audio is fed as it arrives (so
almost all decoding is done by the time the trainee stops), and ``finish`` returns what was heard.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.listen.grammar import answer_grammar, word_loop_grammar
from simulator.listen.matching import SURE, best_match
from simulator.listen.own_words import own_words_match, vocabulary
from simulator.listen.pcm import SAMPLE_RATE
from simulator.listen.voiced import VoicedFrames

BYTES_PER_SECOND = SAMPLE_RATE * 2
# 0.3 s of near-silence around an utterance: the model needs some silence to end the last word,
# and a real microphone always gives it (the capture keeps a little before and after speech).
PAD_SECONDS = 0.3
# The search, tuned on espeak-ng saying every shipped answer (tests/test_listen_accuracy.py).
# The default beams (1e-48) pruned the right answer's path whenever a word was said unlike the
# dictionary has it (a tenth of espeak-ng's answers were then asked again): with only a few
# sentences to choose from, very wide beams cost little and keep the right path alive. Scoring
# every second frame (ds=2) halves the acoustic model's work, the larger part of the cost, and
# the wide beams make up for it. No lattice best path (bestpath): on a grammar it only re-ranks
# what the search found and sometimes lost the whole answer.
SEARCH: dict[str, float | bool | int] = {
    "beam": 1e-120,
    "pbeam": 1e-120,
    "wbeam": 1e-100,
    "ds": 2,
    "bestpath": False,
    "wip": 0.65,
    "maxhmmpf": 30000,
}
# Gist mode's search hears any run of a hundred-odd words: wide beams there cost ~1 s a sentence,
# so they are narrower, and a low word insertion penalty (wip) keeps the loop from filling the
# speech with short words. Set on the decoder before that grammar is added (a search takes its
# beams when it is made); the answers' grammar gets SEARCH back.
OWN_WORDS_SEARCH: dict[str, float | bool | int] = {
    "beam": 1e-35,
    "pbeam": 1e-35,
    "wbeam": 1e-30,
    "wip": 0.05,
    "maxhmmpf": 3000,
}


COVERED = 0.75  # share of the voiced audio a whole answer's words must span to be taken as sure


class RecogniserUnavailable(RuntimeError):
    """The recogniser cannot run here; the message says why, in words for the settings screen."""


@dataclass(frozen=True)
class Heard:
    """What the recogniser made of one utterance: the likeliest answer's index (or None), the
    words it heard and how sure it is (1.0 when the speech ran through a whole answer)."""

    index: int | None
    words: str
    confidence: float

    @property
    def sure(self) -> bool:
        """True when the answer may be played without asking the trainee to repeat."""
        return self.index is not None and self.confidence >= SURE


def _padding() -> bytes:
    # Low, fixed noise rather than digital zeros: pure silence has no spectrum to normalise.
    pattern = [3, -2, 4, -5, 1, -3, 2, -1, 5, -4, 0, 2, -2, 3, -3, 1]
    n = int(PAD_SECONDS * SAMPLE_RATE)
    samples = (pattern * (n // len(pattern) + 1))[:n]
    return b"".join(s.to_bytes(2, "little", signed=True) for s in samples)


PADDING = _padding()


def recogniser_missing() -> str | None:
    """Why no recogniser can be built here (a sentence), or None when pocketsphinx is installed."""
    if importlib.util.find_spec("pocketsphinx") is None:
        return "speech recognition is not installed (the pocketsphinx package is missing)"
    return None


class Recogniser:
    """pocketsphinx constrained to the answers given to ``listen``; one utterance at a time."""

    def __init__(self) -> None:
        missing = recogniser_missing()
        if missing:
            raise RecogniserUnavailable(missing)
        try:
            import pocketsphinx

            config = pocketsphinx.Config(
                samprate=SAMPLE_RATE, lm=None, loglevel="FATAL", dither=True, **SEARCH
            )
            self._decoder: Any = pocketsphinx.Decoder(config)
        except Exception as exc:  # a broken install or model: say so, never crash the game
            raise RecogniserUnavailable(
                f"the speech recogniser could not start ({exc.__class__.__name__}: {exc}); "
                "reinstall the game to get its pocketsphinx model back"
            ) from exc
        self._answers: list[str] = []
        self._gists: list[str] = []
        self._paths: list[Any] = []
        self._own_words = False
        self._searching = False  # a grammar is in place for the answers above
        self._active = False
        self._voiced = VoicedFrames()

    def lookup(self, word: str) -> str | None:
        """The dictionary's phones for ``word``, or None."""
        result = self._decoder.lookup_word(word)
        return str(result) if result else None

    def listen(
        self, answers: Sequence[str], gists: Sequence[str] = (), *, own_words: bool = False
    ) -> None:
        """Start an utterance that can only be one of ``answers`` or, where given, its gist
        (ends any utterance in progress). With ``own_words`` (gist mode: only the gists are
        shown) the trainee may say any words, matched on each answer's text and gist."""
        if self._active:
            self._decoder.end_utt()
        # The same answers again (the trainee repeats, or a test says every answer of a
        # decision): the grammar in place is the one wanted; building it again costs ~5 ms.
        wanted = (list(answers), list(gists), own_words)
        if not self._searching or wanted != (self._answers, self._gists, self._own_words):
            self._use_grammar(answers, gists, own_words)
        self._decoder.start_utt()
        self._voiced = VoicedFrames()
        self._feed(PADDING)
        self._active = True

    def _use_grammar(self, answers: Sequence[str], gists: Sequence[str], own_words: bool) -> None:
        self._searching = False
        for key, value in (OWN_WORDS_SEARCH if own_words else SEARCH).items():
            self._decoder.config[key] = value
        if own_words:
            grammar = word_loop_grammar(vocabulary(answers, gists), self.lookup)
        else:
            grammar = answer_grammar(answers, self.lookup, gists)
        for word, phones in grammar.added.items():
            if not self.lookup(word):
                self._decoder.add_word(word, phones, False)
        jsgf = grammar.jsgf.encode("utf-8")
        try:
            self._decoder.add_jsgf_string("answers", jsgf)
            self._decoder.activate_search("answers")
            # One grammar per answer, to tell which answer a heard word sequence belongs to.
            paths = [self._decoder.parse_jsgf(one.encode("utf-8")) for one in grammar.single]
        except (ValueError, RuntimeError) as exc:
            raise RecogniserUnavailable(
                f"the answers could not be made into a grammar ({exc})"
            ) from exc
        self._answers = list(answers)
        self._gists = list(gists)
        self._own_words = own_words
        self._paths = paths
        self._searching = True

    def feed(self, pcm: bytes) -> None:
        """Decode more audio (16 kHz, 16-bit mono); cheap enough to call as the audio arrives."""
        if self._active and pcm:
            self._feed(pcm[: len(pcm) - len(pcm) % 2])

    def _feed(self, pcm: bytes) -> None:
        self._voiced.feed(pcm)
        self._decoder.process_raw(pcm, False, False)

    def finish(self) -> Heard:
        """End the utterance and say which answer it was (None when no answer fits the speech)."""
        if not self._active:
            return Heard(None, "", 0.0)
        self._feed(PADDING + PADDING)
        self._decoder.end_utt()
        self._active = False
        hyp = self._decoder.hyp()
        words = str(hyp.hypstr) if hyp is not None else ""
        if self._own_words:
            mine = own_words_match(words, self._answers, self._gists)
            return Heard(mine.index, words, mine.confidence)
        index = self._which(words) if words else None
        if index is not None:
            # A whole answer, but is it what was said? A short answer's path can be forced
            # through longer speech, the rest taken as noise: then its words cover little of
            # the voiced audio, and the trainee is asked again.
            spans = [
                (seg.start_frame, seg.end_frame)
                for seg in self._decoder.seg()
                if not seg.word.startswith(("<", "[", "+", "("))
            ]
            covered = self._voiced.covered(spans)
            return Heard(index, words, 1.0 if covered >= COVERED else min(covered, SURE - 0.01))
        if not words:
            return Heard(None, "", 0.0)
        # The speech ran off every whole answer part way (a word said differently from the
        # dictionary, a stumble, other words): score the words it got through.
        partial = best_match(words, self._answers, self._gists)
        return Heard(partial.index, words, partial.confidence)

    def _which(self, words: str) -> int | None:
        """The answer whose grammar path produced ``words`` (the first, if two read alike)."""
        return next((i for i, fsg in enumerate(self._paths) if fsg.accept(words)), None)
