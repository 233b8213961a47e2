"""A training centre's scale, measured the way a trainer and a trainee meet it: real processes, real files.

Progress files of 0, 10,000 and 100,000 calls are built through the real schema
(:mod:`simulator.bench.progress_db`); in the larger ones one trainee, "Sam", has a twentieth of
the calls (5,000 of 100,000). The game is started in a fresh interpreter with the real SQLite
store and the real speech worker, and timed from launch to a scenario list drawn and ready for
input, then to the progress screen; ``report`` runs as the real command (CSV, HTML and xAPI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from simulator.bench import Metric
from simulator.bench.progress_db import build_progress_db
from simulator.paths import PROJECT_ROOT

START_BUDGET_S = 1.0
START_RSS_BUDGET_MB = 150.0
START_RATIO_BUDGET = 1.2  # against the same start on an empty progress file
PROGRESS_BUDGET_S = 0.3
BACK_BUDGET_S = 0.1  # "milliseconds": a call written, the list drawn again
REPORT_BUDGET_S = 10.0
REPORT_RSS_BUDGET_MB = 250.0
REPORT_HTML_BUDGET_MB = 2.0
REPORT_GROWTH_BUDGET = 11.0  # 10x the calls for at most 11x the time
SIZES = (0, 10_000, 100_000)
HEAVY = "Sam"


def _child_rss(
    cmd: list[str], env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], float, float, float]:
    """Run ``cmd``; its output, wall seconds, peak RSS in MB and CPU seconds (user + system).

    A wrapper process waits for it alone, so the rusage of its children is the command's own.
    """
    wrapper = (
        "import resource, subprocess, sys, json; d = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(json.dumps([d.returncode, d.stdout, d.stderr, u.ru_maxrss, u.ru_utime + u.ru_stime]))"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    wall = time.perf_counter() - started
    code, out, err, rss_kb, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return subprocess.CompletedProcess(cmd, code, out, err), wall, rss_kb / 1024, cpu


def fresh_copy(db: Path) -> Path:
    """A copy of ``db`` for one game start, made before the clock starts.

    The probe records a call (to time the way back to the list): on the built file, each start
    would find one call more than the last, and the report would read them too.
    """
    run = db.with_name(f"{db.stem}-run{db.suffix}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{run}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, run)
    wal = Path(f"{db}-wal")
    if (
        wal.exists()
    ):  # never, once the builder closed it; copied all the same, to stay the same file
        shutil.copyfile(wal, Path(f"{run}-wal"))
    return run


def _start(db: Path, cache: Path) -> tuple[dict[str, Any] | None, str]:
    """One game start on a fresh copy of ``db``: the probe's figures, or None and why not."""
    db = fresh_copy(db)
    env = {
        **os.environ,
        "SDL_AUDIODRIVER": "dummy",
        "PYGAME_HIDE_SUPPORT_PROMPT": "1",
        "ON_THE_LINE_CACHE_DIR": str(cache),
    }
    done, _, rss, cpu = _child_rss(
        [sys.executable, "-m", "simulator.bench.ui", "start-db", str(db), HEAVY, str(time.time())],
        env,
    )
    if done.returncode != 0:
        return None, (done.stderr.strip().splitlines() or ["failed"])[-1]
    data = json.loads(done.stdout.strip().splitlines()[-1])
    data["rss_mb"] = rss
    data["cpu_s"] = cpu
    return data, ""


