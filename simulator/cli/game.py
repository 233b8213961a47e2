"""The game: ``on-the-line [SCENARIO] [--start-at NODE] [--demo SCENARIO --choices 1,2 --screenshots DIR]``."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from simulator.cli.exit_codes import EXIT_USAGE

if TYPE_CHECKING:  # the game is imported inside run(), so --help and trainer commands stay fast
    from simulator.cli.play import Move
    from simulator.ui.app import App


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the game."""
    _add_opening_options(parser)
    _add_demo_options(parser)
    _add_session_options(parser)
    parser.epilog = EPILOG


def _add_opening_options(parser: argparse.ArgumentParser) -> None:
    """Which call to open straight away, and from where."""
    parser.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help="open this scenario (id or path) straight into a call",
    )
    parser.add_argument(
        "--start-at",
        metavar="NODE",
        help="with SCENARIO: preview from this node, as if the call had come the shortest way there"
        " (what it heard and set is assumed; only the decisions from there are graded; F5 reloads)",
    )
    parser.add_argument(
        "--blank",
        action="store_true",
        help="with --start-at: assume nothing from the way to the node",
    )


def _add_demo_options(parser: argparse.ArgumentParser) -> None:
    """A call played by itself, with a screenshot of each screen."""
    parser.add_argument(
        "--demo",
        metavar="SCENARIO",
        help="play SCENARIO by itself and save a screenshot of each screen",
    )
    parser.add_argument(
        "--choices", default="", help="with --demo: the choices to make, e.g. 1,2,1"
    )
    parser.add_argument(
        "--screenshots", metavar="DIR", default="screenshots", help="with --demo: where the PNGs go"
    )
    parser.add_argument(
        "--step-delay", type=float, default=0.4, help="with --demo: seconds to pause on each screen"
    )


def _add_session_options(parser: argparse.ArgumentParser) -> None:
    """Where progress goes, who plays, and how the calls and the window are set up."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="progress database (default: in your user data folder); settings are not in it: see below",
    )
    parser.add_argument(
        "--lrs",
        metavar="URL",
        help="send finished calls to this LRS's xAPI endpoint (instead of the one in lrs.toml; "
        "credentials come from lrs.toml or the environment, never from the command line)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="picks the customer's wording variants and the order the answers are shown in "
        "(default: a fresh seed for every call; --demo without it keeps the authored order)",
    )
    parser.add_argument(
        "--practice",
        action="store_true",
        help="practice mode: undo allowed, coaching after each choice",
    )
    parser.add_argument(
        "--trainee", metavar="NAME", help="play as NAME and skip the profile screen"
    )
    parser.add_argument(
        "--size", metavar="WxH", default="1280x720", help="window size (default 1280x720)"
    )


EPILOG = (
    "Every call gets a fresh random seed, so its answers are shown in a new order (the best one is "
    "not always number 1); Restart, F5 and the debrief's Replay keep that seed and replay the same "
    "call. --demo plays the answers in the order the scenario lists them, so '--choices 1,1,1' is "
    "the same call every run (as with 'play --choices'), unless --seed is given: then they are shuffled "
    "by that seed, and the numbers in --choices are the numbers shown (as 'play --shuffle --seed N'). "
    "Settings (voice, volume, caption speed, text size, contrast, fullscreen) are kept in settings.json "
    "in your user config folder, whatever --db says; set ON_THE_LINE_CONFIG_DIR to keep another set "
    "(e.g. one per trainee on a shared machine)."
)


def _size(text: str) -> tuple[int, int] | None:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
        return (w, h) if w > 0 and h > 0 else None
    except ValueError:
        return None


NO_DISPLAY_HELP = (
    "Run it from a desktop session, or set SDL_VIDEODRIVER (e.g. SDL_VIDEODRIVER=x11 with DISPLAY "
    "set). Trainer commands such as 'validate' and 'play' work without a display."
)
NO_DISPLAY_MESSAGE = (
    f"error: no display found, so the game window cannot be shown. {NO_DISPLAY_HELP}"
)
HEADLESS_DRIVERS = ("offscreen", "dummy")


def no_display(environ: dict[str, str] | os._Environ[str], platform: str) -> bool:
    """True on a Linux box with neither an X nor a Wayland display and no video driver asked for: checked before
    SDL starts, because SDL's display probing prints its own noise (XDG_RUNTIME_DIR ...) before our message."""
    if environ.get("SDL_VIDEODRIVER") or not platform.startswith("linux"):
        return False
    return not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY")


def fit_to_desktop(
    size: tuple[int, int], desktops: list[tuple[int, int]]
) -> tuple[tuple[int, int], str | None]:
    """``size`` capped to the largest desktop, with a one-line warning when it had to shrink (SDL would
    otherwise allocate a window of up to 16384x16384, about 1 GB)."""
    real = [d for d in desktops if d[0] > 0 and d[1] > 0]
    if not real:
        return size, None
    most_w, most_h = max(d[0] for d in real), max(d[1] for d in real)
    fitted = (min(size[0], most_w), min(size[1], most_h))
    if fitted == size:
        return size, None
    return fitted, (
        f"warning: --size {size[0]}x{size[1]} is larger than the desktop ({most_w}x{most_h}); "
        f"using {fitted[0]}x{fitted[1]}"
    )


