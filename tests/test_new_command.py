"""`new ID --kind KIND`: a commented starter that validates clean, plays to every ending, and never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ending_routes import (
    cold_lines_that_lead,
    forced_choices,
    kind_answers_beaten,
    play,
    routes_to_endings,
)

from simulator.cli import main as cli_main
from simulator.engine.conversation import Conversation
from simulator.engine.effects import choice_effect
from simulator.paths import PROJECT_ROOT
from simulator.scenario.model import DIFFICULTIES, KINDS, Scenario
from simulator.scenario.starter import schema_link_target
from simulator.validation.library import rubric_for
from simulator.validation.validate import validate_file

SCHEMA = PROJECT_ROOT / "simulator" / "schema" / "scenario.schema.json"
SCHEMA_PREFIX = "# yaml-language-server: $schema="
# The kinds whose callers open by letting off steam; every other kind wants a straight answer first.
VENTING_KINDS = {"irate", "venting", "transferred_and_held"}


def schema_target(path: Path) -> Path:
    """Where the starter's first line points, resolved from the file's own folder as an editor does."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_PREFIX), first
    target = schema_link_target(first[len(SCHEMA_PREFIX) :], path)
    assert target is not None
    return target.resolve()


def run_new(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_main(["new", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", KINDS)
def test_starter_for_each_kind_validates_strict_and_reaches_every_ending(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_new(capsys, f"my_{kind}", "--kind", kind, "--out", str(tmp_path))
    path = tmp_path / f"my_{kind}.yaml"
    assert code == 0
    assert str(path) in out
    assert schema_target(path) == SCHEMA.resolve()

    rubric, _ = rubric_for(path)
    report = validate_file(path, rubric)
    assert report.problems == [], [str(p) for p in report.problems]  # clean even under --strict
    scenario = report.scenario
    assert scenario is not None and scenario.id == f"my_{kind}" and scenario.kind == kind

    routes = routes_to_endings(scenario, rubric)
    assert set(routes) == set(scenario.endings)
    for ending_id, moves in routes.items():
        assert play(scenario, rubric, moves).ending.id == ending_id
    # Scored by the principles: no cold line leads, nothing out-scores the kind answer, no forced choice.
    assert cold_lines_that_lead(scenario, rubric) == []
    assert kind_answers_beaten(scenario, rubric) == []
    assert forced_choices(scenario, rubric) == []


def starter(kind: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> Scenario:
    """The scenario `new` writes for ``kind``, loaded and validated."""
    assert run_new(capsys, f"s_{kind}", "--kind", kind, "--out", str(folder))[0] == 0
    report = validate_file(folder / f"s_{kind}.yaml")
    assert report.scenario is not None
    return report.scenario


def test_each_kind_gets_its_own_opening_and_good_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenarios = [starter(kind, tmp_path, capsys) for kind in KINDS]
    openings = {
        s.nodes["opening"].say[0]
        if isinstance(s.nodes["opening"].say, list)
        else s.nodes["opening"].say
        for s in scenarios
    }
    answers = {c.text for s in scenarios for c in s.nodes["opening"].choices}
    upsets = {str(s.nodes["upset"].say) for s in scenarios}
    assert len(openings) == len(KINDS)
    assert len(answers) == 3 * len(KINDS)  # no option is shared between kinds
    assert len(upsets) == len(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_only_venting_callers_open_with_a_vent(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = starter(kind, tmp_path, capsys)
    opening = scenario.nodes["opening"]
    assert opening.vent is (kind in VENTING_KINDS)
    styles = {c.style for c in opening.choices}
    assert styles == ({"listen", "fix", None} if opening.vent else {None})


@pytest.mark.parametrize("kind", KINDS)
def test_a_warm_close_is_open_whether_or_not_the_promise_was_made(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = starter(kind, tmp_path, capsys)
    rubric, _ = rubric_for(scenario.path)
    for promise in (True, False):
        conv = Conversation(scenario, rubric)
        while conv.node is not None and conv.node.id != "wrap":
            # The best open answer, except that the fix at `solution` is dated only when `promise` is set.
            ranked = sorted(
                conv.choices,
                key=lambda oc: -sum(choice_effect(conv.node, oc.choice, rubric).points.values()),
            )
            pick = ranked[0] if promise or conv.node.id != "solution" else ranked[-1]
            conv.choose(pick.number)
        assert conv.node is not None and conv.node.id == "wrap"
        follow_ups = [
            choice_effect(conv.node, oc.choice, rubric).points.get("follow_up", 0)
            for oc in conv.choices
        ]
        assert max(follow_ups) > 0, f"promise={promise}: no open close earns follow-up"


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_difficulty_sets_patience_and_is_recorded(
    difficulty: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run_new(
            capsys, "tiered", "--kind", "irate", "--difficulty", difficulty, "--out", str(tmp_path)
        )[0]
        == 0
    )
    report = validate_file(tmp_path / "tiered.yaml")
    assert report.scenario is not None and report.scenario.difficulty == difficulty
    patience = {d: p for d, p in zip(DIFFICULTIES, (70, 55, 40), strict=True)}
    assert report.scenario.persona.patience == patience[difficulty]


def test_strict_validate_command_accepts_the_starter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_new(capsys, "fresh", "--kind", "venting", "--out", str(tmp_path))
    assert cli_main(["validate", "--strict", str(tmp_path / "fresh.yaml")]) == 0


@pytest.mark.parametrize("kind", ["confused", "venting"])
def test_the_starter_explains_its_keys(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_new(capsys, "commented", "--kind", kind, "--out", str(tmp_path))
    text = (tmp_path / "commented.yaml").read_text(encoding="utf-8")
    keys = [
        "id",
        "kind",
        "difficulty",
        "persona",
        "mood",
        "patience",
        "start",
        "on_patience_out",
        "nodes",
        "say",
        "mentions",
        "vent",
        "effects",
        "feedback",
        "next",
        "respond_within",
        "recall",
        "set",
        "if",
        "interrupt_ok",
        "endings",
        "outcome",
        "satisfaction",
    ]
    for key in keys + (["style"] if kind in VENTING_KINDS else []):
        assert re.search(rf"^\s*(- )?{key}:.*#", text, re.MULTILINE), f"no comment on `{key}:`"
    if kind not in VENTING_KINDS:
        assert "style: listen" in text  # the vent: false comment still says how venting nodes work


@pytest.mark.parametrize("depth", [0, 1, 3])
def test_schema_hint_and_commands_follow_the_out_folder(
    depth: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path.joinpath(*[f"d{i}" for i in range(depth)])
    code, _out, _ = run_new(capsys, "placed", "--kind", "own_mistake", "--out", str(folder))
    path = folder / "placed.yaml"
    assert code == 0
    assert schema_target(path) == SCHEMA.resolve()
    header = [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")
    ]
    commands = [line for line in header if "python main.py" in line]
    assert commands and all(str(path) in line for line in commands), commands
    assert not any("scenarios/" in line for line in header), header


def test_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "taken.yaml"
    existing.write_text("my own work\n", encoding="utf-8")
    code, _, err = run_new(capsys, "taken", "--kind", "irate", "--out", str(tmp_path))
    assert code == 2
    assert "already exists" in err and "taken.yaml" in err
    assert existing.read_text(encoding="utf-8") == "my own work\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["Late-Refund", "--kind", "irate"], "did you mean 'late_refund'?"),
        (["2nd_call", "--kind", "irate"], "did you mean 'call_2nd_call'?"),
        (["ok_id", "--kind", "iratee"], "did you mean 'irate'?"),
        (["ok_id", "--kind", "website"], "kinds are: irate"),
        (["ok_id", "--kind", "irate", "--difficulty", "hrd"], "did you mean 'hard'?"),
    ],
)
def test_bad_input_is_refused_with_a_hint(
    args: list[str], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_new(capsys, *args, "--out", str(tmp_path))
    assert code == 2
    assert expected in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_out_pointing_at_a_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    code, _, err = run_new(capsys, "any", "--kind", "irate", "--out", str(not_a_folder))
    assert code == 2
    assert "not a folder" in err


def test_missing_out_folder_is_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "team" / "drafts"
    assert run_new(capsys, "draft_one", "--kind", "own_mistake", "--out", str(target))[0] == 0
    assert (target / "draft_one.yaml").is_file()


# -- a schema link that survives a move (issue 16) ---------------------------------------------


def test_a_file_written_with_out_keeps_its_schema_link_when_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drafts = tmp_path / "drafts"
    code, _, _ = run_new(capsys, "moving", "--kind", "irate", "--out", str(drafts))
    assert code == 0
    moved = tmp_path / "elsewhere" / "deeper" / "moving.yaml"
    moved.parent.mkdir(parents=True)
    (drafts / "moving.yaml").rename(moved)
    assert schema_target(moved) == SCHEMA.resolve()
    rubric, _ = rubric_for(moved)
    assert validate_file(moved, rubric).problems == []


def test_a_moved_file_with_a_broken_relative_link_is_warned_with_the_link_that_works(
    tmp_path: Path,
) -> None:
    text = (PROJECT_ROOT / "scenarios" / "late_refund.yaml").read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_PREFIX + "../simulator/schema/scenario.schema.json\n")
    moved = tmp_path / "late_refund.yaml"
    moved.write_text(text, encoding="utf-8")
    rubric, _ = rubric_for(PROJECT_ROOT / "scenarios" / "late_refund.yaml")
    report = validate_file(moved, rubric)
    (p,) = [x for x in report.problems if x.rule == "schema-link"]
    good = SCHEMA.resolve().as_uri()
    assert (p.pos.line, p.pos.col, p.severity.value) == (1, 33, "warning")
    assert p.message == (
        "the editor schema link '../simulator/schema/scenario.schema.json' leads to no file from "
        "this file's folder (was the file moved?), so editors stop checking it; write "
        f"# yaml-language-server: $schema={good}"
    )
    assert p.fix is not None
    moved.write_text(p.fix.apply(text), encoding="utf-8")
    assert schema_target(moved) == SCHEMA.resolve()
    assert [x for x in validate_file(moved, rubric).problems if x.rule == "schema-link"] == []
