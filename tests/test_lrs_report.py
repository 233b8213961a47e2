"""Done when (issue 19): three desktops sync to a real Ralph LRS, and `report --lrs` matches `report --db`."""

from __future__ import annotations

import base64
import json
import re
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from lrs_kit import LrsUser
from test_lrs_sync import desktop, run_sync

from simulator.cli import main as cli_main
from simulator.lrs.client import XAPI_VERSION
from simulator.reports.xapi import statement_id


def report(out: Path, *args: str) -> int:
    return cli_main(["report", "--out", str(out), *args])


def page_numbers(path: Path) -> str:
    """report.html without the line that says where the calls came from and when it was made."""
    html = path.read_text(encoding="utf-8")
    return re.sub(r"\. From [^<]*?(?=\. Every call)", "", html)


def post_foreign(lrs: LrsUser, n: int) -> None:
    """Statements of another course in the same LRS (the centre's other e-learning)."""
    items = [
        {
            "id": f"00000000-0000-4000-8000-{i:012d}",
            "actor": {
                "objectType": "Agent",
                "account": {"homePage": "https://lms.example", "name": "ana"},
            },
            "verb": {
                "id": "http://adlnet.gov/expapi/verbs/completed",
                "display": {"en-US": "completed"},
            },
            "object": {
                "objectType": "Activity",
                "id": f"https://lms.example/courses/fire-safety/{i}",
            },
            "result": {"completion": True},
            "timestamp": "2026-01-02T10:00:00+00:00",
        }
        for i in range(n)
    ]
    request = urllib.request.Request(
        lrs.server.endpoint + "statements",
        data=json.dumps(items).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION},
    )
    pair = f"{lrs.username}:{lrs.password}".encode()
    request.add_unredirected_header("Authorization", "Basic " + base64.b64encode(pair).decode())
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert answer.status == 200


def test_three_desktops_sync_and_the_lrs_report_matches_the_files(
    tmp_path: Path,
    lrs: LrsUser,
    lrs_toml: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dbs = [tmp_path / f"desk{n}.db" for n in range(3)]
    records = []
    for db, trainee in zip(dbs, ("ana", "ben", "chloe"), strict=True):
        records += desktop(db, trainee, 50)
    post_foreign(lrs, 5)
    for db in dbs:
        assert run_sync(db) == 0
        assert "sent 50 call(s)" in capsys.readouterr().out
    ours = Counter(s["id"] for s in lrs.stored() if "ontheline" in str(s["object"]))
    assert ours == Counter(statement_id(r.fingerprint()) for r in records)
    assert len(ours) == 150 and set(ours.values()) == {1}

    db_args = [a for db in dbs for a in ("--db", str(db))]
    assert report(tmp_path / "from-files", *db_args) == 0
    assert report(tmp_path / "from-lrs", "--lrs", lrs.server.endpoint) == 0
    out = capsys.readouterr().out
    assert "150 call(s) from the LRS at" in out, out
    files_csv = (tmp_path / "from-files" / "calls.csv").read_text(encoding="utf-8-sig")
    lrs_csv = (tmp_path / "from-lrs" / "calls.csv").read_text(encoding="utf-8-sig")
    assert len(files_csv.splitlines()) == 151
    assert lrs_csv == files_csv
    assert page_numbers(tmp_path / "from-lrs" / "report.html") == page_numbers(
        tmp_path / "from-files" / "report.html"
    )
    assert lrs.server.endpoint in (tmp_path / "from-lrs" / "report.html").read_text()

    # --since: the calls of the second day only, the same from both sources.
    assert report(tmp_path / "since-files", *db_args, "--since", "2026-01-02") == 0
    assert (
        report(tmp_path / "since-lrs", "--lrs", lrs.server.endpoint, "--since", "2026-01-02") == 0
    )
    since_csv = (tmp_path / "since-lrs" / "calls.csv").read_text(encoding="utf-8-sig")
    assert since_csv == (tmp_path / "since-files" / "calls.csv").read_text(encoding="utf-8-sig")
    assert len(since_csv.splitlines()) == 1 + 3 * 10


def test_report_from_an_lrs_that_cannot_be_read_says_why(
    tmp_path: Path,
    lrs: LrsUser,
    lrs_toml: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lrs_toml.write_text(lrs.toml().replace(lrs.password, "nope"), encoding="utf-8")
    assert report(tmp_path / "out", "--lrs", lrs.server.endpoint) == 1
    err = capsys.readouterr().err
    assert "cannot read the calls from the LRS" in err and "HTTP 401" in err
    assert report(tmp_path / "out", "--lrs", lrs.server.endpoint, "--db", "x.db") == 2
    assert report(tmp_path / "out", "--lrs", lrs.server.endpoint, "--since", "March") == 2
