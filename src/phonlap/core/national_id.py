"""The Thai national ID number (เลขประจำตัวประชาชน) (pure: no Django).

13 digits, never starting with 0 or 9; the last is a check digit: weight the first twelve digits
13, 12, … 2, sum, and take (11 − sum mod 11) mod 10.
"""

from __future__ import annotations

import re

from stdnum.th import pin

_NON_DIGITS = re.compile(r"[\s\-]")


def normalise(text: str) -> str:
    """Strip the spaces and dashes people type (1-2345-67890-12-1)."""
    return _NON_DIGITS.sub("", text or "")


def check_digit(first_twelve: str) -> int:
    """The mod-11 check digit (python-stdnum's ``th.pin`` is the validator; this builds IDs)."""
    return int(pin.calc_check_digit(first_twelve))


def is_valid(text: str) -> bool:
    return pin.is_valid(normalise(text))


def mask(text: str) -> str:
    """Show only the last three digits, in the card's layout: ``x-xxxx-xxxxx-12-3``."""
    number = normalise(text)
    if len(number) != 13:
        return "x" * len(number)
    return f"x-xxxx-xxxxx-{number[10:12]}-{number[12]}"


def format_id(text: str) -> str:
    """``1-2345-67890-12-1``, the way the card prints it."""
    n = normalise(text)
    return f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}" if len(n) == 13 else n
