"""What a call teaches (`teaches:`) shows on its card, filters the list (G) and heads the debrief."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import click, key, send

import simulator.ui.scenes.debrief as debrief_module
import simulator.ui.scenes.picker as picker_module
from simulator.engine.conversation import Conversation
from simulator.ui.pg import pygame
from simulator.ui.scenes.debrief import DebriefScene
from simulator.ui.scenes.picker import PickerScene

FIXTURES = Path(__file__).parent / "fixtures"


def add_call(folder: Path, sid: str, teaches: str) -> None:
    """A copy of the tiny call with another id that teaches ``teaches`` (a YAML list, or '' for no goals)."""
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8").replace("id: tiny", f"id: {sid}")
    if teaches:
        text = text.replace("kind: confused", f"kind: confused\nteaches: {teaches}")
    (folder / f"{sid}.yaml").write_text(text, encoding="utf-8")


def drawn(monkeypatch: pytest.MonkeyPatch, module: Any, *names: str) -> list[str]:
    """Every string the module's text helpers (``names``) draw from now on."""
    seen: list[str] = []
    for name in names:
        real = getattr(module, name)

        def spy(surf: Any, f: Any, s: str, *args: Any, _real: Any = real, **kw: Any) -> Any:
            if surf is not None:
                seen.append(s)
            return _real(surf, f, s, *args, **kw)

        monkeypatch.setattr(module, name, spy)
    return seen


def shown(app: Any) -> list[str]:
    return sorted(c.report.scenario.id if c.playable else "BROKEN" for c in app.top.cards)


def test_cards_say_what_each_call_teaches_by_the_rubric_titles(
    make_app: Callable[..., Any], scenario_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_call(scenario_dir, "owning_it", "[no_blame, follow_up]")
    app = make_app()
    app.reset(PickerScene(app))
    seen = drawn(monkeypatch, picker_module, "text")
    app.render(force=True)
    assert "Teaches: No blame (ownership), Follow-up" in seen
    assert not any(
        s.startswith("Teaches: ") and "Listening" in s for s in seen
    )  # tiny names no goals


def test_g_filters_the_list_by_a_principle_taught(
    make_app: Callable[..., Any], scenario_dir: Path
) -> None:
    add_call(scenario_dir, "owning_it", "[no_blame, follow_up]")
    add_call(scenario_dir, "hearing_it", "[listening, no_blame]")
    app = make_app()
    app.reset(PickerScene(app))
    picker = app.top
    assert picker.taught() == [
        "all",
        "listening",
        "no_blame",
        "follow_up",
    ]  # the rubric's order, only those taught
    assert shown(app) == ["BROKEN", "hearing_it", "owning_it", "tiny"]
    send(app, key(pygame.K_g))
    assert picker.teaches == "listening" and shown(app) == ["hearing_it"]
    assert picker.teaches_button.label == "Teaches: Listening"
    send(app, key(pygame.K_g))
    assert shown(app) == ["hearing_it", "owning_it"]
    send(app, key(pygame.K_g, mod=pygame.KMOD_SHIFT))  # back one
    assert picker.teaches == "listening"
    send(app, key(pygame.K_RETURN))  # Enter plays what the filter shows
    assert app.top.scenario.id == "hearing_it"


def test_the_teaches_filter_by_mouse_combines_with_kind_and_an_empty_list_says_how_out(
    make_app: Callable[..., Any], scenario_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_call(scenario_dir, "owning_it", "[follow_up]")
    app = make_app(size=(800, 600))
    app.reset(PickerScene(app))
    app.render(force=True)
    picker = app.top
    assert picker.teaches_button in picker.buttons and picker.teaches_button.rect.right <= 800
    send(app, click(picker.teaches_button.rect.center))
    assert picker.teaches == "follow_up" and shown(app) == ["owning_it"]
    send(app, key(pygame.K_k))  # confused, the kind of both calls
    assert shown(app) == ["owning_it"]
    send(app, key(pygame.K_f), key(pygame.K_f))  # medium: none
    seen = drawn(monkeypatch, picker_module, "text")
    app.render(force=True)
    assert any("that teach Follow-up" in s and "G" in s for s in seen), seen


def test_the_debrief_heads_with_what_the_call_teaches(
    make_app: Callable[..., Any], scenario_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_call(scenario_dir, "owning_it", "[no_blame, follow_up]")
    app = make_app()
    report = next(
        r for r in app.library.reports if r.scenario is not None and r.scenario.id == "owning_it"
    )
    rubric = app.rubric_for(report.path)[0]
    conv = Conversation(report.scenario, rubric)
    while not conv.ended:
        conv.choose(1)
    app.reset(DebriefScene(app, conv.result(), report.scenario, rubric, report.path))
    seen = drawn(monkeypatch, debrief_module, "text_block")
    app.render(force=True)
    assert "Teaches: No blame (ownership), Follow-up" in seen
