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

# Rows are fetched a chunk at a time: memory stays flat however many calls a file holds.
CHUNK = 500


def _check(column: str, kinds: tuple[str, ...], described: str, table: str) -> str:
    """A SQL CASE arm naming ``table.column`` and its value when its SQLite type is not one of ``kinds``."""
    allowed = ", ".join(f"'{k}'" for k in kinds)
    name = column.split(".")[-1]
    return (
        f"WHEN typeof({column}) NOT IN ({allowed}) THEN '{table}.{name} is ' || substr(quote({column}), 1, 40) "
        f"|| ', not {described}'"
    )


def _clean(column: str, kinds: tuple[str, ...]) -> str:
    """The column's value when its type is allowed, else NULL (a blob would stop JSON building)."""
    allowed = ", ".join(f"'{k}'" for k in kinds)
    return f"CASE WHEN typeof({column}) IN ({allowed}) THEN {column} END"


def _json_or(column: str, kind: str, default: str) -> str:
    """The column as JSON when it holds valid JSON of ``kind`` (object or array), else ``default``."""
    literal = default.replace("{", "{{").replace(
        "}", "}}"
    )  # the query is a template filled in later
    return (
        f"CASE WHEN typeof({column}) = 'text' AND json_valid({column}) AND json_type({column}) = '{kind}' "
        f"THEN {column} ELSE '{literal}' END"
    )


_TEXT, _INT, _NUM, _NUM_OR_NULL = (
    ("text",),
    ("integer",),
    ("integer", "real"),
    ("integer", "real", "null"),
)

_CALL_CHECKS = " ".join(
    _check(f"c.{col}", kinds, what, "calls")
    for col, kinds, what in (
        ("scenario_id", _TEXT, "text"),
        ("scenario_hash", _TEXT, "text"),
        ("seed", _INT, "a whole number"),
        ("mode", _TEXT, "text"),
        ("started_at", _TEXT, "text"),
        ("finished_at", _TEXT, "text"),
        ("ending", _TEXT, "text"),
        ("outcome", _TEXT, "text"),
        ("percent", _NUM, "a number"),
        ("grade", _TEXT, "text"),
        ("passed", _INT, "a whole number"),
        ("csat", _INT, "a whole number"),
        ("undo_used", _INT, "a whole number"),
        ("app_version", _TEXT, "text"),
        ("extra", _TEXT, "text"),
    )
)
_SCORE_CHECKS = " ".join(
    _check(col, kinds, what, "principle_scores")
    for col, kinds, what in (
        ("principle", _TEXT, "text"),
        ("points", _INT, "a whole number"),
        ("max", _INT, "a whole number"),
        ("percent", _NUM_OR_NULL, "a number or empty"),
    )
)
# One call's scores as one JSON document: {"bad": first problem or null, "items": [[name, points, max, percent]]}.
_SCORES = f"""
    (SELECT json_object('bad', MIN(bad), 'items', json_group_array(json(item)))
     FROM (SELECT CASE {_SCORE_CHECKS} END AS bad,
                  json_array({_clean("principle", _TEXT)}, {_clean("points", _INT)}, {_clean("max", _INT)},
                             {_clean("percent", _NUM_OR_NULL)}) AS item
           FROM principle_scores WHERE call_id = c.id ORDER BY rowid))"""

_DECISION_CHECKS = " ".join(
    _check(col, kinds, what, "decisions")
    for col, kinds, what in (
        ("node_id", _TEXT, "text"),
        ("choice", _INT, "a whole number"),
        ("text", _TEXT, "text"),
        ("points", _TEXT, "text"),
        ("elapsed", _NUM_OR_NULL, "a number or empty"),
        ("cut_in", _INT, "0 or 1"),
        ("dead_air", _INT, "0 or 1"),
        ("mechanics", _TEXT, "text"),
        ("extra", _TEXT, "text"),
    )
)
# A decision's points hold whole numbers per principle; a number written as text, a list, a fraction
# is a bad row. The one check that looks inside a JSON value (a parse per decision): the report
# makes it too, so the game and the report skip the same calls.
POINTS_NOT_WHOLE = (
    "typeof(points) = 'text' AND json_valid(points) AND json_type(points) = 'object' "
    "AND EXISTS (SELECT 1 FROM json_each(points) WHERE type != 'integer')"
)
POINTS_CHECK = (
    f"WHEN {POINTS_NOT_WHOLE} THEN 'decisions.points is ' || substr(quote(points), 1, 40) "
    "|| ', not points per principle'"
)
# One call's decisions as one JSON document, each decision already the dict the game stores: its
# extra keys merged under the fixed ones by json_patch, in C. The primary key (call_id, seq) hands
# the rows over in seq order, so the list comes out in the order the decisions were made.
_DECISIONS = f"""
    (SELECT json_object('bad', MIN(bad), 'items', json_group_array(json(item)))
     FROM (SELECT CASE {_DECISION_CHECKS} {POINTS_CHECK} END AS bad,
                  json_patch({_json_or("extra", "object", "{}")}, json_object(
                      'node_id', {_clean("node_id", _TEXT)}, 'choice', {_clean("choice", _INT)},
                      'text', {_clean("text", _TEXT)}, 'points', json({_json_or("points", "object", "{}")}),
                      'elapsed', {_clean("elapsed", _NUM_OR_NULL)},
                      'cut_in', json(CASE WHEN cut_in THEN 'true' ELSE 'false' END),
                      'dead_air', json(CASE WHEN dead_air THEN 'true' ELSE 'false' END),
                      'mechanics', json({_json_or("mechanics", "array", "[]")}))) AS item
           FROM decisions WHERE call_id = c.id ORDER BY seq))"""

