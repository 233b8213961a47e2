"""The branch map of a scenario as Graphviz DOT or Mermaid text, and rendering DOT with ``dot``.

Nodes are labelled with their id and the first words the customer says,
endings are coloured by outcome, each choice edge carries its number and its
points per principle (static mechanics included), the patience-out edge is
dashed, and whatever the start cannot reach is grey, dashed and marked
'(unreachable)'.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from simulator.engine.effects import choice_effect
from simulator.scenario.conditions import describe
from simulator.scenario.graph import patience_can_run_out, reachable
from simulator.scenario.model import HANG_UP_ENDING, Scenario
from simulator.scenario.rubric import Rubric

# Fill colours by outcome: green went well, amber so-so, red lost, blue handed on.
OUTCOME_COLOURS: dict[str, str] = {
    "resolved": "#a5d6a7",
    "resolved_unhappy": "#ffe082",
    "escalated": "#ef9a9a",
    "hung_up": "#ef9a9a",
    "callback_scheduled": "#90caf9",
    "transferred": "#90caf9",
}
OTHER_OUTCOME = "#e0e0e0"
GREY = "#9e9e9e"
UNREACHABLE_FILL = "#f5f5f5"
PATIENCE_OUT = "patience runs out"
WORDS = 6  # words of the customer's line shown in a node
RENDERED = ("svg", "png", "pdf")
# Suffixes written as text, and the text format each one holds.
TEXT_SUFFIXES: dict[str, str] = {
    "dot": "dot",
    "gv": "dot",
    "mmd": "mermaid",
    "mermaid": "mermaid",
    "md": "mermaid",
}


@dataclass
class MapNode:
    """A box on the map: a node or an ending."""

    id: str
    lines: list[str]  # label lines, plain text
    ending: bool = False
    outcome: str = ""
    start: bool = False
    unreachable: bool = False


@dataclass
class MapEdge:
    """An arrow: a choice, or patience running out (dashed)."""

    source: str
    target: str
    label: str
    dashed: bool = False
    unreachable: bool = False


@dataclass
class BranchMap:
    """Everything the writers draw, in file order."""

    title: str
    nodes: list[MapNode] = field(default_factory=list)
    edges: list[MapEdge] = field(default_factory=list)
    legend: str = ""


def abbreviation(principle: str) -> str:
    """Three letters for a principle in edge labels: 'empathy' -> 'emp', 'no_blame' -> 'nob'."""
    return principle.replace("_", "")[:3]


def first_words(text: str, words: int = WORDS) -> str:
    """The first ``words`` words of ``text`` on one line, with '...' when there are more."""
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def edge_label(
    number: int, points: dict[str, int], principles: list[str], condition: str = ""
) -> str:
    """'1: emp+2 lis+1' for choice 1; only the principles it changes, in the rubric's order."""
    changes = " ".join(f"{abbreviation(p)}{points[p]:+d}" for p in principles if points.get(p, 0))
    label = f"{number}: {changes}" if changes else str(number)
    return f"{label} (if {condition})" if condition else label


def branch_map(scenario: Scenario, rubric: Rubric) -> BranchMap:
    """Lay out what the map shows: nodes, endings, choice edges, the patience-out edge."""
    principles = list(rubric.principles)
    seen = reachable(scenario)
    bmap = BranchMap(scenario.title or scenario.id)
    bmap.legend = "  ".join(f"{abbreviation(p)} {p}" for p in principles)
    _add_nodes(bmap, scenario, rubric, seen)
    for eid, ending in scenario.endings.items():
        lost = eid not in seen
        bmap.nodes.append(
            MapNode(
                eid,
                [eid, ending.outcome] + (["(unreachable)"] if lost else []),
                True,
                ending.outcome,
                unreachable=lost,
            )
        )
    _add_patience_out(bmap, scenario, seen)
    return bmap


