"""How much each scenario exercises each principle, remembered on disk between games.

The training plan needs, for every playable scenario, the points its best route earns per
principle: an exhaustive search of the scenario (tens of milliseconds each, most of a second for
the built-in library). The answer depends only on the scenario file and the rubric, so it is kept
in the user's cache folder, keyed by both; the progress screen then opens without the search.
A cache that cannot be read or written only costs the search again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from simulator.paths import user_cache_dir

_FILE = "exercise.json"
_loaded: dict[str, dict[str, int]] | None = None


def _path() -> Path:
    return user_cache_dir() / _FILE


def rubric_key(rubric: object) -> str:
    """A short hash of everything a rubric says (its dataclass repr), so an edited rubric is measured again."""
    return hashlib.sha256(repr(rubric).encode("utf-8")).hexdigest()[:16]


def _entries() -> dict[str, dict[str, int]]:
    global _loaded
    if _loaded is None:
        try:
            data = json.loads(_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        _loaded = {
            k: {p: int(n) for p, n in v.items() if isinstance(n, int)}
            for k, v in (data.items() if isinstance(data, dict) else ())
            if isinstance(k, str) and isinstance(v, dict)
        }
    return _loaded


def forget() -> None:
    """Drop the copy read into memory, as a new game starts; the next ``recall`` reads the file again."""
    global _loaded
    _loaded = None


def recall(key: str) -> dict[str, int] | None:
    """The figures stored under ``key`` (scenario id, its source hash and the rubric's key), or None."""
    return _entries().get(key)


def remember(key: str, figures: dict[str, int]) -> None:
    """Store ``figures`` under ``key``, written atomically; a cache that cannot be written is skipped."""
    entries = _entries()
    entries[key] = dict(figures)
    path = _path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".exercise-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(entries, f)
        os.replace(tmp, path)
    except OSError:
        pass
