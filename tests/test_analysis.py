"""Stats on small inline scenarios whose answers can be worked out by hand."""

from __future__ import annotations

import json
import sys

import pytest
from test_engine_kit import play, rubric, scenario

from simulator.analysis import analyse
from simulator.analysis.counts import count_digits, exact_count, format_count
from simulator.analysis.structure import reached
from simulator.bench.analysis import generate
from simulator.engine.best import ceiling
from simulator.engine.routes import build_graph
from simulator.scenario.graph import reachable
from simulator.scenario.located import Pos
from simulator.scenario.model import Choice, Ending, Node, Persona, Scenario
from simulator.validation.library import load_library

# start -> left | right; both join again (a diamond); right can also give up.
DIAMOND = """
nodes:
  start:
    say: "Hello."
    choices:
      - {text: "Left", effects: {empathy: 2}, feedback: "f", next: left}
      - {text: "Right", effects: {empathy: -1}, feedback: "f", next: right}
  left:
    say: "L"
    choices:
      - {text: "Join from the left", effects: {resolution: 1}, feedback: "f", next: join}
  right:
    say: "R"
    choices:
      - {text: "Join from the right", effects: {resolution: 2}, feedback: "f", next: join}
      - {text: "Give up", effects: {composure: -1}, feedback: "f", next: lost}
  join:
    say: "J"
    choices:
      - {text: "Fix it", effects: {resolution: 1}, feedback: "f", next: happy}
      - {text: "Shrug", effects: {}, feedback: "f", next: meh}
endings:
  happy: {outcome: resolved, satisfaction: 5, say: "Thanks.", summary: "s"}
  meh: {outcome: resolved_unhappy, satisfaction: 3, say: "Fine.", summary: "s"}
  lost: {outcome: escalated, satisfaction: 1, say: "Manager!", summary: "s"}
"""

# a <-> b is a loop; c loops to itself; island and nowhere cannot be reached.
LOOPS = """
nodes:
  start:
    say: "Hi."
    choices:
      - {text: "Go to a", effects: {listening: 1}, feedback: "f", next: a}
      - {text: "Go to c", effects: {listening: 1}, feedback: "f", next: c}
  a:
    say: "A"
    choices:
      - {text: "On to b", effects: {empathy: 1}, feedback: "f", next: b}
      - {text: "Finish at a", effects: {resolution: 1}, feedback: "f", next: done}
  b:
    say: "B"
    choices:
      - {text: "Back to a", effects: {empathy: 1}, feedback: "f", next: a}
      - {text: "Finish at b", effects: {resolution: 1}, feedback: "f", next: done}
  c:
    say: "C"
    choices:
      - {text: "Again", effects: {composure: 1}, feedback: "f", next: c}
      - {text: "Finish at c", effects: {resolution: 1}, feedback: "f", next: done}
  island:
    say: "Nobody comes here."
    choices:
      - {text: "Leave", effects: {resolution: 1}, feedback: "f", next: nowhere}
endings:
  done: {outcome: resolved, satisfaction: 5, say: "Bye.", summary: "s"}
  nowhere: {outcome: resolved, satisfaction: 5, say: "Bye.", summary: "s"}
"""


def test_diamond_counts_paths_and_lengths():
    st = analyse(scenario(DIAMOND), rubric())
    # left: join has 2 ways out; right: join's 2 plus giving up.
    assert st.paths == 5
    assert (st.shortest, st.longest) == (2, 3)
    assert st.nodes == 4 and st.choices == 7
    assert st.endings == {"resolved": ["happy"], "resolved_unhappy": ["meh"], "escalated": ["lost"]}
    assert st.loops == [] and st.loop_edges == []
    assert st.unreachable_nodes == [] and st.unreachable_endings == []


