"""Question loops (issue 16): once-only questions, a way out offered after enough were asked, judged right.

The worked example in docs/authoring.md is validated and analysed here as written, so the guide's
claims (the best route asks every question, then leaves; traps are counted, not listed) stay true.
"""

from __future__ import annotations

from simulator.analysis import analyse
from simulator.engine.conversation import Conversation
from simulator.paths import DEFAULT_RUBRIC, PROJECT_ROOT
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric
from simulator.scenario.yaml_loader import load_text
from simulator.validation import rules as _registered  # noqa: F401  (importing registers every rule)
from simulator.validation.rubric_check import load_rubric
from simulator.validation.validate import FileReport, check_document

_loaded, _ = load_rubric(DEFAULT_RUBRIC)
assert _loaded is not None
RUBRIC: Rubric = _loaded
GUIDE = PROJECT_ROOT / "docs" / "authoring.md"


def _example() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("### Question loops: ask until you have what you need", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def _check(text: str, name: str = "leaking_ceiling.yaml") -> FileReport:
    return check_document(load_text(text, name), RUBRIC, ())


def _scenario() -> Scenario:
    report = _check(_example())
    assert report.problems == [], [str(p) for p in report.problems]
    assert report.scenario is not None
    return report.scenario


def test_the_guides_question_loop_is_clean_and_its_best_route_asks_every_question() -> None:
    stats = analyse(_scenario(), RUBRIC)
    assert stats.best is not None
    assert [(s.node, s.number) for s in stats.best.steps] == [
        ("opening", 1),
        ("questions", 1),
        ("flow_answer", 1),
        ("questions", 2),
        ("stopcock_answer", 1),
        ("questions", 3),
        ("flat_answer", 1),
        ("questions", 4),
    ]
    assert (stats.best.ending, stats.best.percent, stats.best.passed) == (
        "resolved_well",
        100.0,
        True,
    )
    assert stats.traps == 2 and stats.dominated == []
    assert stats.bad_play_endings == ["resolved_vague", "booked_blind"]


def test_the_way_out_opens_after_two_questions_and_asked_questions_disappear() -> None:
    conv = Conversation(_scenario(), RUBRIC)
    conv.choose(1)  # to the questions

    def shown() -> list[str]:
        return [
            oc.choice.text.split(" ", 3)[0] + " " + oc.choice.text.split(" ")[1]
            for oc in conv.choices
        ]

    assert shown() == ["Is it", "Can you", "Is there", "I'll send"]
    conv.choose(2)  # the stopcock
    conv.choose(1)  # back
    assert shown() == ["Is it", "Is there", "I'll send"]
    conv.choose(1)  # is it still coming through
    conv.choose(1)
    assert shown() == ["Is there", "That's what", "You did", "I'll send"]


def test_a_way_out_waiting_for_more_questions_than_the_node_has_is_an_error_with_the_number() -> (
    None
):
    text = _example().replace(
        "after_asked: 2                 # the way out", "after_asked: 4  # the way out"
    )
    report = _check(text)
    (p,) = [x for x in report.problems if x.rule == "question-loop"]
    line = text.split("\n").index(next(ln for ln in text.split("\n") if "after_asked: 4" in ln)) + 1
    assert (p.pos.line, p.pos.col, p.severity.value) == (line, 22, "error")
    assert p.message == (
        "choice 4 of node 'questions' waits for 4 questions, but the node has only 3 `once: true` "
        "choices, so it would never be offered; write `after_asked: 3` or mark more questions `once: true`"
    )
    assert p.fix is not None
    fixed = _check(p.fix.apply(text))
    assert fixed.problems == []


def test_a_way_out_whose_questions_never_come_back_is_a_warning() -> None:
    text = _example().replace("next: questions\n", "next: resolved_later\n")
    found = [
        (p.rule, p.pos.line, p.message) for p in _check(text).problems if p.rule == "question-loop"
    ]
    lines = text.split("\n")
    first = next(i for i, ln in enumerate(lines, 1) if "after_asked: 2" in ln)
    assert found[0] == (
        "question-loop",
        first,
        (
            "choice 4 of node 'questions' waits for questions, but no question of node 'questions' leads "
            "back to it, so none is asked here before the call moves on; point each question's answer "
            "back at 'questions' (`next: questions`)"
        ),
    )
    assert len(found) == 2  # both ways out


def test_a_loop_of_questions_only_is_told_to_add_a_way_out() -> None:
    text = _example()
    start = text.index("      - text: \"That's what I need.")
    end = text.index("  flow_answer:")
    looping = text[:start] + text[end:]
    found = [p for p in _check(looping).problems if p.rule == "question-loop"]
    node_line = looping.split("\n").index("  questions:") + 1
    assert [(p.pos.line, p.pos.col, p.severity.value) for p in found] == [(node_line, 3, "warning")]
    assert found[0].message == (
        "node 'questions' asks only `once: true` questions and comes back to itself, so once every "
        "question is asked they all come back; add a way out: a choice without `once`, with "
        "`after_asked: n` to offer it after n questions"
    )
