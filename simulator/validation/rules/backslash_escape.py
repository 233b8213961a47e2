"""Rule `backslash-escape`: a backslash in double quotes that makes a character, not a backslash.

`image: "C:\\faces\\bob.png"` loads without complaint, with a form feed where the
writer saw `\\f`. The loader notes such escapes from the source text (the loaded
value no longer shows them); this rule words them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from simulator.scenario.problems import Problem, warning
from simulator.validation.registry import Context, rule

# What YAML makes of the escapes that are not a control character or a hex code.
_NAMED = {
    "\\n": "a line break",
    "\\t": "a tab",
    "\\ ": "a plain space",
    "\\/": "a plain '/'",
    "\\_": "a no-break space",
    "\\N": "a control character",
    "\\L": "a line separator",
    "\\P": "a paragraph separator",
}
_CONTROL = frozenset("0abvfre")


def becomes(escape: str) -> str:
    """What the double-quoted escape ``escape`` (as written, with its backslash) turns into."""
    if escape in _NAMED:
        return _NAMED[escape]
    letter = escape[1:2]
    if letter in _CONTROL:
        return "a control character"
    if letter in "xuU":
        char = chr(int(escape[2:], 16))
        if unicodedata.category(char).startswith("C"):
            return "a control character"
        return f"the character '{char}'"
    return "a special character"


@rule("backslash-escape", "a backslash in double quotes that YAML turns into another character")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn at each double-quoted value's first backslash escape a writer rarely means."""
    for pos, escape in ctx.escapes:
        yield warning(
            pos,
            f"`{escape}` in double quotes is {becomes(escape)}, not a backslash; use single quotes or forward slashes",
            "backslash-escape",
        )
