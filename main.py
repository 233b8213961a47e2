"""On the Line: start the game, or run a trainer command (see --help)."""

import multiprocessing
import sys

from simulator.cli import main

if __name__ == "__main__":
    # The speech worker is a spawned process; a frozen build needs this to start it.
    multiprocessing.freeze_support()
    sys.exit(main())
