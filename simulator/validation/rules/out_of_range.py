"""Rule `out-of-range`: numbers outside their allowed range."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem
from simulator.validation.registry import Context, rule
from simulator.validation.rules.findings import findings_for


@rule("out-of-range", "numbers outside their allowed range")
def check(ctx: Context) -> Iterator[Problem]:
    """Report the schema walk's findings that belong to this rule."""
    return findings_for(ctx, "out-of-range")
