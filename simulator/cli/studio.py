"""``studio [DIR]``: open the Scenario Studio, a local web page to build and check calls on a map."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the studio command."""
    parser.add_argument(
        "folder",
        nargs="?",
        metavar="DIR",
        help="the scenarios folder to work on (default: ./scenarios when it exists, else your "
        "scenarios folder in the user data folder)",
    )
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="print the address instead of opening the default browser",
    )


def default_folder() -> Path:
    """The scenarios folder in use: ./scenarios when there is one, else the user's own folder."""
    from simulator.paths import user_scenarios_dir

    here = Path.cwd() / "scenarios"
    return here if here.is_dir() else Path(user_scenarios_dir())


def run(args: argparse.Namespace) -> int:
    """Serve the studio until Ctrl+C; exit 2 when the folder cannot be used."""
    from simulator.cli.new import inside_installation
    from simulator.paths import display_path
    from simulator.studio.serve import bind, make_server

    folder = Path(args.folder) if args.folder else default_folder()
    if args.folder is None:
        folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        print(
            f"error: {display_path(folder)} is not a folder; pass the folder holding your scenarios",
            file=sys.stderr,
        )
        return 2
    if inside_installation(folder):
        print(
            f"error: {display_path(folder)} is inside the installed program, which an upgrade "
            "replaces; open the studio on your own folder",
            file=sys.stderr,
        )
        return 2
    sock, address = bind()
    server = make_server(folder, address)
    print(f"Scenario Studio for {display_path(folder)}", flush=True)
    print(f"Open {address.url}", flush=True)
    print("Only this computer can reach it, with that address. Ctrl+C stops it.", flush=True)
    if not args.no_browser:
        import webbrowser

        if not webbrowser.open(address.url):
            print("(No browser could be started: open the address above.)", flush=True)
    server.run(sockets=[sock])
    return 0
