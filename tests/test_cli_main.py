"""The top-level command line: help, unknown input, and output piped into a reader that quits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_help_lists_every_command() -> None:
    from simulator.cli import COMMANDS

    done = _main("--help")
    assert done.returncode == 0
    for name in COMMANDS:
        assert f"  {name} " in done.stdout


def test_reader_closing_the_pipe_early_is_not_a_traceback() -> None:
    # `head -1` closes its end after one line; the rest of the output hits a broken pipe.
    cmd = f'"{sys.executable}" main.py play late_refund --choices 1,1,1,1,1,1 | head -1'
    done = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.startswith("CUSTOMER:")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    assert done.returncode == 0


def test_unknown_option_is_usage_error_with_exit_2() -> None:
    done = _main("validate", "--no-such-option")
    assert done.returncode == 2
    assert "usage:" in done.stderr and "Traceback" not in done.stderr
