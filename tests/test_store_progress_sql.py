"""The progress screen's summary read with SQL aggregates says what the same calls say read whole.

``SqliteStore.progress`` never builds a record per call (a trainee may have thousands); the
reference is :func:`summarise` over ``store.calls``, the path every other number of the game takes.
The file mixes trainees, principles a call did not exercise, ties on a best percent, practice and
passed calls, and a row of the wrong type, so each aggregate has something to get wrong.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from test_store_kit import make_record

from simulator.store.memory_store import MemoryStore
from simulator.store.progress import ProgressSummary, summarise
from simulator.store.sqlite_store import SqliteStore
from simulator.store.training_plan import exercise, forget_exercise


def _calls() -> list:
    calls = []
    for day in range(1, 21):
        calls.append(
            make_record(
                "ana",
                ("late_refund", "double_charge", "moving_day")[day % 3],
                day=day,
                percents={
                    "empathy": float(day * 4),
                    "listening": None if day % 4 else 50.0 + day,
                    "composure": 100.0 - day,
                },
                mode="practice" if day % 5 == 0 else "graded",
            )
        )
    calls.append(make_record("ana", "late_refund", day=22, percent=calls[0].percent))  # a tie
    calls += [make_record("bo", "late_refund", day=d, percents={"empathy": 90.0}) for d in (2, 9)]
    return calls


def _shape(summary: ProgressSummary) -> tuple[object, ...]:
    return (
        summary.total_calls,
        summary.averages,
        list(summary.averages),
        {sid: (r.finished_at, r.percent, r.grade) for sid, r in summary.best.items()},
        [(r.finished_at, r.scenario_id, r.scores) for r in summary.recent],
        summary.latest,
        list(summary.latest),
        summary.played,
        summary.passed,
    )


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    s = SqliteStore.open(tmp_path / "p.db")
    for record in _calls():
        s.record_call(record)
    return s


@pytest.mark.parametrize("trainee", ["ana", "bo", "nobody", None])
@pytest.mark.parametrize("recent", [5, 30])
def test_the_sql_summary_is_the_summary_of_the_calls_read_whole(
    store: SqliteStore, trainee: str | None, recent: int
) -> None:
    got = store.progress(trainee, recent=recent)
    expected = summarise(store.calls(trainee, with_decisions=False), recent)
    assert _shape(got) == _shape(expected)
    memory = MemoryStore()
    for record in _calls():
        memory.record_call(record)
    assert _shape(memory.progress(trainee, recent=recent)) == _shape(expected)
    store.close()


def test_a_wrongly_typed_row_is_left_out_of_every_figure(
    store: SqliteStore, tmp_path: Path
) -> None:
    store.close()
    conn = sqlite3.connect(tmp_path / "p.db")
    conn.execute("UPDATE calls SET percent = 'lots' WHERE id = 3")
    conn.commit()
    conn.close()
    reopened = SqliteStore.open(tmp_path / "p.db")
    got = reopened.progress("ana")
    expected = summarise(reopened.calls("ana", with_decisions=False))
    assert _shape(got) == _shape(expected) and got.total_calls == 20
    reopened.close()


def test_what_a_scenario_exercises_is_remembered_on_disk_until_its_file_changes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from test_store_progress import RUBRIC, one_step

    monkeypatch.setenv("ON_THE_LINE_CACHE_DIR", str(tmp_path / "cache"))
    forget_exercise()  # what earlier tests measured, in memory, under another cache folder
    searched: list[str] = []
    import simulator.store.training_plan as plan

    real = plan.ceiling
    monkeypatch.setattr(plan, "ceiling", lambda s, r: searched.append(s.id) or real(s, r))
    sc = replace(one_step("warm", "easy", "{empathy: 3}"), source_hash="v1")
    first = exercise(sc, RUBRIC)
    forget_exercise()  # a new game: only the disk remembers
    assert exercise(sc, RUBRIC) == first and first["empathy"] == 3 and searched == ["warm"]
    edited = replace(one_step("warm", "easy", "{empathy: 5}"), source_hash="v2")
    assert exercise(edited, RUBRIC)["empathy"] == 5 and searched == ["warm", "warm"]
    forget_exercise()  # leave no figures from this test's cache folder to later tests
