"""The benchmarks' generated inputs stay valid, so `make bench` measures real work, not error paths."""

from __future__ import annotations

from pathlib import Path

from test_store_kit import make_record

from simulator.bench import validation
from simulator.bench.progress_db import build_progress_db
from simulator.bench.store import fresh_copy
from simulator.store.sqlite_store import SqliteStore
from simulator.validation.validate import validate_paths


def test_generated_validation_files_are_clean(tmp_path: Path) -> None:
    paths = validation.write_files(tmp_path, count=12)
    reports, extra = validate_paths(paths)
    assert not extra
    assert [str(p) for r in reports for p in r.problems] == []
    assert all(r.scenario is not None for r in reports)


def test_the_copied_library_is_clean_with_an_id_per_file(tmp_path: Path) -> None:
    # The 10,000-file library is 1,000 generated files and copies under new ids: all must pass.
    paths = validation.write_library(tmp_path, 14, distinct=5)
    reports, extra = validate_paths(paths)
    assert len(paths) == 14 and not extra
    assert [str(p) for r in reports for p in r.problems] == []
    assert sorted(r.scenario.id for r in reports if r.scenario) == sorted(p.stem for p in paths)


def test_each_game_start_of_the_store_bench_sees_the_file_as_built(tmp_path: Path) -> None:
    # The start probe records a call: on a copy, so the next start (and the report) count the same.
    built = build_progress_db(tmp_path / "p.db", 40, heavy_trainee="Sam", heavy_calls=4)
    before = built.read_bytes()
    for _ in range(2):
        copy = fresh_copy(built)
        store = SqliteStore.open(copy)
        try:
            assert len(store.calls("Sam", with_decisions=False)) == 4
            store.record_call(make_record("Sam", "late_refund", day=9))
        finally:
            store.close()
    assert built.read_bytes() == before
