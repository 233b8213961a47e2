"""Gist mode: the trainee says an answer in their own words, matched by the words that matter.

Only the gists are on screen, so no grammar of whole sentences can hold what the trainee says.
The recogniser instead hears any run of words from a vocabulary: every word of every answer's text
and gist, plus the everyday words agents say around them (``COMMON``). The answer is then the one
whose content words (text and gist, common words left out) the heard words hit most, each hit
weighed by how few answers share the word: "refund" said over four answers of which only one talks
of refunds counts, "sorry" said over three sorry answers hardly counts. Two answers hit about as
well is a tie, and a tie is never sure.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.listen.matching import SURE, Match
from simulator.listen.spoken import plain_words

# Words an agent says whatever the answer: part of the vocabulary (so speech has somewhere to go)
# but never evidence for one answer over another.
COMMON = frozenset(
    """a about all am an and any are as at back be been but by can can't could did do don't
    for from get go going got had has have he her here him his how i i'd i'll i'm i've if in is
    it it's just know let let's like me more my no not now of oh ok okay on one or our out please
    really right said say see she sir so some sorry than thank thanks that that's the them then
    there they this to too up us very want was we we'll we're well what what's when where which
    will with would yes you you'd you'll you're you've your""".split()
)
SURE_SCORE = 1.5  # weighed hits the best answer needs (a word only it has counts 1)
SURE_LEAD = 0.4  # and the share of its score it must lead the next answer by


def stem(word: str) -> str:
    """A word without its common ending, so "refunds", "refunded" and "refund" count alike."""
    word = word.replace("'", "")
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def content_words(text: str) -> set[str]:
    """The stems of ``text``'s words that are not everyday words."""
    return {stem(w) for w in plain_words(text) if w not in COMMON}


def vocabulary(answers: Sequence[str], gists: Sequence[str]) -> list[str]:
    """Every word the own-words search may hear: the answers', the gists' and the common ones."""
    words = dict.fromkeys(COMMON)
    for text in [*answers, *gists]:
        words.update(dict.fromkeys(plain_words(text)))
    return list(words)


def own_words_match(heard: str, answers: Sequence[str], gists: Sequence[str] = ()) -> Match:
    """The answer whose text and gist the content words of ``heard`` fit best; confidence is its
    lead over the next answer (0-1), and is kept below sure when the evidence is thin or tied."""
    wanted = [
        content_words(text) | content_words(gists[i] if i < len(gists) else "")
        for i, text in enumerate(answers)
    ]
    said = {stem(w) for w in heard.split() if w not in COMMON}
    if not said or not answers:
        return Match(None, 0.0)
    shared = {w: sum(w in words for words in wanted) for w in said}
    scores = sorted(
        ((sum(1 / shared[w] for w in said & words), i) for i, words in enumerate(wanted)),
        key=lambda s: (-s[0], s[1]),
    )
    best, index = scores[0]
    if best == 0:
        return Match(None, 0.0)
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    lead = (best - runner_up) / best
    if best < SURE_SCORE or lead < SURE_LEAD:
        return Match(index, min(lead, SURE - 0.01))
    return Match(index, max(lead, SURE))
