"""The studio's play pane drives the real engine through its public surface (no reaching into state)."""

from __future__ import annotations

from test_engine_kit import rubric, scenario

from simulator.studio.playing import Plays

CALL = """
nodes:
  start:
    say: "Hello, my order never came."
    choices:
      - {text: "I'm sorry. Let me look now.", effects: {empathy: 1}, feedback: Good., next: done}
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Sorted.}
"""


def test_the_play_pane_shows_each_new_line_once_and_the_debrief_at_the_end() -> None:
    plays = Plays()
    first = plays.start(scenario(CALL), rubric(), None)
    assert first["lines"] == [
        {"speaker": "customer", "text": "Hello, my order never came.", "node": "start"}
    ]
    after = plays.choose(first["session"], 1)
    assert [(line["speaker"], line["text"]) for line in after["lines"]] == [
        ("trainee", "I'm sorry. Let me look now."),
        ("customer", "Thanks."),
    ]
    assert after["ended"] and "Debrief" in after["debrief"]
