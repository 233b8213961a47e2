"""One source of truth: the shipped JSON Schema and our positioned schema walk agree.

Hypothesis writes scenarios (valid ones, and valid ones with keys deleted or
renamed, values of the wrong type, numbers at and past their bounds, broken
conditions), dumps each with PyYAML's safe dumper and checks the text twice: with the
reference ``jsonschema`` validator on the data, and with our loader and schema
walk on the text. Both must accept or both must reject.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.scenario.located import to_plain
from simulator.scenario.yaml_loader import load_text
from simulator.validation.schema_walk import SchemaWalker, load_schema

SCHEMA = load_schema("scenario")
REFERENCE = jsonschema.Draft202012Validator(SCHEMA)
# The findings of the schema stage; yaml11-coercion is a warning and never rejects.
SCHEMA_STAGE = {"schema", "unknown-key", "out-of-range", "code-in-condition"}

PRINCIPLES = ("listening", "empathy", "no_blame", "resolution", "follow_up", "composure")
KINDS = tuple(SCHEMA["properties"]["kind"]["enum"])
OUTCOMES = tuple(SCHEMA["$defs"]["ending"]["properties"]["outcome"]["enum"])
CRITICAL = ("blame_customer", "argued_back", "told_to_calm_down")

# (st.from_regex is ten times slower to draw from than this.)
ids = st.builds(str.__add__, st.sampled_from("abcdeklmnxyz"), st.text("abz019_", max_size=6))
# PyYAML's emitter writes NEL and the Unicode line separators raw, and reads them back as
# spaces or line breaks: a quirk of the dumper that says nothing about the validator.
words = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x85\u2028\u2029"),
    min_size=1,
    max_size=20,
)
# Values near every bound the schema uses, and beyond.
edge_ints = st.sampled_from((-101, -100, -11, -10, -1, 0, 1, 5, 6, 10, 11, 100, 101, 120, 121))
edge_floats = st.sampled_from((0.0, 0.49, 0.5, 1.0, 1.5, 2.0, 2.01, 10.5, 120.0, 120.5, -3.5))
edge_strings = st.sampled_from(
    (
        "",
        "irate",
        "easy",
        "hard",
        "listen",
        "fix",
        "resolved",
        "female",
        "young",
        "bun",
        "#a0522d",
        "#A0522",
        "red",
        "a-b",
        "9x",
        "Abc",
        "x_1",
        "flag",
        "no",
        "true",
        "1.5",
        "null",
        "mood > 5",
        " ",
        "é",
    )
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    edge_ints,
    st.integers(),
    edge_floats,
    st.floats(allow_nan=False, allow_infinity=False),
    edge_strings,
    words,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(edge_strings, ids, words), inner, max_size=3),
    ),
    max_leaves=6,
)


@st.composite
def conditions(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    """A condition as data, nested at most three levels."""
    leaf = st.one_of(
        st.builds(lambda f: {"flag": f}, ids),
        st.builds(lambda f: {"not_flag": f}, ids),
        st.builds(lambda f: {"heard": f}, ids),
        st.builds(lambda f: {"visited": f}, ids),
        st.builds(
            lambda k, n: {k: n},
            st.sampled_from(("mood_at_least", "mood_below")),
            st.integers(-100, 100),
        ),
        st.builds(
            lambda k, n: {k: n},
            st.sampled_from(("patience_at_least", "patience_below")),
            st.integers(0, 100),
        ),
    )
    if depth >= 2 or draw(st.booleans()):
        return draw(leaf)
    op = draw(st.sampled_from(("all", "any", "not")))
    if op == "not":
        return {"not": draw(conditions(depth + 1))}
    return {op: draw(st.lists(conditions(depth + 1), min_size=1, max_size=3))}


def _optional(
    draw: st.DrawFn, into: dict[str, Any], one_in: int, key: str, values: st.SearchStrategy[Any]
) -> None:
    """Put a value drawn from ``values`` under ``key`` about one time in ``one_in``."""
    if draw(st.integers(0, one_in - 1)) == 0:
        into[key] = draw(values)


@st.composite
def choices(draw: st.DrawFn, targets: st.SearchStrategy[str]) -> dict[str, Any]:
    """One choice, with any of its optional keys."""
    c: dict[str, Any] = {"text": draw(words), "feedback": draw(words), "next": draw(targets)}
    effects = st.dictionaries(st.sampled_from(PRINCIPLES), st.integers(-10, 10), max_size=3)
    _optional(draw, c, 2, "effects", effects)
    _optional(draw, c, 2, "mood", st.integers(-100, 100))
    _optional(draw, c, 4, "if", conditions())
    _optional(draw, c, 4, "set", st.lists(ids, max_size=2))
    _optional(draw, c, 4, "style", st.sampled_from(("listen", "fix")))
    _optional(draw, c, 6, "recall", ids)
    _optional(draw, c, 5, "critical", st.lists(st.sampled_from(CRITICAL), min_size=1, max_size=2))
    for flag in ("trap", "once", "apology"):
        _optional(draw, c, 6, flag, st.booleans())
    return c


@st.composite
def nodes(draw: st.DrawFn, targets: st.SearchStrategy[str]) -> dict[str, Any]:
    """One node: what the customer says, one to three choices, and any optional keys."""
    node: dict[str, Any] = {
        "say": draw(st.one_of(words, st.lists(words, min_size=1, max_size=2))),
        "choices": draw(st.lists(choices(targets), min_size=1, max_size=3)),
    }
    _optional(draw, node, 4, "mentions", st.dictionaries(ids, words, max_size=2))
    _optional(draw, node, 4, "respond_within", st.one_of(st.integers(1, 120), st.floats(1, 120)))
    _optional(draw, node, 4, "vent", st.booleans())
    for flag in ("single_answer", "provokes"):
        _optional(draw, node, 5, flag, st.booleans())
    return node


@st.composite
def personas(draw: st.DrawFn) -> dict[str, Any]:
    """The customer: name, mood and patience, perhaps a voice and a portrait."""
    persona: dict[str, Any] = {
        "name": draw(words),
        "mood": draw(st.integers(-100, 100)),
        "patience": draw(st.integers(1, 100)),
    }
    voice = st.fixed_dictionaries(
        {"gender": st.sampled_from(("female", "male", "neutral")), "rate": st.floats(0.5, 2.0)}
    )
    portrait = st.fixed_dictionaries(
        {"skin": st.just("#8d5524"), "hair_style": st.just("bun"), "glasses": st.booleans()}
    )
    _optional(draw, persona, 2, "voice", voice)
    _optional(draw, persona, 2, "portrait", portrait)
    return persona


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario that satisfies the schema (not necessarily the graph rules)."""
    node_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    ending_ids = draw(st.lists(ids, min_size=1, max_size=2, unique=True))
    targets = st.sampled_from(node_ids + ending_ids)
    ending = st.fixed_dictionaries(
        {"outcome": st.sampled_from(OUTCOMES)}, optional={"satisfaction": st.integers(1, 5)}
    )
    doc: dict[str, Any] = {
        "id": draw(ids),
        "title": draw(words),
        "summary": draw(words),
        "kind": draw(st.sampled_from(KINDS)),
        "difficulty": draw(st.sampled_from(("easy", "medium", "hard"))),
        "persona": draw(personas()),
        "start": node_ids[0],
        "nodes": {nid: draw(nodes(targets)) for nid in node_ids},
        "endings": {e: draw(ending) for e in ending_ids},
    }
    teaches = st.lists(st.sampled_from(PRINCIPLES), min_size=1, max_size=3)
    follows = st.fixed_dictionaries({"scenario": ids, "days_later": st.integers(0, 365)})
    weights = st.dictionaries(st.sampled_from(PRINCIPLES), st.floats(0, 10), max_size=2)
    _optional(draw, doc, 2, "teaches", teaches)
    _optional(draw, doc, 4, "follows", follows)
    _optional(draw, doc, 2, "weights", weights)
    return doc


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path (keys and indexes) to a value inside ``value``, itself included."""
    found = [here]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*here, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*here, i))
    return found


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scenario with one to three things broken."""
    doc = copy.deepcopy(draw(scenarios()))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)[1:]))
        parent, last = _at(doc, path[:-1]), path[-1]
        op = draw(
            st.sampled_from(("delete", "rename", "replace", "wrap", "nudge", "nudge", "nudge"))
        )
        if op == "nudge":
            # A value of the same kind near a bound or an allowed word: often valid, often not.
            current = parent[last]
            if isinstance(current, bool):
                parent[last] = draw(st.one_of(st.booleans(), edge_ints))
            elif isinstance(current, (int, float)):
                parent[last] = draw(st.one_of(edge_ints, edge_floats))
            elif isinstance(current, str):
                parent[last] = draw(st.one_of(edge_strings, ids))
            elif isinstance(current, list):
                del current[draw(st.integers(0, len(current))) :]
            elif isinstance(current, dict) and draw(
                st.booleans()
            ):  # (a value an earlier step replaced may be None)
                current.clear()  # an empty mapping: a node, a persona or a condition with no keys
        elif op == "delete":
            del parent[last]
        elif op == "rename" and isinstance(parent, dict):
            new = draw(
                st.one_of(
                    edge_strings,
                    ids,
                    st.builds(lambda k, c: k + c, st.just(str(last)), st.sampled_from("sx_-")),
                )
            )
            if new not in parent:
                parent[new] = parent.pop(last)
        elif op == "wrap":
            parent[last] = [parent[last]]
        else:
            parent[last] = draw(json_values)
    return doc


