"""report.html: one self-contained page (inline CSS and SVG, no scripts, nothing fetched) for trainers.

The cohort comes first: how it is doing, who needs attention, week by week, then each scenario's
item analysis (every answer at every decision: how often chosen, how often it ended in a failed
call, the critical errors). The page is built from a :class:`Cohort` (counts and sums), never from
the list of calls, so it stays small at any number of calls; every call is in calls.csv.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from html import escape

from simulator.reports.cohort import Cohort, ScenarioStats, TraineeStats
from simulator.reports.svg import bar_chart, line_chart

# Up to this many trainees, each gets a section with charts and their latest calls; a larger
# cohort gets the table only (the page must stay small), and calls.csv has every call.
TRAINEE_SECTIONS_UP_TO = 40
TOP_ATTENTION = 25

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;
padding:0 1rem;color:#222;line-height:1.4}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin-top:1.8rem}
.meta{color:#555}table{border-collapse:collapse;margin:.6rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#1a7f37}.fail{color:#b42318}
.chart text{font-size:11px;fill:#333}.chart .grid{stroke:#e5e5e5}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
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


def _plural(n: int, word: str) -> str:
    return f"{_int(n)} {word}{'' if n == 1 else 's'}"


def _anchor(kind: str, name: str) -> str:
    # Ids from free text: keep them readable but safe inside an attribute and a URL fragment.
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in name)
    return (
        f"{kind}-{safe}-{zlib.crc32(name.encode()) % 10_000:04d}"
        if safe != name
        else f"{kind}-{name}"
    )


def _critical_list(counts: Counter[str], critical_titles: dict[str, str], limit: int = 5) -> str:
    return ", ".join(
        f"{escape(critical_titles.get(cid, cid.replace('_', ' ')))} ×{_int(n)}"
        for cid, n in counts.most_common(limit)
    )


def _cohort_section(c: Cohort, titles: dict[str, str], critical_titles: dict[str, str]) -> str:
    names = [n for n in c.principles if c.principle_count[n]]
    bars = bar_chart(
        [_title(n, titles) for n in names],
        [c.principle_average(n) or 0.0 for n in names],
        max_value=100,
        unit="%",
        title="The cohort: average per principle",
    )
    weakest = c.weakest()
    lines = [
        f'<p>{_plural(c.count, "call")}; <span data-field="cohort-passed">{_int(c.passed)}</span> passed '
        f"({_num(100.0 * c.passed / c.count if c.count else None, '%')}); average "
        f'<span data-field="cohort-average">{_num(c.average, "%")}</span>.</p>'
    ]
    if weakest:
        lines.append(
            f'<p>Weakest principle across the cohort: <strong data-field="weakest">'
            f"{escape(_title(weakest[0], titles))}</strong> ({_num(c.principle_average(weakest[0]), '%')}).</p>"
        )
    lines.append(
        f"<figure>{bars}<figcaption>Average per principle (% of the best possible)</figcaption></figure>"
    )
    if c.critical:
        rows = "".join(
            f'<tr><td>{escape(critical_titles.get(cid, cid))}</td><td class="num" '
            f'data-critical="{escape(cid)}">{_int(n)}</td></tr>'
            for cid, n in c.critical.most_common()
        )
        lines.append(
            "<h3>Critical errors</h3><table><thead><tr><th>Critical error</th><th>Times</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return "<h2>The cohort</h2>" + "".join(lines)


def _attention_section(c: Cohort) -> str:
    flagged = c.needing_attention()
    if not flagged:
        return '<h2>Needs attention</h2><p class="empty">No trainee\'s latest graded calls call for attention.</p>'
    rows = "".join(
        f'<tr><td><a href="#{_anchor("t", t.name)}">{escape(t.name)}</a></td><td>{escape(why)}</td>'
        f'<td class="num">{_num(t.average)}</td><td>{escape(t.last)}</td></tr>'
        for t, why in flagged[:TOP_ATTENTION]
    )
    more = (
        f'<p class="meta">And {_int(len(flagged) - TOP_ATTENTION)} more.</p>'
        if len(flagged) > TOP_ATTENTION
        else ""
    )
    return (
        "<h2>Needs attention</h2><table><thead><tr><th>Trainee</th><th>Why</th><th>Average %</th>"
        f"<th>Last call</th></tr></thead><tbody>{rows}</tbody></table>{more}"
    )


def _weeks_section(c: Cohort) -> str:
    if not c.weeks:
        return ""
    weeks = sorted(c.weeks)
    chart = line_chart(
        {"pass": [c.weeks[w].pass_rate for w in weeks], "avg": [c.weeks[w].average for w in weeks]},
        labels={"pass": "Passed %", "avg": "Average %"},
        title="The cohort week by week",
    )
    rows = "".join(
        f'<tr><td>{escape(w)}</td><td class="num">{_int(c.weeks[w].count)}</td>'
        f'<td class="num" data-week="{escape(w)}">{_num(c.weeks[w].pass_rate)}</td>'
        f'<td class="num">{_num(c.weeks[w].average)}</td></tr>'
        for w in weeks
    )
    return (
        f"<h2>Week by week</h2><figure>{chart}<figcaption>Share of calls passed and average %, "
        "per week</figcaption></figure>"
        "<table><thead><tr><th>Week</th><th>Calls</th><th>Passed %</th><th>Average %</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _item_rows(s: ScenarioStats, critical_titles: dict[str, str]) -> str:
    out = []
    for node, answers in s.items.items():
        at_node = sum(a.chosen for a in answers.values())
        ordered = sorted(answers.values(), key=lambda a: -a.chosen)
        for i, a in enumerate(ordered):
            node_cell = f'<td rowspan="{len(ordered)}">{escape(node)}</td>' if i == 0 else ""
            out.append(
                f"<tr>{node_cell}<td>{escape(a.text)}</td>"
                f'<td class="num" data-scenario="{escape(s.scenario_id)}" data-field="chosen">{_int(a.chosen)}</td>'
                f'<td class="num">{_num(100.0 * a.chosen / at_node if at_node else None, "%")}</td>'
                f'<td class="num" data-field="failed">{_num(a.fail_rate, "%")}</td>'
                f"<td>{_critical_list(a.critical, critical_titles)}</td></tr>"
            )
    return "".join(out)


def _scenario_section(
    s: ScenarioStats,
    title: str,
    names: list[str],
    titles: dict[str, str],
    critical_titles: dict[str, str],
) -> str:
    principles = ", ".join(
        f"{escape(_title(n, titles))} {_num(s.principle_average(n), '%')}"
        for n in names
        if s.principle_count[n]
    )
    head = (
        f'<section class="scenario" id="{_anchor("s", s.scenario_id)}"><h3>{escape(title)} '
        f'<small class="meta">({escape(s.scenario_id)})</small></h3>'
        f'<p class="meta">{_plural(s.count, "call")} by {_plural(len(s.trainees), "trainee")}; '
        f'average <span data-scenario="{escape(s.scenario_id)}" data-field="average">{_num(s.average, "%")}</span>, '
        f'<span data-scenario="{escape(s.scenario_id)}" data-field="pass-rate">'
        f"{_num(s.pass_rate, '%')}</span> passed.</p>"
    )
    if principles:
        head += f"<p>By principle: {principles}.</p>"
    if s.critical:
        head += (
            f"<p>Most common critical errors: {_critical_list(s.critical, critical_titles)}.</p>"
        )
    if not s.items:
        return head + '<p class="empty">No decisions recorded.</p></section>'
    return (
        head + "<h4>Item analysis: every answer chosen</h4>"
        "<table><thead><tr><th>Decision</th><th>Answer</th><th>Calls</th><th>Share</th>"
        "<th>Ended in a failed call</th><th>Critical errors</th></tr></thead>"
        f"<tbody>{_item_rows(s, critical_titles)}</tbody></table></section>"
    )


def _overview(c: Cohort, names: list[str], titles: dict[str, str]) -> str:
    head = "".join(f"<th>{escape(_title(n, titles))} %</th>" for n in names)
    rows = []
    for t in sorted(c.trainees.values(), key=lambda t: t.name.casefold()):
        key = escape(t.name)
        cells = "".join(
            f'<td class="num" data-trainee="{key}" data-principle="{escape(n)}">{_num(t.principle_average(n))}</td>'
            for n in names
        )
        rows.append(
            f'<tr><td><a href="#{_anchor("t", t.name)}">{key}</a></td>'
            f'<td class="num" data-trainee="{key}" data-field="calls">{_int(t.count)}</td>'
            f'<td class="num" data-trainee="{key}" data-field="passed">{_int(t.passed)}</td>'
            f'<td class="num" data-trainee="{key}" data-field="average">{_num(t.average)}</td>{cells}</tr>'
        )
    return (
        "<table><thead><tr><th>Trainee</th><th>Calls</th><th>Passed</th><th>Average %</th>"
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _trainee_section(
    t: TraineeStats, names: list[str], titles: dict[str, str], scenario_titles: dict[str, str]
) -> str:
    present = [n for n in names if t.principle_count[n]]
    bars = bar_chart(
        [_title(n, titles) for n in present],
        [t.principle_average(n) or 0.0 for n in present],
        max_value=100,
        unit="%",
        title=f"{t.name}: average per principle",
    )
    trend = {
        n: [
            c.scores.get(n, {}).get("percent")
            if isinstance(c.scores.get(n, {}).get("percent"), (int, float))
            else None
            for c in t.recent
        ]
        for n in present
    }
    lines = line_chart(
        trend,
        labels={n: _title(n, titles) for n in present},
        title=f"{t.name}: each principle over their latest calls",
    )
    first = t.count - len(t.recent) + 1
    call_rows = "".join(
        f"<tr><td>{_int(i)}</td><td>{escape(c.finished_at)}</td>"
        f"<td>{escape(str(c.extra.get('title') or scenario_titles.get(c.scenario_id) or c.scenario_id))}</td>"
        f'<td>{escape(c.mode)}</td><td class="num">{_num(c.percent)}</td><td>{escape(c.grade)}</td>'
        f'<td class="{"pass" if c.passed else "fail"}">{"passed" if c.passed else "not yet"}</td>'
        f'<td class="num">{_int(c.csat)}</td><td>{escape(c.outcome)}</td></tr>'
        for i, c in enumerate(t.recent, first)
    )
    latest = f"the latest {_int(len(t.recent))}" if len(t.recent) < t.count else "each"
    return (
        f'<section class="trainee" id="{_anchor("t", t.name)}"><h3>{escape(t.name)}</h3>'
        f'<p class="meta">{_plural(t.count, "call")}, {_int(t.passed)} passed, average {_num(t.average, "%")}.</p>'
        f'<div class="charts"><figure>{bars}'
        "<figcaption>Average per principle (% of the best possible)</figcaption></figure>"
        f"<figure>{lines}<figcaption>Each principle, call by call ({latest}, %)</figcaption></figure></div>"
        "<table><thead><tr><th>#</th><th>Finished</th><th>Scenario</th><th>Mode</th><th>%</th><th>Grade</th>"
        f"<th>Result</th><th>CSAT</th><th>Outcome</th></tr></thead><tbody>{call_rows}</tbody></table></section>"
    )


def render_cohort(
    cohort: Cohort,
    *,
    titles: dict[str, str] | None = None,
    scenario_titles: dict[str, str] | None = None,
    critical_titles: dict[str, str] | None = None,
    sources: Sequence[str] = (),
    generated: str = "",
) -> str:
    """The whole report page for a cohort; every piece of trainee- or author-written text is escaped."""
    titles = titles or {}
    scenario_titles = scenario_titles or {}
    critical_titles = critical_titles or {}
    names = [n for n in cohort.principles if cohort.principle_count[n]] or list(cohort.principles)
    src = ", ".join(escape(s) for s in sources)
    body: list[str] = [
        "<h1>On the Line: trainee progress</h1>",
        f'<p class="meta">{_plural(cohort.count, "call")}, {_plural(len(cohort.trainees), "trainee")}, '
        f"{_plural(len(cohort.scenarios), 'scenario')}"
        + (f". From {src}" if src else "")
        + (f". Generated {escape(generated)}" if generated else "")
        + '. Every call, one row each, is in <a href="calls.csv">calls.csv</a>.</p>',
    ]
    if not cohort.count:
        body.append('<p class="empty">No calls recorded yet.</p>')
    else:
        body += [
            _cohort_section(cohort, titles, critical_titles),
            _attention_section(cohort),
            _weeks_section(cohort),
        ]
        body.append("<h2>Scenarios</h2>")
        body += [
            _scenario_section(s, scenario_titles.get(sid, sid), names, titles, critical_titles)
            for sid, s in sorted(cohort.scenarios.items())
        ]
        body += [
            "<h2>Trainees</h2>",
            "<p>A principle's average is of percentages of the most each call allowed on it; "
            "the overall compares each call with its best route.</p>",
            _overview(cohort, names, titles),
        ]
        if len(cohort.trainees) <= TRAINEE_SECTIONS_UP_TO:
            body += [
                _trainee_section(t, names, titles, scenario_titles)
                for t in sorted(cohort.trainees.values(), key=lambda t: t.name.casefold())
            ]
        else:
            body.append(
                f'<p class="meta">With more than {TRAINEE_SECTIONS_UP_TO} trainees the page keeps to the table; '
                "calls.csv has every call of every trainee.</p>"
            )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>On the Line: trainee progress</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
