"""Strategy bots: can a trainee pass a call by reading the wording instead of the customer?

How to run it (from the repository root, with the project's venv)::

    .venv/bin/python -m tests.bots                       # every scenario in scenarios/
    .venv/bin/python -m tests.bots scenarios/late_refund.yaml scenarios/my_new_call.yaml
    .venv/bin/python -m tests.bots --show-passes late_refund   # the lines each passing bot chose
    .venv/bin/python -m tests.bots --seeds 10 --bots longest,warm_owner

Each bot plays every scenario through the real engine (``Conversation`` with shuffle on, one
call per seed) and answers in time, never cutting in. A bot sees only what a trainee would
read on screen: the option texts, in the order shown, and what the customer has said. It never
sees points, feedback, effects, flags or where a choice leads. The table gives, per scenario and
per bot, ``passes/calls`` and the average overall percent; the last rows give the totals.
``authored_first`` is the one exception to "shuffled": it always takes choice 1 in the order the
file is written (shuffle off), which shows whether the best answer sits first in the file.

The library's goal (issues 12 and 14): no shuffled bot passes more than 10% of the calls nor
averages more than 50%. The exit code is 1 when some bot misses that goal, so a writer can run
it on their own files (the goal is then judged over those files only).

The word lists are written as a strong adversary would write them, from the tells the issues
name: sympathy and ownership words score up, words echoed from the customer score up, hedges
("honestly", "to be fair", "policy", "I'm afraid", "just", "sorry you feel", ...) score down.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from simulator.engine.best import Ceiling
from simulator.engine.conversation import Conversation
from simulator.paths import SCENARIOS_DIR
from simulator.scenario.model import Scenario
from simulator.scenario.rubric import Rubric
from simulator.validation.library import load_library, rubric_for

# The seeds each scenario is played with: each seed is one shuffled order of every node.
DEFAULT_SEEDS = 5
# A call that has not ended after this many answers is stopped (a bot stuck in a loop) and fails.
MAX_STEPS = 120
# The goal every shuffled bot must meet over a library.
MAX_PASS_SHARE = 0.10
MAX_AVERAGE = 50.0


@dataclass(frozen=True)
class Seen:
    """What a bot can know when it answers: the options as shown and the call so far, words only."""

    options: tuple[str, ...]  # the open answers, in the order shown
    customer: tuple[str, ...]  # everything the customer has said so far, oldest first
    said: tuple[str, ...]  # the bot's own earlier answers in this call

    @property
    def last_line(self) -> str:
        """What the customer said just now."""
        return self.customer[-1] if self.customer else ""


Pick = Callable[[Seen], int]


@dataclass(frozen=True)
class Bot:
    """A named strategy: ``pick`` returns the 0-based position, among the options shown, it answers with."""

    name: str
    pick: Pick
    description: str
    short: str = ""  # the table's column heading (the name when empty)
    shuffled: bool = True  # False only for the authored-order check

    @property
    def heading(self) -> str:
        """The column heading in the table."""
        return self.short or self.name


# --- word lists ------------------------------------------------------------------------


def _words(*phrases: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``phrases`` as whole words (a trailing * is a stem)."""
    parts = []
    for phrase in phrases:
        stem = phrase.endswith("*")
        body = re.escape(phrase.rstrip("*")).replace("\\ ", r"\s+").replace("'", "['’]")
        parts.append(rf"\b{body}" + (r"\w*" if stem else r"\b"))
    return re.compile("|".join(parts), re.I)


