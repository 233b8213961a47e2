"""The numbers a report shows, computed once from call records: per trainee, per scenario, per mistake."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean

from simulator.store.base import CallRecord
from simulator.store.progress import principle_averages, principle_names, principle_trend


def merge(*sources: Iterable[CallRecord]) -> list[CallRecord]:
    """Calls from several database files as one list, oldest first, each call once however many files hold it."""
    seen: dict[str, CallRecord] = {}
    for source in sources:
        for record in source:
            seen.setdefault(record.fingerprint(), record)
    return sorted(seen.values(), key=lambda r: (r.finished_at, r.trainee, r.scenario_id))


def duration_seconds(record: CallRecord) -> float | None:
    """How long the call took, from its start and finish times; None when they cannot be read."""
    try:
        start = datetime.fromisoformat(record.started_at)
        end = datetime.fromisoformat(record.finished_at)
        return max(0.0, (end - start).total_seconds())
    except (TypeError, ValueError):
        return None


def points_lost(decision: dict) -> int:
    """Points a decision cost (the sum of its negative points), as a positive number."""
    return -sum(v for v in decision.get("points", {}).values() if isinstance(v, (int, float)) and v < 0)


def scenario_title(records: Sequence[CallRecord], scenario_id: str) -> str:
    """The title stored with the latest call of a scenario, or its id."""
    for record in reversed(records):
        if record.scenario_id == scenario_id and record.extra.get("title"):
            return str(record.extra["title"])
    return scenario_id


@dataclass
class TraineeSummary:
    """One trainee's calls and averages."""

    name: str
    calls: list[CallRecord]
    averages: dict[str, float]
    trend: dict[str, list[float | None]]

    @property
    def count(self) -> int:
        """How many calls."""
        return len(self.calls)

    @property
    def passed(self) -> int:
        """How many calls reached the pass mark."""
        return sum(1 for c in self.calls if c.passed)

    @property
    def average_percent(self) -> float:
        """Mean overall percent."""
        return round(mean(c.percent for c in self.calls), 1) if self.calls else 0.0


@dataclass
class Mistake:
    """An option trainees chose that lost points: how often, by whom, and what it cost."""

    node_id: str
    text: str
    count: int = 0
    trainees: set[str] = field(default_factory=set)
    lost: int = 0
    principles: Counter = field(default_factory=Counter)
    mechanics: Counter = field(default_factory=Counter)

    @property
    def average_lost(self) -> float:
        """Points lost per time it was chosen."""
        return round(self.lost / self.count, 1) if self.count else 0.0


@dataclass
class ScenarioSummary:
    """How a scenario goes across trainees, and where they go wrong in it."""

    scenario_id: str
    title: str
    calls: list[CallRecord]
    mistakes: list[Mistake]

    @property
    def count(self) -> int:
        """How many calls."""
        return len(self.calls)

    @property
    def trainees(self) -> int:
        """How many different trainees played it."""
        return len({c.trainee for c in self.calls})

    @property
    def average_percent(self) -> float:
        """Mean overall percent."""
        return round(mean(c.percent for c in self.calls), 1) if self.calls else 0.0

    @property
    def pass_rate(self) -> float:
        """Percent of calls that passed."""
        return round(100.0 * sum(c.passed for c in self.calls) / len(self.calls), 1) if self.calls else 0.0


def trainee_summaries(records: Sequence[CallRecord]) -> list[TraineeSummary]:
    """One summary per trainee, by name."""
    names = sorted({r.trainee for r in records}, key=str.casefold)
    out = []
    for name in names:
        own = [r for r in records if r.trainee == name]
        out.append(TraineeSummary(name, own, principle_averages(own), principle_trend(own)))
    return out


def mistakes(records: Iterable[CallRecord]) -> list[Mistake]:
    """Options chosen that lost points, most often chosen first (then the costliest)."""
    found: dict[tuple[str, str], Mistake] = {}
    for record in records:
        for d in record.decisions:
            lost = points_lost(d)
            if lost <= 0:
                continue
            key = (str(d.get("node_id", "")), str(d.get("text", "")))
            m = found.setdefault(key, Mistake(*key))
            m.count += 1
            m.trainees.add(record.trainee)
            m.lost += lost
            for name, v in d.get("points", {}).items():
                if isinstance(v, (int, float)) and v < 0:
                    m.principles[name] += -v
            m.mechanics.update(d.get("mechanics", []))
    return sorted(found.values(), key=lambda m: (-m.count, -m.lost, m.node_id, m.text))


def scenario_summaries(records: Sequence[CallRecord]) -> list[ScenarioSummary]:
    """One summary per scenario, by id."""
    out = []
    for sid in sorted({r.scenario_id for r in records}):
        own = [r for r in records if r.scenario_id == sid]
        out.append(ScenarioSummary(sid, scenario_title(records, sid), own, mistakes(own)))
    return out


__all__ = [
    "Mistake",
    "ScenarioSummary",
    "TraineeSummary",
    "duration_seconds",
    "merge",
    "mistakes",
    "points_lost",
    "principle_names",
    "scenario_summaries",
    "scenario_title",
    "trainee_summaries",
]
