"""Working days with the administrator's extra holidays read from the database.

The same three functions as :mod:`phonlap.core.workdays`, without the ``extra_holidays``
argument: callers that count SLAs ("within 5 working days") use these."""

from datetime import date

from . import workdays
from .models import ExtraHoliday


def extra_holidays() -> frozenset[date]:
    return frozenset(ExtraHoliday.objects.values_list("day", flat=True))


def add_working_days(start: date, n: int) -> date:
    return workdays.add_working_days(start, n, extra_holidays())


def is_working_day(day: date) -> bool:
    return workdays.is_working_day(day, extra_holidays())


def working_days_between(start: date, end: date) -> int:
    return workdays.working_days_between(start, end, extra_holidays())
