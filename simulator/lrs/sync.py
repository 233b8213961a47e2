"""Sending a progress file's outbox to the LRS: in batches, finding and parking refused statements.

One pass: calls stored without a statement are queued first (played before the LRS was set up),
then the waiting statements go out oldest first, ``batch_size`` per POST. A POST the LRS refuses
(400, 409, ...) is split in halves until the statement it refuses is alone; that one is parked
with the LRS's reason and the rest are sent. Any other failure (network, server, credentials)
stops the pass and leaves everything not yet acknowledged waiting. A row is marked sent only
after the LRS acknowledged it; a pass killed in between sends it again, and the stable statement
id makes the LRS keep one copy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from simulator.lrs.client import LrsError, join_statements, post_statements
from simulator.lrs.config import LrsConfig
from simulator.lrs.statements import lrs_statement
from simulator.store import outbox
from simulator.store.sqlite_read import iter_calls
from simulator.store.sqlite_store import BUSY_TIMEOUT_S, SqliteStore

# Calls queued per transaction when catching up on calls played before the LRS was set up.
_BACKFILL_CHUNK = 500


@dataclass
class SyncResult:
    """What one pass did: statements sent (and how many the LRS already had), parked, still waiting."""

    sent: int = 0
    already: int = 0
    parked: int = 0
    queued: int = 0  # older calls queued by this pass
    waiting: int = 0
    error: str | None = None
    refusals: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed and nothing was parked."""
        return self.error is None and self.parked == 0


def open_outbox(path: Path) -> sqlite3.Connection:
    """A connection of its own to the progress file, migrated to a schema with the outbox.

    Opened through the store first (ownership check, migration, damage check), so a sync never
    touches a file the game would refuse. Raises ``StoreError`` with a message.
    """
    SqliteStore.open(path).close()
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def queue_unqueued(conn: sqlite3.Connection, home_page: str) -> int:
    """Queue the calls that have no statement yet; returns how many."""
    missing = outbox.unqueued_calls(conn)
    if not missing:
        return 0
    pending: list[tuple[str, dict[str, object]]] = []
    done = 0

    def flush() -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for uid, item in pending:
                outbox.queue(conn, uid, item)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        pending.clear()

    for record in iter_calls(conn):
        uid = record.fingerprint()
        if uid not in missing:
            continue
        title = str(record.extra.get("title") or record.scenario_id)
        pending.append((uid, lrs_statement(record, title, home_page)))
        done += 1
        if len(pending) >= _BACKFILL_CHUNK:
            flush()
    if pending:
        flush()
    return done


def _send(
    conn: sqlite3.Connection, config: LrsConfig, batch: Sequence[outbox.Waiting], result: SyncResult
) -> None:
    """Send ``batch``; split it while the LRS refuses it, park a refused single statement."""
    try:
        stored = post_statements(config, join_statements([w.text for w in batch]))
    except LrsError as error:
        if error.refused and len(batch) > 1:
            half = len(batch) // 2
            _send(conn, config, batch[:half], result)
            _send(conn, config, batch[half:], result)
            return
        if error.refused:
            outbox.park(conn, batch[0].row, str(error))
            result.parked += 1
            result.refusals.append(f"{batch[0].statement_id}: {error}")
            return
        outbox.note_attempt(conn, [w.row for w in batch], str(error))
        raise
    outbox.mark_sent(conn, [w.row for w in batch])
    result.sent += len(batch)
    result.already += max(0, len(batch) - stored)


def sync_once(
    conn: sqlite3.Connection,
    config: LrsConfig,
    should_stop: Callable[[], bool] = lambda: False,
    on_batch: Callable[[SyncResult], None] | None = None,
) -> SyncResult:
    """One pass over the outbox (see the module's docstring); never raises for the LRS's faults."""
    result = SyncResult()
    try:
        result.queued = queue_unqueued(conn, config.home_page)
        after = 0
        while not should_stop():
            batch = outbox.waiting(conn, config.batch_size, after)
            if not batch:
                break
            _send(conn, config, batch, result)
            after = batch[-1].row
            if on_batch is not None:
                on_batch(result)
    except LrsError as error:
        result.error = str(error)
    result.waiting = outbox.counts(conn).waiting
    outbox.set_meta(conn, outbox.META_LAST_ERROR, result.error)
    outbox.set_meta(conn, outbox.META_LAST_SYNC, datetime.now(UTC).isoformat(timespec="seconds"))
    return result
