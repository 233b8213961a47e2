"""The registry of validation rules: each rule is a small module with an id and a check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from simulator.scenario.located import Pos, YMap
from simulator.scenario.model import Scenario
from simulator.scenario.problems import Problem
from simulator.scenario.rubric import Rubric
from simulator.validation.schema_walk import Finding


@dataclass
class Context:
    """Everything a rule may look at for one scenario file."""

    path: str
    doc: YMap
    scenario: Scenario
    rubric: Rubric
    findings: list[Finding]
    asset_dirs: tuple[Path, ...] = ()
    cache: dict[str, object] = field(default_factory=dict)
    # The loader's notes on backslash escapes in double quotes (position, escape as written).
    escapes: list[tuple[Pos, str]] = field(default_factory=list)
    # The file's text as read: rules about what the parser drops (comments) look at the source.
    text: str = ""


Check = Callable[[Context], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    """A validation rule: id, one-line description, and its check."""

    id: str
    description: str
    check: Check


RULES: dict[str, Rule] = {}


def rule(rule_id: str, description: str) -> Callable[[Check], Check]:
    """Register ``check`` as the rule ``rule_id``."""

    def register(check: Check) -> Check:
        RULES[rule_id] = Rule(rule_id, description, check)
        return check

    return register
