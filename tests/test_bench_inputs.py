"""The benchmarks' generated inputs stay valid, so `make bench` measures real work, not error paths."""

from __future__ import annotations

from pathlib import Path

from simulator.bench import validation
from simulator.validation.validate import validate_paths


def test_generated_validation_files_are_clean(tmp_path: Path) -> None:
    paths = validation.write_files(tmp_path, count=12)
    reports, extra = validate_paths(paths)
    assert not extra
    assert [str(p) for r in reports for p in r.problems] == []
    assert all(r.scenario is not None for r in reports)
