"""The branch map: DOT and Mermaid text, escaping, colours, and real rendering with Graphviz's dot."""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as ET

import pytest
from test_engine_kit import rubric, scenario

from simulator.analysis.branch_map import (
    OUTCOME_COLOURS,
    dot_quote,
    mermaid_text,
    to_dot,
    to_mermaid,
)
from simulator.cli import main

TRICKY = '<b>|#1 "refund\\now" \u2014 caf\u00e9 \u20ac5 and more'

BODY = """
nodes:
  start:
    say: "<b>|#1 \\"refund\\\\now\\" \u2014 caf\u00e9 \u20ac5 and more"
    choices:
      - {text: "Sorry", effects: {empathy: 2, listening: 1}, feedback: "f", next: fix}
      - {text: "Wait", effects: {composure: -1}, patience: -40, feedback: "f", next: angry_end}
  fix:
    say: "Go on."
    choices:
      - {text: "Fixed", effects: {resolution: 2}, feedback: "f", next: happy}
      - {text: "Call back", effects: {follow_up: 1}, feedback: "f", next: later}
  island:
    say: "Nobody gets here."
    choices:
      - {text: "Leave", effects: {resolution: 1}, feedback: "f", next: happy}
endings:
  happy: {outcome: resolved, satisfaction: 5, say: "Thanks.", summary: "s"}
  later: {outcome: callback_scheduled, satisfaction: 4, say: "Talk soon.", summary: "s"}
  angry_end: {outcome: escalated, satisfaction: 1, say: "Manager!", summary: "s"}
"""


def dot_statements(dot: str) -> tuple[list[str], list[str]]:
    """Node and edge statement lines of our DOT output (one statement per line)."""
    body = [line.strip() for line in dot.splitlines()[4:-1]]
    edges = [line for line in body if re.match(r'^"[^"]*" -> "', line)]
    nodes = [line for line in body if line not in edges]
    return nodes, edges


def test_dot_has_every_node_edge_and_colour():
    dot = to_dot(scenario(BODY), rubric())
    nodes, edges = dot_statements(dot)
    # 3 nodes, 3 endings, the built-in hang-up (patience can run out) and the patience-out marker.
    assert len(nodes) == 8
    assert len(edges) == 5 + 1
    assert '"start" -> "fix" [label="1: lis+1 emp+2"]' in dot
    assert '"patience runs out" -> "_hung_up" [label="patience out", style=dashed' in dot
    happy = next(n for n in nodes if n.startswith('"happy"'))
    later = next(n for n in nodes if n.startswith('"later"'))
    angry = next(n for n in nodes if n.startswith('"angry_end"'))
    assert OUTCOME_COLOURS["resolved"] in happy
    assert OUTCOME_COLOURS["callback_scheduled"] in later
    assert OUTCOME_COLOURS["escalated"] in angry
    island = next(n for n in nodes if n.startswith('"island"'))
    assert "(unreachable)" in island and "dashed" in island
    assert '"island" -> "happy" [label="1: res+1", style=dashed' in dot


def test_dot_quoting():
    assert dot_quote('a "b" \\c') == '"a \\"b\\" \\\\c"'
    assert dot_quote("two\nlines") == '"two lines"'
    assert dot_quote("caf\u00e9") == '"caf\u00e9"'