SYMPATHY = _words(
    "sorry",
    "apolog*",
    "understand*",
    "frustrat*",
    "annoy*",
    "upset*",
    "stress*",
    "worr*",
    "awful",
    "terrible",
    "that sounds",
    "sounds like",
    "must be",
    "must have",
    "can imagine",
    "I hear",
    "no wonder",
    "of course",
    "you're right",
    "you are right",
    "fair",
    "thank*",
    "appreciate*",
    "completely",
    "absolutely",
    "feel*",
    "difficult",
    "hard",
    "rough",
    "I get it",
    "last thing",
    "shouldn't have",
    "not good enough",
    "unacceptable",
    "ridiculous",
    "I'd be",
    "I would be",
    "in your shoes",
    "take your time",
    "go on",
    "tell me",
    "I'm listening",
    "understandabl*",
    "of course",
    "really",
    "truly",
    "genuinely",
)
OWNERSHIP = _words(
    "I'll",
    "I will",
    "I'm going to",
    "let me",
    "I can",
    "I've",
    "myself",
    "personally",
    "my name",
    "our mistake",
    "our error",
    "our fault",
    "our side",
    "on us",
    "we got",
    "we made",
    "we should",
    "we didn't",
    "we did",
    "we'll",
    "we will",
    "we owe",
    "own",
    "my responsibility",
    "I take",
    "I'm taking",
    "right now",
    "straight away",
    "today",
    "directly",
    "direct line",
    "make sure",
    "see it through",
    "I promise",
    "you have my word",
    "fix*",
    "sort*",
    "put right",
    "put it right",
)
CONCRETE = _words(
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "tomorrow",
    "tonight",
    "this afternoon",
    "this evening",
    "by",
    "within",
    "hours",
    "days",
    "working days",
    "reference",
    "call you",
    "ring you",
    "email you",
    "text you",
    "call back",
    "update*",
    "confirm*",
    "check*",
    "follow up",
    "follow-up",
    "track*",
    "step*",
    "first",
    "then",
)
# Numbers (order numbers, sums, dates) are concrete too.
_NUMBER = re.compile(r"\d")
HEDGES = _words(
    "honestly",
    "to be honest",
    "to be fair",
    "in fairness",
    "between you and me",
    "polic*",
    "I'm afraid",
    "afraid",
    "just",
    "simply",
    "sorry you feel",
    "sorry if",
    "sorry that you feel",
    "any inconvenience",
    "however",
    "but",
    "technically",
    "actually",
    "unfortunately",
    "calm down",
    "as per",
    "procedure*",
    "the system",
    "nothing I can do",
    "nothing we can do",
    "can't",
    "cannot",
    "unable",
    "not able",
    "not my",
    "not our",
    "not the one",
    "department",
    "another team",
    "other team",
    "they",
    "their",
    "them",
    "should have",
    "should've",
    "could have",
    "you need to",
    "you have to",
    "you'll have to",
    "you must",
    "typical",
    "obviously",
    "clearly",
    "as I said",
    "like I said",
    "as I explained",
    "no problem",
    "all sorted",
    "someone will",
    "someone else",
    "in touch",
    "transfer*",
    "put you through",
    "hold",
    "bear with",
    "rules",
    "terms and conditions",
    "terms",
    "at this time",
    "no way",
    "well",
    "look",
    "anyway",
    "whatever",
    "okay",
    "ok",
    "fine",
    "sir",
    "madam",
)
QUESTION = re.compile(r"\?")
# Words too common to count as echoing the customer.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i i'd i'll i'm i've if in into is it it's its itself
    just let me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that that's the their theirs them themselves then there these they
    this those through to too under until up very was we we're were what when where which while who whom why
    will with would you you're your yours yourself yourselves yes okay ok oh well right still even really
    get got going go want wanted need know say said tell told one two three again also now today""".split()
)
_TOKEN = re.compile(r"[a-z0-9']+")


def hits(pattern: re.Pattern[str], text: str) -> int:
    """How many times ``pattern`` matches ``text``."""
    return len(pattern.findall(text))


def content_words(text: str) -> set[str]:
    """The words of ``text`` worth echoing: lower case, no stop words, a plural 's' dropped."""
    found = set()
    for word in _TOKEN.findall(text.lower().replace("’", "'")):
        word = word.strip("'")
        if len(word) < 3 or word in STOPWORDS:
            continue
        found.add(word[:-1] if len(word) > 4 and word.endswith("s") else word)
    return found


def echo(option: str, line: str) -> int:
    """Words of the customer's ``line`` the option repeats; a number repeated counts twice."""
    shared = content_words(option) & content_words(line)
    return len(shared) + sum(1 for w in shared if any(ch.isdigit() for ch in w))


def sympathy_score(text: str, seen: Seen) -> float:
    """Sympathy words, minus hedges."""
    return hits(SYMPATHY, text) - hits(HEDGES, text)


def ownership_score(text: str, seen: Seen) -> float:
    """Ownership words, minus hedges."""
    return hits(OWNERSHIP, text) - hits(HEDGES, text)


def echo_score(text: str, seen: Seen) -> float:
    """Words echoed from the customer's last line, minus hedges."""
    return echo(text, seen.last_line) - hits(HEDGES, text)


def concrete_score(text: str, seen: Seen) -> float:
    """Dates, numbers, callbacks and ownership, minus hedges: the 'be specific' guess."""
    return (
        hits(CONCRETE, text)
        + min(3, len(_NUMBER.findall(text)))
        + hits(OWNERSHIP, text)
        - hits(HEDGES, text)
    )


