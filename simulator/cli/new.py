"""``new ID --kind KIND``: write a commented starter scenario that validates and plays."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.exit_codes import EXIT_OK, EXIT_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the new command."""
    parser.add_argument(
        "id", metavar="ID", help="the new scenario's id, such as late_refund (also its file name)"
    )
    parser.add_argument(
        "--kind",
        required=True,
        help="the kind of customer, such as irate, venting or website_question",
    )
    parser.add_argument("--difficulty", default="easy", help="easy (default), medium or hard")
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="folder to write to (default: ./scenarios when it exists, else the current folder)",
    )


def default_folder(cwd: Path | None = None) -> Path:
    """Where ``new`` writes without --out: the working directory's scenarios/ (which the game lists) when it
    exists, else the working directory itself. Never the installation."""
    here = Path.cwd() if cwd is None else cwd
    return here / "scenarios" if (here / "scenarios").is_dir() else here


def schema_ref(target: Path) -> str:
    """The editor hint's schema link for a file written at ``target`` (see ``starter.schema_link``)."""
    from simulator.scenario.starter import schema_link

    return schema_link(target)


def inside_installation(folder: Path) -> bool:
    """True when ``folder`` is in the installed package's data (never written: an upgrade would wipe it)."""
    from simulator.paths import DATA_ROOT, is_checkout

    if is_checkout():
        return False  # a checkout's scenarios/ is the trainer's own working copy
    try:
        folder.resolve().relative_to(DATA_ROOT.resolve().parent)
    except ValueError:
        return False
    return True


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    """Write DIR/ID.yaml; exit 0 on success, 2 on a bad id, kind, difficulty or an existing file."""
    from simulator.paths import display_path, program_name, scenario_sources
    from simulator.scenario.model import DIFFICULTIES, KINDS
    from simulator.scenario.problems import did_you_mean
    from simulator.scenario.starter import ID_PATTERN, starter_yaml, suggest_id

    if not ID_PATTERN.match(args.id):
        better = suggest_id(args.id)
        hint = f" (did you mean '{better}'?)" if better else ""
        return _fail(
            f"'{args.id}' is not a valid id: use lower-case letters, digits and underscores, "
            f"starting with a letter, at most 64 characters{hint}"
        )
    if args.kind not in KINDS:
        return _fail(
            f"unknown kind '{args.kind}'{did_you_mean(args.kind, KINDS)}; kinds are: {', '.join(KINDS)}"
        )
    if args.difficulty not in DIFFICULTIES:
        hint = did_you_mean(args.difficulty, DIFFICULTIES)
        return _fail(
            f"unknown difficulty '{args.difficulty}'{hint}; use one of {', '.join(DIFFICULTIES)}"
        )
    folder = Path(args.out) if args.out else default_folder()
    if inside_installation(folder):
        return _fail(
            f"{display_path(folder)} is inside the installed program, which an upgrade replaces; "
            "write to your own folder with --out DIR"
        )
    if folder.exists() and not folder.is_dir():
        return _fail(f"{display_path(folder)} is a file, not a folder; pass a folder to --out")
    target = folder / f"{args.id}.yaml"
    if target.exists():
        return _fail(
            f"{display_path(target)} already exists; pick another id or delete the file first (nothing was written)"
        )
    shown = display_path(target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        text = starter_yaml(
            args.id, args.kind, args.difficulty, schema_ref=schema_ref(target), shown_path=shown
        )
        with target.open("x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
            fh.write(text)
    except FileExistsError:
        return _fail(f"{display_path(target)} already exists; nothing was written")
    except OSError as exc:
        return _fail(
            f"cannot write {display_path(target)}: {exc.strerror or exc}; check the folder exists and is writable"
        )
    prog = program_name()
    print(f"Wrote {shown}: a starter '{args.kind}' scenario ({args.difficulty}).")
    print(f"Next: edit it, then run '{prog} validate --strict {shown}' and '{prog} play {shown}'.")
    listed = any(_inside(target, s.folder) for s in scenario_sources())
    if not listed:
        print(
            f"The game lists it with '{prog} --scenarios {display_path(folder)}', or move it into ./scenarios."
        )
    return EXIT_OK


def _inside(path: Path, folder: Path) -> bool:
    """True when ``path`` is in ``folder`` or below it."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
