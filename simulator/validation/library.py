"""The scenario library: every scenario in a folder, loaded and validated, for the game and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from simulator.paths import DEFAULT_RUBRIC, FOLDER, ScenarioSource, display_path, scenario_sources
from simulator.scenario.located import YScalar
from simulator.scenario.model import Scenario
from simulator.scenario.problems import Problem, did_you_mean
from simulator.scenario.rubric import Rubric, find_rubric_file
from simulator.scenario.yaml_loader import load_file
from simulator.validation.rubric_check import load_rubric
from simulator.validation.validate import FileReport, expand, validate_file, validate_paths


@dataclass
class Library:
    """All scenario files of one or more folders: playable ones and broken ones with their problems."""

    folder: Path
    reports: list[FileReport]
    problems: list[Problem] = field(default_factory=list)
    # where each report's file came from, by the report's path (built-in, yours or a folder)
    origins: dict[str, ScenarioSource] = field(default_factory=dict)

    def origin_of(self, report: FileReport) -> ScenarioSource:
        """The source folder a report's file came from."""
        return self.origins.get(report.path) or ScenarioSource(self.folder, FOLDER)

    @property
    def scenarios(self) -> list[Scenario]:
        """The playable scenarios, in file order."""
        return [r.scenario for r in self.reports if r.scenario is not None]

    def find(self, scenario_id: str) -> Scenario | None:
        """The playable scenario with this id, or None."""
        return next((s for s in self.scenarios if s.id == scenario_id), None)


def load_library(folder: str | Path | None = None) -> Library:
    """Load and validate every scenario under ``folder`` (default: every scenario source, built-in last);
    broken files are kept with their problems."""
    if folder is None:
        return load_sources(scenario_sources())
    folder = Path(folder)
    if not folder.is_dir():
        return Library(folder, [])
    reports, problems = validate_paths([folder])
    return Library(folder, reports, problems)


def load_sources(sources: list[ScenarioSource]) -> Library:
    """One library of several source folders, each validated on its own (a trainer's copy of a built-in
    call is not a duplicate id), in source order; each report remembers its source."""
    reports: list[FileReport] = []
    problems: list[Problem] = []
    origins: dict[str, ScenarioSource] = {}
    for source in sources:
        if not source.folder.is_dir():
            continue
        found, extra = validate_paths([source.folder])
        reports += found
        problems += [p for p in extra if p not in problems]
        for r in found:
            origins.setdefault(r.path, source)
    folder = sources[0].folder if sources else Path("scenarios")
    return Library(folder, reports, problems, origins)


def rubric_for(path: str | Path) -> tuple[Rubric | None, list[Problem]]:
    """The rubric that applies to the scenario at ``path``."""
    return load_rubric(find_rubric_file(path, DEFAULT_RUBRIC))


class ScenarioNotFound(LookupError):
    """No scenario file or id matches what was asked for."""


def declared_id(path: Path) -> str | None:
    """The top-level ``id:`` a scenario file declares, read without validating the file; None when it has none."""
    doc = load_file(path, display_path(path)).doc
    node = doc.get("id") if doc is not None else None
    return node.value if isinstance(node, YScalar) and isinstance(node.value, str) else None


def declared_ids(folder: Path | list[Path]) -> dict[str, Path]:
    """Each scenario id declared under ``folder`` (or each folder, in order) and the first file (in path order)
    that declares it."""
    found: dict[str, Path] = {}
    for one in folder if isinstance(folder, list) else [folder]:
        if not one.is_dir():
            continue
        for f in expand([one]):
            sid = declared_id(f)
            if sid is not None:
                found.setdefault(sid, f)
    return found


def resolve_scenario_path(ref: str, folder: Path | None = None) -> Path:
    """The file for ``ref``: a path to a file, or a scenario id (file stem or `id:`) in ``folder`` (default:
    every scenario source in order, so a trainer's own call of that id comes before the built-in one).

    An id that is not a file name is looked up by parsing each file's ``id:`` only: the file
    found is validated once, by whoever loads it.
    """
    p = Path(ref)
    unusable = unusable_name(ref)
    if unusable:
        raise ScenarioNotFound(unusable)
    if p.is_file():
        return p
    folders = [folder] if folder is not None else [s.folder for s in scenario_sources()]
    for one in folders:
        for suffix in (".yaml", ".yml"):
            candidate = one / f"{ref}{suffix}"
            if candidate.is_file():
                return candidate
    declared = declared_ids(folders)
    if ref in declared:
        return declared[ref]
    ids = sorted({*declared, *(f.stem for one in folders if one.is_dir() for f in expand([one]))})
    hint = did_you_mean(ref, ids)
    where = display_path(folders[0]) if len(folders) == 1 else ", ".join(_where(f) for f in folders)
    raise ScenarioNotFound(f"no scenario '{ref}' as a file or an id in {where}{hint}")


# The longest file name common file systems allow; a longer one makes every look-up raise.
MAX_NAME = 255


def unusable_name(ref: str) -> str | None:
    """Why ``ref`` can be neither a path nor a scenario id on this system (a name over 255 characters), or None."""
    longest = max((len(part) for part in Path(ref).parts), default=0)
    if longest + len(".yaml") <= MAX_NAME:
        return None
    shown = f"'{ref[:30]}...' ({len(ref):,} characters)"
    return (
        f"{shown} is too long to be a file name (at most {MAX_NAME} characters) or a scenario id "
        "(at most 64); check the path or the id"
    )


def _where(folder: Path) -> str:
    """A folder as messages name it: the built-in scenarios by that name, others by their path."""
    from simulator.paths import SCENARIOS_DIR, is_checkout

    if folder == SCENARIOS_DIR and not is_checkout():
        return "the built-in scenarios"
    return display_path(folder)


def load_scenario(ref: str) -> tuple[Scenario | None, Rubric | None, FileReport]:
    """Load one scenario by id or path with its rubric; scenario is None when it has errors."""
    path = resolve_scenario_path(ref)
    rubric, rproblems = rubric_for(path)
    if rubric is None:
        return None, None, FileReport(display_path(path), None, rproblems)
    report = validate_file(path, rubric)
    return report.scenario, rubric, report