def _add_nodes(bmap: BranchMap, scenario: Scenario, rubric: Rubric, seen: set[str]) -> None:
    """Each node of the scenario and an edge for each of its choices."""
    principles = list(rubric.principles)
    for nid, node in scenario.nodes.items():
        lines = [nid, first_words(node.say[0])] if node.say else [nid]
        lost = nid not in seen
        bmap.nodes.append(
            MapNode(
                nid,
                lines + (["(unreachable)"] if lost else []),
                start=nid == scenario.start,
                unreachable=lost,
            )
        )
        for i, c in enumerate(node.choices):
            if scenario.target(c.next) is None:
                continue  # only in files with errors, which are not drawn
            points = choice_effect(node, c, rubric).points
            bmap.edges.append(
                MapEdge(
                    nid,
                    c.next,
                    edge_label(i + 1, points, principles, describe(c.condition)),
                    unreachable=lost,
                )
            )


def _add_patience_out(bmap: BranchMap, scenario: Scenario, seen: set[str]) -> None:
    """The engine's own hang-up ending when the call can reach it, and the patience-out edge."""
    drops = patience_can_run_out(scenario)
    uses_builtin = scenario.on_patience_out == HANG_UP_ENDING or any(
        e.target == HANG_UP_ENDING for e in bmap.edges
    )
    if (
        uses_builtin
        and HANG_UP_ENDING not in scenario.endings
        and (drops or HANG_UP_ENDING in seen)
    ):
        lost = HANG_UP_ENDING not in seen
        bmap.nodes.append(
            MapNode(
                HANG_UP_ENDING,
                [HANG_UP_ENDING, "hung_up (built in)"],
                True,
                "hung_up",
                unreachable=lost,
            )
        )
    if drops and scenario.target(scenario.on_patience_out) is not None:
        bmap.nodes.append(MapNode(PATIENCE_OUT, [PATIENCE_OUT]))
        bmap.edges.append(
            MapEdge(PATIENCE_OUT, scenario.on_patience_out, "patience out", dashed=True)
        )


# --- DOT ---------------------------------------------------------------------------


