"""``play SCENARIO``: play a call in the terminal, or replay a list of choices (``--json`` for tools).

Played at the terminal, the choices come in a shuffled order (a random seed,
printed so the call can be replayed) so the best answer is not always number 1;
``--in-order`` keeps the authored order. Scripted ``--choices`` number the
authored order unless ``--shuffle`` is given, when they number the order shown
for ``--seed``.

A follow-up call (a scenario with ``follows:``) opens with the flags its first part
ended with: ``--inherit a,b`` names them; without it the call plays on from the first
part's best route (``--inherit ''`` plays it with none). The terminal keeps no progress,
so it never reads a trainee's own part-1 call; the game does.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.cli.exit_codes import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:  # the engine is imported inside run(), so --help stays fast
    from simulator.engine.conversation import Conversation
    from simulator.scenario.model import Scenario
    from simulator.scenario.rubric import Rubric
    from simulator.store.story import Inheritance

_TOKEN = re.compile(r"^\s*(\d+)\s*(!?)\s*(?:@\s*(\d+(?:\.\d+)?))?\s*$")


@dataclass(frozen=True)
class Move:
    """One scripted choice: its number, whether it cut in, how long it took."""

    number: int
    cut_in: bool = False
    elapsed: float | None = None


def parse_choices(text: str) -> list[Move]:
    """Parse '2,1!,3@14': number, '!' to cut in, '@seconds' for the time taken."""
    if not text.strip():
        raise ValueError("--choices is empty; give the choice numbers, such as 2,1,3")
    moves = []
    for position, part in enumerate(text.split(","), 1):
        if not part.strip():
            raise ValueError(
                f"choice {position} of --choices is empty (two commas in a row?); write a number there"
            )
        m = _TOKEN.match(part)
        if m is None:
            raise ValueError(
                f"'{part.strip()}' is not a choice; write a number, optionally with ! (cut in) or @SECONDS"
            )
        moves.append(
            Move(int(m.group(1)), bool(m.group(2)), float(m.group(3)) if m.group(3) else None)
        )
    return moves


def seed_value(text: str) -> int:
    """An argparse type for --seed: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a whole number; give a seed such as 0 or 42"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give a seed of 0 or more")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the play command."""
    parser.add_argument(
        "scenario",
        metavar="SCENARIO",
        help=(
            "a scenario id (from --scenarios DIR, ./scenarios, your scenarios folder or the "
            "built-in calls) or a path to a file"
        ),
    )
    parser.add_argument(
        "--choices",
        help="comma-separated choice numbers, e.g. 2,1,3; '2!' cuts in, '2@15' took 15 s",
    )
    parser.add_argument(
        "--seed",
        type=seed_value,
        default=None,
        metavar="N",
        help="picks wording variants and the shuffled order; the same seed replays the same call"
        " (default: 0 with --choices, random at the terminal)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON result object")
    parser.add_argument(
        "--practice", action="store_true", help="practice mode (undo is not recorded against you)"
    )
    parser.add_argument(
        "--start-at",
        metavar="NODE",
        help="preview from this node, as if the call had come the shortest way there (what it heard"
        " and set is assumed); only the decisions made from there are graded",
    )
    parser.add_argument(
        "--blank",
        action="store_true",
        help="with --start-at: assume nothing from the way to NODE (no details heard, no flags set)",
    )
    parser.add_argument(
        "--inherit",
        metavar="FLAGS",
        help="a follow-up call only: the flags its first call ended with, comma-separated (e.g."
        " promised_callback,heaters_sent); default: the first call's best route; '' for none",
    )
    order = parser.add_mutually_exclusive_group()
    order.add_argument(
        "--shuffle",
        action="store_true",
        help="show the choices in a seeded order (the default at the terminal)",
    )
    order.add_argument(
        "--in-order", action="store_true", help="show the choices in the order they are written"
    )


def run(args: argparse.Namespace) -> int:
    """Play the call; exit 0 when it ends, 2 on a bad scenario or choice."""
    from simulator.validation.library import ScenarioNotFound, load_scenario

    try:
        moves = parse_choices(args.choices) if args.choices is not None else None
        scenario, rubric, report = load_scenario(args.scenario)
    except (ValueError, ScenarioNotFound) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if scenario is None or rubric is None:
        for p in report.problems:
            print(p, file=sys.stderr)
        print(
            f"{report.path}: cannot play this scenario until its errors are fixed (see 'validate')",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        inheritance = _inheritance(scenario, rubric, report.path, args.inherit)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # Scripts replay the authored numbering unless asked; a person at the terminal gets a fresh order.
    shuffle = args.shuffle or (moves is None and not args.in_order)
    seed = (
        args.seed
        if args.seed is not None
        else (random.randrange(1, 100_000) if moves is None else 0)
    )
    started = _start(args, scenario, rubric, inheritance, seed, shuffle)
    if isinstance(started, str):
        print(started, file=sys.stderr)
        return EXIT_USAGE
    conv, preview = started
    if moves is None:
        if inheritance is not None and not args.json:
            print(_story_line(scenario, inheritance))
        if preview is not None and not args.json:
            print(f"({preview.describe()})")
        return _interactive(conv, args.json, inheritance, preview)
    problem = _replay(conv, moves)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    result = conv.result()
    if args.json:
        data = _with_preview(_with_story(result.to_dict(), inheritance), preview)
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    _print_played(conv, inheritance, preview)
    return EXIT_OK


def _print_played(conv: Conversation, inheritance: Inheritance | None, preview: Any) -> None:
    """A scripted call as the terminal shows it: what it assumed, the transcript and the debrief."""
    from simulator.engine.debrief_text import render_debrief, teaches_text

    scenario, result = conv.scenario, conv.result()
    if inheritance is not None:
        print(_story_line(scenario, inheritance))
    if preview is not None:
        print(f"({preview.describe()})")
    for line in result.transcript:
        print(_line(line.speaker, line.text))
    print()
    teaches = teaches_text(scenario.teaches, conv.rubric)
    print(
        render_debrief(result, teaches)
        if conv.ended
        else "(The call has not ended; give more choices.)"
    )
    if preview is not None and conv.ended:
        print(_preview_note(preview, len(result.decisions)))


def _replay(conv: Conversation, moves: list[Move]) -> str:
    """Take the scripted choices in order; what went wrong, or '' when every one was played."""
    from simulator.engine.conversation import EngineError

    for step, move in enumerate(moves, 1):
        if conv.ended:
            ending = conv.ending.id if conv.ending else "?"
            return (
                f"the call ended after choice {step - 1} (ending '{ending}'), so choice {step} "
                f"('{move.number}') and any after it cannot be played; remove them from --choices"
            )
        if move.elapsed is not None and conv.wait(move.elapsed) and conv.ended:
            # '@seconds' is a clock: the silence escalates as it would on screen, up to a hang-up.
            print(
                f"note: the customer hung up during the {move.elapsed:g} seconds of silence before"
                f" choice {step}; it and any choices after it are not played",
                file=sys.stderr,
            )
            break
        try:
            conv.choose(move.number, elapsed=move.elapsed, cut_in=move.cut_in)
        except EngineError as exc:
            return f"at step {step} (node '{conv.node.id if conv.node else '?'}'): {exc}"
    return ""


def _start(
    args: argparse.Namespace,
    scenario: Any,
    rubric: Any,
    inheritance: Any,
    seed: int,
    shuffle: bool,
) -> tuple[Conversation, Any] | str:
    """The call to play and its preview (None unless --start-at), or the error line to print."""
    from simulator.engine.conversation import Conversation, EngineError
    from simulator.store.story import start_call

    if args.blank and not args.start_at:
        return "error: --blank goes with --start-at NODE (it previews from NODE assuming nothing)"
    mode = "practice" if args.practice else "graded"
    try:
        if not args.start_at:
            conv = start_call(scenario, rubric, inheritance, seed=seed, mode=mode, shuffle=shuffle)
            return conv, None
        preview = _preview(scenario, rubric, args.start_at, inheritance, args.blank)
        conv = Conversation(
            preview.scenario,
            rubric,
            seed=seed,
            mode=mode,
            shuffle=shuffle,
            inherited_flags=preview.inherited_flags,
        )
    except EngineError as exc:
        return f"error: {exc}"
    return conv, preview


def _preview(scenario: Any, rubric: Any, node: str, inheritance: Any, blank: bool) -> Any:
    """The preview from ``node`` (see simulator.analysis.preview); EngineError for a node the scenario lacks."""
    from simulator.analysis.preview import preview
    from simulator.engine.conversation import EngineError
    from simulator.scenario.problems import did_you_mean

    if node not in scenario.nodes:
        known = ", ".join(sorted(scenario.nodes))
        raise EngineError(
            f"scenario '{scenario.id}' has no node '{node}'{did_you_mean(node, scenario.nodes)}; nodes are: {known}"
        )
    inherited = inheritance.flags if inheritance is not None else ()
    return preview(scenario, rubric, node, inherited, blank=blank)


def _preview_note(preview: Any, decisions: int) -> str:
    """The debrief's closing word on a preview: what was graded, and against what."""
    return (
        f"(This was a preview from '{preview.node}': only the {decisions} decision(s) made in it are"
        " graded, against the best that can be done from there. Play the whole call for a real grade.)"
    )


