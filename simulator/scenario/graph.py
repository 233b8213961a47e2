"""The branch structure of a scenario: who leads where, and what can be reached."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from simulator.scenario.model import HANG_UP_ENDING, Scenario


def successors(scenario: Scenario, node_id: str) -> list[str]:
    """Ids a node's choices lead to, in choice order (may name missing targets)."""
    node = scenario.nodes.get(node_id)
    return [c.next for c in node.choices] if node else []


def patience_can_run_out(scenario: Scenario) -> bool:
    """True when some choice or silence can lower the customer's patience."""
    return any(
        c.patience < 0 or n.respond_within is not None
        for n in scenario.nodes.values()
        for c in n.choices
    )


def reachable(scenario: Scenario) -> set[str]:
    """Ids of nodes and endings reachable from the start, ignoring conditions."""
    seen: set[str] = set()
    if scenario.start not in scenario.nodes:
        return seen
    queue = deque([scenario.start])
    seen.add(scenario.start)
    if patience_can_run_out(scenario):
        seen.add(scenario.on_patience_out)
        if scenario.on_patience_out in scenario.nodes:
            queue.append(scenario.on_patience_out)
    while queue:
        for nxt in successors(scenario, queue.popleft()):
            if nxt not in seen and (
                nxt in scenario.nodes or nxt in scenario.endings or nxt == HANG_UP_ENDING
            ):
                seen.add(nxt)
                if nxt in scenario.nodes:
                    queue.append(nxt)
    return seen


def reaching(scenario: Scenario, targets: Iterable[str]) -> set[str]:
    """Ids of nodes from which some chain of choices leads to one of ``targets`` (a backward search)."""
    preds: dict[str, list[str]] = {}
    for nid in scenario.nodes:
        for nxt in successors(scenario, nid):
            preds.setdefault(nxt, []).append(nid)
    done: set[str] = set()
    queue = deque(targets)
    while queue:
        for p in preds.get(queue.popleft(), []):
            if p not in done:
                done.add(p)
                queue.append(p)
    return done


def can_finish(scenario: Scenario) -> set[str]:
    """Ids of nodes from which some chain of choices reaches an ending."""
    return reaching(scenario, (*scenario.endings, HANG_UP_ENDING))


def links_broken(scenario: Scenario) -> bool:
    """True when some node has no readable choices or some choice leads nowhere."""
    return any(
        not node.choices or any(scenario.target(c.next) is None for c in node.choices)
        for node in scenario.nodes.values()
    )


def unreachable_ids(scenario: Scenario, ids: Iterable[str]) -> list[str]:
    """Those of ``ids`` (in order) that no chain of choices from the start reaches; none while links are broken.

    A missing start, a `next` that goes nowhere or a node whose choices could not be read is
    its own error; reporting everything behind it as unreachable too would bury that one
    error under consequences. Reachability is judged once every link resolves.
    """
    if scenario.start not in scenario.nodes or links_broken(scenario):
        return []
    seen = reachable(scenario)
    return [i for i in ids if i not in seen]
