"""Rule `duplicate-id`: a node and an ending with the same id (citing both places)."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem, error
from simulator.validation.registry import Context, rule


@rule("duplicate-id", "the same id used twice, so a `next` could mean either")
def check(ctx: Context) -> Iterator[Problem]:
    """Report ids shared by a node and an ending; duplicate scenario ids are checked across files."""
    sc = ctx.scenario
    for eid, ending in sc.endings.items():
        node = sc.nodes.get(eid)
        if node is not None:
            yield error(
                ending.pos,
                f"ending '{eid}' has the same id as the node at line {node.pos.line}; rename one of them",
                "duplicate-id",
                (node.pos,),
            )
