"""Validate scenario files: load, check against the schema, run every rule."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from simulator.paths import ASSETS_DIR, DEFAULT_RUBRIC, display_path
from simulator.scenario.conditions import leaves
from simulator.scenario.located import Pos
from simulator.scenario.model import Follows, Scenario
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


@dataclass(frozen=True, slots=True)
class Links:
    """What the checks across files need of one playable scenario, small enough to keep for every file.

    ``validate`` on 10,000 files keeps one of these per file instead of the whole scenario, so its
    memory stays flat as the library grows.
    """

    id: str
    path: str
    pos: Pos
    follows: Follows | None
    sets: tuple[str, ...]  # every flag some choice sets: what a follow-up call inherits
    flag_tests: tuple[tuple[Pos, str], ...]  # where a condition tests a flag (follow-ups only)

    @classmethod
    def of(cls, scenario: Scenario) -> Links:
        """The links of ``scenario``."""
        choices = [c for node in scenario.nodes.values() for c in node.choices]
        tests: tuple[tuple[Pos, str], ...] = ()
        if scenario.follows is not None:
            tests = tuple(
                (leaf.pos, leaf.arg)
                for c in choices
                for leaf in leaves(c.condition)
                if leaf.op in ("flag", "not_flag")
            )
        # A tuple, not a set: no flags costs nothing (the empty tuple is shared), a set 216 bytes.
        sets = tuple(dict.fromkeys(f for c in choices for f in c.sets))
        return cls(scenario.id, scenario.path, scenario.pos, scenario.follows, sets, tests)


@dataclass(slots=True)
class FileReport:
    """One file's outcome: the scenario (None if it has errors) and its sorted problems.

    ``links`` is set exactly when the file is playable; ``validate_paths(..., keep_scenarios=False)``
    keeps only the links, not the scenario.
    """

    path: str
    scenario: Scenario | None
    problems: list[Problem] = field(default_factory=list)
    links: Links | None = None

    def __post_init__(self) -> None:
        if self.links is None and self.scenario is not None:
            self.links = Links.of(self.scenario)

    @property
    def ok(self) -> bool:
        """True when the file has no errors (warnings allowed)."""
        return not has_errors(self.problems)

    @property
    def first_error(self) -> Problem | None:
        """The first error, for one-line summaries such as the scenario picker's."""
        return next((p for p in self.problems if p.is_error), None)

    def refuse(self, problem: Problem) -> None:
        """Add an error a check across files found: the file is no longer playable."""
        self.scenario = None
        self.links = None
        self.problems.append(problem)
        self.problems.sort()


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


def validate_paths(
    paths: Iterable[str | Path], keep_scenarios: bool = True
) -> tuple[list[FileReport], list[Problem]]:
    """Validate every scenario under ``paths``; also returns rubric and cross-file problems.

    With ``keep_scenarios=False`` (the ``validate`` command) each report keeps its problems and
    links only: the scenarios are dropped as soon as each file is checked.
    """
    # Names, not Path objects: 10,000 of those (and the names pathlib interns) are memory kept.
    files = [str(f) for f in expand(paths)]
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
        shown = display_path(f)
        if rubric is None:
            why = f"cannot check this file: its rubric {display_path(rpath)} has errors; fix those first"
            reports.append(FileReport(shown, None, [error(Pos(shown, 1, 1), why, "rubric")]))
            continue
        report = check_document(load_file(f, shown), rubric)
        if not keep_scenarios:
            report.scenario = None
        reports.append(report)
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
    known = {r.links.id for r in reports if r.links is not None and r.links.id}
    for r in reports:
        links = r.links
        if links is None or links.follows is None:
            continue
        first = links.follows.scenario
        pos = links.follows.scenario_pos or links.follows.pos
        message = ""
        if first == links.id:
            message = (
                f"scenario '{links.id}' cannot follow itself; "
                "name the first call of the story under `follows: {scenario: ...}`"
            )
        elif first not in known and not _sibling_exists(links.path, first):
            nearby = known | _sibling_ids(links.path)
            hint = did_you_mean(first, nearby)
            message = (
                f"`follows:` names scenario '{first}', which is not in the library{hint}; "
                "name the id of the first call of the story (its file must be in the same folder)"
            )
        if message:
            r.refuse(error(pos, message, "unknown-follows"))


def forgive_inherited_flags(reports: list[FileReport]) -> None:
    """Drop `unset-flag` warnings in a follow-up call for flags its earlier parts set.

    Part 2 of a story opens with the flags its first call ended with, so a condition on a flag
    only part 1 sets is no typo. The earlier parts are found among the files validated together,
    or beside the file (a file's name is its id, read again only for such a chain), along the
    chain of `follows:`.
    """
    known = {r.links.id: r.links for r in reports if r.links is not None and r.links.id}
    for r in reports:
        links = r.links
        if (
            links is None
            or links.follows is None
            or not any(p.rule == "unset-flag" for p in r.problems)
        ):
            continue
        inherited = _flags_set_before(links, known)
        if not inherited:
            continue
        tested = dict(links.flag_tests)
        r.problems = [
            p for p in r.problems if not (p.rule == "unset-flag" and tested.get(p.pos) in inherited)
        ]


def _flags_set_before(links: Links, known: dict[str, Links]) -> set[str]:
    """Every flag some choice sets in the calls ``links`` follows, along the chain (a loop stops it)."""
    found: set[str] = set()
    seen = {links.id}
    current: Links | None = links
    while (
        current is not None and current.follows is not None and current.follows.scenario not in seen
    ):
        first_id = current.follows.scenario
        seen.add(first_id)
        current = known.get(first_id) or _sibling_links(links.path, first_id)
        if current is not None:
            found.update(current.sets)
    return found


def _sibling_links(path: str, scenario_id: str) -> Links | None:
    folder = Path(path).parent
    for suffix in SCENARIO_SUFFIXES:
        sibling = folder / f"{scenario_id}{suffix}"
        if sibling.is_file():
            return validate_file(sibling).links
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
    first: dict[str, Links] = {}
    for r in reports:
        links = r.links
        if links is None or not links.id:
            continue
        if links.id in first:
            other = first[links.id]
            r.refuse(
                error(
                    links.pos,
                    f"scenario id '{links.id}' is already used by {other.path}; give each scenario its own id",
                    "duplicate-id",
                    (other.pos,),
                )
            )
        else:
            first[links.id] = links
