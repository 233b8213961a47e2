"""Validate scenario files: load, check against the schema, run every rule."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from simulator.paths import ASSETS_DIR, DEFAULT_RUBRIC, display_path
from simulator.scenario.conditions import leaves
from simulator.scenario.located import Pos
from simulator.scenario.model import Scenario
from simulator.scenario.model_build import build_scenario
from simulator.scenario.problems import Problem, did_you_mean, error, has_errors
from simulator.scenario.rubric import Rubric, find_rubric_file
from simulator.scenario.yaml_loader import LoadResult, load_file
from simulator.validation.registry import Context
from simulator.validation.rubric_check import load_rubric
from simulator.validation.rules import run_rules
from simulator.validation.schema_walk import SchemaWalker, load_schema

SCENARIO_SUFFIXES = (".yaml", ".yml")
RUBRIC_NAME = "rubric.yaml"


@dataclass
class FileReport:
    """One file's outcome: the scenario (None if it has errors) and its sorted problems."""

    path: str
    scenario: Scenario | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file has no errors (warnings allowed)."""
        return not has_errors(self.problems)

    @property
    def first_error(self) -> Problem | None:
        """The first error, for one-line summaries such as the scenario picker's."""
        return next((p for p in self.problems if p.is_error), None)


def check_document(
    result: LoadResult, rubric: Rubric, asset_dirs: tuple[Path, ...] = (ASSETS_DIR,)
) -> FileReport:
    """Run the schema and every rule over a loaded document."""
    problems = list(result.problems)
    if result.doc is None:
        return FileReport(result.path, None, sorted(problems))
    findings = SchemaWalker(load_schema("scenario")).run(result.doc, result.comments)
    digest = hashlib.sha256(result.text.encode("utf-8")).hexdigest()
    scenario = build_scenario(result.doc, result.path, digest)
    ctx = Context(
        result.path,
        result.doc,
        scenario,
        rubric,
        findings,
        asset_dirs,
        escapes=result.escapes,
        text=result.text,
    )
    problems.extend(run_rules(ctx))
    problems = sorted(set(_drop_superseded(problems)))
    return FileReport(result.path, None if has_errors(problems) else scenario, problems)


# Rules whose finding explains a value better than the schema's does. A `next: wrap up`
# breaks the id pattern and names no node; "goes to 'wrap up', which does not exist
# (did you mean 'wrap_up'?)" says all there is to say, so the schema's finding at the
# same place is dropped. The verdict is unchanged: the better finding is an error too.
_SUPERSEDE_SCHEMA = frozenset({"dangling-next"})


def _drop_superseded(problems: list[Problem]) -> list[Problem]:
    """``problems`` without schema errors at a place where a more specific rule reports an error."""
    better = {p.pos for p in problems if p.rule in _SUPERSEDE_SCHEMA and p.is_error}
    if not better:
        return problems
    return [p for p in problems if not (p.rule == "schema" and p.pos in better)]


