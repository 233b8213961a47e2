"""Benchmark: syncing a desktop's queue to a local LRS, and the game's frames while it syncs.

- sync 10,000 queued calls: a progress file where 10,000 calls were recorded the game's way
  (each call and its statement in one transaction), sent by ``sync_once`` (batches of 100) to
  Ralph on 127.0.0.1 (simulator.bench.local_lrs, file-system backend);
- frame time p99 (and the worst frame) of the call screen, its caption revealing, while the
  game's background sync sends another copy of that queue, against the same frames with no sync
  running. The frames are measured in a child process with the real window and the real loop,
  as simulator.bench.ui does (a pass that draws nothing is not a frame).

``python -m simulator.bench.lrs frames DB ENDPOINT USER PASSWORD`` runs the frame probe (DB ""
for no sync) and prints its JSON; ``measure()`` runs everything.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from simulator.bench import Metric
from simulator.bench.local_lrs import HOME_PAGE, RalphServer
from simulator.bench.ui import FRAME_BUDGET_MS, _app, _open_call, _p99, time_frames
from simulator.lrs.config import LrsConfig
from simulator.lrs.statements import lrs_statement
from simulator.lrs.sync import open_outbox, sync_once
from simulator.store.base import CallRecord
from simulator.store.sqlite_store import SqliteStore

CALLS = 10_000
SYNC_BUDGET_S = 300.0  # 10,000 calls to a one-process file-system LRS on the shared 2-core machine
FRAMES_SECONDS = 8.0
PRINCIPLES = ("listening", "empathy", "no_blame", "resolution", "follow_up", "composure")
USER, PASSWORD = "bench-desk", "bench secret"


def _record(n: int) -> CallRecord:
    """A call the size of a real one: eight decisions with their lines, points and timings."""
    decisions = [
        {
            "node_id": f"node_{k}",
            "choice": 1 + (n + k) % 3,
            "choice_index": (n + k) % 3,
            "text": "I'm sorry it has taken this long; let me look at your order right now and "
            "tell you exactly where the refund is.",
            "points": {PRINCIPLES[k % 6]: 1, PRINCIPLES[(k + 2) % 6]: -1},
            "lost": 1,
            "elapsed": 3.5 + k,
            "cut_in": k == 3,
            "dead_air": False,
            "mechanics": [],
            "mood_after": -40 + 5 * k,
            "patience_after": 60,
        }
        for k in range(8)
    ]
    day, minute = divmod(n, 600)
    return CallRecord(
        trainee=f"trainee {n % 12}",
        scenario_id=("late_refund", "billing_double_charge", "broken_delivery_promise")[n % 3],
        scenario_hash="0" * 64,
        seed=n,
        mode="graded",
        started_at=f"2026-01-{1 + day % 28:02d}T{8 + minute // 60:02d}:{minute % 60:02d}:00+00:00",
        finished_at=f"2026-01-{1 + day % 28:02d}T{8 + minute // 60:02d}:{minute % 60:02d}:40+00:00",
        ending="resolved",
        outcome="resolved",
        percent=40.0 + n % 60,
        grade="C",
        passed=n % 2 == 0,
        csat=3,
        scores={p: {"points": 2, "max": 4, "percent": 50.0} for p in PRINCIPLES},
        decisions=decisions,
        app_version="bench",
        extra={"title": "Benchmark call", "pass_mark": 70.0},
    )


def _queued_file(path: Path, calls: int) -> None:
    """A progress file with ``calls`` calls recorded the game's way, each queued with its statement."""
    store = SqliteStore.open(path)
    store.outbox = lambda r: lrs_statement(r, r.extra.get("title"), HOME_PAGE)
    for n in range(calls):
        store.record_call(_record(n))
    store.close()


def _config(server: RalphServer) -> LrsConfig:
    return LrsConfig(server.endpoint, USER, PASSWORD, HOME_PAGE, timeout=120.0)


def probe_frames(db: str, endpoint: str, user: str, password: str) -> dict[str, Any]:
    """Frame times of the call screen for a few seconds, with the game's sync running when ``db`` is given."""
    from simulator.lrs.background import BackgroundSync

    sync = None
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(None, scenarios=Path(tmp))
        call = _open_call(app, Path(tmp))
        app.render(force=True)
        if db:
            sync = BackgroundSync(Path(db), LrsConfig(endpoint, user, password, HOME_PAGE))
            sync.start()
        times = time_frames(app, call, FRAMES_SECONDS).wall_ms
        status = sync.status() if sync else None
        if sync:
            sync.stop()
        app.close()
    return {
        "p99_ms": _p99(times),
        "max_ms": max(times) if times else None,
        "frames": len(times),
        "sending": bool(status and (status.sending or status.waiting)),
        "error": status.error if status else None,
    }


def _frames(db: str, server: RalphServer) -> tuple[dict[str, Any] | None, str]:
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    args = [
        sys.executable,
        "-m",
        "simulator.bench.lrs",
        "frames",
        db,
        server.endpoint,
        USER,
        PASSWORD,
    ]
    try:
        done = subprocess.run(
            args, check=False, capture_output=True, text=True, timeout=180, env=env
        )
    except subprocess.TimeoutExpired:
        return None, "frame probe timed out"
    if done.returncode != 0:
        return None, (done.stderr.strip().splitlines() or ["failed"])[-1]
    return json.loads(done.stdout.strip().splitlines()[-1]), ""


def measure() -> list[Metric]:
    """The sync of 10,000 queued calls, and the call screen's frames while a sync runs."""
    root = Path(tempfile.mkdtemp(prefix="bench-lrs-"))
    server = RalphServer(root)
    try:
        server.add_user(USER, PASSWORD)
        server.start()
        db = root / "progress.db"
        _queued_file(db, CALLS)
        second = root / "progress-2.db"
        shutil.copyfile(db, second)  # the same queue again, for the sync that runs under the frames
        conn = open_outbox(db)
        t0 = time.perf_counter()
        result = sync_once(conn, _config(server))
        elapsed = time.perf_counter() - t0
        conn.close()
        sent_note = result.error or f"{result.sent} sent, {result.waiting} waiting"
        quiet, err1 = _frames("", server)
        busy, err2 = _frames(str(second), server)
        # The frame probe's sync sent the statements again: the LRS already had them all.
        note = err2 or (
            "sync was running throughout" if busy and busy["sending"] else "sync finished early"
        )
        return [
            Metric(
                f"lrs sync {CALLS:,} queued calls",
                elapsed if result.ok and result.waiting == 0 else None,
                "s",
                SYNC_BUDGET_S,
                note=sent_note,
            ),
            Metric(
                "lrs frame time p99 while syncing",
                busy["p99_ms"] if busy else None,
                "ms",
                FRAME_BUDGET_MS,
                anchor=quiet["p99_ms"] if quiet else None,
                anchor_name="same frames, no sync",
                note=err1 or note,
            ),
            Metric(
                "lrs worst frame while syncing",
                busy["max_ms"] if busy else None,
                "ms",
                None,
                anchor=quiet["max_ms"] if quiet else None,
                anchor_name="same frames, no sync",
                note=err1 or err2,
            ),
        ]
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    """Child entry point: ``frames DB ENDPOINT USER PASSWORD``."""
    if not argv or argv[0] != "frames" or len(argv) != 5:
        print(
            "usage: python -m simulator.bench.lrs frames DB ENDPOINT USER PASSWORD", file=sys.stderr
        )
        return 2
    print(json.dumps(probe_frames(*argv[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
