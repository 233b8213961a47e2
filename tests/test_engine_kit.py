"""Shared helpers for the engine tests: inline YAML in, a validated scenario and a rubric out.

This module holds no tests. The rubric is written here rather than read from
scenarios/rubric.yaml so the exact numbers each test expects are pinned by the
tests themselves, not by whoever next tunes the shipped rubric.
"""

from __future__ import annotations

import textwrap
from typing import Any

from simulator.engine.conversation import Conversation
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric, rubric_from_doc
from simulator.scenario.yaml_loader import load_text
from simulator.validation.rubric_check import check_rubric
from simulator.validation.schema_walk import SchemaWalker, load_schema
from simulator.validation.validate import check_document

RUBRIC_YAML = """
pass_mark: 70
critical_cap: 50
critical_errors:
  blame_customer: {title: Blamed the customer, description: You made the caller the culprit.}
  told_to_calm_down: {title: Told the caller to calm down, description: It tells them their feelings are the problem.}
principles:
  listening: {title: Listening, description: Hear them out., weight: 2}
  empathy: {title: Empathy, description: Acknowledge the feeling., weight: 1}
  no_blame: {title: No blame, description: Own it., weight: 1}
  resolution: {title: Resolution, description: Fix it., weight: 1}
  follow_up: {title: Follow-up, description: Check it worked., weight: 1}
  composure: {title: Composure, description: Stay calm., weight: 1}
mechanics:
  interrupt: {listening: -2, mood: -5}
  keep_listening: {listening: 1, mood: 5}
  premature_fix: {listening: -2, mood: -10}
  recall: {listening: 2}
  misrecall: {listening: -2, mood: -5}
  dead_air: {composure: -1, patience: -10}
  over_apology: {composure: -1}
"""

# The top of every test scenario; tests append `nodes:` and `endings:`.
HEADER = """
id: {id}
title: Test call
summary: A call written for a test.
kind: irate
difficulty: easy
teaches: [empathy]
persona: {{name: Pat, mood: {mood}, patience: {patience}}}
start: {start}
"""


def rubric(text: str = RUBRIC_YAML) -> Rubric:
    """The test rubric, checked against the rubric schema like a real one."""
    loaded = load_text(textwrap.dedent(text), "rubric.yaml")
    assert loaded.doc is not None, loaded.problems
    problems = check_rubric(loaded.doc, "rubric.yaml", SchemaWalker(load_schema("rubric")))
    assert not [p for p in problems if p.is_error], problems
    return rubric_from_doc(loaded.doc, "rubric.yaml")


def scenario(
    body: str,
    *,
    rub: Rubric | None = None,
    mood: int = 0,
    patience: int = 50,
    start: str = "start",
    extra: str = "",
    sid: str = "test_call",
) -> Scenario:
    """A scenario from inline YAML (nodes and endings), validated with every rule; fails the test on errors."""
    text = (
        HEADER.format(id=sid, mood=mood, patience=patience, start=start)
        + textwrap.dedent(extra)
        + textwrap.dedent(body)
    )
    report = check_document(load_text(text, "test.yaml"), rub or rubric())
    errors = [str(p) for p in report.problems if p.is_error]
    assert report.scenario is not None and not errors, "\n".join(errors)
    return report.scenario


def play(
    sc: Scenario,
    moves: list[Any],
    *,
    rub: Rubric | None = None,
    seed: int = 0,
    mode: str = "graded",
) -> Conversation:
    """Play ``moves``: each an int, or a dict of choose() arguments such as {"n": 2, "cut_in": True}."""
    conv = Conversation(sc, rub or rubric(), seed=seed, mode=mode)
    for move in moves:
        if isinstance(move, int):
            conv.choose(move)
        else:
            conv.choose(move["n"], elapsed=move.get("elapsed"), cut_in=move.get("cut_in", False))
    return conv


def transcript(conv: Conversation) -> list[tuple[str, str]]:
    """The call as (speaker, text) pairs."""
    return [(t.speaker, t.text) for t in conv.transcript]


def scores(conv: Conversation) -> dict[str, tuple[int, int, float | None]]:
    """Each principle's (points, max, percent)."""
    return {name: (s.points, s.max, s.percent) for name, s in conv.result().scores.items()}
