"""``report``: CSV, offline HTML and xAPI from several trainees' databases, merged without duplicates."""

from __future__ import annotations

import csv
import json
import re
from html import escape
from pathlib import Path
from statistics import mean

import pytest
from test_store_kit import make_record

from simulator.cli import main as cli_main
from simulator.reports.aggregate import merge
from simulator.reports.xapi import VERBS, iso_duration
from simulator.store.base import CallRecord
from simulator.store.sqlite_store import SqliteStore

HOSTILE = '<script>alert("x")</script> & Co'

WRONG = {
    "node_id": "opening",
    "choice": 2,
    "text": "Refunds take 30 days, as policy says.",
    "points": {"empathy": -2, "resolution": -1},
    "elapsed": 6.0,
    "cut_in": False,
    "dead_air": False,
    "mechanics": [],
}
BLAME = {
    "node_id": "fault",
    "choice": 3,
    "text": "The other team <forgot> it.",
    "points": {"no_blame": -3},
    "elapsed": 2.0,
    "cut_in": True,
    "dead_air": False,
    "mechanics": ["interrupt"],
}
GOOD = {
    "node_id": "opening",
    "choice": 1,
    "text": "I'm sorry: let me look now.",
    "points": {"empathy": 2},
    "elapsed": 4.0,
    "cut_in": False,
    "dead_air": False,
    "mechanics": [],
}


def desktop_a() -> list[CallRecord]:
    return [
        make_record(
            "ana",
            "late_refund",
            percents={"empathy": 40.0},
            day=1,
            decisions=[WRONG, BLAME],
            title="Late refund",
        ),
        make_record("ana", "late_refund", percents={"empathy": 80.0}, day=2, decisions=[GOOD]),
        make_record(
            "ana",
            "double_charge",
            percents={"empathy": 100.0, "composure": None},
            day=3,
            decisions=[WRONG],
            mode="practice",
            title="Charged twice",
        ),
        make_record(
            "bram",
            "late_refund",
            percents={"empathy": 10.0, "listening": 90.0},
            day=1,
            decisions=[WRONG, BLAME],
        ),
        make_record(
            "bram",
            "double_charge",
            percents={"empathy": 95.0, "listening": 95.0},
            day=4,
            decisions=[GOOD],
        ),
    ]


def desktop_b() -> list[CallRecord]:
    return [
        desktop_a()[0],  # the trainer copied ana's first call onto this desktop too
        make_record("chloé", "late_refund", percents={"empathy": 65.0}, day=2, decisions=[WRONG]),
        make_record(HOSTILE, "double_charge", percents={"empathy": 30.0}, day=5, decisions=[BLAME]),
        make_record("=SUM(A1)", "double_charge", day=6, decisions=[GOOD]),
    ]


def write_db(path: Path, records: list[CallRecord]) -> Path:
    store = SqliteStore.open(path)
    for r in records:
        store.record_call(r)
    store.close()
    return path


@pytest.fixture
def dbs(tmp_path: Path) -> list[Path]:
    return [write_db(tmp_path / "a.db", desktop_a()), write_db(tmp_path / "b.db", desktop_b())]


@pytest.fixture
def unique() -> list[CallRecord]:
    """The calls the report must show: each once."""
    return merge(desktop_a(), desktop_b())


def run_report(tmp_path: Path, dbs: list[Path], *extra: str) -> tuple[int, Path]:
    out = tmp_path / "out"
    args = ["report", *[a for db in dbs for a in ("--db", str(db))], "--out", str(out), *extra]
    return cli_main(args), out


def test_merging_keeps_each_call_once(unique: list[CallRecord]) -> None:
    assert len(unique) == len(desktop_a()) + len(desktop_b()) - 1
    assert len({r.fingerprint() for r in unique}) == len(unique)


