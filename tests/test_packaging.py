"""The installable game: the wheel carries everything and works from an empty folder (.ci/wheel-smoke).

Marked `packaging` (slow: it builds a wheel and a venv); `make test` runs it, and
`pytest -m "not packaging"` leaves it out while iterating.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from simulator.paths import PROJECT_ROOT

pytestmark = pytest.mark.packaging


def test_wheel_installs_and_plays_from_an_empty_folder() -> None:
    env = {**os.environ, "BUILD_PYTHON": sys.executable, "PYTHON": sys.executable}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(["bash", str(PROJECT_ROOT / ".ci" / "wheel-smoke")], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    out = done.stdout
    assert "file(s) checked: 0 error(s)" in out  # the built-in library, validated clean where it is installed
    assert "wheel smoke: all passed" in out
    assert "on-the-line validate --strict demo_call.yaml" in out  # the installed program names itself
