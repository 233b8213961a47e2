"""Rule `id-mismatch`: a scenario whose `id` is not its file name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

from simulator.scenario.located import YScalar
from simulator.scenario.problems import Problem, warning, word_fix
from simulator.scenario.starter import ID_PATTERN, suggest_id
from simulator.validation.registry import Context, rule

_SUFFIXES = (".yaml", ".yml")


@rule("id-mismatch", "a scenario `id` that differs from its file name")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn when the `id:` value is not the file name without its extension."""
    node = ctx.doc.get("id")
    path = PurePath(ctx.path)
    if (
        not isinstance(node, YScalar)
        or not isinstance(node.value, str)
        or path.suffix.lower() not in _SUFFIXES
    ):
        return
    sid = node.value
    # A malformed id is already a `schema` error; comparing it with the file name would say it twice.
    if not ID_PATTERN.match(sid) or sid == path.stem:
        return
    rename = f"rename the file to {sid}{path.suffix}"
    edit = None
    if ID_PATTERN.match(path.stem):
        edit = word_fix(ctx.text, node.pos, node.raw, path.stem) if node.plain else None
        fix = f"write `id: {path.stem}` or {rename}"
    else:
        # '2nd_try' or 'Held Twice (v2)' cannot be an id: offer only fixes that are themselves valid.
        better = suggest_id(path.stem)
        fix = (
            f"{rename}, or rename it to {better}{path.suffix} and write `id: {better}`"
            if better and better != sid
            else rename
        )
        fix += (
            f" (a file name like '{path.stem}' cannot be an id: ids are lower-case letters, "
            "digits and '_', starting with a letter)"
        )
    yield warning(
        node.pos,
        f"id '{sid}' differs from the file name '{path.name}'; use one name for both: {fix}",
        "id-mismatch",
        fix=edit,
    )
