"""Rule `yaml11-coercion`: plain words YAML 1.1 turns into booleans, numbers or dates."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem
from simulator.validation.registry import Context, rule
from simulator.validation.rules.findings import findings_for


@rule("yaml11-coercion", "plain words YAML 1.1 turns into booleans, numbers or dates")
def check(ctx: Context) -> Iterator[Problem]:
    """Report the schema walk's findings that belong to this rule."""
    return findings_for(ctx, "yaml11-coercion")
