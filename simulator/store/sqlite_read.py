"""Reading calls out of a progress file: a chunk at a time, every value type-checked, fast at 100,000 calls.

A progress file is input, not trusted data: trainers merge files from many desktops, and
SQLite keeps whatever type a cell was given (text in an INTEGER column, say). SQLite itself
checks each value's type and builds each call's scores and decisions as one JSON document
(its JSON functions run in C), so Python parses one string per call rather than three per
decision. A call with a value of the wrong type is skipped, and the reason, naming the column
and the value, goes into ``warnings``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from simulator.store.base import CallRecord

# Calls are read in chunks: memory stays flat however many calls a file holds, and a chunk's
# ids stay under SQLite's limit on bound variables.
CHUNK = 500


def _check(column: str, kinds: tuple[str, ...], described: str, table: str) -> str:
    """A SQL CASE arm naming ``table.column`` and its value when its SQLite type is not one of ``kinds``."""
    allowed = ", ".join(f"'{k}'" for k in kinds)
    name = column.split(".")[-1]
    return (f"WHEN typeof({column}) NOT IN ({allowed}) THEN '{table}.{name} is ' || substr(quote({column}), 1, 40) "
            f"|| ', not {described}'")


def _clean(column: str, kinds: tuple[str, ...]) -> str:
    """The column's value when its type is allowed, else NULL (a blob would stop JSON building)."""
    allowed = ", ".join(f"'{k}'" for k in kinds)
    return f"CASE WHEN typeof({column}) IN ({allowed}) THEN {column} END"


def _json_or(column: str, kind: str, default: str) -> str:
    """The column as JSON when it holds valid JSON of ``kind`` (object or array), else ``default``."""
    literal = default.replace("{", "{{").replace("}", "}}")  # the query is a template filled in later
    return (f"CASE WHEN typeof({column}) = 'text' AND json_valid({column}) AND json_type({column}) = '{kind}' "
            f"THEN {column} ELSE '{literal}' END")


_TEXT, _INT, _NUM, _NUM_OR_NULL = ("text",), ("integer",), ("integer", "real"), ("integer", "real", "null")

_CALL_CHECKS = " ".join(
    _check(f"c.{col}", kinds, what, "calls")
    for col, kinds, what in (
        ("scenario_id", _TEXT, "text"), ("scenario_hash", _TEXT, "text"), ("seed", _INT, "a whole number"),
        ("mode", _TEXT, "text"), ("started_at", _TEXT, "text"), ("finished_at", _TEXT, "text"),
        ("ending", _TEXT, "text"), ("outcome", _TEXT, "text"), ("percent", _NUM, "a number"),
        ("grade", _TEXT, "text"), ("passed", _INT, "a whole number"), ("csat", _INT, "a whole number"),
        ("undo_used", _INT, "a whole number"), ("app_version", _TEXT, "text"), ("extra", _TEXT, "text"),
    )
)
_CALLS = f"""
    SELECT c.id, t.name, c.scenario_id, c.scenario_hash, c.seed, c.mode, c.started_at, c.finished_at,
           c.ending, c.outcome, c.percent, c.grade, c.passed, c.csat, c.undo_used, c.app_version, c.extra,
           CASE WHEN typeof(t.name) != 'text' THEN 'trainees.name is not text' {_CALL_CHECKS}
                WHEN abs(c.percent) > 1.7e308 THEN 'calls.percent is ' || quote(c.percent) || ', not a finite number' END
    FROM calls c JOIN trainees t ON t.id = c.trainee_id {{where}}
    ORDER BY c.finished_at, c.id"""

_SCORE_CHECKS = " ".join(
    _check(col, kinds, what, "principle_scores")
    for col, kinds, what in (("principle", _TEXT, "text"), ("points", _INT, "a whole number"),
                             ("max", _INT, "a whole number"), ("percent", _NUM_OR_NULL, "a number or empty"))
)
_SCORES = f"""
    SELECT call_id, MIN(bad),
           json_group_array(json_array({_clean('principle', _TEXT)}, {_clean('points', _INT)},
                                       {_clean('max', _INT)}, {_clean('percent', _NUM_OR_NULL)}))
    FROM (SELECT call_id, principle, points, max, percent,
                 CASE {_SCORE_CHECKS} END AS bad
          FROM principle_scores WHERE call_id IN ({{marks}}) ORDER BY call_id, rowid)
    GROUP BY call_id"""

