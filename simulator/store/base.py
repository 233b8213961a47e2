"""The progress-store interface the game and the reports use; SQLite is one implementation."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from simulator.store.progress import ProgressSummary


@dataclass
class CallRecord:
    """One finished call as stored: who, which scenario (and which version of its file), and how it went."""

    trainee: str
    scenario_id: str
    scenario_hash: str
    seed: int
    mode: str  # "graded" or "practice"
    started_at: str  # ISO 8601, UTC
    finished_at: str
    ending: str
    outcome: str
    percent: float
    grade: str
    passed: bool
    csat: int
    scores: dict[str, dict[str, Any]]  # principle -> {"points", "max", "percent"}
    decisions: list[
        dict[str, Any]
    ]  # node_id, choice number, text, points, elapsed, cut_in, dead_air, mechanics
    undo_used: bool = False
    app_version: str = ""
    id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """A stable identity of this call, the same in every database file, for merging without duplicates."""
        # A report asks three times per call (merging, the CSV's id, the xAPI id); a record is not
        # changed once read, so the hash is kept. It is not a field: copies and equality ignore it.
        cached = self.__dict__.get("_fingerprint")
        if isinstance(cached, str):
            return cached
        # Only facts fixed when the call ends: ids and floats read back from a file must not change it.
        key = {
            "trainee": self.trainee,
            "scenario": self.scenario_id,
            "hash": self.scenario_hash,
            "seed": self.seed,
            "mode": self.mode,
            "started": self.started_at,
            "finished": self.finished_at,
            "ending": self.ending,
            "path": [[d.get("node_id", ""), d.get("choice", 0)] for d in self.decisions],
        }
        uid = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]
        self.__dict__["_fingerprint"] = uid
        return uid


class StoreError(Exception):
    """A progress database that cannot be opened or read; the message names the file and what to do."""


class ProgressStore(Protocol):
    """Where finished calls and trainee profiles are kept."""

    @property
    def notice(self) -> str | None:
        """A warning to show the trainee (for example: progress kept in memory only), or None."""
        ...

    def trainees(self) -> list[str]:
        """Profile names, oldest first."""
        ...

    def add_trainee(self, name: str) -> None:
        """Create a profile (no-op when it exists)."""
        ...

    def record_call(self, record: CallRecord) -> int:
        """Store one finished call in a single transaction; returns its id."""
        ...

    def calls(self, trainee: str | None = None, *, with_decisions: bool = True) -> list[CallRecord]:
        """Stored calls, oldest first, for one trainee or all; ``with_decisions=False`` leaves decisions out."""
        ...

    def last_call(self, trainee: str, scenario_id: str) -> CallRecord | None:
        """The trainee's most recent call of ``scenario_id`` (the one that finished last), or None.

        A follow-up call opens with the flags that call ended with (``extra["flags"]``).
        """
        ...

    def best_grades(self, trainee: str | None = None) -> dict[str, str]:
        """The best grade per scenario id, for one trainee or all."""
        ...

    def progress(self, trainee: str | None = None, *, recent: int = 30) -> ProgressSummary:
        """What the progress screen shows (averages, best per scenario, the latest calls), for one trainee or all.

        Read as aggregates, never call by call: it stays quick however many calls the file holds.
        """
        ...

    def close(self) -> None:
        """Release the database."""
        ...
