"""Session-wide isolation: tests never read or write the user's real data, cache or settings."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from hypothesis import settings
from lrs_kit import lrs, lrs_toml, ralph_server  # noqa: F401  (a real LRS: tests/lrs_kit.py)

# Property tests draw the same examples on every run and keep no example database in the
# checkout: a CI failure always reproduces locally. HYPOTHESIS_PROFILE=explore searches anew.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

_HOME = tempfile.mkdtemp(prefix="on-the-line-tests-")


def pytest_configure(config: pytest.Config) -> None:
    """Point the game's data, cache and config folders at a throw-away folder (subprocesses inherit it)."""
    for kind in ("DATA", "CACHE", "CONFIG"):
        os.environ[f"ON_THE_LINE_{kind}_DIR"] = os.path.join(_HOME, kind.lower())


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the throw-away folder."""
    shutil.rmtree(_HOME, ignore_errors=True)
