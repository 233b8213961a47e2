"""Conditions are data: walked and evaluated here, never run as code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from simulator.scenario.model import Condition


class ConditionState(Protocol):
    """What a condition can ask about the call so far."""

    flags: set[str]
    heard: dict[str, str]
    visited: list[str]
    mood: int
    patience: int


def leaves(cond: Condition | None) -> Iterator[Condition]:
    """Every leaf test (flag, heard, visited, mood..., patience...) inside ``cond``."""
    if cond is None:
        return
    if cond.op in ("all", "any"):
        for part in cond.arg:
            yield from leaves(part)
    elif cond.op == "not":
        yield from leaves(cond.arg)
    else:
        yield cond


# The leaf tests, one per operator: what each asks of the call so far.
_LEAF_TESTS: dict[str, Callable[[ConditionState, Any], bool]] = {
    "flag": lambda state, arg: arg in state.flags,
    "not_flag": lambda state, arg: arg not in state.flags,
    "heard": lambda state, arg: arg in state.heard,
    "visited": lambda state, arg: arg in state.visited,
    "mood_at_least": lambda state, arg: bool(state.mood >= arg),
    "mood_below": lambda state, arg: bool(state.mood < arg),
    "patience_at_least": lambda state, arg: bool(state.patience >= arg),
    "patience_below": lambda state, arg: bool(state.patience < arg),
}


def holds(cond: Condition | None, state: ConditionState) -> bool:
    """True when ``cond`` is absent or holds in ``state``."""
    if cond is None:
        return True
    op, arg = cond.op, cond.arg
    if op == "all":
        return all(holds(c, state) for c in arg)
    if op == "any":
        return any(holds(c, state) for c in arg)
    if op == "not":
        return not holds(arg, state)
    test = _LEAF_TESTS.get(op)
    return test is not None and test(state, arg)


def describe(cond: Condition | None) -> str:
    """A short readable form of ``cond`` for trainers, such as 'flag promised_refund'."""
    if cond is None:
        return ""
    if cond.op in ("all", "any"):
        joiner = " and " if cond.op == "all" else " or "
        return "(" + joiner.join(describe(c) for c in cond.arg) + ")"
    if cond.op == "not":
        return f"not {describe(cond.arg)}"
    return f"{cond.op.replace('_', ' ')} {cond.arg}"
