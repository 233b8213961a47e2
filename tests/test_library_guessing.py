"""No shortcut beats the principles: surface cues must not give the best answer away.

A trainee who learns "pick option 1" or "pick the longest answer" learns nothing. Choices
are shuffled per call (engine tests cover that); these checks keep the writing honest too.
"""

from __future__ import annotations

from typing import Callable

import pytest

from simulator.engine.conversation import Conversation, OpenChoice
from simulator.engine.effects import choice_effect
from simulator.validation.library import load_library, rubric_for
from simulator.paths import SCENARIOS_DIR
from test_library import SHIPPED

SCENARIOS = [s for s in load_library(SCENARIOS_DIR).scenarios if s.id in SHIPPED]
RUBRIC = rubric_for(SCENARIOS[0].path)[0]

Picker = Callable[[list[OpenChoice]], OpenChoice]


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


def bot_passes(scenario, pick: Picker) -> bool:
    """Whether a call played by always taking ``pick`` of the open answers passes."""
    conv = Conversation(scenario, RUBRIC)
    for _ in range(200):
        if conv.ended:
            break
        conv.choose(pick(conv.choices).number)
    return conv.ended and conv.result().passed


def best_is_longest_share() -> float:
    """Of all decisions with one clear best answer, the share where it is also the longest."""
    hits = total = 0
    for sc in SCENARIOS:
        for node in sc.nodes.values():
            if len(node.choices) < 2:
                continue
            value = {
                i: sum(choice_effect(node, c, RUBRIC).points.values()) for i, c in enumerate(node.choices)
            }
            top = max(value.values())
            best = [i for i, v in value.items() if v == top]
            if len(best) != 1:
                continue
            total += 1
            lengths = [len(c.text) for c in node.choices]
            hits += lengths[best[0]] == max(lengths)
    return hits / total


@pytest.mark.parametrize("pick", [longest, second_longest, shortest], ids=lambda p: p.__name__)
def test_a_length_guessing_bot_fails_most_calls(pick: Picker) -> None:
    passed = [sc.id for sc in SCENARIOS if bot_passes(sc, pick)]
    assert len(passed) <= len(SCENARIOS) // 4, f"always picking the {pick.__name__} answer passes: {passed}"


def test_the_best_answer_is_not_usually_the_longest() -> None:
    share = best_is_longest_share()
    assert share <= 0.5, f"the best answer is also the longest in {share:.0%} of decisions"
