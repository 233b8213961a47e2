"""Thousands of broken documents: each either loads or yields problems; nothing escapes.

The documents are random bytes, random YAML-ish text, and a valid scenario
mutated at random: lines deleted, swapped or re-indented, keys renamed, values
of the wrong type, random bytes spliced in, anchors and tags, deep nesting and
huge values. Every one goes through the whole validator (load, schema, every rule).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.paths import DEFAULT_RUBRIC
from simulator.scenario.rubric import Rubric
from simulator.scenario.yaml_loader import load_bytes
from simulator.validation.rubric_check import load_rubric
from simulator.validation.validate import check_document

_loaded, _ = load_rubric(DEFAULT_RUBRIC)
assert _loaded is not None
RUBRIC: Rubric = _loaded

BASE = """\
# yaml-language-server: $schema=../simulator/schema/scenario.schema.json
id: fuzz_base
title: The parcel that went missing
summary: A worried customer cannot find a parcel that shows as delivered.
kind: confused
difficulty: medium
teaches: [empathy]
author: Training team
persona:
  name: Dana Levi
  role: first-time customer
  mood: -30
  patience: 40
  voice: {gender: female, age: older, accent: en-gb, rate: 0.9, pitch: 1.1}
  portrait: {skin: "#c68642", hair: "#d3d3d3", hair_style: curly, glasses: true}
weights: {listening: 2, empathy: 1.5}
start: opening
on_patience_out: gave_up
nodes:
  opening:
    say:
      - "It says delivered. It is not here. Order 7741."
      - "Your website says delivered, but there is nothing at my door."
    mentions: {order_number: "7741"}
    vent: true
    respond_within: 15
    choices:
      - text: "That sounds worrying. Tell me what you see on the tracking page."
        effects: {listening: 2, empathy: 1}
        mood: 10
        style: listen
        feedback: "You let her explain before solving."
        next: details
        set: [asked_tracking]
      - text: "Check with your neighbours first."
        effects: {no_blame: -2}
        mood: -15
        patience: -20
        style: fix
        feedback: "Sending her away first sounds like blame."
        next: details
  details:
    say: "It says left at front door, yesterday at two."
    interrupt_ok: true
    note: Most trainees rush here.
    choices:
      - text: "Order 7741, left at the front door yesterday: I'll open a trace now."
        recall: order_number
        effects: {resolution: 2, follow_up: 1}
        feedback: "Bringing back the order number shows you listened."
        next: traced
      - text: "I'll call you back tomorrow with news."
        if: {all: [{flag: asked_tracking}, {mood_at_least: -20}]}
        effects: {follow_up: 2}
        feedback: "A promise with a time is a good promise."
        next: callback
endings:
  traced: {outcome: resolved, satisfaction: 4, say: "Thank you.", summary: "A trace was opened."}
  callback: {outcome: callback_scheduled, satisfaction: 3}
  gave_up: {outcome: hung_up, satisfaction: 1, say: "Forget it."}
