"""Rule `long-text`: a customer line or an answer too long to hear, read and choose in a live call.

A pasted email makes a line nobody can follow by ear, and an answer that fills the screen
hides the others. The limit is the one docs/authoring.md names.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.located import YMap, YScalar, YSeq
from simulator.scenario.problems import Problem, warning
from simulator.validation.registry import Context, rule

MAX_WORDS = 60  # docs/authoring.md: keep lines under about 45 words; past 60 this rule warns


def _too_long(node: object, what: str) -> Iterator[Problem]:
    items = node.items if isinstance(node, YSeq) else [node]
    for item in items:
        if isinstance(item, YScalar) and isinstance(item.value, str):
            words = len(item.value.split())
            if words > MAX_WORDS:
                yield warning(
                    item.pos,
                    f"{what} has {words} words; a caller can't follow more than about 45 by ear and a trainee "
                    f"can't read it in time: split it over two nodes, or keep the one detail that matters "
                    f"(at most {MAX_WORDS} words)",
                    "long-text",
                )


@rule("long-text", f"a customer line or an answer over {MAX_WORDS} words")
def check(ctx: Context) -> Iterator[Problem]:
    """Warn at each `say` line and choice `text` longer than MAX_WORDS words."""
    for section, what in (("nodes", "this customer line"), ("endings", "this closing line")):
        group = ctx.doc.get(section)
        if not isinstance(group, YMap):
            continue
        for node in group.items.values():
            if not isinstance(node, YMap):
                continue
            say = node.get("say")
            if say is not None:
                yield from _too_long(say, what)
            choices = node.get("choices")
            if isinstance(choices, YSeq):
                for choice in choices.items:
                    if isinstance(choice, YMap) and choice.get("text") is not None:
                        yield from _too_long(choice.get("text"), "this answer")
