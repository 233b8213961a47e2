"""A progress store that lives in memory: for tests, and the fallback when nothing can be saved."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from simulator.store.base import CallRecord
from simulator.store.progress import ProgressSummary, best_grades, summarise


class MemoryStore:
    """Calls and profiles kept in this process only; ``notice`` says so when it stands in for a database."""

    def __init__(
        self,
        notice: str | None = None,
        calls: Iterable[CallRecord] = (),
        trainees: Iterable[str] = (),
    ) -> None:
        self.notice: str | None = notice
        self._trainees: list[str] = []
        self._calls: list[CallRecord] = []
        self._by_uid: dict[str, int] = {}
        for name in trainees:
            self.add_trainee(name)
        for record in calls:
            self.record_call(record)

    def trainees(self) -> list[str]:
        """Profile names, oldest first."""
        return list(self._trainees)

    def add_trainee(self, name: str) -> None:
        """Create a profile (no-op when it exists)."""
        if name not in self._trainees:
            self._trainees.append(name)

    def record_call(self, record: CallRecord) -> int:
        """Keep one finished call; the same call recorded twice is kept once."""
        uid = record.fingerprint()
        if uid in self._by_uid:
            return self._by_uid[uid]
        self.add_trainee(record.trainee)
        stored = copy.deepcopy(record)
        stored.id = len(self._calls) + 1
        self._calls.append(stored)
        self._by_uid[uid] = stored.id
        return stored.id

    def calls(self, trainee: str | None = None, *, with_decisions: bool = True) -> list[CallRecord]:
        """Kept calls in the order they finished, for one trainee or all (decisions left out on request)."""
        chosen = [c for c in self._calls if trainee is None or c.trainee == trainee]
        chosen.sort(key=lambda c: (c.finished_at, c.id or 0))
        copies = copy.deepcopy(chosen)
        if not with_decisions:
            for record in copies:
                record.decisions = []
        return copies

    def last_call(self, trainee: str, scenario_id: str) -> CallRecord | None:
        """The trainee's most recent call of ``scenario_id`` (the one that finished last), or None."""
        chosen = [c for c in self._calls if c.trainee == trainee and c.scenario_id == scenario_id]
        if not chosen:
            return None
        return copy.deepcopy(max(chosen, key=lambda c: (c.finished_at, c.id or 0)))

    def best_grades(self, trainee: str | None = None) -> dict[str, str]:
        """The best grade per scenario id for one trainee or all."""
        return best_grades(c for c in self._calls if trainee is None or c.trainee == trainee)

    def progress(self, trainee: str | None = None, *, recent: int = 30) -> ProgressSummary:
        """What the progress screen shows of one trainee's calls (or everyone's); ``recent`` calls for the chart."""
        return summarise(self.calls(trainee, with_decisions=False), recent)

    def close(self) -> None:
        """Nothing to release."""
