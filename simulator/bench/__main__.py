"""Run every benchmark, print a table, write bench-results.json; exit 1 when a budget is missed."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import traceback
from pathlib import Path

from simulator.bench import Metric
from simulator.bench.display import ensure_display

# Each module has `measure() -> list[Metric]`.
SUITES: tuple[str, ...] = (
    "simulator.bench.validation",
    "simulator.bench.analysis",
    "simulator.bench.speech",
    "simulator.bench.ui",
    "simulator.bench.store",
    "simulator.bench.lrs",
    "simulator.bench.studio",
    "simulator.bench.voice_ui",
    "simulator.bench.listen",
)


def _fmt(x: float | None, unit: str = "") -> str:
    if x is None:
        return "-"
    return f"{x:.3g}{unit}"


def table(metrics: list[Metric]) -> str:
    """The results as an aligned text table."""
    rows = [("metric", "value", "cpu", "budget", "anchor", "ratio", "ok")]
    for m in metrics:
        budget = (
            "-"
            if m.budget is None
            else (
                f"ratio <= {m.budget:g}" if m.budget_on == "ratio" else f"<= {m.budget:g} {m.unit}"
            )
        )
        anchor = "-" if m.anchor is None else f"{_fmt(m.anchor)} {m.unit} ({m.anchor_name})"
        ok = "-" if m.budget is None else {True: "ok", False: "OVER", None: "n/a"}[m.ok]
        cpu = "-" if m.cpu is None else f"{m.cpu:.3g} s"
        rows.append((m.name, f"{_fmt(m.value)} {m.unit}", cpu, budget, anchor, _fmt(m.ratio), ok))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


def main(argv: list[str] | None = None) -> int:
    """Run the suites named (default: all)."""
    parser = argparse.ArgumentParser(prog="python -m simulator.bench")
    parser.add_argument(
        "suites",
        nargs="*",
        help="only these suites (validation, analysis, speech, ui, store); each runs on its own",
    )
    parser.add_argument("--out", default="bench-results.json")
    parser.add_argument(
        "--update-doc",
        metavar="MD",
        help="replace the results table in this Markdown file (e.g. docs/performance.md)",
    )
    args = parser.parse_args(argv)
    chosen = [s for s in SUITES if not args.suites or s.rsplit(".", 1)[1] in args.suites]
    metrics: list[Metric] = []
    xvfb, note = ensure_display()
    print(note, file=sys.stderr)
    try:
        code = _run(chosen, metrics, args.out)
        if args.update_doc:
            update_doc(Path(args.update_doc), metrics, note, args.suites)
        return code
    finally:
        if xvfb is not None:
            xvfb.terminate()


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def markdown(metrics: list[Metric]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| metric | value | cpu (user+sys) | budget | anchor | ratio | ok |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in metrics:
        budget = (
            "-"
            if m.budget is None
            else (f"ratio ≤ {m.budget:g}" if m.budget_on == "ratio" else f"≤ {m.budget:g} {m.unit}")
        )
        anchor = "-" if m.anchor is None else f"{_fmt(m.anchor)} {m.unit} ({m.anchor_name})"
        ok = "-" if m.budget is None else {True: "ok", False: "**over**", None: "n/a"}[m.ok]
        cpu = "-" if m.cpu is None else f"{m.cpu:.3g} s"
        lines.append(
            f"| {m.name} | {_fmt(m.value)} {m.unit} | {cpu} | {budget} | {anchor} | {_fmt(m.ratio)} | {ok} |"
        )
    return "\n".join(lines)


def update_doc(
    path: Path, metrics: list[Metric], display_note: str, suites: list[str] | None = None
) -> None:
    """Put the latest figures between the bench markers of ``path``.

    Rows of metrics measured now replace the rows of the same name; rows of suites not run now
    stay as they were, so one suite re-run on a quieter machine updates its own rows only.
    """
    import datetime
    import platform

    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{path}: no {BEGIN} ... {END} markers; table not written", file=sys.stderr)
        return
    when = datetime.date.today().isoformat()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    ran = ", ".join(suites) if suites else "all suites"
    head = (
        f"Latest run ({ran}): {when} on {platform.machine()} with Python "
        f"{platform.python_version()}, {os.cpu_count()} cores, load average {load} at the end; "
        f"{display_note}."
    )
    before, rest = text.split(BEGIN, 1)
    old, after = rest.split(END, 1)
    fresh = markdown(metrics).splitlines()
    new_rows = {line.split("|")[1].strip(): line for line in fresh[2:]}
    rows: list[str] = []
    heads: list[str] = []
    for line in old.strip().splitlines():
        if not line.startswith("| "):
            if line.strip() and not line.startswith("|") and suites:
                heads.append(line.strip())  # an earlier run's line, for the rows it measured
            continue
        cells = line.split("|")
        name = cells[1].strip()
        if name == "metric":
            continue
        if len(cells) == 8:  # a row from before the cpu column
            cells.insert(3, " - ")
            line = "|".join(cells)
        rows.append(new_rows.pop(name, line))
    rows += new_rows.values()
    earlier = [h for h in heads if not h.startswith(f"Latest run ({ran})")]
    lines = [
        head,
        *(f"Earlier: {h.removeprefix('Earlier: ')}" for h in earlier[:3]),
        "",
        *fresh[:2],
        *rows,
    ]
    path.write_text(f"{before}{BEGIN}\n" + "\n".join(lines) + f"\n{END}{after}", encoding="utf-8")


def _run(chosen: list[str], metrics: list[Metric], out: str) -> int:
    """Run each suite, print the table, write ``out``; 1 when any budget is missed."""
    for name in chosen:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            metrics.extend(importlib.import_module(name).measure())
        except Exception as exc:  # a broken suite must show up as a failure, not hide the rest
            traceback.print_exc()
            label = name.rsplit(".", 1)[1] + " (crashed)"
            metrics.append(Metric(label, float("inf"), "", 0.0, note=repr(exc)))
    print(table(metrics))
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    for m in metrics:
        if m.note:
            print(f"  note: {m.name}: {m.note}")
    Path(out).write_text(
        json.dumps([m.to_dict() for m in metrics], indent=2) + "\n", encoding="utf-8"
    )
    missed = [m.name for m in metrics if m.ok is False]
    if missed:
        print(f"over budget: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
