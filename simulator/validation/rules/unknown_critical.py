"""Rule `unknown-critical`: a choice names a critical error the rubric does not declare."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem, did_you_mean, error
from simulator.validation.registry import Context, rule


@rule(
    "unknown-critical", "a choice's `critical:` names an error the rubric's critical_errors lacks"
)
def check(ctx: Context) -> Iterator[Problem]:
    """Report critical-error ids that are not in the rubric, with the nearest id as a suggestion."""
    names = list(ctx.rubric.critical_errors)
    known = ", ".join(names) if names else "none (add `critical_errors:` to the rubric)"
    for node in ctx.scenario.nodes.values():
        for i, choice in enumerate(node.choices, 1):
            for cid, pos in zip(choice.critical, choice.critical_pos, strict=True):
                if cid not in ctx.rubric.critical_errors:
                    hint = did_you_mean(cid, names)
                    yield error(
                        pos,
                        f"choice {i} of node '{node.id}' names critical error '{cid}', which "
                        "the rubric does not declare"
                        f"{hint or f'; the rubric has: {known}'}",
                        "unknown-critical",
                    )
