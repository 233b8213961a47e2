"""A progress file from a trainee is input: hostile text in every column, wrong types, foreign files.

The report is checked by parsing what it wrote (an HTML parser for the page, the csv module for
the table), not by searching for strings, so an escape that only looks right is caught.
"""

from __future__ import annotations

import csv
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_store_kit import make_record

from simulator.cli import main as cli_main
from simulator.store.open import open_store
from simulator.store.sqlite_store import ForeignDatabase, SqliteStore, read_calls

HOSTILE = "<script>alert(2)</script>\"'><img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://example.invalid","x")'
# Text columns hold text (the types check out), so the call is read and reported: its text must be made harmless.
TEXT_COLUMNS = (
    "scenario_id",
    "scenario_hash",
    "mode",
    "started_at",
    "finished_at",
    "ending",
    "outcome",
    "grade",
    "app_version",
)


class _Tags(HTMLParser):
    """Every start tag and attribute of a page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _hostile_db(path: Path, value: str) -> Path:
    """A real progress file whose every text cell (principle names and trainee included) holds ``value``."""
    store = SqliteStore.open(path)
    decision = {
        "node_id": value,
        "choice": 1,
        "text": value,
        "points": {value: -1},
        "elapsed": 1.0,
        "cut_in": False,
        "dead_air": False,
        "mechanics": [value],
    }
    store.record_call(
        make_record(
            value,
            "late_refund",
            percents={"empathy": 50.0},
            day=1,
            decisions=[decision],
            title=value,
        )
    )
    store.close()
    conn = sqlite3.connect(path)
    conn.execute(
        f"UPDATE calls SET {', '.join(f'{c} = ?' for c in TEXT_COLUMNS)}",
        (value,) * len(TEXT_COLUMNS),
    )
    conn.execute("DELETE FROM principle_scores WHERE principle != 'empathy'")
    conn.execute("UPDATE principle_scores SET principle = ?", (value,))
    conn.commit()
    conn.close()
    return path


def _report(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli_main(["report", "--db", str(db), "--out", str(tmp_path / "out")])
    return code, capsys.readouterr().err


def test_hostile_text_in_every_column_gives_an_escaped_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _hostile_db(tmp_path / "p.db", HOSTILE)
    code, _ = _report(tmp_path, db, capsys)
    assert code == 0
    page = _Tags()
    page.feed((tmp_path / "out" / "report.html").read_text(encoding="utf-8"))
    assert "script" not in page.tags and "img" not in page.tags
    assert not [a for a in page.attributes if a.startswith("on")]
    assert any(HOSTILE in chunk for chunk in page.text)  # shown as text, whole


def test_hostile_text_in_every_column_gives_a_guarded_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _hostile_db(tmp_path / "p.db", FORMULA)
    code, _ = _report(tmp_path, db, capsys)
    assert code == 0
    with (tmp_path / "out" / "calls.csv").open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    cells = [cell for row in table for cell in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    assert "'" + FORMULA in table[1]  # the value is kept, as text
    assert any(
        FORMULA in name for name in table[0]
    )  # the principle's name reached the header, guarded


@pytest.mark.parametrize(
    ("column", "value"), [("percent", "abc"), ("csat", "<script>alert(2)</script>"), ("seed", 1.5)]
)
def test_a_wrongly_typed_value_skips_its_call_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, value: object
) -> None:
    db = tmp_path / "p.db"
    store = SqliteStore.open(db)
    for day in (1, 2):
        store.record_call(make_record("ana", "late_refund", percents={"empathy": 50.0}, day=day))
    store.close()
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE calls SET {column} = ? WHERE id = 1", (value,))
    conn.commit()
    conn.close()
    warnings: list[str] = []
    assert len(read_calls(db, warnings)) == 1
    assert (
        len(warnings) == 1
        and "p.db" in warnings[0]
        and "call row 1" in warnings[0]
        and column in warnings[0]
    )
    code, err = _report(tmp_path, db, capsys)
    assert code == 0 and "call row 1" in err and column in err
    assert "alert" not in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("column", "value"),
    [("points", '{"empathy": "lots"}'), ("points", '{"empathy": 1.5}'), ("choice", "first")],
)
def test_a_bad_decision_row_skips_its_call_in_the_game_and_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, value: str
) -> None:
    db = tmp_path / "p.db"
    store = SqliteStore.open(db)
    for day in (1, 2):
        store.record_call(make_record("ana", "late_refund", day=day))
    store.close()
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE decisions SET {column} = ? WHERE call_id = 1", (value,))
    conn.commit()
    conn.close()
    store = SqliteStore.open(db)
    assert [c.finished_at for c in store.calls("ana")] == [
        make_record("ana", "x", day=2).finished_at
    ]
    assert store.notice is not None and "call row 1" in store.notice
    assert (
        len(store.calls("ana", with_decisions=False)) == 2
    )  # the progress screen's read skips decisions
    store.close()
    code, err = _report(tmp_path, db, capsys)
    assert code == 0 and "p.db" in err and "call row 1" in err and f"decisions.{column}" in err
    with (tmp_path / "out" / "calls.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1  # the other call is reported


def _foreign(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices(total) VALUES (12.5)")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_a_foreign_sqlite_file_is_refused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "accounts.db"
    before = _foreign(db)
    with pytest.raises(ForeignDatabase, match="another program"):
        SqliteStore.open(db)
    store = open_store(
        db
    )  # the game: plays on in memory, says so on stderr, never touches the file
    assert (
        store.notice is not None
        and "accounts.db" in store.notice
        and "left unchanged" in store.notice
    )
    assert "accounts.db" in capsys.readouterr().err
    store.close()
    code, err = _report(tmp_path, db, capsys)
    assert code == 2 and "another program" in err
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("accounts")) == [
        "accounts.db"
    ]


def test_a_file_from_before_the_application_id_is_still_the_games(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    store = SqliteStore.open(db)
    store.record_call(make_record("ana", "late_refund", day=1))
    store.close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 0")  # as every file was before the game stamped its own
    conn.commit()
    conn.close()
    store = SqliteStore.open(db)
    assert len(store.calls("ana")) == 1
    store.close()


def test_decisions_come_back_in_the_order_they_were_made_whatever_order_the_rows_were_written(
    tmp_path: Path,
) -> None:
    db = tmp_path / "p.db"
    steps = [
        {
            "node_id": f"n{i}",
            "choice": 1,
            "text": f"answer {i}",
            "points": {"empathy": i},
            "elapsed": 1.0,
            "cut_in": False,
            "dead_air": False,
            "mechanics": [],
            "choice_index": i,
        }
        for i in range(5)
    ]
    store = SqliteStore.open(db)
    store.record_call(make_record("ana", "late_refund", day=1, decisions=steps))
    store.close()
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT * FROM decisions ORDER BY seq DESC").fetchall()
    conn.execute("DELETE FROM decisions")
    conn.executemany(
        f"INSERT INTO decisions VALUES ({', '.join('?' * len(rows[0]))})", rows
    )  # newest first on disk
    conn.commit()
    conn.close()
    (call,) = read_calls(db)
    assert [d["node_id"] for d in call.decisions] == ["n0", "n1", "n2", "n3", "n4"]
    assert call.decisions[3] == steps[3]
