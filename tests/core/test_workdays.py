"""Working days against the real 2026 Thai calendar (``holidays`` package, public + government):
Songkran Mon 13 – Wed 15 Apr; King Bhumibol's birthday Sat 5 Dec with its substitution day
Mon 7 Dec; Constitution Day Thu 10 Dec; New Year's Eve Thu 31 Dec and New Year's Day Fri 1 Jan 2027
(and Thu 1 Jan 2026 with the bridge holiday Fri 2 Jan 2026)."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from phonlap.core.workdays import (
    add_working_days,
    is_working_day,
    thai_holiday_name,
    working_days_between,
)

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
extra_sets = st.frozensets(dates, max_size=5)


@pytest.mark.parametrize(
    "day",
    [date(2026, 4, 11), date(2026, 4, 12), date(2026, 11, 21), date(2026, 11, 22)],
)
def test_weekends_are_not_working_days(day):
    assert day.weekday() >= 5
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # New Year's Day
        date(2026, 1, 2),  # bridge holiday
        date(2026, 4, 6),  # Chakri Memorial Day
        date(2026, 4, 13),  # Songkran
        date(2026, 4, 14),
        date(2026, 4, 15),
        date(2026, 12, 7),  # substitution for Sat 5 Dec
        date(2026, 12, 10),  # Constitution Day
        date(2026, 12, 31),  # New Year's Eve
        date(2027, 1, 1),
    ],
)
def test_thai_holidays_are_not_working_days(day):
    assert day.weekday() < 5
    assert not is_working_day(day)
    assert thai_holiday_name(day)


def test_songkran_names():
    assert "Songkran" in thai_holiday_name(date(2026, 4, 13))


def test_holiday_on_a_saturday_and_its_substitution_day():
    assert thai_holiday_name(date(2026, 12, 5)) is not None
    assert not is_working_day(date(2026, 12, 5))
    assert "in lieu" in thai_holiday_name(date(2026, 12, 7))


@pytest.mark.parametrize(
    "day",
    [date(2026, 4, 10), date(2026, 4, 16), date(2026, 12, 4), date(2026, 12, 8), date(2026, 11, 20)],
)
def test_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)
    assert thai_holiday_name(day) is None


def test_an_extra_holiday_is_not_a_working_day():
    day = date(2026, 4, 16)
    assert is_working_day(day)
    assert not is_working_day(day, [day])
    assert is_working_day(day, [date(2026, 4, 17)])


# --- add_working_days ----------------------------------------------------------------------


def test_zero_on_a_working_day_is_the_same_day():
    assert add_working_days(date(2026, 4, 10), 0) == date(2026, 4, 10)


def test_zero_on_a_holiday_moves_to_the_next_working_day():
    assert add_working_days(date(2026, 4, 11), 0) == date(2026, 4, 16)  # Sat before Songkran
    assert add_working_days(date(2026, 4, 13), 0) == date(2026, 4, 16)


def test_across_songkran():
    # Friday 10 April + 1 working day skips the weekend and Songkran (Mon–Wed).
    assert add_working_days(date(2026, 4, 10), 1) == date(2026, 4, 16)
    assert add_working_days(date(2026, 4, 10), 2) == date(2026, 4, 17)
    assert add_working_days(date(2026, 4, 10), 5) == date(2026, 4, 22)


def test_across_the_december_long_weekend():
    # Fri 4 Dec → (Sat 5 Dec holiday, Sun, Mon 7 Dec substitution) → Tue 8 Dec.
    assert add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 8)
    # Wed 9 Dec + 1 skips Constitution Day (Thu 10 Dec).
    assert add_working_days(date(2026, 12, 9), 1) == date(2026, 12, 11)


def test_across_new_year():
    # Wed 30 Dec 2026 → (Thu 31 Dec, Fri 1 Jan, weekend) → Mon 4 Jan 2027.
    assert add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)
    # Tue 30 Dec 2025 → (Wed 31 Dec, Thu 1 Jan, Fri 2 Jan bridge, weekend) → Mon 5 Jan 2026.
    assert add_working_days(date(2025, 12, 30), 1) == date(2026, 1, 5)


def test_an_sla_of_five_working_days():
    # Submitted Thursday 9 April 2026: Fri 10 (1), Thu 16 (2), Fri 17 (3), Mon 20 (4), Tue 21 (5).
    assert add_working_days(date(2026, 4, 9), 5) == date(2026, 4, 21)


def test_negative_counts_backwards():
    assert add_working_days(date(2026, 4, 16), -1) == date(2026, 4, 10)
    assert add_working_days(date(2027, 1, 4), -1) == date(2026, 12, 30)
    assert add_working_days(date(2026, 12, 8), -1) == date(2026, 12, 4)
    assert add_working_days(date(2026, 4, 22), -5) == date(2026, 4, 10)


def test_extra_holiday_is_skipped():
    extra = [date(2026, 4, 16)]
    assert add_working_days(date(2026, 4, 10), 1, extra) == date(2026, 4, 17)
    assert add_working_days(date(2026, 4, 17), -1, extra) == date(2026, 4, 10)
    assert add_working_days(date(2026, 4, 16), 0, extra) == date(2026, 4, 17)


def test_extra_holidays_may_be_any_iterable():
    gen = (d for d in [date(2026, 4, 16)])
    assert add_working_days(date(2026, 4, 10), 1, gen) == date(2026, 4, 17)


# --- working_days_between ------------------------------------------------------------------


def test_between_across_songkran():
    assert working_days_between(date(2026, 4, 10), date(2026, 4, 16)) == 1
    assert working_days_between(date(2026, 4, 16), date(2026, 4, 10)) == -1
    assert working_days_between(date(2026, 4, 10), date(2026, 4, 10)) == 0
    assert working_days_between(date(2026, 4, 11), date(2026, 4, 15)) == 0


def test_between_counts_a_whole_month():
    # April 2026: 22 weekdays, less Chakri Day (6th) and Songkran (13–15) = 18.
    assert working_days_between(date(2026, 3, 31), date(2026, 4, 30)) == 18


def test_between_with_an_extra_holiday():
    assert working_days_between(date(2026, 4, 10), date(2026, 4, 17)) == 2
    assert working_days_between(date(2026, 4, 10), date(2026, 4, 17), [date(2026, 4, 16)]) == 1


# --- properties ----------------------------------------------------------------------------


@given(dates, st.integers(min_value=0, max_value=60), extra_sets)
def test_add_lands_on_a_working_day(start, n, extra):
    result = add_working_days(start, n, extra)
    assert is_working_day(result, extra)
    assert result >= start
    assert result not in extra


@given(dates, st.integers(min_value=1, max_value=60), extra_sets)
def test_between_inverts_add(start, n, extra):
    assert working_days_between(start, add_working_days(start, n, extra), extra) == n


@given(dates, st.integers(min_value=-60, max_value=60), extra_sets)
def test_between_inverts_add_from_a_working_day(start, n, extra):
    assume(is_working_day(start, extra))
    result = add_working_days(start, n, extra)
    assert is_working_day(result, extra)
    assert working_days_between(start, result, extra) == n


@given(dates, dates, extra_sets)
def test_between_is_antisymmetric(a, b, extra):
    assert working_days_between(a, b, extra) == -working_days_between(b, a, extra)


@given(dates, st.integers(min_value=1, max_value=30))
def test_add_is_strictly_increasing(start, n):
    assert add_working_days(start, n + 1) - add_working_days(start, n) >= timedelta(days=1)


@given(dates)
def test_zero_and_one_agree_when_starting_on_a_day_off(start):
    # From a day off, "the next working day" is both n=0 and n=1.
    assume(not is_working_day(start))
    assert add_working_days(start, 0) == add_working_days(start, 1)
