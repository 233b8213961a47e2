"""``python -m simulator`` does what ``python main.py`` does."""

import sys

from simulator.cli import main

sys.exit(main())
