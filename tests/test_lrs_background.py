"""The game's background sync (issue 19): it sends while the trainee plays, and says what waits and why."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from lrs_kit import LrsUser, free_port
from test_lrs_sync import desktop
from test_store_kit import make_record

from simulator.lrs.background import BackgroundSync, SyncStatus
from simulator.lrs.game import attach
from simulator.reports.xapi import statement_id
from simulator.store.memory_store import MemoryStore
from simulator.store.sqlite_store import SqliteStore


def eventually(check: Callable[[], bool], what: str, limit_s: float = 120.0) -> None:
    """Wait for the thread to get there (a generous limit against a hang, not a speed check)."""
    deadline = time.monotonic() + limit_s
    while not check():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


def test_the_status_line_says_what_waits_and_why() -> None:
    assert SyncStatus(waiting=12).line() == "12 calls waiting to sync"
    assert SyncStatus(waiting=1, sending=True).line() == "1 call waiting to sync (sending)"
    assert SyncStatus().line() == "All calls synced to the training centre"
    down = SyncStatus(waiting=3, error="nothing answers at lrs:443 (the LRS is down)")
    assert (
        down.line()
        == "3 calls waiting to sync. Not synced: nothing answers at lrs:443 (the LRS is down)"
    )
    assert "2 calls refused by the LRS (run 'sync' to see why)" in SyncStatus(parked=2).line()


def test_calls_played_while_the_game_runs_reach_the_lrs(
    tmp_path: Path, lrs: LrsUser, lrs_toml: Path
) -> None:
    db = tmp_path / "progress.db"
    earlier = desktop(db, "ana", 3, queued=False)  # played before the centre set up its LRS
    store = SqliteStore.open(db)
    notices: list[str] = []
    sync = attach(store, None, notices)
    assert sync is not None and notices == [] and store.outbox is not None
    try:
        eventually(lambda: len(lrs.stored()) == 3, "the earlier calls sent")
        later = make_record("ana", day=7)
        store.record_call(later)  # the game's own connection; the sync notices the new call
        eventually(lambda: len(lrs.stored()) == 4, "the new call sent")
        eventually(lambda: sync.status().waiting == 0 and not sync.status().sending, "idle")
        assert sync.status().line() == "All calls synced to the training centre"
    finally:
        sync.stop()
        store.close()
    assert sorted(s["id"] for s in lrs.stored()) == sorted(
        statement_id(r.fingerprint()) for r in [*earlier, later]
    )


def test_with_the_lrs_down_the_calls_wait_and_the_error_is_shown(
    tmp_path: Path, lrs: LrsUser
) -> None:
    db = tmp_path / "progress.db"
    desktop(db, "ana", 2)
    sync = BackgroundSync(db, lrs.config(endpoint=f"http://127.0.0.1:{free_port()}/xAPI/"))
    sync.start()
    try:
        eventually(lambda: sync.status().error is not None, "the error")
        status = sync.status()
        assert status.waiting == 2 and "sent later" in status.error
        assert status.line() == (
            "2 calls waiting to sync. Not synced: nothing answers at "
            f"{status.error.split('at ')[1].split(' ')[0]} (the LRS is down or the address is wrong)"
        )
    finally:
        sync.stop()


def test_settings_that_cannot_be_used_become_a_notice_and_the_game_plays_on(
    tmp_path: Path, lrs: LrsUser, lrs_toml: Path
) -> None:
    notices: list[str] = []
    assert attach(MemoryStore(), None, notices) is None
    assert notices == ["Progress is kept in memory only, so calls are not sent to the LRS."]
    lrs_toml.write_text("endpoint = [", encoding="utf-8")
    store = SqliteStore.open(tmp_path / "progress.db")
    notices.clear()
    assert attach(store, None, notices) is None
    assert notices and "is not valid TOML" in notices[0] and store.outbox is None
    store.close()
    lrs_toml.unlink()
    assert (
        attach(SqliteStore.open(tmp_path / "other.db"), None, []) is None
    )  # no LRS: nothing to do
