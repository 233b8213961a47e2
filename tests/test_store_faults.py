"""Faults: a damaged file, a folder that cannot be written, a file from a newer version. Play always goes on."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from test_store_kit import make_record

import simulator.store.sqlite_store as sqlite_store
from simulator.store.memory_store import MemoryStore
from simulator.store.open import open_store
from simulator.store.sqlite_store import SCHEMA_VERSION, SqliteStore, connect_file


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_fresh_and_working(path: Path) -> None:
    store = open_store(path)
    assert isinstance(store, SqliteStore) and store.notice is None
    store.record_call(make_record("ana"))
    store.close()
    again = open_store(path)
    assert [c.trainee for c in again.calls()] == ["ana"]
    again.close()


def test_a_file_that_is_not_a_database_is_moved_aside_and_a_fresh_one_started(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(b"this is not a database at all\n" * 200)
    before = _digest(path)
    store = open_store(path)
    assert isinstance(store, SqliteStore)
    (aside,) = tmp_path.glob("progress.db.corrupt-*")
    assert _digest(aside) == before, "the damaged file is kept, unchanged, for a trainer or support"
    assert store.notice is not None and aside.name in store.notice and "fresh" in store.notice
    assert store.calls() == []
    store.record_call(make_record("ana"))
    store.close()
    reopened = open_store(path)
    assert len(reopened.calls()) == 1 and reopened.notice is None
    reopened.close()


def test_a_database_with_damaged_pages_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    store = SqliteStore.open(path)
    for day in range(1, 20):
        store.record_call(make_record("ana", day=day))
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[page : 3 * page] = b"\xde\xad\xbe\xef" * (
        page // 2
    )  # keep the header, wreck the pages after it
    path.write_bytes(bytes(data))
    store = open_store(path)
    assert isinstance(store, SqliteStore)
    assert store.notice is not None and "moved to progress.db.corrupt-" in store.notice
    assert len(list(tmp_path.glob("progress.db.corrupt-*"))) == 1
    store.close()
    _assert_fresh_and_working(path)


def test_a_stale_wal_goes_aside_with_its_damaged_database(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(b"garbage" * 1000)
    (tmp_path / "progress.db-wal").write_bytes(b"old wal frames")
    store = open_store(path)
    assert store.notice is not None
    assert [p.name.endswith("-wal") for p in tmp_path.glob("progress.db.corrupt-*")].count(
        True
    ) == 1
    store.close()


def test_a_data_folder_that_cannot_be_created_gives_a_memory_store_with_a_notice(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the data folder should be")
    path = blocker / "on-the-line" / "progress.db"
    store = open_store(path)
    assert isinstance(store, MemoryStore)
    assert store.notice is not None
    assert (
        "not_a_folder" in store.notice and "memory only" in store.notice and "--db" in store.notice
    )
    store.record_call(make_record("ana"))
    assert [c.trainee for c in store.calls()] == ["ana"], (
        "play goes on: the call is kept for the session"
    )
    assert blocker.read_text() == "a file where the data folder should be"


def test_the_default_data_folder_under_a_file_gives_a_memory_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    monkeypatch.setenv("ON_THE_LINE_DATA_DIR", str(blocker / "data"))
    store = open_store()
    assert isinstance(store, MemoryStore) and store.notice and "blocker" in store.notice


def test_a_path_that_is_a_folder_gives_a_memory_store(tmp_path: Path) -> None:
    (tmp_path / "progress.db").mkdir()
    store = open_store(tmp_path / "progress.db")
    assert isinstance(store, MemoryStore) and store.notice and "not a file" in store.notice
    assert (tmp_path / "progress.db").is_dir()


def test_a_read_only_database_gives_a_memory_store_and_is_not_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.db"
    store = open_store(path)
    store.record_call(make_record("ana"))
    store.close()
    before = _digest(path)
    real_connect = sqlite3.connect

    class ReadOnlyConnection:
        """Reads pass through; the first write fails as SQLite does on a read-only file."""

        def __init__(self, conn: sqlite3.Connection) -> None:
            self._conn = conn

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            if (
                sql.lstrip()
                .upper()
                .startswith(
                    ("INSERT", "UPDATE", "CREATE", "ALTER", "BEGIN IMMEDIATE", "PRAGMA JOURNAL")
                )
            ):
                raise sqlite3.OperationalError("attempt to write a readonly database")
            return self._conn.execute(sql, *args)

        def close(self) -> None:
            self._conn.close()

    monkeypatch.setattr(
        sqlite_store.sqlite3, "connect", lambda *a, **k: ReadOnlyConnection(real_connect(*a, **k))
    )
    store = open_store(path)
    assert isinstance(store, MemoryStore)
    assert store.notice is not None and "readonly" in store.notice and "memory only" in store.notice
    assert _digest(path) == before and not list(tmp_path.glob("*.corrupt-*")), (
        "a read-only file is not damaged"
    )


def test_a_connect_that_cannot_open_gives_a_memory_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite_store.sqlite3, "connect", refuse)
    store = open_store(tmp_path / "progress.db")
    assert (
        isinstance(store, MemoryStore)
        and store.notice
        and "unable to open database file" in store.notice
    )


def test_a_database_that_turns_read_only_mid_session_keeps_the_call(tmp_path: Path) -> None:
    opened: list[sqlite3.Connection] = []

    def keep(path: Path) -> sqlite3.Connection:
        opened.append(connect_file(path))
        return opened[-1]

    store = SqliteStore.open(tmp_path / "progress.db", connect=keep)
    store.record_call(make_record("ana", day=1))
    # The store's own connection stops writing, as if the file's permissions changed under us.
    (conn,) = opened
    conn.execute("PRAGMA query_only = ON")
    store.record_call(make_record("ana", day=2))
    assert store.notice is not None and "could not save the last call" in store.notice
    assert len(store.calls("ana")) == 2
    store.close()


def test_a_database_from_a_newer_version_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    store = SqliteStore.open(path)
    store.record_call(make_record("ana", day=1))
    store.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = _digest(path)
    store = open_store(path)
    assert isinstance(store, MemoryStore)
    assert store.notice is not None and "newer version" in store.notice and "Update" in store.notice
    assert [c.finished_at[:10] for c in store.calls()] == ["2026-01-01"], (
        "earlier calls are still shown"
    )
    store.record_call(make_record("ana", day=2))
    assert len(store.calls()) == 2
    store.close()
    assert _digest(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()


def test_a_file_that_breaks_after_opening_gives_a_notice_not_a_crash(tmp_path: Path) -> None:
    store = SqliteStore.open(tmp_path / "progress.db")
    store.record_call(make_record("ana"))
    # As if the file were damaged under a running game: another connection drops a table.
    other = sqlite3.connect(tmp_path / "progress.db", isolation_level=None)
    other.execute("DROP TABLE decisions")
    other.close()
    assert store.calls() == []
    assert store.notice is not None and "cannot read earlier calls" in store.notice
    store.close()
