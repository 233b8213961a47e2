"""``--demo``: play a call by itself in a window and save a PNG of each screen (for docs and tests)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from simulator.ui.pg import pygame


class Demo:
    """Drives the app through picker, call, debrief and the other screens, saving numbered screenshots."""

    def __init__(self, app: Any, out_dir: Path, delay: float = 0.0) -> None:
        self.app = app
        self.out = out_dir
        self.delay = delay
        self.count = 0
        self.saved: list[Path] = []

    def shot(self, name: str) -> Path:
        """Redraw everything and save the window as NN-name.png."""
        pygame.event.pump()
        self.app.render(force=True)
        self.count += 1
        path = self.out / f"{self.count:02d}-{name}.png"
        pygame.image.save(self.app.screen, str(path))
        self.saved.append(path)
        if self.delay:
            time.sleep(self.delay)
        return path


def check_demo_choices(
    ref: str,
    choices: list[int],
    seed: int | None = None,
    practice: bool = False,
    scenarios_dir: Path | None = None,
) -> str | None:
    """Play ``choices`` without a window first, as ``play --choices`` does; the error to print, or None when they
    finish the call. Checked before the window opens, so a wrong list records nothing and saves no screens."""
    from simulator.engine.conversation import Conversation, EngineError
    from simulator.validation.library import ScenarioNotFound, load_scenario, resolve_scenario_path

    try:
        path = resolve_scenario_path(ref, scenarios_dir)
        scenario, rubric, report = load_scenario(str(path))
    except (ScenarioNotFound, OSError) as exc:
        return f"error: {exc}"
    if scenario is None or rubric is None:
        return f"error: {report.path}: cannot play this scenario until its errors are fixed (see 'validate')"
    try:
        conv = Conversation(scenario, rubric, **conversation_options(seed, practice))
    except EngineError as exc:
        return f"error: {exc}"
    return _dry_run(conv, choices)


def _dry_run(conv: Any, choices: list[int]) -> str | None:
    """Play ``choices`` on ``conv``; the error to print, or None when they finish the call."""
    from simulator.engine.conversation import EngineError

    for step, number in enumerate(choices, 1):
        if conv.ended:
            ending = conv.ending.id if conv.ending else "?"
            return (
                f"error: the call ended after choice {step - 1} (ending '{ending}'), so choice {step} ('{number}') "
                "and any after it cannot be played; remove them from --choices"
            )
        try:
            conv.choose(number)
        except EngineError as exc:
            return f"error: --choices: at step {step} (node '{conv.node.id if conv.node else '?'}'): {exc}"
    if not conv.ended:
        node = conv.node.id if conv.node else "?"
        return (
            f"error: the call has not ended after {len(choices)} choice{'s' if len(choices) != 1 else ''} "
            f"(it waits at '{node}'); add more to --choices"
        )
    return None


def conversation_options(seed: int | None, practice: bool) -> dict[str, Any]:
    """The Conversation keywords a demo call uses (the same for the dry run and the real one): authored order
    without a seed, so '--choices 1,1,1' means the same answers every run; shuffled by the seed when one is given."""
    return {
        "seed": seed or 0,
        "mode": "practice" if practice else "graded",
        "shuffle": seed is not None,
    }


def run_demo(
    app: Any,
    ref: str,
    choices: list[int],
    out_dir: Path,
    delay: float = 0.0,
    seed: int | None = None,
    practice: bool = False,
) -> int:
    """Play ``ref`` with ``choices``; 0 when every screen was saved, 2 on a bad scenario or choice."""
    from simulator.ui.launch import open_scenario
    from simulator.ui.scenes.call import CallScene
    from simulator.ui.scenes.picker import PickerScene

    out_dir.mkdir(parents=True, exist_ok=True)
    demo = Demo(app, out_dir, delay)
    app.trainee = app.trainee or "Demo trainee"
    picker = PickerScene(app)
    app.reset(picker)
    for i, card in enumerate(picker.cards):
        s = card.report.scenario
        if s is not None and (s.id == ref or Path(card.report.path).stem == Path(ref).stem):
            picker.selected = i
            picker._scroll_to(i)
    demo.shot("picker")
    options = conversation_options(seed, practice)
    if not open_scenario(
        app, ref, mode=options["mode"], seed=options["seed"], shuffle=options["shuffle"]
    ):
        demo.shot("problems")
        return 2
    call: CallScene = app.top
    call.caption.revealed = len(call.line) * 0.45
    call.pulse_t = 0.3
    demo.shot("call-start-talking")
    if not _play_choices(demo, call, choices):
        return 2
    return _after_the_call(app, demo, call)


def _play_choices(demo: Demo, call: Any, choices: list[int]) -> bool:
    """Answer with ``choices``, a screenshot before and after each; False on a choice that cannot be made."""
    for step, number in enumerate(choices, 1):
        call.finish_line()
        _settle(call)
        demo.shot(f"call-before-choice-{step}")
        if call.conv.ended:
            print(f"demo: choice {step} ('{number}') comes after the call has ended")
            return False
        if not 1 <= number <= len(call.conv.choices):
            print(
                f"demo: choice {step} is {number}, but only 1 to {len(call.conv.choices)} are "
                f"open at '{call.conv.node.id if call.conv.node else '?'}'"
            )
            return False
        call.highlight = number - 1
        demo.shot(f"call-choosing-{step}")
        call.choose(number)
        call.caption.revealed = len(call.line) * 0.35
        demo.shot(f"call-after-choice-{step}")
    return True


def _after_the_call(app: Any, demo: Demo, call: Any) -> int:
    """The end of the call, the pause menu, the debrief, a breath, progress and settings."""
    from simulator.ui.scenes.breath import BreathScene
    from simulator.ui.scenes.menu import PauseScene
    from simulator.ui.scenes.progress import ProgressScene
    from simulator.ui.scenes.settings import SettingsScene

    call.finish_line()
    _settle(call)
    demo.shot("call-ended" if call.conv.ended else "call-unfinished")
    app.push(PauseScene(app))
    demo.shot("pause")
    app.pop("resume")
    if not call.conv.ended:
        print("demo: the call has not ended; give more choices")
        return 2
    call.open_debrief()
    debrief = app.top
    demo.shot("debrief")
    debrief._scroll_by(debrief.view.h - 60)
    demo.shot("debrief-decisions")
    if getattr(debrief, "rough", False):
        breath = BreathScene(app)
        app.push(breath)
        breath.t = 2.0
        demo.shot("take-a-breath")
        app.pop()
    app.push(ProgressScene(app))
    demo.shot("progress")
    app.pop()
    app.push(SettingsScene(app))
    demo.shot("settings")
    app.pop()
    return 0


def _settle(call: Any) -> None:
    """Jump the meter animations to their targets so a screenshot shows the final state."""
    call.shown_mood = float(call.conv.mood)
    call.shown_patience = float(call.conv.patience)
    call.dirty = True
