"""Rule `unknown-detail`: recall of a detail the customer never mentions."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.conditions import leaves
from simulator.scenario.problems import Problem, did_you_mean, error
from simulator.validation.registry import Context, rule


@rule("unknown-detail", "a recall, misrecall or `heard` condition naming a detail no node mentions")
def check(ctx: Context) -> Iterator[Problem]:
    """Report details that are recalled but never listed in any node's `mentions`."""
    mentioned = {d for n in ctx.scenario.nodes.values() for d in n.mentions}
    for node in ctx.scenario.nodes.values():
        for i, choice in enumerate(node.choices, 1):
            names = [
                choice.recall,
                choice.misrecall,
                *(c.arg for c in leaves(choice.condition) if c.op == "heard"),
            ]
            for name in names:
                if name and name not in mentioned:
                    yield error(
                        choice.pos,
                        f"choice {i} of node '{node.id}' relies on detail '{name}', which no "
                        f"node `mentions`{did_you_mean(name, mentioned)}; add it to the "
                        "`mentions:` of the line where the customer says it",
                        "unknown-detail",
                    )
