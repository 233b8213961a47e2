"""Mood shapes delivery: angrier is faster and louder, a confused caller slower."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from simulator.scenario.model import Voice
from simulator.voice.delivery import BASE_PITCH, BASE_WPM, delivery_for


def test_calm_default_voice_speaks_at_the_base_rate():
    d = delivery_for(Voice(), 10)
    assert d.rate_wpm == BASE_WPM
    assert d.pitch == BASE_PITCH
    assert 0 < d.volume < 1


def test_angrier_is_faster_and_louder():
    calm, annoyed, angry, furious = (delivery_for(Voice(), m) for m in (10, -10, -40, -90))
    assert calm.rate_wpm < annoyed.rate_wpm < angry.rate_wpm < furious.rate_wpm
    assert calm.volume < annoyed.volume < angry.volume < furious.volume


@given(st.integers(-100, 100), st.integers(-100, 100))
def test_delivery_never_gets_slower_or_softer_as_mood_drops(a, b):
    lower, higher = sorted((a, b))
    if higher >= 0:
        return  # above neutral, pleasure may change pace either way
    assert delivery_for(Voice(), lower).rate_wpm >= delivery_for(Voice(), higher).rate_wpm
    assert delivery_for(Voice(), lower).volume >= delivery_for(Voice(), higher).volume


def test_confused_caller_is_slower_at_the_same_mood():
    for mood in (-80, -30, 0, 50):
        assert (
            delivery_for(Voice(), mood, "confused").rate_wpm
            < delivery_for(Voice(), mood, "irate").rate_wpm
        )


def test_persona_rate_and_pitch_scale_delivery():
    slow_low = delivery_for(Voice(rate=0.8, pitch=0.7), 0)
    assert slow_low.rate_wpm == round(BASE_WPM * 0.8)
    assert slow_low.pitch == round(BASE_PITCH * 0.7)


@given(
    st.floats(0.5, 2.0),
    st.floats(0.5, 2.0),
    st.integers(-100, 100),
    st.sampled_from(["", "confused", "irate"]),
)
def test_delivery_stays_in_engine_ranges(rate, pitch, mood, kind):
    d = delivery_for(Voice(rate=rate, pitch=pitch), mood, kind)
    assert 80 <= d.rate_wpm <= 400
    assert 0 <= d.pitch <= 100
    assert 0 <= d.volume <= 1


def test_moods_in_one_band_share_a_delivery_so_prefetched_lines_still_hit_the_cache():
    assert delivery_for(Voice(), -30) == delivery_for(Voice(), -50)
    assert delivery_for(Voice(), -30) != delivery_for(Voice(), -70)
