"""Where this desktop's Learning Record Store is and how to sign in to it: ``lrs.toml`` in the user config folder.

Credentials are never taken from the command line (other users see it in the process list and it
stays in shell history) and are never written to the progress database. They live in the config
file, which the game warns about when other users can read it, or in the environment variables
``ON_THE_LINE_LRS_USERNAME`` and ``ON_THE_LINE_LRS_PASSWORD`` (for a centre that deploys secrets
that way); the environment wins. ``--lrs URL`` only changes the endpoint.
"""

from __future__ import annotations

import os
import stat
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from simulator.paths import display_path, user_config_dir
from simulator.reports.xapi import HOME

CONFIG_NAME = "lrs.toml"
ENV_USERNAME, ENV_PASSWORD = "ON_THE_LINE_LRS_USERNAME", "ON_THE_LINE_LRS_PASSWORD"
DEFAULT_BATCH = 100
DEFAULT_TIMEOUT_S = 20.0

EXAMPLE = """\
# On the Line: the training centre's Learning Record Store (xAPI).
endpoint = "https://lrs.example.org/xAPI/"
username = "desk-12"
password = "the secret the LRS administrator gave you"
# Trainees are identified as accounts on this page (your LMS or intranet address).
home_page = "https://training.example.org"
"""


class ConfigError(Exception):
    """The LRS settings cannot be used; the message names the file or option and what to do."""


@dataclass(frozen=True)
class LrsConfig:
    """The LRS endpoint, its credentials and the centre's home page for trainee accounts."""

    endpoint: str
    username: str = ""
    password: str = ""
    home_page: str = HOME
    batch_size: int = DEFAULT_BATCH
    timeout: float = DEFAULT_TIMEOUT_S
    source: str = ""  # where the settings came from, for messages

    @property
    def statements_url(self) -> str:
        """The xAPI Statements resource."""
        return self.endpoint.rstrip("/") + "/statements"


def config_path() -> Path:
    """The settings file: ``lrs.toml`` in the user config folder (ON_THE_LINE_CONFIG_DIR to move it)."""
    return user_config_dir() / CONFIG_NAME


def check_endpoint(url: str, where: str) -> str:
    """The endpoint as given, checked: http(s), a host, and no credentials inside it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"{where}: '{url}' is not an LRS address; it looks like https://lrs.example.org/xAPI/"
        )
    if parts.username or parts.password:
        raise ConfigError(
            f"{where}: the address holds a user name or password; put them in {display_path(config_path())} "
            f"(or {ENV_USERNAME} and {ENV_PASSWORD}), never in the address"
        )
    return url.strip()


def _readable_by_others(path: Path) -> bool:
    if sys.platform == "win32":
        return False  # the user profile folder is private by default
    try:
        return bool(path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH))
    except OSError:
        return False


def _read(path: Path, where: str) -> dict[str, object]:
    """The settings file's table, or {} when there is none; raises ``ConfigError``."""
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot read the LRS settings ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{where}: is not valid TOML ({exc}); it should look like:\n{EXAMPLE}"
        ) from exc


def _texts(data: dict[str, object], where: str) -> dict[str, str]:
    """username, password and home_page as text ('' when absent)."""
    values: dict[str, str] = {}
    for key in ("username", "password", "home_page"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ConfigError(f"{where}: '{key}' must be text in quotes")
        values[key] = value
    return values


def _numbers(data: dict[str, object], where: str) -> tuple[int, float]:
    """batch_size and timeout, checked."""
    batch = data.get("batch_size", DEFAULT_BATCH)
    timeout = data.get("timeout", DEFAULT_TIMEOUT_S)
    if not isinstance(batch, int) or isinstance(batch, bool) or not 1 <= batch <= 1000:
        raise ConfigError(f"{where}: 'batch_size' must be a whole number from 1 to 1000")
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        raise ConfigError(f"{where}: 'timeout' must be a number of seconds above 0")
    return batch, float(timeout)


def load_config(
    lrs_url: str | None = None, path: Path | None = None, warnings: list[str] | None = None
) -> LrsConfig | None:
    """The LRS settings, or None when none is set up; raises ``ConfigError`` on a broken file.

    ``lrs_url`` (from ``--lrs``) replaces the file's endpoint; the credentials still come from the
    file or the environment. A password in a file other users can read adds a warning.
    """
    path = path or config_path()
    where = display_path(path)
    data = _read(path, where)
    endpoint = lrs_url or data.get("endpoint")
    if not endpoint:
        if data:
            raise ConfigError(f"{where}: has no 'endpoint'; it should look like:\n{EXAMPLE}")
        return None
    if not isinstance(endpoint, str):
        raise ConfigError(f"{where}: 'endpoint' must be text in quotes")
    endpoint = check_endpoint(endpoint, "--lrs" if lrs_url else where)
    values = _texts(data, where)
    if values["password"] and warnings is not None and _readable_by_others(path):
        warnings.append(
            f"{where} holds the LRS password and other users can read it; run: chmod 600 {where}"
        )
    home_page = values["home_page"] or HOME
    if home_page != HOME:
        check_endpoint(home_page, f"{where}: home_page")
    batch, timeout = _numbers(data, where)
    return LrsConfig(
        endpoint=endpoint,
        username=os.environ.get(ENV_USERNAME) or values["username"],
        password=os.environ.get(ENV_PASSWORD) or values["password"],
        home_page=home_page,
        batch_size=batch,
        timeout=timeout,
        source=where if data else "--lrs",
    )
