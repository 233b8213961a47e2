"""Preview: open at a node, F5 reloads from disk keeping the position, problems shown as an overlay."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui_helpers import key, send

from simulator.ui.launch import open_scenario
from simulator.ui.pg import pygame
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.scenes.problems import ProblemsScene


def start(app: Any, ref: str, node: str | None = None) -> bool:
    app.reset(PickerScene(app))
    return open_scenario(app, ref, node)


def test_start_at_opens_the_call_at_that_node(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    app = make_app()
    assert start(app, str(scenario_dir / "tiny.yaml"), "details")
    assert isinstance(app.top, CallScene)
    assert app.top.conv.node.id == "details" and app.top.line == "So what happens now?"


def test_scenario_can_be_named_by_id(make_app: Callable[..., Any]) -> None:
    app = make_app()
    assert start(app, "tiny")
    assert app.top.conv.node.id == "hello"


def test_a_bad_node_name_gives_a_clear_message(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    app = make_app()
    assert not start(app, str(scenario_dir / "tiny.yaml"), "detials")
    overlay = app.top
    assert isinstance(overlay, ProblemsScene)
    assert "no node 'detials'" in overlay.lines[0] and "details" in overlay.lines[0]
    send(app, key(pygame.K_b))  # "Start at the beginning"
    assert isinstance(app.top, CallScene) and app.top.conv.node.id == "hello"


def test_validation_problems_show_as_an_overlay(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    app = make_app()
    assert not start(app, str(scenario_dir / "broken.yaml"))
    assert isinstance(app.top, ProblemsScene)
    assert any(
        line.startswith(f"{_shown(scenario_dir / 'broken.yaml')}:7:8: error")
        for line in app.top.lines
    )
    app.render()  # drawing the overlay must work too


def _shown(path: Path) -> str:
    from simulator.paths import display_path

    return display_path(path)


def test_f5_reload_keeps_the_node_and_shows_new_words(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    path = scenario_dir / "tiny.yaml"
    app = make_app()
    start(app, str(path), "details")
    path.write_text(
        path.read_text(encoding="utf-8").replace("So what happens now?", "Well? What now?"),
        encoding="utf-8",
    )
    send(app, key(pygame.K_F5))
    call = app.top
    assert isinstance(call, CallScene)
    assert call.conv.node.id == "details" and call.line == "Well? What now?"
    assert "still at 'details'" in call.toast


def test_f5_restarts_when_the_node_is_gone(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    path = scenario_dir / "tiny.yaml"
    app = make_app()
    start(app, str(path), "details")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("details", "next_steps"), encoding="utf-8")
    send(app, key(pygame.K_F5))
    assert app.top.conv.node.id == "hello"
    assert "'details' is gone" in app.top.toast


def test_f5_with_a_broken_file_shows_problems_then_recovers(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    path = scenario_dir / "tiny.yaml"
    good = path.read_text(encoding="utf-8")
    app = make_app()
    start(app, str(path), "details")
    path.write_text(good.replace("next: happy", "next: hapy"), encoding="utf-8")
    send(app, key(pygame.K_F5))
    assert isinstance(app.top, ProblemsScene)
    assert any("hapy" in line and "happy" in line for line in app.top.lines)
    path.write_text(good, encoding="utf-8")
    send(app, key(pygame.K_F5))
    assert isinstance(app.top, CallScene) and app.top.conv.node.id == "details"


def test_an_unknown_scenario_says_to_check_the_id_and_lists_close_ones(
    make_app: Callable[..., Any],
) -> None:
    app = make_app()
    assert not start(app, "tinny")
    overlay = app.top
    assert isinstance(overlay, ProblemsScene) and overlay.title == "Scenario not found"
    assert any(
        line.startswith("Closest scenario ids:") and "tiny" in line for line in overlay.lines
    )
    assert "Fix the file" not in overlay.footer and "id or path" in overlay.footer
    app.render()


def test_a_broken_file_still_says_to_fix_it(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    app = make_app()
    assert not start(app, str(scenario_dir / "broken.yaml"))
    assert app.top.footer == "Fix the file and press F5 to try again."
