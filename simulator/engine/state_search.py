"""The exact ceiling: a search over the states a call can really be in.

A state is what decides which choices are open and what they score from here
on: the node, the flags conditions test, the details heard that recalls and
conditions need, the visits conditions ask about, the once-only choices taken
(where the node can come round again), the choices already credited (where
they can come round again and earn something), the apologies made (when the
scenario has any), and patience and mood where something reads them. Each
part is kept only when the scenario can use it, so a call without loops or
conditions has one state per node.

Positive points are credited once per (node, choice), and the credited set is
part of the state, so a route that comes back to the same state has credited
nothing new on the way: every cycle of the state graph earns nothing and can
only lose. The best route is therefore a simple path of the state graph, and
a longest-path pass over its strongly connected components (Bellman-Ford
inside a component, whose cycles are never positive) finds it exactly.

Objectives are compared as tuples: (minus the critical errors committed,
1 when the ending's outcome can pass, the weighted points). Tuples add
component-wise and compare lexicographically, which keeps the longest-path
pass exact without mixing scales.

The state graph is built up to ``bound`` states; past that the search gives
up and says so (the caller then reports a playable route found another way,
marked "bounded").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.engine.effects import choice_effect, mechanic
from simulator.scenario.conditions import holds, leaves
from simulator.scenario.model import HANG_UP_ENDING, Choice, Node, Scenario, outcome_class
from simulator.scenario.rubric import APOLOGIES_ALLOWED, Rubric

# About a second of search in CPython; past it the ceiling is reported as bounded.
DEFAULT_BOUND = 12_000


class _View:
    """A search state as conditions read it."""

    __slots__ = ("flags", "heard", "mood", "patience", "visited")

    def __init__(self, flags: Any, heard: Any, visited: Any, mood: int, patience: int) -> None:
        self.flags, self.heard, self.visited, self.mood, self.patience = (
            flags,
            heard,
            visited,
            mood,
            patience,
        )


def detail_ok(choice: Choice, heard: Any) -> bool:
    """True when every detail the choice recalls (or gets wrong) has been mentioned."""
    return all(d is None or d in heard for d in (choice.recall, choice.misrecall))


def open_indices(node: Node, view: Any, taken_once: Any) -> tuple[list[int], bool]:
    """The node's choices open now (0-based, authored order) and whether that is a fallback.

    Once-only choices already taken are gone, and a way out (``after_asked: n``) waits
    until n of the node's once-only choices were taken; if that leaves nothing, every
    choice comes back rather than stall the call. Of the rest, those whose condition holds
    and whose recalled detail was heard are open; if none is, the condition is
    ignored (recalls still wait for their detail), and failing that all are open.
    The engine and the search both use this, so they always agree.
    """
    asked = len(taken_once)
    avail = [
        i
        for i, c in enumerate(node.choices)
        if not (c.once and i in taken_once) and c.after_asked <= asked
    ]
    if not avail:
        avail = list(range(len(node.choices)))
    heard = view.heard
    picked = [
        i
        for i in avail
        if holds(node.choices[i].condition, view) and detail_ok(node.choices[i], heard)
    ]
    if picked:
        return picked, False
    picked = [i for i in avail if detail_ok(node.choices[i], heard)]
    return (picked or avail), True


def losses_only(points: dict[str, int]) -> dict[str, int]:
    """``points`` with the gains dropped: what a choice scores when it was credited before."""
    return {p: v for p, v in points.items() if v < 0}


@dataclass
class Edge:
    """A choice taken in a state: where it leads (a state, or -1 for an ending) and what it scores."""

    node: str
    index: int  # 0-based among the node's choices
    target: int  # state id, or -1 when the call ends
    ending: str  # the ending reached when target is -1
    points: tuple[int, ...]  # per principle, in the rubric's order
    critical: tuple[str, ...]
    can_pass: bool  # the ending's outcome can pass (False while the call goes on)


@dataclass
class StateGraph:
    """Every state a call can reach from its start (up to the bound), with the choices open in each."""

    principles: list[str]
    edges: list[list[Edge]] = field(default_factory=list)
    keys: list[tuple[Any, ...]] = field(default_factory=list)
    complete: bool = True
    order: list[list[int]] | None = (
        None  # strongly connected components, sinks first (see components)
    )


def _node_graph(scenario: Scenario) -> dict[str, list[str]]:
    nodes = scenario.nodes
    succ: dict[str, list[str]] = {
        nid: [c.next for c in n.choices if c.next in nodes] for nid, n in nodes.items()
    }
    if (
        scenario.on_patience_out in nodes
    ):  # patience can run out anywhere (an author's on_patience_out node)
        for targets in succ.values():
            targets.append(scenario.on_patience_out)
    return succ


def repeatable_nodes(scenario: Scenario) -> set[str]:
    """Nodes a call can come back to: those on a cycle of the node graph (an author's on_patience_out
    node joins from anywhere)."""
    succ = _node_graph(scenario)
    return {v for comp in _sccs(list(succ), succ) for v in comp if len(comp) > 1 or v in succ[v]}


def repeatable_ahead(scenario: Scenario) -> dict[str, frozenset[str]]:
    """Per node: itself and the repeatable nodes a call can still reach from it.

    A choice credited (or a once-only choice taken) at a node the call can never
    come back to no longer changes anything, so the search forgets it there.
    """
    succ = _node_graph(scenario)
    comps = _sccs(list(succ), succ)  # sinks first: a component's successors are done before it
    repeat = {v for comp in comps for v in comp if len(comp) > 1 or v in succ[v]}
    comp_of = {v: k for k, comp in enumerate(comps) for v in comp}
    ahead: list[frozenset[str]] = []
    for k, comp in enumerate(comps):
        found = {v for v in comp if v in repeat}
        for v in comp:
            for w in succ[v]:
                if comp_of[w] != k:
                    found |= ahead[comp_of[w]]
        ahead.append(frozenset(found))
    return {v: ahead[comp_of[v]] | {v} for v in succ}


def _sccs(vertices: Sequence[Any], succ: Any) -> list[list[Any]]:
    """Strongly connected components, sinks first (Tarjan's algorithm without recursion)."""
    index: dict[Any, int] = {}
    low: dict[Any, int] = {}
    on_stack: set[Any] = set()
    stack: list[Any] = []
    out: list[list[Any]] = []
    counter = 0
    for root in vertices:
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(succ[w])))
                    advanced = True
                    break
                if w in on_stack and index[w] < low[v]:
                    low[v] = index[w]
            if advanced:
                continue
            work.pop()
            if work and low[v] < low[work[-1][0]]:
                low[work[-1][0]] = low[v]
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    return out


