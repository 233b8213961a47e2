"""The installable game: the wheel carries everything and works from an empty folder (.ci/wheel-smoke),
and the desktop bundle builds and plays a call under Xvfb with its speech worker (.ci/dist, .ci/dist-smoke).

Marked `packaging` (slow: it builds a wheel and a venv); `make test` runs it, and
`pytest -m "not packaging"` leaves it out while iterating.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.paths import PROJECT_ROOT

pytestmark = pytest.mark.packaging


def test_wheel_installs_and_plays_from_an_empty_folder() -> None:
    env = {**os.environ, "BUILD_PYTHON": sys.executable, "PYTHON": sys.executable}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        ["bash", str(PROJECT_ROOT / ".ci" / "wheel-smoke")],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    out = done.stdout
    assert (
        "file(s) checked: 0 error(s)" in out
    )  # the built-in library, validated clean where it is installed
    assert "wheel smoke: all passed" in out
    assert (
        "on-the-line validate --strict demo_call.yaml" in out
    )  # the installed program names itself


def test_desktop_bundle_builds_and_plays_a_demo_call_under_xvfb(tmp_path: Path) -> None:
    # `make dist` into a folder of the test's own, then the same smoke test as `make dist-smoke`.
    env = {**os.environ, "DIST_DIR": str(tmp_path / "dist"), "WORK_DIR": str(tmp_path / "build")}
    env.pop("PYTHONPATH", None)
    built = subprocess.run(
        ["bash", str(PROJECT_ROOT / ".ci" / "dist")],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    bundle = tmp_path / "dist" / "on-the-line"
    assert (bundle / "on-the-line").is_file()
    data = next(bundle.rglob("simulator/data"))
    assert (data / "scenarios" / "rubric.yaml").is_file() and (
        data / "assets" / "fonts" / "DejaVuSans.ttf"
    ).is_file()
    smoke = subprocess.run(
        ["bash", str(PROJECT_ROOT / ".ci" / "dist-smoke"), str(bundle)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert smoke.returncode == 0, smoke.stdout[-4000:] + smoke.stderr[-4000:]
    assert "bundle smoke: all passed" in smoke.stdout
    assert "-debrief.png" in smoke.stdout  # the demo reached the debrief
    assert (
        "'engine_ok': True" in smoke.stdout
    )  # the frozen speech worker started and found espeak-ng
