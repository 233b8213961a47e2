"""Rules on `teaches:`: every name is a principle of the rubric (`unknown-principle`), and a call says
what it teaches (`no-teaches`)."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem, did_you_mean, error, warning
from simulator.validation.registry import Context, rule


@rule("no-teaches", "a scenario without `teaches:`, its learning goals")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn when a scenario names no learning goals; check that each goal is a principle of the rubric."""
    names = list(ctx.rubric.principles)
    if not ctx.scenario.teaches and ctx.doc.get("teaches") is None:
        example = ", ".join(names[:2]) or "empathy"
        yield warning(
            ctx.scenario.pos,
            f"scenario '{ctx.scenario.id}' does not say what it teaches; add a line such as `teaches: [{example}]`"
            " (1 to 3 principles of the rubric) so trainers can choose calls by their goals",
            "no-teaches",
        )
    seen: set[str] = set()
    for name, pos in zip(ctx.scenario.teaches, ctx.scenario.teaches_pos, strict=True):
        if name not in ctx.rubric.principles:
            hint = did_you_mean(name, names)
            yield error(
                pos,
                f"`teaches:` names '{name}', which is not a principle of the "
                f"rubric{hint or '; the rubric has: ' + ', '.join(names)}",
                "unknown-principle",
            )
        elif name in seen:
            yield warning(
                pos, f"`teaches:` names '{name}' twice; list each principle once", "no-teaches"
            )
        seen.add(name)
