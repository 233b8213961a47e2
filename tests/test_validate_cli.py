"""`python main.py validate`: what trainers see, and the exit codes scripts rely on."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import simulator.paths
from simulator.cli import main
from simulator.paths import DEFAULT_RUBRIC, PROJECT_ROOT, SCENARIOS_DIR

# Files written outside the project link the schema by its full address, as `new` writes them.
CLEAN = (
    "# yaml-language-server: $schema="
    + (PROJECT_ROOT / "simulator" / "schema" / "scenario.schema.json").resolve().as_uri()
    + """
id: {id}
title: Demo call
summary: A short call.
kind: irate
difficulty: easy
persona: {{name: Sam, mood: -20, patience: 50}}
start: hello
nodes:
  hello:
    say: Where is my parcel?
    choices:
      - text: I'm sorry, let me check.
        effects: {{empathy: 2}}
        feedback: Good.
        next: done
endings:
  done: {{outcome: resolved, satisfaction: 4}}
teaches: [empathy]  # last, so the line numbers above stay put
"""
)
LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+) \[(?P<rule>[a-z0-9-]+)\]$"
)


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scenarios folder with the shipped rubric, as the working directory."""
    (tmp_path / "rubric.yaml").write_text(
        DEFAULT_RUBRIC.read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    """Exit code, stdout lines and stderr of `validate ARGS`."""
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_clean_file_exits_0(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(folder, "a.yaml", CLEAN.format(id="a"))
    code, out, err = run(capsys, "a.yaml")
    assert (code, out) == (0, [])
    assert "1 file(s) checked: 0 error(s), 0 warning(s)" in err


def test_errors_exit_1_as_file_line_col_lines(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(folder, "a.yaml", CLEAN.format(id="a").replace("next: done", "next: dnoe"))
    code, out, err = run(capsys, "a.yaml")
    assert code == 1
    assert len(out) == 1
    first = LINE.match(out[0])
    assert first is not None, out[0]
    assert (first["file"], first["line"], first["col"], first["sev"], first["rule"]) == (
        "a.yaml",
        "16",
        "15",
        "error",
        "dangling-next",
    )
    assert "did you mean 'done'?" in first["msg"]
    assert all(LINE.match(line) for line in out)
    assert "1 file(s) cannot be played until fixed" in err


def test_warnings_pass_unless_strict(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(folder, "a.yaml", CLEAN.format(id="a").replace("{empathy: 2}", "{}"))
    code, out, _ = run(capsys, "a.yaml")
    assert code == 0
    assert [LINE.match(line)["rule"] for line in out] == ["no-principle"]  # type: ignore[index]
    code, out, _ = run(capsys, "--strict", "a.yaml")
    assert code == 1 and len(out) == 1


def test_github_annotations(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        folder,
        "a.yaml",
        CLEAN.format(id="a").replace("next: done", "next: nowhere").replace("{empathy: 2}", "{}"),
    )
    code, out, err = run(capsys, "--format", "github", "a.yaml")
    assert code == 1
    assert out[0] == (
        "::warning file=a.yaml,line=13,col=9,title=no-principle::choice 1 of node 'hello' scores no principle; "
        "add `effects:` such as {empathy: 1} so the debrief can coach it"
    )
    assert out[1].startswith(
        "::error file=a.yaml,line=16,col=15,title=dangling-next::choice 1 of node 'hello' goes to 'nowhere'"
    )
    assert err == ""  # annotations only: no summary in the log


def test_context_format_shows_the_line_and_a_caret(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(folder, "a.yaml", CLEAN.format(id="a").replace("next: done", "next: dnoe"))
    _, out, _ = run(capsys, "--format", "context", "a.yaml")
    assert out[1].endswith("|         next: dnoe")
    assert out[2].index("^") == out[1].index("dnoe")


def test_default_path_is_the_scenarios_folder(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert SCENARIOS_DIR == PROJECT_ROOT / "scenarios"
    default = folder / "scenarios"
    default.mkdir()
    write(default, "rubric.yaml", DEFAULT_RUBRIC.read_text(encoding="utf-8"))
    write(default, "x.yaml", CLEAN.format(id="x").replace("next: done", "next: nowhere"))
    write(default, "y.yaml", CLEAN.format(id="y"))
    write(folder, "elsewhere.yaml", "not: a scenario\n")
    monkeypatch.setattr(simulator.paths, "SCENARIOS_DIR", default)
    code, out, err = run(capsys)
    assert code == 1
    assert {LINE.match(line)["file"] for line in out} == {"scenarios/x.yaml"}  # type: ignore[index]
    assert "2 file(s) checked" in err  # rubric.yaml is not a scenario


def test_missing_path_exits_2_with_a_message(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(folder, "a.yaml", CLEAN.format(id="a"))
    code, out, err = run(capsys, "a.yaml", "nope.yaml")
    assert (code, out) == (2, [])
    assert "nope.yaml: error: no such file or folder; check the path" in err


def test_folder_without_scenarios_exits_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "empty").mkdir()
    code, _, err = run(capsys, "empty")
    assert code == 2 and "no scenario files" in err


def test_unknown_option_exits_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "xml"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_a_broken_file_does_not_stop_the_others(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(folder, "a_syntax.yaml", "id: a\ntitle: [unclosed\n")
    (folder / "b_binary.yaml").write_bytes(b"id: b\ntitle: \xff\xfe\n")
    write(folder, "c_dangling.yaml", CLEAN.format(id="c").replace("next: done", "next: nowhere"))
    write(folder, "d_clean.yaml", CLEAN.format(id="d_clean"))
    write(folder, "e_dup.yaml", CLEAN.format(id="d_clean"))
    code, out, err = run(capsys, ".")
    assert code == 1
    seen = [(m["file"], m["rule"]) for m in map(LINE.match, out) if m]
    assert len(seen) == len(out)
    assert ("a_syntax.yaml", "yaml-syntax") in seen
    assert ("b_binary.yaml", "not-utf8") in seen
    assert ("c_dangling.yaml", "dangling-next") in seen
    assert ("e_dup.yaml", "duplicate-id") in seen
    assert not any(f == "d_clean.yaml" for f, _ in seen)
    assert out == sorted(
        out, key=lambda line: (line.split(":")[0], int(line.split(":")[1]), int(line.split(":")[2]))
    )
    assert "5 file(s) checked" in err and "4 file(s) cannot be played until fixed" in err


def test_a_broken_rubric_is_reported_once_and_blocks_its_scenarios(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        folder,
        "rubric.yaml",
        "pass_mark: 170\nprinciples: {empathy: {title: E, description: D, weight: 1}}\n",
    )
    write(folder, "a.yaml", CLEAN.format(id="a"))
    code, out, _ = run(capsys, "a.yaml")
    assert code == 1
    assert any(
        line.startswith("rubric.yaml:1:12: error:") and line.endswith("[out-of-range]")
        for line in out
    )
    assert any(
        line.startswith("a.yaml:1:1: error: cannot check this file: its rubric") for line in out
    )


def test_main_py_runs_validate_as_a_subprocess(tmp_path: Path) -> None:
    write(tmp_path, "rubric.yaml", DEFAULT_RUBRIC.read_text(encoding="utf-8"))
    write(tmp_path, "a.yaml", CLEAN.format(id="a").replace("next: done", "next: nowhere"))
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "main.py"), "validate", "a.yaml"],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("a.yaml:16:15: error: ")
    assert "Traceback" not in proc.stderr


# -- the shipped scenarios carry the schema line editors read ----------------------------


def _shipped() -> list[Path]:
    return sorted(p for p in SCENARIOS_DIR.rglob("*") if p.suffix in (".yaml", ".yml"))


def test_every_shipped_file_names_its_schema_on_the_first_line() -> None:
    files = _shipped()
    assert any(p.name == "rubric.yaml" for p in files) and len(files) > 1
    for path in files:
        schema = "rubric" if path.name == "rubric.yaml" else "scenario"
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        rel = os.path.relpath(PROJECT_ROOT / "simulator" / "schema", path.parent).replace(
            os.sep, "/"
        )
        assert first == f"# yaml-language-server: $schema={rel}/{schema}.schema.json", path.name
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file()


def test_a_scenario_id_is_validated_like_its_file(capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.cli import main as cli_main

    assert cli_main(["validate", "late_refund"]) == 0
    assert "1 file(s) checked" in capsys.readouterr().err
