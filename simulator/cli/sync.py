"""``sync``: send the calls waiting in a progress file to the training centre's LRS, and say what is left.

Exit codes: 0 everything is in the LRS; 1 calls are still waiting (the LRS could not be reached or
failed) or the LRS refused some for good (parked); 2 bad usage (no LRS set up, unusable file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the sync command."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the progress database to sync (default: this computer's progress.db)",
    )
    parser.add_argument(
        "--lrs",
        metavar="URL",
        help="the LRS's xAPI endpoint, instead of the one in lrs.toml (credentials still come "
        "from lrs.toml or the environment, never from the command line)",
    )
    parser.epilog = (
        "The LRS is set up in lrs.toml in your user config folder (ON_THE_LINE_CONFIG_DIR moves it); "
        "see the README's 'Training centre' section."
    )


def run(args: argparse.Namespace) -> int:
    """Send what is queued; print what was sent, what waits and why."""
    from simulator.lrs.config import ConfigError, config_path, load_config
    from simulator.lrs.sync import open_outbox, sync_once
    from simulator.paths import display_path
    from simulator.store import outbox
    from simulator.store.base import StoreError
    from simulator.store.open import default_db_path

    warnings: list[str] = []
    try:
        config = load_config(args.lrs, warnings=warnings)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if config is None:
        print(
            f"error: no LRS is set up: write {display_path(config_path())} (see the README's "
            "'Training centre' section) or give --lrs URL",
            file=sys.stderr,
        )
        return 2
    path = Path(args.db) if args.db else default_db_path()
    if not path.is_file():
        print(
            f"error: no progress database at {display_path(path)}: play a call first, or name "
            "the file with --db PATH",
            file=sys.stderr,
        )
        return 2
    try:
        conn = open_outbox(path)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        result = sync_once(conn, config)
        refused = outbox.parked(conn)
        total_parked = outbox.counts(conn).parked
    finally:
        conn.close()
    if result.queued:
        print(f"queued {result.queued} earlier call(s) played before the LRS was set up")
    had = f" ({result.already} were already there)" if result.already else ""
    print(f"sent {result.sent} call(s) to {config.endpoint}{had}")
    print(f"{result.waiting} call(s) waiting to sync")
    if result.error:
        print(f"error: {result.error}", file=sys.stderr)
    if total_parked:
        print(
            f"{total_parked} call(s) parked: the LRS refused them and they are not sent again "
            "(they stay in the progress file):",
            file=sys.stderr,
        )
        for statement_id, reason in refused:
            print(f"  {statement_id}: {reason}", file=sys.stderr)
    return 0 if result.error is None and total_parked == 0 and result.waiting == 0 else 1
