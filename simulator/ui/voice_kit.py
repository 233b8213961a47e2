"""What voice answers need, made ready off the frame loop: the recogniser and the microphone.

The recogniser runs in a worker process (simulator.ui.listen_process says why); starting it and
loading its model takes about a second, and opening a sound device can take a few tenths, so both
happen in a thread the first time voice answers are wanted. Until then (and for good when either
fails) the call is played with keys and the mouse, and ``reason`` says why in plain words for the
settings screen and the call's note.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from simulator.paths import user_data_dir
from simulator.ui.audio_input import AudioInput, AudioInputError, Microphone, capture_devices
from simulator.ui.listen_process import ListenProcess, RemoteSession

OFF, STARTING, READY, FAILED = "off", "starting", "ready", "failed"
SAVED_ANSWERS = "voice-answers"  # folder in the user's data folder for answers kept for review


def saved_answers_dir() -> Path:
    """Where spoken answers go when the trainee turns on saving them for review."""
    return user_data_dir() / SAVED_ANSWERS


class VoiceKit:
    """The recogniser and the audio input for voice answers, with their state and why they are off.

    A ``listener`` passed in (tests share one) is used and never closed; otherwise the kit starts its
    own worker with ``make_listener`` and ends it in ``close``.
    """

    def __init__(
        self,
        make_input: Callable[[str], AudioInput] = Microphone,
        make_listener: Callable[[], ListenProcess] = ListenProcess,
        list_devices: Callable[[], list[str]] = capture_devices,
        listener: ListenProcess | None = None,
    ) -> None:
        self._make_input = make_input
        self._make_listener = make_listener
        self._list_devices = list_devices
        self._owns_listener = listener is None
        self.state = OFF
        self.reason = ""  # why voice answers are off, when they failed
        self.device = ""  # the device asked for
        self.listener: ListenProcess | None = listener
        self.input: AudioInput | None = None
        self._thread: threading.Thread | None = None

    @property
    def ready(self) -> bool:
        """True when the trainee can answer out loud now."""
        return self.state == READY

    def prepare(self, device: str = "", retry: bool = False) -> None:
        """Get ready to listen on ``device`` ("" for the default), in a thread; a no-op when already
        ready on it or on the way. A failure is kept (see ``reason``) until the device changes or
        ``retry`` asks again (the trainee changed the setting: a microphone may be plugged in now)."""
        same = device == self.device
        if same and (self.state in (STARTING, READY) or (self.state == FAILED and not retry)):
            return
        if self.state == STARTING:
            self.device = device  # picked up when the start under way finishes
            return
        self._close_input()
        self.device, self.state, self.reason = device, STARTING, ""
        self._thread = threading.Thread(target=self._start, args=(device,), daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Block until the start finishes (tests, the bench and the demo only)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.ready

    def _start(self, device: str) -> None:
        try:
            listener = self.listener or self._make_listener()
            self.listener = listener
            if not listener.wait_ready():
                self.fail(listener.reason)
                return
            names = self._list_devices()
            if not names:
                raise AudioInputError("no microphone was found")
            if device and device not in names:
                raise AudioInputError(
                    f"the microphone '{device}' is not connected; choose another in Settings"
                )
            audio = self._make_input(device)
        except AudioInputError as exc:
            self.fail(str(exc))
            return
        except Exception as exc:  # a broken driver or model must not take the game down
            self.fail(f"voice answers could not start ({exc.__class__.__name__}: {exc})")
            return
        self.input, self.state = audio, READY
        if device != self.device:  # the setting changed meanwhile
            self.state = OFF
            self.prepare(self.device)

    def fail(self, reason: str) -> None:
        """Voice answers stop for this session, and ``reason`` says why."""
        self._close_input()
        self.state, self.reason = FAILED, reason

    def devices(self) -> tuple[list[str], str]:
        """The microphones to choose from, and why there are none when the list is empty."""
        try:
            names = self._list_devices()
        except AudioInputError as exc:
            return [], str(exc)
        return names, "" if names else "no microphone was found"

    def listen(
        self,
        answers: Sequence[str],
        gists: Sequence[str],
        save_as: str | None,
    ) -> RemoteSession:
        """A session hearing one answer among ``answers``; its clock starts now (see CallVoice), and
        the audio is saved under ``save_as`` in ``saved_answers_dir`` only when that is given."""
        assert self.listener is not None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        save_to = saved_answers_dir() / f"{stamp}-{save_as}.wav" if save_as else None
        return self.listener.listen(answers, gists, save_to)

    def _close_input(self) -> None:
        audio, self.input = self.input, None
        if audio is not None:
            try:
                audio.close()
            except Exception:  # a vanished device: nothing more to let go of
                pass

    def close(self) -> None:
        """Let the microphone go and end the recogniser's worker (at the game's end)."""
        self._close_input()
        if self.listener is not None and self._owns_listener:
            self.listener.close()
            self.listener = None
        self.state = OFF
