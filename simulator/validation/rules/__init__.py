"""Validation rules, one module each; importing this package registers them all.

The registry below never imports this package (the rules import the registry), so the
arrows point one way: callers that run the rules import them from here.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.problems import Problem
from simulator.validation.registry import RULES, Context
from simulator.validation.rules import (  # noqa: F401
    backslash_escape,
    code_in_condition,
    dangling_next,
    dead_end,
    duplicate_id,
    gist_missing,
    id_mismatch,
    long_text,
    missing_asset,
    no_principle,
    out_of_range,
    question_loop,
    schema,
    schema_link,
    silence_without_timer,
    teaches,
    text_cut_by_comment,
    unknown_critical,
    unknown_detail,
    unknown_key,
    unknown_principle,
    unreachable_ending,
    unreachable_node,
    unset_flag,
    yaml11_coercion,
)


def run_rules(ctx: Context) -> Iterator[Problem]:
    """Every problem every registered rule finds in ``ctx``."""
    for r in RULES.values():
        yield from r.check(ctx)