def measure() -> list[Metric]:
    """Game start, progress screen and back to the list at 0, 10k and 100k calls; report at 10k and 100k."""
    metrics: list[Metric] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dbs = {}
        for size in SIZES:
            dbs[size] = build_progress_db(
                folder / f"progress-{size}.db",
                size,
                heavy_trainee=HEAVY if size else None,
                heavy_calls=size // 20,
            )
        # The first progress screen after an install searches each scenario's best route for
        # the training plan (then remembered in the cache folder): measured once, from cold.
        cache = folder / "cache"
        cold, cold_error = _start(dbs[SIZES[-1]], cache)
        metrics.append(
            Metric(
                f"progress screen, first open after an install, {SIZES[-1]:,} calls",
                cold["progress_s"] if cold else None,
                "s",
                None,
                cpu=cold.get("progress_cpu_s") if cold else None,
                note=cold_error
                or "each scenario's best route searched once for the training plan, then cached",
            )
        )
        starts: dict[int, dict[str, Any] | None] = {}
        errors: dict[int, str] = {}
        for size in SIZES:
            runs = [_start(dbs[size], cache) for _ in range(3)]
            good = [r for r, _ in runs if r]
            starts[size] = min(good, key=lambda r: r["ready_s"]) if good else None
            errors[size] = next((e for _, e in runs if e), "")
        empty = starts[0]["ready_s"] if starts[0] else None
        for size in SIZES:
            s = starts[size]
            label = f"{size:,} calls" if size else "empty file"
            cpu = s["cpu_s"] if s else None
            metrics.append(
                Metric(
                    f"game start to scenario list, {label}",
                    s["ready_s"] if s else None,
                    "s",
                    START_RATIO_BUDGET if size else START_BUDGET_S,
                    budget_on="ratio" if size else "value",
                    anchor=empty if size else None,
                    anchor_name="the same start, empty file",
                    cpu=cpu,
                    note=errors[size]
                    or (
                        f"{HEAVY} has {s['calls']:,} calls; real SQLite store; {s['voice']}; best of 3; "
                        "cpu is the whole probe process (start, progress, a call written, back)"
                        if s
                        else ""
                    ),
                )
            )
            if size == SIZES[-1]:
                metrics.append(
                    Metric(
                        f"game start to scenario list (seconds), {label}",
                        s["ready_s"] if s else None,
                        "s",
                        START_BUDGET_S,
                        cpu=cpu,
                        note=errors[size],
                    )
                )
            metrics.append(
                Metric(
                    f"game peak RSS at the scenario list, {label}",
                    s["rss_mb"] if s else None,
                    "MB",
                    START_RSS_BUDGET_MB,
                    note=errors[size] or "game process; the speech worker is its own process",
                )
            )
            metrics.append(
                Metric(
                    f"progress screen, {label}",
                    s["progress_s"] if s else None,
                    "s",
                    PROGRESS_BUDGET_S,
                    cpu=s.get("progress_cpu_s") if s else None,
                    note=errors[size],
                )
            )
            if size:
                metrics.append(
                    Metric(
                        f"back to the scenario list after a call, {label}",
                        s.get("back_s") if s else None,
                        "s",
                        BACK_BUDGET_S,
                        cpu=s.get("back_cpu_s") if s else None,
                        note=errors[size] or "a call written, then the list's grades read again",
                    )
                )
        times: dict[int, float | None] = {}
        cpus: dict[int, float | None] = {}
        for size in SIZES[1:]:
            out = folder / f"report-{size}"
            cmd = [
                sys.executable,
                str(PROJECT_ROOT / "main.py"),
                "report",
                "--db",
                str(dbs[size]),
                "--out",
                str(out),
                "--xapi",
                str(out / "statements.json"),
            ]
            done, wall, rss, cpu = _child_rss(cmd, dict(os.environ))
            ok = done.returncode == 0
            times[size] = wall if ok else None
            cpus[size] = cpu if ok else None
            note = "" if ok else (done.stderr.strip().splitlines() or ["failed"])[-1]
            metrics.append(
                Metric(
                    f"report (CSV, HTML, xAPI), {size:,} calls",
                    times[size],
                    "s",
                    REPORT_BUDGET_S,
                    cpu=cpus[size],
                    note=note,
                )
            )
            metrics.append(
                Metric(
                    f"report peak RSS, {size:,} calls",
                    rss if ok else None,
                    "MB",
                    REPORT_RSS_BUDGET_MB,
                    note=note,
                )
            )
            html = out / "report.html"
            metrics.append(
                Metric(
                    f"report.html size, {size:,} calls",
                    html.stat().st_size / 1e6 if html.exists() else None,
                    "MB",
                    REPORT_HTML_BUDGET_MB,
                    note=note,
                )
            )
        small, large = times.get(SIZES[1]), times.get(SIZES[2])
        metrics.append(
            Metric(
                "report time growth, 10x the calls",
                large,
                "s",
                REPORT_GROWTH_BUDGET,
                budget_on="ratio",
                anchor=small,
                anchor_name=f"report on {SIZES[1]:,} calls",
                cpu=cpus.get(SIZES[2]),
                note=(
                    f"CPU growth {cpus[SIZES[2]] / cpus[SIZES[1]]:.2f}x"  # type: ignore[operator]
                    if cpus.get(SIZES[1]) and cpus.get(SIZES[2])
                    else ""
                ),
            )
        )
    return metrics


if __name__ == "__main__":
    # python -m simulator.bench.store: this suite alone (as python -m simulator.bench store)
    from simulator.bench.__main__ import main

    sys.exit(main(["store", *sys.argv[1:]]))
