"""The second edition's per-decision rules, measured on a scenario: options worth taking, trade-offs, best position.

A **decision** is a node some real call reaches (found with the engine by
:func:`ending_routes.open_sets`, so conditions and unheard recalls are as in play) that
offers choices. Options are compared on what the engine scores for them with good timing:
each principle's points (static mechanics such as recall included) and the mood change.

* Option A is **dominated** by B when both are on screen together, B scores at least as
  well on every principle and on mood, and strictly better on one: ``stats``' "never worth
  taking", judged on the options a call really shows together (a ``trap: true`` mark does
  not exempt a choice here: a trap is meant to be dominated).
* A decision offers **two options worth taking** when, in every set of options shown
  together there, at least two are not dominated. Nodes marked ``single_answer: true`` are
  the author's deliberate exceptions (at most one decision in five).
* A decision is a **trade-off** when two options that are not dominated and lose nothing on
  any principle serve different principles: the principles each scores highest on do not
  overlap (say one +2 empathy, the other +2 resolution +1 follow_up).
* The **best answer** at a node is the choice with the highest weighted score (the rubric's
  weights, the scenario's overrides); :func:`best_is_first` says whether it is choice 1 as
  written (ties count against the file).
"""

from __future__ import annotations

from ending_routes import open_sets

from simulator.engine.effects import choice_effect
from simulator.scenario.model import Node, Scenario
from simulator.scenario.rubric import Rubric

# At most this share of a call's decisions may be marked single_answer.
SINGLE_ANSWER_SHARE = 1 / 5


def profile(node: Node, rubric: Rubric) -> list[tuple[dict[str, int], int]]:
    """Per choice of ``node``: its points per principle (mechanics included) and its mood change."""
    found = []
    for choice in node.choices:
        effect = choice_effect(node, choice, rubric)
        found.append(({p: effect.points.get(p, 0) for p in rubric.principles}, effect.mood))
    return found


def beats(b: tuple[dict[str, int], int], a: tuple[dict[str, int], int]) -> bool:
    """True when option ``b`` dominates ``a``: at least as good on every principle and mood, better on one."""
    (pb, mb), (pa, ma) = b, a
    if mb < ma or any(pb[p] < pa[p] for p in pa):
        return False
    return mb > ma or any(pb[p] > pa[p] for p in pa)


def worth_taking(group: tuple[int, ...], profiles: list[tuple[dict[str, int], int]]) -> list[int]:
    """The choice indices of ``group`` (options shown together) that no other option of the group dominates."""
    return [a for a in group if not any(beats(profiles[b], profiles[a]) for b in group if b != a)]


def is_single_answer(node: Node) -> bool:
    """True when the author marked ``node`` as a deliberate single right answer."""
    return node.single_answer


def decisions(scenario: Scenario, rubric: Rubric) -> dict[str, set[tuple[int, ...]]]:
    """Node id -> the sets of choice indices shown together there, for every node a real call reaches."""
    return {
        nid: groups
        for nid, groups in open_sets(scenario, rubric).items()
        if scenario.nodes[nid].choices
    }


def too_few_worth_taking(scenario: Scenario, rubric: Rubric) -> list[str]:
    """Decisions (not marked single_answer) where some set of options shown together has fewer than two worth taking."""
    found = []
    for nid, groups in sorted(decisions(scenario, rubric).items()):
        node = scenario.nodes[nid]
        if is_single_answer(node):
            continue
        profiles = profile(node, rubric)
        for group in sorted(groups):
            keep = worth_taking(group, profiles)
            if len(keep) < 2:
                shown = ", ".join(str(i + 1) for i in group)
                found.append(
                    f"{scenario.id}/{nid}: of choices {shown} shown together, only "
                    f"{', '.join(str(i + 1) for i in keep) or 'none'} not dominated "
                    f"(make a second option worth taking, or mark the node single_answer: true)"
                )
                break
    return found


def single_answer_excess(scenario: Scenario, rubric: Rubric) -> str | None:
    """A complaint when more than one decision in five is marked single_answer, else None."""
    nodes = decisions(scenario, rubric)
    marked = sorted(nid for nid in nodes if is_single_answer(scenario.nodes[nid]))
    if len(marked) > len(nodes) * SINGLE_ANSWER_SHARE:
        share = f"{len(marked)} of {len(nodes)} decisions are single_answer"
        return f"{scenario.id}: {share} ({', '.join(marked)}); at most one in five"
    return None


def top_principles(points: dict[str, int]) -> frozenset[str]:
    """The principles an option scores highest on (empty when it earns nothing)."""
    top = max(points.values(), default=0)
    return frozenset(p for p, v in points.items() if v == top) if top > 0 else frozenset()


def trade_off_pair(node: Node, rubric: Rubric, group: tuple[int, ...]) -> tuple[int, int] | None:
    """Two options of ``group`` that make a trade-off (see the module doc), as choice indices, or None."""
    profiles = profile(node, rubric)
    fair = [
        i for i in worth_taking(group, profiles) if min(profiles[i][0].values(), default=0) >= 0
    ]
    for x, a in enumerate(fair):
        for b in fair[x + 1 :]:
            ta, tb = top_principles(profiles[a][0]), top_principles(profiles[b][0])
            if ta and tb and not ta & tb:
                return a, b
    return None


def trade_offs(scenario: Scenario, rubric: Rubric) -> tuple[list[str], int]:
    """The decisions of ``scenario`` that are trade-offs when all their choices are shown, and how many
    decisions it has."""
    nodes = decisions(scenario, rubric)
    found = []
    for nid, groups in nodes.items():
        node = scenario.nodes[nid]
        widest = max(groups, key=len)
        if trade_off_pair(node, rubric, widest) is not None:
            found.append(nid)
    return sorted(found), len(nodes)


def weighted(points: dict[str, int], weights: dict[str, float]) -> float:
    """An option's points weighed by the rubric."""
    return sum(weights.get(p, 0) * v for p, v in points.items())


def best_is_first(scenario: Scenario, rubric: Rubric) -> tuple[list[str], int]:
    """The decisions of ``scenario`` (with two or more choices) whose best answer is choice 1 as
    written, and how many there are."""
    weights = rubric.weights(scenario.weights)
    first, total = [], 0
    for nid in decisions(scenario, rubric):
        node = scenario.nodes[nid]
        if len(node.choices) < 2:
            continue
        total += 1
        values = [weighted(points, weights) for points, _ in profile(node, rubric)]
        if values[0] >= max(values):
            first.append(nid)
    return sorted(first), total
