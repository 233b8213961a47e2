"""The PATH arguments of ``validate`` and ``stats``: files, folders or scenario ids, checked the same way."""

from __future__ import annotations

import sys
from pathlib import Path


def scenario_paths(refs: list[str]) -> list[Path] | None:
    """The files and folders to read (default: every scenario folder: --scenarios DIRs, ./scenarios, the user
    scenarios folder and the built-in calls); None after printing why they cannot be used.

    A PATH that does not exist is tried as a scenario id in those folders, as ``play`` and ``graph`` do;
    one that ends in .yaml/.yml or names a folder is only ever a path.
    """
    from simulator.paths import display_path, scenario_sources
    from simulator.validation.library import (
        ScenarioNotFound,
        resolve_scenario_path,
        unusable_name,
    )
    from simulator.validation.validate import expand

    if not refs:
        paths = [s.folder for s in scenario_sources()]
    else:
        paths = []
        failed = False
        for ref in refs:
            p = Path(ref)
            unusable = unusable_name(ref)
            if unusable:
                print(f"error: {unusable}", file=sys.stderr)
                failed = True
                continue
            if p.exists():
                paths.append(p)
                continue
            if p.suffix in (".yaml", ".yml") or len(p.parts) > 1:
                print(f"{ref}: error: no such file or folder; check the path", file=sys.stderr)
                failed = True
                continue
            try:
                paths.append(resolve_scenario_path(ref))
            except ScenarioNotFound as exc:
                print(f"{ref}: error: no such file or folder, and {exc}", file=sys.stderr)
                failed = True
        if failed:
            return None
    if not expand(paths):
        print(
            f"{', '.join(display_path(p) for p in paths)}: no scenario files (*.yaml) found",
            file=sys.stderr,
        )
        return None
    return paths
