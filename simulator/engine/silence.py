"""Silence as a behaviour: how a customer reacts when the trainee leaves the line quiet.

Past a node's ``respond_within`` the customer reacts in steps: a prompt ("Hello? Are you
still there?"), then a sharper one, each costing patience; the last step comes round again
until patience runs out and the customer hangs up. The first step is dead air, scored as the
rubric says. Which steps play: the node's own ``silence``, else the scenario's, else the ones
built in here for the call's kind of customer (wording in this project's own words, after
docs/principles: an urgent caller counts the seconds, a confused one wonders if the line
dropped, a caller bounced between lines fears being put on hold again). docs/scenario-format.md
lists them for authors ("Silence"); a test keeps that table and ``KIND_SILENCE`` the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.model import Node, Scenario, SilenceStep

FIRST_AFTER = 0.0  # the first prompt comes as the response time runs out
LATER_AFTER = 8.0  # seconds between later prompts, unless the author says otherwise
FIRST_PATIENCE = 0  # on top of dead air, which already costs the rubric's patience
LATER_PATIENCE = -15
REPEAT_FLOOR = 1.0  # a last step repeats no faster than this, whatever its `after`


@dataclass(frozen=True)
class SilenceEvent:
    """A step of silence that just played: its number (1 is dead air), the prompt, its cost."""

    step: int
    line: str
    patience: int
    hung_up: bool  # patience ran out at this step and the call went to on_patience_out


def _steps(*pairs: tuple[str, float, int]) -> tuple[SilenceStep, ...]:
    return tuple(SilenceStep((say,), after, patience) for say, after, patience in pairs)


# Built-in steps per kind of caller: (prompt, seconds after the step before, patience cost).
KIND_SILENCE: dict[str, tuple[SilenceStep, ...]] = {
    "irate": _steps(
        ("Hello? Are you even there?", 0, 0),
        ("I'm not paying to listen to nothing. Say something!", 6, -20),
    ),
    "venting": _steps(
        ("Hello? Did I lose you?", 0, 0),
        ("I've been talking all this time and now there's nobody there?", 8, -15),
    ),
    "confused": _steps(
        ("Hello? Sorry, I'm not sure you can hear me.", 0, 0),
        ("Hello? Have I been cut off? I don't know what to do now.", 10, -10),
    ),
    "website_question": _steps(
        ("Hello? Are you still there?", 0, 0),
        ("Hello? It was only a quick question.", 8, -15),
    ),
    "discontinued_product": _steps(
        ("Hello? Are you looking it up?", 0, 0),
        ("Are you still there? I'd just like a straight answer.", 8, -15),
    ),
    "habitual_complainer": _steps(
        ("Hello? Don't go quiet on me now.", 0, 0),
        ("This is what always happens when I ring. Are you there or not?", 7, -20),
    ),
    "urgent_problem": _steps(
        ("Hello? I really need this sorted now.", 0, 0),
        ("Every minute this costs me money. Is anyone there?", 5, -20),
    ),
    "transferred_and_held": _steps(
        ("Hello? Please don't tell me I've been put on hold again.", 0, 0),
        ("I've waited long enough today already. Are you there?", 6, -20),
    ),
    "own_mistake": _steps(
        ("Hello? Are you still there?", 0, 0),
        ("Hello? Should I ring back another time?", 8, -15),
    ),
    "coworker_mistake": _steps(
        ("Hello? Are you still with me?", 0, 0),
        ("Is anybody actually going to put this right? Hello?", 7, -15),
    ),
    "long_investigation": _steps(
        ("Hello? Is there any news on your side?", 0, 0),
        ("Are you still there? I've waited days for this already.", 8, -15),
    ),
}
# For a kind this table does not know (a scenario that failed validation, played anyway).
GENERIC_SILENCE = _steps(
    ("Hello? Are you still there?", 0, 0),
    ("Hello? I can't hear anything. Are you there?", 8, -15),
)


def silence_steps(scenario: Scenario, node: Node) -> tuple[SilenceStep, ...]:
    """The steps that play at ``node``: its own, else the scenario's, else its kind's."""
    return node.silence or scenario.silence or KIND_SILENCE.get(scenario.kind, GENERIC_SILENCE)


def step_after(steps: tuple[SilenceStep, ...], index: int) -> float:
    """Seconds between step ``index`` (0-based, past the end: the last one again) and the one before."""
    step = steps[min(index, len(steps) - 1)]
    if step.after is not None:
        after = step.after
    else:
        after = FIRST_AFTER if index == 0 else LATER_AFTER
    return max(after, REPEAT_FLOOR) if index >= len(steps) else after


def step_patience(steps: tuple[SilenceStep, ...], index: int) -> int:
    """What step ``index`` costs in patience, beyond dead air for the first."""
    step = steps[min(index, len(steps) - 1)]
    if step.patience is not None:
        return step.patience
    return FIRST_PATIENCE if index == 0 else LATER_PATIENCE


def step_time(respond_within: float, steps: tuple[SilenceStep, ...], index: int) -> float:
    """Seconds after the customer stops talking at which step ``index`` plays."""
    return respond_within + sum(step_after(steps, i) for i in range(index + 1))
