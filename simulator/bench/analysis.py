"""Benchmark of ``stats``: full analysis of generated 10,000- and 100,000-node scenarios.

The scenarios are built as models in memory (no YAML), so the figures measure
the analysis alone. The budgeted scenario is shaped like a long call: half the
nodes are a run of beats, each beat a row of alternative nodes whose choices
lead on to the next beat (branches that join again), end the call, or go back a
beat (loops); the other half is one long troubleshooting routine, a chain as
deep as half the scenario is large, where every step can also end the call.

A second, unbudgeted pair of figures measures the hardest shape for exact path
counting: a chain as deep as the scenario, with branches joining at every step.
Its path count has about 0.6 bits per node (some 18,000 digits at 100,000
nodes); adding such numbers costs time in proportion to their length, so this
count grows faster than linearly however the graph is walked.
"""

from __future__ import annotations

import gc
import random
import time

from simulator.bench import Metric
from simulator.scenario.located import Pos
from simulator.scenario.model import Choice, Ending, Node, Persona, Scenario

BUDGET_10K_S = 1.0
BUDGET_RATIO = 12.0
BEATS = 40
_PRINCIPLES = ("listening", "empathy", "no_blame", "resolution", "follow_up", "composure")
_OUTCOMES = ("resolved", "resolved_unhappy", "escalated", "callback_scheduled")
_POS = Pos("generated.yaml", 1, 1)


def _choice(rng: random.Random, k: int, where: str, nxt: str) -> Choice:
    effects = {p: rng.randint(-3, 3) for p in rng.sample(_PRINCIPLES, rng.randint(1, 3))}
    style = rng.choice((None, None, "listen", "fix"))
    return Choice(
        f"reply {k + 1} at {where}", "", nxt, _POS, effects, mood=rng.randint(-10, 10), style=style
    )


def _scenario(sid: str, start: str, nodes: dict[str, Node], endings: dict[str, Ending]) -> Scenario:
    persona = Persona("Generated Caller", mood=-20, patience=80)
    return Scenario(
        sid, "Generated", "", "irate", "hard", persona, start, nodes, endings, f"{sid}.yaml", _POS
    )


def _endings() -> dict[str, Ending]:
    return {f"end_{o}": Ending(f"end_{o}", o, 1 + i, _POS) for i, o in enumerate(_OUTCOMES)}


