"""Dynamic programming over a scenario's routes: path counts, lengths, score ranges, extreme routes.

The scenario is first turned into a compact graph of integers (nodes in file
order, choices in one flat array), then walked in the post-order of a
depth-first search from the start, which also finds the loop-closing choices
(a choice leading back to a node still on the search's stack). With those choices cut the
graph is acyclic, every pass visits each node and choice once, and nothing
recurses, however deep the scenario. Compact arrays of integers rather than
the model's objects keep large scenarios within the cache and the time linear.

A route is a sequence of choices from the start to an ending; conditions are
treated as satisfiable and patience running out is not a choice, exactly as in
:func:`simulator.engine.best.ceiling`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter, mul
from typing import Any

from simulator.engine.effects import choice_effect, static_mechanics
from simulator.scenario.model import HANG_UP_ENDING, Scenario
from simulator.scenario.rubric import Rubric

ENDING = -1  # target of a choice that ends the call
MISSING = -2  # target of a choice naming nothing (only in files that failed validation)


def gather(values: Sequence[Any], indices: Sequence[int]) -> list[Any]:
    """``[values[i] for i in indices]``, done in C: a large scenario's lists are read in file order, then picked."""
    if len(indices) < 2:
        return [values[i] for i in indices]  # itemgetter of one index returns the item, not a tuple
    return list(itemgetter(*indices)(values))


@dataclass
class Graph:
    """A scenario as integers: node k's choices are ``first[k]`` up to ``first[k + 1]`` in the flat arrays."""

    scenario: Scenario
    ids: list[str]  # node ids in file order
    index: dict[str, int]
    first: array[int]
    target: array[int]  # per choice: node index, ENDING or MISSING
    principles: list[str]  # the rubric's, in its order
    rows: list[
        tuple[int, ...]
    ]  # per choice: points on each principle, static mechanics included (good timing)
    moods: list[int]  # per choice: mood change incl. static mechanics
    start: int  # index of the start node, -1 when it does not exist
    order: array[int]  # nodes reachable from the start by choices, in post-order
    cut: (
        bytearray  # per choice: 1 when it closes a loop (leads back to a node on the current route)
    )
    ending_of: dict[int, str]  # flat choice -> the ending it leads to
    patience_drops: bool  # some choice or silence can lower patience (see scenario_graph)
    # The loop-free graph again, numbered in post-order for the dynamic programming:
    # node i of ``order`` keeps choices ``dag_first[i]`` up to ``dag_first[i + 1]``,
    # each leading to the post-order position ``dag_target[k]`` (always below i) or
    # to an ending (-1). Reading these lists front to back, rather than jumping
    # about the file-order ones, is what keeps a large scenario's passes linear.
    dag_first: array[int]
    dag_target: array[int]
    dag_choice: array[int]  # flat choice index of each kept choice

    def columns(self) -> list[list[int]]:
        """Per principle: its points for every kept choice, in post-order."""
        return [
            gather(list(map(itemgetter(k), self.rows)), self.dag_choice)
            for k in range(len(self.principles))
        ]

    def node_of(self, flat: int) -> int:
        """Index of the node a flat choice belongs to."""
        return bisect_right(self.first, flat) - 1

    @property
    def start_position(self) -> int:
        """The start's position in ``order`` (last, as a depth-first search finishes there), or -1."""
        return len(self.order) - 1 if self.order else -1


def build_graph(scenario: Scenario, rubric: Rubric) -> Graph:
    """Number the nodes, flatten the choices with their effects, and order what the start reaches."""
    ids = list(scenario.nodes)
    index = {nid: k for k, nid in enumerate(ids)}
    first = array("l", [0])
    target = array("l")
    principles = list(rubric.principles)
    zeros = (0,) * len(principles)
    rows: list[tuple[int, ...]] = []
    moods: list[int] = []
    ending_of: dict[int, str] = {}
    endings = scenario.endings
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
                if (
                    c.next in endings or c.next == HANG_UP_ENDING
                ):  # what Scenario.target finds besides nodes
                    t = ENDING
                    ending_of[len(target)] = c.next
            target.append(t)
            patience_drops = patience_drops or timed or c.patience < 0
            # Most choices have no mechanic; the cheap test first keeps this pass short.
            if (c.recall or c.misrecall or (node.vent and c.style)) and static_mechanics(node, c):
                effect = choice_effect(node, c, rubric)
                rows.append(tuple(map(effect.points.get, principles, zeros)))
                moods.append(effect.mood)
            else:  # nothing to add to the choice's own effects
                rows.append(tuple(map(c.effects.get, principles, zeros)))
                moods.append(c.mood)
        first.append(len(target))
    start = index.get(scenario.start, -1)
    order, cut, (dag_first, dag_target, dag_choice) = _post_order(first, target, start)
    return Graph(
        scenario,
        ids,
        index,
        first,
        target,
        principles,
        rows,
        moods,
        start,
        order,
        cut,
        ending_of,
        patience_drops,
        dag_first,
        dag_target,
        dag_choice,
    )


