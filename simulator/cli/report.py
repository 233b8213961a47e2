"""``report``: calls.csv and report.html (and xAPI statements) from progress databases or from the LRS."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from simulator.reports.cohort import Cohort
    from simulator.store.sqlite_store import ProgressFile

from simulator.cli.exit_codes import EXIT_OK, EXIT_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the report command."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        action="append",
        dest="dbs",
        default=None,
        help="a progress database; repeat to merge several trainees' files (default: this computer's progress.db)",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        default="report",
        help="folder for calls.csv and report.html (default: report)",
    )
    parser.add_argument(
        "--xapi", metavar="FILE", help="also write xAPI statements (a JSON list) to FILE"
    )
    parser.add_argument(
        "--trainee", metavar="NAME", action="append", help="only this trainee (repeatable)"
    )
    parser.add_argument(
        "--lrs",
        metavar="URL",
        help="read every desktop's calls from this LRS's xAPI endpoint instead of --db files "
        "(credentials from lrs.toml or the environment; see the README's 'Training centre')",
    )
    parser.add_argument(
        "--since",
        metavar="DATE",
        type=_since,
        help="only calls finished on or after DATE (2026-03-01, or a time: 2026-03-01T09:00)",
    )


def _since(text: str) -> datetime:
    """A date or date and time; without a zone it is UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date like 2026-03-01 or 2026-03-01T09:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run(args: argparse.Namespace) -> int:
    """Read every database, merge them without duplicates, and write the reports; 2 on a bad file.

    The calls stream through once, oldest first, from all the files together: each is written to
    calls.csv (and the xAPI file) as it comes, so memory stays flat however many calls the files
    hold. The page is written last, from counts SQLite makes over the calls the stream kept.
    """
    from simulator.paths import DEFAULT_RUBRIC, display_path
    from simulator.store.base import StoreError
    from simulator.store.open import default_db_path
    from simulator.store.sqlite_store import CorruptDatabase, ProgressFile

    if args.lrs:
        return _report_from_lrs(args)
    paths = [Path(p) for p in args.dbs] if args.dbs else [default_db_path()]
    files: list[ProgressFile] = []
    try:
        for path in paths:
            if not args.dbs and not path.is_file():
                print(
                    f"error: no progress database at {display_path(path)} yet: play a call first, "
                    "or name the files to report on with --db PATH",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            try:
                files.append(ProgressFile(path))
            except CorruptDatabase as exc:
                # The store states the damage; what to do depends on who reads it, so the command says it.
                print(
                    f"error: {exc}; open the game with this file to move it aside and start a fresh one, "
                    "or pass another --db",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            except StoreError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return EXIT_USAGE
        try:
            sources = getattr(args, "sources", None) or [display_path(p) for p in paths]
            return _write_reports(args, files, sources, _rubric_titles(DEFAULT_RUBRIC))
        except StoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    finally:
        for f in files:
            f.close()


def _report_from_lrs(args: argparse.Namespace) -> int:
    """The same report from every desktop's calls in the LRS; 2 on bad settings, 1 when the LRS cannot be read.

    The calls read back are written to a temporary progress file, and the report is made from it
    exactly as from the desktops' own files, so both ways give the same numbers.
    """
    import tempfile

    from simulator.lrs.client import LrsError
    from simulator.lrs.config import ConfigError, load_config
    from simulator.lrs.records import read_calls
    from simulator.store.sqlite_store import SqliteStore

    if args.dbs:
        print("error: report reads either --lrs or --db files, not both", file=sys.stderr)
        return 2
    warnings: list[str] = []
    try:
        config = load_config(args.lrs, warnings=warnings)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    assert config is not None  # --lrs gives the endpoint
    try:
        found = read_calls(config, args.since)
    except LrsError as exc:
        print(f"error: cannot read the calls from the LRS: {exc}", file=sys.stderr)
        return 1
    if found.ignored:
        print(f"{found.ignored} statement(s) of other activities left out")
    with tempfile.TemporaryDirectory(prefix="on-the-line-lrs-") as folder:
        db = Path(folder) / "lrs.db"
        store = SqliteStore.open(db)
        try:
            for record in found.calls_read:
                store.record_call(record)
        finally:
            store.close()
        args.dbs, args.lrs, args.sources = [str(db)], None, [config.endpoint]
        return run(args)


def _write_reports(
    args: argparse.Namespace,
    files: list[ProgressFile],
    sources: list[str],
    rubric_titles: tuple[dict[str, str], dict[str, str]],
) -> int:
    """Stream every call into calls.csv and the xAPI file, then count the kept calls in SQL and write the page.

    Each file's rows come type-checked and flat (``report_rows``): no per-call objects, no
    per-decision Python. The page's counts are SQLite's, over the calls the stream kept.
    """
    from simulator.reports.cohort import RECENT, Cohort
    from simulator.reports.html_report import render_cohort

    principles, scenario_titles = _principles_and_titles(files)
    warnings: list[str] = []
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        csv_file = (out / "calls.csv").open("w", encoding="utf-8-sig", newline="")
    except OSError as exc:
        return _cannot_write(exc, out, "choose another folder with --out")
    xapi_error: OSError | None = None
    xapi_file = None
    if args.xapi:
        try:
            # closed after the last statement, in _stream; a with-block would span the whole stream
            xapi_file = Path(args.xapi).open("w", encoding="utf-8")
        except OSError as exc:
            # the CSV and the page are still written; the command then says what failed
            xapi_error = exc
    cohort = Cohort(principles=list(principles))
    with csv_file:
        read, kept, skipped = _stream(
            args, files, principles, scenario_titles, csv_file, xapi_file, cohort, warnings
        )
    counted = []
    for f, left_out in zip(files, skipped, strict=True):
        f.skip(left_out)
        counted.append(f.counts(RECENT, warnings))
    cohort.add_counts(counted)
    for warning in warnings:  # a bad row costs that call only; the report goes on
        print(f"warning: {warning}", file=sys.stderr)
    principle_titles, critical_titles = rubric_titles
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = render_cohort(
        cohort,
        titles=principle_titles,
        scenario_titles=scenario_titles,
        critical_titles=critical_titles,
        sources=sources,
        generated=generated,
    )
    try:
        (out / "report.html").write_text(page, encoding="utf-8")
    except OSError as exc:
        return _cannot_write(exc, out, "choose another folder with --out")
    if xapi_error is not None:
        return _cannot_write(xapi_error, Path(args.xapi), "choose another file with --xapi")
    _say_written(args, out, sources, read, kept)
    return EXIT_OK


def _principles_and_titles(files: list[ProgressFile]) -> tuple[list[str], dict[str, str]]:
    """Every principle the files score, in order met, and each scenario's latest title."""
    principles: list[str] = []
    latest: dict[str, tuple[str, str]] = {}
    for f in files:
        principles += [p for p in f.principles() if p not in principles]
        for sid, (title, when) in f.titles().items():
            if sid not in latest or when > latest[sid][1]:
                latest[sid] = (title, when)
    return principles, {sid: title for sid, (title, _) in latest.items()}


def _stream(
    args: argparse.Namespace,
    files: list[ProgressFile],
    principles: list[str],
    scenario_titles: dict[str, str],
    csv_file: TextIO,
    xapi_file: TextIO | None,
    cohort: Cohort,
    warnings: list[str],
) -> tuple[int, int, list[list[int]]]:
    """Write every kept call's row (and statement), oldest first across the files; the calls
    read, the calls kept, and per file the ids left out (bad, duplicate, filtered)."""
    import heapq
    import json

    from simulator.reports.csv_report import CsvWriter
    from simulator.reports.xapi import XapiWriter, activity
    from simulator.reports.xapi import sql_parts as xapi_sql_parts
    from simulator.store.report_rows import (
        DECISIONS,
        FINISHED,
        ID,
        PASSED,
        SCENARIO,
        SOURCE,
        TRAINEE,
        UID,
    )

    wanted = set(args.trainee or ())
    read = kept = 0
    seen: set[str] = set()
    # Per file, the calls left out: a bad row, a call another file already gave, another trainee.
    skipped: list[list[int]] = []
    for f in files:
        bad = f.bad_calls()
        warnings += [f"{f.where}: call row {cid!r} skipped: {why}" for cid, why in bad.items()]
        f.skip(bad)
        skipped.append(list(bad))
    parts = xapi_sql_parts() if xapi_file else None

    def scenarios(ids: list[str]) -> dict[str, tuple[str, str]]:
        return {
            sid: (
                scenario_titles.get(sid, sid),
                json.dumps(activity(sid, scenario_titles.get(sid, sid)), ensure_ascii=False),
            )
            for sid in ids
        }

    table = CsvWriter(csv_file, principles)
    statements = XapiWriter(xapi_file) if xapi_file else None
    streams = [
        f.rows(i, principles=principles, scenarios=scenarios, xapi=parts)
        for i, f in enumerate(files)
    ]
    merged = (
        streams[0]
        if len(streams) == 1
        else heapq.merge(*streams, key=lambda r: (r[FINISHED], r[TRAINEE], r[SCENARIO]))
    )
    for row in merged:
        read += 1
        source = row[SOURCE]
        uid = row[UID] or files[source].fingerprint_of(row[ID]) or f"{source}:{row[ID]}"
        if (
            uid in seen
            or (wanted and row[TRAINEE] not in wanted)
            or (args.since is not None and not _finished_since(row[FINISHED], args.since))
        ):
            skipped[source].append(row[ID])
            continue
        seen.add(uid)
        kept += 1
        table.write_row(row, uid)
        if statements:
            statements.write_row(row, uid)
        cohort.count_answers(row[SCENARIO], row[DECISIONS], row[PASSED])
    if statements and xapi_file:
        statements.close()
        xapi_file.close()
    return read, kept, skipped


def _say_written(
    args: argparse.Namespace, out: Path, sources: list[str], read: int, kept: int
) -> None:
    """How many calls from where, and each file written."""
    from simulator.paths import display_path

    dropped = read - kept
    dupes = f" ({dropped} duplicate or filtered out)" if dropped else ""
    lrs = getattr(args, "sources", None)
    origin = f"the LRS at {lrs[0]}" if lrs else f"{len(sources)} file(s)"
    print(f"{kept} call(s) from {origin}{dupes}")
    print(f"wrote {display_path(out / 'calls.csv')}")
    print(f"wrote {display_path(out / 'report.html')}")
    if args.xapi:
        print(f"wrote {display_path(args.xapi)}")


def _finished_since(finished_at: str, since: datetime) -> bool:
    """True when the call finished at or after ``since`` (a time it cannot read counts as not)."""
    try:
        return datetime.fromisoformat(finished_at) >= since
    except (TypeError, ValueError):
        return False


def _cannot_write(exc: OSError, where: Path, advice: str) -> int:
    """Say which file could not be written and which option to change; the exit code for bad input."""
    from simulator.paths import display_path

    print(
        f"error: cannot write {display_path(exc.filename or where)} ({exc.strerror or exc}); {advice}",
        file=sys.stderr,
    )
    return EXIT_USAGE


def _rubric_titles(rubric_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Principle and critical-error titles from the shipped rubric, for headings; plain ids when it cannot be read."""
    from simulator.validation.rubric_check import load_rubric

    try:
        rubric = load_rubric(rubric_path)[0]
    except Exception:  # titles are cosmetic; a report must not fail for them
        return {}, {}
    if rubric is None:
        return {}, {}
    critical = getattr(rubric, "critical_errors", {}) or {}
    return (
        {name: p.title for name, p in rubric.principles.items()},
        {cid: getattr(c, "title", cid) for cid, c in critical.items()},
    )
