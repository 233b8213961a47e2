"""Rule `gist-missing`: a node where some answers have a `gist:` and others do not.

In voice answers' gist-only mode the cards show the gists; an answer without one shows its full
text instead, which sets it apart from the others and gives away which answer reads how.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem, warning
from simulator.validation.registry import Context, rule


@rule("gist-missing", "an answer without a gist where others at its node have one")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn about each choice without a gist at a node where another choice has one."""
    for node in ctx.scenario.nodes.values():
        with_gist = [i for i, c in enumerate(node.choices, 1) if c.gist]
        if not with_gist:
            continue
        for i, choice in enumerate(node.choices, 1):
            if not choice.gist:
                yield warning(
                    choice.pos,
                    f"choice {i} of node '{node.id}' has no `gist:` though choice {with_gist[0]} "
                    "has one; in voice answers' gist-only mode it would show its full text among "
                    "the gists, so add a gist",
                    "gist-missing",
                )
