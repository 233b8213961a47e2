"""Dynamic programming over a scenario's routes: path counts, lengths, score ranges, extreme routes.

The scenario is first turned into a compact graph of integers (nodes in file
order, choices in one flat array), then walked in the post-order of a
depth-first search from the start: the same order and the same loop-closing
choices as :func:`simulator.engine.best.dag_order`. With those choices cut the
graph is acyclic, every pass visits each node and choice once, and nothing
recurses, however deep the scenario. Integers and flat lists rather than the
model's objects keep large scenarios within the cache and the time linear.

A route is a sequence of choices from the start to an ending; conditions are
treated as satisfiable and patience running out is not a choice, exactly as in
:func:`simulator.engine.best.ceiling`.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Sequence

from simulator.engine.effects import choice_effect, static_mechanics
from simulator.model import Scenario
from simulator.rubric import Rubric

ENDING = -1  # target of a choice that ends the call
MISSING = -2  # target of a choice naming nothing (only in files that failed validation)


@dataclass
class Graph:
    """A scenario as integers: node k's choices are ``first[k]`` up to ``first[k + 1]`` in the flat arrays."""

    scenario: Scenario
    ids: list[str]  # node ids in file order
    index: dict[str, int]
    first: list[int]
    target: list[int]  # per choice: node index, ENDING or MISSING
    principles: list[str]  # the rubric's, in its order
    rows: list[tuple[int, ...]]  # per choice: points on each principle, static mechanics included (good timing)
    moods: list[int]  # per choice: mood change incl. static mechanics
    start: int  # index of the start node, -1 when it does not exist
    order: list[int]  # nodes reachable from the start by choices, in post-order
    cut: list[bool]  # per choice: closes a loop (leads back to a node on the current route)
    ending_of: dict[int, str]  # flat choice -> the ending it leads to
    patience_drops: bool  # some choice or silence can lower patience (see scenario_graph)

    def columns(self) -> list[list[int]]:
        """Per principle: its points for every flat choice."""
        return [list(map(itemgetter(k), self.rows)) for k in range(len(self.principles))]


def build_graph(scenario: Scenario, rubric: Rubric) -> Graph:
    """Number the nodes, flatten the choices with their effects, and order what the start reaches."""
    ids = list(scenario.nodes)
    index = {nid: k for k, nid in enumerate(ids)}
    first = [0]
    target: list[int] = []
    principles = list(rubric.principles)
    zeros = (0,) * len(principles)
    rows: list[tuple[int, ...]] = []
    moods: list[int] = []
    ending_of: dict[int, str] = {}
    patience_drops = False
    # The only pass over the model's objects: a large model does not fit in the
    # processor's cache, so every later pass works on the flat lists instead.
    for nid in ids:
        node = scenario.nodes[nid]
        timed = node.respond_within is not None
        for c in node.choices:
            t = index.get(c.next)
            if t is None:
                t = MISSING
                if scenario.target(c.next) is not None:
                    t = ENDING
                    ending_of[len(target)] = c.next
            target.append(t)
            patience_drops = patience_drops or timed or c.patience < 0
            if static_mechanics(node, c):
                effect = choice_effect(node, c, rubric)
                rows.append(tuple(map(effect.points.get, principles, zeros)))
                moods.append(effect.mood)
            else:  # nothing to add to the choice's own effects
                rows.append(tuple(map(c.effects.get, principles, zeros)))
                moods.append(c.mood)
        first.append(len(target))
    start = index.get(scenario.start, -1)
    order, cut = _post_order(first, target, start)
    return Graph(scenario, ids, index, first, target, principles, rows, moods, start, order, cut, ending_of, patience_drops)


def _post_order(first: list[int], target: list[int], start: int) -> tuple[list[int], list[bool]]:
    """Iterative depth-first search: post-order of the reachable nodes and the loop-closing choices."""
    cut = [False] * len(target)
    order: list[int] = []
    if start < 0:
        return order, cut
    state = bytearray(len(first) - 1)  # 0 unseen, 1 on the current route, 2 finished
    state[start] = 1
    nodes, nexts = [start], [first[start]]
    while nodes:
        v, e = nodes[-1], nexts[-1]
        if e < first[v + 1]:
            nexts[-1] = e + 1
            t = target[e]
            if t < 0:
                continue
            if state[t] == 1:
                cut[e] = True
            elif state[t] == 0:
                state[t] = 1
                nodes.append(t)
                nexts.append(first[t])
        else:
            nodes.pop()
            nexts.pop()
            state[v] = 2
            order.append(v)
    return order, cut


@dataclass
class Counts:
    """How many routes there are and how long they get, with loop edges cut."""

    paths: int  # exact, however large
    longest: int | None  # decisions on the longest route; None when no ending can be reached


