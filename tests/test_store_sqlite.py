"""The SQLite and in-memory progress stores: what goes in comes back, one transaction per call, migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_engine_kit import play, scenario
from test_store_kit import make_record

from simulator.store.base import ProgressStore
from simulator.store.memory_store import MemoryStore
from simulator.store.open import default_db_path, open_store, record_from_result
from simulator.store.sqlite_store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SqliteStore,
    migrate,
    read_calls,
)


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ProgressStore]:
    s: ProgressStore = (
        SqliteStore.open(tmp_path / "progress.db") if request.param == "sqlite" else MemoryStore()
    )
    yield s
    s.close()


def test_a_call_comes_back_with_every_field(store: ProgressStore) -> None:
    record = make_record(
        "ana", percents={"empathy": 75.0, "composure": None}, seed=7, mode="practice"
    )
    record.undo_used = True
    call_id = store.record_call(record)
    (back,) = store.calls()
    assert back.id == call_id
    record.id = call_id
    assert back == record


def test_profiles_are_kept_oldest_first_and_only_once(store: ProgressStore) -> None:
    store.add_trainee("Zoë")
    store.add_trainee("ana")
    store.add_trainee("Zoë")
    store.record_call(make_record("bram"))
    assert store.trainees() == ["Zoë", "ana", "bram"]


def test_calls_are_per_trainee_and_in_the_order_they_finished(store: ProgressStore) -> None:
    store.record_call(make_record("ana", day=3))
    store.record_call(make_record("bram", day=2))
    store.record_call(make_record("ana", day=1))
    assert [c.finished_at[:10] for c in store.calls("ana")] == ["2026-01-01", "2026-01-03"]
    assert [c.trainee for c in store.calls()] == ["ana", "bram", "ana"]
    assert store.calls("nobody") == []


def test_the_same_call_recorded_twice_is_kept_once(store: ProgressStore) -> None:
    first = store.record_call(make_record("ana"))
    again = store.record_call(make_record("ana"))
    assert first == again
    assert len(store.calls()) == 1


def test_the_database_is_wal_with_foreign_keys_at_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    store = SqliteStore.open(path)
    assert store.version == SCHEMA_VERSION == len(MIGRATIONS)
    # Read from outside, as any other program would: WAL is a property of the file.
    outside = sqlite3.connect(path)
    assert outside.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # Foreign keys are a property of the store's own connection: a score slipped in (by a
    # trigger) for a call that does not exist must make the store refuse the whole call.
    outside.execute(
        "CREATE TRIGGER orphan AFTER INSERT ON calls BEGIN "
        "INSERT INTO principle_scores VALUES (NEW.id + 1000, 'empathy', 1, 1, 100.0); END"
    )
    outside.commit()
    outside.close()
    assert store.record_call(make_record("ana")) < 0
    assert store.notice is not None and "FOREIGN KEY" in store.notice
    store.close()


def test_calls_survive_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    store = open_store(path)
    store.record_call(make_record("ana", day=1))
    store.record_call(make_record("bram", day=2))
    store.close()
    again = open_store(path)
    assert again.notice is None
    assert [c.trainee for c in again.calls()] == ["ana", "bram"]
    assert [c.trainee for c in read_calls(path)] == ["ana", "bram"]
    again.close()


def test_a_call_that_fails_half_way_leaves_nothing_half_written(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    store = SqliteStore.open(path)
    store.record_call(make_record("ana", day=1))
    # The decisions are written after the call row and its scores: make that last step fail
    # (a trigger added from outside, as damage from another program would be).
    outside = sqlite3.connect(path)
    outside.execute(
        "CREATE TRIGGER broken BEFORE INSERT ON decisions "
        "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )
    outside.commit()
    outside.close()
    failed = make_record("ana", day=2)
    call_id = store.record_call(failed)
    assert call_id < 0, "a call that could not be written gets a negative (in-memory) id"
    assert (
        store.notice is not None
        and "could not save the last call" in store.notice
        and "disk trouble" in store.notice
    )
    assert [c.finished_at[:10] for c in store.calls("ana")] == ["2026-01-01", "2026-01-02"], (
        "kept for this session"
    )
    store.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM calls").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM principle_scores").fetchone()[0] == 6
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 2
    conn.close()


def _v1_database(path: Path) -> None:
    """A file as version 1 of the schema left it, with one call in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    conn.execute(
        "INSERT INTO trainees(name, created_at) VALUES ('ana', '2025-12-01T09:00:00+00:00')"
    )
    conn.execute(
        """INSERT INTO calls(trainee_id, scenario_id, scenario_hash, seed, mode, started_at,
               finished_at, ending, outcome, percent, grade, passed, csat, undo_used, app_version, extra)
           VALUES (1, 'late_refund', 'h1', 3, 'graded', '2025-12-01T09:00:00+00:00', '2025-12-01T09:04:00+00:00',
                   'refund_sent', 'resolved', 82.5, 'B', 1, 4, 0, '0.0.9', '{"title": "Late refund"}')"""
    )
    conn.execute("INSERT INTO principle_scores VALUES (1, 'empathy', 3, 4, 75.0)")
    conn.execute(
        """INSERT INTO decisions(call_id, seq, node_id, choice, text, points, elapsed, cut_in, dead_air, mechanics)
           VALUES (1, 0, 'opening', 1, 'Sorry!', '{"empathy": 3}', 4.0, 0, 0, '[]')"""
    )
    conn.close()


