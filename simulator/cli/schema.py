"""``schema [--write DIR]``: where the scenario schema is, or a copy of it for an editor to use.

Scenario files name their schema in a first-line comment for the YAML language server. A built-in
file's link points into the installed package; ``new`` writes a link that works from wherever the
new file is. ``schema --write .`` puts a copy beside your own scenarios, so
``$schema=scenario.schema.json`` keeps working if the installation moves.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.exit_codes import EXIT_OK, EXIT_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the schema command."""
    parser.add_argument(
        "--write",
        metavar="DIR",
        help="write a copy of scenario.schema.json into DIR and print its path",
    )
    parser.add_argument(
        "--rubric", action="store_true", help="the rubric's schema instead of the scenario's"
    )


def run(args: argparse.Namespace) -> int:
    """Print the schema's path (0), or write a copy into DIR (0; 2 when DIR cannot be written)."""
    import shutil

    from simulator.paths import RUBRIC_SCHEMA, SCENARIO_SCHEMA, display_path

    source = RUBRIC_SCHEMA if args.rubric else SCENARIO_SCHEMA
    if not args.write:
        print(source)
        return EXIT_OK
    folder = Path(args.write)
    if folder.exists() and not folder.is_dir():
        print(
            f"error: {display_path(folder)} is a file, not a folder; pass a folder to --write",
            file=sys.stderr,
        )
        return EXIT_USAGE
    target = folder / source.name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    except OSError as exc:
        print(f"error: cannot write {display_path(target)}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Wrote {display_path(target)}. Scenario files in that folder can start with:")
    print(f"# yaml-language-server: $schema={source.name}")
    return EXIT_OK
