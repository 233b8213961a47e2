"""AIFF to WAV: macOS speech writes AIFF whatever the file is called (pyttsx3 issue #361).

The standard library's ``aifc`` is deprecated and gone in Python 3.13, so
this reads the two chunks that matter (COMM, SSND) itself. Uncompressed AIFF
and AIFF-C with ``NONE`` (big-endian) or ``sowt`` (little-endian) PCM only,
which is what the system synthesiser writes.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path


class NotAiff(ValueError):
    """The bytes are not an AIFF file this module can read."""


def is_aiff(head: bytes) -> bool:
    """True when ``head`` (the first 12 bytes of a file) starts an AIFF or AIFF-C file."""
    return len(head) >= 12 and head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC")


def _extended(b: bytes) -> float:
    """An 80-bit IEEE 754 extended float (AIFF's sample rate)."""
    exponent, mantissa = struct.unpack(">HQ", b)
    sign = -1 if exponent & 0x8000 else 1
    exponent &= 0x7FFF
    if exponent == 0 and mantissa == 0:
        return 0.0
    return sign * math.ldexp(mantissa, exponent - 16383 - 63)


def aiff_to_wav_bytes(data: bytes) -> tuple[int, int, int, bytes]:
    """(channels, sample width in bytes, frame rate, little-endian PCM frames) of an AIFF file's bytes."""
    if not is_aiff(data[:12]):
        raise NotAiff("not an AIFF file")
    compressed = data[8:12] == b"AIFC"
    pos, comm, frames = 12, None, None
    little = False
    while pos + 8 <= len(data):
        cid, size = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        body = data[pos + 8 : pos + 8 + size]
        if cid == b"COMM":
            channels, nframes, bits = struct.unpack(">hIh", body[:8])
            rate = _extended(body[8:18])
            if compressed:
                kind = body[18:22]
                if kind not in (b"NONE", b"sowt"):
                    raise NotAiff(f"compressed AIFF-C ({kind!r}) is not supported")
                little = kind == b"sowt"
            comm = (channels, nframes, bits, rate)
        elif cid == b"SSND":
            offset = struct.unpack(">I", body[:4])[0]
            frames = body[8 + offset :]
        pos += 8 + size + (size & 1)  # chunks are padded to even sizes
    if comm is None or frames is None:
        raise NotAiff("AIFF file without COMM or SSND chunk")
    channels, nframes, bits, rate = comm
    width = (bits + 7) // 8
    frames = frames[: nframes * channels * width]
    if width > 1 and not little:
        frames = _swap(frames, width)
    elif width == 1:
        frames = bytes((b + 128) & 0xFF for b in frames)  # AIFF 8-bit is signed, WAV 8-bit unsigned
    return channels, width, round(rate), frames


def _swap(frames: bytes, width: int) -> bytes:
    if width == 2:
        import array

        a = array.array("h", frames[: len(frames) - len(frames) % 2])
        a.byteswap()  # swapping each item's bytes turns big-endian into little-endian on any host
        return a.tobytes()
    return b"".join(frames[i : i + width][::-1] for i in range(0, len(frames) - width + 1, width))


def convert_in_place(path: Path) -> bool:
    """Rewrite ``path`` as WAV when it holds AIFF; True when it did."""
    with open(path, "rb") as f:
        if not is_aiff(f.read(12)):
            return False
    channels, width, rate, frames = aiff_to_wav_bytes(path.read_bytes())
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(frames)
    return True
