"""Rule `code-in-condition`: conditions written as code rather than data."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem
from simulator.validation.registry import Context, rule
from simulator.validation.rules.findings import findings_for


@rule("code-in-condition", "conditions written as code rather than data")
def check(ctx: Context) -> Iterator[Problem]:
    """Report the schema walk's findings that belong to this rule."""
    return findings_for(ctx, "code-in-condition")
