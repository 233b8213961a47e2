"""Drawing the call screen: the top bar, the customer's face, status and meters, the bubble, the timer, the answer
cards and the toast; a partial frame redraws only the parts that moved."""

from __future__ import annotations

from simulator.engine.conversation import mood_label
from simulator.scenario.model import KIND_LABELS
from simulator.ui.pg import pygame
from simulator.ui.portrait import mouth_box, portrait_surface
from simulator.ui.scene import Scene
from simulator.ui.scenes.call_timing import MOUTH_FLAP
from simulator.ui.theme import mix
from simulator.ui.widgets import ellipsize, fitting, meter, panel, text, text_block

Rect = pygame.Rect


class CallDrawing(Scene):
    """Part of CallScene: whole and partial frames of the call screen."""

    def draw(self, surf: pygame.Surface) -> None:
        """The whole call screen."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        self._parts = set()  # everything is drawn now
        surf.fill(p.bg)
        self._draw_top_bar(surf)
        self._draw_customer(surf)
        # the customer's words
        panel(surf, t, self.bubble)
        y = self.bubble.y + pad
        x = self.bubble.x + pad
        inner = self.bubble.w - pad * 2
        if self.last_said:
            said = ellipsize(f, f"You: {self.last_said}", t.small, inner)
            text(surf, f, said, (x, y), t.small, p.dim)
            y += f.line_height(t.small) + pad // 2
        who = self.scenario.persona.name.split()[0] if self.scenario.persona.name else "Customer"
        cue = self._caption_cue()
        cue_w = f.get(t.small).size(cue)[0] + pad if cue else 0
        name = who.upper() if not self.conv.ended else f"{who.upper()} · CALL ENDED"
        name = ellipsize(f, name, t.small, max(t.px(40), inner - cue_w - t.px(40)), True)
        label = text(surf, f, name, (x, y), t.small, p.accent, bold=True)
        if self.talking and not self.paused:
            self._draw_typing_dots(surf, label.right + t.px(12), label.centery)
        if cue:
            text(surf, f, cue, (self.bubble.right - pad, y), t.small, p.dim, anchor="topright")
        if self.paused:
            # on hold: the words stay hidden, so a pause is no time to read ahead
            text(surf, f, "On hold.", self._caption_at[:2], t.caption, p.dim)
        else:
            self._drawn_chars = int(self.revealed)
            self._draw_caption(surf, 0, self._drawn_chars, clear=False)
        if not self.narrow:
            # the speech-bubble tail points at the portrait
            tail_y = max(
                self.bubble.y + t.px(14),
                min(self.bubble.bottom - t.px(14), self.portrait_rect.centery),
            )
            tail = [
                (self.bubble.x + 1, tail_y - t.px(10)),
                (self.bubble.x - t.px(12), tail_y),
                (self.bubble.x + 1, tail_y + t.px(10)),
            ]
            pygame.draw.polygon(surf, p.panel, tail)
            pygame.draw.lines(surf, p.border, False, tail, t.line_width)
        if self.timer_rect is not None:
            self._draw_timer(surf)
        if self.coach_rect is not None:
            panel(surf, t, self.coach_rect, fill=p.accent_soft, border=p.accent_soft)
            text_block(
                surf,
                f,
                f"Coach: {self.coach}",
                self.coach_rect.x + pad,
                self.coach_rect.y + pad // 2,
                self.coach_rect.w - pad * 2,
                t.small,
                p.text,
                max_lines=3,
            )
        if self.conv.ended:
            summary = self.result.ending_summary if self.result else ""
            if summary and self.summary_lines:
                text_block(
                    surf,
                    f,
                    summary,
                    self.right.x,
                    self.choice_area.y,
                    self.right.w,
                    t.body,
                    p.dim,
                    max_lines=self.summary_lines,
                )
        elif self.paused:
            text(
                surf,
                f,
                "YOUR ANSWER",
                (self.right.x, self.choices_label_y),
                t.small,
                p.dim,
                bold=True,
            )
            text_block(
                surf,
                f,
                "The answers are hidden while the call is on hold.",
                self.right.x,
                self.choice_area.y + t.px(4),
                self.right.w,
                t.body,
                p.dim,
                max_lines=2,
            )
        else:
            label = "YOUR ANSWER" if not self.talking else "YOUR ANSWER · answering now cuts in"
            label = ellipsize(f, label, t.small, self.right.w, True)
            text(
                surf,
                f,
                label,
                (self.right.x, self.choices_label_y),
                t.small,
                p.warn if self.talking else p.dim,
                bold=True,
            )
            self._draw_cards(surf)
        self.draw_buttons(surf)
        hint = "1–9 or ↑↓ and Enter to answer · click a reply · Esc pause · F5 reload"
        if self.mode == "practice":
            hint += " · U undo"
        if self.captions_only_reason is not None:
            hint += " · F1 why captions only"
        room = self.W - pad * 2
        cue = self.answers_cue()
        if cue:
            cue = ellipsize(f, cue, t.small, room, True)
            r = text(
                surf,
                f,
                cue,
                (self.W - pad, self.hint_y),
                t.small,
                p.warn if "below" in cue else p.dim,
                bold=True,
                anchor="topright",
            )
            room = r.x - pad * 2
        if room > t.px(60):
            text(surf, f, ellipsize(f, hint, t.small, room), (pad, self.hint_y), t.small, p.dim)
        if self.toast:
            self._draw_toast(surf)
        if self.badge_open or self.badge_hover:
            self._draw_badge_reason(surf)

    def _draw_top_bar(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        pygame.draw.rect(surf, p.panel, (0, 0, self.W, self.top_h))
        pygame.draw.line(
            surf, p.border, (0, self.top_h - 1), (self.W, self.top_h - 1), t.line_width
        )
        right = self.pause_button.rect.x - pad
        self.badge_rect = None
        if self.captions_only_reason is not None:
            label = "Captions only"
            bw = f.get(t.small, True).size(label)[0] + pad
            self.badge_rect = Rect(right - bw, 0, bw, f.line_height(t.small) + t.px(6))
            self.badge_rect.centery = self.top_h // 2
            pygame.draw.rect(
                surf,
                p.warn,
                self.badge_rect,
                border_radius=self.badge_rect.h // 2 if not t.high_contrast else 0,
            )
            text(
                surf,
                f,
                label,
                self.badge_rect.center,
                t.small,
                p.bg if t.high_contrast else (33, 28, 20),
                bold=True,
                anchor="center",
            )
            right = self.badge_rect.x - pad
        meta = f"{KIND_LABELS.get(self.scenario.kind, self.scenario.kind)} · {self.scenario.difficulty}"
        if self.mode == "practice":
            meta += " · practice"
        meta_w = f.get(t.small).size(meta)[0]
        room = right - pad * 2 - meta_w
        title = ellipsize(
            f, self.scenario.title, t.heading, max(t.px(60), min(room, right - pad * 2)), True
        )
        r = text(
            surf, f, title, (pad, self.top_h // 2), t.heading, p.text, bold=True, anchor="midleft"
        )
        chip = Rect(r.right + pad, 0, meta_w + pad, f.line_height(t.small) + t.px(6))
        chip.centery = self.top_h // 2
        if chip.right < right:
            pygame.draw.rect(surf, p.accent_soft, chip, border_radius=chip.h // 2)
            text(
                surf,
                f,
                meta,
                chip.center,
                t.small,
                p.accent if not t.high_contrast else p.text,
                anchor="center",
            )

    def _draw_badge_reason(self, surf: pygame.Surface) -> None:
        """The reason the call is captions only, under its badge (hover or F1)."""
        reason = self.captions_only_reason
        if reason is None or self.badge_rect is None:
            return
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        w = min(self.W - pad * 2, t.px(440))
        message = f"{reason} (Any key hides this.)" if self.badge_open else reason
        h = text_block(None, f, message, 0, 0, w - pad * 2, t.small) + pad
        box = Rect(0, self.badge_rect.bottom + t.px(6), w, h)
        box.right = min(self.W - pad, self.badge_rect.right)
        panel(surf, t, box, fill=p.panel, border=p.warn)
        text_block(surf, f, message, box.x + pad, box.y + pad // 2, w - pad * 2, t.small, p.text)

    def _draw_customer(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        panel(surf, t, self.left)
        persona = self.scenario.persona
        self._draw_face(surf)
        w = self.name_w
        text(
            surf,
            f,
            ellipsize(f, persona.name, t.body, w, True),
            self.name_at,
            t.body,
            p.text,
            bold=True,
            anchor=self.name_anchor,
        )
        if persona.role and self.role_y is not None:
            pos = (self.name_at[0], self.role_y)
            text(
                surf,
                f,
                ellipsize(f, persona.role, t.small, w),
                pos,
                t.small,
                p.dim,
                anchor=self.name_anchor,
            )
        self._draw_status(surf)
        self._draw_meters(surf)

    def _draw_face(self, surf: pygame.Surface) -> None:
        t, p = self.theme, self.theme.palette
        expression = mood_label(round(self.shown_mood))
        mouth_open = self.talking and int(self.mouth_t / MOUTH_FLAP) % 2 == 1
        backdrop = p.panel_alt if not t.high_contrast else (40, 40, 40)
        face = portrait_surface(
            self.scenario.persona.portrait,
            expression,
            self.portrait_rect.w,
            mouth_open,
            backdrop,
            self._image,
        )
        surf.blit(face, self.portrait_rect)

    def _draw_status(self, surf: pygame.Surface) -> None:
        p, t = self.theme.palette, self.theme
        if self.conv.ended:
            status, colour = "Call ended", p.dim
        elif self.talking:
            status, colour = f"Talking{'.' * (1 + int(self.pulse_t * 3) % 3)}", p.warn
        else:
            # the mood word is also on the meter, so a narrow column drops it first
            status = fitting(
                self.fonts,
                [
                    f"Waiting for you · {mood_label(round(self.shown_mood))}",
                    "Waiting for you",
                    "Waiting",
                ],
                t.small,
                self.status_rect.w,
                True,
            )
            colour = p.accent
        if self.narrow:
            text(surf, self.fonts, status, self.status_rect.topleft, t.small, colour, bold=True)
        else:
            text(
                surf,
                self.fonts,
                status,
                (self.status_rect.centerx, self.status_rect.y),
                t.small,
                colour,
                bold=True,
                anchor="midtop",
            )

    def _draw_meters(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        x, w = self.meter_x, self.meter_w
        y = self.meters_y
        mood = self.shown_mood
        mood_colour = (
            mix(p.bad, p.warn, (mood + 100) / 100) if mood < 0 else mix(p.warn, p.good, mood / 100)
        )
        meter(
            surf,
            f,
            t,
            Rect(x, y, w, 0),
            mood / 100,
            mood_colour,
            "MOOD",
            f"{mood_label(round(mood))} ({round(mood):+d})",
            centred=True,
            short_value=mood_label(round(mood)),
        )
        x, y = x + self.meter_step[0], y + self.meter_step[1]
        pat = self.shown_patience
        meter(
            surf,
            f,
            t,
            Rect(x, y, w, 0),
            pat / 100,
            p.accent if pat > 30 else p.bad,
            "PATIENCE",
            f"{round(pat)} / 100",
            short_value=f"{round(pat)}",
        )

    def _draw_timer(self, surf: pygame.Surface) -> None:
        node = self.conv.node
        if node is None or not node.respond_within or self.timer_rect is None:
            return
        t, p = self.theme, self.theme.palette
        limit = node.respond_within
        left = max(0.0, limit - self.elapsed)
        if self.finished_at is None:
            value, colour = f"starts when they finish · {limit:g} s", p.dim
        elif left <= 0:
            value, colour = "silence: answer now", p.bad
        else:
            value, colour = f"{left:.0f} s", p.accent if left > limit * 0.33 else p.warn
        meter(surf, self.fonts, t, self.timer_rect, left / limit, colour, "TIME TO RESPOND", value)

    def _draw_cards(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        clip = surf.get_clip()
        surf.set_clip(self.choice_area)
        badge = t.px(34)
        for i, c in enumerate(self.cards):
            if c.rect.bottom < self.choice_area.top or c.rect.top > self.choice_area.bottom:
                continue
            active = i == self.selected
            hovered = i == self.hover_card
            fill = p.accent_soft if (hovered or active) and not t.high_contrast else p.panel
            border = p.focus if active else p.border
            pygame.draw.rect(surf, fill, c.rect, border_radius=t.radius)
            pygame.draw.rect(
                surf, border, c.rect, width=2 if active else t.line_width, border_radius=t.radius
            )
            b = Rect(c.rect.x + pad // 2 + 2, c.rect.y + pad // 2, badge, badge)
            pygame.draw.rect(
                surf,
                p.accent if active else p.panel_alt,
                b,
                border_radius=badge // 2 if not t.high_contrast else 0,
            )
            if t.high_contrast:
                pygame.draw.rect(surf, p.border, b, 1)
            text(
                surf,
                f,
                str(c.number),
                b.center,
                t.body,
                p.accent_text if active else p.text,
                bold=True,
                anchor="center",
            )
            text_block(
                surf,
                f,
                c.text,
                b.right + pad,
                c.rect.y + pad // 2,
                c.rect.w - badge - pad * 3,
                t.body,
                p.text,
            )
        surf.set_clip(clip)

    def answers_cue(self) -> str:
        """What the hint row says about answers out of view: how many are below, or that some are above."""
        if self.cue_rect is None or self.conv.ended or self.paused:
            return ""
        below = sum(1 for c in self.cards if c.rect.top >= self.choice_area.bottom)
        if below:
            return f"{below} more answer{'s' if below != 1 else ''} below ↓"
        if any(c.rect.bottom > self.choice_area.bottom for c in self.cards):
            return "more below ↓"
        return "↑ more above" if self.choice_scroll > 0 else ""

    def _toast_rect(self) -> Rect:
        t, f = self.theme, self.fonts
        pad = t.pad
        w = min(self.W - pad * 4, f.get(t.small).size(self.toast)[0] + pad * 2)
        lines_h = text_block(None, f, self.toast, 0, 0, w - pad * 2, t.small)
        r = Rect(0, 0, w, lines_h + pad)
        r.midbottom = (self.W // 2, self.H - pad * 2 - f.line_height(t.small))
        return r

    def _draw_toast(self, surf: pygame.Surface) -> None:
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        r = self._toast_rect()
        pygame.draw.rect(surf, p.text, r, border_radius=t.radius)
        text_block(surf, f, self.toast, r.x + pad, r.y + pad // 2, r.w - pad * 2, t.small, p.bg)

    def _touch(self, part: str, rect: Rect | None) -> None:
        """Note that ``part`` changed, for the next frame to redraw only it."""
        self._parts.add(part)
        self.mark(rect if rect is not None else self.left)

    def draw_damage(self, surf: pygame.Surface) -> list[Rect] | None:
        """Redraw only the parts that moved: new caption letters, the dots, the mouth, the status, meters, timer."""
        parts, self._parts = self._parts, set()
        if not parts or not hasattr(self, "_caption_at"):
            return None
        p = self.theme.palette
        rects: list[Rect] = []
        if "caption" in parts:
            rects += self._draw_caption(surf, self._drawn_chars, int(self.revealed), clear=True)
            self._drawn_chars = int(self.revealed)
        if "dots" in parts and self.talking and hasattr(self, "_dots_at"):
            surf.fill(p.panel, self.dots_rect)
            self._draw_typing_dots(surf, *self._dots_at)
            rects.append(self.dots_rect)
        if "face" in parts or "mouth" in parts:
            surf.fill(p.panel, self.portrait_rect)
            self._draw_face(surf)
            if "face" in parts:
                rects.append(self.portrait_rect)
            elif self._image is None:  # a PNG portrait has no moving mouth
                rects.append(mouth_box(self.portrait_rect))
        if "status" in parts:
            surf.fill(p.panel, self.status_rect)
            self._draw_status(surf)
            rects.append(self.status_rect)
        if "meters" in parts:
            surf.fill(p.panel, self.meters_rect)
            self._draw_meters(surf)
            rects.append(self.meters_rect)
        if "timer" in parts and self.timer_rect is not None:
            surf.fill(p.bg, self.timer_rect)
            self._draw_timer(surf)
            rects.append(self.timer_rect)
        if self.toast and any(r.colliderect(self._toast_rect()) for r in rects):
            return None  # the toast sits over this part: draw the whole frame so it stays on top
        return rects
