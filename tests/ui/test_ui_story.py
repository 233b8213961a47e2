"""A story in two calls in the game: part 2 is listed under part 1 and inherits the flags of the
trainee's last part 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import answer_key, send

from simulator.store.story import ASSUMED, RECORDED
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.picker import PickerScene

FIXTURES = Path(__file__).parent / "fixtures"

PART2 = """id: tiny_followup
title: Tiny call, again
summary: Two days later the customer rings back about the parcel.
kind: confused
difficulty: medium
follows: {scenario: tiny, days_later: 2}
persona: {name: Zoë Ångström, mood: -20, patience: 50}
start: again
nodes:
  again:
    say: "It's me again, about order 77."
    choices:
      - text: "You had the new parcel, as promised?"
        if: {flag: promised_friday}
        effects: {follow_up: 2}
        feedback: "You remembered the promise."
        next: done
      - text: "Nobody told you anything. I'm sorry."
        if: {not_flag: promised_friday}
        effects: {empathy: 1}
        feedback: "You owned the silence."
        next: done
      - text: "How can I help?"
        effects: {listening: -1}
        feedback: "Read the notes first."
        next: done
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: "Sorted."}
"""


@pytest.fixture
def story_dir(scenario_dir: Path) -> Path:
    """The tiny call, whose good close promises Friday, and a part 2 that follows it."""
    tiny = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    tiny = tiny.replace(
        "        next: happy\n", "        set: [promised_friday]\n        next: happy\n", 1
    )
    (scenario_dir / "tiny.yaml").write_text(tiny, encoding="utf-8")
    (scenario_dir / "tiny_followup.yaml").write_text(PART2, encoding="utf-8")
    return scenario_dir


def cards(app: Any) -> list[tuple[str, str, bool]]:
    return [(c.report.scenario.id, c.label, c.nested) for c in app.top.cards if c.playable]


def open_card(app: Any, scenario_id: str) -> Any:
    picker = app.top
    index = next(
        i for i, c in enumerate(picker.cards) if c.playable and c.report.scenario.id == scenario_id
    )
    picker.play(index)
    return app.top


def test_part2_is_listed_under_part1_and_plays_on_from_part1s_best_route(
    make_app: Callable[..., Any], story_dir: Path
) -> None:
    app = make_app()
    app.reset(PickerScene(app))
    assert cards(app) == [("tiny", "", False), ("tiny_followup", "Part 2 - 2 days later", True)]
    card = app.top.cards[1]
    assert "not played 'Tiny call' yet" in app.top.story_note(card)
    assert card.rect.x > app.top.cards[0].rect.x  # drawn indented, under part 1
    app.render(force=True)
    call = open_card(app, "tiny_followup")
    assert isinstance(call, CallScene)
    assert call.inheritance.source == ASSUMED and call.inheritance.flags == {"promised_friday"}
    assert [oc.choice.text for oc in call.conv.choices if oc.choice.condition is not None] == [
        "You had the new parcel, as promised?"
    ]


def test_after_part1_part2_continues_the_trainees_own_call_and_both_are_recorded(
    make_app: Callable[..., Any], story_dir: Path
) -> None:
    app = make_app()
    app.reset(PickerScene(app))
    call = open_card(app, "tiny")
    for authored in (0, 1):  # a kind opening, then no promise: "No idea, sorry."
        app.services.clock.advance(
            3
        )  # the customer has finished speaking; well within the 5 s to answer
        app.step([])
        send(app, answer_key(call, authored))
    assert call.conv.ended and call.saved_id is not None
    (part1,) = app.services.store.calls("Tester")
    assert part1.extra["flags"] == []
    app.pop()
    app.top.refresh()
    card = next(c for c in app.top.cards if c.playable and c.report.scenario.id == "tiny_followup")
    assert "continues your last call of 'Tiny call'" in app.top.story_note(card)
    follow = open_card(app, "tiny_followup")
    assert follow.inheritance.source == RECORDED and follow.inheritance.flags == frozenset()
    assert [oc.choice.text for oc in follow.conv.choices if oc.choice.condition is not None] == [
        "Nobody told you anything. I'm sorry."
    ]
    app.services.clock.advance(3)
    app.step([])
    send(app, answer_key(follow, 1))
    assert follow.conv.ended
    calls = app.services.store.calls("Tester")
    assert [c.scenario_id for c in calls] == ["tiny", "tiny_followup"]
    assert calls[1].extra["follows"] == "tiny" and calls[1].extra["inherited_flags"] == []
