"""The core (model, loader, validation, engine, scoring, analysis, store, reports) imports neither pygame nor pyttsx3.

Checked in a fresh interpreter, so nothing another test imported can hide a
stray import.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from simulator.paths import PROJECT_ROOT

CORE = [
    "simulator.scenario",
    "simulator.validation",
    "simulator.engine",
    "simulator.analysis",
    "simulator.store",
    "simulator.reports",
    "simulator.cli.play",
]
FORBIDDEN = ("pygame", "pyttsx3")

PROBE = textwrap.dedent(
    """
    import importlib, importlib.util, json, pkgutil, sys
    core, forbidden = json.loads(sys.argv[1])
    imported, missing = [], []
    for name in core:
        if importlib.util.find_spec(name) is None:
            missing.append(name)
            continue
        module = importlib.import_module(name)
        imported.append(name)
        for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in forbidden)
    print(json.dumps({"imported": imported, "missing": missing, "forbidden": loaded}))
    """
)


def test_core_modules_import_neither_pygame_nor_pyttsx3() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([CORE, FORBIDDEN])],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["missing"] == [], f"core modules that no longer exist: {report['missing']}"
    # The walk really reached the modules that matter, rules and engine parts included.
    for name in (
        "simulator.engine.conversation",
        "simulator.engine.scoring",
        "simulator.engine.best",
        "simulator.validation.validate",
        "simulator.store.sqlite_store",
        "simulator.reports.html_report",
        "simulator.engine.routes",
    ):
        assert name in report["imported"]
    assert any(name.startswith("simulator.validation.rules.") for name in report["imported"])
    assert report["forbidden"] == [], f"imported through the core: {report['forbidden']}"
