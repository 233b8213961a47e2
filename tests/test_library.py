"""The shipped scenario library: clean, playable to every ending, and built to the second edition's rules.

The second edition (issues 12 and 14) rewrites the 17 first-edition calls and adds new ones.
While the rewrite is in progress, the calls not yet rewritten are listed in
``NOT_YET_SECOND_EDITION``: the second edition's per-call rules (``teaches:``, two options worth
taking at every decision, trade-offs, single answers) and the library-wide figures (trade-off
share, best answer's position, strategy bots) apply to every other shipped call. The list can
only shrink and must be empty when the edition is done.

Landing a call:
- a rewritten first-edition call: remove its id from ``NOT_YET_SECOND_EDITION``;
- a new call: add its id to ``SHIPPED``.
Then `make test`; `python -m tests.bots scenarios/ID.yaml` shows how the strategy bots fare.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from ending_routes import (
    as_choices_arg,
    cold_lines_that_lead,
    forced_choices,
    kind_answers_beaten,
    no_good_answer,
    play,
    routes_to_endings,
)
from library_checks import best_is_first, single_answer_excess, too_few_worth_taking, trade_offs

from simulator.cli import main as cli_main
from simulator.engine.best import ceiling
from simulator.engine.effects import choice_effect
from simulator.paths import SCENARIOS_DIR
from simulator.scenario.conditions import leaves
from simulator.scenario.model import DIFFICULTIES, KINDS, Scenario
from simulator.scenario.rubric import Rubric
from simulator.validation.library import load_library, rubric_for
from simulator.validation.validate import validate_file

# The scenarios the project ships. Trainers add their own files to scenarios/ while they
# write them (docs/authoring.md); a half-written call of theirs must not turn `make test` red.
SHIPPED = (
    "billing_double_charge",
    "broken_delivery_promise",
    "cancelled_holiday",
    "colleague_wrong_plan",
    "fourth_transfer",
    "late_refund",
    "long_hold_vent",
    "missing_parcel_investigation",
    "moving_day_outage",
    "mystery_fee",
    "opening_hours_question",
    "regular_caller_real_fault",
    "retired_thermostat",
    "router_lights",
    "shop_card_reader_down",
    "wrong_address_typed",
    "wrong_words_account",
    "abusive_no_show_engineer",
    "worn_boots_refund",
    "bounced_payment_fee",
    "flooded_flat_installer",
    "new_clock_double_charge",
    "cancelled_train_nativity",
    "hearing_aid_claim",
    "locked_out_banking_app",
    "boiler_repair_booking",
    "boiler_repair_followup",
)
# Shipped calls not yet rewritten to the second edition. Remove a call's id when its rewrite
# lands; the list must be empty when the edition is done. One id a line, so removals merge.
NOT_YET_SECOND_EDITION = ()
SHIPPED_FILES = [SCENARIOS_DIR / f"{sid}.yaml" for sid in SHIPPED]
LIBRARY = load_library(SCENARIOS_DIR)
SCENARIOS = [s for s in LIBRARY.scenarios if s.id in SHIPPED]
SECOND_EDITION = [s for s in SCENARIOS if s.id not in NOT_YET_SECOND_EDITION]
FIRST_EDITION = [s for s in SCENARIOS if s.id in NOT_YET_SECOND_EDITION]
# The kinds the issue asks for three of; every other kind needs at least one.
CORE_KINDS = ("irate", "confused", "venting")


def rubric_of(scenario: Scenario) -> Rubric:
    """The rubric that applies to ``scenario``'s file."""
    rubric, problems = rubric_for(scenario.path)
    assert rubric is not None, problems
    return rubric


def by_id(scenario: Scenario) -> str:
    """A scenario's id, as a test id."""
    return scenario.id


# --- (1) validation ---------------------------------------------------------------


