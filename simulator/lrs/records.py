"""Calls read back from the LRS: each of the game's statements turned into the ``CallRecord`` it was made from.

The statement's call extension carries the whole call (simulator.reports.xapi), so the record read
back has the same fingerprint, scores and decisions as the one in the progress file, and a report
built from the LRS shows the same numbers as one built from the files. Statements of other
activities (another course's, a voided statement, a statement without the game's extension) are
counted and left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from simulator.lrs.client import get_statements
from simulator.lrs.config import LrsConfig
from simulator.reports.xapi import EXT_CALL, EXT_PRINCIPLES, HOME
from simulator.store.base import CallRecord
from simulator.store.progress import principle_names

_SCENARIOS = f"{HOME}/scenarios/"


def record_from_statement(item: dict[str, Any]) -> CallRecord | None:
    """The call a statement of the game describes, or None for any other statement."""
    target = item.get("object")
    if not isinstance(target, dict) or not str(target.get("id", "")).startswith(_SCENARIOS):
        return None
    context = item.get("context")
    extensions = context.get("extensions") if isinstance(context, dict) else None
    call = extensions.get(EXT_CALL) if isinstance(extensions, dict) else None
    result = item.get("result")
    if not isinstance(call, dict) or not isinstance(result, dict):
        return None
    principles = (result.get("extensions") or {}).get(EXT_PRINCIPLES)
    try:
        return CallRecord(
            trainee=str(call["trainee"]),
            scenario_id=str(call["scenario_id"]),
            scenario_hash=str(call["scenario_hash"]),
            seed=int(call["seed"]),
            mode=str(call["mode"]),
            started_at=str(call["started_at"]),
            finished_at=str(call["finished_at"]),
            ending=str(call["ending"]),
            outcome=str(call["outcome"]),
            percent=float(call["percent"]),
            grade=str(call["grade"]),
            passed=bool(call["passed"]),
            csat=int(call["csat"]),
            scores=dict(principles) if isinstance(principles, dict) else {},
            decisions=[d for d in call.get("decisions") or [] if isinstance(d, dict)],
            undo_used=bool(call.get("undo_used", False)),
            app_version=str(call.get("app_version", "")),
            extra=dict(call.get("extra") or {}),
        )
    except (KeyError, TypeError, ValueError):
        return None  # a statement that looks like ours but is not whole: not counted


@dataclass
class LrsCalls:
    """The game's calls in an LRS, read once, shaped like a progress file for the report."""

    calls_read: list[CallRecord]
    ignored: int
    where: str

    def principles(self) -> list[str]:
        """The principles the calls were scored on, in the order they first appear."""
        return principle_names(self.calls_read)

    def titles(self) -> dict[str, tuple[str, str]]:
        """Per scenario id, the title stored with its latest call and when that call finished."""
        latest: dict[str, tuple[str, str]] = {}
        for record in self.calls_read:
            title = record.extra.get("title")
            if not isinstance(title, str) or not title:
                continue
            held = latest.get(record.scenario_id)
            if held is None or record.finished_at >= held[1]:
                latest[record.scenario_id] = (title, record.finished_at)
        return latest

    def calls(self, warnings: list[str] | None = None) -> Iterator[CallRecord]:
        """Every call, oldest first (as a progress file gives them)."""
        yield from self.calls_read

    def close(self) -> None:
        """Nothing to release: the calls were read when the object was made."""


def _since_param(since: datetime) -> str:
    return since.isoformat()


def read_calls(config: LrsConfig, since: datetime | None = None) -> LrsCalls:
    """The game's calls in the LRS (those finished at or after ``since``), each once; raises ``LrsError``.

    The LRS is asked for every statement (since ``since``, when given), page after page, and the
    game's are picked out here: the xAPI ``activity`` filter would do it on the server, but Ralph
    5.1's file-system backend matches no activity at all, and a report must not depend on which
    backend a centre runs.
    """
    params = {"limit": "100"}
    if since is not None:
        params["since"] = _since_param(since)
    return collect(get_statements(config, params), since, config.endpoint)


def collect(items: Iterable[dict[str, Any]], since: datetime | None, where: str) -> LrsCalls:
    """The calls among ``items``, once each (by fingerprint), oldest first; the rest counted as ignored."""
    seen: dict[str, CallRecord] = {}
    ignored = 0
    for item in items:
        if item.get("verb", {}).get("id") == "http://adlnet.gov/expapi/verbs/voided":
            ignored += 1
            continue
        record = record_from_statement(item)
        if record is None:
            ignored += 1
            continue
        if since is not None and not _finished_since(record, since):
            continue
        seen.setdefault(record.fingerprint(), record)
    calls = sorted(seen.values(), key=lambda r: (r.finished_at, r.trainee, r.scenario_id))
    return LrsCalls(calls, ignored, where)


def _finished_since(record: CallRecord, since: datetime) -> bool:
    try:
        return datetime.fromisoformat(record.finished_at) >= since
    except (TypeError, ValueError):
        return False
