"""Turn the schema walk's findings into problems, per rule id (shared by the schema rules)."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem, error, warning, word_fix
from simulator.scenario.yaml_advice import quote_text_fix
from simulator.validation.registry import Context


def findings_for(ctx: Context, rule_id: str) -> Iterator[Problem]:
    """Problems for the findings of the schema walk that carry ``rule_id``."""
    for f in ctx.findings:
        if f.rule == rule_id:
            fix = word_fix(ctx.text, f.pos, *f.replace) if f.replace and ctx.text else None
            message = f.message
            if f.quote_line is not None and ctx.text:
                quoting = quote_text_fix(ctx.text, f.quote_line)
                if quoting is not None:
                    message, fix = f"{message}: {quoting[0]}", quoting[1]
            yield (warning if f.warning else error)(f.pos, message, f.rule, fix=fix)
