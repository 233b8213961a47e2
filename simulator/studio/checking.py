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
from simulator.scenario.located import Pos, YMap, YNode, YScalar, YSeq, to_plain
from simulator.scenario.model import Scenario
from simulator.scenario.problems import Problem
from simulator.scenario.rubric import Rubric, find_rubric_file
from simulator.scenario.yaml_loader import STR, LoadResult, load_text
from simulator.validation.rubric_check import load_rubric
from simulator.validation.validate import (
    FileReport,
    check_document,
    check_follows,
    forgive_inherited_flags,
)

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


def located(data: dict[str, Any], name: str) -> tuple[YMap, Emitted]:
    """``data`` as the validator's located document, each key and item on a line of its own.

    This is the document the validator's loader would build from ``emit(data).text`` (the
    browser tests check the two agree), built directly: a call of hundreds of nodes is then
    re-checked after every edit without writing and re-reading its YAML. The lines are
    numbered as ``emit`` numbers them, so a problem's line names its node and field.
    """
    lines: list[int] = []
    paths: list[PathKey] = []

    def mark(path: PathKey) -> Pos:
        lines.append(len(lines) + 1)
        paths.append(path)
        return Pos(name, len(lines), 1)

    def build(value: Any, pos: Pos, path: PathKey) -> YNode:
        if isinstance(value, dict):
            ymap = YMap(pos)
            for key, item in value.items():
                key = str(key)
                at = mark((*path, key))
                ymap.key_pos[key] = at
                ymap.items[key] = build(item, at, (*path, key))
            return ymap
        if isinstance(value, list):
            yseq = YSeq(pos)
            for i, item in enumerate(value):
                yseq.items.append(build(item, mark((*path, i)), (*path, i)))
            return yseq
        return _scalar_node(value, pos)

    doc = build(data, Pos(name, 1, 1), ())
    assert isinstance(doc, YMap)
    return doc, Emitted("", lines, paths)


_TAGS = {
    bool: "tag:yaml.org,2002:bool",
    int: "tag:yaml.org,2002:int",
    float: "tag:yaml.org,2002:float",
    type(None): "tag:yaml.org,2002:null",
}


def _scalar_node(value: Any, pos: Pos) -> YScalar:
    if isinstance(value, str):
        return YScalar(value, value, pos, STR, False)  # written double-quoted, as ``emit`` does
    return YScalar(value, _scalar(value), pos, _TAGS.get(type(value), STR), True)


def check_data(data: dict[str, Any], file_path: Path, rubrics: Rubrics) -> Checked:
    """Validate the page's data with the schema and every rule of ``validate --strict``.

    What only a file's text can show (a comment cutting a line short, a backslash escape, a
    YAML 1.1 surprise) is checked on the text itself, when a file is opened and when it is saved.
    """
    rubric, rubric_problems = rubrics.for_file(file_path)
    if rubric is None:
        return Checked([problem_json(p, (), None) for p in rubric_problems], None, None)
    doc, where = located(data, str(file_path))
    report = _report(LoadResult(str(file_path), doc, [], ""), rubric)
    problems = [problem_json(p, where.path_at(p.pos.line), None) for p in report.problems]
    return Checked(problems, report.scenario, rubric)


def _report(loaded: LoadResult, rubric: Rubric) -> FileReport:
    """``check_document`` and the checks ``validate`` makes across files, for one file.

    A part 2 (`follows:`) finds its part 1 beside it, as ``validate FILE`` does, so flags part 1
    sets are not reported as never set. ``loaded`` is named by its full path for that.
    """
    report = check_document(loaded, rubric)
    check_follows([report])
    forgive_inherited_flags([report])
    return report


@dataclass
class FileCheck:
    """A file's text as the validator reads it: its problems, and its data when it is a mapping."""

    checked: Checked
    data: dict[str, Any] | None
    unreadable: bool  # the loader could not build a document at all


def check_text(text: str, file_path: Path, rubrics: Rubrics) -> FileCheck:
    """Validate a file's text as it is on disk, naming the node and field of each problem."""
    loaded = load_text(text, str(file_path))
    if loaded.doc is None:
        problems = [problem_json(p, (), p.pos.line) for p in loaded.problems]
        return FileCheck(Checked(problems, None, None), None, True)
    data = to_plain(loaded.doc)
    locations = sorted(_locations(loaded.doc, ()))
    keys = [(line, col) for line, col, _ in locations]
    rubric, rubric_problems = rubrics.for_file(file_path)
    report = None if rubric is None else _report(loaded, rubric)
    found = rubric_problems if report is None else report.problems
    scenario = None if report is None else report.scenario
    problems = []
    for p in found:
        i = bisect_right(keys, (p.pos.line, p.pos.col)) - 1
        path = locations[i][2] if i >= 0 and p.pos.file == str(file_path) else ()
        problems.append(problem_json(p, path, p.pos.line))
    return FileCheck(
        Checked(problems, scenario, rubric), data if isinstance(data, dict) else None, False
    )


def _locations(node: YNode, path: PathKey) -> list[tuple[int, int, PathKey]]:
    """(line, column, path) of every key and item under ``node``."""
    found: list[tuple[int, int, PathKey]] = []
    if isinstance(node, YMap):
        for key, value in node.items.items():
            pos = node.key_pos.get(key, node.pos)
            found.append((pos.line, pos.col, (*path, key)))
            found.extend(_locations(value, (*path, key)))
    elif isinstance(node, YSeq):
        for i, item in enumerate(node.items):
            found.append((item.pos.line, item.pos.col, (*path, i)))
            found.extend(_locations(item, (*path, i)))
    return found
