"""The top-level command line: help, unknown input, and output piped into a reader that quits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_help_lists_every_command() -> None:
    from simulator.cli import COMMANDS

    done = _main("--help")
    assert done.returncode == 0
    for name in COMMANDS:
        assert f"  {name} " in done.stdout


def test_reader_gone_before_we_write_is_not_a_traceback() -> None:
    # Close the read end first, so every write the command makes meets a broken pipe.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "play",
                "late_refund",
                "--choices",
                "1,1,1,1,1,1",
            ],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.returncode == 0


def test_unknown_option_is_usage_error_with_exit_2() -> None:
    done = _main("validate", "--no-such-option")
    assert done.returncode == 2
    assert "usage:" in done.stderr and "Traceback" not in done.stderr
