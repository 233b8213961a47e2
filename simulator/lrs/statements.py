"""The statement a call sends to the training centre's LRS: the report's xAPI statement, made for an LMS.

It is ``simulator.reports.xapi.statement`` (same id, verb, object and result) with what an LRS
shared by a centre needs: the trainee as an account on the centre's home page, a registration
and cmi5 session id per call, the game as the grouping activity, and the whole call in the call
extension (decisions, times, percent), so ``report --lrs`` rebuilds the same report as
``report --db``. docs/xapi.md shows one in full.
"""

from __future__ import annotations

import uuid
from typing import Any

from simulator.reports.xapi import EXT_CALL, HOME, statement
from simulator.store.base import CallRecord

COURSE = "http://adlnet.gov/expapi/activities/course"
# Every statement of the game is grouped under this activity, which an LMS can list.
GAME_ACTIVITY = f"{HOME}/game"
# cmi5's session id: one session per call.
EXT_SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"


def registration(record: CallRecord) -> str:
    """The call's registration (one per call), derived from the call as the statement id is."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{HOME}/registrations/{record.fingerprint()}"))


def lrs_statement(record: CallRecord, title: str | None, home_page: str) -> dict[str, Any]:
    """The statement of one call for the LRS; ``home_page`` is the centre's, for the trainee's account."""
    item = statement(record, title)
    item["actor"]["account"]["homePage"] = home_page
    context = item["context"]
    session = registration(record)
    context["registration"] = session
    context["contextActivities"] = {
        "grouping": [
            {
                "objectType": "Activity",
                "id": GAME_ACTIVITY,
                "definition": {"name": {"en-US": "On the Line"}, "type": COURSE},
            }
        ]
    }
    context["extensions"][EXT_SESSION] = session
    # The whole call, as stored: what the report needs to rebuild it from the LRS.
    context["extensions"][EXT_CALL].update(
        {
            "trainee": record.trainee,
            "scenario_id": record.scenario_id,
            "started_at": record.started_at,
            "finished_at": record.finished_at,
            "percent": record.percent,
            "passed": bool(record.passed),
            "decisions": record.decisions,
            "extra": record.extra,
        }
    )
    return item