_DECISION_CHECKS = " ".join(
    _check(col, kinds, what, "decisions")
    for col, kinds, what in (
        ("node_id", _TEXT, "text"), ("choice", _INT, "a whole number"), ("text", _TEXT, "text"),
        ("points", _TEXT, "text"), ("elapsed", _NUM_OR_NULL, "a number or empty"), ("cut_in", _INT, "0 or 1"),
        ("dead_air", _INT, "0 or 1"), ("mechanics", _TEXT, "text"), ("extra", _TEXT, "text"),
    )
)
_DECISIONS = f"""
    SELECT call_id, MIN(bad),
           json_group_array(json_array(seq, {_clean('node_id', _TEXT)}, {_clean('choice', _INT)}, {_clean('text', _TEXT)},
                                       json(pts), {_clean('elapsed', _NUM_OR_NULL)}, {_clean('cut_in', _INT)},
                                       {_clean('dead_air', _INT)}, json(mech), json(ext)))
    FROM (SELECT call_id, seq, node_id, choice, text, elapsed, cut_in, dead_air,
                 {_json_or('points', 'object', '{}')} AS pts, {_json_or('mechanics', 'array', '[]')} AS mech,
                 {_json_or('extra', 'object', '{}')} AS ext,
                 CASE {_DECISION_CHECKS}
                      WHEN json_valid(points) AND json_type(points) = 'object' AND EXISTS (
                          SELECT 1 FROM json_each(points) WHERE type != 'integer')
                      THEN 'decisions.points is ' || substr(quote(points), 1, 40) || ', not points per principle' END AS bad
          FROM decisions WHERE call_id IN ({{marks}}) ORDER BY call_id, seq)
    GROUP BY call_id"""

def _json(text: str | None, default: Any) -> Any:
    try:
        value = json.loads(text) if text else default
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def iter_calls(
    conn: sqlite3.Connection,
    trainee: str | None = None,
    *,
    with_decisions: bool = True,
    warnings: list[str] | None = None,
    where: str = "the progress database",
) -> Iterator[CallRecord]:
    """The calls in the file (one trainee's, or all), oldest first, each value type-checked, a chunk at a time.

    Reads only version-1 columns, so older files read too. A call with a value of the wrong
    type is skipped and described in ``warnings``.
    """
    chosen, params = ("WHERE t.name = ?", (trainee,)) if trainee is not None else ("", ())
    cursor = conn.execute(_CALLS.format(where=chosen), params)
    while True:
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            return
        yield from _chunk(conn, rows, with_decisions, warnings, where)


def _chunk(
    conn: sqlite3.Connection, rows: list[tuple[Any, ...]], with_decisions: bool, warnings: list[str] | None, where: str
) -> Iterator[CallRecord]:
    ids = [r[0] for r in rows]
    marks = ",".join("?" * len(ids))
    bad: dict[Any, str] = {}
    scores: dict[Any, dict[str, dict[str, Any]]] = {}
    for call_id, problem, doc in conn.execute(_SCORES.format(marks=marks), ids):
        if problem:
            bad[call_id] = problem
            continue
        scores[call_id] = {name: {"points": pts, "max": top, "percent": pct} for name, pts, top, pct in json.loads(doc)}
    decisions: dict[Any, list[dict[str, Any]]] = {}
    if with_decisions:
        for call_id, problem, doc in conn.execute(_DECISIONS.format(marks=marks), ids):
            if problem:
                bad.setdefault(call_id, problem)
                continue
            items = json.loads(doc)
            items.sort(key=lambda item: item[0])  # SQLite feeds them in seq order; the sort makes it certain
            out = []
            for _, node_id, choice, text, points, elapsed, cut_in, dead_air, mechanics, extra in items:
                d = {"node_id": node_id, "choice": choice, "text": text, "points": points, "elapsed": elapsed,
                     "cut_in": bool(cut_in), "dead_air": bool(dead_air), "mechanics": mechanics}
                for key, value in extra.items():
                    d.setdefault(key, value)
                out.append(d)
            decisions[call_id] = out
    for r in rows:
        problem = r[17] or bad.get(r[0])
        if problem:
            if warnings is not None:
                warnings.append(f"{where}: call row {r[0]!r} skipped: {problem}")
            continue
        yield CallRecord(
            trainee=r[1], scenario_id=r[2], scenario_hash=r[3], seed=r[4], mode=r[5], started_at=r[6],
            finished_at=r[7], ending=r[8], outcome=r[9], percent=float(r[10]), grade=r[11], passed=bool(r[12]),
            csat=r[13], scores=scores.get(r[0], {}), decisions=decisions.get(r[0], []), undo_used=bool(r[14]),
            app_version=r[15], id=r[0], extra=_json(r[16], {}),
        )


def last_call(conn: sqlite3.Connection, trainee: str, scenario_id: str, *, warnings: list[str] | None = None,
              where: str = "the progress database") -> CallRecord | None:
    """The trainee's most recent call of ``scenario_id`` (the one that finished last), or None; only that call is read."""
    row = conn.execute(
        """SELECT c.id FROM calls c JOIN trainees t ON t.id = c.trainee_id
           WHERE t.name = ? AND c.scenario_id = ? ORDER BY c.finished_at DESC, c.id DESC LIMIT 1""",
        (trainee, scenario_id),
    ).fetchone()
    if row is None:
        return None
    rows = conn.execute(_CALLS.format(where="WHERE c.id = ?"), (row[0],)).fetchall()
    return next(iter(_chunk(conn, rows, True, warnings, where)), None)


def load_calls(
    conn: sqlite3.Connection,
    trainee: str | None = None,
    *,
    with_decisions: bool = True,
    warnings: list[str] | None = None,
    where: str = "the progress database",
) -> list[CallRecord]:
    """Every call :func:`iter_calls` yields, as a list."""
    return list(iter_calls(conn, trainee, with_decisions=with_decisions, warnings=warnings, where=where))
