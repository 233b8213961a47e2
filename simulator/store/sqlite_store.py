"""The SQLite progress store: one file per desktop, a versioned schema, one transaction per call.

The schema version lives in ``PRAGMA user_version`` and the file is stamped with the game's
``PRAGMA application_id``, so a SQLite file of another program is recognised and never modified.
``MIGRATIONS`` is the list of steps that take a database from version N to N+1; each step reads
the version inside its own write transaction, so several games opening one new file at once
serialise on the lock and never run a step twice. The journal is WAL, so a process killed in the
middle of writing a call loses that call only.

A progress file is input, not trusted data: trainers merge files from many desktops, and SQLite
keeps whatever type a cell was given. Every value read is checked; a call with a bad value is
skipped with a warning naming the file and the row, and the rest is read.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from simulator import __version__
from simulator.paths import display_path
from simulator.store import report_rows
from simulator.store.base import CallRecord, StoreError
from simulator.store.memory_store import MemoryStore
from simulator.store.outbox import create_outbox
from simulator.store.outbox import queue as queue_statement
from simulator.store.progress import ProgressSummary, best_grades, summarise
from simulator.store.sqlite_progress import progress_summary
from simulator.store.sqlite_read import iter_calls, last_call, load_calls

# SQLite result codes that mean "this file is damaged", as opposed to "cannot write here".
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26
# PRAGMA application_id of a progress file: "OtLn". Files written before it existed have 0.
APPLICATION_ID = 0x4F744C6E
# The tables every version of the progress file has had since version 1.
_OUR_TABLES = frozenset({"meta", "trainees", "calls", "principle_scores", "decisions"})
# How long a writer waits for another game holding the file's write lock before giving up.
BUSY_TIMEOUT_S = 15.0


class CorruptDatabase(StoreError):
    """The file is not a database, or its pages are damaged."""


class NewerDatabase(StoreError):
    """The file was written by a newer version of the game, with a schema this one does not know."""

    def __init__(self, message: str, version: int) -> None:
        super().__init__(message)
        self.version = version


class UnavailableDatabase(StoreError):
    """The file or its folder cannot be created or written (read-only, missing, locked)."""


class _Busy(Exception):
    """Another connection held a lock SQLite would not wait for; the open is tried again."""

    def __init__(self, error: sqlite3.Error) -> None:
        super().__init__(str(error))
        self.error = error


class ForeignDatabase(StoreError):
    """A SQLite file that belongs to another program: refused, and never modified."""


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
    for record in load_calls(conn):
        conn.execute("UPDATE calls SET uid = ? WHERE id = ?", (record.fingerprint(), record.id))
    conn.execute("CREATE UNIQUE INDEX calls_uid ON calls(uid)")
    conn.execute("CREATE INDEX calls_by_trainee ON calls(trainee_id, finished_at)")


def _v3_outbox(conn: sqlite3.Connection) -> None:
    """The xAPI outbox: statements waiting for the Learning Record Store (simulator.store.outbox)."""
    create_outbox(conn)


# MIGRATIONS[i] takes a database from version i to i + 1. Only ever append to this list.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_tables, _v2_call_uid, _v3_outbox]
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
    """Bring the database forward to ``target``, one write transaction per step; returns the version reached.

    The version is read inside each step's ``BEGIN IMMEDIATE``: a second game that opened the
    same new file a moment later waits for the lock, then sees the step already done.
    """
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version >= target:
                conn.execute("COMMIT")
                return version
            MIGRATIONS[version](conn)
            # PRAGMA takes no parameters; both values are our own integers.
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def check_ownership(conn: sqlite3.Connection, where: str) -> None:
    """Raise ``ForeignDatabase`` unless the file is the game's own (or empty); reads only, writes nothing."""
    # One read transaction, so the three facts come from one moment: another game may be
    # setting up this very file, and half of its work must never look like a foreign file.
    conn.execute("BEGIN")
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.execute("COMMIT")
    if app_id == APPLICATION_ID:
        return
    if app_id == 0 and not tables and version == 0:
        return  # a new, empty file: ours to set up
    if app_id == 0 and version >= 1 and _OUR_TABLES <= tables:
        return  # written by a version of the game from before the application id; stamped when migrated
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    raise ForeignDatabase(
        f"{where}: is a SQLite database of another program (application id {app_id:#x}, "
        f"tables: {shown or 'none'}): not an On the Line progress database. It was left unchanged; "
        "choose another file with --db"
    )


