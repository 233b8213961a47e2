"""Opening a scenario straight into a call (preview), with problems shown in the game instead of a crash."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.scenario.problems import did_you_mean
from simulator.ui.scenes.problems import ProblemsScene


def known_ids_line(app: Any, ref: str) -> str:
    """The scenario ids closest to ``ref`` (file names in the scenarios folder, and ids of a loaded library)."""
    from simulator.paths import scenario_sources

    folders = (
        [app.scenarios_dir]
        if app.scenarios_dir is not None
        else [s.folder for s in scenario_sources()]
    )
    ids = {
        f.stem
        for folder in folders
        if folder.is_dir()
        for f in folder.glob("*.y*ml")
        if f.name != "rubric.yaml"
    }
    library = getattr(
        app, "_library", None
    )  # only when already loaded: loading it validates every file
    if library is not None:
        ids |= {s.id for s in library.scenarios}
    if not ids:
        return "There are no scenarios in that folder yet."
    close = difflib.get_close_matches(ref, sorted(ids), n=5, cutoff=0.5)
    if close:
        return "Closest scenario ids: " + ", ".join(close)
    shown = sorted(ids)
    more = f" (and {len(shown) - 8} more)" if len(shown) > 8 else ""
    return "Scenario ids: " + ", ".join(shown[:8]) + more


def open_scenario(
    app: Any,
    ref: str,
    start_at: str | None = None,
    mode: str = "graded",
    seed: int | None = None,
    shuffle: bool = True,
    blank: bool = False,
) -> bool:
    """Push the call for ``ref`` at ``start_at``; on any problem push a readable overlay. True when the call opened.

    ``seed`` None draws a fresh one; ``shuffle`` False shows the choices in authored order.
    """
    from simulator.engine.conversation import EngineError
    from simulator.ui.scenes.call import CallScene
    from simulator.validation.library import ScenarioNotFound, load_scenario, resolve_scenario_path

    def retry() -> None:
        app.pop()
        open_scenario(app, ref, start_at, mode, seed, shuffle, blank)

    try:
        path = resolve_scenario_path(ref, app.scenarios_dir)
        scenario, rubric, report = load_scenario(str(path))
    except (ScenarioNotFound, OSError) as exc:
        app.push(_unopened(app, ref, exc, retry))
        return False
    if scenario is None or rubric is None:
        app.push(ProblemsScene(app, report.path, report.problems, reload=retry))
        return False
    if start_at is not None and start_at not in scenario.nodes:

        def from_start() -> None:
            app.pop()
            open_scenario(app, ref, None, mode, seed, shuffle)

        app.push(_no_such_node(app, report.path, list(scenario.nodes), start_at, retry, from_start))
        return False
    try:
        app.push(
            CallScene(
                app,
                scenario,
                rubric,
                path,
                start_at=start_at,
                mode=mode,
                seed=seed,
                shuffle=shuffle,
                inheritance=preview_inheritance(app, scenario, rubric, path),
                blank=blank,
            )
        )
    except EngineError as exc:
        app.push(ProblemsScene(app, report.path, [str(exc)], reload=retry))
        return False
    return True


def _unopened(app: Any, ref: str, exc: Exception, retry: Callable[[], None]) -> ProblemsScene:
    """The overlay for a scenario that is not there (with the ids that come closest) or cannot be read."""
    if isinstance(exc, OSError):
        return ProblemsScene(
            app, ref, [f"{ref}: cannot be read ({exc.strerror or exc})"], reload=retry
        )
    # there is no file to fix: say what to check instead, with the ids that come closest
    return ProblemsScene(
        app,
        ref,
        [str(exc), known_ids_line(app, ref)],
        reload=retry,
        title="Scenario not found",
        footer="Check the scenario id or path, then press F5 to look again.",
    )


def _no_such_node(
    app: Any,
    where: str,
    nodes: list[str],
    start_at: str,
    retry: Callable[[], None],
    from_start: Callable[[], None],
) -> ProblemsScene:
    """The overlay for a --start-at node the file does not have: the nodes it has, and a way to
    start at the beginning instead."""
    from simulator.ui.widgets import Button

    hint = did_you_mean(start_at, nodes)
    known = ", ".join(sorted(nodes))
    message = f"{where}: there is no node '{start_at}'{hint}. Nodes are: {known}."
    overlay = ProblemsScene(app, where, [message], reload=retry, title=f"No node '{start_at}'")
    overlay.buttons.insert(1, Button("Start at the beginning", from_start, "B"))
    return overlay


def preview_inheritance(app: Any, scenario: Any, rubric: Any, path: Any) -> Any:
    """A previewed follow-up call plays on from part 1's best route (None for a call that follows nothing).

    The first part is looked for in the library, then beside the previewed file (a file's name is its id).
    """
    from simulator.store.story import first_call_of, inherited_flags
    from simulator.validation.library import load_scenario

    if first_call_of(scenario) is None:
        return None

    def find(scenario_id: str) -> Any:
        found = app.library.find(scenario_id)
        if found is not None:
            return found
        for suffix in (".yaml", ".yml"):
            sibling = Path(path).parent / f"{scenario_id}{suffix}"
            if sibling.is_file():
                return load_scenario(str(sibling))[0]
        return None

    return inherited_flags(scenario, rubric, find=find)