def warm_owner_score(text: str, seen: Seen) -> float:
    """Sympathy, ownership and echoed words, minus twice the hedges."""
    return (
        hits(SYMPATHY, text)
        + hits(OWNERSHIP, text)
        + echo(text, seen.last_line)
        - 2 * hits(HEDGES, text)
    )


def kitchen_sink_score(text: str, seen: Seen) -> float:
    """Every cue at once: warm, owning, echoing, concrete, asking; hedges twice over."""
    return (
        warm_owner_score(text, seen)
        + 0.5 * hits(CONCRETE, text)
        + 0.5 * min(2, len(_NUMBER.findall(text)))
        + (1 if QUESTION.search(text) else 0)
        + 0.5 * echo(text, " ".join(seen.customer[-3:]))
    )


def density_score(text: str, seen: Seen) -> float:
    """The warm-owner cues per word (square root), so a long answer does not win by length alone."""
    words = max(1, len(text.split()))
    return warm_owner_score(text, seen) / math.sqrt(words)


def no_hedge_score(text: str, seen: Seen) -> float:
    """Fewest hedges; among equals, the longer answer."""
    return -hits(HEDGES, text) + len(text) / 10_000


# --- bots ------------------------------------------------------------------------------


def by_score(score: Callable[[str, Seen], float]) -> Pick:
    """A pick taking the highest-scoring option; an answer already given this call goes last (loops),
    ties go to the first shown."""

    def pick(seen: Seen) -> int:
        said = set(seen.said)
        ranked = [
            (score(text, seen) - (1000 if text in said else 0), -i)
            for i, text in enumerate(seen.options)
        ]
        return -max(ranked)[1]

    return pick


def by_length(rank: int) -> Pick:
    """A pick taking the option ``rank``-th longest (0: longest, -1: shortest); ties to the first shown."""

    def pick(seen: Seen) -> int:
        order = sorted(range(len(seen.options)), key=lambda i: (-len(seen.options[i]), i))
        return order[rank] if -len(order) <= rank < len(order) else order[-1]

    return pick


def median_length(seen: Seen) -> int:
    """The option whose length is nearest the median of those shown (the 'not too long, not too short' guess)."""
    lengths = sorted(len(t) for t in seen.options)
    mid = lengths[len(lengths) // 2]
    return min(range(len(seen.options)), key=lambda i: (abs(len(seen.options[i]) - mid), i))


BOTS: tuple[Bot, ...] = (
    Bot("longest", by_length(0), "the answer with the most characters", "long"),
    Bot(
        "second_longest",
        by_length(1),
        "the second longest (the longest is often a trap)",
        "2nd_long",
    ),
    Bot("shortest", by_length(-1), "the crispest answer", "short"),
    Bot("median_length", median_length, "the answer nearest the median length", "median"),
    Bot("first_shown", lambda seen: 0, "always option 1 as shown (shuffled)", "first"),
    Bot("last_shown", lambda seen: len(seen.options) - 1, "always the last option shown", "last"),
    Bot("sympathy", by_score(sympathy_score), "sympathy words minus hedges"),
    Bot("ownership", by_score(ownership_score), "ownership words minus hedges", "owner"),
    Bot("echo", by_score(echo_score), "words echoed from the customer's last line minus hedges"),
    Bot("concrete", by_score(concrete_score), "dates, numbers, callbacks, ownership minus hedges"),
    Bot("no_hedges", by_score(no_hedge_score), "fewest hedges, then the longest", "no_hedge"),
    Bot(
        "warm_owner",
        by_score(warm_owner_score),
        "sympathy + ownership + echo - 2 x hedges",
        "warm_own",
    ),
    Bot("density", by_score(density_score), "warm_owner per sqrt(word count)"),
    Bot(
        "kitchen_sink",
        by_score(kitchen_sink_score),
        "warm_owner + concrete + questions + echo of recent lines",
        "k_sink",
    ),
)
AUTHORED_FIRST = Bot(
    "authored_first",
    lambda seen: 0,
    "choice 1 in the order the file is written",
    "authored1",
    shuffled=False,
)
ALL_BOTS: tuple[Bot, ...] = (*BOTS, AUTHORED_FIRST)


# --- playing ---------------------------------------------------------------------------


@dataclass
class Call:
    """One call a bot played: where, with which seed, how it went, and what it said."""

    scenario: str
    bot: str
    seed: int
    ended: bool
    passed: bool
    percent: float
    ending: str
    said: list[str] = field(default_factory=list)


def play_call(
    scenario: Scenario, rubric: Rubric, bot: Bot, seed: int, ceiling: Ceiling | None = None
) -> Call:
    """Play one call of ``scenario`` with ``bot`` (shuffled by ``seed`` unless the bot reads the authored order)."""
    # The best route is the same for every call of a scenario: given, it is searched once.
    conv = Conversation(scenario, rubric, seed=seed, shuffle=bot.shuffled, known_ceiling=ceiling)
    said: list[str] = []
    for _ in range(MAX_STEPS):
        if conv.ended:
            break
        shown = conv.choices
        customer = tuple(t.text for t in conv.transcript if t.speaker == "customer")
        seen = Seen(tuple(oc.choice.text for oc in shown), customer, tuple(said))
        position = bot.pick(seen)
        said.append(shown[position].choice.text)
        conv.choose(shown[position].number)
    result = conv.result()
    return Call(
        scenario.id,
        bot.name,
        seed,
        conv.ended,
        bool(conv.ended and result.passed),
        result.percent,
        result.ending,
        said,
    )


def scenario_ceiling(scenario: Scenario, rubric: Rubric) -> object:
    """The scenario's best route as the engine computes it for a call (shared by all the bots' calls)."""
    return Conversation(scenario, rubric).ceiling


def play_library(
    scenarios: Sequence[tuple[Scenario, Rubric]],
    bots: Sequence[Bot] = ALL_BOTS,
    seeds: int = DEFAULT_SEEDS,
) -> list[Call]:
    """Every bot's calls over ``scenarios`` (each a (scenario, rubric) pair); authored-order bots play once."""
    calls = []
    for scenario, rubric in scenarios:
        ceil = scenario_ceiling(scenario, rubric)
        for bot in bots:
            for seed in range(seeds if bot.shuffled else 1):
                calls.append(play_call(scenario, rubric, bot, seed, ceil))
    return calls


@dataclass
class Tally:
    """Passes, calls and the sum of percents of some calls."""

    passes: int = 0
    calls: int = 0
    total: float = 0.0

    def add(self, call: Call) -> None:
        """Count one call."""
        self.passes += call.passed
        self.calls += 1
        self.total += call.percent

    @property
    def pass_share(self) -> float:
        """Passes over calls (0 when there are none)."""
        return self.passes / self.calls if self.calls else 0.0

    @property
    def average(self) -> float:
        """Mean overall percent (0 when there are none)."""
        return self.total / self.calls if self.calls else 0.0


def tallies(calls: Sequence[Call]) -> tuple[dict[tuple[str, str], Tally], dict[str, Tally]]:
    """(scenario, bot) -> Tally, and bot -> Tally over all scenarios."""
    per: dict[tuple[str, str], Tally] = {}
    total: dict[str, Tally] = {}
    for call in calls:
        per.setdefault((call.scenario, call.bot), Tally()).add(call)
        total.setdefault(call.bot, Tally()).add(call)
    return per, total


def over_the_line(totals: dict[str, Tally], bots: Sequence[Bot] = BOTS) -> list[str]:
    """The shuffled bots that miss the goal (more than 10% of calls passed, or above 50% on average), explained."""
    found = []
    for bot in bots:
        t = totals.get(bot.name)
        if (
            bot.shuffled
            and t is not None
            and (t.pass_share > MAX_PASS_SHARE or t.average > MAX_AVERAGE)
        ):
            found.append(
                f"{bot.name} passes {t.passes}/{t.calls} calls ({t.pass_share:.0%}) and averages {t.average:.1f}%"
            )
    return found


# --- the command -----------------------------------------------------------------------


def load(paths: Sequence[str]) -> list[tuple[Scenario, Rubric]]:
    """(scenario, rubric) for every playable scenario under ``paths`` (files, folders or ids in scenarios/)."""
    found: list[tuple[Scenario, Rubric]] = []
    broken: list[str] = []
    taken: set[str] = set()
    for ref in paths or [str(SCENARIOS_DIR)]:
        p = Path(ref)
        if not p.exists() and (SCENARIOS_DIR / f"{ref}.yaml").is_file():
            p = SCENARIOS_DIR / f"{ref}.yaml"
        if p.is_dir():
            library = load_library(p)
            reports = library.reports
        else:
            library = load_library(p.parent)
            reports = [
                r
                for r in library.reports
                if Path(r.path).resolve() == p.resolve() or Path(r.path).name == p.name
            ]
            if not reports:
                broken.append(f"{ref}: not a scenario file")
        for report in reports:
            if report.scenario is None:
                broken.append(f"{report.path}: has errors; run 'main.py validate' on it")
                continue
            if str(Path(report.scenario.path).resolve()) in taken:
                continue  # named twice
            taken.add(str(Path(report.scenario.path).resolve()))
            rubric, problems = rubric_for(report.scenario.path)
            if rubric is None:
                broken.append(f"{report.path}: no rubric ({'; '.join(map(str, problems))})")
                continue
            found.append((report.scenario, rubric))
    for line in broken:
        print(f"skipped {line}", file=sys.stderr)
    return found


def table(calls: Sequence[Call], bots: Sequence[Bot]) -> str:
    """The per-scenario, per-bot table and the totals, as text."""
    per, totals = tallies(calls)
    scenarios = list(dict.fromkeys(c.scenario for c in calls))
    width = max([len("scenario"), *map(len, scenarios)])
    cells = [max(8, len(b.heading)) for b in bots]
    head = "scenario".ljust(width) + "".join(
        " " + b.heading.rjust(w) for b, w in zip(bots, cells, strict=True)
    )
    key = "; ".join(f"{b.heading} = {b.description}" for b in bots)
    lines = ["cells: passes/calls average% (* a bot passed)", f"bots: {key}", head, "-" * len(head)]
    for sid in scenarios:
        row = sid.ljust(width)
        for bot, w in zip(bots, cells, strict=True):
            t = per.get((sid, bot.name), Tally())
            mark = "*" if t.passes else " "
            row += " " + f"{mark}{t.passes}/{t.calls} {t.average:3.0f}".rjust(w)
        lines.append(row)
    lines.append("-" * len(head))
    lines.append(
        "pass rate".ljust(width)
        + "".join(
            " " + f"{totals.get(b.name, Tally()).pass_share:.0%}".rjust(w)
            for b, w in zip(bots, cells, strict=True)
        )
    )
    lines.append(
        "average %".ljust(width)
        + "".join(
            " " + f"{totals.get(b.name, Tally()).average:.1f}".rjust(w)
            for b, w in zip(bots, cells, strict=True)
        )
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bots; exit 1 when a shuffled bot passes more than 10% of calls or averages above 50%."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.bots", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="scenario files, folders or ids (default: scenarios/)",
    )
    parser.add_argument(
        "--seeds",
        type=int,
        default=DEFAULT_SEEDS,
        help=f"calls per scenario and bot (default {DEFAULT_SEEDS})",
    )
    parser.add_argument(
        "--bots",
        help="comma-separated bot names (default: all): " + ", ".join(b.name for b in ALL_BOTS),
    )
    parser.add_argument(
        "--show-passes", action="store_true", help="print what each passing bot said, call by call"
    )
    parser.add_argument(
        "--json", action="store_true", help="print every call as JSON instead of the table"
    )
    args = parser.parse_args(argv)
    bots = list(ALL_BOTS)
    if args.bots:
        wanted = [n.strip() for n in args.bots.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in {b.name for b in ALL_BOTS}]
        if unknown:
            parser.error(
                f"unknown bot(s) {', '.join(unknown)}; known: {', '.join(b.name for b in ALL_BOTS)}"
            )
        bots = [b for b in ALL_BOTS if b.name in wanted]
    scenarios = load(args.paths)
    if not scenarios:
        print("no playable scenario found", file=sys.stderr)
        return 2
    calls = play_library(scenarios, bots, args.seeds)
    if args.json:
        print(json.dumps([c.__dict__ for c in calls], indent=1, ensure_ascii=False))
    else:
        print(table(calls, bots))
    if args.show_passes:
        for c in calls:
            if c.passed:
                print(
                    f"\n{c.scenario} / {c.bot} / seed {c.seed}: passed at {c.percent:.1f}% ({c.ending})"
                )
                for i, text in enumerate(c.said, 1):
                    print(f"  {i:2}. {text}")
    _, totals = tallies(calls)
    missed = over_the_line(totals, [b for b in bots if b.shuffled])
    out = sys.stderr if args.json else sys.stdout  # --json keeps stdout one JSON document
    print(file=out)
    if missed:
        print(
            f"Over the line (goal: at most {MAX_PASS_SHARE:.0%} of calls passed and at most "
            f"{MAX_AVERAGE:.0f}% on average):",
            file=out,
        )
        for line in missed:
            print(f"  {line}", file=out)
        return 1
    print(
        f"Every shuffled bot passes at most {MAX_PASS_SHARE:.0%} of calls and averages at most {MAX_AVERAGE:.0f}%.",
        file=out,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