class Stepper:
    """The engine's rules for one decision, on compact search states (good timing assumed)."""

    def __init__(
        self,
        scenario: Scenario,
        rubric: Rubric,
        flags: Iterable[str] = (),
        track_credit: bool = True,
    ) -> None:
        self.scenario, self.rubric = scenario, rubric
        self.principles = list(rubric.principles)
        nodes = scenario.nodes.values()
        conds = [leaf for n in nodes for c in n.choices for leaf in leaves(c.condition)]
        self.flags_used = frozenset(c.arg for c in conds if c.op in ("flag", "not_flag"))
        self.visits_used = frozenset(c.arg for c in conds if c.op == "visited")
        self.details_used = frozenset(
            [c.arg for c in conds if c.op == "heard"]
            + [d for n in nodes for c in n.choices for d in (c.recall, c.misrecall) if d]
        )
        self.track_mood = any(c.op in ("mood_at_least", "mood_below") for c in conds)
        repeat = repeatable_nodes(scenario)
        self.ahead = repeatable_ahead(scenario)
        self.statics: dict[tuple[str, int], tuple[dict[str, int], int, int]] = {}
        patience_moves = any(c.op in ("patience_at_least", "patience_below") for c in conds)
        self.credit_used: set[tuple[str, int]] = set()
        self.once_used: set[tuple[str, int]] = set()
        self.has_apology = False
        for n in nodes:
            for i, c in enumerate(n.choices):
                eff = choice_effect(n, c, rubric)
                self.statics[(n.id, i)] = (dict(eff.points), eff.mood, eff.patience)
                patience_moves = patience_moves or eff.patience != 0
                if (
                    track_credit and n.id in repeat and any(v > 0 for v in eff.points.values())
                    # once-only choices too: when every choice has been taken they all reopen
                ):
                    self.credit_used.add((n.id, i))
                if n.id in repeat and c.once:
                    self.once_used.add((n.id, i))
                self.has_apology = self.has_apology or c.apology
        self.over = mechanic(rubric, "over_apology")
        patience_moves = patience_moves or (self.has_apology and self.over.patience != 0)
        self.track_patience = patience_moves
        self.initial_flags = frozenset(flags) & self.flags_used

    def start(self, start: str | None = None) -> tuple[Any, ...]:
        """The state a call opens in."""
        sc = self.scenario
        nid = start or sc.start
        node = sc.nodes[nid]
        heard = frozenset(d for d in node.mentions if d in self.details_used)
        visited = frozenset([nid]) & self.visits_used
        patience = sc.persona.patience if self.track_patience else 0
        mood = sc.persona.mood
        return (
            nid,
            self.initial_flags,
            heard,
            visited,
            frozenset(),
            frozenset(),
            patience,
            mood if self.track_mood else 0,
            0,
        )

    def open(self, state: tuple[Any, ...]) -> list[int]:
        """Choice indices open in ``state``, as the engine offers them."""
        nid, flags, heard, visited, once, _credited, patience, mood, _apologies = state
        node = self.scenario.nodes[nid]
        taken = {i for (n, i) in once if n == nid}
        return open_indices(node, _View(flags, heard, visited, mood, patience), taken)[0]

    # One pass, inlined on purpose: the search calls this once per edge of the state graph
    # (hundreds of thousands on a large call, timed by make bench), so it stays one function.
    def step(  # noqa: C901
        self, state: tuple[Any, ...], i: int
    ) -> tuple[tuple[Any, ...] | None, str, dict[str, int], tuple[str, ...]]:
        """Take choice ``i`` in ``state``: the next state (None when the call ends), the ending, points
        scored, critical errors."""
        nid, flags, heard, visited, once, credited, patience, mood, apologies = state
        sc = self.scenario
        node = sc.nodes[nid]
        choice = node.choices[i]
        key = (nid, i)
        points, dmood, dpatience = self.statics[key]
        if key in credited:
            points = losses_only(points)
        else:
            points = dict(points)
        if choice.apology and apologies >= APOLOGIES_ALLOWED:
            for p, v in self.over.points.items():
                points[p] = points.get(p, 0) + v
            dmood += self.over.mood
            dpatience += self.over.patience
        if self.track_mood:
            mood = max(-100, min(100, mood + dmood))
        target = choice.next
        if self.track_patience:
            before = patience
            patience = max(0, min(100, patience + dpatience))
            if before > 0 and patience <= 0:
                target = sc.on_patience_out
        if choice.sets or choice.clears:
            flags = ((flags | frozenset(choice.sets)) - frozenset(choice.clears)) & self.flags_used
        if key in self.credit_used:
            credited = credited | {key}
        if key in self.once_used:
            once = once | {key}
        if choice.apology and self.has_apology:
            apologies = min(apologies + 1, APOLOGIES_ALLOWED)
        nxt = sc.nodes.get(target)
        if nxt is None:
            return None, target, points, choice.critical
        ahead = self.ahead[target]
        if credited and any(k[0] not in ahead for k in credited):
            credited = frozenset(k for k in credited if k[0] in ahead)
        if once and any(k[0] not in ahead for k in once):
            once = frozenset(k for k in once if k[0] in ahead)
        if target in self.visits_used:
            visited = visited | {target}
        new = [d for d in nxt.mentions if d in self.details_used and d not in heard]
        if new:
            heard = heard | frozenset(new)
        return (
            (target, flags, heard, visited, once, credited, patience, mood, apologies),
            "",
            points,
            choice.critical,
        )

    def ends(self, ending: str) -> bool:
        """True when ``ending`` names an ending of the scenario (or the engine's own hang-up)."""
        return ending in self.scenario.endings or ending == HANG_UP_ENDING


