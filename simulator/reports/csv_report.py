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


def _safe(text: str) -> str:
    # A trainee name like "=HYPERLINK(...)" must stay text when a trainer opens the file in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
            "trainee": _safe(r.trainee),
            "scenario_id": _safe(r.scenario_id),
            "scenario_title": _safe(scenario_title(records, r.scenario_id)),
            "scenario_hash": r.scenario_hash,
            "seed": r.seed,
            "mode": r.mode,
            "started_at": r.started_at,
            "finished_at": r.finished_at,
            "duration_seconds": "" if duration is None else round(duration),
            "ending": _safe(r.ending),
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
    """The whole CSV as text."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns(records), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(records))
    return buf.getvalue()


def write_csv(records: Sequence[CallRecord], path: Path) -> None:
    """Write the CSV (UTF-8 with a byte-order mark, so spreadsheets read accents right)."""
    Path(path).write_text(render_csv(records), encoding="utf-8-sig")
