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


def _more(items: list[str], total: int, shown: int, tail: str = "") -> list[str]:
    """``items`` (the first ``shown`` of ``total``) and a line saying how many were left out."""
    return items + ([f"    ... and {total - shown} more{tail}"] if total > shown else [])


def _shape(st: ScenarioStats) -> list[str]:
    """Size, paths, loops and route lengths."""
    endings = sum(len(v) for v in st.endings.values())
    by_outcome = ", ".join(f"{outcome} {len(ids)}" for outcome, ids in st.endings.items())
    cut = f", counted with {len(st.loop_edges)} loop-closing choice(s) cut" if st.loop_edges else ""
    out = [
        f"  nodes: {st.nodes}   decisions: {st.choices} choices   endings: {endings} ({by_outcome})",
        f"  paths from start to an ending: {format_count(st.paths)}{cut}",
    ]
    if st.loops:
        shown = "; ".join(_loop(group) for group in st.loops[:5])
        more = f"; and {len(st.loops) - 5} more" if len(st.loops) > 5 else ""
        out.append(f"  loops: {len(st.loops)}: {shown}{more}")
        cuts = [
            f"    cut: {s.node} choice {s.number} {_quote(s.text, 50)}" for s in st.loop_edges[:5]
        ]
        out += _more(cuts, len(st.loop_edges), 5)
    else:
        out.append("  loops: none")
    if st.shortest is None:
        out.append("  route length: no ending can be reached from the start")
    else:
        out.append(f"  route length: shortest {st.shortest}, longest {st.longest} decisions")
    return out


def _scores(st: ScenarioStats) -> list[str]:
    """The most and least any route earns per principle, the best and worst route overall, and the best
    path step by step."""
    out = ["  scores per principle:        most             least"]
    for pr in st.principles.values():
        top = f"{pr.best:+4d} {_percent(pr.best_percent)}"
        out.append(f"    {pr.title:<24} {top}    {pr.worst:+4d} {_percent(pr.worst_percent)}")
    if not (st.best and st.worst):
        return out
    best, worst = st.best, st.worst
    out.append(
        f"    {'overall':<24}      {best.percent:5.1f}%          "
        f"{worst.percent:5.1f}%   (pass mark {st.pass_mark:g}%)"
    )
    bounded = (
        " (bounded search: a real route, a better one may exist)"
        if best.method == "bounded"
        else ""
    )
    verdict = "passes" if best.passed else "does not pass"
    out.append(
        f"  best path ({best.percent:.1f}% {best.grade}, {verdict}, ends at {best.ending}: "
        f"{best.outcome}, {best.csat} stars){bounded}:"
    )
    out += [f"    {s.node} -> {s.number}. {_quote(s.text)}" for s in best.steps[:40]]
    if len(best.steps) > 40:
        out.append(f"    ... {len(best.steps) - 40} more decisions (see --json)")
    return out


def _warnings(st: ScenarioStats) -> list[str]:
    """What an author should look at: critical errors, traps, choices never worth taking, dead ends."""
    out = []
    if st.critical_choices:
        n = len(st.critical_choices)
        out.append(f"  critical errors ({n} choice(s) commit one; a call with one cannot pass):")
        lines = [
            f"    {c.node} choice {c.number} {_quote(c.text, 50)}: {', '.join(c.errors)}"
            for c in st.critical_choices[:30]
        ]
        out += _more(lines, n, 30, " (see --json)")
    if st.traps:
        out.append(
            f"  traps: {st.traps} choice(s) marked `trap: true` (deliberate; not listed below)"
        )
    if st.dominated:
        out.append(
            "  never worth taking (a sibling scores at least as well on every principle and mood, "
            "better on one):"
        )
        lines = [
            f"    {d.node} choice {d.number} {_quote(d.text, 50)}: choice {d.by} is better"
            for d in st.dominated[:20]
        ]
        out += _more(lines, len(st.dominated), 20, " (see --json)")
    if st.bad_play_endings:
        out.append(f"  endings reached only by bad play: {', '.join(st.bad_play_endings)}")
    parts = []
    if st.unreachable_nodes:
        parts.append("nodes " + ", ".join(st.unreachable_nodes))
    if st.unreachable_endings:
        parts.append("endings " + ", ".join(st.unreachable_endings))
    if parts:
        out.append(f"  unreachable: {'; '.join(parts)}")
    return out


def render_text(st: ScenarioStats) -> list[str]:
    """A readable report of one scenario's stats."""
    return [f"{st.id}: {st.title}  ({st.path})", *_shape(st), *_scores(st), *_warnings(st)]
