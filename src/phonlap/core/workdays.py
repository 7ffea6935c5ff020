"""Working days (pure: no Django).

A working day is a weekday that is neither a Thai public or government holiday (the ``holidays``
package, category ``public`` and ``government``) nor an extra holiday an administrator added
(passed in by the caller, so this module stays free of the database). SLAs such as "within 5
working days" count with :func:`add_working_days`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

_CATEGORIES = ("public", "government")


@lru_cache(maxsize=64)
def _thai_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("TH", years=year, categories=_CATEGORIES))


def thai_holiday_name(day: date) -> str | None:
    """The holiday's name (English, as the package gives it), or None."""
    table = holidays.country_holidays("TH", years=day.year, categories=_CATEGORIES)
    return table.get(day)


def is_working_day(day: date, extra_holidays: Iterable[date] = ()) -> bool:
    if day.weekday() >= 5:
        return False
    if day in _thai_holidays(day.year):
        return False
    return day not in frozenset(extra_holidays)


def add_working_days(start: date, n: int, extra_holidays: Iterable[date] = ()) -> date:
    """The date that is ``n`` working days after ``start`` (``start`` itself is not counted).

    ``n = 0`` gives ``start`` itself if it is a working day, else the next working day.
    Negative ``n`` counts backwards.
    """
    extra = frozenset(extra_holidays)
    day = start
    if n == 0:
        while not is_working_day(day, extra):
            day += timedelta(days=1)
        return day
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day, extra):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, extra_holidays: Iterable[date] = ()) -> int:
    """Working days in the half-open span (start, end]; negative if ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start, extra_holidays)
    extra = frozenset(extra_holidays)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, extra):
            count += 1
    return count