"""

_BAD_VALUES = (
    "[1, 2]",
    "{a: b}",
    "yes",
    "no",
    "~",
    "-5000",
    "1e400",
    "0x1F",
    "1:30",
    "2024-02-30",
    "''",
    '""',
    "!!python/object/apply:os.system [ls]",
    "&a x",
    "*a",
    "!custom x",
    "|\n  block\n  text",
    ">-",
    "- a\n- b",
    "{mood > 5}",
    "mood > 5 and flag",
    "[" * 200,
    "{" * 70,
    "'unclosed",
    '"\\x"',
    "\t",
    "\x07",
    "@at",
    "`tick",
    "%YAML 1.1",
    "---",
    "...",
    "? complex",
    "10" * 400,
    "x" * 100_000,
    str(10**500),
    ".nan",
    "-.inf",
)
_KEYS = (
    "text",
    "next",
    "effects",
    "choices",
    "say",
    "if",
    "mood",
    "patience",
    "id",
    "nodes",
    "endings",
    "start",
)


# Each mutation changes ``lines`` in place at line ``i``; those that need a key fall back to
# swapping brackets on a line without one.


def _drop(lines: list[str], i: int, rng: random.Random) -> None:
    del lines[i]


def _swap(lines: list[str], i: int, rng: random.Random) -> None:
    j = rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]


def _repeat(lines: list[str], i: int, rng: random.Random) -> None:
    lines.insert(i, lines[i])  # a duplicate key, usually


def _reindent(lines: list[str], i: int, rng: random.Random) -> None:
    lines[i] = " " * rng.randint(0, 7) + lines[i].lstrip()


def _bad_value(lines: list[str], i: int, rng: random.Random) -> None:
    if ":" not in lines[i]:
        _swap_brackets(lines, i, rng)
        return
    key, _, value = lines[i].partition(":")
    lines[i] = (
        f"{key}: {rng.choice(_BAD_VALUES)}"
        if rng.random() < 0.8
        else f"{key}:{value}{rng.choice(_BAD_VALUES)}"
    )


def _bad_key(lines: list[str], i: int, rng: random.Random) -> None:
    if ":" not in lines[i]:
        _swap_brackets(lines, i, rng)
        return
    key, sep, value = lines[i].partition(":")
    stripped = key.lstrip(" -")
    new = rng.choice((stripped[:-1], stripped + "s", rng.choice(_KEYS), "", "9" + stripped))
    lines[i] = key[: len(key) - len(stripped)] + new + sep + value


def _deep(lines: list[str], i: int, rng: random.Random) -> None:
    depth = rng.choice((10, 63, 64, 65, 1000, 20_000))
    lines.insert(i, "deep: " + "[" * depth + "]" * rng.choice((0, depth)))


def _truncate(lines: list[str], i: int, rng: random.Random) -> None:
    cut = rng.randrange(len(lines[i]) + 1)
    lines[i] = lines[i][:cut]
    del lines[i + 1 : i + 1 + rng.randint(0, 30)]  # a truncated file


def _bad_target(lines: list[str], i: int, rng: random.Random) -> None:
    target = rng.choice(("", "x", "_", "opening", "traced "))
    lines[i] = lines[i].replace("next: ", "next: " + target, 1)


def _yaml_feature(lines: list[str], i: int, rng: random.Random) -> None:
    feature = rng.choice(("&anchor", "*alias", "!!binary", "!!python/name:os.system", "%TAG ! !x"))
    lines.insert(i, feature + " " + lines[i])


def _value_prefix(lines: list[str], i: int, rng: random.Random) -> None:
    lines[i] = lines[i].replace(": ", ": " + rng.choice(_BAD_VALUES) + " ", 1)


def _swap_brackets(lines: list[str], i: int, rng: random.Random) -> None:
    lines[i] = lines[i].replace("{", "[", 1).replace("]", "}", 1)


MUTATIONS: tuple[Callable[[list[str], int, random.Random], None], ...] = (
    _drop,
    _swap,
    _repeat,
    _reindent,
    _bad_value,
    _bad_key,
    _deep,
    _truncate,
    _bad_target,
    _yaml_feature,
    _value_prefix,
    _swap_brackets,
)


def mutate(rng: random.Random) -> bytes:
    """The base scenario with one to four random mutations, as bytes."""
    lines = BASE.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        MUTATIONS[rng.randrange(len(MUTATIONS))](lines, i, rng)
    data = "\n".join(lines).encode("utf-8")
    if rng.random() < 0.15:  # random bytes spliced in: invalid UTF-8, NULs, control characters
        at = rng.randrange(len(data) + 1)
        data = data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[at:]
    if rng.random() < 0.02:
        data += b"#" * (1024 * 1024)  # just over the size limit
    return data


yaml_ish = st.text(st.sampled_from(list("ab:-[]{}&*!|>#'\"\n ,?%@`~0.\t\\é")), max_size=200)
documents = st.one_of(
    st.randoms(use_true_random=False).map(mutate),
    st.randoms(use_true_random=False).map(mutate),
    st.randoms(use_true_random=False).map(mutate),
    yaml_ish.map(lambda t: t.encode("utf-8")),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    st.binary(max_size=300),
)


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(documents)
def test_every_document_loads_or_yields_problems(data: bytes) -> None:
    result = load_bytes(data, "fuzz_base.yaml")
    if result.doc is None:
        assert any(p.is_error for p in result.problems), "a document that did not load must say why"
    report = check_document(result, RUBRIC, ())
    problems = report.problems
    assert problems == sorted(problems)
    for p in problems:
        assert p.pos.file == "fuzz_base.yaml" and p.pos.line >= 1 and p.pos.col >= 1
        assert p.rule and p.message
    # A scenario is handed on exactly when nothing is wrong enough to stop it.
    assert (report.scenario is not None) == report.ok
    if report.scenario is not None:
        assert report.scenario.start in report.scenario.nodes


def test_mutations_really_break_the_document() -> None:
    rules: set[str] = set()
    broken = 0
    for seed in range(300):
        report = check_document(
            load_bytes(mutate(random.Random(seed)), "fuzz_base.yaml"), RUBRIC, ()
        )
        broken += not report.ok
        rules.update(p.rule for p in report.problems)
    assert broken > 150
    assert {
        "yaml-syntax",
        "duplicate-key",
        "schema",
        "unknown-key",
        "anchor",
        "too-deep",
        "dangling-next",
    } <= rules


def test_the_base_document_is_clean() -> None:
    # Mutations are only interesting if the document they start from is valid.
    report = check_document(load_bytes(BASE.encode(), "fuzz_base.yaml"), RUBRIC, ())
    assert report.problems == []
