"""Previews that tell the truth: a call opened at a node, as if it had come the shortest way there.

A call started in the middle has heard nothing and set nothing, so choices that recall a
detail or test a flag stay hidden, and the debrief grades a handful of decisions against the
whole call's best ("F 4%"). A preview instead assumes what the shortest route to the node
would have heard and set: the route is played through the engine, and the call opens at the
node with its flags, details, visits, mood, patience and asked questions. Only the decisions
made in the preview are graded, against the best that can be done from there.

The preview is a scenario of its own, derived from the real one, so the engine plays, scores
and debriefs it unchanged: it starts at the node; what the route heard is mentioned at the
node; the flags it set are the call's opening flags; ``visited`` conditions on nodes the route
passed read a flag the preview opens with; questions already asked are gone from their node
(and their way out counts them); mood and patience open where the route left them. Its title
says it is a preview, so the call screen and the debrief say so too.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any

from simulator.engine.conversation import Conversation, EngineError
from simulator.engine.state_search import DEFAULT_BOUND, Stepper
from simulator.scenario.model import Choice, Condition, Node, Scenario
from simulator.scenario.rubric import Rubric

# Flags a preview opens with for nodes the route passed; ids never contain ':'.
_VISITED_FLAG = "visited:"


@dataclass
class Preview:
    """A call to open at ``node``: the derived scenario, its opening flags, and what was assumed."""

    scenario: Scenario
    inherited_flags: list[str]
    node: str
    blank: bool
    route: list[tuple[str, int]] = field(default_factory=list)  # (node id, 1-based choice number)
    flags: list[str] = field(default_factory=list)  # set by the route (and inherited)
    heard: dict[str, str] = field(default_factory=dict)  # details the route heard
    reachable: bool = True  # False when no route from the start reaches the node

    def describe(self) -> str:
        """One line for the screen and the terminal: what this preview assumes."""
        head = f"Preview from '{self.node}'"
        if self.blank:
            return f"{head}, starting blank: nothing heard or set before it is assumed."
        if not self.reachable:
            return f"{head}: no route from the start reaches it, so nothing is assumed."
        if not self.route:
            return f"{head}: the call's own start, so nothing is assumed."
        parts = [f"as if the call had come the shortest way ({len(self.route)} decision(s))"]
        if self.heard:
            parts.append("heard " + ", ".join(sorted(self.heard)))
        if self.flags:
            parts.append("flags " + ", ".join(self.flags))
        return f"{head}, {'; '.join(parts)}. Only the decisions made from here are graded."


def shortest_route(
    scenario: Scenario, rubric: Rubric, node: str, inherited: Any = (), bound: int = DEFAULT_BOUND
) -> list[tuple[str, int]] | None:
    """The fewest decisions the engine can take from the start to ``node`` ((node id, 0-based index) each), or None.

    Breadth first over the states the call can really be in (conditions, recalls, once-only
    questions and patience as the engine has them), up to ``bound`` states.
    """
    stepper = Stepper(scenario, rubric, inherited, track_credit=False)
    first = stepper.start()
    if first[0] == node:
        return []
    parent: dict[Any, tuple[Any, str, int] | None] = {first: None}
    queue = deque([first])
    while queue and len(parent) <= bound:
        state = queue.popleft()
        for i in stepper.open(state):
            nxt = stepper.step(state, i)[0]
            if nxt is None or nxt in parent:
                continue
            parent[nxt] = (state, state[0], i)
            if nxt[0] == node:
                steps: list[tuple[str, int]] = []
                back: Any = nxt
                while parent[back] is not None:
                    prev, nid, index = parent[back]  # type: ignore[misc]
                    steps.append((nid, index))
                    back = prev
                return steps[::-1]
            queue.append(nxt)
    return None


def _rewrite(cond: Condition | None, passed: set[str]) -> Condition | None:
    """``cond`` with each ``visited`` test of a node in ``passed`` read from the preview's flags."""
    if cond is None:
        return None
    if cond.op in ("all", "any"):
        return replace(cond, arg=[_rewrite(c, passed) for c in cond.arg])
    if cond.op == "not":
        return replace(cond, arg=_rewrite(cond.arg, passed))
    if cond.op == "visited" and cond.arg in passed:
        return replace(cond, op="flag", arg=_VISITED_FLAG + cond.arg)
    return cond


def _node_for_preview(
    node: Node, passed: set[str], asked: set[int], mentions: dict[str, str] | None
) -> Node:
    """``node`` with visited tests rewritten, questions already asked gone, and (at the start) what was heard."""
    choices: list[Choice] = []
    for i, c in enumerate(node.choices):
        if i in asked:
            continue
        choices.append(
            replace(
                c,
                condition=_rewrite(c.condition, passed),
                after_asked=max(0, c.after_asked - len(asked)) if c.after_asked else 0,
            )
        )
    if not choices:  # every choice was an asked question: the engine would offer them all again
        choices = [replace(c, condition=_rewrite(c.condition, passed)) for c in node.choices]
    return replace(
        node, choices=choices, mentions=mentions if mentions is not None else node.mentions
    )


def preview(
    scenario: Scenario, rubric: Rubric, node: str, inherited: Any = (), blank: bool = False
) -> Preview:
    """The call to open at ``node``: as the shortest route would have left it, or ``blank``."""
    if node not in scenario.nodes:
        known = ", ".join(sorted(scenario.nodes))
        raise EngineError(f"scenario '{scenario.id}' has no node '{node}'; nodes are: {known}")
    title = f"{scenario.title} (preview from '{node}')"
    base = replace(
        scenario,
        start=node,
        title=title,
        source_hash=f"{scenario.source_hash}:preview:{node}",
    )
    inherited = sorted(set(inherited))
    if blank:
        return Preview(base, inherited, node, True)
    steps = shortest_route(scenario, rubric, node, inherited)
    if steps is None:
        return Preview(base, inherited, node, False, reachable=False)
    conv = Conversation(scenario, rubric, mode="practice", inherited_flags=inherited)
    for _nid, index in steps:
        number = next(oc.number for oc in conv.choices if oc.choice_index == index)
        conv.choose(number)
    # The route was played by the engine itself: what it left is what the call would have.
    flags, heard, visited = sorted(conv.flags), conv.heard, conv.visited[:-1]
    passed = set(visited)
    asked: dict[str, set[int]] = {}
    for key in conv.state.once_taken:
        asked_at, _, taken = key.rpartition("#")
        asked.setdefault(asked_at, set()).add(int(taken))
    nodes = {
        nid: _node_for_preview(
            n,
            passed,
            asked.get(nid, set()),
            {**heard, **n.mentions} if nid == node else None,
        )
        for nid, n in scenario.nodes.items()
    }
    persona = replace(scenario.persona, mood=conv.mood, patience=max(1, conv.patience))
    derived = replace(base, nodes=nodes, persona=persona)
    opening = sorted(set(flags) | {_VISITED_FLAG + v for v in passed})
    shown_heard = {k: v for k, v in heard.items() if k not in scenario.nodes[node].mentions}
    return Preview(
        derived,
        opening,
        node,
        False,
        route=[(nid, index + 1) for nid, index in steps],
        flags=flags,
        heard=shown_heard,
    )