def _with_preview(data: dict[str, object], preview: Any) -> dict[str, object]:
    """The JSON result, with what a preview assumed."""
    if preview is not None:
        data["preview"] = {
            "from": preview.node,
            "blank": preview.blank,
            "route": [list(step) for step in preview.route],
            "flags": preview.flags,
            "heard": sorted(preview.heard),
        }
    return data


def _inheritance(
    scenario: Scenario, rubric: Rubric, path: str, given: str | None
) -> Inheritance | None:
    """What this call inherits: None for a call that follows nothing; ``given`` flags, or the first call's best route.

    Raises ValueError for ``--inherit`` on a call that follows nothing. A flag the first call never sets is
    warned about on stderr (a typo would otherwise silently play the call as if the promise was never made).
    """
    from pathlib import Path

    from simulator.store.story import first_call_of, inherited_flags, parse_flag_list
    from simulator.validation.library import load_scenario

    first_id = first_call_of(scenario)
    if first_id is None:
        if given is not None:
            raise ValueError(
                f"'{scenario.id}' follows no other call, so it has nothing to inherit; drop --inherit"
            )
        return None

    def find(scenario_id: str) -> Scenario | None:
        for suffix in (".yaml", ".yml"):
            sibling = Path(path).parent / f"{scenario_id}{suffix}"
            if sibling.is_file():
                return load_scenario(str(sibling))[0]
        try:
            return load_scenario(scenario_id)[0]
        except Exception:  # a first part that cannot be read: play on without it
            return None

    explicit = parse_flag_list(given) if given is not None else None
    inheritance = inherited_flags(scenario, rubric, find=find, explicit=explicit)
    first = find(first_id)
    if explicit and first is not None:
        known = {f for node in first.nodes.values() for c in node.choices for f in c.sets}
        for flag in sorted(explicit - known):
            print(
                f"warning: --inherit: '{first_id}' never sets flag '{flag}'; it sets: "
                f"{', '.join(sorted(known)) or 'none'}",
                file=sys.stderr,
            )
    return inheritance


