"""Odd input gets a located message, never a traceback or a hang: huge numbers, pipes, devices, long
ids, encodings, tabs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from simulator.paths import DEFAULT_RUBRIC, PROJECT_ROOT
from simulator.scenario.yaml_loader import load_bytes, load_file, load_text


def _validate(
    *paths: str, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "main.py"), "validate", *paths],
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
    )


def test_a_number_past_pythons_digit_limit_is_out_of_range_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("id: huge\npersona: {mood: " + "9" * 5000 + "}\n", encoding="utf-8")
    done = _validate(str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (
        "huge.yaml:2:17: error: persona.mood: 99999999999999999999... (5,000 digits) is out of "
        "range; use a value from -100 to 100 [out-of-range]" in done.stdout
    )


def test_a_huge_negative_number_reads_as_huge_and_negative() -> None:
    result = load_text("mood: -" + "1" * 5000 + "\n", "f.yaml")
    value = result.doc.get("mood").value  # type: ignore[union-attr]
    assert isinstance(value, int) and value < -(10**4000)


def test_a_pipe_named_yaml_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    done = _validate(str(fifo), timeout=20)  # before this was checked, the read blocked for ever
    assert done.returncode == 1
    assert (
        f"{fifo}:1:1: error: this is a pipe, not a YAML file; give the path of a .yaml file [file]"
        in done.stdout
    )


def test_a_device_is_refused() -> None:
    problems = load_file("/dev/null").problems
    assert [(p.rule, p.pos.line, p.pos.col, p.message) for p in problems] == [
        ("file", 1, 1, "this is a device, not a YAML file; give the path of a .yaml file")
    ]


def test_a_folder_named_like_a_scenario_is_searched_not_read(tmp_path: Path) -> None:
    (tmp_path / "calls.yaml").mkdir()
    done = _validate(str(tmp_path / "calls.yaml"))
    assert "Traceback" not in done.stderr and done.returncode == 2
    assert done.stderr == f"{tmp_path / 'calls.yaml'}: no scenario files (*.yaml) found\n"


def test_new_with_a_300_character_id_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "main.py"), "new", "a" * 300, "--kind", "irate"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is not a valid id" in done.stderr and "at most 64 characters" in done.stderr
    assert "did you mean '" + "a" * 64 + "'?" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_windows_1252_curly_quote_is_named_in_plain_words() -> None:
    (p,) = load_bytes("id: x\ntitle: it\x92s mine\n".encode("latin-1"), "f.yaml").problems
    assert (p.rule, p.pos.line, p.pos.col) == ("not-utf8", 2, 10)
    assert p.message == (
        "byte 0x92 is not UTF-8: it looks like a curly apostrophe (’) saved as Windows-1252 (as "
        "Word or an old Notepad saves it); save the file as UTF-8 in your editor (Save As, "
        "Encoding: UTF-8)"
    )


def test_a_tab_that_breaks_indentation_says_replace_it_with_spaces() -> None:
    (p,) = load_text("id: x\nnodes:\n  a:\n    say: hello\n\tthere\n", "f.yaml").problems
    assert (p.rule, p.pos.line, p.pos.col) == ("yaml-syntax", 5, 1)
    assert p.message == (
        "tabs are not allowed for indentation in YAML; replace the tab with spaces (set your editor "
        "to type spaces for the Tab key)"
    )


def test_a_300_character_name_is_a_clear_error_for_every_command(tmp_path: Path) -> None:
    name = "a" * 300
    expected = (
        "error: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' (300 characters) is too long to be a file name "
        "(at most 255 characters) or a scenario id (at most 64); check the path or the id"
    )
    for command in (["play", name], ["stats", name], ["graph", name], ["validate", name]):
        done = subprocess.run(
            [sys.executable, str(PROJECT_ROOT / "main.py"), *command],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            check=False,
        )
        assert done.returncode == 2 and "Traceback" not in done.stderr, (command, done.stderr)
        assert done.stderr.strip().splitlines()[0] == expected, command


def test_odd_files_in_a_scenarios_folder_are_listed_as_cannot_be_played(tmp_path: Path) -> None:
    from simulator.validation.library import load_library

    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "rubric.yaml").write_text(DEFAULT_RUBRIC.read_text(encoding="utf-8"), "utf-8")
    good = (PROJECT_ROOT / "scenarios" / "late_refund.yaml").read_text(encoding="utf-8")
    (folder / "late_refund.yaml").write_text(good, encoding="utf-8")
    (folder / "huge.yaml").write_text("id: huge\npersona: {mood: " + "9" * 5000 + "}\n", "utf-8")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    library = load_library(folder)  # the game's start-up: a pipe must not block it
    assert [s.id for s in library.scenarios] == ["late_refund"]
    first = {Path(r.path).name: str(r.first_error) for r in library.reports if not r.ok}
    assert first == {
        "gone.yaml": f"{folder / 'gone.yaml'}:1:1: error: file not found; check the path [file]",
        "huge.yaml": first["huge.yaml"],  # the whole file is wrong; its huge number is below
        "pipe.yaml": f"{folder / 'pipe.yaml'}:1:1: error: this is a pipe, not a YAML file; "
        "give the path of a .yaml file [file]",
    }
    (huge,) = [r for r in library.reports if r.path.endswith("huge.yaml")]
    assert (
        f"{folder / 'huge.yaml'}:2:17: error: persona.mood: 99999999999999999999... (5,000 digits) is "
        "out of range; use a value from -100 to 100 [out-of-range]"
    ) in [str(p) for p in huge.problems]
