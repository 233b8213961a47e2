"""The trainee's progress: a trend line per principle, best grade per scenario, and what to play next."""

from __future__ import annotations

from typing import Any

from simulator.paths import DEFAULT_RUBRIC
from simulator.store.training_plan import Recommendation, recommend_from
from simulator.ui.measure import button_height
from simulator.ui.pg import pygame
from simulator.ui.progress_data import principle_trends
from simulator.ui.scene import Scene
from simulator.ui.scene_registry import register_scene
from simulator.ui.widgets import Button, ellipsize, fitting, layout_row, panel, text, text_block

Rect = pygame.Rect
FALLBACK_PRINCIPLES = {
    "listening": "Listening",
    "empathy": "Empathy",
    "no_blame": "No blame",
    "resolution": "Resolution",
    "follow_up": "Follow-up",
    "composure": "Composure",
}
MAX_POINTS = 30  # the chart shows the most recent calls


@register_scene("progress")
class ProgressScene(Scene):
    """Read-only; 'Play recommended' (Enter) dismisses with that scenario's id for the picker to start."""

    name = "progress"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        rubric = self.app.rubric_for(DEFAULT_RUBRIC)[0]  # the app reads each rubric file once
        self.principles = (
            {n: p.title for n, p in rubric.principles.items()}
            if rubric
            else dict(FALLBACK_PRINCIPLES)
        )
        # The store never raises on a read fault: it returns what it has and says why in store.notice.
        # averages, best grades and the recommendation use every call (as the trainer report does),
        # read as SQL aggregates; only the chart's latest calls are read whole
        summary = self.app.services.store.progress(self.app.trainee or None, recent=MAX_POINTS)
        self.notice: str | None = self.app.services.store.notice
        self.legend: dict[str, Rect] = {}  # each principle's chip, for clicks and hovering
        self.legend_cut: dict[str, str] = {}  # chips cut short: their whole label
        self.legend_hover: str | None = None
        self.averages = summary.averages
        self.best = summary.best
        self.rec: Recommendation | None = recommend_from(
            summary, self.app.library.scenarios, rubric
        )
        self.total_calls = summary.total_calls
        self.calls = summary.recent
        self.trends = principle_trends(self.calls, list(self.principles))
        self.titles = {s.id: s.title for s in self.app.library.scenarios}
        self.play_button = Button(
            "Play recommended",
            self.play_recommended,
            "Enter",
            kind="primary",
            enabled=self.rec is not None,
        )
        self.back_button = Button("Back", lambda: self.dismiss(None), "Esc", kind="quiet")
        self.buttons = [self.back_button, self.play_button]
        self.focus = 1 if self.rec else 0
        self.hidden: set[str] = set()

    def play_recommended(self) -> None:
        """Close and ask the picker to start the recommended scenario."""
        if self.rec is not None:
            self.dismiss(self.rec.scenario.id)

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Esc back; Enter plays the recommendation; 1-6 or a legend click toggles a line."""
        if ev.type == pygame.KEYDOWN:
            if ev.key == pygame.K_ESCAPE:
                self.dismiss(None)
                return
            if pygame.K_1 <= ev.key <= pygame.K_9:
                names = list(self.principles)
                i = ev.key - pygame.K_1
                if i < len(names):
                    self.hidden ^= {names[i]}
                    self.dirty = True
                return
        if ev.type == pygame.MOUSEMOTION:
            over = next((n for n, r in self.legend.items() if r.collidepoint(ev.pos)), None)
            if over != self.legend_hover:
                self.legend_hover = over
                self.dirty = True
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1:
            for name, r in self.legend.items():
                if r.collidepoint(ev.pos):
                    self.hidden ^= {name}
                    self.dirty = True
                    return
        self.handle_buttons(ev)

    def layout(self, width: int, height: int) -> None:
        """Chart on the left (or on top when narrow); best grades and the recommendation beside it."""
        t, f = self.theme, self.fonts
        pad = t.pad
        self.W = width
        bh = button_height(t)
        layout_row(self.buttons, f, t, width - pad * 2, height - bh - pad * 2)
        top = pad * 2 + f.line_height(t.title, True) + f.line_height(t.small) + pad
        bottom = height - bh - pad * 4
        if width >= t.px(620):
            # side by side from small windows up: stacked, neither the chart nor the list has the height to read
            self.chart_card = Rect(
                pad * 2,
                top,
                int((width - pad * 5) * (0.6 if width >= t.px(1000) else 0.58)),
                bottom - top,
            )
            self.side_card = Rect(
                self.chart_card.right + pad,
                top,
                width - self.chart_card.right - pad * 3,
                bottom - top,
            )
        else:
            h = (bottom - top - pad) * 11 // 20
            self.chart_card = Rect(pad * 2, top, width - pad * 4, h)
            self.side_card = Rect(
                pad * 2,
                self.chart_card.bottom + pad,
                width - pad * 4,
                bottom - self.chart_card.bottom - pad,
            )
        self.dirty = True

    def draw(self, surf: pygame.Surface) -> None:
        """Title, chart, side panel, buttons."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        surf.fill(p.bg)
        text(surf, f, "Your progress", (pad * 2, pad * 2), t.title, p.text, bold=True)
        n = self.total_calls
        sub = f"{self.app.trainee or 'guest'} · {n} call{'s' if n != 1 else ''}" + (
            f" (the last {MAX_POINTS} shown)" if n > MAX_POINTS else ""
        )
        if (
            self.notice
        ):  # a store fault outranks the call count: the numbers below may be incomplete
            sub = ellipsize(f, self.notice, t.small, self.W - pad * 4)
        text(
            surf,
            f,
            sub,
            (pad * 2, pad * 2 + f.line_height(t.title, True)),
            t.small,
            p.warn if self.notice else p.dim,
        )
        self._draw_chart(surf)
        self._draw_side(surf)
        self.draw_buttons(surf)
        self._draw_legend_note(surf)

    def _draw_legend_note(self, surf: pygame.Surface) -> None:
        """A legend chip cut short shows its whole name while the mouse is on it."""
        name = self.legend_hover
        if name is None or name not in self.legend_cut or name not in self.legend:
            return
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad, chip = t.pad, self.legend[name]
        words = self.legend_cut[name]
        box = Rect(chip.x, chip.bottom + t.px(4), f.width(words, t.small) + pad, chip.h + pad // 2)
        box.right = min(box.right, self.W - pad)
        panel(surf, t, box, fill=p.panel, border=p.border)
        text(surf, f, words, box.center, t.small, p.text, anchor="center")

    def _legend_places(self, card: Rect, top: int, percents: bool) -> list[tuple[str, Rect]]:
        """Each chip's label and place, flowing from ``top`` and wrapping by whole chips."""
        t, f = self.theme, self.fonts
        pad, dot = t.pad, t.px(26)
        row_h = f.line_height(t.small) + t.px(6)
        room = card.w - pad * 2
        lx, ly = card.x + pad, top
        places = []
        for i, (name, title) in enumerate(self.principles.items()):
            avg = self.averages.get(name)
            label = f"{i + 1} {title}"
            if percents and avg is not None:
                label += f" {avg:.0f}%"
            label = ellipsize(f, label, t.small, room - dot)  # only a chip wider than the card
            w = f.width(label, t.small) + dot
            if lx + w > card.right - pad and lx > card.x + pad:
                lx, ly = card.x + pad, ly + row_h
            places.append((label, Rect(lx, ly, w, f.line_height(t.small))))
            lx += w + pad // 2
        return places

    def _legend_grid(self, card: Rect, top: int) -> list[tuple[str, Rect]]:
        """The chips in equal columns (three, else two): a name too long for its column ends in an
        ellipsis after a whole word, never before its first word."""
        t, f = self.theme, self.fonts
        pad, dot = t.pad, t.px(26)
        row_h = f.line_height(t.small) + t.px(6)
        places: list[tuple[str, Rect]] = []
        for cols in (3, 2, 1):
            col_w = (card.w - pad * 2) // cols
            places = []
            for k, title in enumerate(self.principles.values()):
                label = ellipsize(f, f"{k + 1} {title}", t.small, col_w - dot - pad // 2)
                x, y = card.x + pad + (k % cols) * col_w, top + (k // cols) * row_h
                places.append((label, Rect(x, y, col_w - pad // 2, f.line_height(t.small))))
            if all(" " in label for label, _ in places):  # every chip shows a name
                break
        return places

    def _draw_legend(self, surf: pygame.Surface, card: Rect, top: int) -> int:
        """The legend's chips from ``top``; returns the last row's top. Names are never cut: when the
        chips take more than two rows, the percents go (the chart shows them)."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        row_h = f.line_height(t.small) + t.px(6)
        places = self._legend_places(card, top, percents=True)
        if places and places[-1][1].y > top + row_h:
            places = self._legend_places(card, top, percents=False)
        if places and places[-1][1].y > top + row_h:
            places = self._legend_grid(card, top)
        self.legend_cut = {}
        for i, (name, (label, r)) in enumerate(zip(self.principles, places, strict=True)):
            self.legend[name] = r
            if label.endswith("…"):
                self.legend_cut[name] = f"{i + 1} {self.principles[name]}"
            off = name in self.hidden
            colour = p.border if off else p.chart[i % len(p.chart)]
            pygame.draw.circle(surf, colour, (r.x + t.px(7), r.centery), t.px(6))
            at = (r.x + t.px(18), r.centery)
            text(surf, f, label, at, t.small, p.dim if off else p.text, anchor="midleft")
        return places[-1][1].y if places else top

    def _draw_chart(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        card = self.chart_card
        panel(surf, t, card)
        text(
            surf,
            f,
            "Principles over your calls",
            (card.x + pad, card.y + pad),
            t.body,
            p.text,
            bold=True,
        )
        # legend: one chip per principle, clickable to hide its line, flowing onto as many rows as it
        # takes: a name is never cut (only a chip wider than the whole card loses its percent, then words)
        self.legend = {}
        top = card.y + pad + f.line_height(t.body, True) + pad // 2
        ly = self._draw_legend(surf, card, top)
        plot = Rect(card.x + pad + t.px(44), ly + f.line_height(t.small) + pad, 0, 0)
        plot.w = card.right - pad * 2 - plot.x
        plot.h = card.bottom - pad - f.line_height(t.small) - plot.y
        if plot.h < 40 or plot.w < 60:
            return
        for v in (0, 25, 50, 75, 100):
            y = plot.bottom - plot.h * v // 100
            pygame.draw.line(
                surf,
                p.panel_alt if not t.high_contrast else (60, 60, 60),
                (plot.x, y),
                (plot.right, y),
                1,
            )
            text(surf, f, f"{v}%", (plot.x - t.px(6), y), t.small, p.dim, anchor="midright")
        n = len(self.calls)
        if n == 0:
            text(
                surf,
                f,
                "Play a call to see your first scores here.",
                plot.center,
                t.body,
                p.dim,
                anchor="center",
            )
            return
        xs = [plot.x + (plot.w * i // max(1, n - 1) if n > 1 else plot.w // 2) for i in range(n)]
        for i, (name, values) in enumerate(self.trends.items()):
            if name in self.hidden:
                continue
            colour = p.chart[i % len(p.chart)]
            pts = [
                (xs[k], plot.bottom - plot.h * v / 100)
                for k, v in enumerate(values)
                if v is not None
            ]
            if len(pts) >= 2:
                pygame.draw.lines(surf, colour, False, pts, t.px(3))
            for pt in pts:
                pygame.draw.circle(surf, colour, (round(pt[0]), round(pt[1])), t.px(4))
        text(surf, f, "oldest", (plot.x, plot.bottom + 2), t.small, p.dim)
        text(surf, f, "latest", (plot.right, plot.bottom + 2), t.small, p.dim, anchor="topright")

    def _draw_side(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        card = self.side_card
        panel(surf, t, card)
        x, y, w = card.x + pad, card.y + pad, card.w - pad * 2
        text(surf, f, "Play next", (x, y), t.body, p.text, bold=True)
        y += f.line_height(t.body, True) + pad // 3
        lh = f.line_height(t.small) + t.px(6)
        heading = fitting(f, ["Best grade per scenario", "Best grades"], t.body, w, bold=True)
        # the grade list keeps room for its heading and at least one row (and its 'and N more'): the advice
        # above gives up lines first, or a small window shows 'and 1 more' under a heading with no row at all
        list_need = f.line_height(t.body, True) + pad // 3 + lh * (2 if len(self.best) > 1 else 1)
        room = card.bottom - pad - list_need - y
        if self.rec is not None:
            body_lh, small_lh = f.line_height(t.body, True), f.line_height(t.small)
            title_lines = 2 if room >= body_lh * 2 + small_lh + pad else 1
            y += text_block(
                surf,
                f,
                self.rec.scenario.title,
                x,
                y,
                w,
                t.body,
                p.accent,
                bold=True,
                max_lines=title_lines,
            )
            reason_lines = max(1, min(3, (card.bottom - pad - list_need - y - pad) // small_lh))
            y += (
                text_block(
                    surf, f, self.rec.reason, x, y, w, t.small, p.dim, max_lines=reason_lines
                )
                + pad
            )
        else:
            y += text_block(surf, f, "No playable scenarios yet.", x, y, w, t.small, p.dim) + pad
        text(surf, f, heading, (x, y), t.body, p.text, bold=True)
        y += f.line_height(t.body, True) + pad // 3
        if not self.best:
            text(surf, f, "Nothing played yet.", (x, y), t.small, p.dim)
        ranked = sorted(self.best.items(), key=lambda kv: -kv[1].percent)
        for k, (sid, call) in enumerate(ranked):
            if y + lh * (2 if k < len(ranked) - 1 else 1) > card.bottom - pad:
                left = len(ranked) - k
                text(surf, f, ellipsize(f, f"and {left} more", t.small, w), (x, y), t.small, p.dim)
                break
            grade = call.grade
            colour = p.good if grade in "ABC" else (p.warn if grade == "D" else p.bad)
            text(surf, f, grade, (x, y), t.small, colour, bold=True)
            title = ellipsize(f, self.titles.get(sid, sid), t.small, w - t.px(90))
            text(surf, f, title, (x + t.px(26), y), t.small, p.text)
            text(surf, f, f"{call.percent:.0f}%", (x + w, y), t.small, p.dim, anchor="topright")
            y += lh
