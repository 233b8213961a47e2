"""``stats [PATH ...]``: paths, loops, route lengths, score ranges and weak choices of scenarios."""

from __future__ import annotations

import argparse
import sys

from simulator.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

EPILOG = """\
How to read it:
  ceilings and the best route
             found over the routes a call can really take (conditions, flags, details heard,
             once-only choices and the ways out that wait for them, patience; a choice's gains
             count once per call, losses every time); "bounded" where the search had to stop:
             the best route shown is then a real route, but a better one may exist.
  paths      routes of choices from the start to any ending, counted exactly (never listed);
             conditions are taken as satisfiable; where the scenario loops, the choice that
             closes each loop is cut (and listed), so every route counted is finite.
  never worth taking
             a choice whose sibling at the same node scores at least as well on every
             principle and on mood, and better on one, and is open whenever it is (no `if`
             or the same `if`, no `recall` or the same one). Mechanics such as recall count.
             Choices marked `trap: true` are counted, not listed.
  critical errors
             every choice that commits one (its `critical:` list); a call with one cannot pass.
  --deviations
             the best route with one choice changed at a time, each judged as the debrief would.
  endings reached only by bad play
             reachable endings that no route reaches without a bad choice (one that loses
             points on a principle, or is never worth taking) or patience running out.
  best/worst per principle: the most and fewest points any route collects on it.
  overall:   the best route is the one the debrief compares a call with (weighted points,
             each principle scaled by its best); the worst is the lowest route by that same
             measure; both are shown as the debrief scores them.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the stats command."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
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
        "--json", action="store_true", help="print one JSON object per scenario, one per line"
    )
    parser.add_argument(
        "--deviations",
        action="store_true",
        help="take the best route, change one choice at a time (then carry on the best way from there) and list each"
        " changed route's grade, pass or fail, critical errors and outcome",
    )


def run(args: argparse.Namespace) -> int:
    """Analyse every scenario; exit 0 when all could be analysed, 1 when a file has errors, 2 on bad paths."""
    import json
    from pathlib import Path

    from simulator.analysis import analyse
    from simulator.analysis.deviations import (
        DeviationReport,
        deviation_report,
        render_deviations,
    )
    from simulator.analysis.report import render_text
    from simulator.cli.paths_arg import scenario_paths
    from simulator.paths import DEFAULT_RUBRIC
    from simulator.scenario.rubric import Rubric, find_rubric_file
    from simulator.validation.rubric_check import load_rubric
    from simulator.validation.validate import validate_paths

    paths = scenario_paths(args.paths)
    if paths is None:
        return EXIT_USAGE
    reports, _ = validate_paths(paths)
    rubrics: dict[Path, Rubric | None] = {}
    skipped = 0
    first = True
    for report in reports:
        scenario = report.scenario
        if scenario is None:
            skipped += 1
            problem = report.first_error
            reason = str(problem) if problem else f"{report.path}: error: cannot be read"
            print(
                f"{reason}\n{report.path}: skipped; run 'validate {report.path}' for every problem",
                file=sys.stderr,
            )
            continue
        rpath = find_rubric_file(scenario.path, DEFAULT_RUBRIC)
        if rpath not in rubrics:
            rubrics[rpath] = load_rubric(rpath)[0]
        rubric = rubrics[rpath]
        if rubric is None:  # cannot happen: the file validated against this very rubric
            skipped += 1
            continue
        # Build the one report asked for, then print it as JSON or as text.
        found = deviation_report(scenario, rubric) if args.deviations else analyse(scenario, rubric)
        if args.json:
            print(json.dumps(found.to_dict(), ensure_ascii=False))
        else:
            if not first:
                print()
            lines = (
                render_deviations(found)
                if isinstance(found, DeviationReport)
                else render_text(found)
            )
            print("\n".join(lines))
        first = False
    if skipped:
        print(f"{skipped} of {len(reports)} file(s) skipped because of errors", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK
