"""Persona voice hints -> installed voice, with fake voice lists from each platform."""

from __future__ import annotations

from typing import Any

from simulator.scenario.model import Voice
from simulator.voice.voice_match import (
    ESPEAK,
    NSSS,
    SAPI5,
    VoiceInfo,
    choose_espeak_variant,
    choose_voice,
    language_match,
    normalise_age,
    normalise_gender,
)

# What espeak-ng reports on Linux: every language voice "male", gender comes from variants.
ESPEAK_VOICES = [
    VoiceInfo("gmw/en-029", "English (Caribbean)", ("en-029",), "male"),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",), "male"),
    VoiceInfo("gmw/en-gb-scotland", "English (Scotland)", ("en-gb-scotland",), "male"),
    VoiceInfo("gmw/en-gb-x-rp", "English (Received Pronunciation)", ("en-gb-x-rp",), "male"),
    VoiceInfo("mb/mb-us1", "us-mbrola-1", ("en-us",), "female"),
    VoiceInfo("gmw/en-us", "English (America)", ("en-us",), "male"),
    VoiceInfo("roa/fr", "French", ("fr-fr",), "male"),
]
ESPEAK_VARIANTS = [
    VoiceInfo("!v/f1", "female1", gender="female"),
    VoiceInfo("!v/f3", "female3", gender="female"),
    VoiceInfo("!v/f4", "female4", gender="female"),
    VoiceInfo("!v/m1", "male1", gender="male"),
    VoiceInfo("!v/m3", "male3", gender="male"),
    VoiceInfo("!v/grandpa", "Grandpa", gender="male"),
]

# What SAPI5 reports on Windows (pyttsx3 turns the LCID into en-US etc.).
SAPI5_VOICES = [
    VoiceInfo(
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Speech\Voices\Tokens\TTS_MS_EN-US_DAVID_11.0",
        "Microsoft David Desktop - English (United States)",
        ("en-US",),
        "male",
        "adult",
    ),
    VoiceInfo(
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Speech\Voices\Tokens\TTS_MS_EN-US_ZIRA_11.0",
        "Microsoft Zira Desktop - English (United States)",
        ("en-US",),
        "female",
        "adult",
    ),
    VoiceInfo(
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Speech\Voices\Tokens\TTS_MS_EN-GB_HAZEL_11.0",
        "Microsoft Hazel Desktop - English (Great Britain)",
        ("en-GB",),
        None,
        None,
    ),
]

# What NSSpeechSynthesizer reports on macOS.
NSSS_VOICES = [
    VoiceInfo("com.apple.speech.synthesis.voice.Alex", "Alex", ("en_US",), "male", "adult"),
    VoiceInfo(
        "com.apple.speech.synthesis.voice.samantha", "Samantha", ("en_US",), "female", "adult"
    ),
    VoiceInfo("com.apple.speech.synthesis.voice.daniel", "Daniel", ("en_GB",), "male", "adult"),
    VoiceInfo("com.apple.speech.synthesis.voice.kate", "Kate", ("en_GB",), "female", "older"),
    VoiceInfo(
        "com.apple.speech.synthesis.voice.Victoria", "Victoria", ("en_US",), "female", "young"
    ),
]


def test_espeak_picks_the_accent_and_adds_a_gender_variant():
    assert (
        choose_voice(Voice(gender="female", accent="en-gb"), ESPEAK_VOICES, ESPEAK_VARIANTS, ESPEAK)
        == "gmw/en+f3"
    )
    assert (
        choose_voice(Voice(gender="male", accent="en-us"), ESPEAK_VOICES, ESPEAK_VARIANTS, ESPEAK)
        == "gmw/en-us+m3"
    )


def test_espeak_age_changes_the_variant():
    older = choose_voice(
        Voice(gender="male", age="older", accent="en-us"), ESPEAK_VOICES, ESPEAK_VARIANTS, ESPEAK
    )
    young = choose_voice(
        Voice(gender="female", age="young", accent="en-us"), ESPEAK_VOICES, ESPEAK_VARIANTS, ESPEAK
    )
    assert older == "gmw/en-us+grandpa"
    assert young == "gmw/en-us+f4"


