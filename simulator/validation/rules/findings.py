"""Turn the schema walk's findings into problems, per rule id (shared by the schema rules)."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem, error, warning
from simulator.validation.registry import Context


def findings_for(ctx: Context, rule_id: str) -> Iterator[Problem]:
    """Problems for the findings of the schema walk that carry ``rule_id``."""
    for f in ctx.findings:
        if f.rule == rule_id:
            yield (warning if f.warning else error)(f.pos, f.message, f.rule)
