"""A real X display for the benchmarks: use $DISPLAY, or start Xvfb (installing it as root if missing)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

SIZE = "1280x720x24"


def _install_xvfb() -> bool:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
    done = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "xvfb"], env=env, check=False, capture_output=True
    )
    return done.returncode == 0


def ensure_display() -> tuple[subprocess.Popen | None, str]:
    """Make sure $DISPLAY names a running X server; returns the Xvfb we started (or None) and a note."""
    if os.environ.get("DISPLAY"):
        return None, f"using the display {os.environ['DISPLAY']}"
    if shutil.which("Xvfb") is None and not _install_xvfb():
        return (
            None,
            "no display and no Xvfb (install it with: apt-get install xvfb); window benchmarks not measured",
        )
    for n in range(90, 140):
        if not Path(f"/tmp/.X{n}-lock").exists():
            break
    proc = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", SIZE, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):  # wait up to 5 s for the server's socket
        if Path(f"/tmp/.X11-unix/X{n}").exists():
            break
        time.sleep(0.1)
    os.environ["DISPLAY"] = f":{n}"
    return proc, f"started Xvfb on :{n} ({SIZE})"
