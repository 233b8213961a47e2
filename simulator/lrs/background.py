"""The game's sync: a thread that sends the outbox while the trainee plays, and a status the picker shows.

The game never waits for the network: the thread has its own connection to the progress file,
notices a newly queued call by the file's ``PRAGMA data_version`` (it changes when another
connection commits), and backs off after a failure (5 s, doubling up to 5 minutes). Stopping it
is instant for the game: the thread is a daemon, and a batch cut short by the game closing is sent
again at the next start (the statement ids make the LRS keep one copy).
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from simulator.lrs.client import WAIT_LATER
from simulator.lrs.config import LrsConfig
from simulator.lrs.sync import SyncResult, open_outbox, sync_once
from simulator.store import outbox
from simulator.store.base import StoreError

POLL_S = 2.0  # how often the thread looks for newly queued calls
FIRST_BACKOFF_S, MAX_BACKOFF_S = 5.0, 300.0


@dataclass(frozen=True)
class SyncStatus:
    """What the picker says about syncing: calls waiting, calls refused, sending now, the last error."""

    waiting: int = 0
    parked: int = 0
    sending: bool = False
    error: str | None = None

    def line(self) -> str:
        """The status in plain words, for one line of the picker."""
        if self.error:
            waiting = f"{_calls(self.waiting)} waiting to sync. " if self.waiting else ""
            # the count already says they wait: the message's own 'calls wait...' tail is dropped
            reason = self.error.removesuffix(WAIT_LATER)
            return f"{waiting}Not synced: {reason}"
        parts = []
        if self.waiting:
            parts.append(
                f"{_calls(self.waiting)} waiting to sync" + (" (sending)" if self.sending else "")
            )
        if self.parked:
            parts.append(f"{_calls(self.parked)} refused by the LRS (run 'sync' to see why)")
        return "; ".join(parts) if parts else "All calls synced to the training centre"


def _calls(n: int) -> str:
    return f"{n} call" if n == 1 else f"{n} calls"


class BackgroundSync:
    """Sends a progress file's outbox to the LRS from a daemon thread."""

    def __init__(self, db_path: Path, config: LrsConfig) -> None:
        """Prepare (nothing runs until ``start``)."""
        self.db_path = Path(db_path)
        self.config = config
        self._lock = threading.Lock()
        self._status = SyncStatus()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.passes = 0  # sync passes done (for the benchmark and tests)

    def status(self) -> SyncStatus:
        """The latest status (cheap: a copy made under a lock; never touches the file or the network)."""
        with self._lock:
            return self._status

    def _set(self, **changes: object) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]

    def start(self) -> None:
        """Start the thread."""
        self._thread = threading.Thread(target=self._run, name="lrs-sync", daemon=True)
        self._thread.start()

    def stop(self, wait_s: float = 1.0) -> None:
        """Ask the thread to stop after the batch in flight; wait at most ``wait_s``."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(wait_s)

    def _run(self) -> None:
        try:
            conn = open_outbox(self.db_path)
        except StoreError as exc:
            self._set(error=f"cannot open the progress file to sync ({exc})")
            return
        try:
            self._loop(conn)
        except (
            sqlite3.Error
        ) as exc:  # the file went away or bad under the game: say so, stop syncing
            self._set(sending=False, error=f"syncing stopped: the progress file failed ({exc})")
        finally:
            conn.close()

    def _loop(self, conn: sqlite3.Connection) -> None:
        counts = outbox.counts(conn)
        self._set(
            waiting=counts.waiting,
            parked=counts.parked,
            error=outbox.get_meta(conn, outbox.META_LAST_ERROR),
        )
        backoff = 0.0
        seen_version = -1
        due = 0.0  # seconds to wait before the next try (back-off after a failure)
        while not self._stopping.is_set():
            version = int(conn.execute("PRAGMA data_version").fetchone()[0])
            if version != seen_version and due <= 0:
                result = self._pass(conn)
                seen_version = int(conn.execute("PRAGMA data_version").fetchone()[0])
                if result.error:
                    backoff = min(max(backoff * 2, FIRST_BACKOFF_S), MAX_BACKOFF_S)
                    due = backoff
                    seen_version = -1  # try again when the back-off is over, new calls or not
                else:
                    backoff = 0.0
            self._stopping.wait(POLL_S)
            due -= POLL_S

    def _pass(self, conn: sqlite3.Connection) -> SyncResult:
        self._set(sending=True)

        def progress(result: SyncResult) -> None:
            self._set(waiting=outbox.counts(conn).waiting)

        result = sync_once(conn, self.config, self._stopping.is_set, progress)
        counts = outbox.counts(conn)
        self.passes += 1
        self._set(sending=False, waiting=counts.waiting, parked=counts.parked, error=result.error)
        return result
