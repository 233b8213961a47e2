"""calls.csv: one row per call, with three columns (points, max, percent) per principle.

Written row by row (``CsvWriter``), so a report of 100,000 calls never holds them all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import IO, Any

from simulator.reports.aggregate import duration_seconds, principle_names, scenario_title
from simulator.store import report_rows as rr
from simulator.store.base import CallRecord

BASE_COLUMNS = (
    "call_id",
    "trainee",
    "scenario_id",
    "scenario_title",
    "scenario_hash",
    "seed",
    "mode",
    "started_at",
    "finished_at",
    "duration_seconds",
    "ending",
    "outcome",
    "percent",
    "grade",
    "passed",
    "csat",
    "undo_used",
    "decisions",
    "cut_ins",
    "dead_air",
    "app_version",
)


def guard(value: object) -> object:
    """A cell a spreadsheet shows as text, never runs: text starting like a formula gets a leading quote.

    Applied to every text cell, header included: a progress file from a trainee is input, and any
    text column (a name, a grade, a version, a principle's name) can hold "=HYPERLINK(...)".
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        return "'" + value
    return value


def columns(records: Sequence[CallRecord]) -> list[str]:
    """The header for calls in memory: the fixed columns, then points/max/percent per principle."""
    return header(principle_names(records))


def header(principles: Sequence[str]) -> list[str]:
    """The fixed columns, then points/max/percent for each principle."""
    cols = list(BASE_COLUMNS)
    for name in principles:
        cols += [f"{name}_points", f"{name}_max", f"{name}_percent"]
    return cols


def row(r: CallRecord, principles: Sequence[str], title: str) -> list[object]:
    """One call's cells, in the order of :func:`header`, each text cell guarded."""
    duration = duration_seconds(r)
    cells: list[object] = [
        r.fingerprint(),
        r.trainee,
        r.scenario_id,
        title,
        r.scenario_hash,
        r.seed,
        r.mode,
        r.started_at,
        r.finished_at,
        "" if duration is None else round(duration),
        r.ending,
        r.outcome,
        r.percent,
        r.grade,
        int(r.passed),
        r.csat,
        int(r.undo_used),
        len(r.decisions),
        sum(1 for d in r.decisions if d.get("cut_in")),
        sum(1 for d in r.decisions if d.get("dead_air")),
        r.app_version,
    ]
    for name in principles:
        score = r.scores.get(name, {})
        percent = score.get("percent")
        cells += [score.get("points", ""), score.get("max", ""), "" if percent is None else percent]
    return [guard(c) for c in cells]


class CsvWriter:
    """calls.csv written a row at a time: the header first, then one row per call as it comes."""

    def __init__(self, stream: IO[str], principles: Sequence[str]) -> None:
        """Write the header for ``principles`` to ``stream``."""
        self.principles = list(principles)
        self._stream = stream
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow([guard(name) for name in header(self.principles)])

    def write(self, record: CallRecord, title: str) -> None:
        """One call's row."""
        self._writer.writerow(row(record, self.principles, title))

    def write_row(self, r: tuple[Any, ...], uid: str) -> None:
        """One call's row from a report row (:mod:`simulator.store.report_rows`): the cells :meth:`write` writes.

        SQLite has written the cells already, guarded and quoted; the id is ``uid``.
        """
        uid_cell = r[rr.UID_CELL] if r[rr.UID] == uid else uid  # a computed fingerprint is hex
        counts = r[rr.DECISIONS].partition("\x1d")[0]
        self._stream.write(f"{uid_cell},{r[rr.CSV_HEAD]},{counts},{r[rr.CSV_TAIL]}\n")


def render_csv(records: Sequence[CallRecord]) -> str:
    """The whole CSV for calls in memory, as text."""
    buf = io.StringIO()
    writer = CsvWriter(buf, principle_names(records))
    for r in records:
        writer.write(r, scenario_title(records, r.scenario_id))
    return buf.getvalue()
