"""The exact ceiling, proved against brute force on generated scenarios.

Hypothesis writes small calls with everything that makes a ceiling hard:
conditions on flags, visits, details heard, mood and patience; flags set and
cleared; once-only choices; apologies (over_apology); critical errors; patience
that runs out; endings whose outcome can or cannot pass; and loops. Every route
of up to ``DEPTH`` decisions is then played through the real engine
(``Conversation``, restored from its own saves), and:

* no route earns more on any principle than the reported ceiling;
* no route beats the reported best route by the best route's own measure
  (fewest critical decisions, then an outcome that can pass, then the weighted
  score); when the best route is itself within reach of the enumeration, the
  enumeration's best ties with it;
* the reported best route replays through ``Conversation`` to exactly the
  reported points and ending.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_engine_kit import rubric

from simulator.engine.best import ceiling, scales
from simulator.engine.conversation import Conversation
from simulator.scenario.located import Pos
from simulator.scenario.model import (
    Choice,
    Condition,
    Ending,
    Node,
    Persona,
    Scenario,
    outcome_class,
)

DEPTH = 7
RUBRIC = rubric()
PRINCIPLES = list(RUBRIC.principles)
_POS = Pos("gen.yaml", 1, 1)
FLAGS = ("f1", "f2")
DETAILS = ("d1",)


@st.composite
def conditions(draw: st.DrawFn, node_ids: list[str]) -> Condition | None:
    """None, or one test of the call's history, sometimes negated."""
    kind = draw(
        st.sampled_from(
            ("none", "none", "flag", "not_flag", "visited", "heard", "mood", "patience")
        )
    )
    if kind == "none":
        return None
    if kind in ("flag", "not_flag"):
        cond = Condition(kind, draw(st.sampled_from(FLAGS)), _POS)
    elif kind == "visited":
        cond = Condition("visited", draw(st.sampled_from(node_ids)), _POS)
    elif kind == "heard":
        cond = Condition("heard", DETAILS[0], _POS)
    elif kind == "mood":
        cond = Condition(
            draw(st.sampled_from(("mood_at_least", "mood_below"))),
            draw(st.sampled_from((-10, 0, 10))),
            _POS,
        )
    else:
        cond = Condition("patience_below", draw(st.sampled_from((10, 20))), _POS)
    return Condition("not", cond, _POS) if draw(st.integers(0, 4)) == 0 else cond


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A small call with conditions, flags, once-only choices, apologies, critical errors, patience and loops."""
    n = draw(st.integers(1, 4))
    node_ids = [f"n{i}" for i in range(n)]
    endings = {
        "good": Ending(
            "good",
            draw(st.sampled_from(("resolved", "resolved_unhappy", "callback_scheduled"))),
            None,
            _POS,
        ),
        "bad": Ending(
            "bad",
            draw(st.sampled_from(("escalated", "transferred", "hung_up", "resolved"))),
            None,
            _POS,
        ),
    }
    targets = node_ids + list(endings)
    nodes: dict[str, Node] = {}
    for nid in node_ids:
        choices = []
        for k in range(draw(st.integers(1, 3))):
            effects = draw(
                st.dictionaries(st.sampled_from(PRINCIPLES[:4]), st.integers(-2, 3), max_size=2)
            )
            choices.append(
                Choice(
                    text=f"{nid} choice {k}",
                    feedback="f",
                    next=draw(st.sampled_from(targets)),
                    pos=_POS,
                    effects=effects,
                    mood=draw(st.sampled_from((0, 0, -15, 10))),
                    patience=draw(st.sampled_from((0, 0, -15, -30, 5))),
                    condition=draw(conditions(node_ids)),
                    sets=tuple(draw(st.lists(st.sampled_from(FLAGS), max_size=1))),
                    clears=tuple(draw(st.lists(st.sampled_from(FLAGS), max_size=1))),
                    recall=DETAILS[0] if draw(st.integers(0, 5)) == 0 else None,
                    critical=("blame_customer",) if draw(st.integers(0, 4)) == 0 else (),
                    once=draw(st.integers(0, 3)) == 0,
                    apology=draw(st.integers(0, 3)) == 0,
                )
            )
        mentions = {DETAILS[0]: "detail"} if draw(st.integers(0, 2)) == 0 else {}
        nodes[nid] = Node(nid, (f"line {nid}",), choices, _POS, mentions=mentions)
    persona = Persona(
        "Gen",
        mood=draw(st.sampled_from((-20, 0, 20))),
        patience=draw(st.sampled_from((20, 40, 100))),
    )
    return Scenario(
        "gen", "Generated", "", "irate", "easy", persona, "n0", nodes, endings, "gen.yaml", _POS
    )


def _explore(sc: Scenario) -> list[dict[str, Any]]:
    """Every route of up to DEPTH decisions that ends the call, played through the engine."""
    finished: list[dict[str, Any]] = []
    stack = [Conversation(sc, RUBRIC, mode="practice", known_ceiling=None)]
    while stack:
        conv = stack.pop()
        if conv.ended:
            finished.append(conv.save())
            continue
        if len(conv.decisions) >= DEPTH:
            continue
        saved = conv.save()
        for oc in conv.choices:
            nxt = Conversation.restore(sc, RUBRIC, saved)
            nxt.choose(oc.number)
            stack.append(nxt)
    return finished


def _key(sc: Scenario, state: dict[str, Any], scale: list[float]) -> tuple[float, float, float]:
    """The best route's measure of a finished call: (-critical decisions, outcome can pass, weighted points)."""
    critical = sum(1 for d in state["decisions"] if d["critical"])
    can_pass = outcome_class(sc.target(state["ending"]).outcome).can_pass  # type: ignore[union-attr]
    points = state["points"]
    return (
        -critical,
        1.0 if can_pass else 0.0,
        sum(s * points.get(p, 0) for s, p in zip(scale, PRINCIPLES, strict=True)),
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios())
def test_no_playable_route_beats_the_ceiling_and_the_best_route_replays_exactly(
    sc: Scenario,
) -> None:
    ceil = ceiling(sc, RUBRIC)
    assert ceil.method in ("graph", "states")  # small enough to be exact
    scale = scales(RUBRIC, sc, ceil.max_points, PRINCIPLES)
    routes = _explore(sc)
    for state in routes:
        for p in PRINCIPLES:
            assert state["points"].get(p, 0) <= ceil.max_points[p], (p, state["decisions"])
    if not ceil.best_steps:
        assert routes == []  # no ending can be reached at all
        return
    # The best route replays through the engine to exactly what was reported.
    conv = Conversation(sc, RUBRIC, mode="practice")
    for nid, n in ceil.best_steps:
        assert not conv.ended and conv.node is not None and conv.node.id == nid
        conv.choose(next(oc.number for oc in conv.choices if oc.choice_index == n - 1))
    assert conv.ended and conv.ending is not None and conv.ending.id == ceil.best_ending
    assert {p: conv.state.points.get(p, 0) for p in PRINCIPLES} == {
        p: ceil.best_points.get(p, 0) for p in PRINCIPLES
    }
    assert sorted(d.critical for d in conv.decisions if d.critical) == sorted(
        [c] for c in ceil.best_critical
    )
    best = _key(sc, conv.save(), scale)
    for state in routes:
        got = _key(sc, state, scale)
        assert (got[0], got[1], round(got[2], 9)) <= (best[0], best[1], round(best[2], 9)), (
            state["decisions"],
            ceil.best_steps,
        )
    if len(ceil.best_steps) <= DEPTH:
        top = max(_key(sc, s, scale) for s in routes)
        assert (top[0], top[1], round(top[2], 9)) == (best[0], best[1], round(best[2], 9))
    # The result the engine reports for any call carries the same best route.
    assert conv.best_path().steps == ceil.best_steps