# Events of depth_first: a node first reached; a choice to a node already reached; a node whose choices are all done.
ENTER, SEEN, LEAVE = 0, 1, 2


def depth_first(
    first: array[int], target: array[int], root: int, reached: bytearray
) -> Iterator[tuple[int, int, int]]:
    """Iterative depth-first walk from ``root`` over the choice arrays, skipping nodes already in ``reached``.

    Yields ``(ENTER, v, parent)`` when node v is first reached (parent -1 for the root),
    ``(SEEN, v, e)`` for a choice e of v whose target was reached before, and
    ``(LEAVE, v, parent)`` once every choice of v is done; choices to endings are not
    walked. ``reached`` is marked as it goes, so several walks can share it. An explicit
    stack keeps deep scenarios clear of Python's recursion limit.
    """
    if reached[root]:
        return
    reached[root] = 1
    yield ENTER, root, -1
    nodes, nexts = [root], [first[root]]
    while nodes:
        v, e = nodes[-1], nexts[-1]
        if e < first[v + 1]:
            nexts[-1] = e + 1
            t = target[e]
            if t < 0:
                continue
            if reached[t]:
                yield SEEN, v, e
            else:
                reached[t] = 1
                yield ENTER, t, v
                nodes.append(t)
                nexts.append(first[t])
            continue
        nodes.pop()
        nexts.pop()
        yield LEAVE, v, nodes[-1] if nodes else -1


def _post_order(
    first: array[int], target: array[int], start: int
) -> tuple[array[int], bytearray, tuple[array[int], array[int], array[int]]]:
    """Iterative depth-first search: post-order, loop-closing choices, and the loop-free graph in post-order.

    A cut choice is one that leads back to a node still on the stack (it closes a loop);
    the third part is the ``dag_*`` arrays of :class:`Graph`.
    """
    cut = bytearray(len(target))
    order = array("l")
    dag_first, dag_target, dag_choice = array("l", [0]), array("l"), array("l")
    if start < 0:
        return order, cut, (dag_first, dag_target, dag_choice)
    position = array("l", [-1]) * (
        len(first) - 1
    )  # -1 unseen, -2 on the current route, else finished at this position
    for event, v, e in depth_first(first, target, start, bytearray(len(first) - 1)):
        if event == ENTER:
            position[v] = -2
            continue
        if event == SEEN:
            if position[target[e]] == -2:
                cut[e] = 1
            continue
        position[v] = len(order)
        order.append(v)
        # Every choice of v leads to a finished node now, unless it was cut: emit them while they are at hand.
        for e in range(first[v], first[v + 1]):
            t = target[e]
            if t == ENDING:
                dag_target.append(-1)
                dag_choice.append(e)
            elif t >= 0 and not cut[e]:
                dag_target.append(position[t])
                dag_choice.append(e)
        dag_first.append(len(dag_target))
    return order, cut, (dag_first, dag_target, dag_choice)


@dataclass
class Counts:
    """How many routes there are and how long they get, with loop edges cut."""

    paths: int  # exact, however large
    longest: int | None  # decisions on the longest route; None when no ending can be reached


def count_paths(graph: Graph) -> Counts:
    """Count routes from the start to any ending without listing them, and the longest one's length."""
    dag_first, dag_target = graph.dag_first, graph.dag_target
    n = len(graph.order)
    # A node's count is dropped once every node choosing it has used it: the
    # counts of a large scenario are huge integers and only a few are needed at once.
    users = [0] * n
    for t in dag_target:
        if t >= 0:
            users[t] += 1
    count = [0] * n
    longest = [-1] * n
    for i in range(n):
        total, far = 0, -1
        for k in range(dag_first[i], dag_first[i + 1]):
            t = dag_target[k]
            if t < 0:
                total += 1
                if far < 1:
                    far = 1
                continue
            # Taking the first count as it is saves copying a huge integer.
            total = count[t] if total == 0 else total + count[t]
            if longest[t] >= 0 and longest[t] + 1 > far:
                far = longest[t] + 1
            users[t] -= 1
            if users[t] == 0:
                count[t] = 0
        count[i], longest[i] = total, far
    if n == 0 or longest[n - 1] < 0:
        return Counts(0, None)
    return Counts(count[n - 1], longest[n - 1])


