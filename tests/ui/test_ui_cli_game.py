"""The game command's start-up checks: no display, and demo choices checked like ``play --choices``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.cli.game import (
    NO_DISPLAY_MESSAGE,
    fallback_message,
    fell_back_to_headless,
    fit_to_desktop,
    no_display,
)
from simulator.paths import PROJECT_ROOT
from simulator.store.open import open_store
from simulator.ui.pg import pygame

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("driver", "env", "expected"),
    [
        ("offscreen", {}, True),
        ("dummy", {}, True),
        ("offscreen", {"SDL_VIDEODRIVER": "offscreen"}, False),  # asked for: tests, benchmarks
        ("offscreen", {"DISPLAY": ":0"}, True),  # a stale DISPLAY: X did not answer, SDL fell back
        ("offscreen", {"WAYLAND_DISPLAY": "wayland-0"}, True),
        ("x11", {"DISPLAY": ":0"}, False),
    ],
)
def test_an_invisible_driver_is_only_refused_when_sdl_chose_it_for_want_of_a_display(
    driver: str, env: dict[str, str], expected: bool
) -> None:
    assert fell_back_to_headless(driver, env) is expected


def test_the_fallback_message_names_the_display_that_did_not_answer() -> None:
    assert ":987" in fallback_message(
        {"DISPLAY": ":987"}
    ) and "no display found" in fallback_message({"DISPLAY": ":987"})
    assert fallback_message({}) == NO_DISPLAY_MESSAGE


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="a stale X display is a Linux desktop matter"
)
def test_the_game_with_a_stale_display_says_so_and_exits_2_instead_of_hanging(
    tmp_path: Path,
) -> None:
    # :987 is a display nobody serves: SDL quietly falls back to 'offscreen' and the game would wait unseen
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    env.update(
        {
            "DISPLAY": ":987",
            "ON_THE_LINE_DATA_DIR": str(tmp_path / "data"),
            "ON_THE_LINE_CONFIG_DIR": str(tmp_path / "config"),
            "ON_THE_LINE_EXIT_AFTER": "20",
        }
    )  # a regression quits by itself instead of hanging the suite
    done = subprocess.run(
        [sys.executable, "main.py", "--db", str(tmp_path / "x.db")],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "no display found" in done.stderr and "DISPLAY=:987" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the fallback check is for Linux desktops"
)
def test_the_game_with_no_display_says_so_and_exits_2_instead_of_running_unseen(
    tmp_path: Path,
) -> None:
    # without XDG_RUNTIME_DIR, SDL's Wayland probe prints its own error first unless the game checks before it
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER", "XDG_RUNTIME_DIR")
    }
    env.update(
        {
            "ON_THE_LINE_DATA_DIR": str(tmp_path / "data"),
            "ON_THE_LINE_CONFIG_DIR": str(tmp_path / "config"),
            "ON_THE_LINE_EXIT_AFTER": "20",
        }
    )  # a regression quits by itself instead of hanging the suite
    done = subprocess.run(
        [sys.executable, "main.py", "--trainee", "Noor"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "no display found" in done.stderr and "SDL_VIDEODRIVER" in done.stderr
    assert "Traceback" not in done.stderr
    assert "XDG_RUNTIME_DIR" not in done.stderr and done.stderr.startswith(
        "error: no display found"
    ), done.stderr


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"SDL_VIDEODRIVER": "dummy"}, "linux", False),
        ({}, "win32", False),
    ],
)
def test_no_display_is_known_before_sdl_starts(
    env: dict[str, str], platform: str, expected: bool
) -> None:
    assert no_display(env, platform) is expected


@pytest.mark.parametrize(
    ("size", "desktops", "expected", "warns"),
    [
        ((1280, 720), [(1920, 1080)], (1280, 720), False),
        ((100000, 100000), [(1920, 1080)], (1920, 1080), True),
        ((3000, 700), [(1920, 1080), (2560, 1440)], (2560, 700), True),  # the largest screen counts
        ((5000, 5000), [], (5000, 5000), False),  # SDL knows no desktop: nothing to fit to
    ],
)
def test_size_is_capped_to_the_desktop_with_a_warning(
    size: tuple[int, int], desktops: list[tuple[int, int]], expected: tuple[int, int], warns: bool
) -> None:
    fitted, warning = fit_to_desktop(size, desktops)
    assert fitted == expected
    assert (warning is not None) is warns
    if warning:
        assert f"{size[0]}x{size[1]}" in warning and f"{expected[0]}x{expected[1]}" in warning


def test_the_game_opens_a_huge_size_at_the_desktop_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a real desktop as SDL would report it (the dummy driver's is made up and therefore not fitted to)
    monkeypatch.setattr(pygame.display, "get_driver", lambda: "x11")
    monkeypatch.setattr(pygame.display, "get_desktop_sizes", lambda: [(900, 600)])
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("ON_THE_LINE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ON_THE_LINE_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "shots"
    code = main(
        [
            "--demo",
            str(FIXTURES / "tiny.yaml"),
            "--choices",
            "1,1",
            "--screenshots",
            str(out),
            "--step-delay",
            "0",
            "--size",
            "100000x100000",
        ]
    )
    assert code == 0
    assert "using 900x600" in capsys.readouterr().err
    assert pygame.image.load(str(next(out.glob("*-debrief.png")))).get_size() == (900, 600)


@pytest.mark.parametrize(
    ("choices", "says"),
    [
        ("1,1,1", "the call ended after choice 2"),
        ("1,9", "choice 9 is not open"),
        ("1", "has not ended after 1 choice"),
    ],
)
def test_demo_with_wrong_choices_exits_2_before_playing_and_records_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    choices: str,
    says: str,
) -> None:
    monkeypatch.setenv("ON_THE_LINE_CONFIG_DIR", str(tmp_path / "config"))
    db = tmp_path / "progress.db"
    out = tmp_path / "shots"
    code = main(
        [
            "--demo",
            str(FIXTURES / "tiny.yaml"),
            "--choices",
            choices,
            "--db",
            str(db),
            "--screenshots",
            str(out),
            "--step-delay",
            "0",
        ]
    )
    assert code == 2
    assert says in capsys.readouterr().err
    assert not list(out.glob("*.png"))
    if db.exists():
        store = open_store(db)
        try:
            assert store.calls(None) == []
        finally:
            store.close()


def test_help_game_says_where_settings_live_and_that_db_does_not_move_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--help-game"]) == 0
    shown = " ".join(capsys.readouterr().out.split())  # argparse wraps lines anywhere
    assert (
        "settings.json" in shown
        and "ON_THE_LINE_CONFIG_DIR" in shown
        and "whatever --db says" in shown
    )
