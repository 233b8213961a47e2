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


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at one place: where, how bad, what and what to do, and which rule."""

    pos: Pos
    severity: Severity
    message: str
    rule: str
    # Other places the message cites (for example the first of two duplicates).
    related: tuple[Pos, ...] = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.pos}: {self.severity.value}: {self.message} [{self.rule}]"


def error(pos: Pos, message: str, rule: str, related: tuple[Pos, ...] = ()) -> Problem:
    """Build an error problem."""
    return Problem(pos, Severity.ERROR, message, rule, related)


def warning(pos: Pos, message: str, rule: str, related: tuple[Pos, ...] = ()) -> Problem:
    """Build a warning problem."""
    return Problem(pos, Severity.WARNING, message, rule, related)


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any of ``problems`` is an error."""
    return any(p.is_error for p in problems)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for the closest candidate, or ''."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
