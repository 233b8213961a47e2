"""The picker filters by difficulty and by kind, with keys (F, K, Shift to go back) and with the mouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui_helpers import click, key, send

from simulator.ui.pg import pygame
from simulator.ui.scenes.picker import PickerScene

FIXTURES = Path(__file__).parent / "fixtures"


def add_variant(folder: Path, sid: str, kind: str, difficulty: str) -> None:
    """A copy of the tiny call with another id, kind and difficulty."""
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    text = text.replace("id: tiny", f"id: {sid}").replace("kind: confused", f"kind: {kind}")
    text = text.replace("difficulty: easy", f"difficulty: {difficulty}")
    (folder / f"{sid}.yaml").write_text(text, encoding="utf-8")


def shown(app: Any) -> list[str]:
    return sorted(c.report.scenario.id if c.playable else "BROKEN" for c in app.top.cards)


def test_kind_filter_by_keyboard_cycles_only_kinds_the_library_has(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    add_variant(scenario_dir, "angry_one", "irate", "hard")
    add_variant(scenario_dir, "vent_one", "venting", "easy")
    app = make_app()
    app.reset(PickerScene(app))
    assert shown(app) == ["BROKEN", "angry_one", "tiny", "vent_one"]
    assert app.top.kinds() == ["all", "irate", "venting", "confused"]
    send(app, key(pygame.K_k))
    assert app.top.kind == "irate" and shown(app) == ["angry_one"]
    assert "irate" in app.top.kind_button.label
    send(app, key(pygame.K_k))
    assert shown(app) == ["vent_one"]
    send(app, key(pygame.K_k, mod=pygame.KMOD_SHIFT))  # back one
    assert app.top.kind == "irate"
    send(app, key(pygame.K_RETURN))  # Enter plays what the filter shows
    assert app.top.scenario.id == "angry_one"


def test_kind_and_difficulty_combine_and_an_empty_result_says_how_to_get_out(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    add_variant(scenario_dir, "vent_hard", "venting", "hard")
    add_variant(scenario_dir, "vent_easy", "venting", "easy")
    app = make_app()
    app.reset(PickerScene(app))
    picker = app.top
    while picker.kind != "venting":
        send(app, key(pygame.K_k))
    assert shown(app) == ["vent_easy", "vent_hard"]
    send(app, key(pygame.K_f))  # easy
    assert picker.filter == "easy" and shown(app) == ["vent_easy"]
    send(app, key(pygame.K_f))  # medium: nothing of that kind
    assert shown(app) == []
    app.render(force=True)  # the empty list draws its hint without error


def test_kind_filter_by_mouse(make_app: Callable[..., Any], scenario_dir: Path) -> None:
    add_variant(scenario_dir, "angry_one", "irate", "hard")
    app = make_app(size=(800, 600))
    app.reset(PickerScene(app))
    app.render(force=True)
    picker = app.top
    button = picker.kind_button
    assert button in picker.buttons and button.rect.w > 0
    assert button.rect.right <= 800, "the toolbar fits the window"
    send(app, click(button.rect.center))
    assert picker.kind == "irate" and shown(app) == ["angry_one"]
    app.render(force=True)
    send(app, click(picker.kind_button.rect.center))
    send(app, click(picker.kind_button.rect.center))  # confused, then back to all
    assert picker.kind == "all" and len(picker.cards) == 3
    send(app, click(picker.filter_button.rect.center))
    assert picker.filter == "easy" and shown(app) == ["tiny"]


def test_the_list_goes_from_easy_to_hard_then_by_title_with_broken_files_last(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    # ids sort the other way round, so an id order would fail this
    for sid, difficulty, title in [
        ("a_hard", "hard", "Alpha"),
        ("b_medium", "medium", "Bravo"),
        ("c_easy", "easy", "Zulu"),
        ("d_easy", "easy", "Delta"),
    ]:
        add_variant(scenario_dir, sid, "irate", difficulty)
        path = scenario_dir / f"{sid}.yaml"
        text = path.read_text(encoding="utf-8")
        old_title = next(line for line in text.splitlines() if line.startswith("title:"))
        path.write_text(text.replace(old_title, f"title: {title}"), encoding="utf-8")
    app = make_app()
    app.reset(PickerScene(app))
    order = [c.report.scenario.id if c.playable else "BROKEN" for c in app.top.cards]
    easy = [sid for sid in order if sid in ("c_easy", "d_easy", "tiny")]
    assert order.index("b_medium") > max(order.index(e) for e in easy)
    assert order.index("a_hard") > order.index("b_medium")
    assert order.index("d_easy") < order.index("c_easy")  # Delta before Zulu
    assert order[-1] == "BROKEN"
