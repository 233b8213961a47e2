"""``validate [PATH ...]``: report every problem in scenario files, sorted."""

from __future__ import annotations

import argparse
import sys

from simulator.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the validate command."""
    from simulator.validation.output import FORMATS

    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=(
            "scenario files, folders or ids (default: every scenario folder: --scenarios DIR, "
            "./scenarios, yours, the built-in calls)"
        ),
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="standard",
        help="standard: file:line:col lines; context: with the source line; github: annotations",
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="print problems only, no summary"
    )


def run(args: argparse.Namespace) -> int:
    """Validate and print; exit 0 clean, 1 on errors (or warnings with --strict), 2 on bad paths."""
    from simulator.cli.paths_arg import scenario_paths
    from simulator.validation.output import render
    from simulator.validation.validate import validate_paths

    paths = scenario_paths(args.paths)
    if paths is None:
        return EXIT_USAGE
    reports, extra = validate_paths(paths, keep_scenarios=False)
    problems = sorted({*extra, *(p for r in reports for p in r.problems)})
    for line in render(problems, args.format):
        print(line)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not args.quiet and args.format != "github":
        files = len(reports)
        bad = sum(not r.ok for r in reports)
        summary = f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)"
        if bad:
            summary += f"; {bad} file(s) cannot be played until fixed"
        print(summary, file=sys.stderr)
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK
