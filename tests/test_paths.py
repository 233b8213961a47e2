"""Where scenarios come from, how the program names itself, and where `new` and `schema` write.

The installed case is simulated by pointing simulator.paths at a copy of the data laid out as
a wheel lays it out; .ci/wheel-smoke (tests/test_packaging.py) checks the real installed wheel.
"""

from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path

import pytest

import simulator.paths as paths
from simulator.cli import main as cli_main
from simulator.cli.new import default_folder, schema_ref
from simulator.paths import BUILT_IN, FOLDER, YOURS, program_name, scenario_sources
from simulator.validation.library import load_library, resolve_scenario_path

LATE_REFUND = paths.SCENARIOS_DIR / "late_refund.yaml"


def own_copy(folder: Path, sid: str, title: str) -> Path:
    """A copy of late_refund under another id and title in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = LATE_REFUND.read_text(encoding="utf-8").replace("id: late_refund", f"id: {sid}", 1)
    text = text.replace("title: ", f"title: {title!r} # was: ", 1)
    target = folder / f"{sid}.yaml"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user data folder of its own and an empty working directory."""
    monkeypatch.setenv("ON_THE_LINE_DATA_DIR", str(tmp_path / "data"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    paths.use_scenario_folders(None)
    yield tmp_path / "data"
    paths.use_scenario_folders(None)


def test_sources_in_order_without_duplicates(user_dir: Path, tmp_path: Path) -> None:
    assert [s.origin for s in scenario_sources()] == [BUILT_IN]  # nothing of the trainer's yet
    (user_dir / "scenarios").mkdir(parents=True)
    (tmp_path / "work" / "scenarios").mkdir()
    extra = tmp_path / "extra"
    extra.mkdir()
    paths.use_scenario_folders([extra, tmp_path / "work" / "scenarios", tmp_path / "missing"])
    sources = scenario_sources()
    assert [(s.folder.resolve(), s.origin) for s in sources] == [
        (extra.resolve(), FOLDER),
        ((tmp_path / "work" / "scenarios").resolve(), FOLDER),  # given twice, listed once
        ((user_dir / "scenarios").resolve(), YOURS),
        (paths.SCENARIOS_DIR, BUILT_IN),
    ]
    assert [s.label for s in sources][1:] == ["scenarios", "yours", "built-in"]


def test_the_checkouts_own_scenarios_folder_is_the_built_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(paths.PROJECT_ROOT)
    assert paths.is_checkout()
    assert [s.origin for s in scenario_sources()] == [BUILT_IN]


def test_library_knows_where_each_call_came_from(user_dir: Path) -> None:
    own_copy(user_dir / "scenarios", "my_refund", "My refund call")
    library = load_library()
    origins = {r.scenario.id: library.origin_of(r).origin for r in library.reports if r.scenario}
    assert origins["my_refund"] == YOURS
    assert origins["late_refund"] == BUILT_IN
    assert library.find("my_refund") is not None


def test_a_trainers_call_with_a_built_in_id_comes_first_and_is_not_a_duplicate(
    user_dir: Path, tmp_path: Path
) -> None:
    mine = own_copy(tmp_path / "mine", "late_refund", "My late refund")
    paths.use_scenario_folders([mine.parent])
    assert resolve_scenario_path("late_refund") == mine
    library = load_library()
    same_id = [r for r in library.reports if r.scenario and r.scenario.id == "late_refund"]
    assert [library.origin_of(r).origin for r in same_id] == [FOLDER, BUILT_IN]
    assert library.find("late_refund").title == "My late refund"  # type: ignore[union-attr]


def test_scenarios_option_reaches_play_by_id(
    user_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own_copy(tmp_path / "mine", "only_mine", "Only mine")
    assert cli_main(["play", "only_mine", "--json", "--in-order", "--choices", "1"]) == 2
    capsys.readouterr()
    code = cli_main(
        [
            "play",
            "only_mine",
            "--scenarios",
            str(tmp_path / "mine"),
            "--json",
            "--in-order",
            "--choices",
            "1",
        ]
    )
    out, err = capsys.readouterr()
    assert code in (0, 1), err  # found and played (1: the call did not end after one choice)
    # and the next call in the same process does not see the folder any more
    assert cli_main(["play", "only_mine", "--json", "--in-order", "--choices", "1"]) == 2


def fake_main(
    monkeypatch: pytest.MonkeyPatch, file: str | None, spec_name: str | None = None
) -> None:
    """Make ``__main__`` look like the program was started from ``file``."""
    module = types.ModuleType("__main__")
    if file is not None:
        module.__file__ = file
    module.__spec__ = types.SimpleNamespace(name=spec_name) if spec_name else None  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "__main__", module)


@pytest.mark.parametrize(
    ("file", "spec", "checkout", "expected"),
    [
        ("/home/t/on-the-line/main.py", None, True, "python main.py"),
        ("/home/t/.venv/bin/on-the-line", None, False, "on-the-line"),
        ("/x/simulator/__main__.py", "simulator.__main__", False, "python -m simulator"),
        (r"C:\venv\Scripts\on-the-line.exe\__main__.py", None, False, "on-the-line"),
        (
            None,
            None,
            True,
            "python main.py",
        ),  # python -c, or a test runner: what the user would type
        (None, None, False, "on-the-line"),
    ],
)
def test_program_name_is_what_the_user_typed(
    monkeypatch: pytest.MonkeyPatch,
    file: str | None,
    spec: str | None,
    checkout: bool,
    expected: str,
) -> None:
    if file and "\\" in file:
        file = file.replace("\\", "/")  # a POSIX test machine: same shape with forward slashes
    fake_main(monkeypatch, file, spec)
    monkeypatch.setattr(paths, "is_checkout", lambda: checkout)
    monkeypatch.setattr(sys, "argv", ["-c"])
    assert program_name() == expected


def test_frozen_bundle_names_its_program(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/On the Line/on-the-line")
    assert program_name() == "on-the-line"


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """simulator.paths as in an installed wheel: the data and the schema inside a site-packages copy."""
    site = tmp_path / "site-packages" / "simulator"
    data = site / "data"
    shutil.copytree(paths.SCENARIOS_DIR, data / "scenarios")
    shutil.copytree(paths.SCHEMA_DIR, site / "schema")
    monkeypatch.setattr(paths, "DATA_ROOT", data)
    monkeypatch.setattr(paths, "SCENARIO_SCHEMA", site / "schema" / "scenario.schema.json")
    fake_main(monkeypatch, str(tmp_path / "bin" / "on-the-line"))
    return data


def test_new_writes_to_the_working_directory_and_names_the_installed_program(
    installed: Path, user_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert default_folder() == Path.cwd()
    assert cli_main(["new", "demo_call", "--kind", "irate"]) == 0
    out = capsys.readouterr().out
    written = Path.cwd() / "demo_call.yaml"
    text = written.read_text(encoding="utf-8")
    assert "'on-the-line validate --strict demo_call.yaml'" in out
    assert "on-the-line --scenarios ." in out  # not in a folder the game lists: says how to see it
    assert "python main.py" not in out + text
    assert "#   on-the-line play demo_call.yaml" in text
    link = text.splitlines()[0].split("$schema=", 1)[1]
    assert link == paths.SCENARIO_SCHEMA.resolve().as_uri()  # works wherever the file is moved to
    assert not list(installed.rglob("demo_call.yaml"))


def test_new_goes_into_scenarios_when_the_working_directory_has_one(
    installed: Path, user_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (Path.cwd() / "scenarios").mkdir()
    assert cli_main(["new", "in_folder", "--kind", "venting"]) == 0
    assert (Path.cwd() / "scenarios" / "in_folder.yaml").is_file()
    assert "--scenarios" not in capsys.readouterr().out  # the game lists ./scenarios already


def test_new_never_writes_into_the_installation(
    installed: Path, user_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli_main(["new", "intruder", "--kind", "irate", "--out", str(installed / "scenarios")])
    assert code == 2
    assert "inside the installed program" in capsys.readouterr().err
    assert not (installed / "scenarios" / "intruder.yaml").exists()


def test_schema_command_prints_the_path_and_writes_a_copy_that_new_then_links(
    user_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["schema"]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed == paths.SCENARIO_SCHEMA and printed.is_file()
    folder = tmp_path / "mine"
    assert cli_main(["schema", "--write", str(folder)]) == 0
    copy = folder / "scenario.schema.json"
    assert copy.read_bytes() == paths.SCENARIO_SCHEMA.read_bytes()
    assert schema_ref(folder / "x.yaml") == "scenario.schema.json"
    assert cli_main(["new", "beside", "--kind", "irate", "--out", str(folder)]) == 0
    first = (folder / "beside.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=scenario.schema.json"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert cli_main(["schema", "--write", str(tmp_path / "file")]) == 2


def test_help_names_the_sources(user_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--scenarios DIR" in out and str(paths.user_scenarios_dir()) in out


def test_a_zipped_package_has_its_data_copied_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    monkeypatch.setenv("ON_THE_LINE_CACHE_DIR", str(tmp_path / "cache"))
    archive = tmp_path / "pkg.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("simulator/data/scenarios/rubric.yaml", "principles: {}\n")
        zf.writestr("simulator/data/assets/fonts/x.ttf", b"\x00\x01")
    resource = zipfile.Path(archive, "simulator/data/")
    folder = paths.resource_folder(resource, "data")
    assert folder == tmp_path / "cache" / "resources" / "data"
    assert (folder / "scenarios" / "rubric.yaml").read_text(encoding="utf-8") == "principles: {}\n"
    assert (folder / "assets" / "fonts" / "x.ttf").read_bytes() == b"\x00\x01"
    assert paths.resource_folder(tmp_path, "data") == tmp_path  # a plain folder is used where it is
