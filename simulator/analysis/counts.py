"""Path counts for people and for JSON: exact however many digits they have, or rounded to read."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager

SHOW_DIGITS = 24  # longer counts are shown rounded, with their number of digits


@contextmanager
def _long_ints() -> Iterator[None]:
    # Python refuses to print integers of more than 4300 digits by default
    # (a guard against slow conversions of untrusted input); ours are exact counts.
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(limit)


def exact_count(n: int) -> str:
    """All the digits of ``n``."""
    with _long_ints():
        return str(n)


def count_digits(n: int) -> int:
    """How many decimal digits ``n`` has (1 for zero)."""
    if n < 10**15:
        return len(str(n))
    digits = int(math.log10(n)) + 1
    # log10 of a huge integer is a float: correct it at a power of ten.
    if n >= 10**digits:
        digits += 1
    elif n < 10 ** (digits - 1):
        digits -= 1
    return digits


def format_count(n: int) -> str:
    """``n`` in full when short, else rounded: 'about 1.23e+1803 (1,804 digits)'."""
    if n < 10**SHOW_DIGITS:
        return f"{n:,}"
    digits = count_digits(n)
    lead = n // 10 ** (digits - 3)  # the first three digits
    return f"about {lead / 100:.2f}e+{digits - 1} ({digits:,} digits)"