def generate(n_nodes: int, seed: int = 1) -> Scenario:
    """A valid call of ``n_nodes`` nodes: beats of alternatives that join, loop and end, plus a deep chain."""
    rng = random.Random(seed)
    endings = _endings()
    end_ids = list(endings)
    chain = n_nodes // 2
    width = max(1, (n_nodes - chain) // BEATS)
    beats = [[f"b{k}_{j}" for j in range(width)] for k in range(BEATS)]
    nodes: dict[str, Node] = {}
    for k, row in enumerate(beats):
        for j, nid in enumerate(row):
            choices = []
            for c in range(rng.randint(2, 4)):
                roll = rng.random()
                if k == BEATS - 1 or (c > 0 and roll < 0.15):
                    nxt = rng.choice(end_ids)
                elif c > 0 and roll < 0.30 and k > 0:
                    nxt = rng.choice(beats[k - 1])  # back a beat: a loop
                else:
                    nxt = rng.choice(beats[k + 1])
                choices.append(_choice(rng, c, nid, nxt))
            if k == 0 and j == 0 and chain:
                choices.append(_choice(rng, len(choices), nid, "c0"))
            nodes[nid] = Node(nid, (f"line {nid}",), choices, _POS, vent=(k + j) % 7 == 0)
    for i in range(chain):
        nid = f"c{i}"
        choices = [
            _choice(rng, 0, nid, f"c{i + 1}" if i + 1 < chain else rng.choice(end_ids)),
            _choice(rng, 1, nid, rng.choice(end_ids)),
        ]
        if i % 50 == 49:
            choices.append(_choice(rng, 2, nid, f"c{i - 5}"))  # try those steps again: a loop
        nodes[nid] = Node(nid, (f"step {i}",), choices, _POS, vent=i % 7 == 0)
    return _scenario("generated", beats[0][0], nodes, endings)


def generate_deep(n_nodes: int, seed: int = 1) -> Scenario:
    """The hardest case for exact counting: a chain as deep as ``n_nodes`` whose branches join at every step."""
    rng = random.Random(seed)
    endings = _endings()
    end_ids = list(endings)
    nodes: dict[str, Node] = {}
    for i in range(n_nodes):
        choices: list[Choice] = []
        for k in range(rng.randint(2, 4)):
            roll = rng.random()
            if i == n_nodes - 1 or (k > 0 and roll < 0.15):
                nxt = rng.choice(end_ids)
            elif k == 0:
                nxt = f"n{i + 1}"
            elif roll < 0.20 and i > 10:
                nxt = f"n{i - rng.randint(1, 10)}"  # a loop back to a recent node
            else:
                nxt = f"n{min(n_nodes - 1, i + rng.randint(2, 6))}"
            choices.append(_choice(rng, k, f"node {i}", nxt))
        nodes[f"n{i}"] = Node(f"n{i}", (f"line {i}",), choices, _POS, vent=i % 7 == 0)
    return _scenario("generated_deep", "n0", nodes, endings)


def _time_stats(scenario: Scenario, rubric) -> float:
    from simulator.analysis import analyse

    # CPU time of this process: analysis is single-threaded, and other jobs
    # sharing the machine cannot inflate it the way they inflate wall time.
    t0 = time.process_time()
    analyse(scenario, rubric)
    return time.process_time() - t0


def measure() -> list[Metric]:
    """Time full stats on 10k nodes (budget 1 s) and 100k nodes (at most 12x the 10k time)."""
    from simulator.paths import DEFAULT_RUBRIC
    from simulator.validation.rubric_check import load_rubric

    rubric, _ = load_rubric(DEFAULT_RUBRIC)
    if rubric is None:
        return [
            Metric("stats 10k nodes", None, "s", BUDGET_10K_S, note=f"{DEFAULT_RUBRIC} has errors")
        ]
    small, large = generate(10_000), generate(100_000)
    deep_small, deep_large = generate_deep(10_000), generate_deep(100_000)
    _time_stats(generate(500), rubric)  # warm up imports and caches
    # The scenarios are the input, not the work: keep the collector from rescanning them.
    gc.collect()
    gc.freeze()
    try:
        # Alternate the sizes, so that neither finds the processor's caches
        # warmed by its own previous run, and keep the best of each: other
        # processes on the machine can only make a run slower.
        small_runs, large_runs = [], []
        for _ in range(3):
            small_runs.append(_time_stats(small, rubric))
            large_runs.append(_time_stats(large, rubric))
        t_small, t_large = min(small_runs), min(large_runs)
        t_deep_small, t_deep_large = (
            _time_stats(deep_small, rubric),
            _time_stats(deep_large, rubric),
        )
    finally:
        gc.unfreeze()
    return [
        Metric("stats 10k nodes", t_small, "s", BUDGET_10K_S, note="CPU time of one full analysis"),
        Metric(
            "stats 100k nodes",
            t_large,
            "s",
            BUDGET_RATIO,
            budget_on="ratio",
            anchor=t_small,
            anchor_name="stats 10k nodes",
            note="CPU time; ten times the nodes must cost at most 12 times the time",
        ),
        Metric(
            "stats 100k deep, joined",
            t_deep_large,
            "s",
            None,
            budget_on="ratio",
            anchor=t_deep_small,
            anchor_name="same at 10k",
            note=(
                "no budget: a 100,000-deep chain with ~18,000-digit exact path counts, "
                "whose additions grow with their length"
            ),
        ),
    ]
