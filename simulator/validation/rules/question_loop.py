"""Rule `question-loop`: a question loop whose way out can never open, or that has no way out.

A question loop is a node whose `once: true` choices (the questions) lead back to it; its way
out is a choice with `after_asked: n`, offered once n questions were asked. The way out must
not wait for more questions than the node has, and the questions must come back to the node,
or it is never offered (the game would fall back to showing everything at once). A loop node
made only of questions has no way out: once every question is asked, they all come back.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from simulator.scenario.located import YMap, YScalar, YSeq
from simulator.scenario.model import Node, Scenario
from simulator.scenario.problems import Problem, error, warning, word_fix
from simulator.validation.registry import Context, rule


def comes_back(scenario: Scenario, node: Node) -> bool:
    """True when some once-only choice of ``node`` leads, by any chain of choices, back to it."""
    starts = [c.next for c in node.choices if c.once]
    seen: set[str] = set()
    queue = deque(s for s in starts if s in scenario.nodes)
    while queue:
        nid = queue.popleft()
        if nid == node.id:
            return True
        if nid in seen:
            continue
        seen.add(nid)
        queue.extend(c.next for c in scenario.nodes[nid].choices if c.next in scenario.nodes)
    return False


def _after_asked_value(ctx: Context, node_id: str, index: int) -> YScalar | None:
    """The `after_asked:` value as written for choice ``index`` (0-based) of ``node_id``."""
    nodes = ctx.doc.get("nodes")
    node = nodes.get(node_id) if isinstance(nodes, YMap) else None
    choices = node.get("choices") if isinstance(node, YMap) else None
    if not isinstance(choices, YSeq) or index >= len(choices.items):
        return None
    choice = choices.items[index]
    value = choice.get("after_asked") if isinstance(choice, YMap) else None
    return value if isinstance(value, YScalar) else None


@rule("question-loop", "a question loop whose way out can never open, or with no way out")
def check(ctx: Context) -> Iterator[Problem]:
    """Report `after_asked` that waits for questions a node never asks, and loops of questions only."""
    sc = ctx.scenario
    for node in sc.nodes.values():
        questions = sum(1 for c in node.choices if c.once)
        loops = questions > 0 and comes_back(sc, node)
        for i, choice in enumerate(node.choices):
            if not choice.after_asked:
                continue
            written = _after_asked_value(ctx, node.id, i)
            pos = written.pos if written is not None else choice.pos
            where = f"choice {i + 1} of node '{node.id}'"
            if choice.after_asked > questions:
                if questions:
                    fix = (
                        word_fix(ctx.text, pos, written.raw, str(questions))
                        if written is not None and ctx.text
                        else None
                    )
                    yield error(
                        pos,
                        f"{where} waits for {choice.after_asked} questions, but the node has only "
                        f"{questions} `once: true` choice{'s' * (questions != 1)}, so it would never be "
                        f"offered; write `after_asked: {questions}` or mark more questions `once: true`",
                        "question-loop",
                        fix=fix,
                    )
                else:
                    yield error(
                        pos,
                        f"{where} waits for {choice.after_asked} questions, but node '{node.id}' has no "
                        "`once: true` choices to count; mark its questions `once: true`",
                        "question-loop",
                    )
            elif not loops:
                yield warning(
                    pos,
                    f"{where} waits for questions, but no question of node '{node.id}' leads back to it, "
                    f"so none is asked here before the call moves on; point each question's answer "
                    f"back at '{node.id}' (`next: {node.id}`)",
                    "question-loop",
                )
        if loops and all(c.once for c in node.choices):
            yield warning(
                node.pos,
                f"node '{node.id}' asks only `once: true` questions and comes back to itself, so once "
                "every question is asked they all come back; add a way out: a choice without `once`, "
                "with `after_asked: n` to offer it after n questions",
                "question-loop",
            )