def _story_line(scenario: object, inheritance: Inheritance) -> str:
    from simulator.store.story import part_label

    flags = ", ".join(sorted(inheritance.flags)) or "none"
    return f"({part_label(scenario, 2)}, after '{inheritance.first_call}': {inheritance.describe()}; flags: {flags}.)"  # type: ignore[arg-type]


def _with_story(data: dict[str, object], inheritance: Inheritance | None) -> dict[str, object]:
    """The JSON result, with what a follow-up call inherited and from where."""
    if inheritance is not None:
        data["inherited"] = {
            "from": inheritance.first_call,
            "source": inheritance.source,
            "flags": sorted(inheritance.flags),
        }
    return data


def _line(speaker: str, text: str) -> str:
    return {"customer": f"CUSTOMER: {text}", "trainee": f"     YOU: {text}"}.get(
        speaker, f"          {text}"
    )


def _show_new_lines(conv: Conversation, shown: int) -> int:
    """Print what happened since entry ``shown`` (the trainee's own words are not echoed); returns the new count."""
    transcript = conv.transcript
    for entry in transcript[shown:]:
        if entry.speaker != "trainee":
            print(_line(entry.speaker, entry.text))
    return len(transcript)


def _greet(conv: Conversation) -> None:
    """Who is on the line, the keys, and the seed of a shuffled call."""
    undo_note = (
        " (a graded call with undo cannot pass; --practice to undo freely)"
        if conv.mode == "graded"
        else ""
    )
    print(
        f"{conv.scenario.title}: {conv.scenario.persona.name} is on the line. "
        f"Type a number and Enter; 'u' to undo{undo_note}, 'q' to hang up."
    )
    if conv.shuffle:
        seed = conv.seed
        print(
            f"Choices are shuffled (seed {seed}; replay this order with --seed {seed}, or --in-order for none)."
        )
    print()


def _undo(conv: Conversation, shown: int) -> int:
    """Take the last choice back, if any; returns how much of the transcript is shown after it."""
    if not conv.can_undo:
        print("(Nothing to undo.)")
        return shown
    conv.undo()
    print(
        "(Last choice taken back; this graded call can no longer pass.)\n"
        if conv.mode == "graded"
        else "(Last choice taken back.)\n"
    )
    # Show the customer's line again, not the whole call.
    return max(i for i, e in enumerate(conv.transcript) if e.speaker == "customer")


def _interactive(
    conv: Conversation,
    as_json: bool,
    inheritance: Inheritance | None = None,
    preview: Any = None,
) -> int:
    """Play in the terminal from stdin: numbers choose, 'u' undoes, 'q' or end of input abandons."""
    from simulator.engine.debrief_text import render_debrief, teaches_text

    _greet(conv)
    shown = 0
    while not conv.ended:
        shown = _show_new_lines(conv, shown)
        open_ = conv.choices
        for oc in open_:
            print(f"  {oc.number}. {oc.choice.text}")
        try:
            answer = input("> ").strip().lower()
        except EOFError:
            print("\nCall abandoned (no more input).")
            return EXIT_OK
        if answer == "q":
            print("Call abandoned.")
            return EXIT_OK
        if answer == "u":
            shown = _undo(conv, shown)
            continue
        if not answer.isdigit() or not 1 <= int(answer) <= len(open_):
            print(f"Please type a number from 1 to {len(open_)}, 'u' to undo or 'q' to hang up.")
            continue
        conv.choose(int(answer))
        print()
    _show_new_lines(conv, shown)
    result = conv.result()
    print()
    teaches = teaches_text(conv.scenario.teaches, conv.rubric)
    data = _with_preview(_with_story(result.to_dict(), inheritance), preview)
    print(
        json.dumps(data, indent=2, ensure_ascii=False)
        if as_json
        else render_debrief(result, teaches)
    )
    if preview is not None and not as_json:
        print(_preview_note(preview, len(result.decisions)))
    return EXIT_OK
