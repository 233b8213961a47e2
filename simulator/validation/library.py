"""The scenario library: every scenario in a folder, loaded and validated, for the game and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from simulator.scenario.model import Scenario
from simulator.paths import DEFAULT_RUBRIC, SCENARIOS_DIR, display_path
from simulator.scenario.problems import Problem, did_you_mean
from simulator.scenario.rubric import Rubric, find_rubric_file
from simulator.validation.rubric_check import load_rubric
from simulator.scenario.located import YScalar
from simulator.validation.validate import FileReport, expand, validate_file, validate_paths
from simulator.scenario.yaml_loader import load_file


@dataclass
class Library:
    """All scenario files of a folder: playable ones and broken ones with their problems."""

    folder: Path
    reports: list[FileReport]
    problems: list[Problem] = field(default_factory=list)

    @property
    def scenarios(self) -> list[Scenario]:
        """The playable scenarios, in file order."""
        return [r.scenario for r in self.reports if r.scenario is not None]

    def find(self, scenario_id: str) -> Scenario | None:
        """The playable scenario with this id, or None."""
        return next((s for s in self.scenarios if s.id == scenario_id), None)


def load_library(folder: str | Path = SCENARIOS_DIR) -> Library:
    """Load and validate every scenario under ``folder``; broken files are kept with their problems."""
    folder = Path(folder)
    if not folder.is_dir():
        return Library(folder, [])
    reports, problems = validate_paths([folder])
    return Library(folder, reports, problems)


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


def declared_ids(folder: Path) -> dict[str, Path]:
    """Each scenario id declared under ``folder`` and the first file (in path order) that declares it."""
    if not folder.is_dir():
        return {}
    found: dict[str, Path] = {}
    for f in expand([folder]):
        sid = declared_id(f)
        if sid is not None:
            found.setdefault(sid, f)
    return found


def resolve_scenario_path(ref: str, folder: Path = SCENARIOS_DIR) -> Path:
    """The file for ``ref``: a path to a file, or a scenario id (file stem or `id:`) in ``folder``.

    An id that is not a file name is looked up by parsing each file's ``id:`` only: the file
    found is validated once, by whoever loads it.
    """
    p = Path(ref)
    if p.is_file():
        return p
    for suffix in (".yaml", ".yml"):
        candidate = folder / f"{ref}{suffix}"
        if candidate.is_file():
            return candidate
    declared = declared_ids(folder)
    if ref in declared:
        return declared[ref]
    ids = sorted({*declared, *(f.stem for f in expand([folder]))}) if folder.is_dir() else []
    hint = did_you_mean(ref, ids)
    raise ScenarioNotFound(f"no scenario '{ref}' as a file or an id in {display_path(folder)}{hint}")


def load_scenario(ref: str) -> tuple[Scenario | None, Rubric | None, FileReport]:
    """Load one scenario by id or path with its rubric; scenario is None when it has errors."""
    path = resolve_scenario_path(ref)
    rubric, rproblems = rubric_for(path)
    if rubric is None:
        return None, None, FileReport(display_path(path), None, rproblems)
    report = validate_file(path, rubric)
    return report.scenario, rubric, report
