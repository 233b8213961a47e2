"""Every customer in the library sounds like themselves: different people never share a voice.

The speech engine picks an installed voice from the persona's gender, age and accent, and the
delivery sets the pace and pitch; two different customers with the same five are the same voice
to a trainee's ear. A customer who calls again (a follow-up call) keeps theirs.
"""

from __future__ import annotations

from simulator.paths import SCENARIOS_DIR
from simulator.validation.library import load_library
from simulator.voice.delivery import delivery_for

# Closer than this in pace (words per minute) and pitch (espeak's 0-100) sounds like the same voice.
SAME_PACE_WPM = 8
SAME_PITCH = 3


def _voices() -> dict[str, tuple[str, str, str, int, int]]:
    """Persona name -> (gender, age, accent, words per minute, pitch) at a neutral mood."""
    heard: dict[str, tuple[str, str, str, int, int]] = {}
    for scenario in load_library(SCENARIOS_DIR).scenarios:
        persona = scenario.persona
        d = delivery_for(persona.voice, 0, scenario.kind)
        v = persona.voice
        heard.setdefault(
            f"{persona.name} ({scenario.id})", (v.gender, v.age, v.accent, d.rate_wpm, d.pitch)
        )
    return heard


def test_different_customers_never_share_a_voice() -> None:
    voices = _voices()
    names = sorted(voices)
    clashes = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if a.split(" (")[0] == b.split(" (")[0]:
                continue  # the same customer calling again
            va, vb = voices[a], voices[b]
            if (
                va[:3] == vb[:3]
                and abs(va[3] - vb[3]) < SAME_PACE_WPM
                and abs(va[4] - vb[4]) < SAME_PITCH
            ):
                clashes.append(f"{a} and {b}: {va}")
    assert not clashes, "customers who sound the same:\n" + "\n".join(clashes)


def test_a_customer_who_calls_again_keeps_their_voice() -> None:
    hints: dict[str, set[tuple[str, str, str, float, float]]] = {}
    for scenario in load_library(SCENARIOS_DIR).scenarios:
        v = scenario.persona.voice
        hints.setdefault(scenario.persona.name, set()).add(
            (v.gender, v.age, v.accent, v.rate, v.pitch)
        )
    assert {name: h for name, h in hints.items() if len(h) > 1} == {}
