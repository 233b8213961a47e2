"""The Scenario Studio on a 300-node call: opening it to an interactive map, re-checking an edit.

The real path: ``python main.py studio DIR --no-browser`` in its own process, Debian's chromium
(headless) through chromedriver, and a generated 300-node scenario file in DIR. Opening is timed
from the browser asking for the page to every box of the map drawn and the page ready for
clicks; re-checking from the page sending its edited call to the server to the problems coming
back (the validator of ``validate --strict`` over the whole call), as the page does after an edit.
"""

from __future__ import annotations

import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from simulator.bench import Metric
from simulator.bench.validation import HEADER, _sentence
from simulator.paths import PROJECT_ROOT

NODES = 300
OPEN_BUDGET_S = 1.5
CHECK_BUDGET_MS = 100.0
RUNS = 5
_PRINCIPLES = ("listening", "empathy", "no_blame", "resolution", "follow_up", "composure")


def big_call(nodes: int = NODES, seed: int = 7) -> dict[str, Any]:
    """A valid call of ``nodes`` nodes, three choices each, every node and ending reachable."""
    rng = random.Random(seed)
    ids = [f"step_{i}" for i in range(nodes)]
    endings = ["resolved_well", "resolved_plain", "hung_up"]
    node_docs: dict[str, Any] = {}
    for i, nid in enumerate(ids):
        later = ids[i + 1 : i + 6] or endings
        choices = []
        for c in range(3):
            choices.append(
                {
                    "text": _sentence(rng),
                    "effects": {p: rng.choice((-2, -1, 1, 2)) for p in rng.sample(_PRINCIPLES, 2)},
                    "mood": rng.randint(-20, 20),
                    "feedback": _sentence(rng, 10, 25),
                    "next": later[0] if c == 0 else rng.choice(later + endings),
                }
            )
        node_docs[nid] = {"say": _sentence(rng, 8, 30), "choices": choices}
    return {
        "id": "big_call",
        "title": "A very long call",
        "summary": "Three hundred decisions, for the studio's benchmark.",
        "kind": "long_investigation",
        "difficulty": "hard",
        "teaches": ["listening", "resolution"],
        "persona": {"name": "Sam Rivera", "mood": -20, "patience": 100},
        "start": ids[0],
        "nodes": node_docs,
        "endings": {
            e: {"outcome": "hung_up" if e == "hung_up" else "resolved", "summary": _sentence(rng)}
            for e in endings
        },
    }


def _start_studio(folder: Path) -> tuple[subprocess.Popen[str], str, float]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(PROJECT_ROOT / "main.py"), "studio", str(folder), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        found = re.search(r"Open (http://\S+)", line)
        if found:
            return proc, found.group(1), time.perf_counter() - started
    proc.wait()
    raise RuntimeError("the studio printed no address")


def _cpu(pid: int) -> float:
    """CPU seconds process ``pid`` has used (user + system), from /proc; 0 where there is none."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _browser() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1440,900"):
        options.add_argument(arg)
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver), options=options)


# Resolves when the map shows every box and the page is ready: what "interactive" means here.
_MAP_READY = """
const [want, done] = arguments;
const tick = () => {
  if (document.body.dataset.ready && document.querySelectorAll('#map .box').length === want) done(true);
  else requestAnimationFrame(tick);
};
tick();
"""

# Resolves once the stats pane has figures and the server knows whether saving is exact.
_IDLE = """
const done = arguments[arguments.length - 1];
const tick = async () => {
  const v = await (await fetch('api/version?name=big_call.yaml')).json();
  if (v.exact !== null && document.getElementById('stats-paths')) done(true);
  else setTimeout(tick, 100);
};
tick();
"""

# One re-check as the page makes it after an edit: the whole call to the server, problems back.
_RECHECK = """
const done = arguments[arguments.length - 1];
(async () => {
  const select = document.getElementById('file');
  const data = await (await fetch('api/file?name=big_call.yaml')).json();
  const times = [], cpu = [];
  for (let i = 0; i < arguments[0]; i++) {
    data.data.nodes.step_150.choices[0].text = 'Edited line ' + i;
    const t0 = performance.now();
    const r = await fetch('api/check', {method: 'POST', headers: {'content-type': 'application/json'},
      body: JSON.stringify({name: 'big_call.yaml', data: data.data})});
    const body = await r.json();
    times.push(performance.now() - t0);
    cpu.push(body.cpu_ms);
    if (!r.ok || body.problems.some((p) => p.severity === 'error')) {
      done({error: JSON.stringify(body).slice(0, 300)});
      return;
    }
  }
  done({times, cpu});
})();
"""


def measure() -> list[Metric]:
    """Open a 300-node call in the studio in chromium; time the map and a re-check after an edit."""
    with tempfile.TemporaryDirectory(prefix="otl-bench-studio-") as tmp:
        folder = Path(tmp)
        body = yaml.safe_dump(big_call(), sort_keys=False, allow_unicode=True, width=100)
        (folder / "big_call.yaml").write_text(HEADER + body, encoding="utf-8")
        proc, url, start_s = _start_studio(folder)
        driver = _browser()
        try:
            driver.set_script_timeout(300)
            driver.get(url)  # warm: the browser's first start and the server's first request
            opens: list[float] = []
            server_cpu: list[float] = []
            for _ in range(RUNS):
                cpu0 = _cpu(proc.pid)
                t0 = time.perf_counter()
                driver.get(url + "?file=big_call.yaml")
                driver.execute_async_script(_MAP_READY, NODES + 3)
                opens.append(time.perf_counter() - t0)
                server_cpu.append(_cpu(proc.pid) - cpu0)
            # Re-checks are timed once the studio is idle again: the stats the page asks for
            # after opening and the background read for saving are done.
            driver.execute_async_script(_IDLE)
            result = driver.execute_async_script(_RECHECK, RUNS * 2)
        finally:
            driver.quit()
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    if "error" in result:
        raise RuntimeError(f"the generated call has errors: {result['error']}")
    checks = result["times"]
    return [
        Metric("studio start-up (command to address printed)", start_s, "s", None),
        Metric(
            "studio opens a 300-node call to an interactive map",
            statistics.median(opens),
            "s",
            OPEN_BUDGET_S,
            note=f"median of {RUNS} page loads in headless chromium; slowest {max(opens):.2f} s;"
            f" the server's CPU per open: median {statistics.median(server_cpu):.2f} s",
        ),
        Metric(
            "studio re-validates a 300-node call after an edit",
            statistics.median(checks),
            "ms",
            CHECK_BUDGET_MS,
            note=f"median of {len(checks)} round trips from the page; slowest {max(checks):.0f} ms;"
            f" the server's own CPU per check: median {statistics.median(result['cpu']):.0f} ms",
        ),
    ]
