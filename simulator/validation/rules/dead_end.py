"""Rule `dead-end`: a node the call cannot leave, or from which no ending can be reached."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.graph import can_finish, reachable, reaching, successors
from simulator.scenario.problems import Problem, error, warning
from simulator.validation.registry import Context, rule


def _reaches_missing(ctx: Context) -> set[str]:
    """Nodes from which a chain of choices reaches a `next` that names nothing.

    Such a target is already an error (of `dangling-next`, or of `schema` when
    `next` is missing or not text), and it was probably meant to be an ending,
    so these nodes are not reported again as loops.
    """
    sc = ctx.scenario
    missing = {nxt for nid in sc.nodes for nxt in successors(sc, nid) if sc.target(nxt) is None}
    return reaching(sc, missing)


@rule("dead-end", "a node with no way on that is not an ending")
def check(ctx: Context) -> Iterator[Problem]:
    """Report nodes with no way to an ending, and nodes whose every choice is conditional."""
    sc = ctx.scenario
    finish = can_finish(sc)
    seen = reachable(sc)
    dangling = _reaches_missing(ctx)
    for nid, node in sc.nodes.items():
        if not node.choices:
            continue  # the schema rule already asks for choices
        if nid not in finish and nid in seen:
            if nid in dangling:
                continue
            yield error(
                node.pos,
                f"node '{nid}' leads only into a loop: no path from it reaches an ending; give "
                "one choice a `next` that ends the call",
                "dead-end",
            )
        elif all(c.condition is not None for c in node.choices):
            yield warning(
                node.pos,
                f"every choice of node '{nid}' has a condition; if none holds the call is "
                "stuck, so add one choice without `if`",
                "dead-end",
            )
