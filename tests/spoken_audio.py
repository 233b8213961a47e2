"""espeak-ng renders the trainee's answers for the listening tests: 16 kHz mono PCM in memory.

``espeak_pcm`` runs the espeak-ng program, one process per sentence. ``Speaker`` loads the same
library (libespeak-ng, which the espeak-ng program is built on) into the calling process once and
renders many sentences without starting a process for each: the accuracy tests say some 4,000
sentences, and a process start per sentence was about a third of their cost. Use one ``Speaker``
per process (espeak-ng keeps global state), in worker processes the test starts.
"""

from __future__ import annotations

import ctypes
import io
import subprocess
import wave

from simulator.listen.pcm import to_model_rate

# Two voices (American, British) and two speeds (words a minute): the accuracy grid.
VOICES = ("en-us", "en-gb")
SPEEDS = (160, 200)

_SYNCHRONOUS = 2  # espeak_AUDIO_OUTPUT: samples go to the callback, espeak_Synth returns when done
_RATE = 1  # espeak_PARAMETER: words a minute
_POS_CHARACTER = 1
# espeakCHARS_UTF8 | espeakPHONEMES | espeakENDPAUSE: as the espeak-ng program says its text
_FLAGS = 0x1 | 0x100 | 0x1000


class _VoiceSpec(ctypes.Structure):
    """espeak_VOICE, to choose a voice by its language as the espeak-ng program does."""

    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_char_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


def espeak_pcm(text: str, voice: str = "en-us", speed: int = 175) -> bytes:
    """``text`` said by espeak-ng as 16 kHz mono 16-bit PCM."""
    out = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "--stdout", text],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    with wave.open(io.BytesIO(out)) as wav:
        frames = wav.readframes(wav.getnframes())
        return to_model_rate(frames, wav.getframerate(), wav.getnchannels())


class Speaker:
    """libespeak-ng in this process: ``say`` renders a sentence as 16 kHz mono PCM, no subprocess."""

    def __init__(self) -> None:
        self._lib = ctypes.CDLL("libespeak-ng.so.1")
        self._rate = self._lib.espeak_Initialize(_SYNCHRONOUS, 0, None, 0)
        if self._rate <= 0:
            raise RuntimeError("libespeak-ng could not start (is espeak-ng-data installed?)")
        self._chunks: list[bytes] = []

        def collect(wav: ctypes._Pointer[ctypes.c_short], count: int, _events: object) -> int:
            if count > 0:
                self._chunks.append(ctypes.string_at(wav, count * 2))
            return 0

        self._callback = _CALLBACK(collect)  # kept: the library holds only a raw pointer
        self._lib.espeak_SetSynthCallback(self._callback)

    def say(self, text: str, voice: str = "en-us", speed: int = 175) -> bytes:
        """``text`` said in ``voice`` at ``speed`` words a minute, as 16 kHz mono 16-bit PCM."""
        self._chunks = []
        # By name first, then by language ("en-gb" is a language, not a voice's name).
        if self._lib.espeak_SetVoiceByName(
            voice.encode()
        ) != 0 and self._lib.espeak_SetVoiceByProperties(
            ctypes.byref(_VoiceSpec(languages=voice.encode()))
        ):
            raise RuntimeError(f"espeak-ng has no voice {voice!r}")
        self._lib.espeak_SetParameter(_RATE, speed, 0)
        data = text.encode("utf-8")
        self._lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _FLAGS, None, None)
        self._lib.espeak_Synchronize()
        return to_model_rate(b"".join(self._chunks), self._rate)


def write_wav(path: str, pcm: bytes, rate: int = 16000) -> None:
    """Save 16-bit mono ``pcm`` as a WAV file."""
    with wave.open(path, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)
