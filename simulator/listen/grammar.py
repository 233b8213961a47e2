"""The answers on screen as a JSGF grammar: the recogniser can only hear one of them, whole.

Why a grammar of whole answers rather than dictation or keyword spotting: choosing among three or
four known sentences is a far easier problem than free dictation (which turned "I'm sorry about
the wait" into "sorry about that when"), and a path that must run through every word of one answer
fails to finish when the trainee said something else, which is exactly when the game should ask
them to repeat. Words the dictionary lacks are spelt as letters ("HW" as "h w") or split into two
known words ("doorstep"); a word that can be neither is left out of the grammar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.listen.spoken import Alternatives, spoken_tokens

Lookup = Callable[[str], str | None]  # a word's pronunciation, or None when it is unknown


@dataclass(frozen=True)
class AnswerGrammar:
    """A JSGF grammar over some answers, with the pronunciations it had to add and the words it left out."""

    jsgf: str
    single: tuple[str, ...]  # one grammar per answer, to tell which answer some words belong to
    added: dict[str, str]  # word -> phones, for words made from known pieces
    dropped: tuple[str, ...]  # words with no pronunciation


def _split_known(word: str, lookup: Lookup) -> str | None:
    """Phones for ``word`` made of known pieces: a possessive or plural of a known word, or two
    dictionary words of three letters or more ("doorstep" = "door" + "step")."""
    for ending, phone in (("'s", "Z"), ("s", "Z"), ("ed", "D")):
        base = lookup(word[: -len(ending)]) if word.endswith(ending) else None
        if base:
            return f"{base} {phone}"
    bare = word.replace("'", "")
    for cut in range(len(bare) - 3, 2, -1):
        head, tail = lookup(bare[:cut]), lookup(bare[cut:])
        if head and tail:
            return f"{head} {tail}"
    return None


def _word_forms(
    word: str, lookup: Lookup, added: dict[str, str], dropped: list[str]
) -> tuple[str, ...]:
    """How ``word`` goes into the grammar: itself, its letters, a new compound entry or nothing."""
    if word in added or lookup(word):
        return (word,)
    bare = word.replace("'", "")
    if bare.isalpha() and len(bare) <= 4:
        letters = tuple(bare)
        if all(lookup(letter) for letter in letters):
            return letters
    phones = _split_known(word, lookup)
    if phones:
        added[word] = phones
        return (word,)
    dropped.append(word)
    return ()


def _token_rule(
    token: Alternatives, lookup: Lookup, added: dict[str, str], dropped: list[str]
) -> str:
    forms = []
    for reading in token:
        words = [w for word in reading for w in _word_forms(word, lookup, added, dropped)]
        if words:
            forms.append(" ".join(words))
    forms = list(dict.fromkeys(forms))
    if not forms:
        return ""
    return forms[0] if len(forms) == 1 else "( " + " | ".join(forms) + " )"


def answer_grammar(
    answers: Sequence[str], lookup: Lookup, gists: Sequence[str] = ()
) -> AnswerGrammar:
    """A grammar whose sentences are exactly the ``answers`` (each token in any of its readings);
    an answer with a gist (``gists[i]``, "" for none) may also be said as its gist."""
    added: dict[str, str] = {}
    dropped: list[str] = []
    rules = []
    for i, text in enumerate(answers):
        gist = gists[i] if i < len(gists) else ""
        bodies = []
        for sentence in (text, gist) if gist else (text,):
            parts = [_token_rule(t, lookup, added, dropped) for t in spoken_tokens(sentence)]
            bodies.append(" ".join(p for p in parts if p))
        body = " | ".join(f"( {b} )" for b in bodies if b) if len(bodies) > 1 else bodies[0]
        rules.append(body or "<VOID>")
    # One public rule per grammar: pocketsphinx takes "the first public rule" from a hash table,
    # so with several public rules it could pick any of them.
    top = " | ".join(f"( {r} )" for r in rules) or "<VOID>"
    head = "#JSGF V1.0;\ngrammar answers;\npublic <answer> = "
    single = tuple(f"{head}{r};\n" for r in rules)
    return AnswerGrammar(f"{head}{top};\n", single, added, tuple(dict.fromkeys(dropped)))


def word_loop_grammar(words: Sequence[str], lookup: Lookup) -> AnswerGrammar:
    """A grammar of any run of ``words`` (for gist mode, where the trainee uses their own words)."""
    added: dict[str, str] = {}
    dropped: list[str] = []
    forms = [f for word in words for f in _word_forms(word, lookup, added, dropped)]
    body = " | ".join(dict.fromkeys(forms)) or "<VOID>"
    jsgf = f"#JSGF V1.0;\ngrammar words;\npublic <words> = <word>+;\n<word> = {body};\n"
    return AnswerGrammar(jsgf, (), added, tuple(dict.fromkeys(dropped)))
