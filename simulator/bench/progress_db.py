"""A training centre's progress file for the benchmark: N calls by many trainees, written through the real schema.

The file is opened and migrated by :class:`SqliteStore` (so it is exactly what the game writes),
then filled in bulk with rows shaped like real calls: six principle scores and eight decisions
each, with the JSON the game stores. Bulk inserts make 100,000 calls take seconds, not the
hours that recording them one transaction at a time would.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

from simulator.store.sqlite_store import SqliteStore

PRINCIPLES = ("listening", "empathy", "no_blame", "resolution", "follow_up", "composure")
SCENARIOS = tuple(f"scenario_{i:02d}" for i in range(25))
DECISIONS_PER_CALL = 8


def build_progress_db(
    path: Path,
    calls: int,
    *,
    trainees: int = 200,
    heavy_trainee: str | None = None,
    heavy_calls: int = 0,
    seed: int = 7,
) -> Path:
    """Write a progress file of ``calls`` calls spread over ``trainees`` trainees (``heavy_trainee``
    gets ``heavy_calls``)."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    SqliteStore.open(path).close()
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    names = [f"trainee_{i:03d}" for i in range(trainees)] + (
        [heavy_trainee] if heavy_trainee else []
    )
    conn.executemany(
        "INSERT INTO trainees(name, created_at) VALUES (?, '2026-01-01T00:00:00+00:00')",
        [(n,) for n in names],
    )
    ids = {n: i for n, i in conn.execute("SELECT name, id FROM trainees")}
    owners = [names[i % trainees] for i in range(max(0, calls - heavy_calls))]
    if heavy_trainee:
        owners += [heavy_trainee] * min(heavy_calls, calls)
    call_rows, score_rows, decision_rows = [], [], []
    for call_id, owner in enumerate(owners, 1):
        scenario = SCENARIOS[call_id % len(SCENARIOS)]
        percent = round(rng.uniform(20, 100), 1)
        day = 1 + (call_id * 7) % 180
        date = f"2026-{1 + day // 31:02d}-{1 + day % 28:02d}"
        when = f"{date}T{8 + call_id % 10:02d}:{call_id % 60:02d}:{call_id % 59:02d}+00:00"
        passed = int(percent >= 70)
        grade = next(
            (g for g, floor in (("A", 90), ("B", 80), ("C", 70), ("D", 60)) if percent >= floor),
            "F",
        )
        call_rows.append(
            (
                call_id,
                f"uid-{call_id:08d}",
                ids[owner],
                scenario,
                "hash",
                call_id,
                "graded",
                when,
                when,
                "resolved_ok",
                "resolved",
                percent,
                grade,
                passed,
                1 + call_id % 5,
                0,
                "0.2.0",
                json.dumps({"title": scenario.replace("_", " ").title(), "pass_mark": 70}),
            )
        )
        for name in PRINCIPLES:
            score_rows.append((call_id, name, rng.randint(-2, 6), 6, round(rng.uniform(0, 100), 1)))
        for seq in range(DECISIONS_PER_CALL):
            choice = rng.randint(1, 3)
            critical = ["blame_colleague"] if choice == 3 and seq == 2 else []
            decision_rows.append(
                (
                    call_id,
                    seq,
                    f"node_{seq}",
                    choice,
                    f"Answer {choice} at node {seq}, as the trainee said it.",
                    json.dumps({"empathy": 2 if choice == 1 else -1}),
                    3.5,
                    0,
                    0,
                    "[]",
                    json.dumps(
                        {
                            "choice_index": choice - 1,
                            "lost": 0 if choice == 1 else 1,
                            "critical": critical,
                            "mood_after": 10,
                            "patience_after": 50,
                        }
                    ),
                )
            )
        if len(call_rows) >= 5000:
            _flush(conn, call_rows, score_rows, decision_rows)
    _flush(conn, call_rows, score_rows, decision_rows)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _flush(conn: sqlite3.Connection, calls: list, scores: list, decisions: list) -> None:
    conn.executemany(
        """INSERT INTO calls(id, uid, trainee_id, scenario_id, scenario_hash, seed, mode, started_at,
               finished_at, ending, outcome, percent, grade, passed, csat, undo_used, app_version, extra)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        calls,
    )
    conn.executemany(
        "INSERT INTO principle_scores(call_id, principle, points, max, percent) VALUES (?, ?, ?, ?, ?)",
        scores,
    )
    conn.executemany(
        """INSERT INTO decisions(call_id, seq, node_id, choice, text, points, elapsed, cut_in,
               dead_air, mechanics, extra)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        decisions,
    )
    calls.clear()
    scores.clear()
    decisions.clear()