def test_diamond_score_ranges_per_principle():
    st = analyse(scenario(DIAMOND), rubric())
    got = {p: (r.best, r.worst) for p, r in st.principles.items()}
    assert got["empathy"] == (2, -1)
    assert got["resolution"] == (3, 0)  # right then fix; worst: give up
    assert got["composure"] == (0, -1)
    assert got["listening"] == (0, 0)
    assert st.principles["listening"].best_percent is None  # never exercised
    assert st.principles["empathy"].best_percent == 100.0


def test_best_route_is_spelled_out_and_scores_as_the_engine_scores_it():
    sc, rub = scenario(DIAMOND), rubric()
    st = analyse(sc, rub)
    assert st.best is not None and st.worst is not None
    assert [(s.node, s.number, s.text) for s in st.best.steps] == [
        ("start", 1, "Left"),
        ("left", 1, "Join from the left"),
        ("join", 1, "Fix it"),
    ]
    assert (st.best.ending, st.best.outcome) == ("happy", "resolved")
    played = play(sc, [s.number for s in st.best.steps], rub=rub).result()
    assert played.percent == st.best.percent
    assert played.best is not None and played.best.steps == [
        (s.node, s.number) for s in st.best.steps
    ]
    worst = play(sc, [s.number for s in st.worst.steps], rub=rub).result()
    assert worst.percent == st.worst.percent <= st.best.percent
    assert [s.text for s in st.worst.steps] == ["Right", "Give up"]


def test_dominated_choices_and_bad_play_endings():
    st = analyse(scenario(DIAMOND), rubric())
    assert [(d.node, d.number, d.by) for d in st.dominated] == [
        ("start", 2, 1),
        ("right", 2, 1),
        ("join", 2, 1),
    ]
    # meh needs the dominated shrug, lost needs giving up; happy has a clean route.
    assert st.bad_play_endings == ["meh", "lost"]


def test_a_conditional_or_recall_sibling_does_not_dominate():
    body = """
    nodes:
      start:
        say: "Order 42, please."
        mentions: {order: "42"}
        choices:
          - {text: "Promise", effects: {follow_up: 1}, set: [promised], feedback: "f", next: ask}
      ask:
        say: "Well?"
        choices:
          - {text: "Plain", effects: {resolution: 1}, feedback: "f", next: done}
          - {text: "Only if promised", if: {flag: promised}, effects: {resolution: 3}, feedback: "f", next: done}
          - {text: "Uses the order number", recall: order, effects: {resolution: 1}, feedback: "f", next: done}
          - {text: "Worse, same condition", if: {flag: promised}, effects: {resolution: 2}, feedback: "f", next: done}
    endings:
      done: {outcome: resolved, satisfaction: 5, say: "Bye.", summary: "s"}
    """
    st = analyse(scenario(body), rubric())
    # Plain is open when the others are not; the recall choice earns +2 listening on top (a static mechanic).
    assert [(d.node, d.number, d.by) for d in st.dominated] == [("ask", 4, 2)]


def test_mood_counts_in_domination():
    body = """
    nodes:
      start:
        say: "Hi."
        choices:
          - {text: "Warm", effects: {empathy: 1}, mood: 10, feedback: "f", next: done}
          - {text: "Warmer words, colder tone", effects: {empathy: 2}, mood: -5, feedback: "f", next: done}
          - {text: "Same as warm", effects: {empathy: 1}, mood: 10, feedback: "f", next: done}
    endings:
      done: {outcome: resolved, satisfaction: 5, say: "Bye.", summary: "s"}
    """
    assert analyse(scenario(body), rubric()).dominated == []


def test_loops_are_found_and_cut_and_unreachable_parts_listed():
    sc = scenario(LOOPS)
    st = analyse(sc, rubric())
    assert st.loops == [["a", "b"], ["c"]]
    assert [(s.node, s.number) for s in st.loop_edges] == [("b", 1), ("c", 1)]
    # start-a-done, start-a-b-done, start-c-done; the cut choices add no route.
    assert st.paths == 3
    assert (st.shortest, st.longest) == (2, 3)
    # Round the loop once pays both of its choices (a->b, b->a); going round again pays nothing more.
    assert st.principles["empathy"].best == 2 and st.principles["composure"].best == 1
    assert st.unreachable_nodes == ["island"]
    assert st.unreachable_endings == ["nowhere"]
    assert reached(build_graph(sc, rubric())) == reachable(sc)


