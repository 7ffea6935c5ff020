"""The Thai fiscal calendar (pure: no Django).

The fiscal year (ปีงบประมาณ) runs 1 October – 30 September and is named by the Buddhist Era year
in which it ends: FY 2566 = 1 Oct 2022 – 30 Sep 2023. Q1 = Oct–Dec, Q2 = Jan–Mar, Q3 = Apr–Jun,
Q4 = Jul–Sep. Years here are B.E. because that is how every Thai form names them; dates are
ordinary (C.E.) ``datetime.date`` values.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

BE_OFFSET = 543
QUARTERS = (1, 2, 3, 4)
# First calendar month of each fiscal quarter, and whether it falls in the previous C.E. year.
_QUARTER_FIRST_MONTH = {1: 10, 2: 1, 3: 4, 4: 7}

# Thai month spans as the Budget Bureau forms print them.
QUARTER_MONTHS_TH = {1: "ต.ค. – ธ.ค.", 2: "ม.ค. – มี.ค.", 3: "เม.ย. – มิ.ย.", 4: "ก.ค. – ก.ย."}
QUARTER_MONTHS_EN = {1: "Oct – Dec", 2: "Jan – Mar", 3: "Apr – Jun", 4: "Jul – Sep"}


@dataclass(frozen=True, order=True)
class FiscalQuarter:
    """A quarter of a fiscal year; ``year`` is the B.E. fiscal year."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if self.quarter not in QUARTERS:
            raise ValueError(f"quarter must be 1–4, not {self.quarter}")

    @property
    def start(self) -> date:
        return quarter_start(self.year, self.quarter)

    @property
    def end(self) -> date:
        return quarter_end(self.year, self.quarter)

    def next(self) -> FiscalQuarter:
        if self.quarter == 4:
            return FiscalQuarter(self.year + 1, 1)
        return FiscalQuarter(self.year, self.quarter + 1)

    def previous(self) -> FiscalQuarter:
        if self.quarter == 1:
            return FiscalQuarter(self.year - 1, 4)
        return FiscalQuarter(self.year, self.quarter - 1)


def to_be(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def to_ce(be_year: int) -> int:
    return be_year - BE_OFFSET


def fiscal_year(day: date) -> int:
    """The B.E. fiscal year containing ``day``."""
    ce = day.year + 1 if day.month >= 10 else day.year
    return to_be(ce)


def fiscal_quarter(day: date) -> FiscalQuarter:
    """The fiscal quarter containing ``day``."""
    quarter = {10: 1, 11: 1, 12: 1, 1: 2, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3}.get(day.month, 4)
    return FiscalQuarter(fiscal_year(day), quarter)


def fiscal_year_start(fy_be: int) -> date:
    return date(to_ce(fy_be) - 1, 10, 1)


def fiscal_year_end(fy_be: int) -> date:
    return date(to_ce(fy_be), 9, 30)


def quarter_start(fy_be: int, quarter: int) -> date:
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1–4, not {quarter}")
    month = _QUARTER_FIRST_MONTH[quarter]
    ce_year = to_ce(fy_be) - 1 if quarter == 1 else to_ce(fy_be)
    return date(ce_year, month, 1)


def quarter_end(fy_be: int, quarter: int) -> date:
    start = quarter_start(fy_be, quarter)
    last_month = start.month + 2
    return date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])


def quarter_due_date(fy_be: int, quarter: int, days_after: int = 15) -> date:
    """A quarterly report falls due ``days_after`` calendar days after its quarter ends."""
    return quarter_end(fy_be, quarter) + timedelta(days=days_after)


def quarters_of_year(fy_be: int) -> list[FiscalQuarter]:
    return [FiscalQuarter(fy_be, q) for q in QUARTERS]
