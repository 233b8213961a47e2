"""``report``: calls.csv and report.html (and xAPI statements) from one or more progress databases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the report command."""
    parser.add_argument(
        "--db", metavar="PATH", action="append", dest="dbs", default=None,
        help="a progress database; repeat to merge several trainees' files (default: this computer's progress.db)",
    )
    parser.add_argument("--out", metavar="DIR", default="report", help="folder for calls.csv and report.html (default: report)")
    parser.add_argument("--xapi", metavar="FILE", help="also write xAPI statements (a JSON list) to FILE")
    parser.add_argument("--trainee", metavar="NAME", action="append", help="only this trainee (repeatable)")


def run(args: argparse.Namespace) -> int:
    """Read every database, merge them without duplicates, and write the reports; 2 on a bad file."""
    from datetime import datetime, timezone

    from simulator.paths import DEFAULT_RUBRIC, display_path
    from simulator.reports.aggregate import merge
    from simulator.reports.csv_report import write_csv
    from simulator.reports.html_report import write_html
    from simulator.reports.xapi import write_xapi
    from simulator.store.base import StoreError
    from simulator.store.open import default_db_path
    from simulator.store.sqlite_store import CorruptDatabase, read_calls

    paths = [Path(p) for p in args.dbs] if args.dbs else [default_db_path()]
    loaded = []
    for path in paths:
        if not args.dbs and not path.is_file():
            print(f"error: no progress database at {display_path(path)} yet: play a call first, "
                  "or name the files to report on with --db PATH", file=sys.stderr)
            return 2
        warnings: list[str] = []
        try:
            loaded.append(read_calls(path, warnings))
        except CorruptDatabase as exc:
            # The store states the damage; what to do depends on who reads it, so the command says it.
            print(f"error: {exc}; open the game with this file to move it aside and start a fresh one, "
                  "or pass another --db", file=sys.stderr)
            return 2
        except StoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for warning in warnings:  # a bad row costs that call only; the report goes on
            print(f"warning: {warning}", file=sys.stderr)
    records = merge(*loaded)
    if args.trainee:
        wanted = set(args.trainee)
        records = [r for r in records if r.trainee in wanted]
    titles = _principle_titles(DEFAULT_RUBRIC)
    out = Path(args.out)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_csv(records, out / "calls.csv")
        write_html(records, out / "report.html", titles=titles,
                   sources=[display_path(p) for p in paths], generated=generated)
    except OSError as exc:
        return _cannot_write(exc, out, "choose another folder with --out")
    if args.xapi:
        try:
            write_xapi(records, Path(args.xapi))
        except OSError as exc:
            return _cannot_write(exc, Path(args.xapi), "choose another file with --xapi")
    total = sum(len(x) for x in loaded)
    dupes = f" ({total - len(records)} duplicate or filtered out)" if total != len(records) else ""
    print(f"{len(records)} call(s) from {len(paths)} file(s){dupes}")
    print(f"wrote {display_path(out / 'calls.csv')}")
    print(f"wrote {display_path(out / 'report.html')}")
    if args.xapi:
        print(f"wrote {display_path(args.xapi)}")
    return 0


def _cannot_write(exc: OSError, where: Path, advice: str) -> int:
    """Say which file could not be written and which option to change; the exit code for bad input."""
    from simulator.paths import display_path

    print(f"error: cannot write {display_path(exc.filename or where)} ({exc.strerror or exc}); {advice}", file=sys.stderr)
    return 2


def _principle_titles(rubric_path: Path) -> dict[str, str]:
    """Principle titles from the shipped rubric, for headings; plain names when it cannot be read."""
    from simulator.validation.rubric_check import load_rubric

    try:
        rubric = load_rubric(rubric_path)[0]
    except Exception:  # noqa: BLE001 - titles are cosmetic; a report must not fail for them
        return {}
    return {name: p.title for name, p in rubric.principles.items()} if rubric else {}
