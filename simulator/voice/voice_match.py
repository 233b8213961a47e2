"""Which installed voice plays a persona: a pure function of the hints and the voice list.

Engines describe voices differently, so everything is first normalised into
``VoiceInfo`` (by the worker, which owns the engine). The matching rules:

* accent first: an exact language tag beats a regional relative (``en-gb`` vs
  ``en-gb-x-rp``), which beats the same base language (``en``); no match at
  all falls back to the engine's default voice (``None``);
* on espeak-ng every language voice sounds male, so gender and age come from a
  *variant* appended as ``voice+variant`` (``gmw/en+f3``), chosen from the
  variants actually installed;
* on SAPI5 (Windows) and NSSpeechSynthesizer / AVSpeech (macOS) voices carry
  their own gender and age, which break ties between voices of the accent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from simulator.scenario.model import Voice

# The engine families the worker reports (the pyttsx3 driver name, or the espeak-ng program).
# Every family but espeak (macOS's avspeech too) is matched the same way: language, gender, age.
ESPEAK, SAPI5, NSSS = "espeak", "sapi5", "nsss"


@dataclass(frozen=True)
class VoiceInfo:
    """One installed voice (or espeak-ng variant), normalised across engines."""

    id: str
    name: str
    languages: tuple[str, ...] = ()
    gender: str | None = None  # "female", "male" or None when the engine does not say
    age: str | None = None  # "young", "adult", "older" or None


# espeak-ng variants in order of preference for (gender, age); the first installed one wins.
ESPEAK_VARIANTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("female", "young"): ("f4", "f2", "f3", "f1", "f5"),
    ("female", "adult"): ("f3", "f1", "f2", "f4", "f5"),
    ("female", "older"): ("grandma", "f5", "f1", "f3"),
    ("male", "young"): ("m1", "m3", "m2", "m4"),
    ("male", "adult"): ("m3", "m2", "m1", "m4"),
    ("male", "older"): ("grandpa", "m7", "m6", "m2", "m3"),
}

# Common SAPI5 / macOS voices whose engine does not report a gender.
_NAME_GENDER: dict[str, str] = {
    **dict.fromkeys(
        (
            "zira",
            "hazel",
            "susan",
            "helen",
            "heera",
            "eva",
            "catherine",
            "linda",
            "samantha",
            "victoria",
            "karen",
            "moira",
            "tessa",
            "fiona",
            "veena",
            "kate",
            "serena",
            "allison",
            "ava",
            "vicki",
            "kathy",
            "princess",
            "agnes",
            "mary",
        ),
        "female",
    ),
    **dict.fromkeys(
        (
            "david",
            "mark",
            "george",
            "richard",
            "ravi",
            "james",
            "sean",
            "alex",
            "daniel",
            "fred",
            "tom",
            "oliver",
            "lee",
            "rishi",
            "bruce",
            "ralph",
            "junior",
            "mike",
            "sam",
        ),
        "male",
    ),
}

_ACCENT_ALIASES = {"en-uk": "en-gb"}


def normalise_tag(tag: str) -> str:
    """A language tag in one spelling: lower case, hyphens (``en_US`` -> ``en-us``), aliases resolved."""
    t = tag.strip().lower().replace("_", "-")
    return _ACCENT_ALIASES.get(t, t)


def normalise_gender(value: object) -> str | None:
    """``Female``, ``VoiceGenderFemale``, 2 (espeak) ... -> "female"; unknown -> None."""
    if value in (1, 2):
        return "male" if value == 1 else "female"
    text = str(value or "").lower()
    if "female" in text:
        return "female"
    if "male" in text:
        return "male"
    return None


def normalise_age(value: object) -> str | None:
    """An engine's age (years, or Child/Teen/Adult/Senior) -> "young", "adult", "older" or None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value <= 0:
            return None
        return "young" if value < 25 else "older" if value >= 55 else "adult"
    text = str(value or "").lower()
    if text in ("child", "teen", "young"):
        return "young"
    if text in ("senior", "older", "old"):
        return "older"
    if text == "adult":
        return "adult"
    return None


def language_match(accent: str, tag: str) -> int:
    """3 exact, 2 regional relative, 1 same base language, 0 unrelated."""
    a, t = normalise_tag(accent), normalise_tag(tag)
    if not a or not t:
        return 0
    if a == t:
        return 3
    if t.startswith(a + "-") or a.startswith(t + "-"):
        return 2
    return 1 if a.split("-")[0] == t.split("-")[0] else 0


def _gender_of(v: VoiceInfo) -> str | None:
    if v.gender:
        return v.gender
    for word in v.name.lower().replace("-", " ").split():
        if word in _NAME_GENDER:
            return _NAME_GENDER[word]
    return None


def _best_language(
    hints: Voice, voices: Sequence[VoiceInfo]
) -> tuple[int, list[tuple[int, VoiceInfo]]]:
    scored = [
        (max((language_match(hints.accent, lang) for lang in v.languages), default=0), v)
        for v in voices
    ]
    best = max((s for s, _ in scored), default=0)
    return best, [(i, v) for i, (s, v) in enumerate(scored) if s == best and best > 0]


def choose_espeak_variant(hints: Voice, variants: Sequence[VoiceInfo]) -> str | None:
    """The installed espeak-ng variant (``f3``) for the persona's gender and age, or None for a neutral voice."""
    if hints.gender not in ("female", "male"):
        return None
    installed = {v.id.removeprefix("!v/").lower(): v for v in variants}
    for name in ESPEAK_VARIANTS.get(
        (hints.gender, hints.age), ESPEAK_VARIANTS[(hints.gender, "adult")]
    ):
        if name in installed:
            return name
    same = sorted(k for k, v in installed.items() if v.gender == hints.gender)
    return same[0] if same else None


def choose_voice(
    hints: Voice,
    voices: Sequence[VoiceInfo],
    variants: Sequence[VoiceInfo] = (),
    family: str = ESPEAK,
) -> str | None:
    """The voice id to use for ``hints`` among ``voices``; None means the engine's default voice."""
    if family == ESPEAK:
        # MBROLA voices need a separate synthesiser that is rarely installed and fails silently.
        voices = [v for v in voices if not v.id.startswith("mb/")]
    level, candidates = _best_language(hints, voices)
    if not candidates:
        return None
    if family == ESPEAK:
        # Within a language, prefer the plainest tag (en-gb over en-gb-scotland), then the engine's order.
        _, voice = min(candidates, key=lambda iv: (min(len(t) for t in iv[1].languages), iv[0]))
        variant = choose_espeak_variant(hints, variants)
        return f"{voice.id}+{variant}" if variant else voice.id

    def score(iv: tuple[int, VoiceInfo]) -> tuple[int, int, int]:
        index, v = iv
        gender = _gender_of(v)
        g = (
            0
            if hints.gender not in ("female", "male") or gender is None
            else (1 if gender == hints.gender else -1)
        )
        a = 1 if v.age is not None and v.age == hints.age else 0
        return (g, a, -index)

    return max(candidates, key=score)[1].id
