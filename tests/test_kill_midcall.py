"""A game killed in the middle of a call loses that call only: a real subprocess, a real SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from simulator.store.open import open_store
from simulator.store.sqlite_store import SqliteStore

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

# The child records three calls, then either sits in the middle of writing a fourth (its
# decisions are being inserted when a trace hook stops it) or in the middle of playing one.
CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path[:0] = [{root!r}, {tests!r}]
    from pathlib import Path
    from simulator.store.sqlite_store import SqliteStore, connect_file
    from test_engine_kit import scenario, play
    from test_store_kit import make_record

    opened = []
    def keep(path):
        opened.append(connect_file(path))
        return opened[-1]

    store = SqliteStore.open(Path(sys.argv[1]), connect=keep)
    assert store.notice is None, store.notice
    for day in (1, 2, 3):
        record = make_record("ana", day=day)
        store.record_call(record)
        print("SAVED", record.fingerprint(), flush=True)
    if sys.argv[2] == "writing":
        def stall(sql):
            if sql.lstrip().startswith("INSERT INTO decisions"):
                print("MIDCALL", flush=True)
                time.sleep(60)
        opened[0].set_trace_callback(stall)  # the store's own connection, from now on
        store.record_call(make_record("ana", day=4))
    else:
        sc = scenario('''
        nodes:
          start:
            say: "Hello?"
            choices:
              - {{text: "Hi.", effects: {{empathy: 1}}, feedback: Fine., next: middle}}
          middle:
            say: "Still there?"
            choices:
              - {{text: "Yes.", effects: {{empathy: 1}}, feedback: Fine., next: done}}
        endings:
          done: {{outcome: resolved, satisfaction: 4, say: "Bye.", summary: Done.}}
        ''')
        conv = play(sc, [1])
        assert not conv.ended
        print("MIDCALL", flush=True)
        time.sleep(60)
    print("NOT KILLED", flush=True)
    """
).format(root=str(ROOT), tests=str(TESTS))


def _read_until_midcall(proc: subprocess.Popen[str], seconds: float) -> list[str]:
    """The fingerprints the child reported as saved, once it says it is in the middle of a call."""
    assert proc.stdout is not None
    saved: list[str] = []
    watchdog = threading.Timer(
        seconds, proc.kill
    )  # a stuck child ends the read instead of hanging the suite
    watchdog.start()
    try:
        for line in proc.stdout:
            if line.startswith("SAVED "):
                saved.append(line.split()[1])
            elif line.startswith("MIDCALL"):
                return saved
    finally:
        watchdog.cancel()
    proc.kill()
    _, err = proc.communicate()
    pytest.fail(f"the child never reached the middle of a call; stderr:\n{err}")


@pytest.mark.parametrize("moment", ["writing", "playing"])
def test_a_kill_in_the_middle_of_a_call_keeps_every_earlier_call(
    tmp_path: Path, moment: str
) -> None:
    path = tmp_path / "progress.db"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), moment],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        saved = _read_until_midcall(proc, 60)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert len(saved) == 3

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT count(*) FROM calls").fetchone()[0] == 3, (
        "the call cut short is not there, even in part"
    )
    assert conn.execute("SELECT count(*) FROM principle_scores").fetchone()[0] == 3 * 6
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 3 * 2
    assert (
        conn.execute(
            "SELECT count(*) FROM principle_scores WHERE call_id NOT IN (SELECT id FROM calls)"
        ).fetchone()[0]
        == 0
    )
    conn.close()

    store = open_store(path)
    assert isinstance(store, SqliteStore) and store.notice is None
    calls = store.calls("ana")
    assert [c.fingerprint() for c in calls] == saved
    assert all(len(c.decisions) == 2 and len(c.scores) == 6 for c in calls)
    store.close()