def walker_accepts(text: str) -> bool:
    """True when our loader reads ``text`` and the schema walk finds no schema-stage error."""
    result = load_text(text, "gen.yaml")
    assert result.problems == [], result.problems  # safe_dump output always loads
    assert result.doc is not None
    findings = SchemaWalker(SCHEMA).run(result.doc)
    assert all(f.rule in SCHEMA_STAGE or f.warning for f in findings)
    return not any(f.rule in SCHEMA_STAGE and not f.warning for f in findings)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _dump(doc: Any) -> str:
    return yaml.dump(doc, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)


def _read(text: str) -> Any:
    """What PyYAML's safe loader reads from ``text``."""
    return yaml.load(text, Loader=_LOADER)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_valid_documents_are_accepted_by_both(doc: dict[str, Any]) -> None:
    text = _dump(doc)
    data = _read(text)
    assert REFERENCE.is_valid(data), list(REFERENCE.iter_errors(data))[:1]
    assert walker_accepts(text)
    # Our loader reads exactly what PyYAML's safe loader reads.
    result = load_text(text, "gen.yaml")
    assert result.doc is not None and to_plain(result.doc) == data


@settings(max_examples=750, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated(), json_values.filter(lambda v: isinstance(v, dict))))
def test_mutated_documents_get_the_same_verdict(doc: dict[str, Any]) -> None:
    text = _dump(doc)
    # Both judge the same text: the reference sees what PyYAML's safe loader reads from it.
    data = _read(text)
    reference = REFERENCE.is_valid(data)
    ours = walker_accepts(text)
    assert ours == reference, (text, [e.message for e in REFERENCE.iter_errors(data)][:3])


