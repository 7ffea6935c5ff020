"""Thai dates (pure: no Django): B.E. years on display and input, ordinary dates in storage.

Thai shows ``21 พ.ย. 2569`` (B.E. = C.E. + 543); English shows ``21 Nov 2026``. Input accepts
``dd/mm/yyyy`` (and ``d/m/yyyy``, with ``-`` or ``.`` as separators), ISO ``yyyy-mm-dd``, and
eight bare digits ``ddmmyyyy`` (a phone's numeric keypad may have no ``/``).
A year of 2400 or more is read as B.E. in every language — nobody files a grant in 2569 C.E. —
so a Thai user typing 21/11/2569 gets 21 Nov 2026. Thai numerals (๒๑/๑๑/๒๕๖๙) read the same,
since the pattern's digit class and ``int`` accept every Unicode decimal digit.
"""

from __future__ import annotations

import re
from datetime import date, datetime

BE_OFFSET = 543
BE_THRESHOLD = 2400

MONTHS_TH_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                   "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTHS_TH_LONG = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                  "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_EN_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_EN_LONG = ("January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December")

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")


class ThaiDateError(ValueError):
    """The text is not a date we can read."""


def is_thai(language: str | None) -> bool:
    return (language or "th").lower().startswith("th")


def format_date(day: date | datetime | None, language: str = "th", long: bool = False) -> str:
    """``21 พ.ย. 2569`` in Thai, ``21 Nov 2026`` in English; empty for None."""
    if day is None:
        return ""
    if is_thai(language):
        months = MONTHS_TH_LONG if long else MONTHS_TH_SHORT
        return f"{day.day} {months[day.month - 1]} {day.year + BE_OFFSET}"
    months = MONTHS_EN_LONG if long else MONTHS_EN_SHORT
    return f"{day.day} {months[day.month - 1]} {day.year}"


def format_datetime(moment: datetime | None, language: str = "th") -> str:
    if moment is None:
        return ""
    suffix = " น." if is_thai(language) else ""
    return f"{format_date(moment, language)} {moment:%H:%M}{suffix}"


def format_input(day: date | None, language: str = "th") -> str:
    """The value a date input shows: ``21/11/2569`` in Thai, ``21/11/2026`` in English."""
    if day is None:
        return ""
    year = day.year + BE_OFFSET if is_thai(language) else day.year
    return f"{day.day:02d}/{day.month:02d}/{year}"


def parse_date(text: str) -> date:
    """Read a typed date; raise :class:`ThaiDateError` with a reason when it is not one."""
    if not text or not text.strip():
        raise ThaiDateError("empty")
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        dmy = _DMY.match(text) or _COMPACT.match(text)
        if not dmy:
            raise ThaiDateError("format")
        day, month, year = (int(g) for g in dmy.groups())
    if year >= BE_THRESHOLD:
        year -= BE_OFFSET
    if year < 1900:
        raise ThaiDateError("year")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ThaiDateError("invalid") from exc