# How the store connects to its file: ``connect_file`` unless the caller chose another at start-up
# (a test that stalls or fails a write at a chosen moment passes its own, as it passes a fake clock).
Connect = Callable[[Path], sqlite3.Connection]


def connect_file(
    path: Path, factory: type[sqlite3.Connection] = sqlite3.Connection
) -> sqlite3.Connection:
    """A read-write connection to the progress file as the store opens it (the default ``Connect``)."""
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a call is exactly one transaction.
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, factory=factory)


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        # immutable=1 as a second try reads a copied file even where no -shm can be created.
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
            )
            conn.execute("PRAGMA user_version").fetchone()
            return conn
        except sqlite3.OperationalError:
            return sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None
            )
    return connect_file(path)


def _nonempty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


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
        # With a Learning Record Store set up, each call's xAPI statement (built by this function)
        # is queued in the call's own transaction; the store does not build statements itself.
        self.outbox: Callable[[CallRecord], dict[str, Any]] | None = None

    @classmethod
    def open(cls, path: Path, *, connect: Connect = connect_file) -> SqliteStore:
        """Open or create the database at ``path`` and migrate it; raises a ``StoreError`` subclass.

        Another game opening the same file at the same moment can hold a lock that SQLite reports
        at once instead of waiting for (switching a new file to WAL, recovering a WAL): such an
        open is tried again, with a short growing pause, for up to ``BUSY_TIMEOUT_S``.
        ``connect`` makes the store's one connection (``connect_file`` unless chosen otherwise).
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        pause = 0.01
        while True:
            try:
                return cls._open_once(Path(path), connect)
            except _Busy as busy:
                if time.monotonic() + pause > deadline:
                    raise _classify(Path(path), busy.error, "opening it") from busy.error
                time.sleep(pause)
                pause = min(pause * 2, 0.25)

    @classmethod
    def _open_once(cls, path: Path, connect: Connect) -> SqliteStore:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UnavailableDatabase(
                f"{display_path(path.parent)}: cannot create the folder for the progress "
                f"database ({exc.strerror or exc})"
            ) from exc
        if path.exists() and not path.is_file():
            raise UnavailableDatabase(
                f"{display_path(path)}: is not a file, so it cannot hold the progress database"
            )
        existed = path.exists() and path.stat().st_size > 0
        if existed and not _has_sqlite_header(path):
            # Decide before SQLite opens it: closing a connection deletes the -wal beside it, evidence included.
            raise CorruptDatabase(
                f"{display_path(path)}: is not a SQLite database (its first bytes are wrong)"
            )
        # A WAL left beside the file means a game did not close it (a crash, a kill, or one still
        # running): only then is the integrity check worth its cost, which grows with the file.
        unclean = existed and _nonempty(path.with_name(path.name + "-wal"))
        conn: sqlite3.Connection | None = None
        try:
            conn = connect(path)
            conn.execute("PRAGMA foreign_keys = ON")
            # Before anything writes (switching to WAL rewrites the header): never touch another program's file.
            check_ownership(conn, display_path(path))
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise NewerDatabase(
                    f"{display_path(path)}: was written by a newer version of On the Line "
                    f"(schema {version}; this version knows up to {SCHEMA_VERSION})",
                    version,
                )
            if unclean:
                check = conn.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise CorruptDatabase(
                        f"{display_path(path)}: the progress database is damaged ({check})"
                    )
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
            # A write at open time finds a read-only file now, not when the first call ends.
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('last_opened_by', ?)",
                (__version__,),
            )
            conn.execute("COMMIT")
        except StoreError:
            if conn is not None:
                conn.close()
            raise
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, sqlite3.OperationalError) and (
                "locked" in str(exc) or "busy" in str(exc)
            ):
                raise _Busy(exc) from exc
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
                "INSERT OR IGNORE INTO trainees(name, created_at) VALUES (?, "
                "strftime('%Y-%m-%dT%H:%M:%S+00:00','now'))",
                (name,),
            )
        except sqlite3.Error as exc:
            self._unsaved.add_trainee(name)
            self.notice = (
                f"{display_path(self.path)}: could not save the profile '{name}' ({exc}); "
                "it lasts until the game closes."
            )

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
            print(f"warning: {self.notice}", file=sys.stderr)
            return -self._unsaved.record_call(record)

    def _write(self, record: CallRecord) -> int:
        conn = self._conn
        uid = record.fingerprint()
        statement = self._statement_for(record)
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = conn.execute("SELECT id FROM calls WHERE uid = ?", (uid,)).fetchone()
            if found is not None:
                conn.execute("ROLLBACK")
                return int(found[0])
            conn.execute(
                "INSERT OR IGNORE INTO trainees(name, created_at) VALUES (?, ?)",
                (record.trainee, record.started_at),
            )
            trainee_id = conn.execute(
                "SELECT id FROM trainees WHERE name = ?", (record.trainee,)
            ).fetchone()[0]
            cur = conn.execute(
                """INSERT INTO calls(uid, trainee_id, scenario_id, scenario_hash, seed, mode, started_at, finished_at,
                       ending, outcome, percent, grade, passed, csat, undo_used, app_version, extra)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    uid,
                    trainee_id,
                    record.scenario_id,
                    record.scenario_hash,
                    record.seed,
                    record.mode,
                    record.started_at,
                    record.finished_at,
                    record.ending,
                    record.outcome,
                    record.percent,
                    record.grade,
                    int(record.passed),
                    record.csat,
                    int(record.undo_used),
                    record.app_version,
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
            if statement is not None:
                queue_statement(conn, uid, statement)
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

    def _statement_for(self, record: CallRecord) -> dict[str, Any] | None:
        """The statement to queue with this call, or None (no LRS set up, or it could not be built)."""
        if self.outbox is None:
            return None
        try:
            return self.outbox(record)
        except Exception as exc:  # the call itself must be saved whatever happens
            # `sync` queues calls that have no statement yet, so this one is not lost to the LRS.
            print(
                f"warning: could not build the xAPI statement of the call ({exc!r})",
                file=sys.stderr,
            )
            return None

    def calls(self, trainee: str | None = None, *, with_decisions: bool = True) -> list[CallRecord]:
        """Stored calls in the order they finished, for one trainee or all (decisions left out on request)."""
        warnings: list[str] = []
        try:
            records = load_calls(
                self._conn,
                trainee,
                with_decisions=with_decisions,
                warnings=warnings,
                where=display_path(self.path),
            )
        except sqlite3.Error as exc:
            # The progress screen must open even if the file went bad under us; say so instead.
            self.notice = _unreadable(self.path, exc)
            records = []
        if warnings:
            self.notice = f"{warnings[0]}" + (
                f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            )
        records += self._unsaved.calls(trainee)
        records.sort(key=lambda c: c.finished_at)
        return records

    def last_call(self, trainee: str, scenario_id: str) -> CallRecord | None:
        """The trainee's most recent call of ``scenario_id`` (the one that finished last), or None.

        A follow-up call inherits the flags this call ended with (simulator.store.story). Only that
        one call is read, however many calls the file holds.
        """
        found: CallRecord | None = None
        warnings: list[str] = []
        try:
            found = last_call(
                self._conn, trainee, scenario_id, warnings=warnings, where=display_path(self.path)
            )
        except sqlite3.Error as exc:
            self.notice = _unreadable(self.path, exc)
        if warnings:
            self.notice = warnings[0]
        unsaved = self._unsaved.last_call(trainee, scenario_id)
        if unsaved is not None and (found is None or unsaved.finished_at >= found.finished_at):
            return unsaved
        return found

    def best_grades(self, trainee: str | None = None) -> dict[str, str]:
        """The best grade per scenario id (highest percent, the earlier call on a tie), counted by SQLite."""
        chosen, params = (
            ("WHERE c.trainee_id = (SELECT id FROM trainees WHERE name = ?)", (trainee,))
            if trainee is not None
            else ("", ())
        )
        try:
            rows = self._conn.execute(
                f"""SELECT scenario_id, grade FROM (
                        SELECT c.scenario_id, c.grade, ROW_NUMBER() OVER (
                            PARTITION BY c.scenario_id ORDER BY c.percent DESC, c.finished_at, c.id) AS rank
                        FROM calls c {chosen}
                        {"AND" if chosen else "WHERE"} typeof(c.percent) IN ('integer', 'real')
                            AND typeof(c.grade) = 'text' AND typeof(c.scenario_id) = 'text')
                    WHERE rank = 1""",
                params,
            ).fetchall()
        except sqlite3.Error as exc:
            self.notice = _unreadable(self.path, exc)
            rows = []
        grades = dict(rows)
        for sid, grade in best_grades(self._unsaved.calls(trainee)).items():
            grades.setdefault(sid, grade)
        return grades

    def progress(self, trainee: str | None = None, *, recent: int = 30) -> ProgressSummary:
        """What the progress screen shows of one trainee's calls, by SQL aggregates over their rows only.

        Calls that could not be written (kept in memory) are rare and few: with any, the summary
        is made from every call read whole, so it includes them.
        """
        if self._unsaved.calls(trainee):
            return summarise(self.calls(trainee, with_decisions=False), recent)
        warnings: list[str] = []
        try:
            summary = progress_summary(
                self._conn, trainee, recent=recent, warnings=warnings, where=display_path(self.path)
            )
        except sqlite3.Error as exc:
            self.notice = (
                f"{display_path(self.path)}: cannot read earlier calls ({exc}); "
                "restart the game to check the file."
            )
            return ProgressSummary()
        if warnings:
            self.notice = warnings[0] + (
                f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            )
        return summary

    def close(self) -> None:
        """Close the file (SQLite folds the WAL back into it)."""
        try:
            self._conn.close()
        except sqlite3.Error:
            pass


