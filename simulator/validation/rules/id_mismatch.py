"""Rule `id-mismatch`: a scenario whose `id` is not its file name."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Iterator

from simulator.scenario.located import YScalar
from simulator.scenario.problems import Problem, warning
from simulator.validation.registry import Context, rule

_SUFFIXES = (".yaml", ".yml")
# A malformed id is already a `schema` error; comparing it with the file name would say it twice.
_WELL_FORMED = re.compile(r"^[a-z][a-z0-9_]*$")


@rule("id-mismatch", "a scenario `id` that differs from its file name")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn when the `id:` value is not the file name without its extension."""
    node = ctx.doc.get("id")
    path = PurePath(ctx.path)
    if not isinstance(node, YScalar) or not isinstance(node.value, str) or path.suffix.lower() not in _SUFFIXES:
        return
    sid = node.value
    if not _WELL_FORMED.match(sid) or sid == path.stem:
        return
    yield warning(
        node.pos,
        f"id '{sid}' differs from the file name '{path.name}'; use one name for both: "
        f"write `id: {path.stem}` or rename the file to {sid}{path.suffix}",
        "id-mismatch",
    )
