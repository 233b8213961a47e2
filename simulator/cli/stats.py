"""``stats [PATH ...]``: paths, loops, route lengths, score ranges and weak choices of scenarios."""

from __future__ import annotations

import argparse
import sys


EPILOG = """\
How to read it:
  paths      routes of choices from the start to any ending, counted exactly (never listed);
             conditions are taken as satisfiable; where the scenario loops, the choice that
             closes each loop is cut (and listed), so every route counted is finite.
  never worth taking
             a choice whose sibling at the same node scores at least as well on every
             principle and on mood, and better on one, and is open whenever it is (no `if`
             or the same `if`, no `recall` or the same one). Mechanics such as recall count.
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
    parser.add_argument("paths", nargs="*", metavar="PATH", help="scenario files, folders or ids (default: every scenario folder: --scenarios DIR, ./scenarios, yours, the built-in calls)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per scenario, one per line")


def run(args: argparse.Namespace) -> int:
    """Analyse every scenario; exit 0 when all could be analysed, 1 when a file has errors, 2 on bad paths."""
    import json
    from pathlib import Path

    from simulator.analysis import analyse
    from simulator.analysis.report import render_text
    from simulator.cli.paths_arg import scenario_paths
    from simulator.paths import DEFAULT_RUBRIC
    from simulator.scenario.rubric import Rubric, find_rubric_file
    from simulator.validation.rubric_check import load_rubric
    from simulator.validation.validate import validate_paths

    paths = scenario_paths(args.paths)
    if paths is None:
        return 2
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
            print(f"{reason}\n{report.path}: skipped; run 'validate {report.path}' for every problem", file=sys.stderr)
            continue
        rpath = find_rubric_file(scenario.path, DEFAULT_RUBRIC)
        if rpath not in rubrics:
            rubrics[rpath] = load_rubric(rpath)[0]
        rubric = rubrics[rpath]
        if rubric is None:  # cannot happen: the file validated against this very rubric
            skipped += 1
            continue
        stats = analyse(scenario, rubric)
        if args.json:
            print(json.dumps(stats.to_dict(), ensure_ascii=False))
        else:
            if not first:
                print()
            print("\n".join(render_text(stats)))
        first = False
    if skipped:
        print(f"{skipped} of {len(reports)} file(s) skipped because of errors", file=sys.stderr)
        return 1
    return 0
