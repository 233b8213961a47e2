"""Recognisers for the listening worker in tests, named by ``module:name`` (the worker is its own process)."""

from __future__ import annotations

import sys

from simulator.listen.recogniser import Recogniser


def without_pocketsphinx() -> Recogniser:
    """The real recogniser in a process where the pocketsphinx package cannot be found."""
    sys.modules["pocketsphinx"] = None  # type: ignore[assignment]  # find_spec and import now fail
    return Recogniser()


class FailingRecogniser(Recogniser):
    """A recogniser whose decoder breaks on the first audio it is given."""

    def feed(self, pcm: bytes) -> None:
        """Fail as a crashed decoder would."""
        raise RuntimeError("decoder crashed")
