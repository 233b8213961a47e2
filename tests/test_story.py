"""Stories in two calls: part 2 inherits the flags part 1 ended with, the store keeps them, the picker
and `play` show it."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from test_engine_kit import rubric, scenario
from test_store_kit import make_record

from simulator.cli import main as cli_main
from simulator.engine.conversation import Conversation
from simulator.scenario.model import Scenario
from simulator.store.memory_store import MemoryStore
from simulator.store.open import record_from_result
from simulator.store.sqlite_store import SqliteStore
from simulator.store.story import (
    ASSUMED,
    EXPLICIT,
    RECORDED,
    Inheritance,
    best_route_flags,
    flags_along,
    follow_ups,
    inherited_flags,
    last_call_of,
    parse_flag_list,
    part_label,
    recorded_flags,
    start_call,
)
from simulator.validation.validate import FileReport, validate_paths

RUBRIC = rubric()

# Part 1: the best route promises a callback (and clears a flag it set on the way); a worse route promises nothing.
PART1 = """
nodes:
  start:
    say: "My boiler's broken."
    choices:
      - {text: "I'll ring you on Thursday with the time.", effects: {follow_up: 2},
         set: [promised_callback, noted], feedback: Good., next: close}
      - {text: "Someone will be in touch.", effects: {follow_up: -1}, feedback: Vague., next: close}
  close:
    say: "Right."
    choices:
      - {text: "Reference SH-1.", effects: {resolution: 1}, clear: [noted], feedback: Good., next: done}
      - {text: "Bye.", effects: {resolution: -1}, feedback: Curt., next: done}
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Done.}
"""

# Part 2: how he opens depends on what part 1 promised.
PART2 = """
nodes:
  start:
    say: "It's me again."
    choices:
      - {text: "You had our call, as promised.", if: {flag: promised_callback},
         effects: {follow_up: 2}, feedback: Kept., next: done}
      - {text: "Nobody rang you. I'm sorry.", if: {not_flag: promised_callback},
         effects: {empathy: 1}, feedback: Owned., next: done}
      - {text: "How can I help?", effects: {listening: -1}, feedback: Read the notes., next: done}
endings:
  done: {outcome: resolved, satisfaction: 4, say: "Thanks.", summary: Done.}
