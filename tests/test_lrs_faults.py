"""When the LRS is down, slow, failing, refusing or not an LRS at all: nothing is lost, the message says
what to fix, and a statement the LRS refuses for good is parked with its reason (issue 19)."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lrs_kit import LrsUser, free_port, own_server
from test_lrs_sync import desktop, run_sync

from simulator.bench.local_lrs import RalphServer
from simulator.lrs.client import XAPI_VERSION, join_statements
from simulator.lrs.sync import open_outbox, sync_once
from simulator.reports.xapi import statement_id
from simulator.store import outbox


def waiting(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(
            conn.execute("SELECT COUNT(*) FROM outbox WHERE state = 'waiting'").fetchone()[0]
        )
    finally:
        conn.close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers (an LRS stuck on something)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield int(s.getsockname()[1])


@pytest.fixture
def web_page() -> Iterator[str]:
    """A web server that answers every request with an HTML page (a wrong address, a captive portal)."""

    class Page(BaseHTTPRequestHandler):
        def _page(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            body = b"<html><body>Welcome to the office network</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _page

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/xAPI/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def cut_off() -> Iterator[str]:
    """An LRS that dies in the middle of its answer: the headers promise a body that never comes."""

    class Cut(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "391")
            self.end_headers()
            self.wfile.flush()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Cut)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/xAPI/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("endpoint", "says"),
    [
        # Before, http.client's IncompleteRead escaped the client and killed the sync's thread.
        ("cut_off", "stopped in the middle of its answer"),
        ("web_page", "not xAPI (text/html)"),
    ],
)
def test_a_broken_answer_is_not_taken_as_sent_and_keeps_the_calls_waiting(
    tmp_path: Path, lrs: LrsUser, endpoint: str, says: str, cut_off: str, web_page: str
) -> None:
    db = tmp_path / "progress.db"
    desktop(db, "ana", 2)
    conn = open_outbox(db)
    result = sync_once(
        conn, lrs.config(endpoint={"cut_off": cut_off, "web_page": web_page}[endpoint])
    )
    assert result.error is not None and says in result.error
    assert result.waiting == 2 and result.sent == 0
    assert sync_once(conn, lrs.config()).sent == 2


def test_lrs_down_keeps_every_call_and_says_so(
    tmp_path: Path,
    lrs: LrsUser,
    lrs_toml: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "progress.db"
    desktop(db, "ana", 3)
    assert run_sync(db, "--lrs", f"http://127.0.0.1:{free_port()}/xAPI/") == 1
    captured = capsys.readouterr()
    assert "3 call(s) waiting to sync" in captured.out
    assert "nothing answers" in captured.err and "sent later" in captured.err
    assert waiting(db) == 3
    assert run_sync(db) == 0 and len(lrs.stored()) == 3


def test_a_slow_lrs_times_out_and_the_calls_wait(
    tmp_path: Path, lrs: LrsUser, silent_port: int
) -> None:
    db = tmp_path / "progress.db"
    desktop(db, "ana", 2)
    conn = open_outbox(db)
    slow = lrs.config(endpoint=f"http://127.0.0.1:{silent_port}/xAPI/", timeout=0.5)
    result = sync_once(conn, slow)
    assert result.error is not None and "did not answer within 0.5 s" in result.error
    assert result.waiting == 2 and result.sent == 0
    assert sync_once(conn, lrs.config()).sent == 2


def test_wrong_credentials_name_the_file_to_fix(
    tmp_path: Path,
    lrs: LrsUser,
    lrs_toml: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lrs_toml.write_text(lrs.toml().replace(lrs.password, "not it"), encoding="utf-8")
    db = tmp_path / "progress.db"
    desktop(db, "ana", 2)
    assert run_sync(db) == 1
    err = capsys.readouterr().err
    assert "refused the user name or password (HTTP 401)" in err and "lrs.toml" in err
    assert "not it" not in err
    assert waiting(db) == 2 and lrs.stored() == []


def test_a_tls_error_is_explained(tmp_path: Path, lrs: LrsUser) -> None:
    db = tmp_path / "progress.db"
    desktop(db, "ana", 1)
    conn = open_outbox(db)
    # Ralph here speaks plain HTTP: an https:// address fails the TLS handshake.
    tls = lrs.config(endpoint=lrs.server.endpoint.replace("http://", "https://"))
    result = sync_once(conn, tls)
    assert result.error is not None and "secure (TLS) connection" in result.error
    assert "https://" in result.error and result.waiting == 1


def test_a_failing_lrs_500_keeps_the_queue_until_it_recovers(tmp_path: Path, lrs: LrsUser) -> None:
    db = tmp_path / "progress.db"
    desktop(db, "ana", 4)
    conn = open_outbox(db)
    # Ralph cannot write this user's statements while its folder is gone: a real 500.
    folder = lrs.server.directory / lrs.username
    folder.rmdir()
    result = sync_once(conn, lrs.config())
    assert (
        result.error is not None
        and "HTTP 500" in result.error
        and "tried again later" in result.error
    )
    assert result.waiting == 4 and result.parked == 0
    assert outbox.get_meta(conn, outbox.META_LAST_ERROR) == result.error
    folder.mkdir()
    again = sync_once(conn, lrs.config())
    assert again.ok and again.sent == 4 and len(lrs.stored()) == 4
    assert outbox.get_meta(conn, outbox.META_LAST_ERROR) is None


def test_a_statement_the_lrs_refuses_is_parked_with_its_reason_and_the_rest_are_sent(
    tmp_path: Path,
    lrs: LrsUser,
    lrs_toml: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "progress.db"
    records = desktop(db, "ana", 9)
    conn = sqlite3.connect(db, isolation_level=None)
    # One statement damaged in the queue (Ralph answers 422)...
    broken_id = statement_id(records[2].fingerprint())
    text = conn.execute(
        "SELECT statement FROM outbox WHERE statement_id = ?", (broken_id,)
    ).fetchone()[0]
    damaged = json.loads(text)
    del damaged["actor"]
    conn.execute(
        "UPDATE outbox SET statement = ? WHERE statement_id = ?", (json.dumps(damaged), broken_id)
    )
    # ...and another desktop already sent a different statement under another's id (409).
    clash_id = statement_id(records[6].fingerprint())
    other = json.loads(
        conn.execute("SELECT statement FROM outbox WHERE statement_id = ?", (clash_id,)).fetchone()[
            0
        ]
    )
    other["result"]["score"]["raw"] = 1.0
    request = urllib.request.Request(
        lrs.server.endpoint + "statements",
        data=join_statements([json.dumps(other)]),
        headers={"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION},
        method="POST",
    )
    request.add_unredirected_header("Authorization", _basic(lrs))
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
    assert run_sync(db) == 1
    captured = capsys.readouterr()
    assert "sent 7 call(s)" in captured.out and "0 call(s) waiting" in captured.out
    assert "2 call(s) parked" in captured.err
    assert (
        f"{broken_id}: the LRS refused the statement (HTTP 422: actor: Field required)"
        in captured.err
    )
    assert f"{clash_id}: the LRS refused the statement (HTTP 409" in captured.err
    assert "Differing statements already exist" in captured.err
    stored = Counter(s["id"] for s in lrs.stored())
    assert broken_id not in stored and stored[clash_id] == 1 and len(stored) == 8
    # Parked stays parked: the next sync does not send it again, and says it is there.
    attempts = conn.execute("SELECT SUM(attempts) FROM outbox WHERE state = 'parked'").fetchone()[0]
    assert run_sync(db) == 1
    assert "2 call(s) parked" in capsys.readouterr().err
    assert (
        conn.execute("SELECT SUM(attempts) FROM outbox WHERE state = 'parked'").fetchone()[0]
        == attempts
    )


def _basic(lrs: LrsUser) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{lrs.username}:{lrs.password}".encode()).decode()


def test_recovery_after_a_kill_repairs_a_torn_line_and_an_emptied_history(tmp_path: Path) -> None:
    server = RalphServer(tmp_path / "ralph")
    server.add_user("desk-torn", "secret")
    statements = server.directory / "desk-torn" / "fs_lrs.jsonl"
    statements.write_text('{"id": "a"}\n{"id": "b"}\n{"id": "c', encoding="utf-8")
    server.history_file.parent.mkdir(parents=True, exist_ok=True)
    server.history_file.write_text(
        "", encoding="utf-8"
    )  # opened for writing, killed before the dump
    repaired = server.recover_after_kill()
    assert len(repaired) == 2 and "torn line" in repaired[0] and "history" in repaired[1]
    assert statements.read_text(encoding="utf-8") == '{"id": "a"}\n{"id": "b"}\n'
    assert json.loads(server.history_file.read_text(encoding="utf-8")) == []
    # What a clean stop leaves is not touched.
    server.history_file.write_text('[{"action": "read"}]', encoding="utf-8")
    assert server.recover_after_kill() == []
    assert server.history_file.read_text(encoding="utf-8") == '[{"action": "read"}]'


def test_killing_the_lrs_mid_batch_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    server, user = own_server(tmp_path / "ralph", "desk-kill", "kill secret")
    try:
        db = tmp_path / "progress.db"
        records = desktop(db, "ana", 300)
        config = user.config(batch_size=10)
        results = []

        def sync_in_background() -> None:
            conn = open_outbox(db)  # a connection of the thread's own, as the game's sync has
            try:
                results.append(sync_once(conn, config))
            finally:
                conn.close()

        worker = threading.Thread(target=sync_in_background)
        worker.start()
        check = sqlite3.connect(db)
        sent = "SELECT COUNT(*) FROM outbox WHERE state = 'sent'"
        while worker.is_alive() and check.execute(sent).fetchone()[0] < 30:
            time.sleep(0.005)
        server.kill()  # the sync is posting batch after batch: this one dies in flight
        worker.join(120)
        (first,) = results
        assert first.error is not None and first.waiting > 0
        assert first.sent + first.waiting == 300
        # Ralph's fs backend has no journal: a kill during its write can leave half a line, or an
        # empty history file, which it cannot read back. Repair them, as a production backend's
        # own crash recovery would (where the kill lands is timing: either, both or neither).
        server.recover_after_kill()
        server.start()
        conn = open_outbox(db)
        second = sync_once(conn, config)
        conn.close()
        assert second.ok and second.waiting == 0
        ids = Counter(s["id"] for s in user.stored())
        assert set(ids) == {statement_id(r.fingerprint()) for r in records}
        assert max(ids.values()) == 1, "a statement was stored twice"
    finally:
        server.stop()
