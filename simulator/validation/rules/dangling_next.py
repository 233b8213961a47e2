"""Rule `dangling-next`: a `next`, `start`, `on_patience_out` or `visited` that names nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from simulator.scenario.conditions import leaves
from simulator.scenario.located import Pos
from simulator.scenario.model import HANG_UP_ENDING
from simulator.scenario.problems import Problem, did_you_mean, error, word_fix
from simulator.validation.registry import Context, rule

_ID_FORM = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")  # the schema's pattern for node and ending ids


@rule("dangling-next", "a reference to a node or ending that does not exist")
def check(ctx: Context) -> Iterator[Problem]:
    """Report every reference whose target is missing, suggesting the closest id."""
    sc = ctx.scenario
    ids = [*sc.nodes, *sc.endings]

    def missing(ref: str, pos: Pos, what: str) -> Problem:
        hint = did_you_mean(ref, ids)
        if not hint and not _ID_FORM.match(ref):
            # The schema's pattern finding here is dropped in favour of this one, so say what it said.
            hint = "; an id is letters, digits, '_' and '-', starting with a letter"
        meant = hint.split("'")[1] if hint.startswith(" (did you mean") else None
        fix = word_fix(ctx.text, pos, ref, meant) if meant and ctx.text else None
        return error(
            pos, f"{what} goes to '{ref}', which does not exist{hint}", "dangling-next", fix=fix
        )

    if sc.start and sc.start not in sc.nodes and sc.start_pos is not None:
        if sc.start in sc.endings:
            yield error(
                sc.start_pos, f"start is '{sc.start}', an ending; start at a node", "dangling-next"
            )
        else:
            yield missing(sc.start, sc.start_pos, "start")
    out = sc.on_patience_out
    if out != HANG_UP_ENDING and sc.target(out) is None and sc.on_patience_out_pos is not None:
        yield missing(out, sc.on_patience_out_pos, "on_patience_out")
    for node in sc.nodes.values():
        for i, choice in enumerate(node.choices, 1):
            if choice.next and sc.target(choice.next) is None:
                yield missing(
                    choice.next, choice.next_pos or choice.pos, f"choice {i} of node '{node.id}'"
                )
            for cond in (c for c in leaves(choice.condition) if c.op == "visited"):
                if cond.arg not in sc.nodes:
                    yield error(
                        cond.pos,
                        f"condition asks whether node '{cond.arg}' was visited, but there is "
                        f"no such node{did_you_mean(cond.arg, sc.nodes)}",
                        "dangling-next",
                    )
