"""Rule `unreachable-node`: a node no path from the start leads to."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.graph import unreachable_ids
from simulator.scenario.problems import Problem, warning
from simulator.validation.registry import Context, rule


@rule("unreachable-node", "a node that no path from the start leads to")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn about nodes that no chain of choices from the start reaches."""
    sc = ctx.scenario
    for nid in unreachable_ids(sc, sc.nodes):
        yield warning(
            sc.nodes[nid].pos,
            f"node '{nid}' can never be reached from start '{sc.start}'; point a choice's `next` at it or remove it",
            "unreachable-node",
        )
