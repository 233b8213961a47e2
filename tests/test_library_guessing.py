"""No shortcut beats the principles: surface cues must not give the best answer away.

A trainee who learns "pick option 1" or "pick the longest answer" or "pick the warmest words"
learns nothing. The strategy bots of ``tests/bots.py`` play every second-edition call in
shuffled order, seeing only the option texts and the customer's lines; none may pass more
than 10% of the calls or average above 50% (issues 12 and 14). Run them by hand with
``python -m tests.bots [PATHS] --show-passes`` to see which answers gave a call away.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pytest
from bots import (
    ALL_BOTS,
    AUTHORED_FIRST,
    MAX_AVERAGE,
    MAX_PASS_SHARE,
    Bot,
    Call,
    play_library,
    tallies,
)
from library_checks import decisions, profile, weighted
from test_library import FIRST_EDITION, SECOND_EDITION, rubric_of

from simulator.engine.conversation import Conversation, OpenChoice

Picker = Callable[[list[OpenChoice]], OpenChoice]


@lru_cache(maxsize=1)
def second_edition_calls() -> tuple[Call, ...]:
    """Every bot's calls over the second-edition library (played once for all the tests here)."""
    return tuple(play_library([(s, rubric_of(s)) for s in SECOND_EDITION], ALL_BOTS))


@pytest.mark.parametrize("bot", [b for b in ALL_BOTS if b.shuffled], ids=lambda b: b.name)
def test_no_text_only_bot_passes_more_than_a_tenth_of_the_calls(bot: Bot) -> None:
    calls = [c for c in second_edition_calls() if c.bot == bot.name]
    _, totals = tallies(calls)
    if not calls:
        assert SECOND_EDITION == []
        return
    t = totals[bot.name]
    passed = sorted({f"{c.scenario} (seed {c.seed})" for c in calls if c.passed})
    assert t.pass_share <= MAX_PASS_SHARE, (
        f"{bot.name} ({bot.description}) passes {t.passes} of {t.calls} calls: {', '.join(passed)}; "
        f"see python -m tests.bots --bots {bot.name} --show-passes"
    )
    assert t.average <= MAX_AVERAGE, f"{bot.name} ({bot.description}) averages {t.average:.1f}%"


def test_taking_choice_one_as_written_passes_almost_no_call() -> None:
    """`play ID --choices 1,1,1,...` must not be a way through the library."""
    calls = [c for c in second_edition_calls() if c.bot == AUTHORED_FIRST.name]
    passed = [c.scenario for c in calls if c.passed]
    assert len(passed) <= MAX_PASS_SHARE * len(calls), f"choice 1 every time passes {passed}"


def share_where_best_is(pick_length: Callable[[list[int]], int]) -> tuple[int, int]:
    """Of the second-edition decisions with one clear best answer, how many have it at the length
    ``pick_length`` picks, and how many there are."""
    hits = total = 0
    for sc in SECOND_EDITION:
        rubric = rubric_of(sc)
        weights = rubric.weights(sc.weights)
        for nid in decisions(sc, rubric):
            node = sc.nodes[nid]
            if len(node.choices) < 2:
                continue
            value = [weighted(points, weights) for points, _ in profile(node, rubric)]
            best = [i for i, v in enumerate(value) if v == max(value)]
            if len(best) != 1:
                continue
            total += 1
            lengths = [len(c.text) for c in node.choices]
            hits += lengths[best[0]] == pick_length(lengths)
    return hits, total


@pytest.mark.parametrize("pick_length", [max, min], ids=["longest", "shortest"])
def test_the_best_answer_is_not_usually_the_longest_nor_the_shortest(
    pick_length: Callable[[list[int]], int],
) -> None:
    hits, total = share_where_best_is(pick_length)
    assert hits <= total / 2, (
        f"the best answer is also the {pick_length.__name__} in {hits} of {total} decisions"
    )


# --- the first edition, until rewritten: authored order, length guesses ---------------------


def longest(options: list[OpenChoice]) -> OpenChoice:
    """The guesser's rule: the answer with the most words sounds the most thorough."""
    return max(options, key=lambda oc: len(oc.choice.text))


def shortest(options: list[OpenChoice]) -> OpenChoice:
    """The opposite guess: the crispest answer."""
    return min(options, key=lambda oc: len(oc.choice.text))


def second_longest(options: list[OpenChoice]) -> OpenChoice:
    """The guess of someone who has learnt that the longest answer is often a trap."""
    ranked = sorted(options, key=lambda oc: len(oc.choice.text), reverse=True)
    return ranked[1] if len(ranked) > 1 else ranked[0]


def bot_passes(scenario, pick: Picker) -> bool:  # type: ignore[no-untyped-def]
    """Whether a call played in authored order by always taking ``pick`` of the open answers passes."""
    conv = Conversation(scenario, rubric_of(scenario))
    for _ in range(200):
        if conv.ended:
            break
        conv.choose(pick(conv.choices).number)
    return conv.ended and conv.result().passed


@pytest.mark.parametrize("pick", [longest, second_longest, shortest], ids=lambda p: p.__name__)
def test_a_length_guessing_bot_fails_most_first_edition_calls(pick: Picker) -> None:
    passed = [sc.id for sc in FIRST_EDITION if bot_passes(sc, pick)]
    assert len(passed) <= len(FIRST_EDITION) // 4, (
        f"always picking the {pick.__name__} answer passes: {passed}"
    )
