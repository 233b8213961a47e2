"""Speech files without a speech engine: cache keys and lookups, pruning, AIFF conversion, espeak-ng
listings, job order."""

from __future__ import annotations

import os
import queue
import struct
import wave
from pathlib import Path

import pytest

from simulator.voice.aiff import NotAiff, convert_in_place
from simulator.voice.cache import SpeechCache, cache_key, prune, wav_duration
from simulator.voice.protocol import Quit, Rendered, RenderFailed, RenderJob, Started, WorkerOptions
from simulator.voice.worker import no_engine_message, parse_espeak_voices, render_job, serve


def write_wav(path: Path, seconds: float, rate: int = 22050) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x01\x00" * int(seconds * rate))


def test_cache_key_changes_with_everything_that_changes_the_audio():
    base = ("Where is my refund?", "gmw/en+f3", 175, 0.8, 50, "pyttsx3/espeak pyttsx3 2.99")
    key = cache_key(*base)
    assert cache_key(*base) == key
    for i, other in enumerate(("Where's my refund?", "gmw/en-us", 200, 0.9, 60, "espeak-ng 1.52")):
        changed = list(base)
        changed[i] = other
        assert cache_key(*changed) != key, f"field {i} is not part of the key"


def test_lookup_reads_the_duration_from_the_wav_header(tmp_path):
    cache = SpeechCache(tmp_path)
    assert cache.lookup("abc") is None
    write_wav(cache.path_for("abc"), 1.5)
    path, duration = cache.lookup("abc")
    assert path == tmp_path / "abc.wav"
    assert duration == pytest.approx(1.5)


def test_a_damaged_cache_file_is_a_miss(tmp_path):
    cache = SpeechCache(tmp_path)
    cache.path_for("bad").write_bytes(b"not a wav at all")
    assert cache.lookup("bad") is None


def test_prune_removes_the_least_recently_used_files_first(tmp_path):
    for i, name in enumerate(("old", "mid", "new")):
        write_wav(tmp_path / f"{name}.wav", 1.0)
        os.utime(tmp_path / f"{name}.wav", (1000 + i, 1000 + i))
    size = (tmp_path / "old.wav").stat().st_size
    assert prune(tmp_path, 2 * size) == 1
    assert sorted(p.stem for p in tmp_path.glob("*.wav")) == ["mid", "new"]


def _extended(value: float) -> bytes:
    exponent = value.bit_length() if isinstance(value, int) else int(value).bit_length()
    mantissa = int(value) << (64 - exponent)
    return struct.pack(">HQ", 16383 + exponent - 1, mantissa)


def aiff_bytes(samples: list[int], rate: int = 22050) -> bytes:
    comm = struct.pack(">hIh", 1, len(samples), 16) + _extended(rate)
    ssnd = struct.pack(">II", 0, 0) + struct.pack(f">{len(samples)}h", *samples)
    chunks = (
        b"COMM"
        + struct.pack(">I", len(comm))
        + comm
        + b"SSND"
        + struct.pack(">I", len(ssnd))
        + ssnd
    )
    return b"FORM" + struct.pack(">I", 4 + len(chunks)) + b"AIFF" + chunks


def test_macos_aiff_output_becomes_a_wav_with_the_same_samples(tmp_path):
    samples = [0, 1, -1, 300, -12345, 32767]
    path = tmp_path / "line.wav"
    path.write_bytes(aiff_bytes(samples))
    assert convert_in_place(path) is True
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        assert list(struct.unpack(f"<{len(samples)}h", w.readframes(len(samples)))) == samples


def test_a_wav_is_left_alone_and_garbage_is_refused(tmp_path):
    wav = tmp_path / "a.wav"
    write_wav(wav, 0.1)
    before = wav.read_bytes()
    assert convert_in_place(wav) is False
    assert wav.read_bytes() == before
    from simulator.voice.aiff import aiff_to_wav_bytes

    with pytest.raises(NotAiff):
        aiff_to_wav_bytes(b"FORM\x00\x00\x00\x04AIFF")


ESPEAK_LISTING = """Pty Language       Age/Gender VoiceName          File                 Other Languages
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  variant         35/F      Alicia             !v/Alicia
"""


def test_espeak_ng_voice_listing_is_parsed():
    voices = parse_espeak_voices(ESPEAK_LISTING)
    assert [(v.id, v.languages, v.gender) for v in voices] == [
        ("gmw/en", ("en-gb",), "male"),
        ("gmw/en-US", ("en-us",), "male"),
        ("!v/Alicia", ("variant",), "female"),
    ]
    assert voices[0].name == "English (Great Britain)"
    assert voices[2].age == "adult"


def test_no_engine_message_names_what_is_missing():
    message = no_engine_message(["pyttsx3 is not installed", "espeak-ng is not installed"])
    assert "pyttsx3 is not installed" in message and "espeak-ng is not installed" in message
    assert "\n" not in message


class FakeEngine:
    """Writes a short WAV per job and remembers the order of the texts."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def render(self, job: RenderJob, path: Path) -> str | None:
        self.order.append(job.text)
        if job.text == "fail":
            raise RuntimeError("engine said no")
        write_wav(path, 0.25)
        return None


def job(tmp_path: Path, text: str, urgent: bool = False) -> RenderJob:
    return RenderJob(
        key=text,
        text=text,
        voice_id=None,
        rate_wpm=175,
        volume=0.8,
        pitch=50,
        path=str(tmp_path / f"{text}.wav"),
        urgent=urgent,
    )


def test_the_line_to_say_now_jumps_the_prefetch_queue(tmp_path):
    requests, results = queue.Queue(), queue.Queue()
    for message in (
        job(tmp_path, "ahead1"),
        job(tmp_path, "ahead2"),
        job(tmp_path, "now", urgent=True),
        job(tmp_path, "ahead1"),
        Quit(),
    ):
        requests.put(message)
    engine = FakeEngine()
    serve(engine, requests, results, WorkerOptions())
    # Quit arrived with the batch, so nothing was rendered; queue again without Quit to see the order.
    assert engine.order == []
    for message in (
        job(tmp_path, "ahead1"),
        job(tmp_path, "ahead2"),
        job(tmp_path, "now", urgent=True),
        job(tmp_path, "ahead1"),
    ):
        requests.put(message)
    import threading

    worker = threading.Thread(target=serve, args=(engine, requests, results, WorkerOptions()))
    worker.start()
    reported = []
    while len([m for m in reported if not isinstance(m, Started)]) < 3:
        reported.append(results.get(timeout=10))
    requests.put(Quit())
    worker.join(timeout=10)
    assert engine.order == [
        "now",
        "ahead1",
        "ahead2",
    ]  # urgent first, the duplicate prefetch dropped
    done = [m for m in reported if isinstance(m, Rendered)]
    assert [m.key for m in done] == ["now", "ahead1", "ahead2"]
    assert all(m.duration == pytest.approx(0.25, abs=1e-3) for m in done)


def test_render_job_reports_failures_and_reuses_finished_files(tmp_path):
    engine = FakeEngine()
    failed = render_job(engine, job(tmp_path, "fail"))
    assert isinstance(failed, RenderFailed) and "engine said no" in failed.reason
    assert not list(tmp_path.glob("*.wav")), (
        "a failed render must not leave a file behind as a cache entry"
    )
    first = render_job(engine, job(tmp_path, "hello"))
    again = render_job(engine, job(tmp_path, "hello"))
    assert isinstance(first, Rendered) and isinstance(again, Rendered)
    assert engine.order == ["fail", "hello"]
    assert wav_duration(first.path) == pytest.approx(0.25, abs=1e-3)
