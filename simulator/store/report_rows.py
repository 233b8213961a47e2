"""A progress file as the trainer's report reads it: one checked row per call, and SQLite's counts.

The report writes every call to calls.csv and the xAPI file, and summarises them all on one page.
At 100,000 calls, building a ``CallRecord`` per call (with its decisions) and counting it in
Python costs a minute; here SQLite does the per-decision work in C. Each call comes out as one
tuple of plain values (its scores as one JSON object, its decisions as three counts), type-checked
as :mod:`simulator.store.sqlite_read` checks them, and the page's counts (per trainee, scenario,
day and principle, the item analysis, the critical errors) are ``GROUP BY`` queries over the calls
the report kept. Which calls it kept (not a bad row, not a duplicate of another file's call, the
trainee asked for) the report says by listing the others with :func:`skip_calls`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from simulator.store.base import CallRecord
from simulator.store.sqlite_read import (
    _CALL_CHECKS,
    _CALLS,
    _DECISION_CHECKS,
    _DECISIONS,
    _SCORE_CHECKS,
    CHUNK,
    POINTS_CHECK,
    POINTS_NOT_WHOLE,
    _record,
)

# Positions in a row of :func:`call_rows`.
(
    SOURCE,
    ID,
    UID,
    UID_CELL,
    TRAINEE,
    SCENARIO,
    FINISHED,
    PASSED,
    CSV_HEAD,
    DECISIONS,
    CSV_TAIL,
    STATEMENT,
) = range(12)


def _any_wrong(checks: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """A WHERE clause true when any column's type is not allowed: cheap, so the messages are built only
    for those rows."""
    return " OR ".join(
        f"typeof({col}) NOT IN ({', '.join(repr(k) for k in kinds)})" for col, kinds in checks
    )


_TEXT, _INT, _NUM, _NUM_OR_NULL = (
    ("text",),
    ("integer",),
    ("integer", "real"),
    ("integer", "real", "null"),
)
_CALL_TYPES = (
    ("t.name", _TEXT),
    *(
        (f"c.{col}", kinds)
        for col, kinds in (
            ("scenario_id", _TEXT),
            ("scenario_hash", _TEXT),
            ("seed", _INT),
            ("mode", _TEXT),
            ("started_at", _TEXT),
            ("finished_at", _TEXT),
            ("ending", _TEXT),
            ("outcome", _TEXT),
            ("percent", _NUM),
            ("grade", _TEXT),
            ("passed", _INT),
            ("csat", _INT),
            ("undo_used", _INT),
            ("app_version", _TEXT),
            ("extra", _TEXT),
        )
    ),
)
_SCORE_TYPES = (
    ("principle", _TEXT),
    ("points", _INT),
    ("max", _INT),
    ("percent", _NUM_OR_NULL),
)
_DECISION_TYPES = (
    ("node_id", _TEXT),
    ("choice", _INT),
    ("text", _TEXT),
    ("points", _TEXT),
    ("elapsed", _NUM_OR_NULL),
    ("cut_in", _INT),
    ("dead_air", _INT),
    ("mechanics", _TEXT),
    ("extra", _TEXT),
)

_BAD_CALLS = f"""
    SELECT c.id, CASE WHEN typeof(t.name) != 'text' THEN 'trainees.name is not text' {_CALL_CHECKS}
                      ELSE 'calls.percent is ' || quote(c.percent) || ', not a finite number' END
    FROM calls c JOIN trainees t ON t.id = c.trainee_id
    WHERE {_any_wrong(_CALL_TYPES)} OR abs(c.percent) > 1.7e308"""
_BAD_SCORES = f"""
    SELECT call_id, CASE {_SCORE_CHECKS} END FROM principle_scores
    WHERE {_any_wrong(_SCORE_TYPES)} ORDER BY call_id, rowid"""
# The report never reads a decision's points, but a file is input: a row the game would skip as bad
# is skipped here too, with the same words (the JSON parse per decision costs about 0.4 s CPU at
# 100,000 calls, 800,000 decisions).
_BAD_DECISIONS = f"""
    SELECT call_id, CASE {_DECISION_CHECKS} {POINTS_CHECK} END FROM decisions
    WHERE {_any_wrong(_DECISION_TYPES)} OR ({POINTS_NOT_WHOLE}) ORDER BY call_id, seq"""

# Calls not listed in temp.report_skip: the bad ones are listed before the rows are read, so no
# expression below ever meets a value of the wrong type (a blob would stop SQLite's JSON).
_KEPT = "c.id NOT IN (SELECT id FROM temp.report_skip)"

# An answer is the option's position when the decision recorded it, else its words.
# (-1, a choice the game could not place, and a missing index fall back to the words.)
_ANSWER = (
    "ifnull('#' || nullif(max(-1, CASE WHEN json_valid(d.extra) "
    "THEN json_extract(d.extra, '$.choice_index') END), -1), d.text)"
)


def _csv(expr: str) -> str:
    """SQL for one text cell of calls.csv as Python's csv module writes it, the formula guard first.

    The guard puts a quote before text a spreadsheet would run (=, +, -, @, tab, CR, LF first);
    a cell holding a comma, a double quote or a line break is then quoted, its quotes doubled.
    """
    guarded = (
        f"(CASE WHEN substr({expr}, 1, 1) IN ('=', '+', '-', '@', char(9), char(13), char(10)) "
        f"THEN char(39) || {expr} ELSE {expr} END)"
    )
    return (
        f"(CASE WHEN instr({expr}, ',') OR instr({expr}, char(34)) OR instr({expr}, char(10)) "
        f"OR instr({expr}, char(13)) THEN char(34) || replace({guarded}, char(34), char(34, 34)) "
        f"|| char(34) ELSE {guarded} END)"
    )


# (|| binds tighter than / and % in SQL, hence the brackets.)
# Whole seconds from start to finish (NULL when either time cannot be read), worked out once a call.
_SECONDS = (
    "CAST(round(max(0.0, (julianday(c.finished_at) - julianday(c.started_at)) * 86400.0)) "
    "AS INTEGER)"
)
_ISO_DURATION = (
    "CASE WHEN o.seconds IS NOT NULL THEN 'PT'"
    " || CASE WHEN o.seconds >= 3600 THEN (o.seconds / 3600) || 'H' ELSE '' END"
    " || CASE WHEN o.seconds % 3600 >= 60 THEN ((o.seconds % 3600) / 60) || 'M' ELSE '' END"
    " || CASE WHEN o.seconds % 60 OR o.seconds < 60 THEN (o.seconds % 60) || 'S' ELSE '' END END"
)
# calls.csv from the trainee to undo_used (the id before, the decisions' counts after, are the caller's).
_CSV_HEAD = " || ',' || ".join(
    (
        _csv("t.name"),
        _csv("c.scenario_id"),
        _csv("ifnull(s.title, c.scenario_id)"),
        _csv("c.scenario_hash"),
        "c.seed",
        _csv("c.mode"),
        _csv("c.started_at"),
        _csv("c.finished_at"),
        "ifnull(o.seconds, '')",
        _csv("c.ending"),
        _csv("c.outcome"),
        "(c.percent * 1.0)",
        _csv("c.grade"),
        "(c.passed != 0)",
        "c.csat",
        "(c.undo_used != 0)",
    )
)
# Each principle's three columns, in the header's order (temp.report_principles); empty where not scored.
_PIVOT = """(SELECT group_concat(ifnull(ps.points, '') || ',' || ifnull(ps.max, '') || ','
                                 || ifnull(ps.percent * 1.0, ''), ',')
             FROM temp.report_principles p
             LEFT JOIN principle_scores ps ON ps.call_id = c.id AND ps.principle = p.name)"""
# The xAPI statement but its id (a hash of the call's identity, which the caller makes), written
# as text: every value from the file goes through json_quote (or is a number), and nothing is
# parsed again, which building it with json_object would do at every level.
_STATEMENT = """printf('"actor":{"objectType":"Agent","name":%s,"account":{"homePage":%s,"name":%s}},"verb":%s,'
        || '"object":%s,"result":{"score":{"scaled":%s,"raw":%s,"min":0,"max":100},"success":%s,'
        || '"completion":true,"extensions":{%s:%s}%s},"context":{"platform":"On the Line",'
        || '"extensions":{%s:{"mode":%s,"grade":%s,"csat":%d,"ending":%s,"outcome":%s,"seed":%d,'
        || '"scenario_hash":%s,"undo_used":%s,"app_version":%s}}},"timestamp":%s}',
    json_quote(t.name), json_quote(:home), json_quote(t.name),
    CASE WHEN c.mode != 'graded' THEN :completed WHEN c.passed THEN :passed ELSE :failed END,
    s.activity, round(max(0.0, min(100.0, c.percent)) / 100.0, 4), c.percent * 1.0,
    CASE WHEN c.passed THEN 'true' ELSE 'false' END,
    json_quote(:principles_iri),
    ifnull((SELECT json_group_object(principle, json_object('points', points, 'max', max, 'percent', percent))
            FROM principle_scores WHERE call_id = c.id), '{}'),
    ifnull(',"duration":"' || DURATION || '"', ''),
    json_quote(:call_iri), json_quote(c.mode), json_quote(c.grade), c.csat, json_quote(c.ending),
    json_quote(c.outcome), c.seed, json_quote(c.scenario_hash),
    CASE WHEN c.undo_used THEN 'true' ELSE 'false' END, json_quote(c.app_version),
    json_quote(c.finished_at))""".replace("DURATION", _ISO_DURATION)

_ROWS = f"""
    SELECT :source, c.id, UID, {_csv("UID")}, t.name, c.scenario_id, c.finished_at, c.passed != 0,
           {_CSV_HEAD},
           (SELECT printf('%d,%d,%d', COUNT(*), total(cut_in != 0), total(dead_air != 0)) || char(29)
                   || ifnull(group_concat(node_id || char(31) || {_ANSWER} || char(31) || text,
                                          char(30)), '')
            FROM decisions d WHERE call_id = c.id),
           {_csv("c.app_version")} || PIVOT,
           STATEMENT
    FROM (SELECT c.id AS id, {_SECONDS} AS seconds FROM calls c WHERE {_KEPT}
          ORDER BY c.finished_at, c.id LIMIT -1) AS o
    JOIN calls c ON c.id = o.id JOIN trainees t ON t.id = c.trainee_id
    LEFT JOIN temp.report_scenarios s ON s.scenario_id = c.scenario_id"""
# As in sqlite_read: the ids are put in order first (with each call's duration, which the row uses
# several times), so each call's subqueries run as its row is fetched.


@dataclass(frozen=True)
class Xapi:
    """What the statements say that is not in the file: the IRIs, and the verbs as JSON."""

    home: str
    principles_iri: str
    call_iri: str
    completed: str
    passed: str
    failed: str


def has_uid(conn: sqlite3.Connection) -> bool:
    """Whether the file's calls carry the stored identity (schema 2 on); older files compute it per call."""
    return any(r[1] == "uid" for r in conn.execute("PRAGMA table_info(calls)"))


