"""Working days with the administrator's extra holidays read from the database."""

from datetime import date

from . import workdays
from .models import ExtraHoliday


def extra_holidays() -> frozenset[date]:
    return frozenset(ExtraHoliday.objects.values_list("day", flat=True))


def add_working_days(start: date, n: int) -> date:
    return workdays.add_working_days(start, n, extra_holidays())


def is_working_day(day: date) -> bool:
    return workdays.is_working_day(day, extra_holidays())