def explore(stepper: Stepper, start: str | None = None, bound: int = DEFAULT_BOUND) -> StateGraph:
    """The state graph from the start, breadth first, stopping (``complete`` False) past ``bound`` states."""
    sc = stepper.scenario
    graph = StateGraph(stepper.principles)
    ids: dict[tuple[Any, ...], int] = {}
    first = stepper.start(start)
    ids[first] = 0
    graph.keys.append(first)
    graph.edges.append([])
    k = 0
    while k < len(graph.keys):
        state = graph.keys[k]
        out: list[Edge] = []
        for i in stepper.open(state):
            nxt, ending, points, critical = stepper.step(state, i)
            row = tuple(points.get(p, 0) for p in stepper.principles)
            if nxt is None:
                target = sc.target(ending)
                if target is None:
                    continue  # a dangling next: only in files that failed validation
                out.append(
                    Edge(
                        state[0],
                        i,
                        -1,
                        ending,
                        row,
                        critical,
                        outcome_class(getattr(target, "outcome", "")).can_pass,
                    )
                )
                continue
            t = ids.get(nxt)
            if t is None:
                if len(graph.keys) >= bound:
                    graph.complete = False
                    return graph
                t = ids[nxt] = len(graph.keys)
                graph.keys.append(nxt)
                graph.edges.append([])
            out.append(Edge(state[0], i, t, "", row, critical, False))
        graph.edges[k] = out
        k += 1
    return graph


Value = tuple[float, ...]


def components(graph: StateGraph) -> list[list[int]]:
    """The state graph's strongly connected components, sinks first (computed once per graph)."""
    if graph.order is None:
        succ = [[e.target for e in edges if e.target >= 0] for edges in graph.edges]
        graph.order = _sccs(range(len(graph.keys)), succ)
    return graph.order


