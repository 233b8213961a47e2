"""Written answers as the words a speaker says: numbers, money, times and letter codes spelt out.

A written answer such as "your £140 is on HW-40917" is said in several ways ("a hundred and forty
pounds", "pounds one hundred forty", "four oh nine one seven"), so each token becomes a set of
alternative word sequences; the grammar accepts any of them. Plain words pass through lowercased.
"""

from __future__ import annotations

import re

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINAL_ONES = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
CURRENCY = {"£": "pounds", "$": "dollars", "€": "euros"}
ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "ms": "miz", "dr": "doctor", "st": "street"}
# A token: money, a time (10:30), a number with its suffix (3pm, 12th, 20%), or a word.
TOKEN = re.compile(r"[£$€]?\d[\d,]*(?:[.:]\d+)?(?:st|nd|rd|th|am|pm|%)?|[A-Za-z][A-Za-z']*")

Alternatives = tuple[tuple[str, ...], ...]


def number_words(n: int, with_and: bool = True) -> list[str]:
    """``n`` in words, British style ("one hundred and five") or without the "and"."""
    if n < 20:
        return [ONES[n]]
    if n < 100:
        return [TENS[n // 10]] + ([ONES[n % 10]] if n % 10 else [])
    if n < 1000:
        rest = number_words(n % 100, with_and) if n % 100 else []
        return [ONES[n // 100], "hundred"] + (["and"] if rest and with_and else []) + rest
    if n < 1_000_000:
        rest = number_words(n % 1000, with_and) if n % 1000 else []
        joiner = ["and"] if rest and with_and and n % 1000 < 100 else []
        return number_words(n // 1000, with_and) + ["thousand"] + joiner + rest
    return [ONES[int(c)] for c in str(n)]


def _number_readings(digits: str) -> list[tuple[str, ...]]:
    """The usual ways to say a run of digits: as a number (with or without "and", "a hundred")
    and, for codes and long numbers, digit by digit."""
    readings: list[tuple[str, ...]] = []
    n = int(digits)
    if len(digits) <= 6 and not (len(digits) > 1 and digits.startswith("0")):
        for with_and in (True, False):
            words = tuple(number_words(n, with_and))
            readings.append(words)
            if words[0] == "one" and len(words) > 1 and words[1] in ("hundred", "thousand"):
                readings.append(("a",) + words[1:])
    if len(digits) >= 3:
        readings.append(tuple(ONES[int(c)] for c in digits))
        readings.append(tuple("oh" if c == "0" else ONES[int(c)] for c in digits))
    if len(digits) == 4 and 1100 <= n <= 2099 and n % 100 >= 10:
        readings.append(tuple(number_words(n // 100) + number_words(n % 100)))  # a year
    return list(dict.fromkeys(readings))


def _ordinal(words: tuple[str, ...]) -> tuple[str, ...]:
    last = words[-1]
    if last in ORDINAL_ONES:
        spoken = ORDINAL_ONES[last]
    elif last.endswith("y"):
        spoken = last[:-1] + "ieth"
    else:
        spoken = last + "th"
    return words[:-1] + (spoken,)


def _numeric(token: str) -> Alternatives:
    currency = CURRENCY.get(token[0])
    body = token.lstrip("£$€")
    suffix = ""
    for end in ("st", "nd", "rd", "th", "am", "pm", "%"):
        if body.endswith(end):
            body, suffix = body[: -len(end)], end
            break
    body = body.replace(",", "")
    if ":" in body:  # a time: "10:30" is "ten thirty", "9:05" is "nine oh five"
        hours, minutes = body.split(":", 1)
        mins = [number_words(int(minutes))] if int(minutes) else [["o'clock"], []]
        if minutes.startswith("0") and int(minutes):
            mins = [["oh", *number_words(int(minutes))]]
        whole = [tuple(number_words(int(hours)) + m) for m in mins]
    elif "." in body:  # "4.99": "four ninety nine", "four point nine nine"
        units, cents = body.split(".", 1)
        point = tuple(number_words(int(units)) + ["point"] + [ONES[int(c)] for c in cents])
        whole = [point, tuple(number_words(int(units)) + number_words(int(cents)))]
        if currency:
            whole.append(tuple(number_words(int(units)) + [currency] + number_words(int(cents))))
    else:
        whole = _number_readings(body)
    if suffix in ("st", "nd", "rd", "th"):
        whole = [_ordinal(w) for w in whole]
    elif suffix in ("am", "pm"):
        whole = [w + (suffix[0], "m") for w in whole] + whole
    elif suffix == "%":
        whole = [w + ("percent",) for w in whole]
    if currency:
        singular = currency[:-1]
        whole = [
            form
            for w in whole
            for form in (w + (currency,), (currency,) + w, (singular,) + w, w + (singular,))
        ]
    return tuple(dict.fromkeys(whole))


def token_alternatives(token: str) -> Alternatives:
    """The ways to say one written token."""
    if token[0].isdigit() or token[0] in CURRENCY:
        return _numeric(token)
    word = token.lower().strip("'")
    if token.isupper() and token.isalpha() and 2 <= len(token) <= 4:
        return (tuple(word), (word,))  # "SH-4471": letters, or a word ("NHS", "OK")
    if word in ABBREVIATIONS:
        return ((ABBREVIATIONS[word],), (word,))
    return ((word,),)


def spoken_tokens(text: str) -> list[Alternatives]:
    """``text`` as a list of tokens, each with the word sequences a speaker may say for it."""
    tokens: list[Alternatives] = []
    for raw in TOKEN.findall(text.replace("-", " ").replace("/", " ")):
        if raw.strip("'"):
            tokens.append(token_alternatives(raw))
    return tokens


def plain_words(text: str) -> list[str]:
    """``text`` as one plain word list (each token's first reading), for comparing wordings."""
    return [word for token in spoken_tokens(text) for word in token[0]]
