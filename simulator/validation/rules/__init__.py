"""Validation rules, one module each; importing this package registers them all."""

from simulator.validation.rules import (  # noqa: F401
    backslash_escape,
    code_in_condition,
    dangling_next,
    dead_end,
    duplicate_id,
    id_mismatch,
    missing_asset,
    no_principle,
    out_of_range,
    schema,
    unknown_detail,
    unknown_key,
    unknown_principle,
    unreachable_ending,
    unreachable_node,
    unset_flag,
    yaml11_coercion,
)
