"""Live checking: every edit goes through the same validator as ``validate --strict``.

The page's data is written out as YAML by a small emitter that records which line holds which
key, then read back by the validator's own loader and checked by every rule, exactly as a file
would be. Each problem's line then names the node and field it is about, so the page can select
them; the text itself is thrown away (saving goes through ``roundtrip``, which keeps the
author's layout).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.paths import DEFAULT_RUBRIC
from simulator.scenario.model import Scenario
from simulator.scenario.problems import Problem
from simulator.scenario.rubric import Rubric, find_rubric_file
from simulator.scenario.yaml_loader import load_text
from simulator.validation.rubric_check import load_rubric
from simulator.validation.validate import check_document

PathKey = tuple[str | int, ...]
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class Emitted:
    """YAML text and, for each of its lines that starts a key or item, that key's path."""

    text: str
    lines: list[int]  # 1-based line numbers, ascending
    paths: list[PathKey]  # the path starting on the same-index line

    def path_at(self, line: int) -> PathKey:
        """The path of the key or item that line ``line`` belongs to."""
        i = bisect_right(self.lines, line) - 1
        return self.paths[i] if i >= 0 else ()


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    # A JSON string is a valid YAML double-quoted scalar with the same value.
    return json.dumps(str(value), ensure_ascii=False)


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def emit(data: dict[str, Any]) -> Emitted:
    """``data`` as block YAML, remembering the line of every key and item."""
    out: list[str] = []
    lines: list[int] = []
    paths: list[PathKey] = []

    def mark(path: PathKey) -> None:
        lines.append(len(out) + 1)
        paths.append(path)

    def block(value: Any, indent: int, path: PathKey, lead: str) -> None:
        # ``lead`` replaces the indentation of the first line written (a list item's "- ").
        pad = " " * indent
        first = True
        if isinstance(value, dict):
            for k, v in value.items():
                prefix = lead if first else pad
                first = False
                mark((*path, k))
                if isinstance(v, dict | list) and v:
                    out.append(f"{prefix}{_key(str(k))}:")
                    block(v, indent + 2, (*path, k), " " * (indent + 2))
                else:
                    out.append(f"{prefix}{_key(str(k))}: {_flat(v)}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                prefix = lead if first else pad
                first = False
                if isinstance(v, dict) and v:
                    mark((*path, i))
                    block(v, indent + 2, (*path, i), prefix + "- ")
                else:
                    mark((*path, i))
                    out.append(f"{prefix}- {_flat(v)}")

    block(data, 0, (), "")
    return Emitted("\n".join(out) + "\n", lines, paths)


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(str(k))}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    return _scalar(value)


class Rubrics:
    """The rubric each scenario file is checked against, read once per rubric file."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[Rubric | None, list[Problem]]] = {}

    def for_file(self, path: Path) -> tuple[Rubric | None, list[Problem]]:
        """The rubric for the scenario at ``path`` (rubric.yaml beside it or above, else the shipped one)."""
        rpath = find_rubric_file(path, DEFAULT_RUBRIC)
        if rpath not in self._cache:
            self._cache[rpath] = load_rubric(rpath)
        return self._cache[rpath]


@dataclass
class Checked:
    """The outcome of checking one version of a scenario."""

    problems: list[dict[str, Any]]
    scenario: Scenario | None
    rubric: Rubric | None


def problem_json(p: Problem, path: PathKey, line: int | None) -> dict[str, Any]:
    """One problem as the page shows it: severity, message, rule, and the node and field it is about."""
    return {
        "severity": p.severity.value,
        "message": p.message,
        "rule": p.rule,
        "path": list(path),
        "line": line,
        "col": p.pos.col if line is not None else None,
    }


def check_data(data: dict[str, Any], name: str, file_path: Path, rubrics: Rubrics) -> Checked:
    """Validate the page's data as ``validate --strict`` would validate it saved."""
    rubric, rubric_problems = rubrics.for_file(file_path)
    if rubric is None:
        return Checked([problem_json(p, (), None) for p in rubric_problems], None, None)
    emitted = emit(data)
    report = check_document(load_text(emitted.text, name), rubric)
    problems = [problem_json(p, emitted.path_at(p.pos.line), None) for p in report.problems]
    return Checked(problems, report.scenario, rubric)


def check_text(
    text: str,
    name: str,
    file_path: Path,
    rubrics: Rubrics,
    locations: list[tuple[int, int, PathKey]] | None,
) -> Checked:
    """Validate a file's text as it is on disk; ``locations`` (from ruamel.yaml) name each problem's field."""
    rubric, rubric_problems = rubrics.for_file(file_path)
    if rubric is None:
        return Checked([problem_json(p, (), p.pos.line) for p in rubric_problems], None, None)
    report = check_document(load_text(text, name), rubric)
    keys = [(line, col) for line, col, _ in locations or []]
    problems = []
    for p in report.problems:
        i = bisect_right(keys, (p.pos.line, p.pos.col)) - 1
        path = locations[i][2] if locations and i >= 0 else ()
        problems.append(problem_json(p, path, p.pos.line))
    return Checked(problems, report.scenario, rubric)
