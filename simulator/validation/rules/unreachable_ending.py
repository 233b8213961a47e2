"""Rule `unreachable-ending`: an ending no path from the start leads to."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.graph import unreachable_ids
from simulator.scenario.problems import Problem, warning
from simulator.validation.registry import Context, rule


@rule("unreachable-ending", "an ending that no path from the start leads to")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn about endings that no chain of choices from the start reaches."""
    sc = ctx.scenario
    for eid in unreachable_ids(sc, sc.endings):
        yield warning(
            sc.endings[eid].pos,
            f"ending '{eid}' can never be reached; point a choice's `next` (or on_patience_out) at it, or remove it",
            "unreachable-ending",
        )
