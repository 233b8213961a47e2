"""What a trainer needs about a cohort, gathered in one pass over the calls, in memory that does not grow with them.

``Cohort.add`` takes each call once (the report streams them from the progress files); the
summaries keep counts and sums, plus a bounded tail per trainee for trend charts, so 100,000
calls cost no more memory than 1,000. The views follow choice analytics as BranchTrack shows
them, with what only this game knows: the principles and the critical errors.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from simulator.store.base import CallRecord
from simulator.store.report_rows import Counts

# Calls kept per trainee for their trend chart and for "needs attention".
RECENT = 30
ATTENTION_WINDOW = 5  # a trainee's latest graded calls that decide whether they need attention


class Sums(dict[str, float]):
    """Sums of percents per name; a name never added reads as 0 without being added, as in a Counter."""

    def __missing__(self, key: str) -> float:
        return 0.0


def _mean(total: float, count: int) -> float | None:
    return round(total / count, 1) if count else None


@dataclass
class Answer:
    """One answer at one decision: how often it was chosen, and how often those calls failed."""

    text: str
    chosen: int = 0
    failed: int = 0
    critical: Counter[str] = field(default_factory=Counter)

    @property
    def fail_rate(self) -> float | None:
        """Percent of the calls that chose it that failed."""
        return _mean(100.0 * self.failed, self.chosen)


@dataclass
class ScenarioStats:
    """One scenario across the cohort: results, and the item analysis of every decision."""

    scenario_id: str
    count: int = 0
    passed: int = 0
    percent_sum: float = 0.0
    trainees: set[str] = field(default_factory=set)
    # node id -> answer key -> Answer; nodes and answers in the order first met
    items: dict[str, dict[str, Answer]] = field(default_factory=dict)
    critical: Counter[str] = field(default_factory=Counter)
    principle_sum: Sums = field(default_factory=lambda: Sums())
    principle_count: Counter[str] = field(default_factory=Counter)

    @property
    def average(self) -> float | None:
        """Mean overall percent."""
        return _mean(self.percent_sum, self.count)

    @property
    def pass_rate(self) -> float | None:
        """Percent of calls that passed."""
        return _mean(100.0 * self.passed, self.count)

    def principle_average(self, name: str) -> float | None:
        """Mean percent on one principle over the calls that exercised it."""
        return _mean(self.principle_sum.get(name, 0.0), self.principle_count[name])


@dataclass
class TraineeStats:
    """One trainee: counts, principle averages, and their latest calls."""

    name: str
    count: int = 0
    passed: int = 0
    percent_sum: float = 0.0
    critical: int = 0
    principle_sum: Sums = field(default_factory=lambda: Sums())
    principle_count: Counter[str] = field(default_factory=Counter)
    recent: deque[CallRecord] = field(default_factory=lambda: deque(maxlen=RECENT))
    last: str = ""

    @property
    def average(self) -> float | None:
        """Mean overall percent."""
        return _mean(self.percent_sum, self.count)

    def principle_average(self, name: str) -> float | None:
        """Mean percent on one principle over the calls that exercised it."""
        return _mean(self.principle_sum.get(name, 0.0), self.principle_count[name])

    def attention(self, pass_mark_rate: float = 50.0) -> str | None:
        """Why this trainee needs a trainer's attention now, in plain words, or None."""
        graded = [c for c in self.recent if c.mode == "graded"][-ATTENTION_WINDOW:]
        if not graded:
            return None
        critical = sum(1 for c in graded if critical_errors(c))
        passed = sum(1 for c in graded if c.passed)
        reasons = []
        if critical:
            reasons.append(f"a critical error in {critical} of the last {len(graded)} graded calls")
        if len(graded) >= 3 and 100.0 * passed / len(graded) < pass_mark_rate:
            reasons.append(f"passed {passed} of the last {len(graded)} graded calls")
        return "; ".join(reasons) or None


def critical_errors(record: CallRecord) -> list[str]:
    """The critical error ids of a call: from its decisions, or the call's own list."""
    found: list[str] = []
    for d in record.decisions:
        ids = d.get("critical") or []
        if isinstance(ids, list):
            found += [str(i) for i in ids]
    listed = record.extra.get("critical_errors")
    if not found and isinstance(listed, list):
        found = [str(i.get("id") if isinstance(i, dict) else i) for i in listed]
    return found


def week_of(finished_at: str) -> str | None:
    """The ISO week a call finished in, as '2026-W07'; None when the time cannot be read."""
    try:
        day: date = datetime.fromisoformat(finished_at).date()
    except (TypeError, ValueError):
        return None
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Week:
    """One week of the cohort's calls."""

    count: int = 0
    passed: int = 0
    percent_sum: float = 0.0

    @property
    def pass_rate(self) -> float | None:
        """Percent of the week's calls that passed."""
        return _mean(100.0 * self.passed, self.count)

    @property
    def average(self) -> float | None:
        """Mean overall percent of the week's calls."""
        return _mean(self.percent_sum, self.count)


@dataclass
class Cohort:
    """Everything the report page shows, gathered one call at a time."""

    count: int = 0
    passed: int = 0
    percent_sum: float = 0.0
    principles: list[str] = field(default_factory=list)
    principle_sum: Sums = field(default_factory=lambda: Sums())
    principle_count: Counter[str] = field(default_factory=Counter)
    trainees: dict[str, TraineeStats] = field(default_factory=dict)
    scenarios: dict[str, ScenarioStats] = field(default_factory=dict)
    weeks: dict[str, Week] = field(default_factory=dict)
    critical: Counter[str] = field(default_factory=Counter)
    # scenario id -> "node\x1fanswer\x1fwords" -> calls (that failed): the stream's item analysis
    _chosen: dict[str, Counter[str]] = field(default_factory=dict, repr=False)
    _failed: dict[str, Counter[str]] = field(default_factory=dict, repr=False)

    def add(self, record: CallRecord) -> None:
        """Count one call in every view."""
        self.count += 1
        self.passed += record.passed
        self.percent_sum += record.percent
        t = self.trainees.setdefault(record.trainee, TraineeStats(record.trainee))
        s = self.scenarios.setdefault(record.scenario_id, ScenarioStats(record.scenario_id))
        for stats in (t, s):
            stats.count += 1
            stats.passed += record.passed
            stats.percent_sum += record.percent
        s.trainees.add(record.trainee)
        t.recent.append(record)
        t.last = max(t.last, record.finished_at)
        for name, score in record.scores.items():
            if name not in self.principle_sum and name not in self.principles:
                self.principles.append(name)
            percent = score.get("percent")
            if isinstance(percent, (int, float)) and not isinstance(percent, bool):
                for holder in (self, t, s):
                    holder.principle_sum[name] = holder.principle_sum.get(name, 0.0) + percent
                    holder.principle_count[name] += 1
        errors = critical_errors(record)
        if errors:
            t.critical += 1
            s.critical.update(errors)
            self.critical.update(errors)
        self._items(s, record)
        week = week_of(record.finished_at)
        if week is not None:
            w = self.weeks.setdefault(week, Week())
            w.count += 1
            w.passed += record.passed
            w.percent_sum += record.percent

    @staticmethod
    def _items(s: ScenarioStats, record: CallRecord) -> None:
        # The same answer in one call counts once (a loop may bring it back), so "chosen" is "calls that chose it".
        seen: set[tuple[str, str]] = set()
        for d in record.decisions:
            node = str(d.get("node_id", ""))
            index = d.get("choice_index")
            key = f"#{index}" if isinstance(index, int) and index >= 0 else str(d.get("text", ""))
            if (node, key) in seen:
                continue
            seen.add((node, key))
            answer = s.items.setdefault(node, {}).setdefault(key, Answer(str(d.get("text", ""))))
            answer.text = str(d.get("text", "")) or answer.text
            answer.chosen += 1
            answer.failed += not record.passed
            ids = d.get("critical") or []
            if isinstance(ids, list):
                answer.critical.update(str(i) for i in ids)

    def count_answers(self, scenario_id: str, decisions: str, passed: bool) -> None:
        """Count one kept call's answers for the item analysis, from the report row's ``DECISIONS``.

        Each decision is "node \\x1f answer \\x1f words", joined by \\x1e (see
        ``report_rows.call_rows``); an answer a loop brought back counts once. Counting whole
        strings with ``Counter.update`` (in C) keeps this a few microseconds a call; the views are
        built from the counts in :meth:`add_counts`.
        """
        answers = decisions.partition("\x1d")[2]
        if not answers:
            return
        keys = answers.split("\x1e")
        if len(keys) != len(set(keys)):
            keys = list(dict.fromkeys(keys))
        chosen = self._chosen.get(scenario_id)
        if chosen is None:
            chosen = self._chosen[scenario_id] = Counter()
        chosen.update(keys)
        if not passed:
            failed = self._failed.get(scenario_id)
            if failed is None:
                failed = self._failed[scenario_id] = Counter()
            failed.update(keys)

    def add_counts(self, parts: Sequence[Counts]) -> None:
        """Count the calls SQLite has already counted, file by file (the report's way at any size).

        Gives the same views as :meth:`add` over the same calls; the files' calls must not overlap
        (the report leaves each duplicate out of all but one file's counts).
        """
        for part in parts:
            self._add_totals(part)
        self._add_answers()
        for index, part in enumerate(parts):
            self._add_critical(index, part)
        recent: dict[str, list[CallRecord]] = {}
        for part in parts:
            for record in part.recent:
                recent.setdefault(record.trainee, []).append(record)
        for name, records in recent.items():
            records.sort(key=lambda r: (r.finished_at, r.trainee, r.scenario_id))
            self.trainees[name].recent.extend(records[-RECENT:])

    def _add_totals(self, part: Counts) -> None:
        """One file's calls, passes and percent sums per trainee and scenario, per week, per principle."""
        for name, sid, n, passed, total, last in part.pairs:
            t = self.trainees.setdefault(name, TraineeStats(name))
            s = self.scenarios.setdefault(sid, ScenarioStats(sid))
            for stats in (self, t, s):
                stats.count += n
                stats.passed += passed
                stats.percent_sum += total
            s.trainees.add(name)
            t.last = max(t.last, last)
        for day, n, passed, total in part.days:
            week = week_of(day)
            if week is not None:
                w = self.weeks.setdefault(week, Week())
                w.count += n
                w.passed += passed
                w.percent_sum += total
        for name, sid, principle, total, n in part.principles:
            if principle not in self.principles:
                self.principles.append(principle)
            for holder in (self, self.trainees[name], self.scenarios[sid]):
                holder.principle_sum[principle] += total
                holder.principle_count[principle] += n

    def _add_answers(self) -> None:
        """The item analysis the stream counted (:meth:`count_answers`), in the order first met."""
        for sid, chosen in self._chosen.items():
            failed = self._failed.get(sid, Counter())
            items = self.scenarios[sid].items
            for key, n in chosen.items():
                node, answer_key, text = (key.split("\x1f") + ["", ""])[:3]
                answer = items.setdefault(node, {}).setdefault(answer_key, Answer(text))
                answer.text = text or answer.text
                answer.chosen += n
                answer.failed += failed[key]
        self._chosen.clear()
        self._failed.clear()

    def _add_critical(self, index: int, part: Counts) -> None:
        """One file's critical errors: per call, trainee, scenario and answer (once per call each)."""
        calls_with_errors: set[tuple[int, int]] = set()
        counted: set[tuple[int, str | None, str | None, str]] = set()
        for cid, name, sid, place, picked, error in part.critical:
            if (index, cid) not in calls_with_errors:
                calls_with_errors.add((index, cid))
                self.trainees[name].critical += 1
            s = self.scenarios[sid]
            s.critical[error] += 1
            self.critical[error] += 1
            # An answer's critical errors count once per call, as its "chosen" does.
            if place is None or picked is None:
                continue
            if (cid, place, picked, error) not in counted:
                counted.add((cid, place, picked, error))
                hit = s.items.get(place, {}).get(picked)
                if hit is not None:
                    hit.critical[error] += 1

    @property
    def average(self) -> float | None:
        """Mean overall percent of every call."""
        return _mean(self.percent_sum, self.count)

    def principle_average(self, name: str) -> float | None:
        """The cohort's mean percent on one principle."""
        return _mean(self.principle_sum.get(name, 0.0), self.principle_count[name])

    def weakest(self) -> list[str]:
        """Principles from the cohort's weakest to its strongest (those exercised)."""
        scored = [
            (self.principle_average(n), n) for n in self.principles if self.principle_count[n]
        ]
        return [
            n
            for _, n in sorted(
                scored, key=lambda pair: (pair[0] or 0.0, self.principles.index(pair[1]))
            )
        ]

    def needing_attention(self) -> list[tuple[TraineeStats, str]]:
        """Trainees whose latest graded calls call for a trainer, most urgent first, with the reason."""
        flagged = [(t, why) for t in self.trainees.values() if (why := t.attention()) is not None]
        return sorted(
            flagged,
            key=lambda pair: (-pair[0].critical, pair[0].average or 0.0, pair[0].name.casefold()),
        )
