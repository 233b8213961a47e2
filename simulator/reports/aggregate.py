"""Helpers shared by the reports: merging files without duplicates, durations, titles stored with calls."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from simulator.store.base import CallRecord
from simulator.store.progress import principle_names


def merge(*sources: Iterable[CallRecord]) -> list[CallRecord]:
    """Calls from several database files as one list, oldest first, each call once however many files hold it."""
    seen: dict[str, CallRecord] = {}
    for source in sources:
        for record in source:
            seen.setdefault(record.fingerprint(), record)
    return sorted(seen.values(), key=lambda r: (r.finished_at, r.trainee, r.scenario_id))


def duration_seconds(record: CallRecord) -> float | None:
    """How long the call took, from its start and finish times; None when they cannot be read."""
    try:
        start = datetime.fromisoformat(record.started_at)
        end = datetime.fromisoformat(record.finished_at)
        return max(0.0, (end - start).total_seconds())
    except (TypeError, ValueError):
        return None


def scenario_title(records: Sequence[CallRecord], scenario_id: str) -> str:
    """The title stored with the latest call of a scenario, or its id."""
    for record in reversed(records):
        if record.scenario_id == scenario_id and record.extra.get("title"):
            return str(record.extra["title"])
    return scenario_id


__all__ = ["duration_seconds", "merge", "principle_names", "scenario_title"]
