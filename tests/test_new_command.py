"""`new ID --kind KIND`: a commented starter that validates clean, plays to every ending, and never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ending_routes import play, routes_to_endings
from simulator.cli import main as cli_main
from simulator.library import rubric_for
from simulator.model import DIFFICULTIES, KINDS
from simulator.validation.validate import validate_file

SCHEMA_LINE = "# yaml-language-server: $schema=../simulator/schema/scenario.schema.json"


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
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE

    rubric, _ = rubric_for(path)
    report = validate_file(path, rubric)
    assert report.problems == [], [str(p) for p in report.problems]  # clean even under --strict
    scenario = report.scenario
    assert scenario is not None and scenario.id == f"my_{kind}" and scenario.kind == kind

    routes = routes_to_endings(scenario, rubric)
    assert set(routes) == set(scenario.endings)
    for ending_id, moves in routes.items():
        assert play(scenario, rubric, moves).ending.id == ending_id


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_difficulty_sets_patience_and_is_recorded(difficulty: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_new(capsys, "tiered", "--kind", "irate", "--difficulty", difficulty, "--out", str(tmp_path))[0] == 0
    report = validate_file(tmp_path / "tiered.yaml")
    assert report.scenario is not None and report.scenario.difficulty == difficulty
    patience = {d: p for d, p in zip(DIFFICULTIES, (70, 55, 40))}
    assert report.scenario.persona.patience == patience[difficulty]


def test_strict_validate_command_accepts_the_starter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_new(capsys, "fresh", "--kind", "venting", "--out", str(tmp_path))
    assert cli_main(["validate", "--strict", str(tmp_path / "fresh.yaml")]) == 0


def test_the_starter_explains_its_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_new(capsys, "commented", "--kind", "confused", "--out", str(tmp_path))
    text = (tmp_path / "commented.yaml").read_text(encoding="utf-8")
    for key in ("id", "kind", "difficulty", "persona", "mood", "patience", "start", "on_patience_out", "nodes",
                "say", "mentions", "vent", "style", "effects", "next", "respond_within", "recall", "set", "if",
                "interrupt_ok", "endings", "outcome", "satisfaction"):
        assert re.search(rf"^\s*(- )?{key}:.*#", text, re.M), f"no comment on `{key}:`"


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


def test_out_pointing_at_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    code, _, err = run_new(capsys, "any", "--kind", "irate", "--out", str(not_a_folder))
    assert code == 2
    assert "not a folder" in err


def test_missing_out_folder_is_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "team" / "drafts"
    assert run_new(capsys, "draft_one", "--kind", "own_mistake", "--out", str(target))[0] == 0
    assert (target / "draft_one.yaml").is_file()
