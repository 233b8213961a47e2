"""A progress store kept in memory: the stand-in when no database can be opened, and for tests."""

from __future__ import annotations

import copy

from simulator.store.base import CallRecord


class MemoryStore:
    """Implements the ProgressStore protocol in memory; nothing survives the process."""

    def __init__(self, notice: str | None = None) -> None:
        self._notice = notice
        self._trainees: list[str] = []
        self._calls: list[CallRecord] = []

    @property
    def notice(self) -> str | None:
        """Why progress is only kept in memory, if there is something to say."""
        return self._notice

    def trainees(self) -> list[str]:
        """Profile names, oldest first."""
        return list(self._trainees)

    def add_trainee(self, name: str) -> None:
        """Create a profile (no-op when it exists)."""
        if name not in self._trainees:
            self._trainees.append(name)

    def record_call(self, record: CallRecord) -> int:
        """Keep a copy of the call; returns its id."""
        self.add_trainee(record.trainee)
        stored = copy.deepcopy(record)
        stored.id = len(self._calls) + 1
        self._calls.append(stored)
        return stored.id

    def calls(self, trainee: str | None = None) -> list[CallRecord]:
        """Calls, oldest first."""
        return [copy.deepcopy(c) for c in self._calls if trainee is None or c.trainee == trainee]

    def close(self) -> None:
        """Nothing to release."""