_CALLS = f"""
    SELECT c.id, t.name, c.scenario_id, c.scenario_hash, c.seed, c.mode, c.started_at, c.finished_at,
           c.ending, c.outcome, c.percent, c.grade, c.passed, c.csat, c.undo_used, c.app_version, c.extra,
           CASE WHEN typeof(t.name) != 'text' THEN 'trainees.name is not text' {_CALL_CHECKS}
                WHEN abs(c.percent) > 1.7e308
                THEN 'calls.percent is ' || quote(c.percent) || ', not a finite number' END,
           {_SCORES}, {{decisions}}
    FROM (SELECT c.id AS id FROM calls c JOIN trainees t ON t.id = c.trainee_id {{where}}
          ORDER BY c.finished_at, c.id LIMIT -1) AS o
    JOIN calls c ON c.id = o.id JOIN trainees t ON t.id = c.trainee_id"""
# The ids are put in order first (LIMIT keeps SQLite from flattening that step away), so each
# call's scores and decisions are built as its row is fetched, never held in a sorter all at once.


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
    """The calls in the file (one trainee's, or all), oldest first, each value type-checked, streamed.

    Reads only version-1 columns, so older files read too. A call with a value of the wrong
    type is skipped and described in ``warnings``.
    """
    chosen, params = ("WHERE t.name = ?", (trainee,)) if trainee is not None else ("", ())
    decisions = _DECISIONS if with_decisions else "NULL"
    cursor = conn.execute(_CALLS.format(where=chosen, decisions=decisions), params)
    while True:
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            return
        for r in rows:
            record = _record(r, warnings, where)
            if record is not None:
                yield record


def _record(r: tuple[Any, ...], warnings: list[str] | None, where: str) -> CallRecord | None:
    scores_doc = json.loads(r[18]) if r[18] else {"bad": None, "items": []}
    decisions_doc = json.loads(r[19]) if r[19] else {"bad": None, "items": []}
    problem = r[17] or scores_doc["bad"] or decisions_doc["bad"]
    if problem:
        if warnings is not None:
            warnings.append(f"{where}: call row {r[0]!r} skipped: {problem}")
        return None
    return CallRecord(
        trainee=r[1],
        scenario_id=r[2],
        scenario_hash=r[3],
        seed=r[4],
        mode=r[5],
        started_at=r[6],
        finished_at=r[7],
        ending=r[8],
        outcome=r[9],
        percent=float(r[10]),
        grade=r[11],
        passed=bool(r[12]),
        csat=r[13],
        undo_used=bool(r[14]),
        app_version=r[15],
        id=r[0],
        extra=_json(r[16], {}),
        scores={
            name: {"points": pts, "max": top, "percent": pct}
            for name, pts, top, pct in scores_doc["items"]
        },
        decisions=decisions_doc["items"],
    )


def last_call(
    conn: sqlite3.Connection,
    trainee: str,
    scenario_id: str,
    *,
    warnings: list[str] | None = None,
    where: str = "the progress database",
) -> CallRecord | None:
    """The trainee's most recent call of ``scenario_id`` (the one that finished last), or None; only
    that call is read."""
    row = conn.execute(
        """SELECT c.id FROM calls c JOIN trainees t ON t.id = c.trainee_id
           WHERE t.name = ? AND c.scenario_id = ? ORDER BY c.finished_at DESC, c.id DESC LIMIT 1""",
        (trainee, scenario_id),
    ).fetchone()
    if row is None:
        return None
    found = conn.execute(
        _CALLS.format(where="WHERE c.id = ?", decisions=_DECISIONS), (row[0],)
    ).fetchone()
    return None if found is None else _record(found, warnings, where)


def load_calls(
    conn: sqlite3.Connection,
    trainee: str | None = None,
    *,
    with_decisions: bool = True,
    warnings: list[str] | None = None,
    where: str = "the progress database",
) -> list[CallRecord]:
    """Every call :func:`iter_calls` yields, as a list."""
    return list(
        iter_calls(conn, trainee, with_decisions=with_decisions, warnings=warnings, where=where)
    )
