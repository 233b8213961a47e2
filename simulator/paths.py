"""Where the project's files live, where trainers' own scenarios are, and where the game keeps the
user's data and cache.

The built-in scenarios, the rubric and the assets (fonts) are read through importlib.resources:
an installed wheel and the desktop bundle carry them inside the package as ``simulator/data/``
(setup.py copies the repository's top-level ``scenarios/`` and ``assets/`` there). In a checkout
(``make setup`` installs it editable, or ``python main.py`` with no install at all) there is no
``simulator/data``, and the checkout's own top-level folders are used.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

APP_NAME = "on-the-line"
PROJECT_ROOT = (
    Path(__file__).resolve().parent.parent
)  # the checkout's top level (meaningless when installed)


def _platform_dir(kind: str) -> Path:
    # Environment overrides let tests and portable installs put everything elsewhere.
    override = os.environ.get(f"ON_THE_LINE_{kind.upper()}_DIR")
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_NAME / ("Cache" if kind == "cache" else "Data")
    if sys.platform == "darwin":
        sub = "Caches" if kind == "cache" else "Application Support"
        return home / "Library" / sub / APP_NAME
    xdg = {"data": "XDG_DATA_HOME", "cache": "XDG_CACHE_HOME", "config": "XDG_CONFIG_HOME"}[kind]
    default = {"data": ".local/share", "cache": ".cache", "config": ".config"}[kind]
    return Path(os.environ.get(xdg) or home / default) / APP_NAME


def user_data_dir() -> Path:
    """Folder for the progress database."""
    return _platform_dir("data")


def user_cache_dir() -> Path:
    """Folder for rendered speech and other throw-away files."""
    return _platform_dir("cache")


def user_config_dir() -> Path:
    """Folder for settings."""
    return _platform_dir("config")


def user_scenarios_dir() -> Path:
    """The trainer's own scenarios folder in the platform's data folder (the game lists it as 'yours')."""
    return user_data_dir() / "scenarios"


# --- packaged resources -------------------------------------------------------------------


def resource_folder(resource: Traversable, name: str) -> Path:
    """A real folder for a packaged resource folder (copied to the cache when the package is zipped)."""
    if isinstance(resource, Path):
        return resource
    # A zip import (rare: most installs and the PyInstaller bundle are plain folders). The game opens
    # files by path (pygame fonts, the validator's file:line:col), so copy the folder out; on every
    # start, because a cached copy could belong to an older version (it is a few MB).
    target = user_cache_dir() / "resources" / name
    _copy_tree(resource, target)
    return target


def _copy_tree(resource: Traversable, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in resource.iterdir():
        if item.is_dir():
            _copy_tree(item, target / item.name)
        else:
            (target / item.name).write_bytes(item.read_bytes())


def _data_root() -> Path:
    """The folder holding the built-in ``scenarios/`` and ``assets/``."""
    data = resources.files("simulator") / "data"
    if data.is_dir():
        return resource_folder(data, "data")
    return PROJECT_ROOT  # a checkout: the repository's own top-level folders


DATA_ROOT = _data_root()
SCENARIOS_DIR = DATA_ROOT / "scenarios"  # the built-in scenarios
ASSETS_DIR = DATA_ROOT / "assets"
DEFAULT_RUBRIC = SCENARIOS_DIR / "rubric.yaml"
SCHEMA_DIR = resource_folder(resources.files("simulator") / "schema", "schema")
SCENARIO_SCHEMA = SCHEMA_DIR / "scenario.schema.json"
RUBRIC_SCHEMA = SCHEMA_DIR / "rubric.schema.json"


def is_checkout() -> bool:
    """True when running from a source checkout (its scenarios/ are the built-in ones), not an installed copy."""
    return DATA_ROOT == PROJECT_ROOT


# --- where scenarios come from ------------------------------------------------------------

BUILT_IN, YOURS, FOLDER = "built-in", "yours", "folder"


@dataclass(frozen=True)
class ScenarioSource:
    """One folder of scenarios and where it comes from: built-in, yours (the user folder) or a folder."""

    folder: Path
    origin: str

    @property
    def label(self) -> str:
        """Short words for the picker: 'built-in', 'yours' or the folder as the user would type it."""
        if self.origin == FOLDER:
            return display_path(self.folder)
        return self.origin


# Folders given with --scenarios DIR (set by the command line for this run).
_extra_folders: list[Path] = []


def use_scenario_folders(folders: list[str | Path] | None) -> None:
    """Add the folders given with ``--scenarios DIR`` to the scenario sources of this run (None clears them)."""
    _extra_folders[:] = [Path(f) for f in folders or []]


def scenario_sources(cwd: Path | None = None) -> list[ScenarioSource]:
    """Every scenario folder, first match wins: --scenarios folders, the working directory's scenarios/,
    the user scenarios folder, then the built-in scenarios. Folders that do not exist are left out (the
    built-in one never is); the same folder reached twice is listed once."""
    here = Path.cwd() if cwd is None else cwd
    builtin = sys.modules[__name__].SCENARIOS_DIR  # read at call time: tests point it elsewhere
    candidates = [
        *(ScenarioSource(f, FOLDER) for f in _extra_folders),
        ScenarioSource(here / "scenarios", FOLDER),
        ScenarioSource(user_scenarios_dir(), YOURS),
    ]
    sources: list[ScenarioSource] = []
    seen = {_same(builtin)}
    for source in candidates:
        key = _same(source.folder)
        if key in seen or not source.folder.is_dir():
            continue
        seen.add(key)
        sources.append(source)
    sources.append(ScenarioSource(builtin, BUILT_IN))
    return sources


def _same(path: Path) -> str:
    try:
        return os.path.normcase(str(path.resolve()))
    except OSError:
        return os.path.normcase(str(path.absolute()))


# --- how the program was started ----------------------------------------------------------


def program_name() -> str:
    """The command as the user typed it, for messages: 'on-the-line' when installed (or the bundle's
    program name), 'python main.py' in a checkout, 'python -m simulator' for the module."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle
        return Path(sys.executable).stem
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name in ("simulator", "simulator.__main__"):
        return "python -m simulator"
    started = Path(getattr(main, "__file__", None) or sys.argv[0] or "")
    if started.name == "main.py":
        return "python main.py"
    if started.name == "__main__.py" and started.parent.suffix.lower() == ".exe":
        return started.parent.stem  # a Windows console-script launcher (on-the-line.exe)
    if started.name not in ("", "-c", "-m") and not started.name.endswith(".py") and spec is None:
        return started.name  # the console script (on-the-line), or pipx's link to it
    # Called from elsewhere (a test runner, an embedding program): name what the user would type.
    return "python main.py" if is_checkout() else APP_NAME


def display_path(path: str | Path) -> str:
    """``path`` relative to the working directory when it is inside it, for short messages."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
