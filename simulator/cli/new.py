"""``new ID --kind KIND``: write a commented starter scenario that validates and plays."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the new command."""
    parser.add_argument("id", metavar="ID", help="the new scenario's id, such as late_refund (also its file name)")
    parser.add_argument("--kind", required=True, help="the kind of customer, such as irate, venting or website_question")
    parser.add_argument("--difficulty", default="easy", help="easy (default), medium or hard")
    parser.add_argument("--out", metavar="DIR", help="folder to write to (default: scenarios/)")


def schema_ref(target: Path) -> str:
    """The schema's path relative to the folder of ``target``, with forward slashes, for the editor hint."""
    import os

    from simulator.paths import PROJECT_ROOT

    schema = PROJECT_ROOT / "simulator" / "schema" / "scenario.schema.json"
    try:
        rel = os.path.relpath(schema, target.parent.resolve())
    except ValueError:  # another drive on Windows: no relative path exists
        return schema.as_uri()
    return rel.replace(os.sep, "/")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Write DIR/ID.yaml; exit 0 on success, 2 on a bad id, kind, difficulty or an existing file."""
    from simulator.scenario.model import DIFFICULTIES, KINDS
    from simulator.paths import SCENARIOS_DIR, display_path
    from simulator.scenario.problems import did_you_mean
    from simulator.scenario.starter import ID_PATTERN, starter_yaml, suggest_id

    if not ID_PATTERN.match(args.id):
        better = suggest_id(args.id)
        hint = f" (did you mean '{better}'?)" if better else ""
        return _fail(f"'{args.id}' is not a valid id: use lower-case letters, digits and underscores, starting with a letter{hint}")
    if args.kind not in KINDS:
        return _fail(f"unknown kind '{args.kind}'{did_you_mean(args.kind, KINDS)}; kinds are: {', '.join(KINDS)}")
    if args.difficulty not in DIFFICULTIES:
        hint = did_you_mean(args.difficulty, DIFFICULTIES)
        return _fail(f"unknown difficulty '{args.difficulty}'{hint}; use one of {', '.join(DIFFICULTIES)}")
    folder = Path(args.out) if args.out else SCENARIOS_DIR
    if folder.exists() and not folder.is_dir():
        return _fail(f"{display_path(folder)} is a file, not a folder; pass a folder to --out")
    target = folder / f"{args.id}.yaml"
    if target.exists():
        return _fail(f"{display_path(target)} already exists; pick another id or delete the file first (nothing was written)")
    shown = display_path(target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        text = starter_yaml(args.id, args.kind, args.difficulty, schema_ref=schema_ref(target), shown_path=shown)
        with target.open("x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
            fh.write(text)
    except FileExistsError:
        return _fail(f"{display_path(target)} already exists; nothing was written")
    except OSError as exc:
        return _fail(f"cannot write {display_path(target)}: {exc.strerror or exc}; check the folder exists and is writable")
    print(f"Wrote {shown}: a starter '{args.kind}' scenario ({args.difficulty}).")
    print(f"Next: edit it, then run 'python main.py validate --strict {shown}' and 'python main.py play {shown}'.")
    return 0