def best_totals(graph: Graph, gain: Sequence[float]) -> tuple[list[float | None], list[int]]:
    """Per post-order position: the best total of ``gain`` to an ending, and the kept choice taking it.

    ``gain`` has one entry per kept choice. None and -1 where no ending can be
    reached. Ties go to the earlier choice, as in the engine's ceiling.
    """
    dag_first, dag_target = graph.dag_first, graph.dag_target
    n = len(graph.order)
    value: list[float | None] = [None] * n
    pick = [-1] * n
    for i in range(n):
        top: float | None = None
        choice = -1
        for k in range(dag_first[i], dag_first[i + 1]):
            t = dag_target[k]
            if t < 0:
                total = gain[k]
            else:
                rest = value[t]
                if rest is None:
                    continue
                total = gain[k] + rest
            if top is None or total > top:
                top, choice = total, k
        value[i], pick[i] = top, choice
    return value, pick


def principle_ranges(
    graph: Graph, columns: list[list[int]]
) -> tuple[dict[str, int], dict[str, int]]:
    """Most and fewest points per principle over all routes (each principle may take its own route)."""
    most: dict[str, int] = {}
    fewest: dict[str, int] = {}
    for p, column in zip(graph.principles, columns, strict=True):
        most[p], fewest[p] = _range(graph, column)
    return most, fewest


def _range(graph: Graph, gain: list[int]) -> tuple[int, int]:
    """Highest and lowest total of ``gain`` (per kept choice) over routes from the start (0, 0 when none ends)."""
    dag_first, dag_target = graph.dag_first, graph.dag_target
    n = len(graph.order)
    hi: list[int | None] = [None] * n
    lo: list[int | None] = [None] * n
    for i in range(n):
        top = bottom = None
        for k in range(dag_first[i], dag_first[i + 1]):
            t = dag_target[k]
            if t < 0:
                up = down = gain[k]
            else:
                rest_hi = hi[t]
                if rest_hi is None:
                    continue
                up = gain[k] + rest_hi
                down = gain[k] + lo[t]  # type: ignore[operator]  # set together with hi
            if top is None or up > top:
                top = up
            if bottom is None or down < bottom:
                bottom = down
        hi[i], lo[i] = top, bottom
    if n == 0 or hi[n - 1] is None:
        return 0, 0
    return hi[n - 1], lo[n - 1]  # type: ignore[return-value]


def weighted_gains(graph: Graph, scale: list[float]) -> list[float]:
    """Each kept choice's points folded into one number: the sum of scale * points over the principles.

    With the scale of :func:`simulator.engine.best.ceiling` this is its measure of the best route.
    """
    return gather([sum(map(mul, row, scale)) for row in graph.rows], graph.dag_choice)


def extreme_route(
    graph: Graph, gain: Sequence[float], worst: bool = False
) -> tuple[list[tuple[int, int]], str]:
    """(node index, flat choice) steps of the route with the highest total gain (lowest with
    ``worst``), and its ending."""
    pick = best_totals(graph, [-g for g in gain] if worst else gain)[1]
    steps: list[tuple[int, int]] = []
    i = graph.start_position
    while i >= 0 and pick[i] >= 0:  # positions only go down, so this ends
        k = pick[i]
        e = graph.dag_choice[k]
        steps.append((graph.order[i], e))
        if graph.dag_target[k] < 0:
            return steps, graph.ending_of[e]
        i = graph.dag_target[k]
    return steps, ""


def route_points(graph: Graph, steps: list[tuple[int, int]]) -> dict[str, int]:
    """Points per principle collected along ``steps`` ((node index, flat choice) pairs)."""
    sums = (
        [sum(column) for column in zip(*(graph.rows[e] for _, e in steps), strict=True)]
        if steps
        else []
    )
    return {p: sums[k] if sums else 0 for k, p in enumerate(graph.principles)}
