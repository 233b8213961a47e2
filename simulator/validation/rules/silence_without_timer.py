"""Rule `silence-without-timer`: silence steps written where no response time ever starts them.

Silence steps play past a node's `respond_within`. On a node without one they never play,
which is almost always a forgotten `respond_within`; a scenario-wide `silence:` in a call
where no node sets a response time is the same mistake for the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem, warning
from simulator.validation.registry import Context, rule


@rule("silence-without-timer", "silence steps where no `respond_within` can start them")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn at each node's `silence` without `respond_within`, and a top-level one no node uses."""
    timed = False
    for node in ctx.scenario.nodes.values():
        timed = timed or node.respond_within is not None
        if node.silence and node.respond_within is None:
            yield warning(
                node.silence[0].pos or node.pos,
                f"node '{node.id}' words its silence but sets no respond_within, so the silence"
                " never starts: add `respond_within: <seconds>` to the node, or remove `silence`",
                "silence-without-timer",
            )
    if ctx.scenario.silence and not timed:
        yield warning(
            ctx.scenario.silence[0].pos or ctx.scenario.pos,
            "this scenario words its silence but no node sets respond_within, so the silence"
            " never starts: give the nodes where an answer should come quickly a"
            " `respond_within: <seconds>`, or remove `silence`",
            "silence-without-timer",
        )
