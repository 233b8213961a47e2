"""The report's fast path (SQLite writes the CSV cells and the statements, and counts the page) says
exactly what the per-call path says about the same calls: calls.csv, the xAPI statements and the page.

The per-call path (``CallRecord`` -> ``render_csv`` / ``statements`` / ``Cohort.add``) is the
reference: it is plain Python over the records the game stored. The files below hold what the fast
path must get right: text a CSV must quote or guard, loops that bring an answer back, critical
errors named by decisions or only by the call, times that cannot be read, practice calls, a call
copied onto two desktops, and percents with an exact binary value (so sums do not depend on order).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_store_kit import make_record

from simulator.cli import main as cli_main
from simulator.paths import DEFAULT_RUBRIC
from simulator.reports.aggregate import merge, scenario_title
from simulator.reports.cohort import Cohort
from simulator.reports.csv_report import render_csv
from simulator.reports.html_report import render_cohort
from simulator.reports.xapi import statements
from simulator.store.base import CallRecord
from simulator.store.sqlite_store import SqliteStore
from simulator.validation.rubric_check import load_rubric


def _decision(node: str, index: int, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "node_id": node,
        "choice": index + 1,
        "text": text,
        "points": {"empathy": 1},
        "elapsed": 2.5,
        "cut_in": index == 1,
        "dead_air": index == 2,
        "mechanics": [],
        "choice_index": index,
        **extra,
    }


OPEN_GOOD = _decision("opening", 0, "Sorry, let me look now.")
OPEN_BAD = _decision("opening", 1, 'Policy says "30 days", sorry.')
BLAME = _decision("fault", 2, "=The other team did it", critical=["blame_colleague"])
LOOP = _decision("details", 0, "Could you repeat that,\nplease?")
UNPLACED = _decision("details", -1, "+44 line dropped", choice_index=-1)
NO_INDEX = {k: v for k, v in _decision("close", 0, "@Bye then").items() if k != "choice_index"}


def _call(trainee: str, scenario: str, day: int, minute: int, **kw: Any) -> CallRecord:
    return make_record(trainee, scenario, day=day, minute=minute, **kw)


def desktop_a() -> list[CallRecord]:
    odd_times = _call("ana", "late_refund", 3, 0, percents={"empathy": 25.0}, decisions=[BLAME])
    odd_times.started_at = "yesterday, roughly"  # no duration can be read
    long_call = _call('bo, "the" best', "late_refund", 4, 0, decisions=[OPEN_GOOD, LOOP, LOOP])
    long_call.started_at = "2026-01-04T08:00:00+00:00"  # 2 h 3 min 30 s
    long_call.app_version, long_call.ending, long_call.grade = "@9.9.9", "-1", "+A"
    listed = _call("ana", "double_charge", 5, 0, percents={"empathy": 12.5}, decisions=[NO_INDEX])
    listed.extra["critical_errors"] = [{"id": "promised_refund"}, "hung_up"]
    return [
        _call(
            "ana",
            "late_refund",
            1,
            0,
            percents={"empathy": 37.5, "composure": None},
            decisions=[OPEN_BAD, BLAME, LOOP, UNPLACED, LOOP],
            title="Late, refund",
        ),
        _call("ana", "late_refund", 2, 0, percents={"empathy": 87.5}, decisions=[OPEN_GOOD]),
        odd_times,
        long_call,
        listed,
        _call(
            "=cmd|' /C calc'!A0",
            "double_charge",
            6,
            0,
            mode="practice",
            decisions=[OPEN_BAD, NO_INDEX],
            title='Charged "twice"',
        ),
        _call("\tcarl", "late_refund", 9, 5, percents={"listening": 62.5}, decisions=[UNPLACED]),
    ]


def desktop_b() -> list[CallRecord]:
    return [
        desktop_a()[0],  # copied onto this desktop too
        _call("dora", "late_refund", 2, 30, percents={"empathy": 75.0}, decisions=[OPEN_GOOD]),
        _call("dora", "late_refund", 16, 0, percents={"empathy": 50.0}, decisions=[BLAME, LOOP]),
    ]


def _db(path: Path, records: list[CallRecord]) -> Path:
    store = SqliteStore.open(path)
    for record in records:
        store.record_call(record)
    store.close()
    return path


@pytest.fixture
def reported(tmp_path: Path) -> tuple[Path, list[CallRecord], list[str]]:
    dbs = [_db(tmp_path / "a.db", desktop_a()), _db(tmp_path / "b.db", desktop_b())]
    out = tmp_path / "out"
    args = ["report", *[a for db in dbs for a in ("--db", str(db))], "--out", str(out)]
    assert cli_main([*args, "--xapi", str(out / "statements.json")]) == 0
    return out, merge(desktop_a(), desktop_b()), [str(db) for db in dbs]


def test_calls_csv_has_the_cells_the_per_call_path_writes(
    reported: tuple[Path, list[CallRecord], list[str]],
) -> None:
    out, records, _ = reported
    written = (out / "calls.csv").read_text(encoding="utf-8-sig")
    assert list(csv.reader(io.StringIO(written))) == list(
        csv.reader(io.StringIO(render_csv(records)))
    )
    assert written == render_csv(records)  # byte for byte: the same quoting and number format


def test_the_statements_are_the_per_call_paths_statements(
    reported: tuple[Path, list[CallRecord], list[str]],
) -> None:
    out, records, _ = reported
    written = json.loads((out / "statements.json").read_text(encoding="utf-8"))
    assert written == statements(records)
    assert "duration" not in written[records.index(desktop_a()[2])]["result"]
    assert written[[r.trainee for r in records].index('bo, "the" best')]["result"]["duration"] == (
        "PT2H3M30S"
    )


def test_the_page_counts_what_the_per_call_cohort_counts(
    reported: tuple[Path, list[CallRecord], list[str]],
) -> None:
    out, records, sources = reported
    cohort = Cohort(principles=[p for r in records for p in r.scores if p])
    cohort.principles = list(dict.fromkeys(cohort.principles))
    for record in records:
        cohort.add(record)
    rubric = load_rubric(DEFAULT_RUBRIC)[0]
    assert rubric is not None
    principle_titles = {name: p.title for name, p in rubric.principles.items()}
    critical_titles = {cid: c.title for cid, c in rubric.critical_errors.items()}
    expected = render_cohort(
        cohort,
        titles=principle_titles,
        scenario_titles={r.scenario_id: scenario_title(records, r.scenario_id) for r in records},
        critical_titles=critical_titles,
        sources=[Path(s).name for s in sources],
        generated="then",
    )
    page = (out / "report.html").read_text(encoding="utf-8")

    def plain(html: str) -> str:
        return re.sub(r"From [^<]*?\. Generated [^.<]*\.", "", html)

    assert plain(page) == plain(expected)
    # the views this file exercises are really there, so equal pages mean equal counts
    for shown in ('data-critical="blame_colleague"', "promised_refund", "hung_up", "2026-W03"):
        assert shown in page
