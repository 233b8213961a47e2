"""Settings: voice, volume, phone line, caption speed, text size, high contrast, fullscreen, and voice
answers (mode, microphone, saving answers for review); saved at every change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.ui.measure import button_height
from simulator.ui.pg import pygame
from simulator.ui.scene import Scene
from simulator.ui.scene_registry import register_scene
from simulator.ui.settings import CAPTION_SPEEDS, TEXT_SIZES, VOICE_ANSWER_MODES, Settings
from simulator.ui.voice_kit import FAILED, STARTING, VoiceKit, saved_answers_dir
from simulator.ui.widgets import Button, ellipsize, layout_row, panel, text, text_block

Rect = pygame.Rect


def _cycle(options: list[str], current: str, step: int, wrap: bool) -> str:
    # arrows stop at the ends (right on 'huge' must not jump to 'small'); Enter goes round, its only direction
    i = options.index(current) if current in options else 0
    if wrap:
        return options[(i + step) % len(options)]
    return options[min(len(options) - 1, max(0, i + step))]


@dataclass
class Row:
    """One setting: its label, how to show its value, and how to change it by a step."""

    label: str
    value: Callable[[Settings], str]
    change: Callable[[Settings, int, bool], None]
    rect: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))
    minus: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))
    plus: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))


def _set(attr: str, fn: Callable[[Any, int, bool], Any]) -> Callable[[Settings, int, bool], None]:
    def change(s: Settings, step: int, wrap: bool) -> None:
        setattr(s, attr, fn(getattr(s, attr), step, wrap))

    return change


ROWS: list[tuple[str, Callable[[Settings], str], Callable[[Settings, int, bool], None]]] = [
    ("Voice", lambda s: "on" if s.voice else "off", _set("voice", lambda v, _s, _w: not v)),
    (
        "Volume",
        lambda s: f"{round(s.volume * 100)}%",
        _set("volume", lambda v, st, _w: round(min(1.0, max(0.0, v + 0.1 * st)), 2)),
    ),
    (
        "Caption speed",
        lambda s: s.caption_speed,
        _set("caption_speed", lambda v, st, w: _cycle(list(CAPTION_SPEEDS), v, st, w)),
    ),
    (
        "Text size",
        lambda s: s.text_size,
        _set("text_size", lambda v, st, w: _cycle(list(TEXT_SIZES), v, st, w)),
    ),
    (
        "High contrast",
        lambda s: "on" if s.high_contrast else "off",
        _set("high_contrast", lambda v, _s, _w: not v),
    ),
    (
        "Fullscreen",
        lambda s: "on" if s.fullscreen else "off",
        _set("fullscreen", lambda v, _s, _w: not v),
    ),
    (
        "Phone line",
        lambda s: "on" if s.phone_line else "off",
        _set("phone_line", lambda v, _s, _w: not v),
    ),
]


VOICE_ROWS = ("Voice answers", "Microphone")


def voice_rows(
    kit: VoiceKit | None,
) -> list[tuple[str, Callable[[Settings], str], Callable[[Settings, int, bool], None]]]:
    """The voice answers' rows: the mode, the microphone (from the devices found now) and saving."""
    if kit is None:
        return []
    devices, _why = kit.devices()
    choices = ["", *devices]  # "" is the system's default microphone
    return [
        (
            "Voice answers",
            lambda s: VOICE_ANSWER_MODES[s.voice_answers],
            _set("voice_answers", lambda v, st, w: _cycle(list(VOICE_ANSWER_MODES), v, st, w)),
        ),
        (
            "Microphone",
            lambda s: s.microphone or "default",
            _set("microphone", lambda v, st, w: _cycle(choices, v, st, w)),
        ),
        (
            "Save my answers",
            lambda s: "on" if s.save_answers else "off",
            _set("save_answers", lambda v, _s, _w: not v),
        ),
    ]


