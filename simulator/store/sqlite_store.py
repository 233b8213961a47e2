"""The SQLite progress store: one file per desktop, a versioned schema, one transaction per call.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS`` is the list of steps
that take a database from version N to N+1; a file is brought forward one step at a time,
each step in its own transaction, so an old file from a trainee's desktop keeps every call.
The journal is WAL, so a process killed in the middle of writing a call loses that call only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator import __version__
from simulator.paths import display_path
from simulator.store.base import CallRecord, StoreError
from simulator.store.memory_store import MemoryStore

# SQLite result codes that mean "this file is damaged", as opposed to "cannot write here".
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26


class CorruptDatabase(StoreError):
    """The file is not a database, or its pages are damaged."""


class NewerDatabase(StoreError):
    """The file was written by a newer version of the game, with a schema this one does not know."""

    def __init__(self, message: str, version: int) -> None:
        super().__init__(message)
        self.version = version


class UnavailableDatabase(StoreError):
    """The file or its folder cannot be created or written (read-only, missing, locked)."""


def _v1_tables(conn: sqlite3.Connection) -> None:
    """Profiles, calls, per-principle scores and decisions."""
    for sql in (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE trainees (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
        """CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id) ON DELETE CASCADE,
            scenario_id TEXT NOT NULL,
            scenario_hash TEXT NOT NULL,
            seed INTEGER NOT NULL,
            mode TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            ending TEXT NOT NULL,
            outcome TEXT NOT NULL,
            percent REAL NOT NULL,
            grade TEXT NOT NULL,
            passed INTEGER NOT NULL,
            csat INTEGER NOT NULL,
            undo_used INTEGER NOT NULL DEFAULT 0,
            app_version TEXT NOT NULL DEFAULT '',
            extra TEXT NOT NULL DEFAULT '{}'
        )""",
        """CREATE TABLE principle_scores (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            principle TEXT NOT NULL,
            points INTEGER NOT NULL,
            max INTEGER NOT NULL,
            percent REAL,
            PRIMARY KEY (call_id, principle)
        )""",
        """CREATE TABLE decisions (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            node_id TEXT NOT NULL,
            choice INTEGER NOT NULL,
            text TEXT NOT NULL,
            points TEXT NOT NULL,
            elapsed REAL,
            cut_in INTEGER NOT NULL,
            dead_air INTEGER NOT NULL,
            mechanics TEXT NOT NULL,
            extra TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (call_id, seq)
        )""",
    ):
        conn.execute(sql)


def _v2_call_uid(conn: sqlite3.Connection) -> None:
    """A stable identity per call, so files from several desktops merge without duplicates."""
    conn.execute("ALTER TABLE calls ADD COLUMN uid TEXT")
    for record in _load_calls(conn):
        conn.execute("UPDATE calls SET uid = ? WHERE id = ?", (record.fingerprint(), record.id))
    conn.execute("CREATE UNIQUE INDEX calls_uid ON calls(uid)")
    conn.execute("CREATE INDEX calls_by_trainee ON calls(trainee_id, finished_at)")


# MIGRATIONS[i] takes a database from version i to i + 1. Only ever append to this list.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_tables, _v2_call_uid]
SCHEMA_VERSION = len(MIGRATIONS)


def _is_corruption(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (SQLITE_CORRUPT, SQLITE_NOTADB)
    # Without a result code, anything but an operational error (I/O, locks, permissions) is damage.
    return not isinstance(exc, sqlite3.OperationalError)


def _classify(path: Path, exc: sqlite3.Error, doing: str) -> StoreError:
    """Turn a sqlite error into a store error whose message names the file and what to do."""
    where = display_path(path)
    if _is_corruption(exc):
        return CorruptDatabase(f"{where}: the progress database is damaged ({exc}) while {doing}")
    return UnavailableDatabase(f"{where}: cannot use the progress database ({exc}) while {doing}")


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database forward to ``target``, one transaction per step; returns the version reached."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    while version < target:
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            # PRAGMA takes no parameters; the value is our own integer.
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version += 1
    return version


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        # immutable=1 as a second try reads a copied file even where no -shm can be created.
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            conn.execute("PRAGMA user_version").fetchone()
            return conn
        except sqlite3.OperationalError:
            return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a call is exactly one transaction.
    return sqlite3.connect(str(path), timeout=5.0, isolation_level=None)


def _has_sqlite_header(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return True  # unreadable is not the same as damaged; let SQLite report what it finds


class SqliteStore:
    """Progress kept in a SQLite file; open it with ``SqliteStore.open`` (or ``open_store``, which never raises)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self.notice: str | None = None
        # Calls that could not be written (disk full, file made read-only mid-session) are kept here.
        self._unsaved = MemoryStore()

    @classmethod
    def open(cls, path: Path) -> SqliteStore:
        """Open or create the database at ``path`` and migrate it; raises a ``StoreError`` subclass."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UnavailableDatabase(
                f"{display_path(path.parent)}: cannot create the folder for the progress database ({exc.strerror or exc})"
            ) from exc
        if path.exists() and not path.is_file():
            raise UnavailableDatabase(f"{display_path(path)}: is not a file, so it cannot hold the progress database")
        existed = path.exists() and path.stat().st_size > 0
        if existed and not _has_sqlite_header(path):
            # Decide before SQLite opens it: closing a connection deletes the -wal beside it, evidence included.
            raise CorruptDatabase(f"{display_path(path)}: is not a SQLite database (its first bytes are wrong)")
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(path)
            conn.execute("PRAGMA foreign_keys = ON")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise NewerDatabase(
                    f"{display_path(path)}: was written by a newer version of On the Line "
                    f"(schema {version}; this version knows up to {SCHEMA_VERSION})",
                    version,
                )
            if existed:
                check = conn.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise CorruptDatabase(f"{display_path(path)}: the progress database is damaged ({check})")
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
            # A write at open time finds a read-only file now, not when the first call ends.
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_opened_by', ?)", (__version__,))
            conn.execute("COMMIT")
        except StoreError:
            if conn is not None:
                conn.close()
            raise
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise _classify(path, exc, "opening it") from exc
        return cls(conn, path)

    @property
    def version(self) -> int:
        """The schema version of the open file."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def trainees(self) -> list[str]:
        """Profile names, oldest first."""
        try:
            names = [r[0] for r in self._conn.execute("SELECT name FROM trainees ORDER BY id")]
        except sqlite3.Error as exc:
            self.notice = f"{display_path(self.path)}: cannot read the profiles ({exc})."
            names = []
        return names + [n for n in self._unsaved.trainees() if n not in names]

    def add_trainee(self, name: str) -> None:
        """Create a profile (no-op when it exists)."""
        try:
            self._conn.execute(
                "INSERT OR IGNORE INTO trainees(name, created_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%S+00:00','now'))",
                (name,),
            )
        except sqlite3.Error as exc:
            self._unsaved.add_trainee(name)
            self.notice = f"{display_path(self.path)}: could not save the profile '{name}' ({exc}); it lasts until the game closes."

    def record_call(self, record: CallRecord) -> int:
        """Write one finished call, its scores and decisions in a single transaction; returns its id."""
        try:
            return self._write(record)
        except (sqlite3.Error, ValueError, TypeError) as exc:
            # Never lose the call the trainee just played, and never crash: keep it and say so.
            self.notice = (
                f"{display_path(self.path)}: could not save the last call ({exc}). It is kept until the game "
                "closes; free some disk space or check the file's permissions."
            )
            return -self._unsaved.record_call(record)

    def _write(self, record: CallRecord) -> int:
        conn = self._conn
        uid = record.fingerprint()
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = conn.execute("SELECT id FROM calls WHERE uid = ?", (uid,)).fetchone()
            if found is not None:
                conn.execute("ROLLBACK")
                return int(found[0])
            conn.execute(
                "INSERT OR IGNORE INTO trainees(name, created_at) VALUES (?, ?)", (record.trainee, record.started_at)
            )
            trainee_id = conn.execute("SELECT id FROM trainees WHERE name = ?", (record.trainee,)).fetchone()[0]
            cur = conn.execute(
                """INSERT INTO calls(uid, trainee_id, scenario_id, scenario_hash, seed, mode, started_at, finished_at,
                       ending, outcome, percent, grade, passed, csat, undo_used, app_version, extra)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    uid, trainee_id, record.scenario_id, record.scenario_hash, record.seed, record.mode,
                    record.started_at, record.finished_at, record.ending, record.outcome, record.percent,
                    record.grade, int(record.passed), record.csat, int(record.undo_used), record.app_version,
                    json.dumps(record.extra, ensure_ascii=False),
                ),
            )
            call_id = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO principle_scores(call_id, principle, points, max, percent) VALUES (?, ?, ?, ?, ?)",
                [
                    (call_id, name, int(s.get("points", 0)), int(s.get("max", 0)), s.get("percent"))
                    for name, s in record.scores.items()
                ],
            )
            conn.executemany(
                """INSERT INTO decisions(call_id, seq, node_id, choice, text, points, elapsed, cut_in, dead_air,
                       mechanics, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [(call_id, seq, *_decision_row(d)) for seq, d in enumerate(record.decisions)],
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        # Fold the WAL back into the main file now, so a trainer who copies only progress.db gets this call.
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            pass  # the call is committed; the checkpoint only helps copying
        return call_id

    def calls(self, trainee: str | None = None) -> list[CallRecord]:
        """Stored calls in the order they finished, for one trainee or all."""
        try:
            records = _load_calls(self._conn, trainee)
        except sqlite3.Error as exc:
            # The progress screen must open even if the file went bad under us; say so instead.
            self.notice = f"{display_path(self.path)}: cannot read earlier calls ({exc}); restart the game to check the file."
            records = []
        records += self._unsaved.calls(trainee)
        records.sort(key=lambda c: c.finished_at)
        return records

    def close(self) -> None:
        """Close the file (SQLite folds the WAL back into it)."""
        try:
            self._conn.close()
        except sqlite3.Error:
            pass


_DECISION_KEYS = ("node_id", "choice", "text", "points", "elapsed", "cut_in", "dead_air", "mechanics")


def _decision_row(d: dict[str, Any]) -> tuple[Any, ...]:
    extra = {k: v for k, v in d.items() if k not in _DECISION_KEYS}
    elapsed = d.get("elapsed")
    return (
        str(d.get("node_id", "")),
        int(d.get("choice", 0)),
        str(d.get("text", "")),
        json.dumps(d.get("points", {}), ensure_ascii=False),
        float(elapsed) if elapsed is not None else None,
        int(bool(d.get("cut_in"))),
        int(bool(d.get("dead_air"))),
        json.dumps(list(d.get("mechanics", [])), ensure_ascii=False),
        json.dumps(extra, ensure_ascii=False),
    )


def _json(text: str | None, default: Any) -> Any:
    try:
        value = json.loads(text) if text else default
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def _load_calls(conn: sqlite3.Connection, trainee: str | None = None) -> list[CallRecord]:
    """Every call in the file, oldest first; reads only version-1 columns, so older files read too."""
    where, params = ("WHERE t.name = ?", (trainee,)) if trainee is not None else ("", ())
    rows = conn.execute(
        f"""SELECT c.id, t.name, c.scenario_id, c.scenario_hash, c.seed, c.mode, c.started_at, c.finished_at,
                   c.ending, c.outcome, c.percent, c.grade, c.passed, c.csat, c.undo_used, c.app_version, c.extra
            FROM calls c JOIN trainees t ON t.id = c.trainee_id {where}
            ORDER BY c.finished_at, c.id""",
        params,
    ).fetchall()
    scores: dict[int, dict[str, dict[str, Any]]] = {}
    for call_id, name, points, top, percent in conn.execute(
        "SELECT call_id, principle, points, max, percent FROM principle_scores ORDER BY call_id, rowid"
    ):
        scores.setdefault(call_id, {})[name] = {"points": points, "max": top, "percent": percent}
    decisions: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute(
        """SELECT call_id, node_id, choice, text, points, elapsed, cut_in, dead_air, mechanics, extra
           FROM decisions ORDER BY call_id, seq"""
    ):
        call_id, node_id, choice, text, points, elapsed, cut_in, dead_air, mechanics, extra = row
        d: dict[str, Any] = {
            "node_id": node_id,
            "choice": choice,
            "text": text,
            "points": _json(points, {}),
            "elapsed": elapsed,
            "cut_in": bool(cut_in),
            "dead_air": bool(dead_air),
            "mechanics": _json(mechanics, []),
        }
        d.update(_json(extra, {}))
        decisions.setdefault(call_id, []).append(d)
    return [
        CallRecord(
            trainee=r[1], scenario_id=r[2], scenario_hash=r[3], seed=r[4], mode=r[5], started_at=r[6],
            finished_at=r[7], ending=r[8], outcome=r[9], percent=r[10], grade=r[11], passed=bool(r[12]),
            csat=r[13], scores=scores.get(r[0], {}), decisions=decisions.get(r[0], []), undo_used=bool(r[14]),
            app_version=r[15], id=r[0], extra=_json(r[16], {}),
        )
        for r in rows
    ]


def read_calls(path: Path) -> list[CallRecord]:
    """Every call in the database file at ``path``, read without changing it; raises ``StoreError``."""
    path = Path(path)
    where = display_path(path)
    if not path.is_file():
        raise StoreError(f"{where}: no such progress database (check the path; the game writes progress.db)")
    try:
        conn = _connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise _classify(path, exc, "opening it to read") from exc
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:
            raise StoreError(f"{where}: is not an On the Line progress database (it has no progress tables)")
        return _load_calls(conn)
    except sqlite3.Error as exc:
        if _is_corruption(exc):
            raise CorruptDatabase(f"{where}: is not a readable progress database ({exc})") from exc
        raise StoreError(f"{where}: cannot read the progress database ({exc})") from exc
    finally:
        conn.close()
