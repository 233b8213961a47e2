"""On the Line: start the game, or run a trainer command (see --help)."""

import sys

from simulator.cli import main

if __name__ == "__main__":
    sys.exit(main())
