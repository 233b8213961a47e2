"""One trainee's progress, read with a few SQL aggregates: what the progress screen shows, at any file size.

A training centre's file holds 100,000 calls; a trainee with 5,000 of them opens the progress
screen. Reading each call (its scores parsed, a record built) costs seconds; here SQLite
averages, ranks and counts over that trainee's rows (the ``calls_by_trainee`` index finds them),
and only the calls the screen draws (the latest for the chart, the best per scenario) are read
whole. Rows with a value of the wrong type are left out of every figure, as the full read skips them.
"""

from __future__ import annotations

import json
import sqlite3

from simulator.store.progress import RECENT_CALLS, ProgressSummary
from simulator.store.sqlite_read import _CALLS, _record

# A call counts when the values the summary uses have their column's type.
_OK = (
    "typeof(c.percent) IN ('integer', 'real') AND typeof(c.scenario_id) = 'text' "
    "AND typeof(c.finished_at) = 'text' AND typeof(c.grade) = 'text' AND typeof(c.passed) = 'integer'"
)
_SCORED = "typeof(p.percent) IN ('integer', 'real') AND typeof(p.principle) = 'text'"


def progress_summary(
    conn: sqlite3.Connection,
    trainee: str | None,
    *,
    recent: int = 30,
    latest: int = RECENT_CALLS,
    warnings: list[str] | None = None,
    where: str = "the progress database",
) -> ProgressSummary:
    """The :class:`ProgressSummary` of one trainee's calls (or everyone's, for ``None``), by SQL."""
    chosen, params = (
        ("c.trainee_id = (SELECT id FROM trainees WHERE name = ?) AND ", (trainee,))
        if trainee is not None
        else ("", ())
    )
    summary = ProgressSummary()
    summary.total_calls = conn.execute(
        f"SELECT COUNT(*) FROM calls c WHERE {chosen}{_OK}", params
    ).fetchone()[0]
    if not summary.total_calls:
        return summary
    counts: dict[str, int] = {}
    for name, average, n in conn.execute(
        f"""SELECT p.principle, AVG(CASE WHEN {_SCORED} THEN p.percent END), COUNT(CASE WHEN {_SCORED} THEN 1 END)
            FROM calls c JOIN principle_scores p ON p.call_id = c.id
            WHERE {chosen}{_OK} AND typeof(p.principle) = 'text'
            GROUP BY p.principle ORDER BY MIN(p.rowid)""",
        params,
    ):
        # in the order the calls first name them (exercised or not), as the calls read whole give them
        if n:
            summary.averages[name] = round(average, 1)
            counts[name] = n
    # The latest percents per principle: the trainee's calls newest first (the index's order),
    # read only until every principle has its ``latest`` (or all it has).
    by_principle: dict[str, list[float]] = {name: [] for name in counts}
    short = {name for name in counts if min(latest, counts[name]) > 0}
    cursor = conn.execute(
        f"""SELECT p.principle, p.percent FROM calls c JOIN principle_scores p ON p.call_id = c.id
            WHERE {chosen}{_OK} AND {_SCORED} ORDER BY c.finished_at DESC, c.id DESC""",
        params,
    )
    while short:
        rows = cursor.fetchmany(64)
        if not rows:
            break
        for name, percent in rows:
            got = by_principle.get(name)
            if got is not None and len(got) < latest:
                got.append(float(percent))
                if len(got) >= min(latest, counts[name]):
                    short.discard(name)
    cursor.close()
    summary.latest = {name: values[::-1] for name, values in by_principle.items() if values}
    best_ids = [
        r[0]
        for r in conn.execute(
            f"""SELECT id FROM (SELECT c.id, ROW_NUMBER() OVER (
                    PARTITION BY c.scenario_id ORDER BY c.percent DESC, c.finished_at, c.id) AS k
                FROM calls c WHERE {chosen}{_OK}) WHERE k = 1""",
            params,
        )
    ]
    recent_ids = [
        r[0]
        for r in conn.execute(
            f"SELECT c.id FROM calls c WHERE {chosen}{_OK} ORDER BY c.finished_at DESC, c.id DESC LIMIT ?",
            (*params, recent),
        )
    ]
    wanted = json.dumps(sorted({*best_ids, *recent_ids}))
    rows = conn.execute(
        _CALLS.format(where="WHERE c.id IN (SELECT value FROM json_each(?))", decisions="NULL"),
        (wanted,),
    ).fetchall()
    records = {r.id: r for r in (_record(row, warnings, where) for row in rows) if r is not None}
    summary.best = {records[i].scenario_id: records[i] for i in best_ids if i in records}
    summary.recent = [records[i] for i in reversed(recent_ids) if i in records]
    summary.played = {
        r[0]
        for r in conn.execute(
            f"SELECT DISTINCT c.scenario_id FROM calls c WHERE {chosen}{_OK}", params
        )
    }
    summary.passed = {
        r[0]
        for r in conn.execute(
            f"SELECT DISTINCT c.scenario_id FROM calls c WHERE {chosen}{_OK} AND c.passed != 0",
            params,
        )
    }
    return summary
