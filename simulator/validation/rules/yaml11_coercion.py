"""Rule `yaml11-coercion`: plain words YAML 1.1 turns into booleans, numbers or dates."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.located import Pos
from simulator.scenario.problems import Problem
from simulator.validation.registry import Context, rule
from simulator.validation.rules.findings import findings_for
from simulator.validation.rules.text_cut_by_comment import cuts


@rule("yaml11-coercion", "plain words YAML 1.1 turns into booleans, numbers or dates")
def check(ctx: Context) -> Iterator[Problem]:
    """Report the schema walk's findings that belong to this rule (text cut by a comment excepted)."""
    cut = _cut_positions(ctx)
    for problem in findings_for(ctx, "yaml11-coercion"):
        # `text: no #4471`: text-cut-by-comment quotes the whole line; quoting 'no' alone would lose the rest.
        if problem.pos not in cut:
            yield problem


def _cut_positions(ctx: Context) -> set[Pos]:
    return {scalar.pos for scalar, _ in cuts(ctx)}
