"""A real Learning Record Store for the tests: Ralph on 127.0.0.1 (simulator/bench/local_lrs.py).

One Ralph process serves the whole session (it takes seconds to start); each test gets a user of
its own whose statements Ralph stores in a folder of their own (Ralph's per-user ``target``), so a
test counts exactly the statements it sent. The first user is made by ``ralph auth`` itself, the
pool in the same format; Ralph reads its auth file once, so all are written before it starts. A
test that kills and restarts the LRS starts its own ``RalphServer``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import count
from pathlib import Path

import pytest

from simulator.bench.local_lrs import HOME_PAGE, RalphServer, free_port
from simulator.lrs.config import LrsConfig

__all__ = ["HOME_PAGE", "LrsUser", "RalphServer", "free_port", "lrs", "lrs_toml", "ralph_server"]

POOL = 60  # users made before the session's Ralph starts: one per test that asks for `lrs`
_users = count()


@dataclass
class LrsUser:
    """A user of the LRS, and the folder its statements land in."""

    server: RalphServer
    username: str
    password: str

    def config(self, **changes: object) -> LrsConfig:
        """Settings pointing at this LRS as this user."""
        base = LrsConfig(
            endpoint=self.server.endpoint,
            username=self.username,
            password=self.password,
            home_page=HOME_PAGE,
            source="lrs.toml",
        )
        return replace(base, **changes)  # type: ignore[arg-type]

    def toml(self, endpoint: str | None = None) -> str:
        """An lrs.toml for this user."""
        return (
            f'endpoint = "{endpoint or self.server.endpoint}"\n'
            f'username = "{self.username}"\npassword = "{self.password}"\n'
            f'home_page = "{HOME_PAGE}"\n'
        )

    def stored(self) -> list[dict[str, object]]:
        """Every statement Ralph wrote for this user (duplicates included)."""
        return self.server.stored(self.username)


def own_server(root: Path, username: str, password: str) -> tuple[RalphServer, LrsUser]:
    """A Ralph of a test's own, started, with one user."""
    server = RalphServer(root)
    server.add_user(username, password)
    server.start()
    return server, LrsUser(server, username, password)


@pytest.fixture(scope="session")
def ralph_server() -> Iterator[RalphServer]:
    """One Ralph LRS for the session, its first user made by ``ralph auth``."""
    root = Path(tempfile.mkdtemp(prefix="ralph-lrs-"))
    server = RalphServer(root)
    server.add_user_with_cli("desk-cli", "first secret")
    for n in range(POOL):
        server.add_user(f"desk-{n:03d}", f"secret {n}")
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def lrs(ralph_server: RalphServer) -> LrsUser:
    """A fresh LRS user for one test: its statements are its own."""
    n = next(_users)
    assert n < POOL, "tests/lrs_kit.py: raise POOL, every test needs an LRS user of its own"
    return LrsUser(ralph_server, f"desk-{n:03d}", f"secret {n}")


@pytest.fixture
def lrs_toml(tmp_path: Path, lrs: LrsUser, monkeypatch: pytest.MonkeyPatch) -> Path:
    """lrs.toml for this test's LRS user, in a config folder of the test's own (readable by its owner
    only), which the game and its commands read (ON_THE_LINE_CONFIG_DIR)."""
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    path = folder / "lrs.toml"
    path.write_text(lrs.toml(), encoding="utf-8")
    path.chmod(0o600)
    monkeypatch.setenv("ON_THE_LINE_CONFIG_DIR", str(folder))
    return path
