"""Command line: no arguments starts the game; subcommands serve trainers.

Each subcommand lives in its own module with ``add_arguments(parser)`` and
``run(args) -> int``. Modules import their heavy dependencies inside ``run`` so
that ``--help`` and start-up stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from simulator.cli.exit_codes import EXIT_INTERRUPTED, EXIT_OK

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("simulator.cli.validate", "check scenario files and report every problem"),
    "play": ("simulator.cli.play", "play a scenario in the terminal, or replay a list of choices"),
    "new": ("simulator.cli.new", "write a commented starter scenario"),
    "stats": ("simulator.cli.stats", "paths, endings and score ranges of scenarios"),
    "graph": ("simulator.cli.graph", "draw a scenario's branch map (dot, mermaid, svg, png, pdf)"),
    "report": ("simulator.cli.report", "CSV, HTML and xAPI reports of trainees' progress"),
    "sync": ("simulator.cli.sync", "send finished calls to the training centre's LRS (xAPI)"),
    "voices": (
        "simulator.cli.voices",
        "list the speech engine, its voices and whether audio works",
    ),
    "studio": (
        "simulator.cli.studio",
        "open the Scenario Studio: build and check calls on a map in your browser",
    ),
    "schema": (
        "simulator.cli.schema",
        "print where the scenario schema is, or write a copy for your editor",
    ),
}
GAME_MODULE = "simulator.cli.game"
# Commands that read scenarios by id take --scenarios DIR (the game too); the others have no use for it.
READS_SCENARIOS = frozenset({"", "validate", "play", "stats", "graph"})


def build_parser(name: str, module: str, help_text: str) -> argparse.ArgumentParser:
    """The argument parser of one subcommand."""
    from simulator.paths import program_name

    parser = argparse.ArgumentParser(prog=f"{program_name()} {name}".strip(), description=help_text)
    importlib.import_module(module).add_arguments(parser)
    if name in READS_SCENARIOS:
        parser.add_argument(
            "--scenarios",
            metavar="DIR",
            action="append",
            help="also look for scenarios in DIR (may be repeated); it comes before ./scenarios, "
            "your user scenarios folder and the built-in calls",
        )
    return parser


def _usage() -> str:
    from simulator.paths import program_name, user_scenarios_dir

    prog = program_name()
    lines = [
        f"usage: {prog} [SCENARIO] [--start-at NODE] [--demo ...] [--scenarios DIR]  (starts the game)",
        f"       {prog} COMMAND [ARGS]",
        "",
        "commands:",
    ]
    lines += [f"  {name:<10} {help_text}" for name, (_, help_text) in COMMANDS.items()]
    lines += [
        "",
        f"Run '{prog} COMMAND --help' for a command's options, '{prog} --help-game' for the game's.",
        "",
        "Scenarios are read from --scenarios DIR, ./scenarios, your user scenarios folder",
        f"({user_scenarios_dir()}) and the built-in calls, in that order.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python main.py`` and the ``on-the-line`` console script."""
    from simulator.paths import use_scenario_folders

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-h", "--help", "help"):
        try:
            print(_usage())
        except BrokenPipeError:
            _silence_stdout()
        return EXIT_OK
    if args and args[0] in COMMANDS:
        name = args.pop(0)
        module, help_text = COMMANDS[name]
    else:
        name, module, help_text = (
            "",
            GAME_MODULE,
            "Start the game (optionally at a scenario and node).",
        )
        if args and args[0] == "--help-game":
            args = ["--help"]
    parser = build_parser(name, module, help_text)
    try:
        parsed = parser.parse_args(args)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    # Set (or cleared) on every call: an earlier in-process call must not leak its folders into this one.
    use_scenario_folders(getattr(parsed, "scenarios", None))
    try:
        return int(importlib.import_module(module).run(parsed))
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): stop quietly, like other Unix tools.
        _silence_stdout()
        return EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush cannot raise again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
