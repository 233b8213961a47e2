"""Hearing many espeak-ng sentences fast, for the listening accuracy tests.

Each worker process (one per core) loads libespeak-ng and the recogniser once, then renders and
hears whole groups of sentences said over the same answers, so the grammar is built once per
group and no process is started per sentence. Workers are spawned, not forked: the test process
may already hold the speech library's global state.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from tests.spoken_audio import SPEEDS, VOICES, Speaker


@dataclass(frozen=True)
class Said:
    """One sentence to say over some answers, and the answer it should be heard as (None: none)."""

    where: str
    text: str
    expected: int | None
    voice: str = VOICES[0]
    speed: int = SPEEDS[0]


@dataclass(frozen=True)
class Group:
    """Sentences said while the same answers (and gists) are on screen."""

    answers: tuple[str, ...]
    said: tuple[Said, ...]
    gists: tuple[str, ...] = ()
    gist_mode: bool = False


@dataclass(frozen=True)
class Outcome:
    """What was heard for one ``Said``."""

    said: Said
    index: int | None
    sure: bool
    words: str

    @property
    def right(self) -> bool:
        """Heard, sure, as the answer it should be."""
        return self.sure and self.index == self.said.expected

    @property
    def wrong(self) -> bool:
        """Taken, sure, for an answer it is not: the mistake the game must not make."""
        return self.sure and self.index != self.said.expected

    def line(self) -> str:
        """One line for an assertion message."""
        return f"{self.said.where} ({self.said.voice}, {self.said.speed}): {self.words!r} -> {self.index}"


_worker: dict[str, object] = {}


def _start() -> None:
    from simulator.listen.recogniser import Recogniser

    _worker["speaker"] = Speaker()
    _worker["recogniser"] = Recogniser()


def _hear_group(group: Group) -> list[Outcome]:
    from simulator.listen.recogniser import Recogniser

    speaker, recogniser = _worker["speaker"], _worker["recogniser"]
    assert isinstance(speaker, Speaker) and isinstance(recogniser, Recogniser)
    outcomes = []
    for said in group.said:
        pcm = speaker.say(said.text, said.voice, said.speed)
        recogniser.listen(group.answers, group.gists, own_words=group.gist_mode)
        recogniser.feed(pcm)
        heard = recogniser.finish()
        outcomes.append(Outcome(said, heard.index, heard.sure, heard.words))
    return outcomes


def hear_all(groups: Sequence[Group]) -> list[Outcome]:
    """Render and hear every group's sentences, spread over the machine's cores."""
    workers = max(1, min(2, os.cpu_count() or 1))
    context = multiprocessing.get_context("spawn")
    # Longest groups first, so no worker is left with a long one at the end.
    ordered = sorted(groups, key=lambda g: -sum(len(s.text) for s in g.said))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start) as pool:
        return [o for outcomes in pool.map(_hear_group, ordered) for o in outcomes]


def every_way(where: str, text: str, expected: int | None) -> Iterable[Said]:
    """``text`` in both voices at both speeds."""
    for voice in VOICES:
        for speed in SPEEDS:
            yield Said(where, text, expected, voice, speed)
