"""espeak-ng renders the trainee's answers for the listening tests: 16 kHz mono PCM in memory."""

from __future__ import annotations

import io
import subprocess
import wave

from simulator.listen.pcm import to_model_rate

# Two voices (American, British) and two speeds (words a minute): the accuracy grid.
VOICES = ("en-us", "en-gb")
SPEEDS = (160, 200)


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


def write_wav(path: str, pcm: bytes, rate: int = 16000) -> None:
    """Save 16-bit mono ``pcm`` as a WAV file."""
    with wave.open(path, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)
