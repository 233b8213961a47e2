"""Benchmark: full validation of 1,000 generated scenarios against bare C-loader parsing.

The budget (issue 2) is that validating a file (load with positions, schema,
every rule) costs at most twice what PyYAML's C loader needs just to parse the
same file into plain Python objects, measured in the same run on the same files.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from simulator.bench import Metric
from simulator.paths import DEFAULT_RUBRIC, SCENARIO_SCHEMA
from simulator.scenario.model import KINDS
from simulator.validation.rubric_check import load_rubric
from simulator.validation.validate import validate_file

FILES = 1000
RUNS = 3
BUDGET_RATIO = 2.0
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# The schema link as `new` writes it outside the project: these files live in a temporary folder.
HEADER = f"# yaml-language-server: $schema={SCENARIO_SCHEMA.resolve().as_uri()}\n"

_PRINCIPLES = ("listening", "empathy", "no_blame", "resolution", "follow_up", "composure")
_WORDS = (
    "refund order account delivery sorry understand check today week promise manager call back "
    "invoice card number parcel address wait again really help please now fine thanks"
).split()


def _sentence(rng: random.Random, low: int = 6, high: int = 24) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + rng.choice((".", "?", "!"))


def _condition(
    rng: random.Random, flags: list[str], details: list[str], nodes: list[str]
) -> dict[str, Any]:
    pick = rng.randrange(6)
    if pick == 0 and flags:
        return {"flag": rng.choice(flags)}
    if pick == 1 and flags:
        return {"not_flag": rng.choice(flags)}
    if pick == 2 and details:
        return {"heard": rng.choice(details)}
    if pick == 3:
        return {"visited": rng.choice(nodes)}
    if pick == 4:
        return {
            "all": [
                {"mood_at_least": rng.randint(-50, 50)},
                {"patience_below": rng.randint(10, 90)},
            ]
        }
    return {
        "any": [
            {"mood_below": rng.randint(-50, 50)},
            {"not": {"patience_at_least": rng.randint(1, 60)}},
        ]
    }


def scenario(rng: random.Random, index: int) -> dict[str, Any]:
    """A realistic, valid scenario with a few to a few dozen nodes."""
    n_nodes = rng.choice((3, 5, 8, 12, 20, 30, 45))
    nodes = [f"step_{i}" for i in range(n_nodes)]
    endings = [f"end_{i}" for i in range(rng.randint(2, 5))]
    flags = [f"flag_{i}" for i in range(rng.randint(0, 3))]
    details = [f"detail_{i}" for i in range(rng.randint(0, 3))]
    node_docs: dict[str, Any] = {}
    for i, nid in enumerate(nodes):
        # Each node leads forward, so every node and ending is reachable and nothing loops.
        later = nodes[i + 1 :] or endings
        choices = []
        # The last node offers one way to each ending, so every ending is reachable.
        count = len(endings) if i == n_nodes - 1 else rng.randint(2, 4)
        for c in range(count):
            choice: dict[str, Any] = {
                "text": _sentence(rng),
                "effects": {
                    p: rng.randint(-3, 3) or 1 for p in rng.sample(_PRINCIPLES, rng.randint(1, 3))
                },
                "mood": rng.randint(-30, 30),
                "feedback": _sentence(rng, 10, 30),
                "next": endings[c]
                if i == n_nodes - 1
                else (later[0] if c == 0 else rng.choice(later + endings)),
            }
            if rng.random() < 0.3:
                choice["patience"] = -rng.randint(1, 20)
            if flags and rng.random() < 0.2:
                choice["set"] = [rng.choice(flags)]
            if c > 0 and rng.random() < 0.2:
                choice["if"] = _condition(
                    rng, flags, details[: len(details) if i else 0], nodes[:i] or [nodes[0]]
                )
            if rng.random() < 0.2:
                choice["style"] = rng.choice(("listen", "fix"))
            choices.append(choice)
        node: dict[str, Any] = {
            "say": _sentence(rng, 8, 40)
            if rng.random() < 0.7
            else [_sentence(rng, 8, 40) for _ in range(3)],
            "choices": choices,
        }
        if i == 0 and details:
            node["mentions"] = {d: _sentence(rng, 1, 3) for d in details}
        if rng.random() < 0.3:
            node["respond_within"] = rng.randint(5, 30)
        if rng.random() < 0.15:
            node["vent"] = True
        node_docs[nid] = node
    # Every flag a condition tests is set somewhere, so the files are clean.
    if flags:
        node_docs[nodes[0]]["choices"][0]["set"] = list(flags)
    return {
        "id": f"bench_{index}",
        "title": _sentence(rng, 3, 6),
        "summary": _sentence(rng, 8, 16),
        "kind": rng.choice(KINDS),
        "difficulty": rng.choice(("easy", "medium", "hard")),
        "teaches": ["listening", "empathy"],
        "persona": {
            "name": "Sam Rivera",
            "role": _sentence(rng, 3, 6),
            "mood": rng.randint(-80, 20),
            "patience": rng.randint(20, 90),
            "voice": {"gender": "neutral", "age": "adult", "accent": "en-gb", "rate": 1.1},
            "portrait": {
                "skin": "#8d5524",
                "hair": "#1b1b1b",
                "hair_style": "short",
                "glasses": rng.random() < 0.5,
            },
        },
        "start": nodes[0],
        "on_patience_out": endings[-1],
        "nodes": node_docs,
        "endings": {
            e: {
                "outcome": "resolved",
                "satisfaction": rng.randint(1, 5),
                "say": _sentence(rng),
                "summary": _sentence(rng),
            }
            for e in endings
        },
    }


def write_files(folder: Path, count: int = FILES, seed: int = 2) -> list[Path]:
    """Write ``count`` generated scenarios into ``folder``; the same seed gives the same files."""
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        path = folder / f"bench_{i}.yaml"
        body = yaml.dump(
            scenario(rng, i), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
        )
        path.write_text(HEADER + body, encoding="utf-8")
        paths.append(path)
    return paths


def _best_of(runs: int, work: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t0)
    return best


def measure() -> list[Metric]:
    """Time bare C-loader parsing and full validation of the same 1,000 files."""
    if not getattr(yaml, "__with_libyaml__", False):
        return [
            Metric(
                "validate 1,000 scenarios",
                None,
                "s",
                BUDGET_RATIO,
                "ratio",
                note="PyYAML has no C loader here",
            )
        ]
    rubric, problems = load_rubric(DEFAULT_RUBRIC)
    if rubric is None:
        raise RuntimeError(f"the shipped rubric has errors: {problems[0]}")
    with tempfile.TemporaryDirectory(prefix="otl-bench-") as tmp:
        paths = write_files(Path(tmp))
        size = sum(p.stat().st_size for p in paths)

        def parse() -> None:
            for p in paths:
                with open(p, "rb") as fh:
                    yaml.load(fh, Loader=yaml.CSafeLoader)

        def validate() -> None:
            for p in paths:
                report = validate_file(p, rubric)
                if report.problems:  # the generated files are clean; a finding means a broken bench
                    raise RuntimeError(f"generated file has problems: {report.problems[0]}")

        validate()  # warm caches (schema, imports) outside the timed runs
        anchor = _best_of(RUNS, parse)
        ours = _best_of(RUNS, validate)
    return [
        Metric(
            "validate 1,000 scenarios",
            ours,
            "s",
            BUDGET_RATIO,
            "ratio",
            anchor=anchor,
            anchor_name="CSafeLoader parse",
            note=f"{len(paths)} files, {size / 1e6:.1f} MB; best of {RUNS}",
        )
    ]
