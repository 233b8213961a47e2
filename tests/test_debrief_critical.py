"""The debrief leads with a critical error in plain words, with the line that did it, and says why a call failed."""

from __future__ import annotations

from test_engine_kit import play, scenario
from test_engine_rules import CRITICAL

from simulator.engine.debrief_text import render_debrief


def test_the_text_debrief_leads_with_the_critical_error_and_the_line_that_did_it() -> None:
    text = render_debrief(play(scenario(CRITICAL), [2, 1]).result())
    lines = text.splitlines()
    assert (
        lines[2] == "CRITICAL ERROR: Told the caller to calm down"
    )  # straight after the title and a blank line
    assert (
        lines[3] == '  You said (decision 1): "Sir, I need you to calm down before I can help you."'
    )
    assert lines[4] == '  right after: "This is the third time I\'ve called!"'
    assert "It tells them their feelings are the problem." in lines[5]
    assert "Overall: 50%  grade F  NOT YET" in text
    assert "(the points alone scored 100%; capped for the critical error)" in text
    assert "Why it did not pass: A critical error fails the call whatever the rest scores" in text
    assert (
        "CRITICAL ERROR: told to calm down" in text
    )  # marked on the option itself among the decisions


def test_the_text_debrief_says_when_the_outcome_failed_the_call() -> None:
    text = render_debrief(play(scenario(CRITICAL), [1, 2]).result())
    assert not any(
        line.startswith("CRITICAL ERROR") for line in text.splitlines()
    )  # no lead: only the option not taken is marked
    assert "Ending: transferred (an outcome that cannot pass)." in text
    assert "Why it did not pass: The call ended transferred, an outcome that cannot pass." in text
    assert "capped for the outcome" in text


def test_a_clean_pass_has_no_lead_and_no_reasons() -> None:
    text = render_debrief(play(scenario(CRITICAL), [1, 1]).result())
    assert not any(line.startswith("CRITICAL ERROR") for line in text.splitlines())
    assert "Why it did not pass" not in text and "PASS" in text


def test_the_cap_sentence_states_what_the_cap_did() -> None:
    from simulator.engine.debrief_text import critical_lines
    from simulator.engine.result import CallResult

    def lines(percent: float, uncapped: float, cap: str) -> str:
        result = CallResult.__new__(CallResult)
        result.critical_errors, result.percent, result.uncapped_percent, result.cap = (
            [_Hit()],
            percent,
            uncapped,
            cap,
        )
        return "\n".join(critical_lines(result))

    assert "its 88% is capped at 50%" in lines(50.0, 88.0, "critical")
    assert "cannot pass, whatever the rest scores" in lines(22.0, 22.0, "outcome")
    assert "22% or less" not in lines(22.0, 22.0, "outcome")


class _Hit:
    title, decision, line, customer_line, description = (
        "Blamed a colleague or partner",
        3,
        "It was billing.",
        "",
        "",
    )