@register_scene("settings")
class SettingsScene(Scene):
    """↑↓ pick a setting, ←→ or Enter change it, click the arrows; Esc goes back."""

    name = "settings"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        kit = app.services.voice_kit
        self.rows = [Row(label, value, change) for label, value, change in ROWS + voice_rows(kit)]
        self.selected = 0
        self._kit_state = kit.state if kit is not None else ""
        self.buttons = [Button("Done", lambda: self.dismiss(None), "Esc", kind="primary")]

    def change(self, index: int, step: int, wrap: bool = False) -> None:
        """Change setting ``index`` by ``step`` (going round past the last value when ``wrap``) and apply it at
        once (which also saves it)."""
        s = self.app.services.settings
        before = s.voice
        self.rows[index].change(s, step, wrap)
        if s.voice != before:
            self._swap_speaker(s)
        kit = self.app.services.voice_kit
        if kit is not None and s.voice_answers != "off":
            # in a thread; the notice below says how it went. Changing a voice answers row tries
            # again after a failure (a microphone plugged in since)
            kit.prepare(s.microphone, retry=self.rows[index].label in VOICE_ROWS)
        self.app.services.speaker.set_phone_line(s.phone_line)
        self.app.apply_settings()
        self.dirty = True

    def _swap_speaker(self, s: Settings) -> None:
        # turning the voice on or off takes effect now, not at the next start
        from simulator.ui.services import make_speaker

        old = self.app.services.speaker
        old.stop()
        old.close()
        self.app.services.speaker = make_speaker(s.voice, s.volume, s.phone_line)

    def layout(self, width: int, height: int) -> None:
        """A centred column of rows, notices below, Done at the bottom right."""
        t, f = self.theme, self.fonts
        pad = t.pad
        self.W = width
        col = min(width - pad * 4, t.px(720))
        x = (width - col) // 2
        y = pad * 2 + f.line_height(t.title, True) + pad
        bottom = height - button_height(t) - pad * 3
        gap = t.px(6)
        # the first two notices (why the voice is unavailable, why the text is smaller) keep their room
        notes = sum(
            text_block(None, f, n, 0, 0, min(width - pad * 4, t.px(720)) - pad * 2, t.small)
            + pad // 2
            for n in self.notices()[:2]
        )
        # rows shrink (down to the text's own height, closing up when that is not enough) before they
        # ever run into the notices or the Done button
        share = (bottom - y - notes - pad) // len(self.rows)
        if share - gap < f.line_height(t.body) + 4:
            gap = 2
        row_h = min(max(f.line_height(t.body), t.px(40)) + pad, share - gap)
        row_h = max(row_h, f.line_height(t.body) + 2)
        arrow = min(t.px(40), row_h - 6)
        for r in self.rows:
            r.rect = Rect(x, y, col, row_h)
            r.plus = Rect(r.rect.right - pad - arrow, y + (row_h - arrow) // 2, arrow, arrow)
            r.minus = Rect(r.plus.x - t.px(170) - arrow, r.plus.y, arrow, arrow)
            y += row_h + gap
        self.notice_y = y + pad
        self.col = Rect(x, 0, col, 0)
        layout_row(self.buttons, f, t, x + col, height - button_height(t) - pad * 2)
        self.dirty = True

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Keyboard and mouse."""
        if ev.type == pygame.KEYDOWN and self._key(ev.key):
            return
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1 and self._click(ev.pos):
            return
        if ev.type == pygame.MOUSEMOTION:
            for i, r in enumerate(self.rows):
                if r.rect.collidepoint(ev.pos) and i != self.selected:
                    self.selected = i
                    self.dirty = True
        self.handle_buttons(ev)

    def _key(self, k: int) -> bool:
        """Esc, the arrows and Enter on the rows; True when the key was used."""
        if k == pygame.K_ESCAPE:
            self.dismiss(None)
        elif k in (pygame.K_UP, pygame.K_DOWN):
            self.selected = (self.selected + (1 if k == pygame.K_DOWN else -1)) % len(self.rows)
            self.focus = -1
            self.dirty = True
        elif k in (pygame.K_LEFT, pygame.K_RIGHT) and self.focus < 0:
            self.change(self.selected, 1 if k == pygame.K_RIGHT else -1)
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.focus < 0:
            self.change(self.selected, 1, wrap=True)
        else:
            return False
        return True

    def _click(self, pos: tuple[int, int]) -> bool:
        """A click on a row's arrows or on the row; True when it hit one."""
        for i, r in enumerate(self.rows):
            if r.minus.collidepoint(pos):
                self.selected = i
                self.change(i, -1)
                return True
            if r.plus.collidepoint(pos) or r.rect.collidepoint(pos):
                self.selected = i
                self.change(i, 1, wrap=not r.plus.collidepoint(pos))
                return True
        return False

    def voice_unavailable(self) -> str | None:
        """Why there is no voice although the setting is on (None when it works or was turned off)."""
        svc = self.app.services
        return svc.speaker.notice if svc.settings.voice and svc.speaker.notice else None

    def value_text(self, index: int) -> str:
        """How row ``index`` shows its value: the voice says 'unavailable' when it is on but failed."""
        if self.rows[index].label == "Voice" and self.voice_unavailable():
            return "unavailable"
        if self.rows[index].label == "Voice answers" and self.voice_answers_note():
            kit = self.app.services.voice_kit
            return "unavailable" if kit is not None and kit.state == FAILED else "starting…"
        if (
            self.rows[index].label == "Text size"
            and self.app.text_size != self.app.services.settings.text_size
        ):
            return f"{self.app.services.settings.text_size} → {self.app.text_size}"  # the note below says why
        return self.rows[index].value(self.app.services.settings)

    def voice_answers_note(self) -> str | None:
        """Why voice answers are not working although they are on, or where saved answers go."""
        svc = self.app.services
        kit, s = svc.voice_kit, svc.settings
        if kit is None or s.voice_answers == "off":
            return None
        if kit.state == FAILED:
            why = kit.reason[:1].upper() + kit.reason[1:]
            return f"Voice answers: unavailable. {why}; answer with the keys or the mouse."
        if kit.state == STARTING:
            return "Voice answers: starting the microphone and the speech recogniser…"
        return None

    def update(self, dt: float) -> None:
        """Voice answers start in a thread: show how it went when it finishes."""
        kit = self.app.services.voice_kit
        state = kit.state if kit is not None else ""
        if state != self._kit_state:
            self.dirty = True
        self._kit_state = state

    def notices(self) -> list[str]:
        """Everything the player should know about voice, storage, fonts, text size and settings."""
        svc = self.app.services
        reason = self.voice_unavailable()
        voice = f"Voice: unavailable. {reason}" if reason else svc.speaker.notice
        saving = (
            f"Save my answers is on: each spoken answer is kept in {saved_answers_dir()} "
            "for your own review, and sent nowhere."
            if svc.settings.save_answers and svc.settings.voice_answers != "off"
            else None
        )
        found = [
            voice,
            self.voice_answers_note(),
            getattr(self.app, "text_size_note", None),
            svc.store.notice,
            saving,
            *svc.notices,
        ]
        return [n for n in dict.fromkeys(found) if n]

    def draw(self, surf: pygame.Surface) -> None:
        """Rows with their values and arrows; notices underneath."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        surf.fill(p.bg)
        text(surf, f, "Settings", (self.col.x, pad * 2), t.title, p.text, bold=True)
        for i, r in enumerate(self.rows):
            self._draw_row(surf, i, r)
        self._draw_notices(surf)
        text(
            surf,
            f,
            "↑↓ choose · ←→ or Enter change · Esc done",
            (self.col.x, self.buttons[0].rect.centery),
            t.small,
            p.dim,
            anchor="midleft",
        )
        self.draw_buttons(surf)

    def _draw_row(self, surf: pygame.Surface, i: int, r: Row) -> None:
        """One setting: its label, the arrows either side of its value, the value."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        active = i == self.selected
        panel(
            surf,
            t,
            r.rect,
            fill=p.accent_soft if active and not t.high_contrast else p.panel,
            border=p.focus if active else p.border,
        )
        text(
            surf,
            f,
            r.label,
            (r.rect.x + pad, r.rect.centery),
            t.body,
            p.text,
            bold=True,
            anchor="midleft",
        )
        for box, glyph in ((r.minus, "‹"), (r.plus, "›")):
            pygame.draw.rect(
                surf, p.panel_alt if not t.high_contrast else p.bg, box, border_radius=t.radius
            )
            pygame.draw.rect(surf, p.border, box, 1, border_radius=t.radius)
            text(surf, f, glyph, box.center, t.heading, p.text, bold=True, anchor="center")
        mid = (r.minus.right + r.plus.x) // 2
        slot = r.plus.x - r.minus.right - t.px(8)
        text(
            surf,
            f,
            ellipsize(f, self.value_text(i), t.body, slot, True),
            (mid, r.rect.centery),
            t.body,
            p.accent if not t.high_contrast else p.text,
            bold=True,
            anchor="center",
        )

    def _draw_notices(self, surf: pygame.Surface) -> None:
        """The notices under the rows, each whole or, the last that fits, cut at a line."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        y = self.notice_y
        limit = self.buttons[0].rect.y - pad
        for n in self.notices():
            h = text_block(None, f, n, 0, 0, self.col.w - pad * 2, t.small)
            fit = None
            if y + h > limit:
                # a notice that does not fit whole shows the lines that do, ending at a word
                fit = (limit - y) // f.line_height(t.small)
                if fit < 1:
                    break
                h = fit * f.line_height(t.small)
            pygame.draw.rect(surf, p.warn, (self.col.x, y + 3, 4, h - 6))
            w = self.col.w - pad * 2
            text_block(surf, f, n, self.col.x + pad, y, w, t.small, p.text, max_lines=fit)
            if fit is not None:
                break
            y += h + pad // 2
