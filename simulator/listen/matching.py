"""Which answer some heard words belong to, and how sure that is.

A grammar path that reached the end of an answer is that answer, for certain. When the speech ran
off every path (the trainee paused, stumbled or said something else), the decoder still reports
the words it got through; they are compared with each answer's words in order, and the share of
the answer they cover is the confidence. Two answers that the heard words fit equally well are a
tie, and a tie is never sure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from simulator.listen.spoken import plain_words

SURE = 0.85  # below this share of an answer's words, the game asks the trainee to repeat


@dataclass(frozen=True)
class Match:
    """The best answer for some heard words (None if no answer shares a word), and the confidence."""

    index: int | None
    confidence: float

    @property
    def sure(self) -> bool:
        """True when the answer may be played without asking."""
        return self.index is not None and self.confidence >= SURE


def _covered(heard: list[str], answer: list[str]) -> int:
    blocks = SequenceMatcher(None, heard, answer, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks)


def best_match(heard: str, answers: Sequence[str], gists: Sequence[str] = ()) -> Match:
    """The answer the words ``heard`` fit best (by its text, or its gist where given); confidence
    is the share of it they cover."""
    words = heard.split()
    if not words:
        return Match(None, 0.0)
    scores = []
    for i, text in enumerate(answers):
        sentences = [text] + [gists[i]] if i < len(gists) and gists[i] else [text]
        best = (0.0, 0)
        for sentence in sentences:
            target = plain_words(sentence)
            hits = _covered(words, target)
            best = max(best, (hits / max(len(target), len(words), 1), hits))
        scores.append((best[0], best[1], i))
    scores.sort(key=lambda s: (-s[0], s[2]))
    share, hits, index = scores[0]
    if hits == 0:
        return Match(None, 0.0)
    if len(scores) > 1 and scores[1][1] >= hits:
        return Match(index, min(share, 0.5))  # tied: never sure
    return Match(index, share)