def validate_file(path: str | Path, rubric: Rubric | None = None) -> FileReport:
    """Load and validate one scenario file, finding its rubric when none is given."""
    name = display_path(path)
    if rubric is None:
        rubric, rubric_problems = load_rubric(find_rubric_file(path, DEFAULT_RUBRIC))
        if rubric is None:
            return FileReport(name, None, rubric_problems)
    return check_document(load_file(path, name), rubric)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Scenario files named by ``paths``: files as given, folders searched recursively.

    In a folder, anything named like a scenario that is not a folder is kept, pipes, devices and
    broken links included: reading refuses them at once with a message, so they are listed as
    files that cannot be played rather than silently missing.
    """
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.suffix in SCENARIO_SUFFIXES and f.name != RUBRIC_NAME and not f.is_dir()
                )
            )
        else:
            found.append(p)
    return found


def validate_paths(paths: Iterable[str | Path]) -> tuple[list[FileReport], list[Problem]]:
    """Validate every scenario under ``paths``; also returns rubric and cross-file problems."""
    files = expand(paths)
    rubrics: dict[Path, tuple[Rubric | None, list[Problem]]] = {}
    reports: list[FileReport] = []
    extra: list[Problem] = []
    for f in files:
        rpath = find_rubric_file(f, DEFAULT_RUBRIC)
        if rpath not in rubrics:
            rubric_found, rubric_problems = load_rubric(rpath)
            rubric_problems = _shown_as(rubric_problems, str(rpath), display_path(rpath))
            rubrics[rpath] = (rubric_found, rubric_problems)
            extra.extend(rubric_problems)
        rubric = rubrics[rpath][0]
        if rubric is None:
            reports.append(
                FileReport(
                    display_path(f),
                    None,
                    [
                        error(
                            Pos(display_path(f), 1, 1),
                            f"cannot check this file: its rubric {display_path(rpath)} has errors; fix those first",
                            "rubric",
                        )
                    ],
                )
            )
            continue
        reports.append(check_document(load_file(f, display_path(f)), rubric))
    mark_duplicate_ids(reports)
    check_follows(reports)
    forgive_inherited_flags(reports)
    return reports, sorted(set(extra))


def _shown_as(problems: list[Problem], path: str, shown: str) -> list[Problem]:
    """``problems`` with positions in ``path`` renamed to ``shown`` (the short display path)."""

    def fix(pos: Pos) -> Pos:
        return replace(pos, file=shown) if pos.file == path else pos

    return [replace(p, pos=fix(p.pos), related=tuple(map(fix, p.related))) for p in problems]


def check_follows(reports: list[FileReport]) -> None:
    """Refuse a follow-up call whose `follows:` names no scenario of the library (or itself).

    The library is the files validated together plus, for a file checked on its own,
    the scenario files next to it (found by name: a file's name is its id).
    """
    known = {r.scenario.id for r in reports if r.scenario is not None and r.scenario.id}
    for r in reports:
        sc = r.scenario
        if sc is None or sc.follows is None:
            continue
        first = sc.follows.scenario
        pos = sc.follows.scenario_pos or sc.follows.pos
        message = ""
        if first == sc.id:
            message = (
                f"scenario '{sc.id}' cannot follow itself; "
                "name the first call of the story under `follows: {scenario: ...}`"
            )
        elif first not in known and not _sibling_exists(sc.path, first):
            nearby = known | _sibling_ids(sc.path)
            hint = did_you_mean(first, nearby)
            message = (
                f"`follows:` names scenario '{first}', which is not in the library{hint}; "
                "name the id of the first call of the story (its file must be in the same folder)"
            )
        if message:
            r.scenario = None
            r.problems.append(error(pos, message, "unknown-follows"))
            r.problems.sort()


def forgive_inherited_flags(reports: list[FileReport]) -> None:
    """Drop `unset-flag` warnings in a follow-up call for flags its earlier parts set.

    Part 2 of a story opens with the flags its first call ended with, so a condition on a flag
    only part 1 sets is no typo. The earlier parts are found among the files validated together,
    or beside the file (a file's name is its id), along the chain of `follows:`.
    """
    known = {r.scenario.id: r.scenario for r in reports if r.scenario is not None and r.scenario.id}
    for r in reports:
        sc = r.scenario
        if sc is None or sc.follows is None or not any(p.rule == "unset-flag" for p in r.problems):
            continue
        inherited = _flags_set_before(sc, known)
        if not inherited:
            continue
        tested = {
            leaf.pos: leaf.arg
            for node in sc.nodes.values()
            for choice in node.choices
            for leaf in leaves(choice.condition)
            if leaf.op in ("flag", "not_flag")
        }
        r.problems = [
            p for p in r.problems if not (p.rule == "unset-flag" and tested.get(p.pos) in inherited)
        ]


def _flags_set_before(scenario: Scenario, known: dict[str, Scenario]) -> set[str]:
    """Every flag some choice sets in the calls ``scenario`` follows, along the chain (a loop stops it)."""
    found: set[str] = set()
    seen = {scenario.id}
    current: Scenario | None = scenario
    while (
        current is not None and current.follows is not None and current.follows.scenario not in seen
    ):
        first_id = current.follows.scenario
        seen.add(first_id)
        current = known.get(first_id) or _sibling_scenario(scenario.path, first_id)
        if current is not None:
            found.update(f for node in current.nodes.values() for c in node.choices for f in c.sets)
    return found


def _sibling_scenario(path: str, scenario_id: str) -> Scenario | None:
    folder = Path(path).parent
    for suffix in SCENARIO_SUFFIXES:
        sibling = folder / f"{scenario_id}{suffix}"
        if sibling.is_file():
            return validate_file(sibling).scenario
    return None


def _sibling_ids(path: str) -> set[str]:
    folder = Path(path).parent
    try:
        return {
            f.stem
            for f in folder.iterdir()
            if f.suffix in SCENARIO_SUFFIXES and f.name != RUBRIC_NAME
        }
    except OSError:
        return set()


def _sibling_exists(path: str, scenario_id: str) -> bool:
    folder = Path(path).parent
    return any((folder / f"{scenario_id}{suffix}").is_file() for suffix in SCENARIO_SUFFIXES)


def mark_duplicate_ids(reports: list[FileReport]) -> None:
    """Refuse every later file that reuses a scenario id, citing the first file."""
    first: dict[str, Scenario] = {}
    for r in reports:
        sc = r.scenario
        if sc is None or not sc.id:
            continue
        if sc.id in first:
            other = first[sc.id]
            r.scenario = None
            r.problems.append(
                error(
                    sc.pos,
                    f"scenario id '{sc.id}' is already used by {other.path}; give each scenario its own id",
                    "duplicate-id",
                    (other.pos,),
                )
            )
        else:
            first[sc.id] = sc
