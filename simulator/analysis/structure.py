"""The shape of a scenario's graph: loops, the shortest route, what cannot be reached.

Everything here is iterative and linear in nodes plus choices.
"""

from __future__ import annotations

from array import array
from collections import deque

from simulator.engine.routes import ENDING, ENTER, SEEN, Graph, depth_first


def loops(graph: Graph) -> list[list[str]]:
    """Groups of nodes that can lead back to themselves (strongly connected components), in file order.

    A group is reported when it has more than one node or a node with a
    choice leading to itself. This is Tarjan's algorithm with an explicit
    stack, so deep scenarios do not reach Python's recursion limit.
    """
    first, target = graph.first, graph.target
    n = len(graph.ids)
    index = array("l", [-1]) * n  # compact: no int objects to chase on a large scenario
    low = array("l", [0]) * n
    on_stack = bytearray(n)
    stack: list[int] = []
    groups: list[list[int]] = []
    counter = 0
    reached = bytearray(n)
    for root in range(n):
        for event, v, e in depth_first(first, target, root, reached):
            if event == ENTER:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = 1
                continue
            if event == SEEN:
                t = target[e]
                if on_stack[t] and index[t] < low[v]:
                    low[v] = index[t]
                continue
            if e >= 0 and low[v] < low[e]:  # e is the parent here: pass the lowest index up
                low[e] = low[v]
            if low[v] == index[v]:
                group: list[int] = []
                while True:
                    member = stack.pop()
                    on_stack[member] = 0
                    group.append(member)
                    if member == v:
                        break
                if len(group) > 1 or v in target[first[v] : first[v + 1]]:
                    groups.append(sorted(group))
    groups.sort()
    return [[graph.ids[k] for k in group] for group in groups]


def shortest_route(graph: Graph) -> int | None:
    """Fewest decisions from the start to any ending (breadth-first), or None when none is reachable."""
    if graph.start < 0:
        return None
    dist = [-1] * len(graph.ids)
    dist[graph.start] = 0
    queue = deque([graph.start])
    while queue:
        v = queue.popleft()
        for e in range(graph.first[v], graph.first[v + 1]):
            t = graph.target[e]
            if t == ENDING:
                return dist[v] + 1  # breadth-first: the first ending met is the nearest
            if t >= 0 and dist[t] < 0:
                dist[t] = dist[v] + 1
                queue.append(t)
    return None


def reach(graph: Graph) -> tuple[bytearray, set[str]]:
    """Which nodes (a mark per node index) and which endings the start reaches by choices or by patience running out.

    The same answer as :func:`simulator.scenario.graph.reachable`, computed on the flat graph.
    """
    marked = bytearray(len(graph.ids))
    endings: set[str] = set()
    if graph.start < 0:
        return marked, endings
    for v in graph.order:
        marked[v] = 1
    roots: list[int] = []
    patience_out = graph.scenario.on_patience_out
    if graph.patience_drops:
        out = graph.index.get(patience_out, -1)
        if out < 0:
            endings.add(patience_out)
        elif not marked[out]:
            marked[out] = 1
            roots.append(out)
    queue = deque(roots)
    while queue:  # what only the patience-out node leads to
        v = queue.popleft()
        for e in range(graph.first[v], graph.first[v + 1]):
            t = graph.target[e]
            if t >= 0 and not marked[t]:
                marked[t] = 1
                queue.append(t)
    for e, name in graph.ending_of.items():
        if marked[graph.node_of(e)]:
            endings.add(name)
    return marked, endings


def reached(graph: Graph) -> set[str]:
    """Ids of the nodes and endings :func:`reach` finds, as :func:`simulator.scenario.graph.reachable` gives them."""
    marked, endings = reach(graph)
    return {nid for nid, flag in zip(graph.ids, marked, strict=True) if flag} | endings


def unreachable(
    graph: Graph, marks: tuple[bytearray, set[str]] | None = None
) -> tuple[list[str], list[str]]:
    """Nodes and endings that no chain of choices (or patience running out) leads to, in file order."""
    marked, endings = reach(graph) if marks is None else marks
    return [nid for nid, flag in zip(graph.ids, marked, strict=True) if not flag], [
        e for e in graph.scenario.endings if e not in endings
    ]
