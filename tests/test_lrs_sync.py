"""Store and forward (issue 19): calls queued with their statements, sent to a real Ralph LRS by `sync`."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from lrs_kit import HOME_PAGE, LrsUser
from test_store_kit import make_record

from simulator.cli import main as cli_main
from simulator.lrs.statements import lrs_statement
from simulator.lrs.sync import open_outbox, sync_once
from simulator.reports.xapi import statement_id
from simulator.store.base import CallRecord
from simulator.store.sqlite_store import SqliteStore


def desktop(path: Path, trainee: str, calls: int, *, queued: bool = True) -> list[CallRecord]:
    """A progress file where ``trainee`` played ``calls`` calls (queued for the LRS unless told not)."""
    store = SqliteStore.open(path)
    if queued:
        store.outbox = lambda r: lrs_statement(r, r.extra.get("title"), HOME_PAGE)
    records = []
    for n in range(calls):
        record = make_record(
            trainee,
            ("late_refund", "billing_double_charge", "broken_delivery_promise")[n % 3],
            day=1 + n // 40,
            minute=n % 40,
            seed=n,
            percent=40.0 + (n * 7) % 60,
            mode="practice" if n % 5 == 4 else "graded",
        )
        store.record_call(record)
        records.append(record)
    store.close()
    return records


def run_sync(db: Path, *extra: str) -> int:
    """`sync --db DB`, in process."""
    return cli_main(["sync", "--db", str(db), *extra])


def test_a_finished_call_is_queued_in_the_same_transaction_as_the_call(tmp_path: Path) -> None:
    db = tmp_path / "progress.db"
    records = desktop(db, "ana", 3)
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT c.uid, o.statement_id, o.state, o.statement FROM calls c JOIN outbox o ON o.call_uid = c.uid"
    ).fetchall()
    assert len(rows) == 3
    for record, (uid, sid, state, text) in zip(records, rows, strict=True):
        assert (
            uid == record.fingerprint()
            and sid == statement_id(record.fingerprint())
            and state == "waiting"
        )
        sent = json.loads(text)
        assert sent["actor"]["account"] == {"homePage": HOME_PAGE, "name": "ana"}
    # A call whose statement cannot be built is still saved (and queued later by `sync`).
    store = SqliteStore.open(db)

    def broken(record: CallRecord) -> dict[str, object]:
        raise ValueError("no statement")

    store.outbox = broken
    store.record_call(make_record("ana", day=9))
    store.close()
    assert conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0] == 4
    assert conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 3


def test_a_rolled_back_call_leaves_no_statement_behind(tmp_path: Path) -> None:
    db = tmp_path / "progress.db"
    desktop(db, "ana", 1)
    store = SqliteStore.open(db)
    store.outbox = lambda r: lrs_statement(r, None, HOME_PAGE)
    bad = make_record("ana", day=3)
    bad.decisions = [{"node_id": "x", "choice": "not a number"}]  # fails inside the transaction
    store.record_call(bad)
    store.close()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 1


def test_sync_sends_every_queued_call_once_and_a_second_sync_sends_nothing(
    tmp_path: Path,
    lrs: LrsUser,
    lrs_toml: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "progress.db"
    records = desktop(db, "ana", 7)
    assert run_sync(db) == 0
    out = capsys.readouterr().out
    assert "sent 7 call(s)" in out and "0 call(s) waiting to sync" in out
    ids = Counter(s["id"] for s in lrs.stored())
    assert ids == Counter(statement_id(r.fingerprint()) for r in records)
    assert run_sync(db) == 0
    assert "sent 0 call(s)" in capsys.readouterr().out
    assert len(lrs.stored()) == 7
    stored = {s["id"]: s for s in lrs.stored()}[statement_id(records[0].fingerprint())]
    assert stored["context"]["registration"] and stored["actor"]["account"]["homePage"] == HOME_PAGE


def test_sync_queues_the_calls_played_before_the_lrs_was_set_up(
    tmp_path: Path,
    lrs: LrsUser,
    lrs_toml: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "progress.db"
    records = desktop(db, "ben", 4, queued=False)
    assert run_sync(db) == 0
    out = capsys.readouterr().out
    assert "queued 4 earlier call(s)" in out and "sent 4 call(s)" in out
    assert sorted(s["id"] for s in lrs.stored()) == sorted(
        statement_id(r.fingerprint()) for r in records
    )


def test_a_resend_after_a_lost_acknowledgement_does_not_duplicate(
    tmp_path: Path, lrs: LrsUser
) -> None:
    db = tmp_path / "progress.db"
    desktop(db, "ana", 5)
    conn = open_outbox(db)
    assert sync_once(conn, lrs.config()).sent == 5
    # As if the game died after the LRS stored them but before it marked them sent.
    conn.execute("DELETE FROM outbox")
    result = sync_once(conn, lrs.config())
    assert result.queued == 5 and result.sent == 5 and result.already == 5
    assert len(lrs.stored()) == 5 and len({s["id"] for s in lrs.stored()}) == 5


def test_sync_without_an_lrs_set_up_says_how_to_set_one_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ON_THE_LINE_CONFIG_DIR", str(tmp_path / "empty"))
    db = tmp_path / "progress.db"
    desktop(db, "ana", 1)
    assert run_sync(db) == 2
    err = capsys.readouterr().err
    assert "no LRS is set up" in err and "lrs.toml" in err and "--lrs URL" in err


def test_credentials_in_the_address_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ON_THE_LINE_CONFIG_DIR", str(tmp_path / "empty"))
    db = tmp_path / "progress.db"
    desktop(db, "ana", 1)
    assert run_sync(db, "--lrs", "https://desk:secret@lrs.example.org/xAPI/") == 2
    err = capsys.readouterr().err
    assert "never in the address" in err and "secret" not in err


def test_the_lrs_url_option_takes_credentials_from_the_config_file(
    tmp_path: Path, lrs: LrsUser, lrs_toml: Path
) -> None:
    lrs_toml.write_text(lrs.toml(endpoint="http://127.0.0.1:9/nowhere/"), encoding="utf-8")
    db = tmp_path / "progress.db"
    desktop(db, "ana", 2)
    assert run_sync(db) == 1  # the file's endpoint is wrong...
    assert run_sync(db, "--lrs", lrs.server.endpoint) == 0  # ...--lrs replaces it, same user
    assert len(lrs.stored()) == 2


def test_a_password_file_others_can_read_is_warned_about(
    tmp_path: Path,
    lrs: LrsUser,
    lrs_toml: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lrs_toml.chmod(0o644)
    db = tmp_path / "progress.db"
    desktop(db, "ana", 1)
    assert run_sync(db) == 0
    assert "chmod 600" in capsys.readouterr().err


def test_credentials_from_the_environment_win_over_the_file(
    tmp_path: Path, lrs: LrsUser, lrs_toml: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lrs_toml.write_text(lrs.toml().replace(lrs.password, "wrong"), encoding="utf-8")
    db = tmp_path / "progress.db"
    desktop(db, "ana", 1)
    assert run_sync(db) == 1
    monkeypatch.setenv("ON_THE_LINE_LRS_PASSWORD", lrs.password)
    assert run_sync(db) == 0