def test_the_schema_itself_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator.check_schema(load_schema("rubric"))


def test_known_disagreement_candidates() -> None:
    """Cases where a naive walker and JSON Schema part ways: whole floats, bools, empty text."""
    base: dict[str, Any] = {
        "id": "a",
        "title": "t",
        "summary": "s",
        "kind": "irate",
        "difficulty": "easy",
        "persona": {"name": "n", "mood": 0, "patience": 5},
        "start": "n1",
        "nodes": {"n1": {"say": "x", "choices": [{"text": "t", "feedback": "f", "next": "e"}]}},
        "endings": {"e": {"outcome": "resolved", "satisfaction": 3}},
    }
    for path, value in [
        (("persona", "mood"), 5.0),
        (("persona", "mood"), True),
        (("persona", "patience"), 0),
        (("endings", "e", "satisfaction"), 5.5),
        (("nodes", "n1", "say"), []),
        (("nodes", "n1", "say"), [""]),
        (("title",), ""),
        (("kind",), True),
        (("nodes", "n1", "choices", 0, "if"), {}),
        (("nodes", "n1", "choices", 0, "if"), {"flag": "a", "heard": "b"}),
        (("nodes", "n1", "choices", 0, "if"), {"all": []}),
        (("nodes", "n1", "choices", 0, "effects"), {"empathy": 1.0}),
        (("teaches",), ["empathy", "listening", "composure", "resolution"]),
        (("teaches",), []),
        (("nodes", "n1", "choices", 0, "critical"), []),
        (("follows",), {"scenario": "a"}),
        (("follows",), {"scenario": "a", "days_later": 2.0}),
    ]:
        doc = copy.deepcopy(base)
        _at(doc, path[:-1])[path[-1]] = value
        text = _dump(doc)
        assert walker_accepts(text) == REFERENCE.is_valid(_read(text)), (path, value)
