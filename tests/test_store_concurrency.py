"""Several games writing one progress file at once lose no call, whether the file is new or old.

Real processes (forked, released together by a barrier so they open and migrate at the same
moment), a real SQLite file, 20 rounds each.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from test_store_kit import make_record

from simulator.store.open import open_store
from simulator.store.sqlite_store import SqliteStore

GAMES = 4
ROUNDS = 20


def _game(
    db: str, name: str, barrier: multiprocessing.synchronize.Barrier, errors: multiprocessing.Queue
) -> None:
    barrier.wait()
    store = open_store(Path(db))
    saved = store.record_call(make_record(name, "late_refund", day=1))
    if store.notice or saved <= 0:
        errors.put(f"{name}: {store.notice}")
    store.close()


def _play_together(db: Path, tag: str) -> list[str]:
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(GAMES)
    errors: multiprocessing.Queue = ctx.Queue()
    procs = [
        ctx.Process(target=_game, args=(str(db), f"{tag}-{i}", barrier, errors))
        for i in range(GAMES)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    found = []
    while not errors.empty():
        found.append(errors.get())
    found += [f"exit {p.exitcode}" for p in procs if p.exitcode != 0]
    return found


def _count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM calls").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("start", ["new", "old"])
def test_four_games_on_one_file_lose_no_call(tmp_path: Path, start: str) -> None:
    for round_ in range(ROUNDS):
        db = tmp_path / f"{start}-{round_}.db"
        before = 0
        if start == "old":
            store = SqliteStore.open(db)
            store.record_call(make_record("earlier", "late_refund", day=2))
            store.close()
            before = 1
        assert _play_together(db, f"r{round_}") == []
        assert _count(db) == before + GAMES, f"round {round_}"
