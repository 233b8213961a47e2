"""Finding a scenario by id: a file name or a declared ``id:``, looked up without validating every file."""

from __future__ import annotations

from pathlib import Path

import pytest

import simulator.validation.library as library
from simulator.paths import SCENARIOS_DIR
from simulator.validation.library import ScenarioNotFound, load_scenario, resolve_scenario_path
from simulator.validation.validate import FileReport


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the library validates, in order."""
    seen: list[Path] = []
    real = library.validate_file

    def counting(path: str | Path, rubric: object = None) -> FileReport:
        seen.append(Path(path))
        return real(path, rubric)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "validate_file", counting)
    return seen


def test_an_id_that_is_not_a_file_name_is_found_without_validating_any_file(
    tmp_path: Path, validations: list[Path]
) -> None:
    (tmp_path / "a_other.yaml").write_text("id: other\ntitle: [not, valid\n", encoding="utf-8")
    target = tmp_path / "renamed.yaml"
    target.write_text(
        (SCENARIOS_DIR / "late_refund.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert resolve_scenario_path("late_refund", tmp_path) == target
    assert validations == []


def test_a_file_with_errors_is_still_found_by_its_id_so_its_errors_can_be_shown(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "draft.yaml"
    broken.write_text("id: half_written\ntitle: Draft\nnodes: {}\n", encoding="utf-8")
    assert resolve_scenario_path("half_written", tmp_path) == broken


def test_an_unknown_id_suggests_the_nearest_declared_one(tmp_path: Path) -> None:
    (tmp_path / "file_name.yaml").write_text("id: angry_refund\n", encoding="utf-8")
    with pytest.raises(
        ScenarioNotFound, match=r"no scenario 'angry_refnd' .*did you mean 'angry_refund'"
    ):
        resolve_scenario_path("angry_refnd", tmp_path)


def test_loading_by_id_validates_the_file_once(validations: list[Path]) -> None:
    scenario, rubric, report = load_scenario("late_refund")
    assert scenario is not None and rubric is not None and report.ok
    assert validations == [SCENARIOS_DIR / "late_refund.yaml"]