def test_builtin_hang_up_is_an_ending_only_bad_play_reaches():
    body = """
    nodes:
      start:
        say: "Hi."
        choices:
          - {text: "Make them wait", effects: {resolution: 1}, patience: -60, feedback: "f", next: done}
    endings:
      done: {outcome: resolved, satisfaction: 5, say: "Bye.", summary: "s"}
    """
    st = analyse(scenario(body), rubric())
    assert st.endings["hung_up"] == ["_hung_up"]
    assert st.bad_play_endings == ["_hung_up"]  # only patience running out leads there
    assert st.paths == 1


def ladder(rungs: int) -> Scenario:
    """``rungs`` nodes in a row, each with two choices to the next: 2**rungs routes, as deep as it is long."""
    pos = Pos("ladder.yaml", 1, 1)
    nodes = {}
    for i in range(rungs):
        nxt = f"r{i + 1}" if i + 1 < rungs else "done"
        nodes[f"r{i}"] = Node(
            f"r{i}",
            ("Next?",),
            [Choice("Up", "", nxt, pos, {"resolution": 1}), Choice("Also up", "", nxt, pos, {})],
            pos,
        )
    ending = Ending("done", "resolved", 5, pos)
    return Scenario(
        "ladder",
        "Ladder",
        "",
        "irate",
        "easy",
        Persona("P", 0, 50),
        "r0",
        nodes,
        {"done": ending},
        "ladder.yaml",
        pos,
    )


def test_huge_path_counts_are_exact_and_deep_scenarios_do_not_recurse():
    rungs = 3 * sys.getrecursionlimit()
    st = analyse(ladder(rungs), rubric())
    assert st.paths == 2**rungs
    assert st.longest == st.shortest == rungs
    assert st.principles["resolution"].best == rungs
    assert len(st.best.steps) == rungs  # type: ignore[union-attr]
    data = json.loads(json.dumps(st.to_dict()))
    assert int(data["paths"]) == 2**rungs  # digits beyond 4300 survive too


def test_count_formatting():
    assert format_count(2460) == "2,460"
    assert count_digits(10**40) == 41 and count_digits(10**40 - 1) == 40
    assert format_count(2**200) == "about 1.60e+60 (61 digits)"
    assert exact_count(10**5000) == "1" + "0" * 5000


@pytest.mark.parametrize("size", [300, 3000])
def test_generated_scenarios_agree_with_the_engine_ceiling(size):
    rub = rubric()
    sc = generate(size, seed=size)
    st = analyse(sc, rub)
    ceil = ceiling(sc, rub)
    assert {p: r.best for p, r in st.principles.items()} == ceil.max_points
    assert {p: r.worst for p, r in st.principles.items()} == ceil.min_points
    assert [(s.node, s.number) for s in st.best.steps] == ceil.best_steps  # type: ignore[union-attr]
    assert st.loops and st.loop_edges  # the generator makes loops
    assert reached(build_graph(sc, rub)) == reachable(sc)


def test_shipped_scenarios_agree_with_the_engine_ceiling():
    library = load_library()
    assert library.scenarios
    for sc in library.scenarios:
        rub = rubric()
        st = analyse(sc, rub)
        ceil = ceiling(sc, rub)
        assert (
            st.best is not None and [(s.node, s.number) for s in st.best.steps] == ceil.best_steps
        ), sc.id
        assert st.best.ending == ceil.best_ending
        assert st.paths >= 1 and st.shortest is not None and st.shortest <= st.longest  # type: ignore[operator]
