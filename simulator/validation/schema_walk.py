"""Check a located document against the shipped JSON Schema, keeping positions.

The JSON Schema in ``simulator/schema`` is the one source of truth for the
format: editors read it, and this walker interprets the subset of JSON Schema
2020-12 it uses, so every finding points at a line and column. A test proves
that this walker and a reference JSON Schema validator accept and reject the
same documents.

Findings carry the id of the rule that reports them: ``schema`` (types, required
keys, enums, patterns), ``unknown-key`` (with a did-you-mean) and
``out-of-range`` (numbers outside their bounds). A schema may name its own rule
for a type mismatch with ``x-type-rule`` and explain the fix with ``x-hint``.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from simulator.scenario.located import Pos, YMap, YNode, YScalar, YSeq
from simulator.scenario.problems import did_you_mean
from simulator.scenario.yaml_advice import COLON_IN_TEXT, comment_advice, quoted
from simulator.scenario.yaml_loader import looks_like_yaml11_surprise

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping of keys",
    "array": "a list",
    "null": "nothing",
}


@dataclass(frozen=True)
class Finding:
    """One schema finding: where, what, which rule, and whether it is only a warning."""

    pos: Pos
    message: str
    rule: str
    warning: bool = False
    # The suggested edit, when there is one: the value as written at ``pos`` and what to write instead.
    replace: tuple[str, str] | None = None
    # A text YAML split at a ': ' into a key and a value: the line whose text the fix puts in quotes.
    quote_line: int | None = None


@cache
def load_schema(name: str = "scenario") -> dict[str, Any]:
    """The shipped JSON Schema called ``name`` (``scenario`` or ``rubric``)."""
    text = resources.files("simulator.schema").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def json_type(node: YNode) -> str:
    """The JSON type name of a located node."""
    if isinstance(node, YMap):
        return "object"
    if isinstance(node, YSeq):
        return "array"
    v = node.value
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "integer" if v.is_integer() else "number"
    if isinstance(v, str):
        return "string"
    return "unknown"


def _short(raw: str) -> str:
    """A value as written, cut to a readable length (a pasted 5,000-digit number, say) with its size."""
    if len(raw) <= 40:
        return raw
    what = "digits" if raw.lstrip("+-").isdigit() else "characters"
    return f"{raw[:20]}... ({len(raw):,} {what})"


def _quote_fix(raw: str) -> str:
    """The fix 'put it in quotes', spelt out when the value is short enough to copy."""
    return (
        f'put it in quotes: "{raw}"' if len(raw) <= 60 else "put the whole value in double quotes"
    )


def _describe(node: YNode) -> str:
    t = json_type(node)
    if isinstance(node, YScalar) and t not in ("object", "array"):
        shown = node.raw if len(node.raw) <= 30 else node.raw[:27] + "..."
        return f"{_TYPE_WORDS.get(t, t)} ({shown!r})" if t != "null" else "nothing"
    return _TYPE_WORDS.get(t, t)


def _type_ok(node: YNode, expected: str | list[str]) -> bool:
    actual = json_type(node)
    if isinstance(expected, str):  # the common case, without building a list per value
        return actual == expected or (actual == "integer" and expected == "number")
    return actual in expected or (actual == "integer" and "number" in expected)


def _where(path: str) -> str:
    """The path as a finding's prefix ("nodes.hello: "), or nothing at the top."""
    return f"{path}: " if path else ""


def _closest(word: str, candidates: Any) -> str | None:
    """The candidate ``did_you_mean`` would suggest for ``word``, or None."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def _fits(node: YNode, branch: dict[str, Any]) -> bool:
    """True when ``node`` has the branch's type and (for mappings) all its required keys."""
    if "type" in branch and not _type_ok(node, branch["type"]):
        return False
    return not isinstance(node, YMap) or all(k in node for k in branch.get("required", ()))


