"""A finished call's debrief as plain text, for the terminal."""

from __future__ import annotations

from simulator.engine.result import CallResult, OptionView


def _points(points: dict[str, int]) -> str:
    shown = [f"{name} {value:+d}" for name, value in points.items() if value]
    return ", ".join(shown) if shown else "no points"


def _option(opt: OptionView, prefix: str) -> list[str]:
    return [f"{prefix}{opt.index}. \"{opt.text}\"  [{_points(opt.points)}]", f"{' ' * len(prefix)}   {opt.feedback}"]


def render_debrief(result: CallResult) -> str:
    """The debrief: scores per principle, grade, stars, and every decision with the options not taken."""
    out = [f"=== Debrief: {result.title} ===", ""]
    out.append(f"Ending: {result.outcome.replace('_', ' ')}. {result.ending_summary}".rstrip())
    verdict = "PASS" if result.passed else "NOT YET"
    out.append(f"Overall: {result.percent:.0f}%  grade {result.grade}  {verdict} (pass mark {result.pass_mark:.0f}%)")
    out.append(f"Customer satisfaction: {'*' * result.csat}{'.' * (5 - result.csat)} ({result.csat}/5)")
    if result.undo_used:
        out.append("Undo was used during this call.")
    out.append("")
    for s in result.scores.values():
        if s.percent is None:
            out.append(f"  {s.title:<22} not exercised in this call")
            continue
        bar = "#" * round(s.percent / 5)
        out.append(f"  {s.title:<22} {bar:<20} {s.percent:5.1f}%  ({s.points}/{s.max})")
    if result.best is not None:
        out.append(f"\nBest possible path scores {result.best.percent:.0f}% overall:")
        out.extend(f"  {n}. \"{text}\"" for n, text in enumerate(result.best.choices, 1))
    out.append("\nDecisions:")
    for n, d in enumerate(result.decisions, 1):
        out.append(f"\n{n}. Customer: \"{d.customer_line}\"")
        out.extend(_option(d.chosen, "   You chose "))
        notes = []
        if d.cut_in:
            notes.append("you cut in while the customer was still talking")
        if d.dead_air:
            notes.append("the silence ran too long before you answered")
        if notes:
            out.append(f"   Timing: {'; '.join(notes)}  [{_points(d.points)} in all]")
        for other in d.others:
            out.extend(_option(other, "   Not taken "))
    return "\n".join(out)
