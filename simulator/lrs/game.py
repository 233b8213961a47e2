"""Connecting the game to the training centre's LRS at start-up: queue each call, sync in the background."""

from __future__ import annotations

from typing import Any

from simulator.lrs.background import BackgroundSync
from simulator.lrs.config import ConfigError, load_config
from simulator.lrs.statements import lrs_statement
from simulator.store.base import CallRecord
from simulator.store.sqlite_store import SqliteStore


def attach(store: object, lrs_url: str | None, notices: list[str]) -> BackgroundSync | None:
    """Start syncing ``store`` when an LRS is set up (lrs.toml or ``--lrs``); None otherwise.

    A problem with the settings becomes a notice, never a failure: the game plays on, and calls
    are still kept in the progress file.
    """
    warnings: list[str] = []
    try:
        config = load_config(lrs_url, warnings=warnings)
    except ConfigError as exc:
        notices.append(f"Calls are not sent to the LRS: {exc}")
        return None
    notices.extend(warnings)
    if config is None:
        return None
    if not isinstance(store, SqliteStore):
        notices.append("Progress is kept in memory only, so calls are not sent to the LRS.")
        return None
    home_page = config.home_page

    def build(record: CallRecord) -> dict[str, Any]:
        return lrs_statement(record, record.extra.get("title") or None, home_page)

    store.outbox = build
    sync = BackgroundSync(store.path, config)
    sync.start()
    return sync
