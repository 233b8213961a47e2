"""The debrief: a bar per principle, grade, pass or not, satisfaction stars and the annotated transcript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.engine.debrief_text import CEILING_NOTE, teaches_text, under_ceiling
from simulator.engine.result import CallResult, OptionView, PrincipleScore
from simulator.engine.score_words import points_text, score_text
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric
from simulator.ui.measure import button_height
from simulator.ui.pg import pygame
from simulator.ui.scene import Scene
from simulator.ui.scene_registry import open_scene, register_scene
from simulator.ui.theme import Colour
from simulator.ui.widgets import (
    Button,
    ellipsize,
    grade_colour,
    layout_row,
    panel,
    stars,
    text,
    text_block,
)
from simulator.voice.base import SpokenLine

Rect = pygame.Rect
MECHANIC_WORDS = {
    "interrupt": "cut in while the customer was talking",
    "keep_listening": "let the customer finish venting",
    "premature_fix": "jumped to a fix before the customer had vented",
    "recall": "used a detail the customer gave earlier",
    "misrecall": "got a detail the customer gave wrong",
    "dead_air": "left the line silent too long",
    "over_apology": "apologised again after two apologies",
}


def is_rough(result: CallResult) -> bool:
    """A call hard enough to offer a pause before the next one."""
    return (
        result.outcome in ("hung_up", "escalated") or result.final_mood <= -40 or not result.passed
    )


# each button by id: its label, its short label for a narrow window, and its hotkey hint
BUTTONS: dict[str, tuple[str, str, str]] = {
    "back": ("All scenarios", "Back", "Esc"),
    "breathe": ("Take a breath", "Breathe", "B"),
    "replay": ("Replay", "Replay", "R"),
    "next": ("Next scenario", "Next", "N"),
    "hear": ("Hear the road not taken", "Hear", "H"),
}
HOTKEYS = {
    "back": pygame.K_ESCAPE,
    "breathe": pygame.K_b,
    "replay": pygame.K_r,
    "next": pygame.K_n,
    "hear": pygame.K_h,
}


@register_scene("debrief")
class DebriefScene(Scene):
    """Scores at the top, then every decision with its coaching and the options not taken; scrolls."""

    name = "debrief"

    def __init__(
        self,
        app: Any,
        result: CallResult,
        scenario: Scenario,
        rubric: Rubric,
        path: str | Path,
        mode: str = "graded",
        notice: str | None = None,
    ) -> None:
        super().__init__(app)
        # why this call could not be saved, and why progress is kept in memory only (the store's notice
        # names the file and the reason): said here too, not only on the Progress screen
        store_notice = app.services.store.notice
        if store_notice and store_notice != notice:
            notice = f"{notice} {store_notice}" if notice else store_notice
        self.notice = notice
        self.result = result
        self.scenario = scenario
        self.rubric = rubric
        self.path = Path(path)
        self.mode = mode
        self.rough = is_rough(result)
        self.scroll = 0
        self.content_h = 0
        self.breath_taken = False
        self.replay_button = self._button("replay", self.replay)
        self.next_button = self._button("next", self.next_scenario, kind="primary")
        self.back_button = self._button("back", self.back, kind="quiet")
        self.breath_button = self._button("breathe", lambda: self.take_breath(None))
        self.buttons = [self.back_button, self.replay_button, self.next_button]
        if self.rough:
            self.buttons.insert(1, self.breath_button)
        # The road not taken: every option not taken whose branch the customer would have answered.
        self.roads = [
            (d, o) for d in result.decisions for o in d.others if o.reply
        ]  # in page order
        self.road_at = -1  # the one last spoken (-1: none yet)
        self.road_tops: list[int] = []  # each road's top on the page, found while measuring
        if self.roads:
            self.buttons.insert(len(self.buttons) - 1, self._button("hear", self.hear_next_road))
        self.focus = len(self.buttons) - 1

    @staticmethod
    def _button(button_id: str, action: Any, kind: str = "normal") -> Button:
        label, _short, hotkey = BUTTONS[button_id]
        return Button(label, action, hotkey, kind=kind, id=button_id)

    # --- actions -----------------------------------------------------------------

    def hear_next_road(self) -> None:
        """Speak what the customer would have said on the next option not taken, and scroll to it."""
        if not self.roads:
            return
        self.road_at = (self.road_at + 1) % len(self.roads)
        d, o = self.roads[self.road_at]
        # the customer's mood on that branch: as after the answer given, less its mood, plus this one's
        mood = max(-100, min(100, d.mood_after - d.chosen.mood + o.mood))
        self.app.services.speaker.speak(SpokenLine(o.reply, self.scenario.persona.voice, mood))
        if self.road_at < len(self.road_tops):
            top = self.road_tops[self.road_at] - self.theme.pad * 2
            self.scroll = max(0, min(max(0, self.content_h - self.view.h), top))
        self.dirty = True

    def _next_ref(self) -> tuple[Scenario, str] | None:
        lib = self.app.library
        playable = [r for r in lib.reports if r.scenario is not None]
        ids = [r.scenario.id for r in playable]  # type: ignore[union-attr]
        if not playable:
            return None
        i = ids.index(self.scenario.id) + 1 if self.scenario.id in ids else 0
        report = playable[i % len(playable)]
        return report.scenario, report.path  # type: ignore[return-value]

    def _play(self, scenario: Scenario, path: str | Path, seed: int | None = None) -> None:
        rubric = self.rubric
        if Path(path) != self.path:
            rubric = self.app.rubric_for(path)[0] or self.rubric
        shuffle = self.result.shuffled if seed is not None else True
        same = getattr(self, "inheritance", None) if scenario.id == self.scenario.id else None
        self.app.replace(
            open_scene(
                "call",
                self.app,
                scenario,
                rubric,
                path,
                mode=self.mode,
                seed=seed,
                shuffle=shuffle,
                inheritance=same,
            )
        )

    def replay(self) -> None:
        """Play the same call again, same seed (same words, same order of answers), after a breath when it was rough."""
        self.take_breath(
            lambda: self._play(self.scenario, self.path, self.result.seed), only_if_rough=True
        )

    def next_scenario(self) -> None:
        """Play the next scenario in the library."""
        nxt = self._next_ref()
        if nxt is None:
            self.back()
            return
        self.take_breath(lambda: self._play(*nxt), only_if_rough=True)

    def back(self) -> None:
        """Back to the scenario list."""
        self.app.pop()

    def take_breath(self, then: Any, only_if_rough: bool = False) -> None:
        """Open the breathing pause (once), then carry on with ``then``."""
        if only_if_rough and (not self.rough or self.breath_taken):
            if then:
                then()
            return
        self.breath_taken = True
        self.app.push(open_scene("breath", self.app), (lambda _r: then()) if then else None)

    # --- events -----------------------------------------------------------------

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Buttons, hotkeys, and scrolling by wheel, arrows and page keys."""
        if ev.type == pygame.KEYDOWN:
            key = ev.key
            step = {
                pygame.K_DOWN: 60,
                pygame.K_UP: -60,
                pygame.K_PAGEDOWN: self.view.h - 60,
                pygame.K_PAGEUP: -(self.view.h - 60),
                pygame.K_HOME: -(10**6),
                pygame.K_END: 10**6,
            }.get(key)
            if step is not None:
                self._scroll_by(step)
                return
            pressed = next((b for b in self.buttons if HOTKEYS.get(b.id) == key), None)
            if pressed is not None:
                pressed.action()
                return
        if ev.type == pygame.MOUSEWHEEL:
            self._scroll_by(-ev.y * 60)
            return
        self.handle_buttons(ev)

    def _scroll_by(self, dy: int) -> None:
        self.scroll = max(0, min(max(0, self.content_h - self.view.h), self.scroll + dy))
        self.dirty = True

    # --- layout and drawing -----------------------------------------------------------

    def layout(self, width: int, height: int) -> None:
        """Buttons in a bar at the bottom; the rest scrolls."""
        t = self.theme
        pad = t.pad
        self.W = width
        bar_h = button_height(t) + pad * 2
        self.bar = Rect(0, height - bar_h, width, bar_h)
        for b in self.buttons:  # start from the full labels, then shorten until the row fits
            b.label, _short, b.hotkey = BUTTONS[b.id]
        layout_row(self.buttons, self.fonts, t, width - pad * 2, self.bar.y + pad)
        if self.buttons[0].rect.x < pad * 2:
            for b in self.buttons:
                b.label = BUTTONS[b.id][1]
            layout_row(self.buttons, self.fonts, t, width - pad * 2, self.bar.y + pad)
        if self.buttons[0].rect.x < pad * 2:
            for b in self.buttons:
                b.hotkey = ""
            layout_row(self.buttons, self.fonts, t, width - pad * 2, self.bar.y + pad, gap=pad // 2)
        col = min(width - pad * 4, t.px(1000))
        self.view = Rect((width - col) // 2, 0, col, self.bar.y)
        self.content_h = self._draw_content(None)
        self.scroll = min(self.scroll, max(0, self.content_h - self.view.h))
        self.dirty = True

    def draw(self, surf: pygame.Surface) -> None:
        """The scrolling page, then the fixed button bar."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        surf.fill(p.bg)
        clip = surf.get_clip()
        surf.set_clip(Rect(0, 0, self.W, self.view.h))
        self._draw_content(surf)
        surf.set_clip(clip)
        pygame.draw.rect(surf, p.panel, self.bar)
        pygame.draw.line(surf, p.border, self.bar.topleft, self.bar.topright, t.line_width)
        if self.content_h > self.view.h:
            pct = self.scroll / max(1, self.content_h - self.view.h)
            hint = "scroll for more ↓" if pct < 0.99 else "end of debrief"
            if f.width(hint, t.small) + t.pad * 3 <= self.buttons[0].rect.x:  # only where it fits
                text(surf, f, hint, (t.pad * 2, self.bar.centery), t.small, p.dim, anchor="midleft")
            track = Rect(self.W - t.px(8), t.pad, t.px(4), self.view.h - t.pad * 2)
            thumb_h = max(30, track.h * self.view.h // self.content_h)
            thumb = Rect(track.x, track.y + int((track.h - thumb_h) * pct), track.w, thumb_h)
            pygame.draw.rect(surf, p.border, track, border_radius=2)
            pygame.draw.rect(surf, p.dim, thumb, border_radius=2)
        self.draw_buttons(surf)

    def _draw_notice(self, surf: pygame.Surface | None, x0: int, y: int, w: int) -> int:
        """Why the call was not saved, or why progress is in memory only; the height it takes."""
        if not self.notice:
            return 0
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        h = text_block(None, f, self.notice, 0, 0, w - pad * 3, t.small) + pad
        if surf is not None:
            panel(surf, t, Rect(x0, y, w, h), fill=p.panel, border=p.warn)
            pygame.draw.rect(
                surf,
                p.warn,
                (x0, y, t.px(5), h),
                border_top_left_radius=t.radius,
                border_bottom_left_radius=t.radius,
            )
            text_block(
                surf, f, self.notice, x0 + pad * 2, y + pad // 2, w - pad * 3, t.small, p.text
            )
        return h + pad

    def _draw_score_card(self, surf: pygame.Surface | None, x0: int, y: int, w: int) -> int:
        """The score card: grade, verdict and stars on the left, principle bars on the right (below
        them in a narrow window); returns the card's bottom."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        r = self.result
        narrow = w < t.px(860)
        left_w = w if narrow else t.px(300)
        card_top = y
        gc = grade_colour(t, r.percent, r.pass_mark)
        bars_h = len(r.scores) * (f.line_height(t.body) + t.px(16)) + pad * 2
        left_h = (
            f.line_height(t.title * 2, True)
            + f.line_height(t.body, True)
            + f.line_height(t.small) * 3
            + t.px(30)
            + pad * 3
        )
        card_h = (left_h + bars_h - pad) if narrow else max(left_h, bars_h)
        if surf is not None:
            panel(surf, t, Rect(x0, card_top, w, card_h))
            self._draw_grade(surf, x0 + pad * 2, card_top + pad, gc)
        bx = x0 + pad * 2 if narrow else x0 + left_w + pad * 2
        by = card_top + (left_h - pad * 2 if narrow else pad)
        bw = x0 + w - pad * 2 - bx
        value_w = max(
            [f.get(t.small).size(score_text(s))[0] for s in r.scores.values()]
            + [f.get(t.small).size("100%  (10/10)")[0]]
        )
        # the label column gives way to the bar (at least a short one) and the value; a long title is cut, not
        # drawn under the bar
        widest = max(f.get(t.body).size(s.title)[0] for s in r.scores.values()) if r.scores else 0
        label_w = max(bw // 4, min(widest, bw - value_w - pad * 2 - t.px(60)))
        for s in r.scores.values():
            if surf is not None:
                text(
                    surf,
                    f,
                    ellipsize(f, s.title, t.body, label_w),
                    (bx, by + t.px(2)),
                    t.body,
                    p.text,
                )
                track = Rect(
                    bx + label_w + pad,
                    by + t.px(6),
                    max(t.px(40), bw - label_w - pad * 2 - value_w),
                    t.px(14),
                )
                self._draw_bar(surf, s, track)
            by += f.line_height(t.body) + t.px(16)
        return card_top + card_h

    def _draw_bar(self, surf: pygame.Surface, s: PrincipleScore, track: Rect) -> None:
        """One principle's bar (its share of the most any route earns), the mark where the best route
        stops, and its score in words to the right."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        r = self.result
        radius = track.h // 2
        pygame.draw.rect(
            surf, p.panel_alt if not t.high_contrast else p.bg, track, border_radius=radius
        )
        pygame.draw.rect(surf, p.border, track, 1, border_radius=radius)
        words = (track.right + t.pad, track.centery)
        if s.percent is None:
            text(surf, f, score_text(s), words, t.small, p.dim, anchor="midleft")
            return
        fill = Rect(
            track.x, track.y, round(track.w * max(0.0, min(100.0, s.percent)) / 100), track.h
        )
        best = s.best_percent()
        # coloured by how close it came to the best route, as the overall is: the best route's own
        # bar may stop short of the end and is still the best there is
        judged = s.percent if not best else min(100.0, 100.0 * s.percent / best)
        if fill.w:
            pygame.draw.rect(surf, grade_colour(t, judged, r.pass_mark), fill, border_radius=radius)
        if best is not None and best < 100.0:
            x = track.x + round(track.w * best / 100)
            pygame.draw.line(
                surf,
                p.text,
                (x, track.y - t.px(3)),
                (x, track.bottom + t.px(2)),
                max(2, t.line_width),
            )
        text(surf, f, score_text(s), words, t.small, p.text, anchor="midleft")

    def _draw_grade(self, surf: pygame.Surface, gx: int, gy: int, gc: Colour) -> None:
        """The grade, the percent, the verdict, the pass mark and the customer's stars."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        r = self.result
        g = text(surf, f, r.grade, (gx, gy), t.title * 2, gc, bold=True)
        text(
            surf,
            f,
            f"{r.percent:.0f}%",
            (g.right + pad, g.centery),
            t.heading,
            p.text,
            bold=True,
            anchor="midleft",
        )
        gy = g.bottom
        verdict = "Passed" if r.passed else "Not yet passed"
        text(surf, f, verdict, (gx, gy), t.body, gc, bold=True)
        gy += f.line_height(t.body, True)
        text(surf, f, f"pass mark {r.pass_mark:.0f}%", (gx, gy), t.small, p.dim)
        gy += f.line_height(t.small) + pad // 2
        text(surf, f, "Customer satisfaction", (gx, gy), t.small, p.dim)
        gy += f.line_height(t.small) + t.px(14)
        stars(surf, t, gx, gy, r.csat, t.px(24))
        gy += t.px(18)
        if r.undo_used:
            text(surf, f, "Undo was used in this call", (gx, gy), t.small, p.dim)

    def _draw_content(self, surf: pygame.Surface | None) -> int:
        """Draw (or with ``surf=None`` only measure) the page; returns its height."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        r = self.result
        x0, w = self.view.x, self.view.w
        y0 = pad * 2 - self.scroll
        y = y0
        if surf is None:
            self.road_tops = []
        if surf is not None:
            text(surf, f, "Debrief", (x0, y), t.small, p.accent, bold=True)
        y += f.line_height(t.small, True)
        y += self._block(surf, r.title, x0, y, w, t.title, p.text, True)
        outcome = r.outcome.replace("_", " ").capitalize()
        y += self._block(surf, f"{outcome}. {r.ending_summary}".strip(), x0, y, w, t.body, p.dim)
        teaches = teaches_text(self.scenario.teaches, self.rubric)
        if teaches:
            y += self._block(surf, teaches, x0, y, w, t.small, p.accent, True)
        y += pad
        y += self._draw_notice(surf, x0, y, w)
        y += self._banner(surf, x0, y, w)
        y = self._draw_score_card(surf, x0, y, w) + pad
        if self.rough:
            msg = (
                "That was a hard call. Agents recover better when they pause between calls: "
                "take a breath before the next one (B), or carry on when you are ready."
            )
            h = text_block(None, f, msg, 0, 0, w - pad * 4, t.body) + pad * 2
            if surf is not None:
                panel(surf, t, Rect(x0, y, w, h), fill=p.accent_soft, border=p.accent_soft)
                text_block(surf, f, msg, x0 + pad * 2, y + pad, w - pad * 4, t.body, p.text)
            y += h + pad
        if r.best is not None:
            y += (
                self._block(
                    surf,
                    f"The best route through this call scores {r.best.percent:.0f}%."
                    + (
                        f" {CEILING_NOTE} The mark on a bar: where the best route stops."
                        if under_ceiling(r)
                        else ""
                    ),
                    x0,
                    y,
                    w,
                    t.small,
                    p.dim,
                )
                + pad
            )
        y = self._draw_transcript(surf, x0, y, w)
        return y - y0 + pad * 2

    def _draw_transcript(self, surf: pygame.Surface | None, x0: int, y: int, w: int) -> int:
        """The call decision by decision (each with the roads not taken), then the customer's closing
        line; returns the y below it."""
        t, p = self.theme, self.theme.palette
        pad = t.pad
        r = self.result
        # the transcript, decision by decision
        y += self._block(surf, "How the call went", x0, y, w, t.heading, p.text, True) + pad // 2
        for n, d in enumerate(r.decisions, 1):
            y += (
                self._block(surf, f"{n}.  Customer: “{d.customer_line}”", x0, y, w, t.body, p.text)
                + pad // 2
            )
            y += self._option(surf, d.chosen, x0 + pad, y, w - pad, chosen=True, actual=d.points)
            notes = [
                MECHANIC_WORDS.get(m, m) for m in d.mechanics if m in ("interrupt", "dead_air")
            ]
            if notes:
                y += self._block(
                    surf,
                    "Timing: you " + "; you ".join(notes) + ".",
                    x0 + pad * 2,
                    y,
                    w - pad * 2,
                    t.small,
                    p.warn,
                )
            for o in d.others:
                if surf is None and o.reply:
                    self.road_tops.append(y + self.scroll)
                y += self._option(surf, o, x0 + pad, y, w - pad, chosen=False)
            y += pad
        closing = next(
            (line.text for line in reversed(r.transcript) if line.speaker == "customer"), ""
        )
        if closing:
            y += self._block(surf, f"Customer, closing: “{closing}”", x0, y, w, t.body, p.dim) + pad
        return y

    def _banner(self, surf: pygame.Surface | None, x0: int, y: int, w: int) -> int:
        """The critical error, in plain words with the line that did it, or why the outcome failed the
        call; returns its height."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        r = self.result
        if r.critical_errors:
            hit = r.critical_errors[0]
            more = f" (and {len(r.critical_errors) - 1} more)" if len(r.critical_errors) > 1 else ""
            head = f"Critical error: {hit.title}{more}"
            body = f"You said: “{hit.line}”  {hit.description} A call with a critical error cannot pass."
        elif r.outcome != "in_progress" and not r.outcome_can_pass:
            head = f"The call ended {r.outcome.replace('_', ' ')}"
            body = "An outcome that fails the customer cannot pass, however well the rest went."
        else:
            return 0
        inner = w - pad * 3
        h = (
            text_block(None, f, head, 0, 0, inner, t.body, bold=True)
            + text_block(None, f, body, 0, 0, inner, t.small)
            + pad
        )
        if surf is not None:
            panel(surf, t, Rect(x0, y, w, h), fill=p.panel, border=p.bad)
            pygame.draw.rect(
                surf,
                p.bad,
                (x0, y, t.px(5), h),
                border_top_left_radius=t.radius,
                border_bottom_left_radius=t.radius,
            )
            hh = text_block(surf, f, head, x0 + pad * 2, y + pad // 2, inner, t.body, p.bad, True)
            text_block(surf, f, body, x0 + pad * 2, y + pad // 2 + hh, inner, t.small, p.text)
        return h + pad

    def _block(
        self,
        surf: pygame.Surface | None,
        s: str,
        x: int,
        y: int,
        w: int,
        size: int,
        colour: Colour,
        bold: bool = False,
    ) -> int:
        if surf is not None and (y > self.view.h or y + 2000 < 0):
            return text_block(None, self.fonts, s, x, y, w, size, bold=bold)
        return text_block(surf, self.fonts, s, x, y, w, size, colour, bold)

    def _option(
        self,
        surf: pygame.Surface | None,
        o: OptionView,
        x: int,
        y: int,
        w: int,
        chosen: bool,
        actual: dict[str, int] | None = None,
    ) -> int:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        pts = actual if actual is not None else o.points
        total = sum(pts.values())
        label = f"{'YOU SAID' if chosen else 'NOT TAKEN'} · {points_text(pts, spaced=True)}"
        quote = f"“{o.text}”"
        inner = w - pad * 3
        h0 = f.line_height(t.small, True)
        h1 = text_block(None, f, quote, 0, 0, inner, t.body)
        h2 = text_block(None, f, o.feedback, 0, 0, inner, t.small) if o.feedback else 0
        # the road not taken: the customer's next line on this option's branch
        road = f"They would have said: “{o.reply}”" if o.reply and not chosen else ""
        speaking = bool(road) and self.road_at >= 0 and self.roads[self.road_at][1] is o
        h3 = text_block(None, f, road, 0, 0, inner, t.small) if road else 0
        h = h0 + h1 + h2 + h3 + pad
        if surf is not None and -h < y < self.view.h:
            box = Rect(x, y, w, h)
            if chosen:
                pygame.draw.rect(surf, p.panel, box, border_radius=t.radius)
                pygame.draw.rect(surf, p.accent, (x, y, t.px(4), h), border_radius=2)
            else:
                pygame.draw.rect(surf, p.border, (x, y, t.px(2), h))
            colour = p.good if total > 0 else (p.bad if total < 0 else p.dim)
            text(
                surf,
                f,
                ellipsize(f, label, t.small, inner, True),
                (x + pad * 2, y + pad // 2),
                t.small,
                colour,
                bold=True,
            )
            text_block(
                surf,
                f,
                quote,
                x + pad * 2,
                y + pad // 2 + h0,
                inner,
                t.body,
                p.text if chosen else p.dim,
            )
            if o.feedback:
                text_block(
                    surf,
                    f,
                    o.feedback,
                    x + pad * 2,
                    y + pad // 2 + h0 + h1,
                    inner,
                    t.small,
                    p.text if chosen else p.dim,
                )
            if road:
                text_block(
                    surf,
                    f,
                    road,
                    x + pad * 2,
                    y + pad // 2 + h0 + h1 + h2,
                    inner,
                    t.small,
                    p.accent if speaking else p.text,
                )
        return h + t.px(6)
