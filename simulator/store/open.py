"""Open the progress store at start-up without ever failing, and turn a finished call into a record.

Whatever is wrong with the database file or its folder, the trainee can still play:
a damaged file is moved aside and a fresh one started; a folder that cannot be written
gives an in-memory store; a file from a newer version of the game is left untouched.
Each case leaves a plain-language ``store.notice`` for the game to show.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.engine.result import CallResult, Decision
from simulator.paths import display_path, user_data_dir
from simulator.store.base import CallRecord, ProgressStore, StoreError
from simulator.store.memory_store import MemoryStore
from simulator.store.sqlite_store import (
    CorruptDatabase,
    ForeignDatabase,
    NewerDatabase,
    SqliteStore,
    read_calls,
)

DB_NAME = "progress.db"
_MEMORY_ONLY = "This session's calls are kept in memory only and are lost when the game closes."
_WHAT_TO_DO = "To keep them, start the game with --db PATH pointing at a writable folder, or set ON_THE_LINE_DATA_DIR."


def default_db_path() -> Path:
    """Where the game keeps progress unless told otherwise: ``user_data_dir()/progress.db``."""
    return user_data_dir() / DB_NAME


def _aside_name(path: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    return candidate


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its -wal/-shm companions) out of the way; returns the new name."""
    target = _aside_name(path, now or datetime.now())
    # The companions go first: a stale WAL next to a fresh file must never be replayed into it.
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    os.replace(path, target)
    return target


def _in_memory(notice: str, calls: list[CallRecord] | None = None) -> MemoryStore:
    """The fallback store, said out loud: the notice goes to stderr as well as to the screens."""
    print(f"warning: {notice}", file=sys.stderr)
    return MemoryStore(notice=notice, calls=calls or ())


def open_store(db_path: Path | None = None) -> ProgressStore:
    """The progress store for this session; never raises: on any fault, ``store.notice`` says what happened."""
    path = Path(db_path) if db_path is not None else default_db_path()
    where = display_path(path)
    try:
        return SqliteStore.open(path)
    except CorruptDatabase as exc:
        try:
            moved = move_aside(path)
        except OSError as move_exc:
            return _in_memory(
                f"{exc}. It could not be moved aside ({move_exc.strerror or move_exc}). {_MEMORY_ONLY} {_WHAT_TO_DO}"
            )
        try:
            store = SqliteStore.open(path)
        except StoreError as again:
            return _in_memory(f"{again}. {_MEMORY_ONLY} {_WHAT_TO_DO}")
        store.notice = (
            f"{where} was damaged and could not be read. It was moved to {moved.name} (keep it for "
            "a trainer or support) and a fresh progress file was started."
        )
        print(f"warning: {store.notice}", file=sys.stderr)
        return store
    except ForeignDatabase as exc:
        return _in_memory(f"{exc}. {_MEMORY_ONLY}")
    except NewerDatabase as exc:
        try:
            earlier = read_calls(path)
        except StoreError:
            earlier = []
        return _in_memory(
            f"{exc}. It was left untouched; your earlier calls are shown but new calls are kept in "
            "memory only until the game is updated. Update On the Line to keep them.",
            earlier,
        )
    except StoreError as exc:
        return _in_memory(f"{exc}. {_MEMORY_ONLY} {_WHAT_TO_DO}")
    except Exception as exc:  # start-up must go on whatever the file system does
        print(
            f"warning: {where}: unexpected problem opening the progress database: {exc!r}",
            file=sys.stderr,
        )
        return _in_memory(
            f"{where}: cannot use the progress database ({exc}). {_MEMORY_ONLY} {_WHAT_TO_DO}"
        )


def _iso(moment: datetime | str) -> str:
    if isinstance(moment, str):
        return moment
    if moment.tzinfo is None:
        moment = moment.replace(
            tzinfo=UTC
        )  # the game's clock gives UTC; naive times are taken as UTC
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _decision(d: Decision) -> dict[str, Any]:
    """One decision as the store keeps it: what was chosen, its points and timing, and after it."""
    return {
        "node_id": d.node_id,
        "choice": d.chosen.index,  # the number as shown, which a shuffled call may change
        "choice_index": d.chosen.choice_index,  # the option's identity among the node's choices
        "text": d.chosen.text,
        "points": dict(d.points),
        "lost": -sum(v for v in d.points.values() if v < 0),
        "elapsed": d.elapsed,
        "cut_in": d.cut_in,
        "dead_air": d.dead_air,
        "mechanics": list(d.mechanics),
        "mood_after": d.mood_after,
        "patience_after": d.patience_after,
    }


def record_from_result(
    trainee: str,
    result: CallResult,
    started_at: datetime | str,
    finished_at: datetime | str,
    *,
    flags: Iterable[str] | None = None,
    inherited_flags: Iterable[str] | None = None,
    follows: str | None = None,
) -> CallRecord:
    """The record to store for a finished call: scores, grade, each decision with its timing, and more.

    ``flags`` are the flags the call ended with: a follow-up call of the same story inherits them
    (simulator.store.story reads them back from ``extra["flags"]``). A follow-up call also keeps
    what it inherited and the id of the call it follows (``extra["inherited_flags"]``, ``extra["follows"]``).
    """
    decisions = [_decision(d) for d in result.decisions]
    return CallRecord(
        trainee=trainee,
        scenario_id=result.scenario,
        scenario_hash=result.scenario_hash,
        seed=result.seed,
        mode=result.mode,
        started_at=_iso(started_at),
        finished_at=_iso(finished_at),
        ending=result.ending,
        outcome=result.outcome,
        percent=result.percent,
        grade=result.grade,
        passed=result.passed,
        csat=result.csat,
        scores={
            name: {"points": s.points, "max": s.max, "percent": s.percent}
            for name, s in result.scores.items()
        },
        decisions=decisions,
        undo_used=result.undo_used,
        app_version=result.app_version,
        extra={
            "title": result.title,
            "pass_mark": result.pass_mark,
            "final_mood": result.final_mood,
            "final_patience": result.final_patience,
            **({"flags": sorted(set(flags))} if flags is not None else {}),
            **(
                {"inherited_flags": sorted(set(inherited_flags))}
                if inherited_flags is not None
                else {}
            ),
            **({"follows": follows} if follows else {}),
        },
    )
