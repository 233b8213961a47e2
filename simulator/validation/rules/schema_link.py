"""Rule `schema-link`: the editor's schema link on the first line no longer leads to the schema.

`new` writes `# yaml-language-server: $schema=...` so that editors check the file as it is typed.
A relative link breaks when the file is moved to another folder, and the editor then stops
checking without a word; this says so, with the link that works from where the file is now.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from simulator.scenario.located import Pos
from simulator.scenario.problems import Fix, Problem, warning
from simulator.scenario.starter import SCHEMA_HINT, schema_link, schema_link_target
from simulator.validation.registry import Context, rule

_LOOK_AT = 5  # the hint is the first line as `new` writes it; a few header lines may come first


@rule(
    "schema-link", "an editor schema link that does not lead to the schema from where the file is"
)
def check(ctx: Context) -> Iterator[Problem]:
    """Warn at a `$schema=` link that names no file from the scenario's folder."""
    file = Path(ctx.path)
    if not ctx.text or not file.is_file():
        return  # text checked without a file (a guide's example, a test): there is no "from here"
    for number, line in enumerate(ctx.text.split("\n")[:_LOOK_AT], 1):
        at = line.find(SCHEMA_HINT)
        if at < 0:
            continue
        link = line[at + len(SCHEMA_HINT) :].strip()
        target = schema_link_target(link, file)
        if target is None or not link or target.is_file():
            return
        good = schema_link(file)
        yield warning(
            Pos(ctx.path, number, at + len(SCHEMA_HINT) + 1),
            f"the editor schema link '{link}' leads to no file from this file's folder (was the file "
            f"moved?), so editors stop checking it; write {SCHEMA_HINT}{good}",
            "schema-link",
            fix=Fix(number, number, line[:at] + SCHEMA_HINT + good),
        )
        return