def test_the_csv_has_one_row_per_call_with_principle_columns(
    tmp_path: Path, dbs: list[Path], unique: list[CallRecord]
) -> None:
    code, out = run_report(tmp_path, dbs)
    assert code == 0
    with (out / "calls.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(unique)
    by_id = {r["call_id"]: r for r in rows}
    for record in unique:
        row = by_id[record.fingerprint()]
        assert float(row["percent"]) == record.percent
        assert row["empathy_percent"] == str(record.scores["empathy"]["percent"])
        assert row["empathy_max"] == "4"
        assert int(row["decisions"]) == len(record.decisions)
        assert row["passed"] == str(int(record.passed))
    practice = next(r for r in rows if r["mode"] == "practice")
    assert practice["composure_percent"] == "", (
        "a principle the call did not exercise is left empty"
    )
    assert any(r["trainee"] == "'=SUM(A1)" for r in rows), (
        "a formula-like name stays text in a spreadsheet"
    )
    assert sum(int(r["cut_ins"]) for r in rows) == sum(
        1 for r in unique for d in r.decisions if d["cut_in"]
    )


def _cell(html: str, attrs: str) -> str:
    m = re.search(re.escape(attrs) + r">([^<]*)<", html)
    assert m, f"no cell with {attrs}"
    return m.group(1)


def test_the_html_shows_each_trainees_averages_and_counts(
    tmp_path: Path, dbs: list[Path], unique: list[CallRecord]
) -> None:
    code, out = run_report(tmp_path, dbs)
    assert code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    for name in {r.trainee for r in unique}:
        own = [r for r in unique if r.trainee == name]
        key = f'data-trainee="{escape(name)}"'
        assert _cell(html, f'{key} data-field="calls"') == str(len(own))
        assert _cell(html, f'{key} data-field="passed"') == str(sum(r.passed for r in own))
        assert _cell(html, f'{key} data-field="average"') == f"{mean(r.percent for r in own):.1f}"
        empathy = [r.scores["empathy"]["percent"] for r in own]
        assert _cell(html, f'{key} data-principle="empathy"') == f"{round(mean(empathy), 1):.1f}"
    # ana's empathy 40, 80, 100 -> 73.3; the duplicate call from b.db must not count twice.
    assert _cell(html, 'data-trainee="ana" data-principle="empathy"') == "73.3"
    assert f"{len(unique)} calls, 5 trainees, 2 scenarios" in html
    assert html.count("<svg") >= 2 * 5, "a bar chart and a trend chart per trainee"


def _item(section: str, text: str) -> tuple[int, str]:
    """The item-analysis row of an answer: calls that chose it, and the share of them that failed."""
    row = section[section.index(f"<td>{escape(text)}</td>") :]
    chosen = re.search(r'data-field="chosen">(\d+)<', row).group(1)
    failed = re.search(r'data-field="failed">([^<]*)<', row).group(1)
    return int(chosen), failed


def test_the_item_analysis_counts_every_answer_and_how_often_it_failed(
    tmp_path: Path, dbs: list[Path], unique: list[CallRecord]
) -> None:
    code, out = run_report(tmp_path, dbs)
    assert code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    late = [r for r in unique if r.scenario_id == "late_refund"]
    section = html[html.index('id="s-late_refund"') :]
    section = section[: section.index("</section>")]
    for answer in (WRONG, BLAME, GOOD):
        chose = [r for r in late if any(d["text"] == answer["text"] for d in r.decisions)]
        failed = 100.0 * sum(not r.passed for r in chose) / len(chose)
        assert _item(section, answer["text"]) == (len(chose), f"{failed:.1f}%")
    assert _item(section, WRONG["text"])[0] == 3  # ana (once, despite two files), bram, chloé
    assert BLAME["text"] not in section  # only escaped
    assert (
        f'data-scenario="late_refund" data-field="pass-rate">{100.0 * sum(r.passed for r in late) / len(late):.1f}%<'
        in section
    )


def test_the_cohort_comes_first_with_critical_errors_and_who_needs_attention(
    tmp_path: Path,
) -> None:
    blame = dict(BLAME, critical=["blame_colleague"])
    records = [
        make_record("dora", "late_refund", percents={"empathy": 20.0}, day=d, decisions=[blame])
        for d in (1, 2, 3)
    ]
    records += [
        make_record("eli", "late_refund", percents={"empathy": 60.0}, day=d, decisions=[GOOD])
        for d in (1, 9)
    ]
    code, out = run_report(tmp_path, [write_db(tmp_path / "c.db", records)])
    assert code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert (
        html.index("<h2>The cohort</h2>")
        < html.index("<h2>Needs attention</h2>")
        < html.index("<h2>Scenarios</h2>")
    )
    assert _cell(html, 'data-critical="blame_colleague"') == "3"
    attention = html[html.index("<h2>Needs attention</h2>") : html.index("<h2>Week by week</h2>")]
    assert (
        "dora" in attention
        and "critical error in 3 of the last 3" in attention
        and "eli" not in attention
    )
    assert _cell(html, 'data-field="weakest"') == "Empathy"
    assert _cell(html, 'data-week="2026-W01"') and _cell(
        html, 'data-week="2026-W02"'
    )  # 1 and 9 January


def test_the_html_is_self_contained_and_escapes_trainee_text(
    tmp_path: Path, dbs: list[Path]
) -> None:
    code, out = run_report(tmp_path, dbs)
    assert code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert escape(HOSTILE) in html
    for fetch in ("<link", "src=", "@import", "url(", "https://"):
        assert fetch not in html
    assert set(re.findall(r"http://[^\"' ]+", html)) == {"http://www.w3.org/2000/svg"}


def test_an_xapi_file_that_cannot_be_written_names_the_xapi_option(
    tmp_path: Path, dbs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no_such_folder" / "statements.json"
    code, out = run_report(tmp_path, dbs, "--xapi", str(target))
    err = capsys.readouterr().err
    assert code == 2
    assert (
        "statements.json" in err and "choose another file with --xapi" in err and "--out" not in err
    )
    assert (
        out / "calls.csv"
    ).is_file()  # the report itself was written before the statements failed


def test_an_out_folder_that_cannot_be_made_names_the_out_option(
    tmp_path: Path, dbs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out").write_text("a file where the folder should go", encoding="utf-8")
    code, _ = run_report(tmp_path, dbs, "--xapi", str(tmp_path / "statements.json"))
    err = capsys.readouterr().err
    assert code == 2
    assert "choose another folder with --out" in err and "--xapi" not in err
    assert not (tmp_path / "statements.json").exists()


def test_xapi_statements_describe_each_call(
    tmp_path: Path, dbs: list[Path], unique: list[CallRecord]
) -> None:
    target = tmp_path / "statements.json"
    code, _ = run_report(tmp_path, dbs, "--xapi", str(target))
    assert code == 0
    statements = json.loads(target.read_text(encoding="utf-8"))
    assert isinstance(statements, list) and len(statements) == len(unique)
    assert len({s["id"] for s in statements}) == len(unique)
    by_when = {(s["actor"]["account"]["name"], s["timestamp"]): s for s in statements}
    for record in unique:
        s = by_when[(record.trainee, record.finished_at)]
        assert s["actor"]["name"] == record.trainee and s["actor"]["account"][
            "homePage"
        ].startswith("https://")
        verb = (
            "completed" if record.mode == "practice" else ("passed" if record.passed else "failed")
        )
        assert s["verb"]["id"] == VERBS[verb] and s["verb"]["id"].startswith(
            "http://adlnet.gov/expapi/verbs/"
        )
        assert s["object"]["id"] == f"https://ontheline.invalid/scenarios/{record.scenario_id}"
        result = s["result"]
        assert result["score"]["scaled"] == pytest.approx(record.percent / 100)
        assert result["success"] is record.passed and result["completion"] is True
        assert result["duration"] == "PT3M30S"
        (principles,) = result["extensions"].values()
        assert principles["empathy"]["percent"] == record.scores["empathy"]["percent"]
    latest = [r for r in unique if r.scenario_id == "late_refund"][-1]
    named = by_when[("ana", desktop_a()[0].finished_at)]["object"]["definition"]["name"]["en-US"]
    assert named == latest.extra["title"], (
        "an activity is named by the title its latest call was played under"
    )


def test_iso_durations() -> None:
    assert [iso_duration(s) for s in (0, 59.6, 61, 3600, 3725)] == [
        "PT0S",
        "PT1M",
        "PT1M1S",
        "PT1H",
        "PT1H2M5S",
    ]


def test_reporting_the_same_file_twice_counts_each_call_once(
    tmp_path: Path, dbs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_report(tmp_path, [dbs[0], dbs[0]])
    assert code == 0
    with (out / "calls.csv").open(encoding="utf-8-sig") as f:
        assert len(list(csv.DictReader(f))) == len(desktop_a())
    assert f"{len(desktop_a())} call(s) from 2 file(s)" in capsys.readouterr().out


def test_a_trainee_filter_keeps_only_their_calls(tmp_path: Path, dbs: list[Path]) -> None:
    code, out = run_report(tmp_path, dbs, "--trainee", "bram")
    assert code == 0
    with (out / "calls.csv").open(encoding="utf-8-sig") as f:
        assert {r["trainee"] for r in csv.DictReader(f)} == {"bram"}


def test_a_missing_database_is_a_clear_error(
    tmp_path: Path, dbs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_report(tmp_path, [dbs[0], tmp_path / "nope.db"])
    assert code == 2
    err = capsys.readouterr().err
    assert "nope.db" in err and "no such progress database" in err and "Traceback" not in err
    assert not (out / "report.html").exists()


def test_a_corrupt_database_is_a_clear_error_and_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite" * 500)
    code, _ = run_report(tmp_path, [bad])
    assert code == 2
    err = capsys.readouterr().err
    assert "bad.db" in err and "not" in err and "Traceback" not in err
    assert "open the game with this file to move it aside" in err and "pass another --db" in err
    assert bad.read_bytes() == b"not sqlite" * 500


def test_a_sqlite_file_that_is_not_a_progress_database_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    code, _ = run_report(tmp_path, [other])
    assert code == 2
    assert "not an On the Line progress database" in capsys.readouterr().err


def test_without_db_the_default_database_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ON_THE_LINE_DATA_DIR", str(tmp_path / "data"))
    code = cli_main(["report", "--out", str(tmp_path / "out")])
    assert code == 2
    assert "play a call first" in capsys.readouterr().err
    write_db(tmp_path / "data" / "progress.db", desktop_a()[:2])
    assert cli_main(["report", "--out", str(tmp_path / "out")]) == 0
    with (tmp_path / "out" / "calls.csv").open(encoding="utf-8-sig") as f:
        assert len(list(csv.DictReader(f))) == 2


def test_an_unwritable_output_folder_is_a_clear_error(
    tmp_path: Path, dbs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    code = cli_main(["report", "--db", str(dbs[0]), "--out", str(blocker / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert "blocker" in err and "--out" in err


def test_an_empty_database_gives_an_empty_report(tmp_path: Path) -> None:
    code, out = run_report(tmp_path, [write_db(tmp_path / "empty.db", [])])
    assert code == 0
    assert "No calls recorded yet" in (out / "report.html").read_text(encoding="utf-8")


def test_the_store_and_reports_load_neither_pygame_nor_pyttsx3() -> None:
    import subprocess
    import sys

    code = (
        "import sys, simulator.store.open, simulator.store.progress, simulator.reports.html_report, "
        "simulator.reports.csv_report, simulator.reports.xapi, simulator.cli.report; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygame', 'pyttsx3')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_xapi_ids_are_stable_across_exports_so_an_lrs_never_duplicates_a_call(
    tmp_path: Path, dbs: list[Path]
) -> None:
    # The same calls exported twice (and from the files in the other order) give the same statement ids:
    # an LRS that already holds a statement answers a resend with "already stored", not a second copy.
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    assert (
        cli_main(
            [
                "report",
                "--db",
                str(dbs[0]),
                "--db",
                str(dbs[1]),
                "--out",
                str(tmp_path / "a"),
                "--xapi",
                str(first),
            ]
        )
        == 0
    )
    assert (
        cli_main(
            [
                "report",
                "--db",
                str(dbs[1]),
                "--db",
                str(dbs[0]),
                "--out",
                str(tmp_path / "b"),
                "--xapi",
                str(second),
            ]
        )
        == 0
    )
    ids = [
        {
            s["timestamp"] + s["actor"]["account"]["name"]: s["id"]
            for s in json.loads(p.read_text(encoding="utf-8"))
        }
        for p in (first, second)
    ]
    assert ids[0] == ids[1] and len(set(ids[0].values())) == len(ids[0])
    single = json.loads(first.read_text(encoding="utf-8"))[0]
    alone = tmp_path / "alone.db"
    record = next(
        r
        for r in merge(desktop_a(), desktop_b())
        if r.finished_at == single["timestamp"] and r.trainee == single["actor"]["account"]["name"]
    )
    write_db(alone, [record])
    third = tmp_path / "three.json"
    assert (
        cli_main(["report", "--db", str(alone), "--out", str(tmp_path / "c"), "--xapi", str(third)])
        == 0
    )
    assert (
        json.loads(third.read_text(encoding="utf-8"))[0]["id"] == single["id"]
    )  # a call's id does not depend on its company
