"""Small things a trainee noticed: difficulty dots in high contrast, F11 and the window size, the memory-only
progress warning on every screen that matters."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import key, send

from simulator.clock import FakeClock
from simulator.paths import PROJECT_ROOT
from simulator.store.memory_store import MemoryStore
from simulator.ui import widgets
from simulator.ui.pg import pygame
from simulator.ui.scenes import debrief as debrief_module
from simulator.ui.scenes import picker as picker_module
from simulator.ui.scenes.call import CallScene
from simulator.ui.scenes.debrief import DebriefScene
from simulator.ui.scenes.picker import PickerScene
from simulator.ui.services import Services
from simulator.ui.settings import Settings
from simulator.voice.base import SilentSpeaker

MEMORY_ONLY = (
    "/nowhere/progress.db: cannot use the progress database (disk I/O error). This session's calls are "
    "kept in memory only and are lost when the game closes."
)


@pytest.mark.parametrize("contrast", [False, True])
@pytest.mark.parametrize(("difficulty", "level"), [("easy", 1), ("medium", 2), ("hard", 3)])
def test_difficulty_dots_fill_as_many_as_the_difficulty(
    make_app: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    contrast: bool,
    difficulty: str,
    level: int,
) -> None:
    app = make_app(settings=Settings(voice=False, high_contrast=contrast))
    app.reset(PickerScene(app))
    dots: list[int] = []
    real = pygame.draw.circle

    def spy(surf: Any, colour: Any, centre: Any, radius: float, width: int = 0, *a: Any) -> Any:
        dots.append(width)
        return real(surf, colour, centre, radius, width, *a)

    monkeypatch.setattr(pygame.draw, "circle", spy)
    app.top.draw_difficulty(app.screen, difficulty, (100, 100))
    # filled up to the difficulty, outlined after it: the count shows in any palette
    assert dots == [0] * level + [max(1, app.theme.line_width)] * (3 - level)


# On a real X server, leaving fullscreen with SDL's plain framebuffer keeps the fullscreen size unless the
# window is sized again; the dummy driver the other tests use never shows that, so this runs under Xvfb.
F11_PROBE = """
import tempfile
from simulator.clock import FakeClock
from simulator.paths import PROJECT_ROOT
from simulator.store.memory_store import MemoryStore
from simulator.ui.app import App
from simulator.ui.pg import pygame
from simulator.ui.scene_registry import open_scene
from simulator.ui.scenes import picker
from simulator.ui.services import Services
from simulator.ui.settings import Settings
from simulator.voice.base import SilentSpeaker

services = Services(SilentSpeaker(), MemoryStore(), FakeClock(), Settings(voice=False), None,
                    new_seed=lambda: 1)
app = App(services, (900, 640))
app.reset(open_scene("picker", app))
sizes = [app.size]
for _ in range(2):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode="", scancode=0))
    for _ in range(15):
        app.step()
        pygame.time.wait(20)
    sizes.append(app.size)
print(sizes)
app.close()
"""


def test_f11_on_a_real_x_server_goes_fullscreen_and_back_to_the_size_before(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    env.update(
        {"ON_THE_LINE_CONFIG_DIR": str(tmp_path / "config"), "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    )
    # make test runs files in parallel (xdist): each xvfb-run starts its free-display search
    # at its own number, so two of them starting together never race for the same one.
    done = subprocess.run(
        [
            "xvfb-run",
            "-a",
            "-n",
            "150",
            "-s",
            "-screen 0 1600x1000x24",
            sys.executable,
            "-c",
            F11_PROBE,
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[(900, 640), (1600, 1000), (900, 640)]"


def test_f11_off_restores_the_window_size_from_before(make_app: Callable[..., Any]) -> None:
    app = make_app(size=(900, 640))
    app.reset(PickerScene(app))
    send(app, key(pygame.K_F11))
    assert app.services.settings.fullscreen
    send(app, key(pygame.K_F11))
    assert not app.services.settings.fullscreen
    assert app.size == (900, 640)


def memory_only_app(make_app: Callable[..., Any]) -> Any:
    app = make_app()
    app.services = Services(
        SilentSpeaker(),
        MemoryStore(notice=MEMORY_ONLY),
        FakeClock(),
        Settings(voice=False, caption_speed="fast"),
        None,
        new_seed=lambda: 1,
    )
    return app


def drawn(app: Any, monkeypatch: pytest.MonkeyPatch, module: Any) -> str:
    seen: list[str] = []
    real_block = widgets.text_block

    def block(surf: Any, fonts: Any, s: str, *a: Any, **kw: Any) -> int:
        if surf is not None:
            seen.append(s)
        return real_block(surf, fonts, s, *a, **kw)

    monkeypatch.setattr(module, "text_block", block)
    app.render(force=True)
    return " ".join(seen)


def test_the_picker_says_progress_is_kept_in_memory_only_naming_the_file_and_why(
    make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = memory_only_app(make_app)
    app.reset(PickerScene(app))
    shown = drawn(app, monkeypatch, picker_module)
    assert "/nowhere/progress.db" in shown and "disk I/O error" in shown and "memory only" in shown
    assert app.top.warning_rect.bottom <= app.top.list_area.top


def test_the_debrief_says_so_too(
    make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = memory_only_app(make_app)
    app.reset(PickerScene(app))
    picker = app.top
    picker.selected = next(i for i, c in enumerate(picker.cards) if c.playable)
    send(app, key(pygame.K_RETURN))
    call = app.top
    assert isinstance(call, CallScene)
    while not call.conv.ended:
        call.finish_line()
        call.choose(call.conv.choices[0].number)
    call.finish_line()
    call.open_debrief()
    assert isinstance(app.top, DebriefScene)
    shown = drawn(app, monkeypatch, debrief_module)
    assert "/nowhere/progress.db" in shown and "disk I/O error" in shown and "memory only" in shown


def test_a_progress_legend_chip_cut_short_shows_its_whole_name_on_hover(
    make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from simulator.ui.scenes import progress as progress_module
    from simulator.ui.scenes.progress import ProgressScene

    app = make_app(size=(640, 480), settings=Settings(voice=False, text_size="large"))
    app.reset(PickerScene(app))
    app.push(ProgressScene(app))
    app.render(force=True)
    progress = app.top
    if not progress.legend_cut:
        pytest.fail("the test needs a window where a legend chip is cut short")
    name, whole = next(iter(progress.legend_cut.items()))
    seen: list[str] = []
    real = widgets.text

    def spy(surf: Any, fonts: Any, s: str, *a: Any, **kw: Any) -> Any:
        seen.append(s)
        return real(surf, fonts, s, *a, **kw)

    monkeypatch.setattr(progress_module, "text", spy)
    app.render(force=True)
    assert whole not in seen
    send(
        app,
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=progress.legend[name].center, rel=(1, 1), buttons=(0, 0, 0)
        ),
    )
    app.render(force=True)
    assert whole in seen
