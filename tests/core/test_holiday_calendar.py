from datetime import date

import pytest

from phonlap.core import holiday_calendar
from phonlap.core.models import ExtraHoliday

pytestmark = pytest.mark.django_db

FRI_BEFORE_SONGKRAN = date(2026, 4, 10)
THU_AFTER_SONGKRAN = date(2026, 4, 16)


def test_without_extra_holidays_the_thai_calendar_applies():
    assert holiday_calendar.extra_holidays() == frozenset()
    assert holiday_calendar.is_working_day(THU_AFTER_SONGKRAN)
    assert holiday_calendar.add_working_days(FRI_BEFORE_SONGKRAN, 1) == THU_AFTER_SONGKRAN
    assert holiday_calendar.working_days_between(FRI_BEFORE_SONGKRAN, date(2026, 4, 17)) == 2


def test_an_administrators_holiday_is_skipped():
    ExtraHoliday.objects.create(day=THU_AFTER_SONGKRAN, name="Songkran extension")
    assert holiday_calendar.extra_holidays() == frozenset({THU_AFTER_SONGKRAN})
    assert not holiday_calendar.is_working_day(THU_AFTER_SONGKRAN)
    assert holiday_calendar.add_working_days(FRI_BEFORE_SONGKRAN, 1) == date(2026, 4, 17)
    assert holiday_calendar.add_working_days(date(2026, 4, 17), -1) == FRI_BEFORE_SONGKRAN
    assert holiday_calendar.working_days_between(FRI_BEFORE_SONGKRAN, date(2026, 4, 17)) == 1


def test_a_removed_holiday_is_a_working_day_again():
    holiday = ExtraHoliday.objects.create(day=THU_AFTER_SONGKRAN, name="Songkran extension")
    holiday.delete()
    assert holiday_calendar.is_working_day(THU_AFTER_SONGKRAN)


def test_one_query_per_call(django_assert_num_queries):
    ExtraHoliday.objects.create(day=THU_AFTER_SONGKRAN, name="x")
    with django_assert_num_queries(1):
        holiday_calendar.add_working_days(FRI_BEFORE_SONGKRAN, 40)


def test_extra_holiday_days_are_unique():
    from django.db import IntegrityError, transaction

    ExtraHoliday.objects.create(day=THU_AFTER_SONGKRAN, name="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExtraHoliday.objects.create(day=THU_AFTER_SONGKRAN, name="b")