def count_paths(graph: Graph) -> Counts:
    """Count routes from the start to any ending without listing them, and the longest one's length."""
    first, target, cut = graph.first, graph.target, graph.cut
    # A node's count is dropped once every node choosing it has used it: the
    # counts of a large scenario are huge integers and only a few are needed at once.
    users = [0] * len(graph.ids)
    for v in graph.order:
        for e in range(first[v], first[v + 1]):
            if target[e] >= 0 and not cut[e]:
                users[target[e]] += 1
    count = [0] * len(graph.ids)
    longest = [-1] * len(graph.ids)
    for v in graph.order:
        total, far = 0, -1
        for e in range(first[v], first[v + 1]):
            t = target[e]
            if t == ENDING:
                total += 1
                if far < 1:
                    far = 1
            elif t >= 0 and not cut[e]:
                # Taking the first count as it is saves copying a huge integer.
                total = count[t] if total == 0 else total + count[t]
                if longest[t] >= 0 and longest[t] + 1 > far:
                    far = longest[t] + 1
                users[t] -= 1
                if users[t] == 0 and t != graph.start:
                    count[t] = 0
        count[v], longest[v] = total, far
    if graph.start < 0 or longest[graph.start] < 0:
        return Counts(0, None)
    return Counts(count[graph.start], longest[graph.start])


def best_totals(graph: Graph, gain: Sequence[float]) -> tuple[list[float | None], list[int]]:
    """Per node: the highest total of ``gain`` (per flat choice) on a route to an ending, and the choice taking it.

    None and -1 where no ending can be reached. Ties go to the earlier choice.
    """
    first, target, cut = graph.first, graph.target, graph.cut
    value: list[float | None] = [None] * len(graph.ids)
    pick = [-1] * len(graph.ids)
    for v in graph.order:
        top: float | None = None
        choice = -1
        for e in range(first[v], first[v + 1]):
            t = target[e]
            if t == ENDING:
                total = gain[e]
            elif t >= 0 and not cut[e]:
                rest = value[t]
                if rest is None:
                    continue
                total = gain[e] + rest
            else:
                continue
            if top is None or total > top:
                top, choice = total, e
        value[v], pick[v] = top, choice
    return value, pick


def principle_ranges(graph: Graph, columns: list[list[int]]) -> tuple[dict[str, int], dict[str, int]]:
    """Most and fewest points per principle over all routes (each principle may take its own route)."""
    most: dict[str, int] = {}
    fewest: dict[str, int] = {}
    for p, column in zip(graph.principles, columns):
        most[p], fewest[p] = _range(graph, column)
    return most, fewest


def _range(graph: Graph, gain: list[int]) -> tuple[int, int]:
    """Highest and lowest total of ``gain`` over routes from the start (0, 0 when none ends)."""
    first, target, cut = graph.first, graph.target, graph.cut
    hi: list[int | None] = [None] * len(graph.ids)
    lo: list[int | None] = [None] * len(graph.ids)
    for v in graph.order:
        top = bottom = None
        for e in range(first[v], first[v + 1]):
            t = target[e]
            if t == ENDING:
                up = down = gain[e]
            elif t >= 0 and not cut[e]:
                rest_hi = hi[t]
                if rest_hi is None:
                    continue
                up = gain[e] + rest_hi
                down = gain[e] + lo[t]  # type: ignore[operator]  # set together with hi
            else:
                continue
            if top is None or up > top:
                top = up
            if bottom is None or down < bottom:
                bottom = down
        hi[v], lo[v] = top, bottom
    if graph.start < 0 or hi[graph.start] is None:
        return 0, 0
    return hi[graph.start], lo[graph.start]  # type: ignore[return-value]


def weighted_gains(columns: list[list[int]], scale: list[float]) -> list[float]:
    """Each choice's points folded into one number: the sum of scale * points over the principles.

    With the scale of :func:`simulator.engine.best.ceiling` this is its measure of the best route.
    """
    total = [0.0] * (len(columns[0]) if columns else 0)
    for column, factor in zip(columns, scale):
        total = [t + factor * v for t, v in zip(total, column)]
    return total


def extreme_route(graph: Graph, gain: Sequence[float], worst: bool = False) -> tuple[list[tuple[int, int]], str]:
    """(node index, flat choice) steps of the route with the highest total gain (lowest with ``worst``), and its ending."""
    pick = best_totals(graph, [-g for g in gain] if worst else gain)[1]
    steps: list[tuple[int, int]] = []
    v = graph.start
    seen: set[int] = set()
    while v >= 0 and v not in seen and pick[v] >= 0:
        seen.add(v)
        e = pick[v]
        steps.append((v, e))
        if graph.target[e] == ENDING:
            return steps, graph.ending_of[e]
        v = graph.target[e]
    return steps, ""


def route_points(graph: Graph, steps: list[tuple[int, int]]) -> dict[str, int]:
    """Points per principle collected along ``steps`` ((node index, flat choice) pairs)."""
    sums = [sum(column) for column in zip(*(graph.rows[e] for _, e in steps))] if steps else []
    return {p: sums[k] if sums else 0 for k, p in enumerate(graph.principles)}
