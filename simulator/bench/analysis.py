"""Benchmark of ``stats``: full analysis of generated 10,000- and 100,000-node scenarios.

The scenarios are built as models in memory (no YAML), so the figures measure
the analysis alone. Each node has two to four choices: one to the next node
(so the start-to-end chain is as deep as the scenario is large), others
skipping ahead (branches that join again, so path counts grow exponentially),
some to endings, and every so often one back to an earlier node (a loop).
"""

from __future__ import annotations

import gc
import random
import time

from simulator.bench import Metric
from simulator.located import Pos
from simulator.model import Choice, Ending, Node, Persona, Scenario

BUDGET_10K_S = 1.0
BUDGET_RATIO = 12.0
_PRINCIPLES = ("listening", "empathy", "no_blame", "resolution", "follow_up", "composure")
_OUTCOMES = ("resolved", "resolved_unhappy", "escalated", "callback_scheduled")


def generate(n_nodes: int, seed: int = 1) -> Scenario:
    """A valid scenario of ``n_nodes`` nodes with branches, joins, loops and four endings."""
    rng = random.Random(seed)
    pos = Pos("generated.yaml", 1, 1)
    endings = {f"end_{o}": Ending(f"end_{o}", o, 1 + i, pos) for i, o in enumerate(_OUTCOMES)}
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
            effects = {p: rng.randint(-3, 3) for p in rng.sample(_PRINCIPLES, rng.randint(1, 3))}
            style = rng.choice((None, None, "listen", "fix"))
            choices.append(Choice(f"reply {k + 1} at node {i}", "", nxt, pos, effects, mood=rng.randint(-10, 10), style=style))
        nodes[f"n{i}"] = Node(f"n{i}", (f"line {i}",), choices, pos, vent=i % 7 == 0)
    persona = Persona("Generated Caller", mood=-20, patience=80)
    return Scenario("generated", "Generated", "", "irate", "hard", persona, "n0", nodes, endings, "generated.yaml", pos)


def _time_stats(scenario: Scenario, rubric) -> float:
    from simulator.analysis import analyse

    t0 = time.perf_counter()
    analyse(scenario, rubric)
    return time.perf_counter() - t0


def measure() -> list[Metric]:
    """Time full stats on 10k nodes (budget 1 s) and 100k nodes (at most 12x the 10k time)."""
    from simulator.paths import DEFAULT_RUBRIC
    from simulator.rubric import load_rubric

    rubric, _ = load_rubric(DEFAULT_RUBRIC)
    if rubric is None:
        return [Metric("stats 10k nodes", None, "s", BUDGET_10K_S, note=f"{DEFAULT_RUBRIC} has errors")]
    small, large = generate(10_000), generate(100_000)
    _time_stats(generate(500), rubric)  # warm up imports and caches
    # The scenarios are the input, not the work: keep the collector from rescanning them.
    gc.collect()
    gc.freeze()
    try:
        # Best of several runs, so that other processes on the machine disturb the ratio less.
        t_small = min(_time_stats(small, rubric) for _ in range(5))
        t_large = min(_time_stats(large, rubric) for _ in range(2))
    finally:
        gc.unfreeze()
    return [
        Metric("stats 10k nodes", t_small, "s", BUDGET_10K_S),
        Metric(
            "stats 100k nodes",
            t_large,
            "s",
            BUDGET_RATIO,
            budget_on="ratio",
            anchor=t_small,
            anchor_name="stats 10k nodes",
            note="ten times the nodes must cost at most 12 times the time",
        ),
    ]
