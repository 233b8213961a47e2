"""Benchmark: the real ``validate`` command on 10,000 generated scenarios against bare C-loader parsing.

The budget (issues 2 and 15) is that validating a file (load with positions, schema, every rule)
costs at most twice what PyYAML's C loader needs just to parse the same file into plain Python
objects, each measured as its own process on the same files in the same run; and that the
command's memory stays flat: its peak on 10,000 files at most 1.5 times its peak on 100.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from simulator.bench import Metric
from simulator.paths import SCENARIO_SCHEMA
from simulator.scenario.model import KINDS

FILES = 10_000
SMALL = 100
BUDGET_RATIO = 2.0
MEMORY_RATIO = 1.5  # peak RSS on FILES files against SMALL files: memory stays flat
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# The schema link as `new` writes it outside the project: these files live in a temporary folder.
HEADER = f"# yaml-language-server: $schema={SCENARIO_SCHEMA.resolve().as_uri()}\n"

_PRINCIPLES = ("listening", "empathy", "no_blame", "resolution", "follow_up", "composure")
_WORDS = [
    "refund",
    "order",
    "account",
    "delivery",
    "sorry",
    "understand",
    "check",
    "today",
    "week",
    "promise",
    "manager",
    "call",
    "back",
    "invoice",
    "card",
    "number",
    "parcel",
    "address",
    "wait",
    "again",
    "really",
    "help",
    "please",
    "now",
    "fine",
    "thanks",
]


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


def write_library(folder: Path, count: int, distinct: int = 1000, seed: int = 2) -> list[Path]:
    """``count`` scenario files in ``folder``: ``distinct`` generated ones, then copies under new ids.

    Generating (and YAML-dumping) 10,000 scenarios costs minutes; validation reads each copy
    afresh, so copies measure the same work.
    """
    made = write_files(folder, min(count, distinct), seed)
    paths = list(made)
    for i in range(len(made), count):
        source = made[i % len(made)]
        text = source.read_text(encoding="utf-8")
        old = source.stem
        path = folder / f"bench_{i}.yaml"
        path.write_text(text.replace(f"id: {old}\n", f"id: bench_{i}\n", 1), encoding="utf-8")
        paths.append(path)
    return paths


_PARSE = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, 'rb') as fh:\n"
    "        yaml.load(fh, Loader=yaml.CSafeLoader)\n"
)


def measure() -> list[Metric]:
    """The real ``validate`` command on 10,000 files against a bare C-loader parse of them, and its memory."""
    from simulator.bench.store import _child_rss
    from simulator.paths import PROJECT_ROOT

    if not getattr(yaml, "__with_libyaml__", False):
        return [
            Metric(
                f"validate {FILES:,} scenarios",
                None,
                "s",
                BUDGET_RATIO,
                "ratio",
                note="PyYAML has no C loader here",
            )
        ]
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="otl-bench-") as tmp:
        small, large = Path(tmp) / "small", Path(tmp) / "large"
        small.mkdir()
        large.mkdir()
        write_library(small, SMALL)
        paths = write_library(large, FILES)
        size = sum(p.stat().st_size for p in paths)
        validate = [sys.executable, str(PROJECT_ROOT / "main.py"), "validate"]
        done, wall, rss, cpu = _child_rss([*validate, str(large)], env)
        problem = "" if done.returncode == 0 else (done.stderr.strip().splitlines() or ["?"])[-1]
        _, _, small_rss, _ = _child_rss([*validate, str(small)], env)
        # The anchor: a fresh interpreter that only parses the same files with the C loader.
        bare, bare_wall, bare_rss, bare_cpu = _child_rss(
            [sys.executable, "-c", _PARSE, *map(str, paths)], env
        )
        if bare.returncode != 0:
            raise RuntimeError(f"the bare parse failed: {bare.stderr.strip()[-300:]}")
    return [
        Metric(
            f"validate {FILES:,} scenarios (the real command)",
            wall if not problem else None,
            "s",
            BUDGET_RATIO,
            "ratio",
            anchor=bare_wall,
            anchor_name="CSafeLoader parse, own process",
            cpu=cpu,
            note=problem
            or (
                f"{len(paths):,} files, {size / 1e6:.0f} MB; main.py validate in its own process, "
                f"every report kept as validate keeps them; CPU ratio {cpu / bare_cpu:.2f} "
                f"(parse {bare_cpu:.1f} s CPU)"
            ),
        ),
        Metric(
            f"validate peak RSS, {FILES:,} scenarios",
            rss if not problem else None,
            "MB",
            MEMORY_RATIO,
            "ratio",
            anchor=small_rss,
            anchor_name=f"the same command on {SMALL} files",
            note=problem or f"flat memory: the parse alone peaks at {bare_rss:.0f} MB",
        ),
    ]
