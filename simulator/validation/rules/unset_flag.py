"""Rule `unset-flag`: a condition on a flag that no choice ever sets."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.conditions import leaves
from simulator.scenario.problems import Problem, did_you_mean, warning
from simulator.validation.registry import Context, rule


@rule("unset-flag", "a condition on a flag no choice sets")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn when a condition tests a flag that nothing sets (often a typo)."""
    nodes = ctx.scenario.nodes.values()
    set_somewhere = {f for n in nodes for c in n.choices for f in c.sets}
    for node in nodes:
        for choice in node.choices:
            for cond in (c for c in leaves(choice.condition) if c.op in ("flag", "not_flag")):
                if cond.arg not in set_somewhere:
                    yield warning(
                        cond.pos,
                        f"flag '{cond.arg}' is never set by any "
                        f"choice{did_you_mean(cond.arg, set_somewhere)}; add it to a choice's "
                        "`set:` list",
                        "unset-flag",
                    )
