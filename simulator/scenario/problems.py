"""Problems found in a scenario file: values, never prints or raises."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from simulator.scenario.located import Pos


class Severity(StrEnum):
    """How bad a problem is: errors stop a scenario from playing, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Fix:
    """A suggested edit a tool can apply: source lines ``first``..``last`` (1-based, inclusive) become ``text``."""

    first: int
    last: int
    text: str

    def apply(self, source: str) -> str:
        """``source`` with this edit made (lines split on newlines, the rest untouched)."""
        lines = source.split("\n")
        return "\n".join([*lines[: self.first - 1], *self.text.split("\n"), *lines[self.last :]])


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at one place: where, how bad, what and what to do, and which rule."""

    pos: Pos
    severity: Severity
    message: str
    rule: str
    # Other places the message cites (for example the first of two duplicates).
    related: tuple[Pos, ...] = field(default=(), compare=False)
    # The edit the message suggests, when there is exactly one (did-you-mean, the quoted text).
    fix: Fix | None = field(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.pos}: {self.severity.value}: {self.message} [{self.rule}]"


def error(
    pos: Pos, message: str, rule: str, related: tuple[Pos, ...] = (), fix: Fix | None = None
) -> Problem:
    """Build an error problem."""
    return Problem(pos, Severity.ERROR, message, rule, related, fix)


def warning(
    pos: Pos, message: str, rule: str, related: tuple[Pos, ...] = (), fix: Fix | None = None
) -> Problem:
    """Build a warning problem."""
    return Problem(pos, Severity.WARNING, message, rule, related, fix)


def word_fix(source: str, pos: Pos, old: str, new: str) -> Fix | None:
    """The fix writing ``new`` where ``old`` is written at ``pos`` (None when the source reads otherwise there)."""
    lines = source.split("\n")
    if not 1 <= pos.line <= len(lines) or not old:
        return None
    line = lines[pos.line - 1]
    start = pos.col - 1
    if line[start : start + len(old)] != old:
        return None
    return Fix(pos.line, pos.line, line[:start] + new + line[start + len(old) :])


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any of ``problems`` is an error."""
    return any(p.is_error for p in problems)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for the closest candidate, or ''."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
