"""The shipped calls score by the second edition's model (issue 12), judged on the calls most likely to break it.

For each second-edition call, these calls are played through the real engine and judged:
the best route the engine reports; the best route with each decision changed to each other
option on screen there and then played on greedily (the highest-scoring open answer not yet
taken, the likeliest way for one mistake to slip through); a route to each ending (the
breadth-first search of ``ending_routes``); and every strategy bot's shuffled calls. On each:

- a call with a critical error never passes and scores at most the rubric's ``critical_cap``;
- no principle earns more than the ceiling the engine reports for it, no percent exceeds 100;
- an ending whose outcome cannot pass never passes and shows at most 2 stars.

And the reported best route replays, choice by choice in authored order, to exactly its
points, ending and percent, passes, and commits no critical error.
"""

from __future__ import annotations

import pytest
from bots import BOTS, play_call
from ending_routes import play, routes_to_endings
from test_library import SECOND_EDITION, by_id, rubric_of

from simulator.engine.conversation import Conversation, OpenChoice
from simulator.engine.effects import choice_effect
from simulator.engine.scoring import FAILED_CALL_STARS
from simulator.scenario.model import Node, Scenario, outcome_class

# The most stars a call whose outcome cannot pass may show (the spec's outcome table).
CANNOT_PASS_STARS = 2
# A greedy continuation that has not ended after this many answers is stopped and judged a fault.
MAX_STEPS = 80


def committed(conv: Conversation) -> list[str]:
    """The critical errors of the choices taken so far."""
    nodes = conv.scenario.nodes
    return [
        cid
        for d in conv.decisions
        for cid in nodes[d.node_id].choices[d.chosen.choice_index].critical
    ]


def judge(conv: Conversation, where: str) -> list[str]:
    """What a finished call breaks of the scoring rules (see the module doc), each naming ``where``."""
    if not conv.ended:
        return [f"{where}: the call did not end"]
    result, rubric, found = conv.result(), conv.rubric, []
    errors = committed(conv)
    if errors and (result.passed or result.percent > rubric.critical_cap):
        found.append(
            f"{where}: {', '.join(errors)} yet {result.percent}%{' and passed' if result.passed else ''}"
        )
    for name, score in result.scores.items():
        top = conv.ceiling.max_points.get(name, 0)
        if score.points > max(top, 0) or (score.percent is not None and score.percent > 100):
            found.append(
                f"{where}: {name} {score.points} points ({score.percent}%) beyond the ceiling {top}"
            )
    if not outcome_class(result.outcome).can_pass and (
        result.passed or result.csat > CANNOT_PASS_STARS
    ):
        found.append(
            f"{where}: ended {result.outcome} yet {'passed, ' if result.passed else ''}{result.csat} stars"
        )
    if not result.passed and result.csat > FAILED_CALL_STARS:
        found.append(f"{where}: failed ({result.percent}%) yet {result.csat} stars")
    return found


def authored(conv: Conversation, index: int) -> int:
    """The number shown for the node's choice ``index`` (0-based), or 0 when it is not open."""
    return next((oc.number for oc in conv.choices if oc.choice_index == index), 0)


def _preference(
    conv: Conversation,
    node: Node,
    taken: set[tuple[str, int]],
    weights: dict[str, float],
    oc: OpenChoice,
) -> tuple[bool, float, int]:
    """How much a greedy trainee wants ``oc``: untaken first, then weighted points, then lowest number."""
    points = choice_effect(node, oc.choice, conv.rubric).points
    return (
        (node.id, oc.choice_index) not in taken,
        sum(weights.get(p, 0) * v for p, v in points.items()),
        -oc.number,
    )


def play_on_greedily(conv: Conversation) -> None:
    """Answer with the highest-weighted open choice not taken yet (a taken one only when nothing else is open)."""
    weights = conv.rubric.weights(conv.scenario.weights)
    for _ in range(MAX_STEPS):
        if conv.ended:
            return
        node = conv.node
        assert node is not None
        taken = {(d.node_id, d.chosen.choice_index) for d in conv.decisions}
        ranked = [(_preference(conv, node, taken, weights, oc), oc.number) for oc in conv.choices]
        conv.choose(max(ranked)[1])


