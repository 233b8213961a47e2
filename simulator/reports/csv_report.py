"""calls.csv: one row per call, with three columns (points, max, percent) per principle."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from simulator.reports.aggregate import duration_seconds, principle_names, scenario_title
from simulator.store.base import CallRecord

BASE_COLUMNS = (
    "call_id", "trainee", "scenario_id", "scenario_title", "scenario_hash", "seed", "mode",
    "started_at", "finished_at", "duration_seconds", "ending", "outcome", "percent", "grade",
    "passed", "csat", "undo_used", "decisions", "cut_ins", "dead_air", "app_version",
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
    """The header: the fixed columns, then points/max/percent per principle."""
    cols = list(BASE_COLUMNS)
    for name in principle_names(records):
        cols += [f"{name}_points", f"{name}_max", f"{name}_percent"]
    return cols


def rows(records: Sequence[CallRecord]) -> list[dict[str, object]]:
    """One dict per call, keyed by ``columns``."""
    names = principle_names(records)
    out = []
    for r in records:
        duration = duration_seconds(r)
        row: dict[str, object] = {
            "call_id": r.fingerprint(),
            "trainee": r.trainee,
            "scenario_id": r.scenario_id,
            "scenario_title": scenario_title(records, r.scenario_id),
            "scenario_hash": r.scenario_hash,
            "seed": r.seed,
            "mode": r.mode,
            "started_at": r.started_at,
            "finished_at": r.finished_at,
            "duration_seconds": "" if duration is None else round(duration),
            "ending": r.ending,
            "outcome": r.outcome,
            "percent": r.percent,
            "grade": r.grade,
            "passed": int(r.passed),
            "csat": r.csat,
            "undo_used": int(r.undo_used),
            "decisions": len(r.decisions),
            "cut_ins": sum(1 for d in r.decisions if d.get("cut_in")),
            "dead_air": sum(1 for d in r.decisions if d.get("dead_air")),
            "app_version": r.app_version,
        }
        for name in names:
            score = r.scores.get(name, {})
            percent = score.get("percent")
            row[f"{name}_points"] = score.get("points", "")
            row[f"{name}_max"] = score.get("max", "")
            row[f"{name}_percent"] = "" if percent is None else percent
        out.append(row)
    return out


def render_csv(records: Sequence[CallRecord]) -> str:
    """The whole CSV as text, every text cell (header included) guarded against formulas."""
    buf = io.StringIO()
    header = columns(records)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([guard(name) for name in header])
    for row in rows(records):
        writer.writerow([guard(row.get(name, "")) for name in header])
    return buf.getvalue()


def write_csv(records: Sequence[CallRecord], path: Path) -> None:
    """Write the CSV (UTF-8 with a byte-order mark, so spreadsheets read accents right)."""
    Path(path).write_text(render_csv(records), encoding="utf-8-sig")