def fell_back_to_headless(driver: str, environ: dict[str, str] | os._Environ[str]) -> bool:
    """True when SDL picked an invisible video driver by itself (the user did not ask for one): no display
    answered, not even the one DISPLAY names (a stale DISPLAY=:99 after a closed session), so the window would
    open nowhere and the game would wait unseen."""
    return driver in HEADLESS_DRIVERS and not environ.get("SDL_VIDEODRIVER")


def fallback_message(environ: dict[str, str] | os._Environ[str]) -> str:
    """The no-display message, naming the DISPLAY or WAYLAND_DISPLAY that was set but did not answer."""
    stale = [
        f"{name}={environ[name]}" for name in ("DISPLAY", "WAYLAND_DISPLAY") if environ.get(name)
    ]
    if not stale:
        return NO_DISPLAY_MESSAGE
    return (
        f"error: no display found ({' and '.join(stale)} is set, but nothing answers there; it may be left "
        f"over from a closed session), so the game window cannot be shown. {NO_DISPLAY_HELP}"
    )


def run(args: argparse.Namespace) -> int:
    """Open the window and play; 0 on a normal quit, 2 on bad usage."""
    problem, size, moves = _check_usage(args)
    if problem or size is None:
        print(problem, file=sys.stderr)
        return EXIT_USAGE

    from simulator.ui.app import App
    from simulator.ui.pg import pygame
    from simulator.ui.services import default_services

    window = _open_display(size)
    if window is None:
        return EXIT_USAGE
    services = default_services(args.db, demo=bool(args.demo))
    if not args.demo:  # a demo adds nobody's calls to the centre's records
        from simulator.lrs.game import attach

        services.sync = attach(services.store, args.lrs, services.notices)
    try:
        app = App(services, window)
    except pygame.error as exc:
        services.speaker.close()
        services.store.close()
        print(
            f"error: cannot open a window ({exc}). Is a display available? "
            "Trainer commands such as 'validate' and 'play' work without one.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        return _play(app, args, [m.number for m in moves])
    finally:
        app.close()
        if services.sync is not None:
            services.sync.stop()


def _check_usage(args: argparse.Namespace) -> tuple[str, tuple[int, int] | None, list[Move]]:
    """The options read before any window opens: what is wrong with them ('' if nothing), the
    window size and the demo's choices."""
    from simulator.cli.play import parse_choices

    size = _size(args.size)
    if size is None:
        return f"error: --size must look like 1280x720, not '{args.size}'", None, []
    if args.start_at and not args.scenario:
        from simulator.paths import program_name

        example = f"{program_name()} late_refund --start-at ask_details"
        return f"error: --start-at needs a SCENARIO (e.g. {example})", size, []
    try:
        moves = parse_choices(args.choices) if args.demo else []
    except ValueError as exc:
        return f"error: --choices: {exc}", size, []
    if args.demo:
        from simulator.ui.demo import check_demo_choices

        numbers = [m.number for m in moves]
        problem = check_demo_choices(args.demo, numbers, args.seed, args.practice)
        if problem:
            return problem, size, moves
    return "", size, moves


def _open_display(size: tuple[int, int]) -> tuple[int, int] | None:
    """Start the display and fit ``size`` to the desktop; None, having said why, when there is none."""
    from simulator.ui.pg import pygame

    if no_display(os.environ, sys.platform):
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return None
    try:
        pygame.display.init()
    except pygame.error as exc:
        print(
            f"error: cannot start the display ({exc}), so the game window cannot be shown. "
            f"{NO_DISPLAY_HELP}",
            file=sys.stderr,
        )
        return None
    if fell_back_to_headless(pygame.display.get_driver(), os.environ):
        pygame.display.quit()
        print(fallback_message(os.environ), file=sys.stderr)
        return None
    if pygame.display.get_driver() not in HEADLESS_DRIVERS:
        # an invisible window (tests, --demo under SDL_VIDEODRIVER=dummy) has no real desktop to
        # fit: its 'desktop' is a made-up 1024x768, and screenshots keep the size asked for
        size, warning = fit_to_desktop(size, pygame.display.get_desktop_sizes())
        if warning:
            print(warning, file=sys.stderr)
    return size


def _play(app: App, args: argparse.Namespace, choices: list[int]) -> int:
    """Run the demo, or open the first scene (and the scenario asked for) and play until quit."""
    from simulator.ui.pg import pygame

    services = app.services
    if args.trainee:
        app.trainee = args.trainee
        services.store.add_trainee(args.trainee)
    if args.demo:
        from pathlib import Path

        from simulator.ui.demo import run_demo

        return run_demo(
            app,
            args.demo,
            choices,
            Path(args.screenshots),
            args.step_delay,
            args.seed,
            args.practice,
        )
    from simulator.ui.scenes.picker import PickerScene
    from simulator.ui.scenes.profile import ProfileScene

    if args.scenario or args.trainee:
        app.trainee = app.trainee or services.settings.last_trainee or "Trainer"
        app.reset(PickerScene(app))
    else:
        app.reset(ProfileScene(app))
    if args.scenario:
        from simulator.ui.launch import open_scenario

        mode = "practice" if args.practice else "graded"
        open_scenario(app, args.scenario, args.start_at, mode, args.seed, blank=args.blank)
    if os.environ.get("ON_THE_LINE_EXIT_AFTER"):
        # benchmarks and smoke tests: quit by itself after this many seconds
        ms = int(float(os.environ["ON_THE_LINE_EXIT_AFTER"]) * 1000)
        pygame.time.set_timer(pygame.QUIT, ms, loops=1)
    return app.run()
