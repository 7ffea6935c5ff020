from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phonlap.core.fiscal import (
    FiscalQuarter,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_end,
    fiscal_year_start,
    quarter_due_date,
    quarter_end,
    quarter_start,
)


@pytest.mark.parametrize(
    ("day", "fy", "quarter"),
    [
        (date(2022, 10, 1), 2566, 1),  # spec README: FY 2566 starts 1 Oct 2022
        (date(2022, 12, 31), 2566, 1),
        (date(2023, 1, 1), 2566, 2),
        (date(2023, 3, 31), 2566, 2),
        (date(2023, 4, 1), 2566, 3),
        (date(2023, 6, 30), 2566, 3),
        (date(2023, 7, 1), 2566, 4),
        (date(2023, 9, 30), 2566, 4),  # ... and ends 30 Sep 2023
        (date(2023, 10, 1), 2567, 1),
        (date(2026, 11, 21), 2570, 1),
    ],
)
def test_fiscal_year_and_quarter_of_a_date(day, fy, quarter):
    assert fiscal_year(day) == fy
    assert fiscal_quarter(day) == FiscalQuarter(fy, quarter)


def test_fiscal_year_bounds():
    assert fiscal_year_start(2566) == date(2022, 10, 1)
    assert fiscal_year_end(2566) == date(2023, 9, 30)


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, date(2022, 10, 1), date(2022, 12, 31)),
        (2, date(2023, 1, 1), date(2023, 3, 31)),
        (3, date(2023, 4, 1), date(2023, 6, 30)),
        (4, date(2023, 7, 1), date(2023, 9, 30)),
    ],
)
def test_quarter_start_and_end(quarter, start, end):
    assert quarter_start(2566, quarter) == start
    assert quarter_end(2566, quarter) == end


def test_q2_end_in_a_leap_year_is_31_march_and_due_15_days_later():
    assert quarter_end(2567, 2) == date(2024, 3, 31)
    assert quarter_due_date(2567, 2) == date(2024, 4, 15)
    assert quarter_due_date(2566, 1) == date(2023, 1, 15)


def test_bad_quarter_is_refused():
    with pytest.raises(ValueError):
        quarter_start(2566, 5)
    with pytest.raises(ValueError):
        FiscalQuarter(2566, 0)


def test_next_and_previous_cross_the_year():
    assert FiscalQuarter(2566, 4).next() == FiscalQuarter(2567, 1)
    assert FiscalQuarter(2567, 1).previous() == FiscalQuarter(2566, 4)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2200, 12, 31)))
def test_every_date_lies_inside_its_quarter(day):
    q = fiscal_quarter(day)
    assert q.start <= day <= q.end
    assert fiscal_year_start(q.year) <= day <= fiscal_year_end(q.year)
