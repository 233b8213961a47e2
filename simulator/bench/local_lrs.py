"""A local Learning Record Store for the tests and the benchmark: Ralph on 127.0.0.1, file-system backend.

``uvicorn ralph.api:app`` in its own process, statements in a folder, users in Ralph's auth file
(the format ``ralph auth --write-to-disk`` writes). Ralph is a test dependency, never the game's.

One adjustment, made in Ralph's process before it serves: Ralph 5.1's file-system LRS backend
writes each POST with its data backend's default 'create' mode, which refuses to write a second
batch into the file the first one made (every POST after the first answers 500). Its data backend
has an 'append' mode; the launcher makes it the backend's default. Validation, duplicate ids,
authentication and paging are Ralph's own, unchanged. A production LRS (ClickHouse, Elasticsearch,
MongoDB backends) has no such limit.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import bcrypt

BIN = Path(sys.executable).parent
HOME_PAGE = "https://centre.example"
# Run in Ralph's process: the append-mode default (see the docstring), then uvicorn on ralph.api:app.
_LAUNCH = (
    "import sys, uvicorn;"
    "from ralph.backends.data.base import BaseOperationType;"
    "from ralph.backends.lrs.fs import FSLRSBackend;"
    "FSLRSBackend.default_operation_type = BaseOperationType.APPEND;"
    "uvicorn.run('ralph.api:app', host='127.0.0.1', port=int(sys.argv[1]), log_level='warning')"
)


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RalphServer:
    """Ralph's LRS with the fs backend in ``root``; each user's statements go to a folder of its own."""

    def __init__(self, root: Path) -> None:
        """Prepare ``root`` (statements, auth file, logs); nothing runs until ``start``."""
        self.root = root
        self.directory = root / "statements"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.auth_file = root / "auth.json"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(root / "app"),
            "RALPH_AUTH_FILE": str(self.auth_file),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.directory),
        }

    @property
    def endpoint(self) -> str:
        """The xAPI endpoint."""
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def add_user_with_cli(self, username: str, password: str) -> None:
        """A user added by ``ralph auth --write-to-disk`` itself (a process: slow)."""
        subprocess.run(
            [str(BIN / "ralph"), "auth", "-u", username, "-p", password, "-s", "all"]
            + ["-A", username, HOME_PAGE, "-t", username, "-w"],
            env=self.env,
            check=True,
            capture_output=True,
        )
        (self.directory / username).mkdir(exist_ok=True)  # Ralph's fs backend writes into it

    def add_user(self, username: str, password: str) -> None:
        """A user appended to the auth file in ``ralph auth``'s format (a cheap bcrypt cost).

        Ralph reads the file once: add every user before ``start``.
        """
        users = json.loads(self.auth_file.read_text()) if self.auth_file.is_file() else []
        users.append(
            {
                "agent": {
                    "account": {"homePage": HOME_PAGE, "name": username},
                    "objectType": "Agent",
                },
                "scopes": ["all"],
                "target": username,
                "hash": bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode(),
                "username": username,
            }
        )
        self.auth_file.write_text(json.dumps(users, indent=2))
        (self.directory / username).mkdir(exist_ok=True)

    def stored(self, username: str) -> list[dict[str, object]]:
        """Every statement Ralph wrote for ``username``, read from its file (duplicates included)."""
        path = self.directory / username / "fs_lrs.jsonl"
        if not path.is_file():
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def start(self, wait_s: float = 120.0) -> None:
        """Start Ralph and wait until it answers its heartbeat."""
        with (self.root / "ralph.log").open("ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "python"), "-c", _LAUNCH, str(self.port)],
                env=self.env,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = (self.root / "ralph.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"Ralph stopped while starting:\n{tail}")
            try:
                url = f"http://127.0.0.1:{self.port}/__heartbeat__"
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Ralph did not answer within {wait_s:g} s")

    @property
    def history_file(self) -> Path:
        """Ralph's record of the files its backends read and wrote (``RALPH_HISTORY_FILE``'s default)."""
        return self.root / "app" / "history.json"

    def recover_after_kill(self) -> list[str]:
        """After a kill: repair what Ralph leaves half-written, as a production backend recovers from a
        crash by itself; returns what was repaired.

        - The fs backend appends a batch line by line with no journal: a kill in the middle of a
          write leaves half a line that Ralph cannot read again. Each statements file is cut back
          to its last whole line.
        - Ralph rewrites its whole history file on every read and write (opened for writing, which
          empties it, then dumped): a kill in between leaves it empty or cut short, and every
          request after the restart answers 500 (a JSONDecodeError in Ralph). An unreadable history
          is started afresh: it only lists files read before, which the LRS never asks about.
        """
        repaired: list[str] = []
        for path in self.directory.glob("*/fs_lrs.jsonl"):
            data = path.read_bytes()
            if data and not data.endswith(b"\n"):
                keep = data.rfind(b"\n") + 1
                with path.open("r+b") as f:
                    f.truncate(keep)
                repaired.append(f"{path.name}: {len(data) - keep} bytes of a torn line cut")
        if self.history_file.is_file():
            try:
                json.loads(self.history_file.read_text(encoding="utf-8"))
            except ValueError:
                self.history_file.write_text("[]", encoding="utf-8")
                repaired.append(f"{self.history_file.name}: unreadable, started afresh")
        return repaired

    def kill(self) -> None:
        """Kill Ralph at once (SIGKILL), as a crash or a pulled plug would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        """Stop Ralph cleanly (killed if it does not stop within 30 s)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