def test_strict_validation_of_the_library_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main(["validate", "--strict", *map(str, SHIPPED_FILES)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "0 error(s), 0 warning(s)" in err


def test_every_shipped_file_loads_as_a_scenario() -> None:
    assert all(f.is_file() for f in SHIPPED_FILES)
    assert sorted(s.id for s in SCENARIOS) == sorted(SHIPPED)


# --- (2) every ending is reachable in a real call ---------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=by_id)
def test_scenario_plays_to_each_of_its_endings(scenario: Scenario) -> None:
    rubric = rubric_of(scenario)
    routes = routes_to_endings(scenario, rubric)
    missing = sorted(set(scenario.endings) - set(routes))
    assert not missing, f"{scenario.id}: no sequence of choices reaches {missing}"
    for ending_id in scenario.endings:
        conv = play(scenario, rubric, routes[ending_id])
        assert conv.ended and conv.ending is not None
        assert conv.ending.id == ending_id, f"replaying {as_choices_arg(routes[ending_id])}"
        assert conv.result().outcome == scenario.endings[ending_id].outcome


def test_the_play_command_replays_a_found_route(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = SCENARIOS[0]
    rubric = rubric_of(scenario)
    ending_id, moves = sorted(routes_to_endings(scenario, rubric).items())[0]
    code = cli_main(["play", scenario.path, "--choices", as_choices_arg(moves), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    assert f'"ending": "{ending_id}"' in out


# --- (3) the coverage claims --------------------------------------------------------


def test_library_size_and_kinds() -> None:
    kinds = Counter(s.kind for s in SCENARIOS)
    assert len(SCENARIOS) >= 15
    for kind in CORE_KINDS:
        assert kinds[kind] >= 3, f"only {kinds[kind]} {kind} scenario(s)"
    for kind in KINDS:
        assert kinds[kind] >= 1, f"no {kind} scenario"


def test_every_difficulty_has_several_scenarios() -> None:
    tiers = Counter(s.difficulty for s in SCENARIOS)
    for difficulty in DIFFICULTIES:
        assert tiers[difficulty] >= 3, f"only {tiers[difficulty]} {difficulty} scenario(s)"


def test_scenario_ids_are_unique_and_match_file_names() -> None:
    ids = Counter(s.id for s in SCENARIOS)
    assert [i for i, n in ids.items() if n > 1] == []
    for s in SCENARIOS:
        assert s.path.endswith(f"{s.id}.yaml"), f"{s.path} holds id '{s.id}'"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=by_id)
def test_best_path_has_at_least_six_decisions(scenario: Scenario) -> None:
    best = ceiling(scenario, rubric_of(scenario))
    assert len(best.best_steps) >= 6, best.best_steps
    assert best.best_ending in scenario.endings


@pytest.mark.parametrize("scenario", SCENARIOS, ids=by_id)
def test_three_endings_with_more_than_one_outcome(scenario: Scenario) -> None:
    assert len(scenario.endings) >= 3
    assert len({e.outcome for e in scenario.endings.values()}) >= 2


@pytest.mark.parametrize("scenario", SCENARIOS, ids=by_id)
def test_every_choice_has_its_own_coaching(scenario: Scenario) -> None:
    seen: dict[str, str] = {}
    for node in scenario.nodes.values():
        for i, choice in enumerate(node.choices, 1):
            where = f"{node.id} choice {i}"
            assert len(choice.feedback.split()) >= 5, f"{where}: feedback too thin to coach"
            assert choice.feedback not in seen, (
                f"{where} repeats the feedback of {seen.get(choice.feedback)}"
            )
            seen[choice.feedback] = where


@pytest.mark.parametrize("scenario", SCENARIOS, ids=by_id)
def test_every_principle_is_exercised_both_ways(scenario: Scenario) -> None:
    """Each principle can be earned somewhere and has a trap somewhere."""
    rubric = rubric_of(scenario)
    effects = [
        choice_effect(n, c, rubric).points for n in scenario.nodes.values() for c in n.choices
    ]
    for principle in rubric.principles:
        values = [e.get(principle, 0) for e in effects]
        assert max(values) > 0, f"nothing earns {principle}"
        assert min(values) < 0, f"no trap costs {principle}"


# --- (4) scoring follows the principles -----------------------------------------------

# Lines that are traps by their very words. A choice that says one of these must lose
# points on the principle it breaks, whatever else it does.
TRAP_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bsorry (?:if |that )?you feel\b", re.I), "empathy"),  # the apology that blames
    # Hindsight aimed at the customer ("you should have checked"), not "you should have that refund".
    (
        re.compile(
            r"\byou (?:should|could|ought to)(?: have|'ve) (?:checked|read|looked|called|rung|known|noticed|"
            r"caught|asked|kept|used|typed|entered|upgraded|done|said)\b",
            re.I,
        ),
        "no_blame",
    ),
    (re.compile(r"\b(?:typical|not my fault|not our fault)\b", re.I), "no_blame"),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=by_id)
def test_trap_wording_never_earns_the_principle_it_breaks(scenario: Scenario) -> None:
    rubric = rubric_of(scenario)
    for node in scenario.nodes.values():
        for i, choice in enumerate(node.choices, 1):
            points = choice_effect(node, choice, rubric).points
            for pattern, principle in TRAP_WORDS:
                if pattern.search(choice.text):
                    assert points.get(principle, 0) < 0, (
                        f"{node.id} choice {i}: '{choice.text}' should cost {principle}"
                    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=by_id)
def test_listening_through_a_vent_beats_fixing_it(scenario: Scenario) -> None:
    rubric = rubric_of(scenario)
    for node in scenario.nodes.values():
        if not node.vent:
            continue
        listen = [
            choice_effect(node, c, rubric).points.get("listening", 0)
            for c in node.choices
            if c.style == "listen"
        ]
        fix = [
            choice_effect(node, c, rubric).points.get("listening", 0)
            for c in node.choices
            if c.style == "fix"
        ]
        if listen and fix:
            assert min(listen) > max(fix), (
                f"{node.id}: a fix scores listening as well as keeping quiet"
            )


def test_the_library_uses_every_listening_mechanic() -> None:
    nodes = [n for s in SCENARIOS for n in s.nodes.values()]
    choices = [c for n in nodes for c in n.choices]
    assert any(n.vent for n in nodes)
    assert any(n.interrupt_ok for n in nodes)
    assert any(n.respond_within for n in nodes)
    assert any(c.recall for c in choices)
    assert any(c.misrecall for c in choices)
    assert any(c.condition is not None for c in choices)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=by_id)
def test_a_cold_or_blaming_line_never_leads_its_node_on_blame_or_empathy(
    scenario: Scenario,
) -> None:
    """'Sorry you feel', 'you should have checked', 'calm down', 'typical'... never top a node."""
    assert cold_lines_that_lead(scenario, rubric_of(scenario)) == []


# A node where the apology that blames is (wrongly) the most empathetic answer, and its fixed twin.
COLD_LEADS = """\
id: cold_leads
title: Cold leads
summary: A "sorry you feel" that out-scores the apology on empathy.
kind: irate
difficulty: easy
persona: {name: Test Caller, role: tester, mood: -40, patience: 60}
start: opening
nodes:
  opening:
    say: "Where is my refund?"
    choices:
      - text: "I'm sorry it's late. Let me find it."
        effects: {empathy: 1}
        feedback: "An apology and an action, in that order."
        next: done
      - text: "I'm sorry you feel that way; refunds take 30 days."
        effects: {empathy: EMPATHY}
        feedback: "Sorry you feel that way puts the problem on her feelings."
        next: done
endings:
  done: {outcome: resolved, satisfaction: 3, say: "Bye.", summary: "Over."}
"""


@pytest.mark.parametrize(("empathy", "caught"), [(2, True), (1, False), (-2, False)])
def test_the_cold_line_check_catches_an_apology_that_blames_when_it_leads(
    empathy: int, caught: bool, tmp_path: Path
) -> None:
    path = tmp_path / "cold_leads.yaml"
    path.write_text(COLD_LEADS.replace("EMPATHY", str(empathy)), encoding="utf-8")
    report = validate_file(path)
    assert report.scenario is not None, [str(p) for p in report.problems]
    found = cold_lines_that_lead(report.scenario, rubric_of(report.scenario))
    assert bool(found) is caught, found
    if caught:
        assert "sorry you feel" in found[0] and "empathy" in found[0]


def test_first_edition_calls_keep_their_best_answer_unbeaten_on_every_principle() -> None:
    """Until rewritten, a curt close must not earn composure the warm close does not.

    A first-edition rule: the second edition wants genuine trade-offs, where another answer
    does out-score the best one on some principle, so it applies only to the calls in
    NOT_YET_SECOND_EDITION (and says nothing once that list is empty).
    """
    found = [line for s in FIRST_EDITION for line in kind_answers_beaten(s, rubric_of(s))]
    assert found == [], (
        "if this call is rewritten, remove its id from NOT_YET_SECOND_EDITION:\n" + "\n".join(found)
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=by_id)
def test_conditions_never_leave_a_single_forced_choice(scenario: Scenario) -> None:
    """When a condition hides the good option, another good option must be open, or coaching points at nothing."""
    assert forced_choices(scenario, rubric_of(scenario)) == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=by_id)
def test_a_good_answer_is_always_on_screen(scenario: Scenario) -> None:
    """Whatever was heard or flagged, some open choice scores above zero, or every pick is punished."""
    assert no_good_answer(scenario, rubric_of(scenario)) == []


# The order number is heard only on the way through `story`. At `check` the recall is then hidden,
# leaving the twin (TWIN: its effects) beside a curt line that earns composure.
UNHEARD_TWIN = """\
id: unheard_twin
title: Unheard twin
summary: A warm twin for an unheard detail, on screen beside a curt line.
kind: irate
difficulty: easy
persona: {name: Test Caller, role: tester, mood: -40, patience: 60}
start: opening
nodes:
  opening:
    say: "My parcel is late."
    choices:
      - text: "I'm sorry. Tell me what happened."
        effects: {empathy: 1, resolution: 1}
        feedback: "Asking for the story lets her give you the details."
        next: story
      - text: "Let me check the system."
        effects: {resolution: 1}
        feedback: "Straight to the system, before she has told you anything."
        next: check
  story:
    say: "Order 4471, due Monday, still nothing."
    mentions: {order: "4471"}
    choices:
      - text: "Thank you, that helps."
        effects: {listening: 1}
        feedback: "A thank-you tells her the details landed."
        next: check
      - text: "Okay."
        effects: {composure: -1}
        feedback: "A bare okay sounds like you were not listening."
        next: check
  check:
    say: "So where is it?"
    choices:
      - text: "Order 4471, I have it here now."
        recall: order
        effects: {resolution: 2, composure: 1}
        feedback: "Using the number she gave spares her repeating it."
        next: done
      - text: "Could you read me the order number, please?"
        effects: TWIN
        feedback: "Asking kindly for what you have not heard yet."
        next: done
      - text: "It's late. Next question."
        effects: {composure: 1, empathy: -2}
        feedback: "Brisk and cold: the facts without the person."
        next: done
endings:
  done: {outcome: resolved, satisfaction: 3, say: "Bye.", summary: "Over."}
"""


@pytest.mark.parametrize(
    ("twin", "beaten", "no_good"),
    [
        ("{listening: 1, resolution: 1, composure: 1}", False, False),
        # The curt line out-scores the twin on composure; the hidden recall would have masked it.
        ("{listening: 1, resolution: 1}", True, False),
        # Twin and curt line both total -1: nothing good is open while the number is unheard.
        ("{listening: -1}", True, True),
    ],
)
def test_the_open_choice_checks_judge_what_is_on_screen(
    twin: str, beaten: bool, no_good: bool, tmp_path: Path
) -> None:
    path = tmp_path / "unheard_twin.yaml"
    path.write_text(UNHEARD_TWIN.replace("TWIN", twin), encoding="utf-8")
    report = validate_file(path)
    assert report.scenario is not None, [str(p) for p in report.problems]
    rubric = rubric_of(report.scenario)
    found_beaten = kind_answers_beaten(report.scenario, rubric)
    found_no_good = no_good_answer(report.scenario, rubric)
    assert bool(found_beaten) is beaten, found_beaten
    assert bool(found_no_good) is no_good, found_no_good
    # Only the state where the number was never heard is at fault.
    assert all("/check:" in line for line in found_beaten + found_no_good)
    if beaten:
        assert "choice 3 out-scores the best open answer (choice 2) on" in found_beaten[0]
        assert "composure" in found_beaten[0]


# --- (5) the second edition: what each call teaches, real choices, no tells -----------------


def test_the_not_yet_rewritten_list_only_shrinks() -> None:
    """Every call listed as not yet rewritten is a shipped call whose file is still there."""
    assert len(set(NOT_YET_SECOND_EDITION)) == len(NOT_YET_SECOND_EDITION)
    for sid in NOT_YET_SECOND_EDITION:
        assert sid in SHIPPED, f"{sid} is listed as not yet rewritten but is not shipped"
        assert (SCENARIOS_DIR / f"{sid}.yaml").is_file(), (
            f"{sid}.yaml is gone; take it off NOT_YET_SECOND_EDITION"
        )


def test_every_shipped_call_says_what_it_teaches() -> None:
    """``teaches:`` names one to three of the rubric's principles (shown in the picker and the debrief)."""
    found = []
    for s in SCENARIOS:
        unknown = [t for t in s.teaches if t not in rubric_of(s).principles]
        if not 1 <= len(s.teaches) <= 3 or unknown or len(set(s.teaches)) != len(s.teaches):
            found.append(
                f"{s.id}: teaches {list(s.teaches) or 'nothing'}; name 1 to 3 different principles of the rubric"
            )
    assert found == [], "\n".join(found)


def test_every_decision_offers_two_options_worth_taking() -> None:
    """At every decision a real call reaches, two options shown together are not dominated (unless single_answer)."""
    found = [line for s in SECOND_EDITION for line in too_few_worth_taking(s, rubric_of(s))]
    assert found == [], "\n".join(found)


def test_single_answer_marks_are_at_most_one_decision_in_five() -> None:
    found = [line for s in SECOND_EDITION if (line := single_answer_excess(s, rubric_of(s)))]
    assert found == [], "\n".join(found)


# A call needs at least this share of its decisions to be trade-offs, the library at least a third.
CALL_TRADE_OFF_SHARE = 1 / 4
LIBRARY_TRADE_OFF_SHARE = 1 / 3


def test_every_call_has_trade_offs_and_a_third_of_the_library_are() -> None:
    """Two defensible answers serving different principles, at a quarter of each call's decisions and a third of all."""
    found, hits, total = [], 0, 0
    for s in SECOND_EDITION:
        nodes, count = trade_offs(s, rubric_of(s))
        hits, total = hits + len(nodes), total + count
        if len(nodes) < max(1, count * CALL_TRADE_OFF_SHARE):
            found.append(
                f"{s.id}: {len(nodes)} of {count} decisions are trade-offs ({', '.join(nodes) or 'none'})"
            )
    assert found == [], "\n".join(found)
    assert hits >= total * LIBRARY_TRADE_OFF_SHARE, (
        f"only {hits} of {total} decisions are trade-offs"
    )


def test_the_best_answer_is_choice_one_in_at_most_half_the_decisions() -> None:
    """As written, the best answer is not usually first: `play ID --choices 1,1,1,...` must not be the best route."""
    first, total = 0, 0
    for s in SECOND_EDITION:
        nodes, count = best_is_first(s, rubric_of(s))
        first, total = first + len(nodes), total + count
    assert first <= total / 2, f"the best answer is choice 1 in {first} of {total} decisions"


# --- (6) the calls the second edition adds -------------------------------------------------

# Asking the customer for feedback or a survey.
FEEDBACK_ASK = re.compile(
    r"\b(?:feedback|survey|rate (?:us|the call|me)|how (?:did|have|has) (?:I|we|this|today|the call) "
    r"(?:do|done|handle|handled|go|gone)|how was (?:the call|today|this call))\b",
    re.I,
)
# Saying the agent does not know the answer yet.
DONT_KNOW = re.compile(
    r"\b(?:(?:don't|do not) know|not sure|(?:can't|cannot) (?:tell|answer) (?:you|that) (?:yet|now|right now|today))\b",
    re.I,
)


def best_outcome(s: Scenario) -> str:
    """The outcome of the ending the call's best route reaches."""
    ending = s.target(ceiling(s, rubric_of(s)).best_ending)
    return getattr(ending, "outcome", "")


def best_texts(s: Scenario) -> list[str]:
    """The words of each choice on the call's best route."""
    return [s.nodes[nid].choices[n - 1].text for nid, n in ceiling(s, rubric_of(s)).best_steps]


def feedback_both_ways(s: Scenario) -> bool:
    """Some answer asking for feedback earns follow-up, and another loses it (the wrong moment)."""
    rubric = rubric_of(s)
    signs = {
        (choice_effect(n, c, rubric).points.get("follow_up", 0) > 0)
        - (choice_effect(n, c, rubric).points.get("follow_up", 0) < 0)
        for n in s.nodes.values()
        for c in n.choices
        if FEEDBACK_ASK.search(c.text)
    }
    return {1, -1} <= signs


def remembers_the_first_call(s: Scenario, by_id_: dict[str, Scenario]) -> bool:
    """A follow-up call of a shipped first call whose conditions test a flag the first call sets."""
    first = by_id_.get(s.follows.scenario) if s.follows is not None else None
    if first is None:
        return False
    set_there = {f for n in first.nodes.values() for c in n.choices for f in c.sets}
    tested = {
        leaf.arg
        for n in s.nodes.values()
        for c in n.choices
        for leaf in leaves(c.condition)
        if leaf.op in ("flag", "not_flag")
    }
    return bool(set_there & tested)


def library_promises() -> dict[str, bool]:
    """Each promise of issue 14 about the library's calls, and whether the shipped library keeps it."""
    ids = {s.id: s for s in SCENARIOS}
    outcomes = {s.id: {e.outcome for e in s.endings.values()} for s in SCENARIOS}
    hard = Counter(s.kind for s in SCENARIOS if s.difficulty == "hard")
    return {
        "25 calls": len(SCENARIOS) >= 25,
        "abusive caller ended by the book": any("ended_by_agent" in o for o in outcomes.values()),
        "two firm no calls": sum(best_outcome(s) == "declined_with_alternative" for s in SCENARIOS)
        >= 2,
        "feedback asked at the right and the wrong moment": any(
            feedback_both_ways(s) for s in SCENARIOS
        ),
        "follow-up call days later": any(remembers_the_first_call(s, ids) for s in SCENARIOS),
        "don't know, will follow up": any(
            any(DONT_KNOW.search(t) for t in best_texts(s))
            and ceiling(s, rubric_of(s)).best_points.get("follow_up", 0) > 0
            for s in SCENARIOS
        ),
        # The first edition had one hard call of each; the second adds one more of each.
        "hard irate": hard["irate"] >= 2,
        "hard confused": hard["confused"] >= 2,
        "hard venting": hard["venting"] >= 2,
    }


def test_the_library_keeps_the_second_editions_promises() -> None:
    """25 calls or more, and the kinds of call issue 14 asks for (see :func:`library_promises`)."""
    broken = sorted(name for name, kept in library_promises().items() if not kept)
    assert broken == [], f"the library does not keep: {broken}"