"""


def part1() -> Scenario:
    return scenario(PART1, rub=RUBRIC, sid="boiler_one")


def part2(days: int = 3) -> Scenario:
    return scenario(
        PART2,
        rub=RUBRIC,
        sid="boiler_two",
        extra=f"follows: {{scenario: boiler_one, days_later: {days}}}\n",
    )


def finder(*scenarios: Scenario) -> Callable[[str], Scenario | None]:
    """Look scenarios up by id, as the story code does with the library."""
    by_id = {s.id: s for s in scenarios}
    return by_id.get


def test_flags_follow_set_and_clear_along_a_route() -> None:
    one = part1()
    assert flags_along(one, [("start", 1)]) == {"promised_callback", "noted"}
    assert flags_along(one, [("start", 1), ("close", 1)]) == {"promised_callback"}
    assert flags_along(one, [("start", 2), ("close", 1)], start=["older"]) == {"older"}
    assert (
        flags_along(one, [("nowhere", 1), ("start", 9)]) == frozenset()
    )  # steps that do not exist change nothing


def test_the_assumed_flags_are_the_first_calls_best_route() -> None:
    assert best_route_flags(part1(), RUBRIC) == {"promised_callback"}


def test_a_follow_up_call_is_labelled_and_grouped_under_its_first_call() -> None:
    one, two = part1(), part2()
    assert part_label(two, 2) == "Part 2 - 3 days later"
    assert part_label(part2(1), 2) == "Part 2 - the next day"
    assert follow_ups([two, one]) == {"boiler_one": [two]}
    assert (
        inherited_flags(one, RUBRIC, find=finder(one, two)) is None
    )  # a first call inherits nothing


def test_explicit_flags_win_then_the_trainees_last_part1_call_then_the_best_route() -> None:
    one, two = part1(), part2()
    find = finder(one, two)
    assumed = inherited_flags(two, RUBRIC, find=find)
    assert (
        assumed is not None and assumed.source == ASSUMED and assumed.flags == {"promised_callback"}
    )
    older = make_record(scenario_id="boiler_one", day=1)
    older.extra["flags"] = ["promised_callback"]
    newer = make_record(scenario_id="boiler_one", day=2)
    newer.extra["flags"] = []  # the last time, nothing was promised
    recorded = inherited_flags(two, RUBRIC, find=find, records=[newer, older])
    assert recorded is not None and recorded.source == RECORDED and recorded.flags == frozenset()
    assert recorded.record is newer and "continues your call of 2026-01-02" in recorded.describe()
    given = inherited_flags(
        two, RUBRIC, find=find, records=[newer], explicit=parse_flag_list(" a, b ,")
    )
    assert given is not None and given.source == EXPLICIT and given.flags == {"a", "b"}
    assert parse_flag_list("") == frozenset()


def test_an_older_record_without_flags_has_them_worked_out_from_its_decisions() -> None:
    one = part1()
    record = make_record(
        scenario_id="boiler_one",
        decisions=[
            {"node_id": "start", "choice": 2, "choice_index": 0, "text": "..."},
            {"node_id": "close", "choice": 1, "choice_index": 1, "text": "..."},
        ],
    )
    record.scenario_hash = one.source_hash
    assert recorded_flags(record, one) == {"promised_callback", "noted"}
    record.scenario_hash = "another version of the file"
    assert (
        recorded_flags(record, one) is None
    )  # the file changed since: the decisions cannot be trusted
    record.decisions = [
        {"node_id": "start", "choice": 1}
    ]  # stored before options kept their identity
    record.scenario_hash = one.source_hash
    assert recorded_flags(record, one) is None


def test_the_last_call_is_the_one_that_finished_last() -> None:
    calls = [
        make_record(scenario_id="boiler_one", day=3),
        make_record(scenario_id="boiler_one", day=1),
        make_record(scenario_id="other", day=9),
    ]
    assert last_call_of(calls, "boiler_one") is calls[0]
    assert last_call_of(calls, "nothing") is None


@pytest.mark.parametrize("kind", ["sqlite", "memory"])
def test_the_store_keeps_the_flags_a_call_ended_with(kind: str, tmp_path: Path) -> None:
    one = part1()
    conv = Conversation(one, RUBRIC)
    conv.choose(1)
    conv.choose(2)
    record = record_from_result(
        "ana",
        conv.result(),
        "2026-01-01T10:00:00+00:00",
        "2026-01-01T10:03:00+00:00",
        flags=conv.flags,
    )
    store = SqliteStore.open(tmp_path / "p.db") if kind == "sqlite" else MemoryStore()
    try:
        store.record_call(record)
        (back,) = store.calls("ana")
    finally:
        store.close()
    assert back.extra["flags"] == ["noted", "promised_callback"]
    assert recorded_flags(back, None) == {"noted", "promised_callback"}
    two = part2()
    follow = record_from_result(
        "ana",
        Conversation(two, RUBRIC).result(),
        "2026-01-04T10:00:00+00:00",
        "2026-01-04T10:03:00+00:00",
        flags=[],
        inherited_flags=["noted"],
        follows="boiler_one",
    )
    assert follow.extra["inherited_flags"] == ["noted"] and follow.extra["follows"] == "boiler_one"


def report(sc: Scenario) -> FileReport:
    return FileReport(sc.path, sc, [])


def test_the_picker_lists_part2_right_under_part1() -> None:
    from simulator.ui.scenes.picker import story_order

    one, two = part1(), part2()
    alone = replace(one, id="alone", title="Alone")
    ordered = story_order([report(two), report(alone), report(one)])
    assert [(r.scenario.id, part, label) for r, part, label in ordered] == [  # type: ignore[union-attr]
        ("alone", 1, ""),
        ("boiler_one", 1, ""),
        ("boiler_two", 2, "Part 2 - 3 days later"),
    ]
    # part 1 filtered out: part 2 keeps its place and its label
    assert [
        (r.scenario.id, label) for r, _, label in story_order([report(two), report(alone)])
    ] == [  # type: ignore[union-attr]
        ("boiler_two", "Part 2 - 3 days later"),
        ("alone", ""),
    ]


def write_pair(folder: Path) -> None:
    from test_engine_kit import HEADER

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rubric.yaml").write_text(
        Path("scenarios/rubric.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for sid, body, extra in (
        ("boiler_one", PART1, ""),
        ("boiler_two", PART2, "follows: {scenario: boiler_one, days_later: 3}\n"),
    ):
        text = HEADER.format(id=sid, mood=0, patience=50, start="start") + extra
        (folder / f"{sid}.yaml").write_text(text + textwrap.dedent(body), encoding="utf-8")


def play_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = cli_main(["play", *args, "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else {}), err


@pytest.mark.parametrize("kind", ["sqlite", "memory"])
def test_the_store_finds_the_trainees_last_call_of_a_scenario(kind: str, tmp_path: Path) -> None:
    store = SqliteStore.open(tmp_path / "p.db") if kind == "sqlite" else MemoryStore()
    try:
        for trainee, day, flags in (
            ("ana", 1, ["old"]),
            ("ana", 3, ["promised_callback"]),
            ("bob", 5, ["bobs"]),
        ):
            record = make_record(trainee, "boiler_one", day=day)
            record.extra["flags"] = flags
            store.record_call(record)
        store.record_call(make_record("ana", "other", day=9))
        last = store.last_call("ana", "boiler_one")
        assert (
            last is not None
            and last.extra["flags"] == ["promised_callback"]
            and last.finished_at.startswith("2026-01-03")
        )
        assert len(last.decisions) == 2 and last.scores  # the whole call, as calls() gives it
        assert (
            store.last_call("ana", "nothing") is None
            and store.last_call("cleo", "boiler_one") is None
        )
    finally:
        store.close()


def test_validation_knows_the_flags_part1_sets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pair(tmp_path)
    two = tmp_path / "boiler_two.yaml"
    assert (
        cli_main(["validate", "--strict", str(two)]) == 0
    )  # checked alone: part 1 is found beside it
    capsys.readouterr()
    two.write_text(
        two.read_text(encoding="utf-8").replace(
            "{not_flag: promised_callback}", "{not_flag: promised_calback}"
        ),
        encoding="utf-8",
    )
    assert cli_main(["validate", "--strict", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert "promised_calback" in out.out + out.err and "unset-flag" in out.out + out.err


def test_validate_keeps_only_links_yet_finds_the_same_problems_across_files(
    tmp_path: Path,
) -> None:
    write_pair(tmp_path / "story")
    story = tmp_path / "story"
    text = (story / "boiler_two.yaml").read_text(encoding="utf-8")
    # Part 2 with a misspelt flag (warned), another part 2 testing part 1's flag (forgiven) and
    # a copy of part 1 under its id (refused): the same with or without the scenarios kept.
    (story / "boiler_two.yaml").write_text(
        text.replace("{not_flag: promised_callback}", "{not_flag: promised_calback}"),
        encoding="utf-8",
    )
    (story / "copy.yaml").write_text(text.replace("id: boiler_two", "id: copy"), encoding="utf-8")
    one = (story / "boiler_one.yaml").read_text(encoding="utf-8")
    (story / "zz_one.yaml").write_text(one, encoding="utf-8")
    kept, kept_extra = validate_paths([tmp_path])
    slim, slim_extra = validate_paths([tmp_path], keep_scenarios=False)
    assert [(r.path, r.problems, r.ok) for r in slim] == [(r.path, r.problems, r.ok) for r in kept]
    assert slim_extra == kept_extra
    rules = {Path(r.path).name: [p.rule for p in r.problems] for r in kept}
    assert rules == {
        "boiler_one.yaml": [],
        "boiler_two.yaml": ["unset-flag"],
        "copy.yaml": [],
        "zz_one.yaml": ["duplicate-id", "id-mismatch"],
    }
    assert "promised_calback" in kept[1].problems[0].message
    assert [r.scenario is not None for r in kept] == [True, True, True, False]
    assert [r.scenario for r in slim] == [None] * 4
    assert [r.links is not None for r in slim] == [True, True, True, False]


def test_inherited_flags_change_how_part2_opens() -> None:
    two = part2()
    kept = start_call(
        two, RUBRIC, Inheritance(frozenset({"promised_callback"}), EXPLICIT, "boiler_one")
    )
    broken = start_call(two, RUBRIC, Inheritance(frozenset(), ASSUMED, "boiler_one"))
    assert [c.choice.text for c in kept.choices][0] == "You had our call, as promised."
    assert [c.choice.text for c in broken.choices][0] == "Nobody rang you. I'm sorry."


def test_play_a_follow_up_call_with_given_flags_or_the_first_calls_best_route(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pair(tmp_path)
    two = str(tmp_path / "boiler_two.yaml")
    code, data, _ = play_json(capsys, two, "--choices", "1")
    assert code == 0
    assert data["inherited"] == {
        "from": "boiler_one",
        "source": "assumed",
        "flags": ["promised_callback"],
    }
    assert data["transcript"][1]["text"] == "You had our call, as promised."
    code, data, _ = play_json(capsys, two, "--choices", "1", "--inherit", "")
    assert (
        code == 0
        and data["inherited"]["flags"] == []
        and data["transcript"][1]["text"] == "Nobody rang you. I'm sorry."
    )
    code, data, err = play_json(capsys, two, "--choices", "1", "--inherit", "promised_callbak")
    assert code == 0 and "never sets flag 'promised_callbak'" in err
    code, _, err = play_json(
        capsys, str(tmp_path / "boiler_one.yaml"), "--choices", "1,1", "--inherit", "x"
    )
    assert code == 2 and "follows no other call" in err
