"""Every fix `validate` suggests is itself valid (issue 16): applied, it removes its problem and adds no error.

A problem that names one edit (a did-you-mean, the quoted text, `id: file_name`) carries it as
``Problem.fix``, the same edit its message spells out. Hypothesis writes scenarios with the
mistakes trainers make (typos in keys, kinds, outcomes and `next`; unquoted dialogue holding
'#', ': ', quotes and yes/no), then every suggested fix is applied alone and the file validated
again: the problem is gone, and every error left was either reported before or belongs to the
file as the author meant it (the same file with every text quoted properly). Applying the fixes
one after another always ends with every line of dialogue read back word for word.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.paths import DEFAULT_RUBRIC
from simulator.scenario.problems import Problem
from simulator.scenario.rubric import Rubric
from simulator.scenario.yaml_loader import load_text
from simulator.validation import rules as _registered  # noqa: F401  (importing registers every rule)
from simulator.validation.rubric_check import load_rubric
from simulator.validation.validate import FileReport, check_document

_loaded, _ = load_rubric(DEFAULT_RUBRIC)
assert _loaded is not None
RUBRIC: Rubric = _loaded

# Pieces of customer-service dialogue; the first two open with a quote, the rest go anywhere.
OPENERS = ['"Thursday" she said', "'Soon' they said"]
WORDS = [
    "I",
    "rang",
    "on",
    "Monday",
    "about",
    "job",
    "#4471",
    "leak",
    "#2",
    "your",
    "colleague",
    "said:",
    "Note:",
    '"Thursday"',
    "'soon'",
    "it's",
    "fine,",
    "and",
    "nobody",
    "came",
    "no",
    "yes",
]

TEMPLATE = """\
id: {id}
title: {title}
summary: A short call.
kind: {kind}
difficulty: easy
teaches: [empathy]
persona: {{name: Sam, mood: -20, patience: 50}}
start: hello
nodes:
  hello:
{say}
    choices:
      - text: {text1}
        effects: {{empathy: 2}}
        {feedback_key}: Good, you owned it.
        next: {next1}
      - text: {text2}
        effects: {{empathy: -1}}
        feedback: Less good.
        next: done
endings:
  done: {{outcome: {outcome}, satisfaction: 4}}
"""


@dataclass(frozen=True)
class Draft:
    """A generated scenario: its texts as meant, and the slips made writing it."""

    say: str
    say_below: bool  # the customer's line written on the line under `say:`
    text1: str
    text2: str
    kind: str
    outcome: str
    next1: str
    feedback_key: str
    title: str
    id: str

    def render(self, quote: bool = False) -> str:
        """The file as written (texts unquoted), or as meant (every text quoted properly)."""

        def q(text: str) -> str:
            return json.dumps(text, ensure_ascii=False) if quote else text

        say = f"    say:\n      {q(self.say)}" if self.say_below else f"    say: {q(self.say)}"
        return TEMPLATE.format(
            id=self.id,
            title=q(self.title),
            kind=self.kind,
            say=say,
            text1=q(self.text1),
            text2=q(self.text2),
            feedback_key=self.feedback_key,
            next1=self.next1,
            outcome=self.outcome,
        )


def _sentence() -> st.SearchStrategy[str]:
    rest = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)
    opener = st.one_of(st.just(""), st.sampled_from(OPENERS))
    return st.builds(lambda o, r: " ".join([o, *r]) if o else " ".join(r), opener, rest).filter(
        lambda s: not s.endswith(":") and s[0] != "#" and s not in WORDS[13:15]
    )


DRAFTS = st.builds(
    Draft,
    say=_sentence(),
    say_below=st.booleans(),
    text1=_sentence(),
    text2=_sentence(),
    kind=st.sampled_from(["irate", "irat", "iratee", "venting", "ventin"]),
    outcome=st.sampled_from(["resolved", "resolvd", "escalated", "escalate"]),
    next1=st.sampled_from(["done", "dnoe", "done_", "hello"]),
    feedback_key=st.sampled_from(["feedback", "feedbak", "fedback"]),
    title=st.sampled_from(["Refund late", "Refund: late", "Job #4471", "no"]),
    id=st.sampled_from(["demo", "demo_call", "dmeo"]),
)


@lru_cache(maxsize=8192)
def _check(text: str) -> FileReport:
    # Many drafts differ only where a fix lands, so the same text is often validated again.
    return check_document(load_text(text, "demo.yaml"), RUBRIC, ())


def _key(p: Problem) -> tuple[str, str]:
    # The message names the place by its key path, not its line, so it survives a fix that joins lines.
    return (p.rule, p.message)


def _errors(report: FileReport) -> Counter[tuple[str, str]]:
    return Counter(_key(p) for p in report.problems if p.is_error)


@settings(
    max_examples=2000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(DRAFTS)
def test_every_suggested_fix_removes_its_problem_and_adds_no_error(draft: Draft) -> None:
    text = draft.render()
    before = _check(text)
    meant = _errors(_check(draft.render(quote=True)))
    allowed = _errors(before) | meant
    for problem in before.problems:
        if problem.fix is None:
            continue
        after = _check(problem.fix.apply(text))
        fixed_lines = range(problem.fix.first, problem.fix.first + problem.fix.text.count("\n") + 1)
        if problem.rule == "yaml-syntax":
            # The same words can be broken the same way on another line: gone from these lines is gone.
            assert not [
                p for p in after.problems if p.rule == "yaml-syntax" and p.pos.line in fixed_lines
            ], f"the fix did not remove: {problem}\n{problem.fix}"
        else:
            left = Counter(_key(p) for p in after.problems)
            assert left[_key(problem)] < Counter(_key(p) for p in before.problems)[_key(problem)], (
                f"the fix did not remove: {problem}\n{problem.fix}"
            )
        hidden: Counter[tuple[str, str]] = Counter()
        if before.scenario is None and problem.rule == "yaml-syntax":
            # The reader stops at the first broken line, so nothing after it was checked: what the
            # fixed file shows elsewhere was there all along, hidden, not made by the fix.
            hidden = Counter(_key(p) for p in after.problems if p.pos.line not in fixed_lines)
        new = _errors(after) - allowed - hidden
        assert not new, f"applying the fix for {problem} added {sorted(new)}"


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(DRAFTS)
def test_applying_the_fixes_in_turn_reads_every_line_back_word_for_word(draft: Draft) -> None:
    text = draft.render()
    for _ in range(12):
        report = _check(text)
        fixable = [p for p in report.problems if p.fix is not None]
        if not fixable:
            break
        text = fixable[0].fix.apply(text)  # type: ignore[union-attr]
    doc = load_text(text, "demo.yaml")
    assert doc.problems == [] and doc.doc is not None, doc.problems
    node = doc.doc.get("nodes").get("hello")  # type: ignore[union-attr]
    assert node.get("say").value == draft.say  # type: ignore[union-attr]
    texts = [c.get("text").value for c in node.get("choices").items]  # type: ignore[union-attr]
    assert texts == [draft.text1, draft.text2]
    assert doc.doc.get("title").value == draft.title  # type: ignore[union-attr]
