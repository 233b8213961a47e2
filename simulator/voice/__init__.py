"""The customer's voice: offline speech rendered in a worker process, played by the game.

The UI calls ``make_speaker`` once at start-up (after initialising
pygame.mixer, or letting this do it) and then only the ``Speaker`` methods
from its frame loop. The worker starts at once, so its engine is warm by the
time the first line is said. Pass the scenario's ``kind`` in ``SpokenLine``
(a confused caller speaks slower) and read ``speaker.notice`` whenever the
settings screen is drawn: it can appear later, when the worker finds no
engine or fails.
"""

from __future__ import annotations

from pathlib import Path

from simulator.voice.base import SilentSpeaker, Speaker, SpokenLine

__all__ = ["Speaker", "SilentSpeaker", "SpokenLine", "make_speaker"]


def make_speaker(
    enabled: bool,
    volume: float,
    *,
    cache_dir: Path | None = None,
    allow_silent_driver: bool = False,
    phone_line: bool = True,
) -> Speaker:
    """The real speaker, or a ``SilentSpeaker`` whose notice says why there is no sound.

    ``phone_line`` puts the customer's voice through the telephone band (the default: the
    customer is on the phone). ``allow_silent_driver`` runs speech through an inaudible SDL driver
    (``dummy``) instead of falling back; tests and benchmarks use it.
    """
    if not enabled:
        return SilentSpeaker(notice="Speech is turned off; captions only.")
    try:
        from simulator.voice.playback import MixerPlayer, open_audio
        from simulator.voice.speaker import WorkerSpeaker

        audio = open_audio()
        if not audio.ok and not (allow_silent_driver and audio.driver):
            return SilentSpeaker(notice=f"{audio.message}. Captions only.")
        return WorkerSpeaker(
            MixerPlayer(volume), volume=volume, cache_dir=cache_dir, phone_line=phone_line
        )
    except Exception as exc:  # whatever goes wrong here, the game goes on with captions
        return SilentSpeaker(
            notice=f"Speech is unavailable ({type(exc).__name__}: {exc}). Captions only."
        )
