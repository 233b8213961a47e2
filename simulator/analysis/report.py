"""``stats`` as text for trainers."""

from __future__ import annotations

from simulator.analysis.counts import format_count
from simulator.analysis.stats import ScenarioStats


def _percent(p: float | None) -> str:
    return "   -  " if p is None else f"{p:5.1f}%"


def _quote(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= width else f'"{text[: width - 3]}..."'


def _loop(group: list[str], most: int = 8) -> str:
    if len(group) == 1:
        return f"{group[0]} (to itself)"
    if len(group) <= most:
        return " <-> ".join(group)
    return " <-> ".join(group[:most]) + f" <-> ... ({len(group)} nodes)"


def render_text(st: ScenarioStats) -> list[str]:
    """A readable report of one scenario's stats."""
    out = [f"{st.id}: {st.title}  ({st.path})"]
    endings = sum(len(v) for v in st.endings.values())
    by_outcome = ", ".join(f"{outcome} {len(ids)}" for outcome, ids in st.endings.items())
    out.append(
        f"  nodes: {st.nodes}   decisions: {st.choices} choices   endings: {endings} ({by_outcome})"
    )
    cut = f", counted with {len(st.loop_edges)} loop-closing choice(s) cut" if st.loop_edges else ""
    out.append(f"  paths from start to an ending: {format_count(st.paths)}{cut}")
    if st.loops:
        shown = "; ".join(_loop(group) for group in st.loops[:5])
        more = f"; and {len(st.loops) - 5} more" if len(st.loops) > 5 else ""
        out.append(f"  loops: {len(st.loops)}: {shown}{more}")
        for step in st.loop_edges[:5]:
            out.append(f"    cut: {step.node} choice {step.number} {_quote(step.text, 50)}")
        if len(st.loop_edges) > 5:
            out.append(f"    ... and {len(st.loop_edges) - 5} more")
    else:
        out.append("  loops: none")
    if st.shortest is None:
        out.append("  route length: no ending can be reached from the start")
    else:
        out.append(f"  route length: shortest {st.shortest}, longest {st.longest} decisions")
    out.append("  scores per principle:        best             worst")
    for pr in st.principles.values():
        out.append(
            f"    {pr.title:<24} {pr.best:+4d} {_percent(pr.best_percent)}    {pr.worst:+4d} "
            f"{_percent(pr.worst_percent)}"
        )
    if st.best and st.worst:
        out.append(
            f"    {'overall':<24}      {st.best.percent:5.1f}%          "
            f"{st.worst.percent:5.1f}%   (pass mark {st.pass_mark:g}%)"
        )
        bounded = (
            " (bounded search: a real route, a better one may exist)"
            if st.best.method == "bounded"
            else ""
        )
        verdict = "passes" if st.best.passed else "does not pass"
        out.append(
            f"  best path ({st.best.percent:.1f}% {st.best.grade}, {verdict}, ends at "
            f"{st.best.ending}: {st.best.outcome},"
            f" {st.best.csat} stars){bounded}:"
        )
        for step in st.best.steps[:40]:
            out.append(f"    {step.node} -> {step.number}. {_quote(step.text)}")
        if len(st.best.steps) > 40:
            out.append(f"    ... {len(st.best.steps) - 40} more decisions (see --json)")
    if st.critical_choices:
        out.append(
            f"  critical errors ({len(st.critical_choices)} choice(s) commit one; a call with one cannot pass):"
        )
        for c in st.critical_choices[:30]:
            out.append(
                f"    {c.node} choice {c.number} {_quote(c.text, 50)}: {', '.join(c.errors)}"
            )
        if len(st.critical_choices) > 30:
            out.append(f"    ... and {len(st.critical_choices) - 30} more (see --json)")
    if st.traps:
        out.append(
            f"  traps: {st.traps} choice(s) marked `trap: true` (deliberate; not listed below)"
        )
    if st.dominated:
        out.append(
            "  never worth taking (a sibling scores at least as well on every principle and mood, better on one):"
        )
        for d in st.dominated[:20]:
            out.append(
                f"    {d.node} choice {d.number} {_quote(d.text, 50)}: choice {d.by} is better"
            )
        if len(st.dominated) > 20:
            out.append(f"    ... and {len(st.dominated) - 20} more (see --json)")
    if st.bad_play_endings:
        out.append(f"  endings reached only by bad play: {', '.join(st.bad_play_endings)}")
    if st.unreachable_nodes or st.unreachable_endings:
        parts = []
        if st.unreachable_nodes:
            parts.append("nodes " + ", ".join(st.unreachable_nodes))
        if st.unreachable_endings:
            parts.append("endings " + ", ".join(st.unreachable_endings))
        out.append(f"  unreachable: {'; '.join(parts)}")
    return out
