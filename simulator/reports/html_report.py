"""report.html: one self-contained page (inline CSS and SVG, no scripts, nothing fetched) for trainers."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from html import escape
from pathlib import Path

from simulator.reports.aggregate import (
    Mistake,
    ScenarioSummary,
    TraineeSummary,
    principle_names,
    scenario_summaries,
    trainee_summaries,
)
from simulator.reports.svg import bar_chart, line_chart
from simulator.store.base import CallRecord

# How many "where trainees go wrong" options to list per scenario.
TOP_MISTAKES = 8

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.4}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}h3{margin-top:1.8rem}
.meta{color:#555}table{border-collapse:collapse;margin:.6rem 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}.pass{color:#1a7f37}.fail{color:#b42318}
.chart text{font-size:11px;fill:#333}.chart .grid{stroke:#e5e5e5}.charts{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
.empty{color:#777;font-style:italic}
@media print{h2{page-break-before:always}}
"""


def _title(name: str, titles: dict[str, str]) -> str:
    return titles.get(name) or name.replace("_", " ").capitalize()


def _num(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else escape(f"{value:.1f}{suffix}")


def _int(value: object) -> str:
    # Counts are ours, but a stored value is input: whatever it holds is written as text, escaped.
    return escape(str(value))


def _overview(trainees: list[TraineeSummary], names: list[str], titles: dict[str, str]) -> str:
    head = "".join(f"<th>{escape(_title(n, titles))} %</th>" for n in names)
    rows = []
    for t in trainees:
        cells = "".join(
            f'<td class="num" data-trainee="{escape(t.name)}" data-principle="{escape(n)}">{_num(t.averages.get(n))}</td>'
            for n in names
        )
        rows.append(
            f'<tr><td><a href="#{_anchor("t", t.name)}">{escape(t.name)}</a></td>'
            f'<td class="num" data-trainee="{escape(t.name)}" data-field="calls">{_int(t.count)}</td>'
            f'<td class="num" data-trainee="{escape(t.name)}" data-field="passed">{_int(t.passed)}</td>'
            f'<td class="num" data-trainee="{escape(t.name)}" data-field="average">{_num(t.average_percent)}</td>{cells}</tr>'
        )
    return (
        "<table><thead><tr><th>Trainee</th><th>Calls</th><th>Passed</th><th>Average %</th>"
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _anchor(kind: str, name: str) -> str:
    # Ids from free text: keep them readable but safe inside an attribute and a URL fragment.
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in name)
    return f"{kind}-{safe}-{zlib.crc32(name.encode()) % 10_000:04d}" if safe != name else f"{kind}-{name}"


def _trainee_section(t: TraineeSummary, names: list[str], titles: dict[str, str]) -> str:
    present = [n for n in names if n in t.averages]
    bars = bar_chart(
        [_title(n, titles) for n in present], [t.averages[n] for n in present], max_value=100, unit="%",
        title=f"{t.name}: average per principle",
    )
    lines = line_chart(
        {n: t.trend.get(n, []) for n in present}, labels={n: _title(n, titles) for n in present},
        title=f"{t.name}: each principle over their calls",
    )
    call_rows = "".join(
        f"<tr><td>{i}</td><td>{escape(c.finished_at)}</td><td>{escape(str(c.extra.get('title') or c.scenario_id))}</td>"
        f"<td>{escape(c.mode)}</td><td class=\"num\">{_num(c.percent)}</td><td>{escape(c.grade)}</td>"
        f"<td class=\"{'pass' if c.passed else 'fail'}\">{'passed' if c.passed else 'not yet'}</td>"
        f"<td class=\"num\">{_int(c.csat)}</td><td>{escape(c.outcome)}</td></tr>"
        for i, c in enumerate(t.calls, 1)
    )
    return (
        f'<section class="trainee" id="{_anchor("t", t.name)}"><h3>{escape(t.name)}</h3>'
        f'<p class="meta">{_int(t.count)} call{"s" if t.count != 1 else ""}, {_int(t.passed)} passed, '
        f"average {_num(t.average_percent, '%')}.</p>"
        f'<div class="charts"><figure>{bars}<figcaption>Average per principle (% of the best possible)</figcaption></figure>'
        f"<figure>{lines}<figcaption>Each principle, call by call (%)</figcaption></figure></div>"
        "<table><thead><tr><th>#</th><th>Finished</th><th>Scenario</th><th>Mode</th><th>%</th><th>Grade</th>"
        f"<th>Result</th><th>CSAT</th><th>Outcome</th></tr></thead><tbody>{call_rows}</tbody></table></section>"
    )


def _mistake_row(m: Mistake, sid: str, titles: dict[str, str]) -> str:
    hurt = ", ".join(f"{escape(_title(p, titles))} −{_int(v)}" for p, v in m.principles.most_common())
    mech = ", ".join(f"{escape(k)} ×{_int(v)}" for k, v in m.mechanics.most_common()) or ""
    return (
        f"<tr><td>{escape(m.node_id)}</td><td>{escape(m.text)}</td>"
        f'<td class="num" data-scenario="{escape(sid)}" data-field="chosen">{_int(m.count)}</td>'
        f'<td class="num">{len(m.trainees)}</td><td class="num">{escape(format(m.average_lost, "g"))}</td><td>{hurt}</td><td>{mech}</td></tr>'
    )


def _scenario_section(s: ScenarioSummary, titles: dict[str, str]) -> str:
    top = s.mistakes[:TOP_MISTAKES]
    head = (
        f'<section class="scenario" id="{_anchor("s", s.scenario_id)}"><h3>{escape(s.title)} '
        f'<small class="meta">({escape(s.scenario_id)})</small></h3>'
        f'<p class="meta">{_int(s.count)} call{"s" if s.count != 1 else ""} by {_int(s.trainees)} trainee{"s" if s.trainees != 1 else ""}; '
        f'average <span data-scenario="{escape(s.scenario_id)}" data-field="average">{_num(s.average_percent, "%")}</span>, '
        f"{_num(s.pass_rate, '%')} passed.</p>"
    )
    if not top:
        return head + '<p class="empty">No option chosen here lost points.</p></section>'
    chart = bar_chart(
        [f"{i}. {m.text[:24]}{'…' if len(m.text) > 24 else ''}" for i, m in enumerate(top, 1)],
        [m.count for m in top], title=f"{s.title}: options that lost points, by times chosen",
    )
    rows = "".join(_mistake_row(m, s.scenario_id, titles) for m in top)
    return (
        head + "<h4>Where trainees go wrong</h4>"
        f"<figure>{chart}<figcaption>Times each point-losing option was chosen</figcaption></figure>"
        "<table><thead><tr><th>Node</th><th>Option chosen</th><th>Times</th><th>Trainees</th>"
        f"<th>Points lost (avg)</th><th>Principles hurt (total)</th><th>Mechanics</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def render_html(records: Sequence[CallRecord], *, titles: dict[str, str] | None = None,
                sources: Sequence[str] = (), generated: str = "") -> str:
    """The whole report page; every piece of trainee- or author-written text is escaped."""
    titles = titles or {}
    names = principle_names(records)
    trainees = trainee_summaries(records)
    scenarios = scenario_summaries(records)
    src = ", ".join(escape(s) for s in sources)
    body: list[str] = [
        "<h1>On the Line: trainee progress</h1>",
        f'<p class="meta">{len(records)} call{"s" if len(records) != 1 else ""}, {len(trainees)} trainee'
        f'{"s" if len(trainees) != 1 else ""}, {len(scenarios)} scenario{"s" if len(scenarios) != 1 else ""}'
        + (f". From {src}" if src else "") + (f". Generated {escape(generated)}" if generated else "") + ".</p>",
    ]
    if not records:
        body.append('<p class="empty">No calls recorded yet.</p>')
    else:
        body += ["<h2>Trainees</h2>", "<p>Averages are percentages of the best score each call allowed.</p>",
                 _overview(trainees, names, titles)]
        body += [_trainee_section(t, names, titles) for t in trainees]
        body.append("<h2>Scenarios</h2>")
        body += [_scenario_section(s, titles) for s in scenarios]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>On the Line: trainee progress</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def write_html(records: Sequence[CallRecord], path: Path, *, titles: dict[str, str] | None = None,
               sources: Sequence[str] = (), generated: str = "") -> None:
    """Write the report page."""
    Path(path).write_text(render_html(records, titles=titles, sources=sources, generated=generated), encoding="utf-8")