def maxima(graph: StateGraph) -> list[int | None]:
    """Per principle: the most points a route from the start collects (None when no ending can be reached).

    Each principle is its own longest-path problem; they share one pass, since
    the best total on one principle never depends on another.
    """
    width = len(graph.principles)
    value: list[list[int] | None] = [None] * len(graph.keys)
    for comp in components(graph):
        rounds = (
            1
            if len(comp) == 1 and all(e.target != comp[0] for e in graph.edges[comp[0]])
            else len(comp) + 1
        )
        for _ in range(rounds):
            changed = False
            for s in comp:
                best = value[s]
                for e in graph.edges[s]:
                    if e.target < 0:
                        total = list(e.points)
                    else:
                        rest = value[e.target]
                        if rest is None:
                            continue
                        total = [a + b for a, b in zip(e.points, rest, strict=True)]
                    if best is None:
                        best = total
                        changed = True
                    elif any(t > b for t, b in zip(total, best, strict=True)):
                        best = [max(t, b) for t, b in zip(total, best, strict=True)]
                        changed = True
                value[s] = best
            if not changed:
                break
    top = value[0] if value else None
    return [None] * width if top is None else list(top)


def longest(graph: StateGraph, gain: Any) -> tuple[list[Value | None], list[int]]:
    """Per state: the best total of ``gain(edge)`` (a tuple) to an ending, and the index of the edge taking it.

    Exact because no cycle of the state graph has a positive gain (see the module
    doc): components are solved sinks first; inside one, relaxation repeats until
    nothing improves, which takes at most its size in rounds. Only a strict
    improvement moves a pick, so the picks lead to an ending without going round.
    """
    n = len(graph.keys)
    value: list[Value | None] = [None] * n
    pick = [-1] * n
    gains = [[gain(e) for e in edges] for edges in graph.edges]
    for comp in components(graph):
        rounds = (
            1
            if len(comp) == 1 and all(e.target != comp[0] for e in graph.edges[comp[0]])
            else len(comp) + 1
        )
        for _ in range(rounds):
            changed = False
            for s in comp:
                best, choice = value[s], pick[s]
                for j, e in enumerate(graph.edges[s]):
                    if e.target < 0:
                        total = gains[s][j]
                    else:
                        rest = value[e.target]
                        if rest is None:
                            continue
                        total = tuple(a + b for a, b in zip(gains[s][j], rest, strict=True))
                    if best is None or total > best:
                        best, choice = total, j
                if choice != pick[s]:
                    value[s], pick[s] = best, choice
                    changed = True
                elif best != value[s]:
                    value[s] = best
                    changed = True
            if not changed:
                break
    return value, pick


def loop_free_longest(graph: StateGraph, gain: Any) -> list[int]:
    """Picks of a good route that never comes back to a node, choices that would are cut (depth first from the start).

    For a state graph built without the credited choices, whose loops may seem to
    pay: every state is one the call can really be in, so the route picked is
    real, but it is not proved the best (a value found with some nodes on the
    path cut is reused from other paths). Picks always point to states finished
    earlier, so following them ends.
    """
    n = len(graph.keys)
    status = [0] * n  # 0 unseen, 1 on the path, 2 done
    on_path: dict[str, int] = {}
    value: list[Value | None] = [None] * n
    pick = [-1] * n
    stack = [(0, 0)]
    status[0] = 1
    on_path[graph.keys[0][0]] = 1
    while stack:
        s, j = stack[-1]
        edges = graph.edges[s]
        if j < len(edges):
            stack[-1] = (s, j + 1)
            t = edges[j].target
            if t >= 0 and status[t] == 0 and not on_path.get(graph.keys[t][0]):
                status[t] = 1
                node = graph.keys[t][0]
                on_path[node] = on_path.get(node, 0) + 1
                stack.append((t, 0))
            continue
        stack.pop()
        status[s] = 2
        on_path[graph.keys[s][0]] -= 1
        best: Value | None = None
        for k, e in enumerate(edges):
            if e.target < 0:
                total = gain(e)
            elif (
                status[e.target] == 2
                and value[e.target] is not None
                and not on_path.get(graph.keys[e.target][0])
            ):
                total = tuple(a + b for a, b in zip(gain(e), value[e.target], strict=True))  # type: ignore[arg-type]
            else:
                continue  # back onto a node of the current path: cut
            if best is None or total > best:
                best, pick[s] = total, k
        value[s] = best
    return pick


def route(graph: StateGraph, pick: list[int]) -> tuple[list[Edge], str]:
    """The edges the picks take from the start, and the ending they reach ('' when none)."""
    steps: list[Edge] = []
    s = 0
    for _ in range(
        len(graph.keys) + 1
    ):  # picks form a tree towards the endings; the limit is a guard
        if pick[s] < 0:
            return steps, ""
        e = graph.edges[s][pick[s]]
        steps.append(e)
        if e.target < 0:
            return steps, e.ending
        s = e.target
    return steps, ""