def test_rendered_svg_shows_the_text_exactly(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(textwrap.dedent(HEADER) + textwrap.dedent(BODY), encoding="utf-8")
    out = tmp_path / "map.svg"
    assert main(["graph", str(path), "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "start" in texts
    words = TRICKY.split()[:6]
    assert " ".join(words) + " ..." in texts  # quotes, backslash and non-ASCII survive dot
    assert "(unreachable)" in texts
    assert "1: lis+1 emp+2" in texts


def test_png_renders_too(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(textwrap.dedent(HEADER) + textwrap.dedent(BODY), encoding="utf-8")
    out = tmp_path / "map.png"
    assert main(["graph", str(path), "-o", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pdf_is_drawn_not_dot_text(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(textwrap.dedent(HEADER) + textwrap.dedent(BODY), encoding="utf-8")
    out = tmp_path / "map.PDF"  # the suffix is matched whatever its case
    assert main(["graph", str(path), "-o", str(out)]) == 0
    assert out.read_bytes()[:5] == b"%PDF-"


def test_text_suffixes_hold_their_own_format(tmp_path, capsys):
    path = tmp_path / "map.yaml"
    path.write_text(textwrap.dedent(HEADER) + textwrap.dedent(BODY), encoding="utf-8")
    for name in ("map.dot", "map.gv"):
        assert main(["graph", str(path), "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).read_text(encoding="utf-8").startswith('digraph "test_call"')
    assert main(["graph", str(path), "-o", str(tmp_path / "map.md")]) == 0
    md = (tmp_path / "map.md").read_text(encoding="utf-8")
    assert md.startswith("```mermaid\nflowchart TD") and md.endswith(
        "```\n"
    )  # fenced, so Markdown viewers draw it
    capsys.readouterr()
    assert main(["graph", str(path), "--format", "mermaid", "-o", str(tmp_path / "wrong.dot")]) == 2
    assert ".dot holds dot text" in capsys.readouterr().err
    assert not (tmp_path / "wrong.dot").exists()


@pytest.mark.parametrize("name", ["map.jpg", "map.txt", "map"])
def test_other_suffixes_are_refused_with_exit_2(tmp_path, capsys, name):
    path = tmp_path / "map.yaml"
    path.write_text(textwrap.dedent(HEADER) + textwrap.dedent(BODY), encoding="utf-8")
    out = tmp_path / name
    assert main(["graph", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"error: {out}: cannot write the branch map as" in err
    assert ".svg, .png or .pdf" in err and ".mmd or .md" in err
    assert not out.exists()


def test_mermaid_structure_and_escaping():
    text = to_mermaid(scenario(BODY), rubric())
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "flowchart TD"
    node_lines = [line for line in lines if re.match(r"^n\d+[\[(>]", line)]
    edge_lines = [line for line in lines if re.match(r"^n\d+ -", line)]
    assert len(node_lines) == 8 and len(edge_lines) == 6
    start = next(line for line in node_lines if line.startswith('n0["start<br/>'))
    assert start.count('"') == 2  # the customer's quotes are entity codes, not label ends
    assert "#lt;b#gt;#124;#35;1 #quot;refund\\now#quot; \u2014 caf\u00e9" in start
    assert any(line.startswith("class ") and "unreachable" in line for line in lines)
    assert any(
        line.startswith("linkStyle ") for line in lines
    )  # dashed: patience out and the island's edge
    assert mermaid_text('say "hi"\nthere') == "say #quot;hi#quot; there"


def test_format_is_chosen_by_suffix_and_written(tmp_path, capsys):
    path = tmp_path / "map.yaml"
    path.write_text(textwrap.dedent(HEADER) + textwrap.dedent(BODY), encoding="utf-8")
    assert main(["graph", str(path), "-o", str(tmp_path / "map.mmd")]) == 0
    assert (tmp_path / "map.mmd").read_text(encoding="utf-8").startswith("flowchart TD")
    assert main(["graph", str(path), "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith('digraph "test_call"')
    assert main(["graph", str(path), "--format", "mermaid", "-o", str(tmp_path / "map.svg")]) == 2
    assert "only the dot format" in capsys.readouterr().err


def test_missing_dot_says_how_to_get_it(tmp_path, monkeypatch, capsys):
    path = tmp_path / "map.yaml"
    path.write_text(textwrap.dedent(HEADER) + textwrap.dedent(BODY), encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot here
    assert main(["graph", str(path), "-o", str(tmp_path / "map.svg")]) == 2
    err = capsys.readouterr().err
    assert (
        "apt-get install graphviz" in err
        and "brew install graphviz" in err
        and "graphviz.org" in err
    )
    assert "--format dot" in err
    assert not (tmp_path / "map.svg").exists()


def test_bad_scenarios_and_paths(tmp_path, capsys):
    assert main(["graph", "no_such_scenario_anywhere"]) == 2
    assert "no scenario" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        textwrap.dedent(HEADER) + textwrap.dedent(BODY).replace("next: happy", "next: hapy"),
        encoding="utf-8",
    )
    assert main(["graph", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "'hapy'" in err and "cannot draw" in err
    good = tmp_path / "good.yaml"
    good.write_text(textwrap.dedent(HEADER) + textwrap.dedent(BODY), encoding="utf-8")
    assert main(["graph", str(good), "-o", str(tmp_path / "no" / "dir" / "map.dot")]) == 2
    assert "does not exist" in capsys.readouterr().err


HEADER = """
id: test_call
title: Test call
summary: A call written for a test.
kind: irate
difficulty: easy
teaches: [empathy]
persona: {name: Pat, mood: 0, patience: 50}
start: start
"""