def bad_calls(conn: sqlite3.Connection) -> dict[int, str]:
    """Each call with a value of the wrong type (in its row, scores or decisions), with the first problem.

    Three scans that test types only; the words are built for the rows that fail.
    """
    found: dict[int, str] = {}
    for query in (_BAD_CALLS, _BAD_SCORES, _BAD_DECISIONS):
        for call_id, problem in conn.execute(query):
            found.setdefault(call_id, problem or "a value of the wrong type")
    return found


def scenario_ids(conn: sqlite3.Connection) -> list[str]:
    """Every scenario id the file's calls name."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT scenario_id FROM calls WHERE typeof(scenario_id) = 'text'"
        )
    ]


def call_rows(
    conn: sqlite3.Connection,
    source: int,
    *,
    principles: list[str],
    scenarios: dict[str, tuple[str, str]],
    xapi: Xapi | None,
) -> Iterator[tuple[Any, ...]]:
    """Every call not skipped (see :func:`skip_calls`), oldest first, as one flat tuple (positions above).

    SQLite writes the row's calls.csv cells (``CSV_HEAD``: trainee to undo_used; ``CSV_TAIL``:
    app_version and each of ``principles``' three columns) and, given ``xapi``, its statement
    but the id (``STATEMENT``). ``scenarios`` gives every scenario id of the file its title and
    its xAPI activity (JSON). ``SOURCE`` is ``source``: which file. ``UID`` is the identity
    stored with the call (``UID_CELL`` its CSV cell), or None when the file has none (see
    :func:`fingerprint_of`). ``DECISIONS`` is "count,cut_ins,dead_air", a \\x1d, then each
    decision's node, answer and words (joined by \\x1f), one after another (joined by \\x1e).
    """
    uid = (
        "(CASE WHEN typeof(c.uid) = 'text' AND c.uid != '' THEN c.uid END)"
        if has_uid(conn)
        else "NULL"
    )
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS report_skip (id INTEGER PRIMARY KEY)")
    conn.execute("DROP TABLE IF EXISTS temp.report_principles")
    conn.execute("CREATE TEMP TABLE report_principles (pos INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany(
        "INSERT INTO temp.report_principles(name) VALUES (?)", ((n,) for n in principles)
    )
    conn.execute("DROP TABLE IF EXISTS temp.report_scenarios")
    conn.execute(
        "CREATE TEMP TABLE report_scenarios (scenario_id TEXT PRIMARY KEY, title TEXT, activity TEXT)"
    )
    conn.executemany(
        "INSERT INTO temp.report_scenarios VALUES (?, ?, ?)",
        ((sid, title, activity) for sid, (title, activity) in scenarios.items()),
    )
    sql = (
        _ROWS.replace("UID", uid)
        .replace("PIVOT", f"',' || {_PIVOT}" if principles else "''")
        .replace("STATEMENT", _STATEMENT if xapi else "NULL")
    )
    params: dict[str, Any] = {"source": source}
    if xapi:
        params.update(vars(xapi))
    cursor = conn.execute(sql, params)
    while True:
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            return
        yield from rows


def fingerprint_of(conn: sqlite3.Connection, call_id: int) -> str | None:
    """The identity of a call whose file stores none (older files): computed from the call as the game does."""
    found = conn.execute(
        _CALLS.format(where="WHERE c.id = ?", decisions=_DECISIONS), (call_id,)
    ).fetchone()
    record = None if found is None else _record(found, None, "")
    return None if record is None else record.fingerprint()


def skip_calls(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Tell the counting queries which calls the report left out (bad rows, duplicates, other trainees).

    The list lives in a TEMP table: the file itself, opened read-only, is never written.
    """
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS report_skip (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.report_skip")
    conn.executemany("INSERT OR IGNORE INTO temp.report_skip(id) VALUES (?)", ((i,) for i in ids))


_CRITICAL_LIST = (
    "CASE WHEN json_valid(d.extra) AND json_type(d.extra, '$.critical') = 'array' "
    "THEN json_extract(d.extra, '$.critical') ELSE '[]' END"
)


@dataclass
class Counts:
    """A file's kept calls, counted by SQLite: what the report page needs and nothing per call."""

    # (trainee, scenario id) -> calls, passed, sum of percent, latest finished_at
    pairs: list[tuple[str, str, int, int, float, str]] = field(default_factory=list)
    # day (the first 10 characters of finished_at) -> calls, passed, sum of percent
    days: list[tuple[str, int, int, float]] = field(default_factory=list)
    # (trainee, scenario id, principle) -> sum of percent, calls that exercised it
    principles: list[tuple[str, str, str, float, int]] = field(default_factory=list)
    # one row per critical error committed: (call id, trainee, scenario id, node id or None,
    # answer key or None, error id)
    critical: list[tuple[int, str, str, str | None, str | None, str]] = field(default_factory=list)
    # the latest calls of each trainee (for trends and "needs attention"), oldest first
    recent: list[CallRecord] = field(default_factory=list)


def count_calls(
    conn: sqlite3.Connection,
    *,
    recent: int,
    warnings: list[str] | None = None,
    where: str = "the progress database",
) -> Counts:
    """The counts over the calls not listed by :func:`skip_calls` (call that first), and each trainee's
    ``recent`` latest calls."""
    counts = Counts()
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS report_skip (id INTEGER PRIMARY KEY)")
    names = dict(conn.execute("SELECT id, name FROM trainees WHERE typeof(name) = 'text'"))
    counts.pairs = [
        (names[tid], sid, n, int(passed), total, last)
        for tid, sid, n, passed, total, last in conn.execute(
            f"""SELECT c.trainee_id, c.scenario_id, COUNT(*), total(c.passed != 0), total(c.percent),
                       MAX(c.finished_at)
                FROM calls c WHERE {_KEPT} GROUP BY c.trainee_id, c.scenario_id"""
        )
        if tid in names
    ]
    counts.days = [
        (day, n, int(passed), total)
        for day, n, passed, total in conn.execute(
            f"""SELECT substr(c.finished_at, 1, 10), COUNT(*), total(c.passed != 0), total(c.percent)
                FROM calls c WHERE {_KEPT} GROUP BY 1"""
        )
    ]
    counts.principles = [
        (names[tid], sid, name, total, n)
        for tid, sid, name, total, n in conn.execute(
            f"""SELECT c.trainee_id, c.scenario_id, p.principle, total(p.percent), COUNT(*)
                FROM principle_scores p JOIN calls c ON c.id = p.call_id
                WHERE {_KEPT} AND typeof(p.percent) IN ('integer', 'real')
                GROUP BY c.trainee_id, c.scenario_id, p.principle"""
        )
        if tid in names
    ]
    # Decisions name the critical errors they commit; the prefilter skips the text of the (many)
    # decisions that commit none without parsing it.
    from_decisions = conn.execute(
        f"""SELECT c.id, c.trainee_id, c.scenario_id, d.node_id, {_ANSWER}, j.value
            FROM calls c JOIN decisions d ON d.call_id = c.id, json_each({_CRITICAL_LIST}) AS j
            WHERE {_KEPT} AND instr(d.extra, '"critical"') > 0 AND instr(d.extra, '"critical": []') = 0
            ORDER BY c.id, d.seq"""
    ).fetchall()
    # A call whose decisions name no critical error may still list its own (older files).
    listed = conn.execute(
        f"""SELECT c.id, c.trainee_id, c.scenario_id, NULL, NULL,
                   CASE WHEN j.type = 'object' THEN json_extract(j.value, '$.id') ELSE j.value END
            FROM calls c, json_each(CASE WHEN json_valid(c.extra) AND json_type(c.extra, '$.critical_errors') = 'array'
                                         THEN json_extract(c.extra, '$.critical_errors') ELSE '[]' END) AS j
            WHERE {_KEPT} AND instr(c.extra, 'critical_errors') > 0"""
    ).fetchall()
    with_decisions = {r[0] for r in from_decisions}
    counts.critical = [
        (cid, names[tid], sid, node, answer, str(error))
        for cid, tid, sid, node, answer, error in from_decisions
        + [r for r in listed if r[0] not in with_decisions]
        if tid in names
    ]
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS report_recent (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.report_recent")
    conn.execute(
        f"""INSERT INTO temp.report_recent(id)
            SELECT id FROM (SELECT c.id, ROW_NUMBER() OVER (
                PARTITION BY c.trainee_id ORDER BY c.finished_at DESC, c.id DESC) AS rank
                FROM calls c WHERE {_KEPT})
            WHERE rank <= ?""",
        (recent,),
    )
    rows = conn.execute(
        _CALLS.format(where="WHERE c.id IN (SELECT id FROM temp.report_recent)", decisions="NULL")
    ).fetchall()
    errors: dict[int, list[str]] = {}
    for cid, _, _, _, _, error in counts.critical:
        errors.setdefault(cid, []).append(error)
    for record in (_record(row, warnings, where) for row in rows):
        if record is not None:
            # Read without its decisions: the critical errors found above stand in for them, where
            # ``critical_errors`` looks when a call's decisions are not there.
            record.extra = {**record.extra, "critical_errors": errors.get(record.id or 0, [])}
            counts.recent.append(record)
    return counts
