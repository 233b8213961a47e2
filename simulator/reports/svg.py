"""Small inline SVG charts (bars and lines) for the HTML report: no scripts, no fonts to fetch."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

# Okabe-Ito colours: told apart by colour-blind readers too.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7f7f7f", "#000000")


def colour(index: int) -> str:
    """The chart colour for the series at ``index``."""
    return PALETTE[index % len(PALETTE)]


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    max_value: float | None = None,
    unit: str = "",
    title: str = "",
    width: int = 520,
) -> str:
    """Horizontal bars, one per label, each with its value written at its end."""
    bar_h, gap, label_w, value_w = 18, 6, 170, 60
    top = max_value if max_value is not None else max([*values, 1])
    top = top or 1
    height = len(labels) * (bar_h + gap) + gap
    span = width - label_w - value_w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = gap + i * (bar_h + gap)
        w = max(0.0, min(1.0, value / top)) * span
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour(i)}">'
            f"<title>{escape(label)}: {value:g}{escape(unit)}</title></rect>"
        )
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 5}">{value:g}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    series: Mapping[str, Sequence[float | None]],
    *,
    labels: dict[str, str] | None = None,
    max_value: float = 100.0,
    title: str = "",
    width: int = 620,
    height: int = 240,
) -> str:
    """One line per series over calls 1..n (gaps where a value is None), with a y axis 0..max and a legend."""
    labels = labels or {}
    left, right, top, bottom = 40, 150, 12, 28
    n = max((len(v) for v in series.values()), default=0)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(1.0, v / max_value)))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart lines" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for tick in (0, 25, 50, 75, 100):
        v = max_value * tick / 100
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
        )
        parts.append(f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{v:g}</text>')
    for i in range(n):
        parts.append(f'<text x="{x(i):.1f}" y="{height - 8}" text-anchor="middle">{i + 1}</text>')
    for k, (name, values) in enumerate(series.items()):
        label = labels.get(name, name)
        parts += _series_marks(values, label, colour(k), x, y)
        ly = top + 14 + k * 18
        parts.append(
            f'<rect x="{width - right + 10}" y="{ly - 9}" width="10" height="10" fill="{colour(k)}"/>'
        )
        parts.append(f'<text x="{width - right + 26}" y="{ly}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """The (index, value) pairs of ``values`` in unbroken runs: a None ends a run."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, value in enumerate(values):
        if value is not None:
            runs[-1].append((i, value))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _series_marks(
    values: Sequence[float | None],
    label: str,
    fill: str,
    x: Callable[[int], float],
    y: Callable[[float], float],
) -> list[str]:
    """One series: a dot with a tooltip per value, then a line through each unbroken run."""
    marks = [
        f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="{fill}">'
        f"<title>{escape(label)}, call {i + 1}: {value:g}</title></circle>"
        for i, value in enumerate(values)
        if value is not None
    ]
    for run in _runs(values):
        if len(run) > 1:
            points = " ".join(f"{x(i):.1f},{y(value):.1f}" for i, value in run)
            marks.append(
                f'<polyline fill="none" stroke="{fill}" stroke-width="2" points="{points}"/>'
            )
    return marks
