"""The folder the studio was opened on: the only place it reads or writes.

Every name the page sends is resolved here and refused unless it is a scenario file inside the
folder (after following symlinks). Saves are atomic (a temporary file renamed over the old one)
and conditional: the page says which version it edited, and a file changed since is never
overwritten, so a text editor or a second studio on the same folder cannot lose work.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
NOT_SCENARIOS = ("rubric.yaml",)
SIDE_FOLDER = ".studio"


class OutsideFolder(ValueError):
    """A name that is not a scenario file inside the studio's folder."""


class Conflict(RuntimeError):
    """The file changed on disk since the page loaded it."""


def digest(data: bytes) -> str:
    """The version tag of a file's bytes (sha256, hex)."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """A file's text as read, with its version tag."""

    name: str
    text: str
    version: str


class Folder:
    """The studio's folder: listing, confined reading, conditional atomic writing."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def resolve(self, name: str) -> Path:
        """The file ``name`` (relative to the folder) or OutsideFolder."""
        if not name or "\x00" in name or Path(name).is_absolute() or "\\" in name:
            raise OutsideFolder(f"'{name}' is not a file name inside {self.root}")
        path = (self.root / name).resolve()
        if not path.is_relative_to(self.root):
            raise OutsideFolder(f"'{name}' is outside {self.root}; the studio works only there")
        if path.suffix not in SUFFIXES or path.name in NOT_SCENARIOS:
            raise OutsideFolder(f"'{name}' is not a scenario file (.yaml or .yml)")
        if any(part.startswith(".") for part in path.relative_to(self.root).parts):
            raise OutsideFolder(f"'{name}' is a hidden file; the studio leaves those alone")
        return path

    def names(self) -> list[str]:
        """Scenario files in the folder and below it, as names relative to it."""
        found = []
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root)
            if any(p.startswith(".") for p in rel.parts) or path.suffix not in SUFFIXES:
                continue
            if path.name in NOT_SCENARIOS or not path.is_file():
                continue
            with contextlib.suppress(OutsideFolder):
                self.resolve(rel.as_posix())  # a symlink out of the folder is not listed
                found.append(rel.as_posix())
        return found

    def read(self, name: str) -> Snapshot:
        """The file's text (undecodable bytes replaced) and version tag."""
        data = self.resolve(name).read_bytes()
        return Snapshot(name, data.decode("utf-8", errors="replace"), digest(data))

    def version(self, name: str) -> str | None:
        """The file's current version tag, or None when it is gone."""
        try:
            return digest(self.resolve(name).read_bytes())
        except FileNotFoundError:
            return None

    def write(self, name: str, text: str, base: str | None) -> str:
        """Write ``text`` if the file is still at version ``base`` (None: must not exist yet); the new version."""
        path = self.resolve(name)
        data = text.encode("utf-8")
        with self._locked():
            current = self.version(name)
            if current != base:
                what = "was deleted" if current is None else "changed on disk"
                if base is None:
                    what = "already exists"
                raise Conflict(f"{name} {what} since the studio read it; nothing was written")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                if path.exists():
                    os.chmod(tmp, path.stat().st_mode & 0o777)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        return digest(data)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the folder's lock: two studios never interleave a check and a write."""
        side = self.root / SIDE_FOLDER
        side.mkdir(exist_ok=True)
        with open(side / "lock", "a+") as fh:
            try:
                import fcntl
            except ImportError:  # Windows: os.replace is still atomic; the check is best effort
                yield
                return
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # Box positions on the map live beside the scenarios, never in them.
    def layout_path(self, name: str) -> Path:
        """The side file holding the map positions of scenario ``name``."""
        self.resolve(name)
        safe = name.replace("/", "__")
        return self.root / SIDE_FOLDER / f"{safe}.layout.json"

    def read_layout(self, name: str) -> dict[str, list[float]]:
        """Saved box positions of ``name`` by node id (empty when none or unreadable)."""
        try:
            data = json.loads(self.layout_path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            str(k): [float(v[0]), float(v[1])]
            for k, v in data.items()
            if isinstance(v, list) and len(v) == 2 and all(isinstance(n, int | float) for n in v)
        }

    def write_layout(self, name: str, positions: dict[str, list[float]]) -> None:
        """Keep box positions of ``name`` in its side file."""
        path = self.layout_path(name)
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(positions, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
