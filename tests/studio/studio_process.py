"""Start a real ``python main.py studio DIR --no-browser`` and read the address it prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from simulator.paths import PROJECT_ROOT


@contextmanager
def running_studio(folder: Path) -> Iterator[str]:
    """The studio serving ``folder`` in its own process; yields its URL (token included)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, str(PROJECT_ROOT / "main.py"), "studio", str(folder), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        url = ""
        seen = []
        for line in proc.stdout:
            seen.append(line)
            m = re.search(r"Open (http://\S+)", line)
            if m:
                url = m.group(1)
                break
        assert url, "the studio printed no address:\n" + "".join(seen)
        _wait_listening(url)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_listening(url: str) -> None:
    import socket

    parts = urlsplit(url)
    for _ in range(200):
        try:
            with socket.create_connection((parts.hostname, parts.port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"the studio at {url} never answered")
