"""The outbox: xAPI statements waiting to be sent to a Learning Record Store, kept in the progress file.

A finished call's statement is queued in the same transaction that writes the call (see
``SqliteStore.record_call``), so a call is never stored without its statement nor the other way
round. A row stays after it is sent (its statement text is dropped, its state becomes 'sent'), so
the file remembers which calls the LRS already has; a statement the LRS refuses for good is
'parked' with the LRS's reason and never retried on its own. The statement id is derived from the
call, so sending a row twice (a crash between the LRS's answer and the 'sent' mark) never
duplicates it in the LRS.

Plain functions over a connection: the sync (simulator.lrs) opens its own connection to the file,
so the game's thread and the sync's thread never share one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

WAITING, SENT, PARKED = "waiting", "sent", "parked"
# meta keys: the last sync's outcome, for the picker and `sync` when no sync ran in this process
META_LAST_ERROR, META_LAST_SYNC = "lrs_last_error", "lrs_last_sync"


def create_outbox(conn: sqlite3.Connection) -> None:
    """The outbox table (schema step 3): one row per call, in the order the calls were queued."""
    conn.execute(
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            call_uid TEXT NOT NULL UNIQUE,
            statement_id TEXT NOT NULL UNIQUE,
            statement TEXT,
            state TEXT NOT NULL DEFAULT 'waiting',
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            sent_at TEXT,
            reason TEXT
        )"""
    )
    conn.execute("CREATE INDEX outbox_by_state ON outbox(state, id)")


def queue(conn: sqlite3.Connection, call_uid: str, statement: dict[str, Any]) -> None:
    """Queue one call's statement (inside the caller's transaction); a call already queued is left as it is."""
    conn.execute(
        "INSERT OR IGNORE INTO outbox(call_uid, statement_id, statement, queued_at) "
        "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))",
        (call_uid, str(statement["id"]), json.dumps(statement, ensure_ascii=False)),
    )


@dataclass(frozen=True)
class Waiting:
    """A queued statement: its outbox row, its id and its JSON text as queued."""

    row: int
    statement_id: str
    text: str


def waiting(conn: sqlite3.Connection, limit: int, after: int = 0) -> list[Waiting]:
    """Up to ``limit`` waiting statements after row ``after``, oldest first."""
    rows = conn.execute(
        "SELECT id, statement_id, statement FROM outbox WHERE state = 'waiting' AND id > ? "
        "AND statement IS NOT NULL ORDER BY id LIMIT ?",
        (after, limit),
    ).fetchall()
    return [Waiting(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def mark_sent(conn: sqlite3.Connection, rows: Sequence[int]) -> None:
    """The LRS has these statements: mark them sent and drop their text, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(
            "UPDATE outbox SET state = 'sent', statement = NULL, reason = NULL, "
            "attempts = attempts + 1, sent_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') "
            "WHERE id = ?",
            [(r,) for r in rows],
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def park(conn: sqlite3.Connection, row: int, reason: str) -> None:
    """The LRS refused this statement for good: keep it, with the LRS's reason, and stop sending it."""
    conn.execute(
        "UPDATE outbox SET state = 'parked', reason = ?, attempts = attempts + 1 WHERE id = ?",
        (reason, row),
    )


def note_attempt(conn: sqlite3.Connection, rows: Iterable[int], reason: str) -> None:
    """A try that failed for a reason that may pass (network, server): the rows stay waiting."""
    conn.executemany(
        "UPDATE outbox SET attempts = attempts + 1, reason = ? WHERE id = ?",
        [(reason, r) for r in rows],
    )


@dataclass(frozen=True)
class OutboxCounts:
    """How many calls are waiting, sent and parked."""

    waiting: int = 0
    sent: int = 0
    parked: int = 0


def counts(conn: sqlite3.Connection) -> OutboxCounts:
    """The outbox's counts by state."""
    found = dict(conn.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
    return OutboxCounts(
        int(found.get(WAITING, 0)), int(found.get(SENT, 0)), int(found.get(PARKED, 0))
    )


def parked(conn: sqlite3.Connection, limit: int = 20) -> list[tuple[str, str]]:
    """Parked statements (statement id, the LRS's reason), oldest first."""
    rows = conn.execute(
        "SELECT statement_id, COALESCE(reason, '') FROM outbox WHERE state = 'parked' "
        "ORDER BY id LIMIT ?",
        (limit,),
    ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def unqueued_calls(conn: sqlite3.Connection) -> set[str]:
    """The ids (uids) of calls stored without a statement in the outbox (played before an LRS was set up)."""
    rows = conn.execute(
        "SELECT c.uid FROM calls c LEFT JOIN outbox o ON o.call_uid = c.uid "
        "WHERE o.id IS NULL AND c.uid IS NOT NULL"
    ).fetchall()
    return {str(r[0]) for r in rows}


def set_meta(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    """Remember (or forget, with None) one fact about the last sync."""
    if value is None:
        conn.execute("DELETE FROM meta WHERE key = ?", (key,))
    else:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    """A fact about the last sync, or None."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])
