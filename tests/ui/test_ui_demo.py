"""``--demo`` plays a call by itself and writes a screenshot of each screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main
from simulator.ui.pg import pygame

FIXTURES = Path(__file__).parent / "fixtures"


def test_demo_writes_a_png_per_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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
        ]
    )
    assert code == 0
    names = sorted(p.name for p in out.glob("*.png"))
    for expected in (
        "picker",
        "call-before-choice-1",
        "call-after-choice-1",
        "call-before-choice-2",
        "call-after-choice-2",
        "debrief",
    ):
        assert any(n.endswith(f"-{expected}.png") for n in names), (
            f"no {expected} screenshot in {names}"
        )
    image = pygame.image.load(str(next(out.glob("*-debrief.png"))))
    assert image.get_size() == (1280, 720)
    assert not (
        tmp_path / "config" / "settings.json"
    ).exists()  # a demo leaves the player's settings alone


def test_demo_with_a_choice_that_is_not_open_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ON_THE_LINE_CONFIG_DIR", str(tmp_path / "config"))
    code = main(
        [
            "--demo",
            str(FIXTURES / "tiny.yaml"),
            "--choices",
            "9",
            "--screenshots",
            str(tmp_path),
            "--step-delay",
            "0",
        ]
    )
    assert code == 2


def test_start_at_without_a_scenario_is_bad_usage() -> None:
    assert main(["--start-at", "hello"]) == 2
