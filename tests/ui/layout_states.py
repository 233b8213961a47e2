"""The screens at a given window size, text size and contrast, for layout tests and for looking at them.

``python tests/ui/layout_states.py OUT_DIR`` saves every screen at 640x480, 800x600 and 1280x720 with normal
and huge text, high contrast off and on (run under Xvfb with DISPLAY set, or with SDL_VIDEODRIVER=dummy).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from simulator.clock import FakeClock
from simulator.store.memory_store import MemoryStore
from simulator.ui.services import Services
from simulator.ui.settings import Settings
from simulator.voice.base import SilentSpeaker

FIXTURES = Path(__file__).parent / "fixtures"
SIZES = ((640, 480), (800, 600), (1280, 720))
TEXT_SIZES = ("normal", "huge")
SCREENS = ("picker", "call", "call-paused", "call-ended", "debrief", "progress", "settings")


def scenario_folder(folder: Path) -> Path:
    """A library with the long-answers call, the tiny call and a broken file."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("long_answers.yaml", "tiny.yaml", "broken.yaml"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def make_app(size: tuple[int, int], text_size: str, contrast: bool, folder: Path) -> Any:
    """An app with test services at this size and these settings."""
    from simulator.ui.app import App

    settings = Settings(
        voice=False, caption_speed="fast", text_size=text_size, high_contrast=contrast
    )
    services = Services(
        SilentSpeaker(), MemoryStore(), FakeClock(), settings, None, new_seed=lambda: 1
    )
    app = App(services, size, scenarios_dir=folder)
    app.trainee = "Tester"
    return app


def open_screen(
    apps: list[Any], folder: Path, size: tuple[int, int], text_size: str, name: str
) -> Any:
    """A new app at this size and text size (kept in ``apps`` to be closed) showing screen ``name``."""
    app = make_app(size, text_size, False, folder)
    apps.append(app)
    show(app, name, folder)
    return app


def open_call(app: Any, folder: Path) -> Any:
    """The long-answers call, the customer finished and the response timer running."""
    from simulator.ui.launch import open_scenario
    from simulator.ui.scenes.picker import PickerScene

    app.reset(PickerScene(app))
    assert open_scenario(app, str(folder / "long_answers.yaml"))
    call = app.top
    call.finish_line()
    app.services.clock.advance(3)
    call.shown_mood, call.shown_patience = float(call.conv.mood), float(call.conv.patience)
    call.dirty = True
    return call


def play_through(app: Any, folder: Path) -> Any:
    """Play the long-answers call to its end (recorded in the store), leaving the call screen on top."""
    call = open_call(app, folder)
    while not call.conv.ended:
        last = max(
            oc.choice_index for oc in call.conv.choices
        )  # the last as written: the debrief has coaching
        call.choose(next(oc.number for oc in call.conv.choices if oc.choice_index == last))
        call.finish_line()
    call.shown_mood, call.shown_patience = float(call.conv.mood), float(call.conv.patience)
    return call


def show(app: Any, screen: str, folder: Path) -> Any:
    """Put ``screen`` on top of ``app`` and lay it out; returns the scene on top."""
    from simulator.ui.scenes.picker import PickerScene
    from simulator.ui.scenes.progress import ProgressScene
    from simulator.ui.scenes.settings import SettingsScene

    if screen == "picker":
        app.reset(PickerScene(app))
    elif screen == "call":
        open_call(app, folder)
    elif screen == "call-paused":
        open_call(app, folder).pause()
    elif screen == "call-ended":
        play_through(app, folder)
    elif screen == "debrief":
        play_through(app, folder).open_debrief()
    elif screen == "progress":
        for _ in range(3):
            play_through(app, folder)
        app.reset(PickerScene(app))
        app.push(ProgressScene(app))
    elif screen == "settings":
        app.reset(PickerScene(app))
        app.push(SettingsScene(app))
    else:
        raise ValueError(screen)
    app.render(force=True)
    return app.top


def every_state(folder: Path) -> Iterator[tuple[str, Callable[[], Any]]]:
    """(name, build) for each size x text size x contrast x screen; build() returns the app showing it."""
    for w, h in SIZES:
        for text_size in TEXT_SIZES:
            for contrast in (False, True):
                for screen in SCREENS:
                    name = f"{screen}-{w}x{h}-{text_size}{'-contrast' if contrast else ''}"

                    def build(
                        w: int = w,
                        h: int = h,
                        text_size: str = text_size,
                        contrast: bool = contrast,
                        screen: str = screen,
                    ) -> Any:
                        app = make_app((w, h), text_size, contrast, folder)
                        show(app, screen, folder)
                        return app

                    yield name, build


def main(argv: list[str]) -> int:
    """Save every state as OUT_DIR/NAME.png."""
    import tempfile

    from simulator.ui.pg import pygame

    out = Path(argv[0] if argv else "layout-shots")
    out.mkdir(parents=True, exist_ok=True)
    only = argv[1] if len(argv) > 1 else ""
    with tempfile.TemporaryDirectory() as tmp:
        folder = scenario_folder(Path(tmp) / "scenarios")
        for name, build in every_state(folder):
            if only and only not in name:
                continue
            app = build()
            pygame.image.save(app.screen, str(out / f"{name}.png"))
            app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