_DECISION_KEYS = (
    "node_id",
    "choice",
    "text",
    "points",
    "elapsed",
    "cut_in",
    "dead_air",
    "mechanics",
)


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


class ProgressFile:
    """A progress database opened read-only for a report: checked as the game's, read without changing it."""

    def __init__(self, path: Path) -> None:
        """Open ``path`` read-only; raises ``StoreError`` (``CorruptDatabase``, ``ForeignDatabase``) with a message."""
        self.path = Path(path)
        self.where = display_path(self.path)
        if not self.path.is_file():
            raise StoreError(
                f"{self.where}: no such progress database (check the path; the game writes progress.db)"
            )
        try:
            self._conn = _connect(self.path, read_only=True)
        except sqlite3.Error as exc:
            raise _classify(self.path, exc, "opening it to read") from exc
        try:
            check_ownership(self._conn, self.where)
            version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
            if version == 0:
                raise StoreError(
                    f"{self.where}: is not an On the Line progress database (it has no progress tables)"
                )
        except sqlite3.Error as exc:
            self._conn.close()
            raise self._read_error(exc) from exc
        except StoreError:
            self._conn.close()
            raise

    def _read_error(self, exc: sqlite3.Error) -> StoreError:
        if _is_corruption(exc):
            return CorruptDatabase(f"{self.where}: is not a readable progress database ({exc})")
        return StoreError(f"{self.where}: cannot read the progress database ({exc})")

    def principles(self) -> list[str]:
        """The principle names the file's calls were scored on, in the order they first appear."""
        try:
            rows = self._conn.execute(
                "SELECT principle FROM principle_scores WHERE typeof(principle) = 'text' "
                "GROUP BY principle ORDER BY MIN(rowid)"
            ).fetchall()
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc
        return [r[0] for r in rows]

    def titles(self) -> dict[str, tuple[str, str]]:
        """Per scenario id, the title stored with its latest call and when that call finished."""
        try:
            rows = self._conn.execute(
                """SELECT scenario_id, title, finished_at FROM (
                       SELECT scenario_id, json_extract(extra, '$.title') AS title, finished_at,
                              ROW_NUMBER() OVER (PARTITION BY scenario_id ORDER BY finished_at DESC, id DESC) AS rank
                       FROM calls
                       WHERE typeof(extra) = 'text' AND json_valid(extra)
                         AND typeof(json_extract(extra, '$.title')) = 'text' AND json_extract(extra, '$.title') != ''
                         AND typeof(scenario_id) = 'text' AND typeof(finished_at) = 'text')
                   WHERE rank = 1"""
            ).fetchall()
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc
        return {sid: (title, finished) for sid, title, finished in rows}

    def calls(self, warnings: list[str] | None = None) -> Iterator[CallRecord]:
        """Every call, oldest first, a chunk at a time; bad rows skipped into ``warnings``."""
        try:
            yield from iter_calls(self._conn, warnings=warnings, where=self.where)
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc

    def bad_calls(self) -> dict[int, str]:
        """The calls holding a value of the wrong type, each with the first problem (see ``report_rows``)."""
        try:
            return report_rows.bad_calls(self._conn)
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc

    def skip(self, ids: Iterable[int]) -> None:
        """Leave these calls out of :meth:`rows` and :meth:`counts` (kept in a TEMP table: the file is not written)."""
        try:
            report_rows.skip_calls(self._conn, ids)
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc

    def rows(
        self,
        source: int,
        *,
        principles: list[str],
        scenarios: Callable[[list[str]], dict[str, tuple[str, str]]],
        xapi: report_rows.Xapi | None,
    ) -> Iterator[tuple[Any, ...]]:
        """The calls not skipped, oldest first, as the report's rows (``report_rows.call_rows``).

        ``scenarios`` is given the file's scenario ids and returns each one's title and xAPI activity.
        """
        try:
            titles = scenarios(report_rows.scenario_ids(self._conn))
            yield from report_rows.call_rows(
                self._conn, source, principles=principles, scenarios=titles, xapi=xapi
            )
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc

    def fingerprint_of(self, call_id: int) -> str | None:
        """The identity of a call of an older file, which stores none."""
        try:
            return report_rows.fingerprint_of(self._conn, call_id)
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc

    def counts(self, recent: int, warnings: list[str] | None = None) -> report_rows.Counts:
        """The report page's counts over the calls not skipped (``report_rows.count_calls``)."""
        try:
            return report_rows.count_calls(
                self._conn, recent=recent, warnings=warnings, where=self.where
            )
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc

    def close(self) -> None:
        """Release the file."""
        self._conn.close()


def read_calls(path: Path, warnings: list[str] | None = None) -> list[CallRecord]:
    """Every call in the database file at ``path``, read without changing it; raises ``StoreError``.

    Calls with a value of the wrong type are skipped and described in ``warnings``.
    """
    source = ProgressFile(path)
    try:
        return list(source.calls(warnings))
    finally:
        source.close()


def _unreadable(path: Path, exc: Exception) -> str:
    """The notice when earlier calls cannot be read: the file, the error and what to do."""
    return (
        f"{display_path(path)}: cannot read earlier calls ({exc}); "
        "restart the game to check the file."
    )