class SchemaWalker:
    """Walks one document against one schema and collects findings."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.root = schema
        self.findings: list[Finding] = []
        self.comments: Mapping[Pos, tuple[str, Pos]] = {}
        self._resolved: dict[int, dict[str, Any]] = {}
        self._keep: list[dict[str, Any]] = []  # holds cached schemas alive so their ids stay unique

    def run(
        self, node: YNode, comments: Mapping[Pos, tuple[str, Pos]] | None = None
    ) -> list[Finding]:
        """Check ``node`` against the whole schema and return the findings.

        ``comments`` (from the loader) holds the comments that follow empty values on
        their lines; a value the schema refuses is then explained as the comment it became.
        """
        self.findings = []
        self.comments = comments or {}
        self.check(node, self.root, "", self.findings)
        return self.findings

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        # Every sub-schema lives as long as the root, so its id is a stable cache key;
        # resolving once per schema instead of once per checked value saves a lot.
        key = id(schema)
        cached = self._resolved.get(key)
        if cached is not None:
            return cached
        original = schema
        while "$ref" in schema:
            ref = schema["$ref"]
            target = self.root
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            merged = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **merged}
        self._resolved[key] = schema
        self._keep.append(original)
        return schema

    def check(self, node: YNode, schema: dict[str, Any], path: str, out: list[Finding]) -> None:
        """Check ``node`` at ``path`` against ``schema``, appending to ``out``."""
        comment = (
            self.comments.get(node.pos) if self.comments and isinstance(node, YScalar) else None
        )
        if comment is None:
            self._check(node, schema, path, out)
            return
        # `skin: #c68e6a` leaves skin empty: when text was wanted, say why it is empty and where.
        trial: list[Finding] = []
        self._check(node, schema, path, trial)
        refused = next((f for f in trial if not f.warning), None)
        if refused is None or not self._wants_text(schema):
            out.extend(trial)
            return
        where = f"{path}: " if path else ""
        out.append(Finding(comment[1], f"{where}{comment_advice(comment[0])}", refused.rule))

    def _wants_text(self, schema: dict[str, Any]) -> bool:
        """True when ``schema`` (or one of its alternatives) accepts text."""
        schema = self._resolve(schema)
        expected = schema.get("type")
        if expected is not None and "string" in (
            [expected] if isinstance(expected, str) else expected
        ):
            return True
        return any(self._wants_text(b) for b in schema.get("anyOf", []) + schema.get("oneOf", []))

    def _check(self, node: YNode, schema: dict[str, Any], path: str, out: list[Finding]) -> None:
        schema = self._resolve(schema)
        if "anyOf" in schema or "oneOf" in schema:
            self._check_alternatives(node, schema, path, out)
            return
        expected = schema.get("type")
        if expected is not None and not _type_ok(node, expected):
            where = _where(path)
            if (
                isinstance(node, YScalar)
                and "string" in ([expected] if isinstance(expected, str) else expected)
                and looks_like_yaml11_surprise(node)
            ):
                out.append(
                    Finding(
                        node.pos,
                        f"{where}YAML read {node.raw!r} as {_describe(node).split(' (')[0]}, not as text; "
                        f"{_quote_fix(node.raw)}",
                        "yaml11-coercion",
                        warning=True,
                        replace=(node.raw, quoted(node.raw)),
                    )
                )
                return
            out.append(self._type_finding(node, schema, expected, where))
            return
        if "enum" in schema:
            if (
                not isinstance(node, YScalar)
                or node.value not in schema["enum"]
                or isinstance(node.value, bool)
            ):
                where = _where(path)
                options = ", ".join(str(o) for o in schema["enum"])
                got = node.raw if isinstance(node, YScalar) else _describe(node)
                close = _closest(str(got), [str(o) for o in schema["enum"]])
                hint = f" (did you mean '{close}'?)" if close else ""
                plain = isinstance(node, YScalar) and node.plain and close is not None
                out.append(
                    Finding(
                        node.pos,
                        f"{where}'{got}' is not one of: {options}{hint}",
                        "schema",
                        replace=(str(got), str(close)) if plain else None,
                    )
                )
            return
        if isinstance(node, YMap):
            self._check_object(node, schema, path, out)
        elif isinstance(node, YSeq):
            self._check_array(node, schema, path, out)
        else:
            self._check_scalar(node, schema, path, out)

    def _split_text(self, node: YNode, schema: dict[str, Any], where: str) -> Finding | None:
        """Text written under its key with a ': ' inside, which YAML read as a one-key mapping."""
        if not isinstance(node, YMap) or len(node) != 1 or not self._wants_text(schema):
            return None
        key = next(iter(node))
        value = node.items[key]
        if not isinstance(value, YScalar) or not isinstance(value.value, (str, type(None))):
            return None
        at = node.key_pos[key]
        if at != node.pos:
            return None  # `{text: hi}` in brackets is a mapping written on purpose
        return Finding(
            Pos(at.file, at.line, at.col + len(key)),
            f"{where}{COLON_IN_TEXT}; put the whole text in quotes",
            "schema",
            quote_line=at.line,
        )

    def _type_finding(
        self, node: YNode, schema: dict[str, Any], expected: Any, where: str
    ) -> Finding:
        split = self._split_text(node, schema, where)
        if split is not None:
            return split
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        hint = schema.get("x-hint")
        tail = f"; write {hint}" if hint else ""
        if names == ["string"] and isinstance(node, YScalar) and node.plain:
            tail = tail or f"; {_quote_fix(node.raw)}"
        rule = schema.get("x-type-rule", "schema")
        return Finding(node.pos, f"{where}expected {wanted}, got {_describe(node)}{tail}", rule)

    def _check_alternatives(
        self, node: YNode, schema: dict[str, Any], path: str, out: list[Finding]
    ) -> None:
        branches = schema.get("anyOf") or schema.get("oneOf") or []
        resolved = [self._resolve(b) for b in branches]
        # Try the branches that fit the value's type and keys first: a valid value then
        # costs one trial instead of one per branch. The order cannot change the verdict.
        fits = [i for i, b in enumerate(resolved) if _fits(node, b)]
        order = fits + [i for i in range(len(branches)) if i not in fits]
        tried: dict[int, list[Finding]] = {}
        for i in order:
            trial: list[Finding] = []
            self._check(node, branches[i], path, trial)
            if not any(not f.warning for f in trial):
                out.extend(trial)
                return
            tried[i] = trial
        attempts = [tried[i] for i in range(len(branches))]
        # Report the one branch the author evidently meant: the only one of the right
        # type, or (for mappings) the only one whose required keys are all present.
        fitting = [
            (b, t)
            for b, t in zip(map(self._resolve, branches), attempts, strict=True)
            if "type" in b and _type_ok(node, b["type"])
        ]
        if isinstance(node, YMap) and len(fitting) > 1:
            fitting = [(b, t) for b, t in fitting if all(k in node for k in b.get("required", []))]
        if len(fitting) == 1:
            out.extend(fitting[0][1])
            return
        where = f"{path}: " if path else ""
        hint = schema.get("x-hint", "a valid value")
        split = self._split_text(node, schema, where)
        if split is not None:
            out.append(split)
            return
        if isinstance(node, YMap):
            keys = sorted({k for b in map(self._resolve, branches) for k in b.get("required", [])})
            given = ", ".join(node) or "no keys"
            suggestion = did_you_mean(next(iter(node)), keys) if len(node) == 1 else ""
            out.append(
                Finding(
                    node.pos,
                    f"{where}{{{given}}} is not a known form{suggestion}; write {hint}",
                    "schema",
                )
            )
            return
        out.append(
            Finding(
                node.pos,
                f"{where}got {_describe(node)}; write {hint}",
                schema.get("x-type-rule", "schema"),
            )
        )

    def _check_object(
        self, node: YMap, schema: dict[str, Any], path: str, out: list[Finding]
    ) -> None:
        props: dict[str, Any] = schema.get("properties", {})
        where = _where(path)
        missing = [k for k in schema.get("required", ()) if k not in node]
        # A misspelt required key is one mistake: report it once, at the misspelling,
        # rather than as a missing key at the mapping plus an unknown key further down.
        closed = schema.get("additionalProperties", True) is False
        typo_for = _typos(node, props, missing) if missing and closed else {}
        for key in missing:
            if key not in typo_for.values():
                out.append(Finding(node.pos, f"{where}missing required key '{key}'", "schema"))
        if len(node) < schema.get("minProperties", 0):
            out.append(
                Finding(
                    node.pos, f"{where}needs at least {schema['minProperties']} entry", "schema"
                )
            )
        names = schema.get("propertyNames")
        for key, value in node.items.items():
            if names is not None:
                self._check_name(node, key, self._resolve(names), where, out)
            self._check_entry(node, key, value, schema, path, typo_for, out)

    def _check_name(
        self, node: YMap, key: str, names: dict[str, Any], where: str, out: list[Finding]
    ) -> None:
        """A key that names something (an id) must match the schema's pattern for names."""
        pattern = names.get("pattern")
        if pattern and not re.search(pattern, key):
            hint = names.get("x-hint", f"a name matching {pattern}")
            out.append(
                Finding(
                    node.key_pos[key], f"{where}'{key}' is not a valid id; use {hint}", "schema"
                )
            )

    def _check_entry(
        self,
        node: YMap,
        key: str,
        value: YNode,
        schema: dict[str, Any],
        path: str,
        typo_for: dict[str, str],
        out: list[Finding],
    ) -> None:
        """One key of a mapping: a known key is checked against its schema, else reported or allowed."""
        props: dict[str, Any] = schema.get("properties", {})
        if key in props:
            self.check(value, props[key], f"{path}.{key}" if path else key, out)
            return
        extra = schema.get("additionalProperties", True)
        where = _where(path)
        if key in typo_for:
            meant = typo_for[key]
            out.append(
                Finding(
                    node.key_pos[key],
                    f"{where}unknown key '{key}' (did you mean '{meant}'?); "
                    f"'{meant}' is required here",
                    "unknown-key",
                    replace=(key, meant),
                )
            )
        elif extra is False:
            # A key already written here is no fix: renaming to it would make a duplicate key.
            close = _closest(key, [p for p in props if p not in node.items])
            hint = f" (did you mean '{close}'?)" if close else ""
            known = "" if hint else f"; known keys here: {', '.join(props)}"
            out.append(
                Finding(
                    node.key_pos[key],
                    f"{where}unknown key '{key}'{hint}{known}",
                    "unknown-key",
                    replace=(key, close) if close else None,
                )
            )
        elif isinstance(extra, dict):
            self.check(value, extra, f"{path}.{key}" if path else key, out)

    def _check_array(
        self, node: YSeq, schema: dict[str, Any], path: str, out: list[Finding]
    ) -> None:
        if len(node) < schema.get("minItems", 0):
            out.append(
                Finding(
                    node.pos, f"{_where(path)}needs at least {schema['minItems']} item(s)", "schema"
                )
            )
        if "maxItems" in schema and len(node) > schema["maxItems"]:
            out.append(
                Finding(
                    node.pos,
                    f"{_where(path)}has {len(node)} items; give at most {schema['maxItems']}",
                    "schema",
                )
            )
        items = schema.get("items")
        if items is not None:
            for i, value in enumerate(node.items):
                self.check(value, items, f"{path}[{i + 1}]", out)

    def _check_scalar(
        self, node: YScalar, schema: dict[str, Any], path: str, out: list[Finding]
    ) -> None:
        v = node.value
        if isinstance(v, str):
            if len(v) < schema.get("minLength", 0):
                out.append(Finding(node.pos, f"{_where(path)}must not be empty", "schema"))
            pattern = schema.get("pattern")
            if pattern and not re.search(pattern, v):
                hint = schema.get("x-hint", f"text matching {pattern}")
                out.append(
                    Finding(
                        node.pos, f"{_where(path)}'{_short(v)}' is not valid; use {hint}", "schema"
                    )
                )
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            where = _where(path)
            lo, hi = schema.get("minimum"), schema.get("maximum")
            if isinstance(v, float) and not math.isfinite(v):
                # JSON has no infinity or NaN, so the schema cannot speak of them; no field wants them.
                out.append(
                    Finding(
                        node.pos,
                        f"{where}{_short(node.raw)} is not a usable number; write a value from {lo} to {hi}",
                        "out-of-range",
                    )
                )
                return
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                out.append(
                    Finding(
                        node.pos,
                        f"{where}{_short(node.raw)} is out of range; use a value from {lo} to {hi}",
                        "out-of-range",
                    )
                )


def _typos(node: YMap, props: dict[str, Any], missing: list[str]) -> dict[str, str]:
    """Unknown keys of ``node`` that are each the misspelling of a different missing required key."""
    typo_for: dict[str, str] = {}
    for key in node.items:
        if key not in props:
            close = _closest(key, props)
            if close is not None and close in missing and close not in typo_for.values():
                typo_for[key] = close
    return typo_for
