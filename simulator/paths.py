"""Where the project's files live, and where the game keeps the user's data and cache."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCENARIOS_DIR = PROJECT_ROOT / "scenarios"
ASSETS_DIR = PROJECT_ROOT / "assets"
DEFAULT_RUBRIC = SCENARIOS_DIR / "rubric.yaml"
APP_NAME = "on-the-line"


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


def display_path(path: str | Path) -> str:
    """``path`` relative to the working directory when it is inside it, for short messages."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
