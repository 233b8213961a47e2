"""``graph SCENARIO``: the branch map as DOT or Mermaid text, or drawn to SVG/PNG/PDF with Graphviz."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

FORMATS = ("dot", "mermaid")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the graph command."""
    parser.add_argument(
        "scenario",
        metavar="SCENARIO",
        help=(
            "a scenario id (from --scenarios DIR, ./scenarios, your scenarios folder or the "
            "built-in calls) or a path to a file"
        ),
    )
    parser.add_argument(
        "--format", choices=FORMATS, help="text to write: dot (Graphviz, the default) or mermaid"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=(
            "write here instead of printing: .svg, .png or .pdf is drawn with Graphviz's dot; "
            ".dot, .gv, .mmd or .md is written as text"
        ),
    )


def run(args: argparse.Namespace) -> int:
    """Write the map; exit 0 when written, 2 on a bad scenario, path or missing Graphviz, 1 if dot fails."""
    from simulator.analysis.branch_map import to_dot, to_mermaid
    from simulator.validation.library import ScenarioNotFound, load_scenario

    out = Path(args.output) if args.output else None
    suffix = out.suffix.lower().lstrip(".") if out else ""
    fmt, problem = _format_for(out, suffix, args.format)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        scenario, rubric, report = load_scenario(args.scenario)
    except ScenarioNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if scenario is None or rubric is None:
        for p in report.problems:
            if p.is_error:
                print(p, file=sys.stderr)
        print(
            f"{report.path}: cannot draw this scenario until its errors are fixed (see 'validate')",
            file=sys.stderr,
        )
        return EXIT_USAGE
    text = to_mermaid(scenario, rubric) if fmt == "mermaid" else to_dot(scenario, rubric)
    if out is None:
        sys.stdout.write(text)
        return EXIT_OK
    return _write(text, out, suffix)


def _format_for(out: Path | None, suffix: str, asked: str | None) -> tuple[str, str]:
    """The format to write, and the error when the output's name and ``--format`` disagree."""
    from simulator.analysis.branch_map import RENDERED, TEXT_SUFFIXES

    if out is not None and suffix not in RENDERED and suffix not in TEXT_SUFFIXES:
        # Anything else would get DOT text under a name that promises something else.
        what = f"a .{suffix} file" if suffix else "a file without an extension"
        return "", (
            f"{out}: cannot write the branch map as {what}; use .svg, .png or .pdf (drawn with "
            "Graphviz), .dot or .gv (Graphviz text), or .mmd or .md (Mermaid text)"
        )
    fmt = asked or TEXT_SUFFIXES.get(suffix, "dot")
    if out is not None and suffix in RENDERED and fmt != "dot":
        return fmt, (
            f"{out}: only the dot format can be drawn as {suffix}; drop --format mermaid, "
            f"or write {out.with_suffix('.mmd')}"
        )
    if out is not None and suffix in TEXT_SUFFIXES and fmt != TEXT_SUFFIXES[suffix]:
        right = ".mmd or .md" if fmt == "mermaid" else ".dot or .gv"
        return fmt, (
            f"{out}: .{suffix} holds {TEXT_SUFFIXES[suffix]} text, not {fmt}; drop --format "
            f"or name the file {right}"
        )
    return fmt, ""


def _write(text: str, out: Path, suffix: str) -> int:
    """Draw the map with Graphviz or write it as text, and say where; the command's exit code."""
    from simulator.analysis.branch_map import RENDERED, GraphvizFailed, GraphvizMissing, render

    if not out.parent.is_dir():
        print(
            f"error: {out}: folder {out.parent} does not exist; create it or choose another path",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if suffix in RENDERED:
        try:
            render(text, out, suffix)
        except GraphvizMissing as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except GraphvizFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
    else:
        if suffix == "md":  # Markdown viewers draw Mermaid only inside a fenced block
            text = f"```mermaid\n{text}```\n"
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"error: {out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK
