"""Stories told in more than one call: which call follows which, and the flags a follow-up call inherits.

A scenario with ``follows: {scenario: first_call, days_later: 3}`` is part 2 of a story.
It opens with the flags the first call ended with, so the customer can remember what was
promised. Where those flags come from, in order:

1. flags given explicitly (``play PART2 --inherit a,b``);
2. the trainee's most recent call of the first part, as the progress store recorded it
   (its ``extra["flags"]``; a call stored before flags were recorded has them worked out
   again from its decisions, when the first call's file is unchanged);
3. otherwise the flags of the first call's best route: the story as it goes when part 1 is
   played by the book. That is what previews, the terminal and a trainee who has not played
   part 1 get.

Pure functions over scenarios and stored calls; the picker, the call screen and the CLI
all use them, so they always agree on what a follow-up call inherits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.engine.best import ceiling
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric
from simulator.store.base import CallRecord

# Where a follow-up call's flags came from.
EXPLICIT, RECORDED, ASSUMED = "explicit", "recorded", "assumed"
# How deep a chain of parts (part 3 follows part 2 follows part 1) is followed; a cycle stops here too.
MAX_PARTS = 8


@dataclass(frozen=True)
class Inheritance:
    """The flags a follow-up call opens with, and where they came from."""

    flags: frozenset[str]
    source: str  # EXPLICIT, RECORDED or ASSUMED
    first_call: str  # the id of the scenario this call follows
    record: CallRecord | None = (
        None  # the trainee's part-1 call the flags were taken from (RECORDED only)
    )

    def describe(self) -> str:
        """One line for the player: whose part 1 this continues."""
        if self.source == RECORDED and self.record is not None:
            return f"continues your call of {self.record.finished_at[:10]} (ending '{self.record.ending}')"
        if self.source == EXPLICIT:
            return (
                "continues the part 1 you described ("
                + (", ".join(sorted(self.flags)) or "no flags")
                + ")"
            )
        return "continues part 1 as if it went by the book (its best route)"


def first_call_of(scenario: Scenario) -> str | None:
    """The id of the scenario this one follows, or None for a call that stands alone."""
    follows = getattr(scenario, "follows", None)
    return follows.scenario if follows is not None else None


def days_later(scenario: Scenario) -> int:
    """How many days after its first part this call comes (0 when it follows nothing)."""
    follows = getattr(scenario, "follows", None)
    return int(follows.days_later) if follows is not None else 0


def part_label(scenario: Scenario, part: int) -> str:
    """'Part 2 - 3 days later' for a follow-up call (part numbers count from 1)."""
    days = days_later(scenario)
    when = "the same day" if days <= 0 else ("the next day" if days == 1 else f"{days} days later")
    return f"Part {part} - {when}"


def follow_ups(scenarios: Iterable[Scenario]) -> dict[str, list[Scenario]]:
    """For each first call's id, the calls that follow it, by days later then title."""
    found: dict[str, list[Scenario]] = {}
    for s in scenarios:
        first = first_call_of(s)
        if first is not None and first != s.id:
            found.setdefault(first, []).append(s)
    for parts in found.values():
        parts.sort(key=lambda s: (days_later(s), s.title.casefold(), s.id))
    return found


def part_number(scenario: Scenario, by_id: dict[str, Scenario]) -> int:
    """1 for a call that follows nothing, 2 for one that follows a first call, and so on along the chain."""
    part, seen, current = 1, {scenario.id}, scenario
    while part < MAX_PARTS:
        first = first_call_of(current)
        if first is None or first in seen:
            break
        part += 1
        seen.add(first)
        if (
            first not in by_id
        ):  # the first part is missing: still a follow-up call, as far as we can tell
            break
        current = by_id[first]
    return part


def flags_along(
    scenario: Scenario, steps: Iterable[tuple[str, int]], start: Iterable[str] = ()
) -> frozenset[str]:
    """The flags raised after taking ``steps`` (node id, 1-based choice number among all the node's choices)."""
    flags = set(start)
    for node_id, number in steps:
        node = scenario.nodes.get(node_id)
        if node is None or not 1 <= number <= len(node.choices):
            continue
        choice = node.choices[number - 1]
        flags.update(choice.sets)
        flags.difference_update(choice.clears)
    return frozenset(flags)


def best_route_flags(
    first: Scenario,
    rubric: Rubric,
    find: Callable[[str], Scenario | None] | None = None,
    _depth: int = 0,
) -> frozenset[str]:
    """The flags the first call's best route ends with (itself opening with its own first part's, if any)."""
    start: frozenset[str] = frozenset()
    earlier = first_call_of(first)
    if earlier is not None and find is not None and _depth < MAX_PARTS:
        before = find(earlier)
        if before is not None and before.id != first.id:
            start = best_route_flags(before, rubric, find, _depth + 1)
    return flags_along(first, _best_steps(first, rubric, start), start)


def _best_steps(
    scenario: Scenario, rubric: Rubric, inherited: frozenset[str]
) -> list[tuple[str, int]]:
    """The best route's steps; the search is told the inherited flags when it can take them."""
    return list(ceiling(scenario, rubric, inherited).best_steps)


def recorded_flags(record: CallRecord, first: Scenario | None = None) -> frozenset[str] | None:
    """The flags a stored call ended with; None when the record cannot tell.

    Calls stored since follow-up calls exist keep them in ``extra["flags"]``. For an older
    record they are worked out from its decisions, when ``first`` is the same file the
    call was played on (its hash matches); otherwise None.
    """
    stored = record.extra.get("flags") if isinstance(record.extra, dict) else None
    if isinstance(stored, list) and all(isinstance(f, str) for f in stored):
        return frozenset(stored)
    if first is None or record.scenario_hash != first.source_hash:
        return None
    inherited = record.extra.get("inherited_flags") if isinstance(record.extra, dict) else None
    start = [f for f in inherited if isinstance(f, str)] if isinstance(inherited, list) else []
    steps = []
    for d in record.decisions:
        index = d.get("choice_index")
        if not isinstance(index, int) or not isinstance(d.get("node_id"), str):
            return None  # a record too old to say which option was taken
        steps.append((d["node_id"], index + 1))
    return flags_along(first, steps, start)


def last_call_of(records: Sequence[CallRecord], scenario_id: str) -> CallRecord | None:
    """The most recent stored call of ``scenario_id`` among ``records`` (by finish time, then storage order)."""
    latest: CallRecord | None = None
    for record in records:
        if record.scenario_id == scenario_id and (
            latest is None or record.finished_at >= latest.finished_at
        ):
            latest = record
    return latest


def inherited_flags(
    scenario: Scenario,
    rubric: Rubric,
    *,
    find: Callable[[str], Scenario | None],
    records: Sequence[CallRecord] = (),
    explicit: Iterable[str] | None = None,
) -> Inheritance | None:
    """What a follow-up call inherits (None for a call that follows nothing); see the module's docstring."""
    first_id = first_call_of(scenario)
    if first_id is None:
        return None
    if explicit is not None:
        return Inheritance(frozenset(explicit), EXPLICIT, first_id)
    first = find(first_id)
    record = last_call_of(records, first_id)
    if record is not None:
        flags = recorded_flags(record, first)
        if flags is not None:
            return Inheritance(flags, RECORDED, first_id, record)
    if first is None:
        return Inheritance(frozenset(), ASSUMED, first_id)
    return Inheritance(best_route_flags(first, rubric, find), ASSUMED, first_id)


def parse_flag_list(text: str) -> frozenset[str]:
    """'a,b, c' -> {'a', 'b', 'c'}; an empty text is no flags (``--inherit ''`` plays part 2 with none)."""
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def start_call(
    scenario: Scenario, rubric: Rubric, inheritance: Inheritance | None, **options: Any
) -> Any:
    """A Conversation for ``scenario`` that opens with the inherited flags (``options`` as Conversation takes them)."""
    from simulator.engine.conversation import Conversation

    inherited = inheritance.flags if inheritance is not None else ()
    return Conversation(scenario, rubric, inherited_flags=inherited, **options)
