"""Rule `no-principle`: a choice that scores no principle, so the debrief cannot judge it."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem, warning
from simulator.validation.registry import Context, rule


@rule("no-principle", "a choice whose effects score no principle")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn about choices with no non-zero effect on any principle."""
    for node in ctx.scenario.nodes.values():
        for i, choice in enumerate(node.choices, 1):
            if not any(v for v in choice.effects.values()) and not (
                choice.recall or choice.misrecall
            ):
                yield warning(
                    choice.pos,
                    f"choice {i} of node '{node.id}' scores no principle; add `effects:` such "
                    f"as {{empathy: 1}} so the debrief can coach it",
                    "no-principle",
                )
