"""A finished call's debrief as plain text, for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.engine.result import CallResult, Decision, OptionView
from simulator.engine.score_words import points_text, score_text
from simulator.scenario.rubric import Rubric


def teaches_text(teaches: Sequence[str], rubric: Rubric | None) -> str:
    """'Teaches: Listening, Empathy': a call's learning goals by the rubric's titles ('' when it names none)."""
    if not teaches:
        return ""
    principles = rubric.principles if rubric is not None else {}
    titles = [principles[name].title if name in principles else name for name in teaches]
    return "Teaches: " + ", ".join(titles)


def _option(opt: OptionView, prefix: str, reply: bool = False) -> list[str]:
    crit = (
        f"  CRITICAL ERROR: {', '.join(c.replace('_', ' ') for c in opt.critical)}"
        if opt.critical
        else ""
    )
    lines = [
        f'{prefix}{opt.index}. "{opt.text}"  [{points_text(opt.points)}]{crit}',
        f"{' ' * len(prefix)}   {opt.feedback}",
    ]
    if reply and opt.reply:  # the road not taken: how the customer would have answered
        lines.append(f'{" " * len(prefix)}   The customer would have said: "{opt.reply}"')
    return lines


def critical_lines(result: CallResult) -> list[str]:
    """The debrief's lead when the call has critical errors: each in plain words, with the line that did it."""
    out: list[str] = []
    for hit in result.critical_errors:
        out.append(f"CRITICAL ERROR: {hit.title}")
        out.append(f'  You said (decision {hit.decision}): "{hit.line}"')
        if hit.customer_line:
            out.append(f'  right after: "{hit.customer_line}"')
        if hit.description:
            out.append(f"  {hit.description}")
    if out:
        if result.cap == "critical" and result.uncapped_percent > result.percent:
            out.append(
                "  A call with a critical error cannot pass: its "
                f"{result.uncapped_percent:.0f}% is capped at {result.percent:.0f}%."
            )
        else:
            out.append("  A call with a critical error cannot pass, whatever the rest scores.")
    return out


def render_debrief(result: CallResult, teaches: str = "") -> str:
    """The debrief: what the call teaches (``teaches``, see :func:`teaches_text`), scores per
    principle, grade, stars, and every decision with the options not taken."""
    out = [f"=== Debrief: {result.title} ===", *([teaches] if teaches else []), ""]
    lead = critical_lines(result)
    if lead:
        out.extend([*lead, ""])
    out += _verdict(result)
    out.append("")
    out += _scores(result)
    out += _best_route(result)
    out.append("\nDecisions:")
    for n, d in enumerate(result.decisions, 1):
        out += _decision(n, d)
    return "\n".join(out)


def _verdict(result: CallResult) -> list[str]:
    """How the call ended, the overall score and why it did or did not pass, and the stars."""
    cannot = (
        ""
        if result.outcome_can_pass or result.outcome == "in_progress"
        else " (an outcome that cannot pass)"
    )
    verdict = "PASS" if result.passed else "NOT YET"
    out = [
        f"Ending: {result.outcome.replace('_', ' ')}{cannot}. {result.ending_summary}".rstrip(),
        f"Overall: {result.percent:.0f}%  grade {result.grade}  {verdict} "
        f"(pass mark {result.pass_mark:.0f}%)",
    ]
    if result.cap:
        out.append(
            f"  (the points alone scored {result.uncapped_percent:.0f}%; capped for the "
            f"{'critical error' if result.cap == 'critical' else 'outcome'})"
        )
    if not result.passed and result.fail_reasons:
        out.append("Why it did not pass: " + " ".join(result.fail_reasons))
    out.append(
        f"Customer satisfaction: {'*' * result.csat}{'.' * (5 - result.csat)} ({result.csat}/5)"
    )
    if result.undo_used:
        out.append("Undo used: a graded call with undo does not count as a pass.")
    if result.shuffled:
        out.append(
            f"Choices were shown in a shuffled order (seed {result.seed}); "
            "the numbers below are as shown."
        )
    return out


# The same words on the debrief screen: a bar under 100% on the best route is not a mistake.
CEILING_NOTE = (
    "Each principle: your points out of the most any route earns on it. One route seldom earns "
    "every principle's most, so the overall compares your call with the best route."
)


def under_ceiling(result: CallResult) -> bool:
    """True when the best route stays under some principle's most (then the scores say so)."""
    return any(s.best is not None and 0 < s.max and s.best < s.max for s in result.scores.values())


def _scores(result: CallResult) -> list[str]:
    """One line per principle: a bar and its score in words."""
    out = []
    for s in result.scores.values():
        words = score_text(s, "5.1f", "not exercised in this call", with_best=True)
        if s.percent is None:
            out.append(f"  {s.title:<22} {words}")
        else:
            bar = "#" * round(s.percent / 5)
            out.append(f"  {s.title:<22} {bar:<20} {words}")
    if under_ceiling(result):
        out.append(f"  {CEILING_NOTE}")
    return out


def _best_route(result: CallResult) -> list[str]:
    """The best possible route's score and its answers, when it is known."""
    best = result.best
    if best is None:
        return []
    bounded = (
        " (a search with a bound: a better route may exist)" if best.method == "bounded" else ""
    )
    return [
        f"\nBest possible path scores {best.percent:.0f}% overall, ends "
        f"{best.outcome.replace('_', ' ')} with {best.csat} stars{bounded}:",
        *(f'  {n}. "{text}"' for n, text in enumerate(best.choices, 1)),
    ]


def _decision(n: int, d: Decision) -> list[str]:
    """One decision: what the customer said, the answer chosen, its timing, the options not taken."""
    out = [f'\n{n}. Customer: "{d.customer_line}"', *_option(d.chosen, "   You chose ")]
    if d.repeated:
        out.append(
            "   (You had said this before in this call: its gains count once, any losses again.)"
        )
    notes = []
    if d.cut_in:
        notes.append("you cut in while the customer was still talking")
    if d.dead_air:
        notes.append("the silence ran too long before you answered")
    if notes:
        # What the timing itself cost: the decision's points less the choice's own.
        names = dict.fromkeys([*d.points, *d.chosen.points])
        cost = {p: d.points.get(p, 0) - d.chosen.points.get(p, 0) for p in names}
        out.append(
            f"   Timing: {'; '.join(notes)}: cost {points_text(cost)}  "
            f"[{points_text(d.points)} in all]"
        )
    for other in d.others:
        out.extend(_option(other, "   Not taken ", reply=True))
    return out
