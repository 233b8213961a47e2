"""The scenario list: kind, difficulty, summary, best grade, unplayed marker; broken files greyed.

A broken file is listed with its first error.

A story told in two calls is listed as one: part 2 (a scenario with ``follows:``) comes right under its part 1,
indented, as "Part 2 - 3 days later". It can always be played: it continues the trainee's last call of part 1
(the flags that call ended with, so the customer remembers what was promised), or, before part 1 was played,
part 1 as it goes by the book (its best route). The card says which.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from simulator.engine.debrief_text import teaches_text
from simulator.scenario.model import DIFFICULTIES, KIND_LABELS, KINDS, Scenario
from simulator.store.base import CallRecord
from simulator.store.story import first_call_of, inherited_flags, part_label, part_number
from simulator.ui.measure import button_height
from simulator.ui.pg import pygame
from simulator.ui.scene import Scene
from simulator.ui.scene_registry import open_scene, register_scene
from simulator.ui.widgets import Button, ellipsize, layout_row, panel, text, text_block
from simulator.validation.validate import FileReport

Rect = pygame.Rect
FILTERS = ("all", *DIFFICULTIES)


LIST_STEPS = {  # how far a key moves the selection through the list
    pygame.K_DOWN: 1,
    pygame.K_UP: -1,
    pygame.K_PAGEDOWN: 5,
    pygame.K_PAGEUP: -5,
    pygame.K_HOME: -(10**6),
    pygame.K_END: 10**6,
}
WARNING_LINES = 3  # a store warning above the list is cut after this many lines


@dataclass
class Card:
    """One library entry and where it is drawn."""

    report: FileReport
    rect: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))
    origin: str = ""  # where the file came from: 'built-in', 'yours' or the folder
    part: int = 1  # 2 for the second call of a story, and so on
    label: str = ""  # "Part 2 - 3 days later" for a follow-up call
    nested: bool = False  # drawn indented, right under the call it follows

    @property
    def playable(self) -> bool:
        """True when the file has no errors."""
        return self.report.scenario is not None


def story_order(reports: list[FileReport]) -> list[tuple[FileReport, int, str]]:
    """``reports`` (already in picker order) with each follow-up call moved right under the call it follows.

    Returns (report, part, label): part 1 and an empty label for a call that stands alone or opens a story.
    A follow-up call whose first part is not in the list (filtered out, broken, missing) keeps its place
    and its label, so it can still be found and played.
    """
    playable = {r.scenario.id: r for r in reports if r.scenario is not None}
    by_id = {sid: r.scenario for sid, r in playable.items() if r.scenario is not None}
    after: dict[str, list[FileReport]] = {}
    placed_under: set[int] = set()
    for r in reports:
        first = first_call_of(r.scenario) if r.scenario is not None else None
        if first is not None and first in playable and first != r.scenario.id:  # type: ignore[union-attr]
            after.setdefault(first, []).append(r)
            placed_under.add(id(r))
    out: list[tuple[FileReport, int, str]] = []
    seen: set[int] = set()

    def add(r: FileReport) -> None:
        if id(r) in seen:
            return
        seen.add(id(r))
        s = r.scenario
        part = part_number(s, by_id) if s is not None else 1
        out.append((r, part, part_label(s, part) if s is not None and part > 1 else ""))
        for follow in after.get(s.id if s is not None else "", []):
            add(follow)

    for r in reports:
        if id(r) not in placed_under:
            add(r)
    for r in reports:  # parts of a chain that loops back on itself: still listed
        add(r)
    return out


def picker_order(report: FileReport) -> tuple[int, int, str, str]:
    """Easy calls first, then medium, then hard (a new trainee should not meet the hardest first), by title
    within each; files that cannot be played come last, by file name."""
    s = report.scenario
    if s is None:
        return (1, 0, "", os.path.basename(report.path).lower())
    rank = DIFFICULTIES.index(s.difficulty) if s.difficulty in DIFFICULTIES else len(DIFFICULTIES)
    return (0, rank, s.title.casefold(), s.id)


@register_scene("picker")
class PickerScene(Scene):
    """↑↓ or hover to pick, Enter or click to play; F filters by difficulty, K by kind, G by principle
    taught, M switches graded/practice."""

    name = "picker"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.selected = 0
        self.hover_card = -1
        self.list_area = Rect(0, 0, 0, 0)  # empty until the first layout
        self.warning_rect: Rect | None = None
        self.store_warning = ""
        self.scroll = 0
        self.filter = "all"
        self.kind = "all"
        self.teaches = "all"  # a principle name: only calls that teach it
        self.practice = False
        self.grades: dict[str, str] = {}
        # the trainee's last call of each first part that a listed follow-up call continues (None: not played yet)
        self.part1_calls: dict[str, CallRecord | None] = {}
        # whose grades these are and how many calls the app had recorded then: reading every stored call again
        # is only needed when either changes, not on each filter key or return to the list
        self._grades_key: tuple[str, int] | None = None
        self.progress_button = Button("Progress", self.open_progress, "P")
        self.settings_button = Button("Settings", self.open_settings, "S")
        self.trainee_button = Button("Switch trainee", self.switch_trainee, "T", kind="quiet")
        self.filter_button = Button("Difficulty: all", self.cycle_filter, "F", kind="quiet")
        self.kind_button = Button("Kind: all", self.cycle_kind, "K", kind="quiet")
        self.teaches_button = Button("Teaches: all", self.cycle_teaches, "G", kind="quiet")
        self.mode_button = Button("Mode: graded", self.toggle_mode, "M", kind="quiet")
        self.buttons = [
            self.filter_button,
            self.kind_button,
            self.teaches_button,
            self.mode_button,
            self.trainee_button,
            self.progress_button,
            self.settings_button,
        ]
        self.cards: list[Card] = []

    # --- data ----------------------------------------------------------------------

    def enter(self) -> None:
        """Load the library (once) and the trainee's grades."""
        self.refresh()

    def resume(self, result: Any = None) -> None:
        """Back from a call or a screen: grades may have changed."""
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the card list, reading the grades again only when the trainee changed or a call was recorded."""
        key = (self.app.trainee, self.app.calls_recorded)
        if key != self._grades_key:
            # the store does not raise on a read fault: it returns what it has and says why in its notice
            self.grades = self.app.services.store.best_grades(self.app.trainee or None)
            self._grades_key = key
            self.part1_calls = {}  # read again, for the follow-up calls only, when they are asked for
        reports = self.app.library.reports
        library = self.app.library
        shown = [r for r in sorted(reports, key=picker_order) if self._shown(r)]
        self.cards = []
        for r, part, label in story_order(shown):
            first = first_call_of(r.scenario) if r.scenario is not None else None
            nested = first is not None and any(
                c.report.scenario is not None and c.report.scenario.id == first for c in self.cards
            )
            self.cards.append(
                Card(r, origin=library.origin_of(r).label, part=part, label=label, nested=nested)
            )
        self.selected = min(self.selected, max(0, len(self.cards) - 1))
        if self.list_area.w:
            self.layout(*self.app.size)
        self.dirty = True

    def _shown(self, report: FileReport) -> bool:
        """True when the report passes every filter (a broken file shows only while all are 'all')."""
        s = report.scenario
        if self.filter != "all" and (s is None or s.difficulty != self.filter):
            return False
        if self.teaches != "all" and (s is None or self.teaches not in s.teaches):
            return False
        return self.kind == "all" or (s is not None and s.kind == self.kind)

    def kinds(self) -> list[str]:
        """'all', then the kinds the library has, in the model's order."""
        present = {r.scenario.kind for r in self.app.library.reports if r.scenario is not None}
        return ["all", *[k for k in KINDS if k in present], *sorted(present - set(KINDS))]

    def taught(self) -> list[str]:
        """'all', then the principles some call of the library teaches, in the rubric's order."""
        present = {
            p
            for r in self.app.library.reports
            if r.scenario is not None
            for p in r.scenario.teaches
        }
        order = list(self._rubric().principles) if self._rubric() is not None else []
        return ["all", *[p for p in order if p in present], *sorted(present - set(order))]

    def _rubric(self) -> Any:
        """The rubric of the first playable call (for the principles' titles), or None."""
        report = next((r for r in self.app.library.reports if r.scenario is not None), None)
        return self.app.rubric_for(report.path)[0] if report is not None else None

    def teaches_line(self, report: FileReport) -> str:
        """'Teaches: Listening, Empathy' for a playable call that names its goals, else ''."""
        s = report.scenario
        return teaches_text(s.teaches, self.app.rubric_for(report.path)[0]) if s is not None else ""

    # --- actions ------------------------------------------------------------------

    def play(self, index: int) -> None:
        """Start the call of card ``index`` (broken files show their problems instead)."""
        if not 0 <= index < len(self.cards):
            return
        card = self.cards[index]
        if card.report.scenario is None:
            self.app.push(open_scene("problems", self.app, card.report.path, card.report.problems))
            return
        rubric, problems = self.app.rubric_for(card.report.path)
        if rubric is None:
            self.app.push(
                open_scene(
                    "problems",
                    self.app,
                    card.report.path,
                    problems,
                    title="The rubric cannot be read",
                )
            )
            return
        self.app.push(
            open_scene(
                "call",
                self.app,
                card.report.scenario,
                rubric,
                card.report.path,
                mode="practice" if self.practice else "graded",
                inheritance=self.inheritance(card, rubric),
            )
        )

    def inheritance(self, card: Card, rubric: Any) -> Any:
        """What a follow-up call inherits for this trainee: their last call of part 1, else part 1's best route."""
        s = card.report.scenario
        first_id = first_call_of(s) if s is not None else None
        if s is None or first_id is None:
            return None
        record = self.part1_call(first_id)
        return inherited_flags(
            s, rubric, find=self.app.library.find, records=[record] if record else []
        )

    def part1_call(self, first_id: str) -> CallRecord | None:
        """The trainee's most recent call of ``first_id`` (a guest's calls are stored as 'guest'), read
        once per refresh."""
        if first_id not in self.part1_calls:
            self.part1_calls[first_id] = self.app.services.store.last_call(
                self.app.trainee or "guest", first_id
            )
        return self.part1_calls[first_id]

    def story_note(self, card: Card) -> str:
        """Under a follow-up call's title: which part 1 it continues."""
        s = card.report.scenario
        first_id = first_call_of(s) if s is not None else None
        if first_id is None:
            return ""
        first = self.app.library.find(first_id)
        name = f"'{first.title}'" if first is not None else first_id
        if self.part1_call(first_id) is not None:
            return f"{card.label}: continues your last call of {name}."
        return f"{card.label}: you have not played {name} yet, so it plays on as if it went by the book."

    def open_progress(self) -> None:
        """The trainee's progress screen."""
        self.app.push(open_scene("progress", self.app), self._after_progress)

    def _after_progress(self, result: Any) -> None:
        if isinstance(result, str):
            index = next(
                (
                    i
                    for i, c in enumerate(self.cards)
                    if c.report.scenario and c.report.scenario.id == result
                ),
                -1,
            )
            if index >= 0:
                self.selected = index
                self.play(index)

    def open_settings(self) -> None:
        """The settings screen."""
        self.app.push(open_scene("settings", self.app))

    def switch_trainee(self) -> None:
        """Back to the profile screen."""
        self.app.reset(open_scene("profile", self.app))

    def cycle_filter(self, step: int = 1) -> None:
        """Show all scenarios, or only one difficulty."""
        self.filter = FILTERS[(FILTERS.index(self.filter) + step) % len(FILTERS)]
        self.scroll = 0
        self.selected = 0
        self.refresh()

    def cycle_kind(self, step: int = 1) -> None:
        """Show all scenarios, or only one kind of caller (only kinds the library has)."""
        kinds = self.kinds()
        i = kinds.index(self.kind) if self.kind in kinds else 0
        self.kind = kinds[(i + step) % len(kinds)]
        self.scroll = 0
        self.selected = 0
        self.refresh()

    def cycle_teaches(self, step: int = 1) -> None:
        """Show all scenarios, or only those that teach one principle (only principles the library teaches)."""
        taught = self.taught()
        i = taught.index(self.teaches) if self.teaches in taught else 0
        self.teaches = taught[(i + step) % len(taught)]
        self.scroll = 0
        self.selected = 0
        self.refresh()

    def _label_filters(self, short: bool) -> None:
        kind = KIND_LABELS.get(self.kind, self.kind) if self.kind != "all" else "all kinds"
        level = self.filter if self.filter != "all" else "all levels"
        self.filter_button.label = level.capitalize() if short else f"Difficulty: {self.filter}"
        self.kind_button.label = (
            kind
            if short
            else f"Kind: {kind[0].lower() + kind[1:] if self.kind != 'all' else 'all'}"
        )
        title = (
            teaches_text([self.teaches], self._rubric())[len("Teaches: ") :]
            if self.teaches != "all"
            else "all"
        )
        self.teaches_button.label = (
            (title if self.teaches != "all" else "All goals") if short else f"Teaches: {title}"
        )

    def toggle_mode(self) -> None:
        """Graded calls count; practice calls allow undo."""
        self.practice = not self.practice
        self.mode_button.label = f"Mode: {'practice' if self.practice else 'graded'}"
        self.layout(*self.app.size)

    # --- events ---------------------------------------------------------------------

    def handle_event(self, ev: pygame.event.Event) -> None:
        """Keys, wheel and mouse."""
        if ev.type == pygame.KEYDOWN and self._key(ev):
            return
        if ev.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(self.max_scroll, self.scroll - ev.y * self.theme.px(60)))
            self._place()
            self.dirty = True
            return
        if ev.type == pygame.MOUSEMOTION:
            hit = self._card_at(ev.pos)
            if hit != self.hover_card:
                self.hover_card = hit
                if hit >= 0:
                    self.select(hit)
                self.dirty = True
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1:
            hit = self._card_at(ev.pos)
            if hit >= 0:
                self.select(hit)
                self.play(hit)
                return
        self.handle_buttons(ev)

    def _key(self, ev: pygame.event.Event) -> bool:
        """Hotkeys, list keys and Enter; True when the key was used."""
        k = ev.key
        back = (
            -1 if ev.mod & pygame.KMOD_SHIFT else 1
        )  # Shift+F / K / G step back through the filters
        hot = {
            pygame.K_p: self.open_progress,
            pygame.K_s: self.open_settings,
            pygame.K_t: self.switch_trainee,
            pygame.K_ESCAPE: self.switch_trainee,
            pygame.K_f: lambda: self.cycle_filter(back),
            pygame.K_k: lambda: self.cycle_kind(back),
            pygame.K_g: lambda: self.cycle_teaches(back),
            pygame.K_m: self.toggle_mode,
            pygame.K_F5: self._reload,
        }
        if k in hot:
            hot[k]()
            return True
        step = LIST_STEPS.get(k)
        if step is not None and self.cards:
            self.select(max(0, min(len(self.cards) - 1, self.selected + step)))
            self.focus = -1
            self._scroll_to(self.selected)
            self.dirty = True
            return True
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.focus < 0:
            self.play(self.selected)
            return True
        return False

    def _reload(self) -> None:
        """F5: read the scenario folder again."""
        self.app.reload_library()
        self.refresh()

    def _card_at(self, pos: tuple[int, int]) -> int:
        if not self.list_area.collidepoint(pos):
            return -1
        return next((i for i, c in enumerate(self.cards) if c.rect.collidepoint(pos)), -1)

    # --- layout and drawing --------------------------------------------------------------

    def _place_toolbar(self, tools: list[Button], left: int, right: int) -> int:
        """The filter buttons in a row between ``left`` and ``right``, with shorter labels when it does not
        fit, wrapping onto more rows as a last resort; returns the toolbar's bottom."""
        t, f = self.theme, self.fonts
        pad, bh = t.pad, button_height(t)
        for attempt in range(3):
            x = left
            for b in tools:
                w = b.width_for(f, t)
                b.rect = Rect(x, self.toolbar_y, w, bh)
                x += w + pad // 2
            if x - pad // 2 <= right:
                break
            if attempt == 0:
                self.trainee_button.label = "Trainee"  # a narrow window: the short label fits
            elif attempt == 1:
                self._label_filters(short=True)
        if tools[-1].rect.right <= right:
            return self.toolbar_y + bh
        # still too wide (huge text in a small window): wrap onto more rows
        x, y = left, self.toolbar_y
        for b in tools:
            if x > left and x + b.rect.w > right:
                x, y = left, y + bh + pad // 2
            b.rect.topleft = (x, y)
            x += b.rect.w + pad // 2
        return y + bh

    def layout(self, width: int, height: int) -> None:
        """Header with the trainee and buttons; a scrolling column of cards."""
        t, f = self.theme, self.fonts
        pad = t.pad
        self.W = width
        self.header_h = f.line_height(t.title, True) + f.line_height(t.small) + pad * 2
        tools = self._place_header_buttons(width)
        self.toolbar_y = self.header_h + pad
        col = min(width - pad * 4, t.px(1100))
        self.trainee_button.label = "Switch trainee"
        self._label_filters(short=False)
        left, right = (width - col) // 2, (width + col) // 2
        bottom = self._place_toolbar(tools, left, right)
        self.buttons = [
            self.filter_button,
            self.kind_button,
            self.teaches_button,
            self.mode_button,
            self.trainee_button,
            self.progress_button,
            self.settings_button,
        ]
        top = self._place_warning(left, bottom + pad, col)
        self.list_area = Rect(
            (width - col) // 2, top, col, height - top - f.line_height(t.small) - pad * 2
        )
        self.hint_y = self.list_area.bottom + pad // 2
        self._measure_cards()
        self._place()
        self.dirty = True

    def _place_header_buttons(self, width: int) -> list[Button]:
        """Place the header's buttons right of the title; returns the buttons for the toolbar row
        (with the header's own when a narrow window leaves them no room beside the title)."""
        t, f = self.theme, self.fonts
        pad = t.pad
        bh = button_height(t)
        layout_row(
            [self.trainee_button, self.progress_button, self.settings_button],
            f,
            t,
            width - pad * 2,
            (self.header_h - bh) // 2,
        )
        title_right = pad * 2 + max(
            f.get(t.title, True).size("On the Line")[0], f.get(t.small).size(self._subtitle())[0]
        )
        tools = [self.filter_button, self.kind_button, self.teaches_button, self.mode_button]
        if self.trainee_button.rect.x >= max(width * 0.45, title_right + pad):
            return tools
        # narrow window: the quiet button goes to the toolbar row
        layout_row(
            [self.progress_button, self.settings_button],
            f,
            t,
            width - pad * 2,
            (self.header_h - bh) // 2,
        )
        tools.append(self.trainee_button)
        if self.progress_button.rect.x < title_right + pad:
            # still over the title: every button goes to the toolbar, which wraps
            tools += [self.progress_button, self.settings_button]
        return tools

    def _place_warning(self, left: int, top: int, col: int) -> int:
        """Measure the store's warning above the list; returns where the list starts."""
        t, f = self.theme, self.fonts
        pad = t.pad
        # progress kept in memory only (or another store warning): said above the list, not only on the
        # Progress screen; the store's notice names the file and the reason
        self.store_warning = self.app.services.store.notice or ""
        self.warning_rect = None
        if not self.store_warning:
            return top
        words_h = text_block(
            None, f, self.store_warning, 0, 0, col - pad * 2, t.small, max_lines=WARNING_LINES
        )
        self.warning_rect = Rect(left, top, col, words_h + pad)
        return self.warning_rect.bottom + pad // 2

    def _measure_cards(self) -> None:
        """Each card's height for its text: the selected card's description whole, the others cut."""
        t, f = self.theme, self.fonts
        pad = t.pad
        col = self.list_area.w
        for c in self.cards:
            indent = self.indent(c)
            inner = col - indent - pad * 2 - t.px(110)
            if c.playable:
                h = (
                    f.line_height(t.body, True)
                    + t.px(6)
                    + self._whole_title(None, c, 0, 0, inner)
                    + text_block(
                        None,
                        f,
                        self.card_text(c),
                        0,
                        0,
                        inner,
                        t.small,
                        max_lines=self.card_lines(c),
                    )
                )
                if self.teaches_line(c.report):
                    h += f.line_height(t.small, True)
            else:
                first = c.report.first_error
                h = (
                    f.line_height(t.body, True)
                    + t.px(6)
                    + text_block(
                        None,
                        f,
                        str(first) if first else "cannot be read",
                        0,
                        0,
                        inner,
                        t.small,
                        max_lines=2,
                    )
                )
            c.rect = Rect(self.list_area.x + indent, 0, col - indent, h + pad * 2)
        self._place()
        self.dirty = True

    def indent(self, card: Card) -> int:
        """How far a card is drawn in from the list's edge: a follow-up call sits under its first part."""
        return self.theme.px(28) * min(card.part - 1, 2) if card.nested else 0

    def card_text(self, card: Card) -> str:
        """The line under a card's title: the summary, after the story note for a follow-up call."""
        s = card.report.scenario
        if s is None:
            return ""
        note = self.story_note(card) if card.part > 1 else ""
        return f"{note} {s.summary}" if note else s.summary

    def title_width(self, card: Card, inner: int) -> int:
        """The room for a card's title on its row, beside the kind chip, the difficulty and the origin."""
        t, f = self.theme, self.fonts
        s = card.report.scenario
        if s is None:
            return inner
        chip_w = f.get(t.small).size(KIND_LABELS.get(s.kind, s.kind))[0] + t.pad
        level_w = t.px(36) + f.get(t.small).size(self._level_text(card))[0]
        return max(t.px(40), inner - chip_w - t.pad * 2 - level_w)

    def _level_text(self, card: Card) -> str:
        s = card.report.scenario
        difficulty = s.difficulty if s is not None else ""
        if not card.origin:
            return difficulty
        return f"{difficulty} · {ellipsize(self.fonts, card.origin, self.theme.small, self.theme.px(160))}"

    def whole_title(self, card: Card, inner: int) -> str:
        """The selected card's title when its row cuts it short (shown whole under the row), else ''."""
        s = card.report.scenario
        if (
            s is None
            or not (0 <= self.selected < len(self.cards))
            or self.cards[self.selected] is not card
        ):
            return ""
        width = self.title_width(card, inner)
        cut = ellipsize(self.fonts, s.title, self.theme.body, width, True) != s.title
        return s.title if cut else ""

    def _whole_title(
        self, surf: pygame.Surface | None, card: Card, x: int, y: int, inner: int
    ) -> int:
        """Draw (or with ``surf=None`` measure) the selected card's whole title; the height it takes."""
        title = self.whole_title(card, inner)
        if not title:
            return 0
        t = self.theme
        return text_block(
            surf, self.fonts, title, x, y, inner, t.body, t.palette.text, True
        ) + t.px(4)

    def card_lines(self, card: Card) -> int | None:
        """Lines the card's text may take: all of them on the selected card (hover or keys), else two,
        one more for a follow-up call's story note; a cut description ends after a whole word."""
        if 0 <= self.selected < len(self.cards) and self.cards[self.selected] is card:
            return None
        return 3 if card.part > 1 else 2

    def select(self, index: int) -> None:
        """Highlight card ``index``: its description opens up whole, so the cards are measured again."""
        if index != self.selected:
            self.selected = index
            if self.list_area.w:
                self._measure_cards()
        self.dirty = True

    def _subtitle(self) -> str:
        who = self.app.trainee or "guest"
        playable = sum(1 for c in self.cards if c.playable)
        return f"{who} · {playable} call{'s' if playable != 1 else ''} to practise"

    def _place(self) -> None:
        gap = self.theme.px(10)
        total = sum(c.rect.h for c in self.cards) + gap * max(0, len(self.cards) - 1)
        self.max_scroll = max(0, total - self.list_area.h)
        self.scroll = max(0, min(self.scroll, self.max_scroll))
        y = self.list_area.y - self.scroll
        for c in self.cards:
            c.rect.y = y
            y += c.rect.h + gap

    def _scroll_to(self, index: int) -> None:
        r = self.cards[index].rect
        if r.bottom > self.list_area.bottom:
            self.scroll += r.bottom - self.list_area.bottom
        elif r.top < self.list_area.top:
            self.scroll -= self.list_area.top - r.top
        self._place()

    def draw(self, surf: pygame.Surface) -> None:
        """Header, toolbar, cards, hint."""
        surf.fill(self.theme.palette.bg)
        self._draw_header(surf)
        self._draw_cards(surf)
        if not self.cards:
            t, p = self.theme, self.theme.palette
            msg = self._empty_message()
            text(surf, self.fonts, msg, self.list_area.center, t.body, p.dim, anchor="center")
        self._draw_footer(surf)
        self.draw_buttons(surf)

    def _draw_header(self, surf: pygame.Surface) -> None:
        """The title strip, the sync status and the store's warning above the list."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        pygame.draw.rect(surf, p.panel, (0, 0, self.W, self.header_h))
        pygame.draw.line(
            surf, p.border, (0, self.header_h - 1), (self.W, self.header_h - 1), t.line_width
        )
        text(surf, f, "On the Line", (pad * 2, pad), t.title, p.accent, bold=True)
        text(
            surf, f, self._subtitle(), (pad * 2, pad + f.line_height(t.title, True)), t.small, p.dim
        )
        self._draw_sync_status(surf)
        if self.warning_rect is not None:
            box = self.warning_rect
            panel(surf, t, box, fill=p.panel, border=p.warn)
            x, y, w = box.x + pad, box.y + pad // 2, box.w - pad * 2
            lines = WARNING_LINES
            text_block(surf, f, self.store_warning, x, y, w, t.small, p.text, max_lines=lines)

    def _draw_cards(self, surf: pygame.Surface) -> None:
        """The cards in view, clipped to the list."""
        clip = surf.get_clip()
        surf.set_clip(self.list_area.inflate(self.theme.pad * 2, 0))
        for i, c in enumerate(self.cards):
            if c.rect.bottom < self.list_area.top or c.rect.top > self.list_area.bottom:
                continue
            self._draw_card(surf, c, i == self.selected and self.focus < 0)
        surf.set_clip(clip)

    def _empty_message(self) -> str:
        """What an empty list says: nothing here yet, or which filters hide every call."""
        if self.filter == "all" and self.kind == "all" and self.teaches == "all":
            return "No scenarios here yet."
        what = " ".join(
            w
            for w in (
                self.filter if self.filter != "all" else "",
                KIND_LABELS.get(self.kind, self.kind).lower() if self.kind != "all" else "",
            )
            if w
        )
        goal = (
            f" that teach {self.teaches_button.label.split(': ')[-1]}"
            if self.teaches != "all"
            else ""
        )
        return (
            f"No {what + ' ' if what else ''}scenarios{goal}. "
            "Press F, K or G (or click the filters) to change them."
        )

    def _draw_footer(self, surf: pygame.Surface) -> None:
        """The more-below cue and the key hints under the list."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad = t.pad
        more = self.more_cue()
        if more:
            text(
                surf,
                f,
                more,
                (self.list_area.right, self.hint_y),
                t.small,
                p.dim,
                anchor="topright",
            )
        hint = (
            "↑↓ choose · Enter or click to play · F difficulty · K kind · G teaches · M practice · "
            "P progress · S settings · F5 reload"
        )
        room = self.list_area.w - (f.get(t.small).size(more)[0] + pad if more else 0)
        text(
            surf,
            f,
            ellipsize(f, hint, t.small, room),
            (self.list_area.x, self.hint_y),
            t.small,
            p.dim,
        )

    def _draw_sync_status(self, surf: pygame.Surface) -> None:
        """With an LRS set up: calls waiting to sync, or the last error in plain words, top right."""
        sync = self.app.services.sync
        if sync is None:
            return
        t, p, f = self.theme, self.theme.palette, self.fonts
        status = sync.status()  # a copy kept by the sync thread: no file or network access here
        title_right = t.pad * 2 + f.get(t.title, True).size("On the Line")[0]
        line = ellipsize(f, status.line(), t.small, self.W - t.pad * 5 - title_right)
        colour = p.bad if status.error else p.dim
        # in the strip above the header's buttons, so it never covers them
        y = max(0, (self.progress_button.rect.top - f.line_height(t.small)) // 2)
        text(surf, f, line, (self.W - t.pad * 2, y), t.small, colour, anchor="topright")

    def more_cue(self) -> str:
        """'more below ↓' while cards are below the list, '↑ more above' at its end, '' when all fit."""
        if not self.max_scroll:
            return ""
        return "more below ↓" if self.scroll < self.max_scroll else "↑ more above"

    def draw_difficulty(self, surf: pygame.Surface, difficulty: str, at: tuple[int, int]) -> None:
        """The difficulty as three dots from ``at``, filled up to the difficulty and outlined after it:
        high contrast's border is as bright as its accent, so the count is in the shape, not the colour."""
        t, p = self.theme, self.theme.palette
        level = DIFFICULTIES.index(difficulty) + 1 if difficulty in DIFFICULTIES else 1
        for k in range(3):
            centre = (at[0] + k * t.px(12), at[1])
            if k < level:
                pygame.draw.circle(surf, p.accent, centre, t.px(4))
            else:
                pygame.draw.circle(surf, p.border, centre, t.px(4), width=max(1, t.line_width))

    def _draw_card(self, surf: pygame.Surface, c: Card, active: bool) -> None:
        t, pad = self.theme, self.theme.pad
        inner = c.rect.w - pad * 2 - t.px(110)
        if c.nested:
            self._draw_thread(surf, c.rect)
        if not c.playable:
            self._draw_unplayable(surf, c, active, inner)
            return
        s = c.report.scenario
        assert s is not None
        self._draw_card_frame(surf, c.rect, active)
        x = c.rect.x + pad + t.px(4)
        sy = self._draw_card_heading(surf, c, s, active, x, inner)
        self._draw_card_body(surf, c, x, sy, inner)
        self._draw_grade_badge(surf, c.rect, self.grades.get(s.id))

    def _draw_thread(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        """A thread from the first part's card down to this one: the two calls are one story."""
        t, p = self.theme, self.theme.palette
        x0 = r.x - self.theme.px(14)
        pygame.draw.line(
            surf, p.border, (x0, r.y - self.theme.px(10)), (x0, r.centery), max(1, t.line_width)
        )
        pygame.draw.line(surf, p.border, (x0, r.centery), (r.x, r.centery), max(1, t.line_width))

    def _draw_unplayable(self, surf: pygame.Surface, c: Card, active: bool, inner: int) -> None:
        """A file that cannot be played: its path and its first error."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad, r = t.pad, c.rect
        panel(surf, t, r, fill=p.panel_alt, border=p.focus if active else p.border)
        text(
            surf,
            f,
            ellipsize(f, f"{c.report.path} · cannot be played", t.body, inner, True),
            (r.x + pad, r.y + pad),
            t.body,
            p.dim,
            bold=True,
        )
        first = c.report.first_error
        text_block(
            surf,
            f,
            str(first) if first else "cannot be read",
            r.x + pad,
            r.y + pad + f.line_height(t.body, True) + t.px(6),
            inner,
            t.small,
            p.bad,
            max_lines=2,
        )

    def _draw_card_frame(self, surf: pygame.Surface, r: pygame.Rect, active: bool) -> None:
        """The card's panel, with the accent bar down its left side when it is the selected one."""
        t, p = self.theme, self.theme.palette
        panel(
            surf,
            t,
            r,
            fill=p.accent_soft if active and not t.high_contrast else p.panel,
            border=p.focus if active else p.border,
        )
        if active:
            pygame.draw.rect(
                surf,
                p.accent,
                (r.x, r.y, t.px(5), r.h),
                border_top_left_radius=t.radius,
                border_bottom_left_radius=t.radius,
            )

    def _draw_card_heading(
        self, surf: pygame.Surface, c: Card, s: Scenario, active: bool, x: int, inner: int
    ) -> int:
        """The title, the kind chip, the difficulty dots and where the call comes from; returns the y
        below them."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        pad, r = t.pad, c.rect
        kind = KIND_LABELS.get(s.kind, s.kind)
        chip_w = f.get(t.small).size(kind)[0] + pad
        # where the call comes from (built-in, yours, a folder) follows the difficulty; the title gives way
        # to it, and the selected card shows it whole under the row (whole_title)
        level_text = self._level_text(c)
        title = ellipsize(f, s.title, t.body, self.title_width(c, inner), True)
        tr = text(surf, f, title, (x, r.y + pad), t.body, p.text, bold=True)
        chip = Rect(tr.right + pad // 2, tr.y + 1, chip_w, tr.h - 2)
        pygame.draw.rect(
            surf, p.panel_alt if not active else p.panel, chip, border_radius=chip.h // 2
        )
        pygame.draw.rect(surf, p.border, chip, 1, border_radius=chip.h // 2)
        text(surf, f, kind, chip.center, t.small, p.dim, anchor="center")
        dx = chip.right + pad
        self.draw_difficulty(surf, s.difficulty, (dx, chip.centery))
        text(surf, f, level_text, (dx + t.px(36), chip.centery), t.small, p.dim, anchor="midleft")
        sy = r.y + pad + f.line_height(t.body, True) + t.px(6)
        return sy + self._whole_title(surf, c, x, sy, inner)

    def _draw_card_body(self, surf: pygame.Surface, c: Card, x: int, sy: int, inner: int) -> None:
        """The description (or the last call's note) and what the call teaches."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        sy += text_block(
            surf, f, self.card_text(c), x, sy, inner, t.small, p.dim, max_lines=self.card_lines(c)
        )
        goals = self.teaches_line(c.report)
        if goals:
            text(
                surf,
                f,
                ellipsize(f, goals, t.small, inner, True),
                (x, sy),
                t.small,
                p.accent,
                bold=True,
            )

    def _draw_grade_badge(self, surf: pygame.Surface, r: pygame.Rect, grade: str | None) -> None:
        """The trainee's best grade for the call, or 'New' when they have not played it."""
        t, p, f = self.theme, self.theme.palette, self.fonts
        badge = Rect(0, 0, t.px(64), t.px(44))
        badge.midright = (r.right - t.pad, r.centery)
        if not grade:
            pygame.draw.rect(surf, p.accent, badge, border_radius=t.radius)
            text(surf, f, "New", badge.center, t.small, p.accent_text, bold=True, anchor="center")
            return
        colour = p.good if grade in "ABC" else (p.warn if grade == "D" else p.bad)
        pygame.draw.rect(surf, colour, badge, 2, border_radius=t.radius)
        text(
            surf,
            f,
            grade,
            (badge.centerx, badge.centery - t.px(5)),
            t.heading,
            colour,
            bold=True,
            anchor="center",
        )
        text(
            surf,
            f,
            "best",
            (badge.centerx, badge.bottom + 1),
            t.small,
            p.dim,
            anchor="midbottom",
        )