def dot_quote(text: str) -> str:
    """``text`` as a DOT double-quoted string: backslashes and quotes escaped, line breaks as spaces."""
    text = " ".join(text.splitlines()) if ("\n" in text or "\r" in text) else text
    text = "".join(ch if ch >= " " else " " for ch in text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_label(lines: list[str]) -> str:
    """Several plain-text lines as one DOT label, broken with DOT's centred line break."""
    # Quote each line on its own, then join with the two characters '\n' that DOT reads as a break.
    return '"' + "\\n".join(dot_quote(line)[1:-1] for line in lines) + '"'


def to_dot(scenario: Scenario, rubric: Rubric) -> str:
    """The branch map as a Graphviz DOT document (UTF-8 text)."""
    bmap = branch_map(scenario, rubric)
    out = [
        f"digraph {dot_quote(scenario.id)} {{",
        f'  label={dot_label([bmap.title, bmap.legend])}; labelloc=t; fontname="Helvetica";',
        '  node [fontname="Helvetica", fontsize=11, shape=box, style="rounded,filled", fillcolor="#ffffff"];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for n in bmap.nodes:
        attrs = [f"label={dot_label(n.lines)}"]
        if n.id == PATIENCE_OUT:
            attrs += ["shape=plaintext", 'style=""', f'fontcolor="{GREY}"']
        elif n.ending:
            attrs += [
                "shape=ellipse",
                f'fillcolor="{OUTCOME_COLOURS.get(n.outcome, OTHER_OUTCOME)}"',
            ]
        if n.start:
            attrs.append("penwidth=2.5")
        if n.unreachable:
            attrs += [
                f'style="{"" if n.id == PATIENCE_OUT else "rounded,"}dashed,filled"',
                f'color="{GREY}"',
                f'fontcolor="{GREY}"',
            ]
            if not n.ending:
                attrs.append(f'fillcolor="{UNREACHABLE_FILL}"')
        out.append(f"  {dot_quote(n.id)} [{', '.join(attrs)}];")
    for e in bmap.edges:
        attrs = [f"label={dot_quote(e.label)}"]
        if e.dashed:
            attrs += ["style=dashed", f'color="{GREY}"']
        if e.unreachable:
            attrs += ["style=dashed", f'color="{GREY}"', f'fontcolor="{GREY}"']
        out.append(
            f"  {dot_quote(e.source)} -> {dot_quote(e.target)} [{', '.join(dict.fromkeys(attrs))}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"


# --- Mermaid -----------------------------------------------------------------------

_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "`": "#96;",
    "&": "#amp;",
}


def mermaid_text(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label: quotes and markup as entity codes, no line breaks."""
    text = " ".join(text.split()) if any(ch < " " for ch in text) else text
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in text)


def to_mermaid(scenario: Scenario, rubric: Rubric) -> str:
    """The branch map as a Mermaid flowchart (ids are numbered: Mermaid reserves words such as 'end')."""
    bmap = branch_map(scenario, rubric)
    ids = {n.id: f"n{k}" for k, n in enumerate(bmap.nodes)}
    out = ["flowchart TD", f"  %% {mermaid_text(bmap.title)}", f"  %% {bmap.legend}"]
    classes: dict[str, list[str]] = {}
    for n in bmap.nodes:
        label = "<br/>".join(mermaid_text(line) for line in n.lines)
        if n.id == PATIENCE_OUT:
            out.append(f'  {ids[n.id]}>"{label}"]')
        elif n.ending:
            out.append(f'  {ids[n.id]}(["{label}"])')
        else:
            out.append(f'  {ids[n.id]}["{label}"]')
        if n.unreachable:
            classes.setdefault("unreachable", []).append(ids[n.id])
        elif n.ending:
            classes.setdefault(
                n.outcome if n.outcome in OUTCOME_COLOURS else "other_outcome", []
            ).append(ids[n.id])
        if n.start:
            classes.setdefault("start", []).append(ids[n.id])
    grey_links: list[str] = []
    for k, e in enumerate(bmap.edges):
        arrow = "-.->" if e.dashed or e.unreachable else "-->"
        out.append(f'  {ids[e.source]} {arrow}|"{mermaid_text(e.label)}"| {ids[e.target]}')
        if e.dashed or e.unreachable:
            grey_links.append(str(k))
    for outcome, colour in OUTCOME_COLOURS.items():
        out.append(f"  classDef {outcome} fill:{colour},stroke:#555555")
    out.append(f"  classDef other_outcome fill:{OTHER_OUTCOME},stroke:#555555")
    out.append(
        f"  classDef unreachable fill:{UNREACHABLE_FILL},stroke:{GREY},stroke-dasharray:5 5,color:{GREY}"
    )
    out.append("  classDef start stroke-width:3px")
    for name, members in classes.items():
        out.append(f"  class {','.join(members)} {name}")
    if grey_links:
        out.append(f"  linkStyle {','.join(grey_links)} stroke:{GREY},stroke-dasharray:5 5")
    return "\n".join(out) + "\n"


# --- rendering -----------------------------------------------------------------------


class GraphvizMissing(RuntimeError):
    """Graphviz's ``dot`` program is not installed (or not on PATH)."""


class GraphvizFailed(RuntimeError):
    """``dot`` ran but could not render the map."""


INSTALL_HINT = (
    "Graphviz's 'dot' program is needed to draw SVG, PNG or PDF and was not found on PATH. "
    "Install it (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz; "
    "Windows and others: https://graphviz.org/download/), or write the map as text with --format dot -o map.dot"
)


def render(dot_text: str, out: Path, fmt: str, timeout: float = 120.0) -> None:
    """Render DOT text to ``out`` as ``fmt`` (svg, png or pdf) with Graphviz's ``dot``."""
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizMissing(INSTALL_HINT)
    try:
        done = subprocess.run(
            [exe, f"-T{fmt}", "-o", str(out)],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise GraphvizFailed(
            f"dot took longer than {timeout:g} s; try --format dot and a smaller scenario"
        ) from exc
    except OSError as exc:
        raise GraphvizFailed(f"could not run {exe}: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise GraphvizFailed(f"dot could not render {out}: {message}")
