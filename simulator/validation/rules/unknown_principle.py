"""Rule `unknown-principle`: effects or weights that name a principle the rubric lacks."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem, did_you_mean, error
from simulator.validation.registry import Context, rule


@rule("unknown-principle", "a principle that is not in the rubric")
def check(ctx: Context) -> Iterator[Problem]:
    """Report effects and weight overrides naming principles the rubric does not define."""
    names = list(ctx.rubric.principles)
    known = ", ".join(names)

    def msg(name: str) -> str:
        hint = did_you_mean(name, names)
        return f"'{name}' is not a principle of the rubric{hint or f'; the rubric has: {known}'}"

    for name, pos in ctx.scenario.weight_pos.items():
        if name not in ctx.rubric.principles:
            yield error(pos, msg(name), "unknown-principle")
    for node in ctx.scenario.nodes.values():
        for choice in node.choices:
            for name, pos in choice.effect_pos.items():
                if name not in ctx.rubric.principles:
                    yield error(pos, msg(name), "unknown-principle")
