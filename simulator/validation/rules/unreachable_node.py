"""Rule `unreachable-node`: a node no path from the start leads to."""

from __future__ import annotations

from typing import Iterator

from simulator.problems import Problem, warning
from simulator.scenario_graph import reachable
from simulator.validation.registry import Context, rule


@rule("unreachable-node", "a node that no path from the start leads to")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn about nodes that no chain of choices from the start reaches."""
    sc = ctx.scenario
    if sc.start not in sc.nodes:
        return
    seen = reachable(sc)
    for nid, node in sc.nodes.items():
        if nid not in seen:
            yield warning(
                node.pos,
                f"node '{nid}' can never be reached from start '{sc.start}'; point a choice's `next` at it or remove it",
                "unreachable-node",
            )
