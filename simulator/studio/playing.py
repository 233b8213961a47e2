"""The play pane: the real engine, from the start or any node, to the debrief."""

from __future__ import annotations

import secrets
from typing import Any

from simulator.engine.conversation import Conversation, EngineError
from simulator.engine.debrief_text import render_debrief, teaches_text
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric

MAX_SESSIONS = 20  # a trainer restarts often; old calls are dropped, never the current one


class Plays:
    """Calls being played in the page, by session id."""

    def __init__(self) -> None:
        self._calls: dict[str, tuple[Conversation, int]] = {}

    def start(self, scenario: Scenario, rubric: Rubric, start_at: str | None) -> dict[str, Any]:
        """Start a call (graded, authored order) and return its first view."""
        conv = Conversation(scenario, rubric, seed=0, start_at=start_at or None)
        session = secrets.token_hex(8)
        while len(self._calls) >= MAX_SESSIONS:
            self._calls.pop(next(iter(self._calls)))
        self._calls[session] = (conv, 0)
        return self._view(session)

    def choose(self, session: str, number: int) -> dict[str, Any]:
        """Take open choice ``number`` in call ``session``; the new view."""
        if session not in self._calls:
            raise EngineError("this call is no longer open; start it again")
        conv, _ = self._calls[session]
        conv.choose(number)
        return self._view(session)

    def _view(self, session: str) -> dict[str, Any]:
        conv, shown = self._calls[session]
        transcript = conv.transcript
        self._calls[session] = (conv, len(transcript))
        view: dict[str, Any] = {
            "session": session,
            "lines": [
                {"speaker": line.speaker, "text": line.text, "node": line.node_id}
                for line in transcript[shown:]
            ],
            "node": conv.node.id if conv.node else None,
            "mood": conv.mood,
            "patience": conv.patience,
            "choices": [{"number": c.number, "text": c.choice.text} for c in conv.choices]
            if not conv.ended
            else [],
            "ended": conv.ended,
        }
        if conv.ended:
            result = conv.result()
            view["ending"] = conv.ending.id if conv.ending else None
            view["debrief"] = render_debrief(
                result, teaches_text(conv.scenario.teaches, conv.rubric)
            )
        return view