def test_an_older_schema_is_migrated_forward_keeping_its_calls(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _v1_database(path)
    old = read_calls(path)  # a trainer can read an old file without changing it
    assert [c.percent for c in old] == [82.5]
    store = open_store(path)
    assert isinstance(store, SqliteStore) and store.notice is None
    assert store.version == SCHEMA_VERSION
    (call,) = store.calls()
    assert (call.trainee, call.grade, call.scores["empathy"]["percent"]) == ("ana", "B", 75.0)
    assert call.decisions[0]["text"] == "Sorry!"
    outside = sqlite3.connect(path)
    uid = outside.execute("SELECT uid FROM calls WHERE id = ?", (call.id,)).fetchone()[0]
    outside.close()
    assert uid == call.fingerprint(), "the migration gave the old call its merge identity"
    assert store.record_call(call) == call.id, (
        "and so the same call is not stored twice after migrating"
    )
    store.record_call(make_record("bram"))
    assert len(store.calls()) == 2
    store.close()


def test_record_from_result_keeps_scores_decisions_and_timing() -> None:
    sc = scenario(
        """
        nodes:
          start:
            say: "My order is late."
            respond_within: 5
            choices:
              - {text: "I'm sorry, let me check.", effects: {empathy: 2}, feedback: Good., next: done}
              - {text: "Not my fault.", effects: {no_blame: -2}, feedback: Own it., next: done}
        endings:
          done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Sorted.}
        """,
        sid="late_order",
    )
    conv = play(sc, [{"n": 2, "elapsed": 9.0, "cut_in": True}], seed=4, mode="practice")
    result = conv.result()
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    record = record_from_result("ana", result, start, start + timedelta(minutes=2))
    assert (record.trainee, record.scenario_id, record.seed, record.mode) == (
        "ana",
        "late_order",
        4,
        "practice",
    )
    assert record.scenario_hash == sc.source_hash and record.scenario_hash
    assert (record.started_at, record.finished_at) == (
        "2026-03-01T09:00:00+00:00",
        "2026-03-01T09:02:00+00:00",
    )
    assert (record.percent, record.grade, record.passed, record.csat) == (
        result.percent,
        result.grade,
        result.passed,
        result.csat,
    )
    assert record.ending == "done" and record.outcome == "resolved"
    assert record.scores["no_blame"] == {
        "points": result.scores["no_blame"].points,
        "max": result.scores["no_blame"].max,
        "percent": result.scores["no_blame"].percent,
    }
    (d,) = record.decisions
    assert (d["node_id"], d["choice"], d["text"]) == ("start", 2, "Not my fault.")
    # 9 s is past the response time: the silence's prompt came first, and answering over a "Hello?"
    # is never a cut-in, so the record keeps the time and the dead air, and no cut-in
    assert (d["elapsed"], d["cut_in"], d["dead_air"]) == (9.0, False, True)
    assert d["mechanics"] == ["dead_air"]
    assert d["lost"] == -sum(v for v in d["points"].values() if v < 0) > 0
    assert record.extra["title"] == "Test call"


def test_a_naive_time_is_taken_as_utc() -> None:
    sc = scenario(
        """
        nodes:
          start:
            say: "Hi."
            choices: [{text: "Hello.", effects: {empathy: 1}, feedback: Fine., next: done}]
        endings:
          done: {outcome: resolved, satisfaction: 3, say: "Bye.", summary: Done.}
        """
    )
    record = record_from_result(
        "ana", play(sc, [1]).result(), datetime(2026, 1, 1, 8, 0), "2026-01-01T08:01:00+00:00"
    )
    assert record.started_at == "2026-01-01T08:00:00+00:00"


def test_the_default_database_lives_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ON_THE_LINE_DATA_DIR", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "progress.db"
    store = open_store()
    store.record_call(make_record())
    store.close()
    assert (tmp_path / "data" / "progress.db").is_file()
