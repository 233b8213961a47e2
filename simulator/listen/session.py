"""One spoken answer, heard off the frame loop: a worker thread decodes audio as it is captured.

The UI (or a test's WAV source) calls ``push`` with each chunk and its time, ``stop`` when the
trainee lets go of the talk key, and polls ``result`` once a frame; neither ever waits on the
decoder. Audio is kept only when the trainee asked for their answers to be saved for review.
"""

from __future__ import annotations

import queue
import threading
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from simulator.listen.onset import OnsetDetector, VoiceTiming, voice_timing
from simulator.listen.recogniser import SAMPLE_RATE, Heard, Recogniser


@dataclass(frozen=True)
class SpokenAnswer:
    """What the trainee said: the answer heard and, when speech was found, its timing."""

    heard: Heard
    timing: VoiceTiming | None  # None when no speech was found
    saved: Path | None = None  # where the audio went, when saving is on
    error: str = ""  # the recogniser failed part way; the message says how


_STOP = object()


class ListeningSession:
    """Hears one answer among ``answers``; the customer's line ends at ``customer_ends`` s on the audio's clock.

    With ``gists`` (gist mode) the answer may be said in the trainee's own words and is matched on
    each answer's text and gist (``own_words``; pass False to accept only the text or gist as
    written).
    """

    def __init__(
        self,
        recogniser: Recogniser,
        answers: Sequence[str],
        customer_ends: float,
        *,
        save_to: Path | None = None,
        gists: Sequence[str] = (),
        own_words: bool | None = None,
    ) -> None:
        self._recogniser = recogniser
        self._answers = list(answers)
        self._gists = list(gists)
        # Gist mode (the trainee says the answer in their own words): by default whenever gists
        # are given, since the game passes them only when the cards show gists.
        self._own_words = any(self._gists) if own_words is None else own_words
        self._customer_ends = customer_ends
        self._save_to = save_to
        self._queue: queue.Queue[object] = queue.Queue()
        self._result: SpokenAnswer | None = None
        self._done = threading.Event()
        self.level = 0.0  # loudness of the latest chunk (0-1), for the meter
        self._thread = threading.Thread(target=self._run, name="listening", daemon=True)
        self._thread.start()

    def push(self, t: float, pcm: bytes) -> None:
        """Hand over a chunk of 16 kHz mono audio that started ``t`` seconds into the clock."""
        self._queue.put((t, pcm))

    def stop(self) -> None:
        """The trainee has finished; the answer follows shortly in ``result``."""
        self._queue.put(_STOP)

    @property
    def result(self) -> SpokenAnswer | None:
        """The answer once heard, else None; never blocks."""
        return self._result if self._done.is_set() else None

    def wait(self, timeout: float | None = None) -> SpokenAnswer | None:
        """Block until the answer is heard (tests and the bench; the game polls ``result``)."""
        self._done.wait(timeout)
        return self.result

    def _run(self) -> None:
        onset = OnsetDetector()
        kept: list[bytes] = []
        try:
            self._recogniser.listen(self._answers, self._gists, own_words=self._own_words)
            while True:
                item = self._queue.get()
                if item is _STOP:
                    break
                assert isinstance(item, tuple)
                t, pcm = item
                self.level = onset.feed(t, pcm)
                # The silence before speech is decoded too: the model expects some, and it is
                # cheap; the decoder's own silence model keeps it out of the words.
                self._recogniser.feed(pcm)
                if self._save_to is not None:
                    kept.append(pcm)
            heard = self._recogniser.finish()
            timing = (
                voice_timing(onset.onset, self._customer_ends) if onset.onset is not None else None
            )
            saved = self._save(kept) if kept and self._save_to is not None else None
            self._result = SpokenAnswer(heard, timing, saved)
        except Exception as exc:  # a failing recogniser must not take the game down
            self._result = SpokenAnswer(
                Heard(None, "", 0.0), None, error=f"{exc.__class__.__name__}: {exc}"
            )
        finally:
            self._done.set()

    def _save(self, chunks: list[bytes]) -> Path:
        assert self._save_to is not None
        self._save_to.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(self._save_to), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(SAMPLE_RATE)
            wav.writeframes(b"".join(chunks))
        return self._save_to