def test_espeak_neutral_gender_keeps_the_plain_voice():
    assert (
        choose_voice(
            Voice(gender="neutral", accent="en-us"), ESPEAK_VOICES, ESPEAK_VARIANTS, ESPEAK
        )
        == "gmw/en-us"
    )


def test_espeak_never_picks_an_mbrola_voice():
    only_mbrola_is_female = choose_voice(
        Voice(gender="female", accent="en-us"), ESPEAK_VOICES, (), ESPEAK
    )
    assert only_mbrola_is_female == "gmw/en-us"


def test_espeak_without_the_preferred_variant_uses_another_of_that_gender():
    variants = [
        VoiceInfo("!v/Annie", "Annie", gender="female"),
        VoiceInfo("!v/m3", "m3", gender="male"),
    ]
    assert choose_espeak_variant(Voice(gender="female"), variants) == "annie"
    assert choose_espeak_variant(Voice(gender="female"), []) is None


def test_regional_accent_falls_back_to_the_plainest_voice_of_the_language():
    # No en-in voice: any English will do, and the plainest tag wins over Scottish or RP.
    chosen = choose_voice(
        Voice(gender="neutral", accent="en-in"), ESPEAK_VOICES, ESPEAK_VARIANTS, ESPEAK
    )
    assert chosen in ("gmw/en", "gmw/en-us")
    # A sub-accent that is installed is preferred over its parent.
    assert choose_voice(Voice(accent="en-gb-x-rp"), ESPEAK_VOICES, (), ESPEAK) == "gmw/en-gb-x-rp"


def test_no_voice_of_the_language_means_the_default_voice():
    assert choose_voice(Voice(accent="ja-jp"), ESPEAK_VOICES, ESPEAK_VARIANTS, ESPEAK) is None
    assert choose_voice(Voice(accent="ja-jp"), SAPI5_VOICES, family=SAPI5) is None
    assert choose_voice(Voice(accent="en-us"), [], family=NSSS) is None


def test_sapi5_matches_gender_within_the_accent():
    assert choose_voice(
        Voice(gender="female", accent="en-us"), SAPI5_VOICES, family=SAPI5
    ).endswith("ZIRA_11.0")
    assert choose_voice(Voice(gender="male", accent="en-us"), SAPI5_VOICES, family=SAPI5).endswith(
        "DAVID_11.0"
    )


def test_sapi5_gender_from_a_known_name_when_the_engine_does_not_say():
    # Hazel has no gender attribute; a male en-gb persona still gets the only en-gb voice (accent first).
    assert choose_voice(
        Voice(gender="female", accent="en-gb"), SAPI5_VOICES, family=SAPI5
    ).endswith("HAZEL_11.0")
    voices = SAPI5_VOICES + [
        VoiceInfo("george", "Microsoft George - English (Great Britain)", ("en-GB",))
    ]
    assert choose_voice(Voice(gender="male", accent="en-gb"), voices, family=SAPI5) == "george"
    assert choose_voice(Voice(gender="female", accent="en-gb"), voices, family=SAPI5).endswith(
        "HAZEL_11.0"
    )


def test_macos_voices_match_accent_gender_and_age():
    def pick(**hints: Any) -> str | None:
        return choose_voice(Voice(**hints), NSSS_VOICES, family=NSSS)

    assert pick(gender="female", accent="en-gb", age="older").endswith("kate")
    assert pick(gender="male", accent="en-gb").endswith("daniel")
    assert pick(gender="female", accent="en-us", age="young").endswith("Victoria")
    assert pick(gender="female", accent="en-us", age="adult").endswith("samantha")


def test_normalisers():
    assert language_match("en-GB", "en_gb") == 3
    assert language_match("en-gb", "en-gb-x-rp") == 2
    assert language_match("en-uk", "en-gb") == 3
    assert language_match("en-in", "en-us") == 1
    assert language_match("en-us", "fr-fr") == 0
    assert normalise_gender("VoiceGenderFemale") == "female"
    assert normalise_gender("Male") == "male"
    assert normalise_gender(2) == "female"
    assert normalise_gender(None) is None
    assert (
        normalise_age(12) == "young"
        and normalise_age(40) == "adult"
        and normalise_age(70) == "older"
    )
    assert (
        normalise_age("Senior") == "older"
        and normalise_age("Teen") == "young"
        and normalise_age(0) is None
    )
