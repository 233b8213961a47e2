"""The debrief's banner: a critical error first, in plain words with the line that did it; else an
outcome that failed the call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import simulator.ui.scenes.debrief as debrief_module
from simulator.engine.conversation import Conversation
from simulator.ui.scenes.debrief import DebriefScene

FIXTURES = Path(__file__).parent / "fixtures"
BANNER_HEADS = ("Critical error", "The call ended")  # how each kind of banner begins


def drawn_after(monkeypatch: pytest.MonkeyPatch, app: Any) -> list[str]:
    """Every string the debrief draws with text_block on the next full render."""
    seen: list[str] = []
    real = debrief_module.text_block

    def spy(surf: Any, f: Any, s: str, *args: Any, **kw: Any) -> Any:
        if surf is not None:
            seen.append(s)
        return real(surf, f, s, *args, **kw)

    monkeypatch.setattr(debrief_module, "text_block", spy)
    app.render(force=True)
    return seen


def debrief_of(app: Any, sid: str, moves: list[int]) -> DebriefScene:
    report = next(r for r in app.library.reports if r.scenario is not None and r.scenario.id == sid)
    rubric = app.rubric_for(report.path)[0]
    conv = Conversation(report.scenario, rubric)
    for n in moves:
        conv.choose(next(oc.number for oc in conv.choices if oc.choice_index == n - 1))
    scene = DebriefScene(app, conv.result(), report.scenario, rubric, report.path)
    app.reset(scene)
    return scene


def test_a_critical_error_heads_the_debrief_with_the_line_that_did_it(
    make_app: Callable[..., Any], scenario_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8").replace("id: tiny", "id: blamer")
    text = text.replace(
        '        feedback: "Passing the problem on makes it worse."\n',
        '        feedback: "Passing the problem on makes it worse."\n        critical: [blame_colleague]\n',
    )
    (scenario_dir / "blamer.yaml").write_text(text, encoding="utf-8")
    app = make_app()
    scene = debrief_of(app, "blamer", [2, 1])
    assert not scene.result.passed and scene.result.critical_errors
    seen = drawn_after(monkeypatch, app)
    assert "Critical error: Blamed a colleague or partner" in seen
    assert any(
        s.startswith("You said: “Parcels are not my department.”") and "cannot pass" in s
        for s in seen
    )


def test_an_outcome_that_cannot_pass_is_explained_and_a_clean_pass_has_no_banner(
    make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    debrief_of(app, "tiny", [1, 2])  # ends hung up
    seen = drawn_after(monkeypatch, app)
    assert "The call ended hung up" in seen
    clean = debrief_of(app, "tiny", [1, 1])
    assert clean.result.passed
    seen = drawn_after(monkeypatch, app)
    assert seen and not any("cannot pass" in s or s.startswith(BANNER_HEADS) for s in seen)