def deviations(scenario: Scenario) -> list[tuple[str, Conversation]]:
    """The best route with one decision changed to each other open option, played on greedily, as (label, call)."""
    rubric = rubric_of(scenario)
    base = Conversation(scenario, rubric)
    steps = base.ceiling.best_steps
    calls = []
    for k, (node_id, number) in enumerate(steps):
        # The ceiling is the same for every call of the scenario: searched once.
        prefix = Conversation(scenario, rubric, known_ceiling=base.ceiling)
        for nid, n in steps[:k]:
            assert authored(prefix, n - 1), (
                f"{scenario.id}/{nid}: the best route's choice {n} is not open there"
            )
            prefix.choose(authored(prefix, n - 1))
        assert not prefix.ended and prefix.node is not None and prefix.node.id == node_id, (
            f"{scenario.id}: best route left"
        )
        for oc in prefix.choices:
            if oc.choice_index == number - 1:
                continue
            conv = Conversation.restore(scenario, rubric, prefix.save(), known_ceiling=base.ceiling)
            conv.choose(oc.number)
            play_on_greedily(conv)
            calls.append(
                (f"{scenario.id}: best route with {node_id} choice {oc.choice_index + 1}", conv)
            )
    return calls


@pytest.mark.parametrize("scenario", SECOND_EDITION, ids=by_id)
def test_one_changed_choice_keeps_the_scoring_rules(scenario: Scenario) -> None:
    """Critical errors fail, no principle beats its ceiling, failed outcomes show few stars: after any one mistake."""
    calls = deviations(scenario)
    assert calls, f"{scenario.id}: the best route offers no other option anywhere"
    found = [line for label, conv in calls for line in judge(conv, label)]
    assert found == [], "\n".join(found[:12])


@pytest.mark.parametrize("scenario", SECOND_EDITION, ids=by_id)
def test_every_ending_and_every_bot_call_keeps_the_scoring_rules(scenario: Scenario) -> None:
    rubric = rubric_of(scenario)
    found = []
    for ending, moves in routes_to_endings(scenario, rubric).items():
        found += judge(play(scenario, rubric, moves), f"{scenario.id}: a route to {ending}")
    ceil = Conversation(scenario, rubric).ceiling
    for bot in BOTS:
        for seed in range(2):
            conv = Conversation(scenario, rubric, seed=seed, shuffle=True, known_ceiling=ceil)
            call = play_call(scenario, rubric, bot, seed, ceil)
            for text in call.said:
                if conv.ended:
                    break
                conv.choose(next(oc.number for oc in conv.choices if oc.choice.text == text))
            found += judge(conv, f"{scenario.id}: bot {bot.name} seed {seed}")
    assert found == [], "\n".join(found[:12])


@pytest.mark.parametrize("scenario", SECOND_EDITION, ids=by_id)
def test_the_best_route_replays_to_its_reported_score_and_passes(scenario: Scenario) -> None:
    conv = Conversation(scenario, rubric_of(scenario))
    ceil = conv.ceiling
    for node_id, number in ceil.best_steps:
        assert not conv.ended and conv.node is not None and conv.node.id == node_id, (
            node_id,
            ceil.best_steps,
        )
        shown = authored(conv, number - 1)
        assert shown, f"{scenario.id}/{node_id}: the best route's choice {number} is not open there"
        conv.choose(shown)
    result = conv.result()
    assert conv.ended and result.ending == ceil.best_ending
    assert {p: s.points for p, s in result.scores.items()} == {
        p: ceil.best_points.get(p, 0) for p in result.scores
    }
    assert result.best is not None and result.percent == result.best.percent
    assert committed(conv) == [] and result.passed, (
        f"{scenario.id}: the best route scores {result.percent}%"
    )
    assert judge(conv, f"{scenario.id}: the best route") == []
