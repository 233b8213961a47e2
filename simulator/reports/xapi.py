"""xAPI statements, one per call, for import into a learning management system (LRS)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import IO, Any
from urllib.parse import quote

from simulator.reports.aggregate import duration_seconds, scenario_title
from simulator.store import report_rows as rr
from simulator.store.base import CallRecord

HOME = "https://ontheline.invalid"
VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
EXT_PRINCIPLES = f"{HOME}/xapi/extensions/principles"
EXT_CALL = f"{HOME}/xapi/extensions/call"


def activity_iri(scenario_id: str) -> str:
    """The activity IRI of a scenario."""
    return f"{HOME}/scenarios/{quote(scenario_id, safe='')}"


def iso_duration(seconds: float) -> str:
    """An ISO 8601 duration such as PT4M12S."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")


def verb_for(record: CallRecord) -> str:
    """'passed' or 'failed' for a graded call, 'completed' for practice."""
    if record.mode != "graded":
        return "completed"
    return "passed" if record.passed else "failed"


def statement(record: CallRecord, title: str | None = None) -> dict[str, Any]:
    """The xAPI statement for one call."""
    verb = verb_for(record)
    result: dict[str, Any] = {
        "score": {
            "scaled": round(max(0.0, min(100.0, record.percent)) / 100.0, 4),
            "raw": record.percent,
            "min": 0,
            "max": 100,
        },
        "success": bool(record.passed),
        "completion": True,
        "extensions": {
            EXT_PRINCIPLES: {
                name: {"points": s.get("points"), "max": s.get("max"), "percent": s.get("percent")}
                for name, s in record.scores.items()
            }
        },
    }
    duration = duration_seconds(record)
    if duration is not None:
        result["duration"] = iso_duration(duration)
    return {
        # Derived from the call's fingerprint, so re-exporting the same call never duplicates it in the LRS.
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{HOME}/calls/{record.fingerprint()}")),
        "actor": {
            "objectType": "Agent",
            "name": record.trainee,
            "account": {"homePage": HOME, "name": record.trainee},
        },
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": activity(record.scenario_id, title),
        "result": result,
        "context": {
            "platform": "On the Line",
            "extensions": {
                EXT_CALL: {
                    "mode": record.mode,
                    "grade": record.grade,
                    "csat": record.csat,
                    "ending": record.ending,
                    "outcome": record.outcome,
                    "seed": record.seed,
                    "scenario_hash": record.scenario_hash,
                    "undo_used": record.undo_used,
                    "app_version": record.app_version,
                }
            },
        },
        "timestamp": record.finished_at,
    }


def statements(records: Sequence[CallRecord]) -> list[dict[str, Any]]:
    """One statement per call, oldest first."""
    return [statement(r, scenario_title(records, r.scenario_id)) for r in records]


def activity(scenario_id: str, title: str | None) -> dict[str, Any]:
    """The xAPI activity a scenario is, named by its title."""
    return {
        "objectType": "Activity",
        "id": activity_iri(scenario_id),
        "definition": {"name": {"en-US": title or scenario_id}, "type": SIMULATION},
    }


def sql_parts() -> rr.Xapi:
    """What SQLite needs to write statements itself (see ``report_rows.call_rows``)."""
    verbs = {
        name: json.dumps({"id": iri, "display": {"en-US": name}}) for name, iri in VERBS.items()
    }
    return rr.Xapi(
        home=HOME,
        principles_iri=EXT_PRINCIPLES,
        call_iri=EXT_CALL,
        completed=verbs["completed"],
        passed=verbs["passed"],
        failed=verbs["failed"],
    )


_NAMESPACE = uuid.NAMESPACE_URL.bytes


def statement_id(fingerprint: str) -> str:
    """The statement id of a call: a UUID 5 of its fingerprint, as :func:`statement` makes it, minus uuid's overhead."""
    digest = bytearray(
        hashlib.sha1(_NAMESPACE + f"{HOME}/calls/{fingerprint}".encode()).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class XapiWriter:
    """Statements written to a JSON list one at a time, so the file never has to be held whole."""

    def __init__(self, stream: IO[str]) -> None:
        """Open the list on ``stream``."""
        self._stream = stream
        self._first = True
        stream.write("[")

    def write(self, record: CallRecord, title: str) -> None:
        """One call's statement."""
        self._stream.write("\n" if self._first else ",\n")
        self._stream.write(json.dumps(statement(record, title), ensure_ascii=False))
        self._first = False

    def write_row(self, r: tuple[Any, ...], uid: str) -> None:
        """One call's statement from a report row (:mod:`simulator.store.report_rows`): what :meth:`write` writes.

        SQLite has written the statement but its id, every text of the file escaped in its JSON.
        """
        self._stream.write("\n" if self._first else ",\n")
        self._stream.write(f'{{"id":"{statement_id(uid)}",{r[rr.STATEMENT]}')
        self._first = False

    def close(self) -> None:
        """Close the list."""
        self._stream.write("\n]\n")
