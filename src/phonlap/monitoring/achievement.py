"""Indicator achievement and status against plan (pure: no Django). Spec 04, "Indicators".

An indicator is described by :class:`IndicatorFigures`: its kind, annual target, optional
baseline (cumulative kind), whether lower is better, and per fiscal quarter (1 = Oct–Dec …
4 = Jul–Sep) a :class:`QuarterFigures` with the plan and the result. Everything is ``Decimal``;
inputs may be ``int``, ``str`` or ``Decimal`` (floats are refused: they have already lost
precision).

Kinds (module constants :data:`COUNT`, :data:`CUMULATIVE`, :data:`PERCENTAGE`, :data:`LEVEL`,
:data:`QUALITATIVE`):

==============  ===========================  ==================================  ==========================
kind            year-to-date result          year-to-date plan                   achievement %
==============  ===========================  ==================================  ==========================
count           Σ reported results           Σ non-N/A plans                     ytd ÷ target × 100
cumulative      Σ reported additions         Σ non-N/A planned additions         (running − base) ÷
                (running total = base + Σ)                                       (target − base) × 100
percentage      rate(Σ numerators,           latest non-N/A plan (a rate)        ytd rate ÷ target rate
                Σ denominators)                                                  × 100
level           latest reported level        latest non-N/A plan                 level ÷ target × 100
qualitative     None                         None                                None
==============  ===========================  ==================================  ==========================

"Year to date" means quarters ``1..up_to``; ``up_to`` (and a quarter number) outside 1..4 is a
``ValueError``. Achievement is unrounded; :func:`round_percent` / :func:`percent_display` round
half up to 0.01 for display ("—" for ``None``).

Status (quarter, and year to date) compares the result with the plan of the same span: above →
:attr:`Status.AHEAD`, equal → :attr:`Status.ON_PLAN`, below → :attr:`Status.BEHIND`; flipped when
lower is better; ``None`` when the span has no plan (N/A) or no result yet.

Decisions where the spec is silent:

* Achievement is ``None`` ("—") whenever its divisor is zero, negative or missing: a missing
  target, a target of 0, a cumulative target equal to (or below) its base, a target rate or level
  of 0. It is also ``None`` while nothing has been reported for the span. Never an exception.
* A cumulative indicator without a baseline counts from 0. Its running total before any report is
  the baseline itself (``None`` if there is no baseline either).
* A percentage quarter is reported when it has a numerator and a positive denominator; its
  ``result`` field is ignored (the rate is always derived, so the year-to-date rate can pool the
  quarters). Percentage statuses compare the rate and the plan both rounded half up to 2 decimals
  (1/3 = 33.33 % is on plan against a plan of 33.33). Other kinds compare exact values.
* :func:`rollup_count_meeting_target`: an indicator meets its target when its exact achievement is
  ≥ 100 (99.996 % shows "100.00" but does not count); when lower is better, when its year-to-date
  value is ≤ the target (the running total for cumulative, the rounded rate for percentage).
  Qualitative indicators and indicators with nothing reported never count.
* :class:`IndicatorSummary` always carries quarter statuses for keys 1..4; quarters after
  ``up_to`` have ``None`` (not yet in the span).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

COUNT = "count"
CUMULATIVE = "cumulative"
PERCENTAGE = "percentage"
LEVEL = "level"
QUALITATIVE = "qualitative"
KINDS = (COUNT, CUMULATIVE, PERCENTAGE, LEVEL, QUALITATIVE)

QUARTERS = (1, 2, 3, 4)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
DASH = "—"
# Quantising a large value to 0.01 must not overflow the default 28-digit context.
_WIDE = Context(prec=100)


class Status(enum.StrEnum):
    AHEAD = "ahead"
    ON_PLAN = "on_plan"
    BEHIND = "behind"


def _dec(value) -> Decimal | None:
    """``None`` stays ``None``; int/str/Decimal become a finite ``Decimal``. NaN and infinities
    count as missing. Floats and text that is not a number raise."""
    if value is None:
        return None
    if isinstance(value, float):
        raise TypeError("figures must not be floats")
    if isinstance(value, bool):
        raise TypeError("figures must be numbers")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    return number if number.is_finite() else None


@dataclass(frozen=True)
class QuarterFigures:
    plan: Decimal | None = None  # None = N/A (no plan that quarter)
    result: Decimal | None = None  # None = not reported; ignored for PERCENTAGE
    numerator: Decimal | None = None  # PERCENTAGE only
    denominator: Decimal | None = None


@dataclass(frozen=True)
class IndicatorFigures:
    kind: str
    target: Decimal | None
    baseline: Decimal | None = None  # CUMULATIVE only
    lower_is_better: bool = False
    quarters: Mapping[int, QuarterFigures] = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown indicator kind: {self.kind!r}")


def _check_span(up_to: int) -> None:
    if isinstance(up_to, bool) or not isinstance(up_to, int) or up_to not in QUARTERS:
        raise ValueError(f"a quarter is 1 to 4, not {up_to!r}")


def _quarter(ind: IndicatorFigures, quarter: int) -> QuarterFigures:
    return ind.quarters.get(quarter) or QuarterFigures()


def _span(up_to: int) -> range:
    _check_span(up_to)
    return range(1, up_to + 1)


def _ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole × 100, or ``None`` when either is missing or whole is not positive."""
    if part is None or whole is None or whole <= 0:
        return None
    return part * HUNDRED / whole


def rate(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator × 100; ``None`` if either is missing or the denominator is not
    positive (a denominator counts cases)."""
    return _ratio(_dec(numerator), _dec(denominator))


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP, context=_WIDE)


def quarter_result(ind: IndicatorFigures, quarter: int) -> Decimal | None:
    """The quarter's result: the rate for percentage, ``None`` for qualitative or not reported."""
    _check_span(quarter)
    figures = _quarter(ind, quarter)
    if ind.kind == QUALITATIVE:
        return None
    if ind.kind == PERCENTAGE:
        return rate(figures.numerator, figures.denominator)
    return _dec(figures.result)


def _quarter_plan(ind: IndicatorFigures, quarter: int) -> Decimal | None:
    return None if ind.kind == QUALITATIVE else _dec(_quarter(ind, quarter).plan)


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Σ of the values present; ``None`` when none is."""
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _latest(values: Iterable[Decimal | None]) -> Decimal | None:
    latest = None
    for value in values:
        if value is not None:
            latest = value
    return latest


def year_to_date_result(ind: IndicatorFigures, up_to: int = 4) -> Decimal | None:
    """Result over quarters 1..up_to (additions only for cumulative; see the module table)."""
    span = _span(up_to)
    if ind.kind in (COUNT, CUMULATIVE):
        return _sum(quarter_result(ind, q) for q in span)
    if ind.kind == LEVEL:
        return _latest(quarter_result(ind, q) for q in span)
    if ind.kind == PERCENTAGE:
        numerators, denominators = Decimal(0), Decimal(0)
        reported = False
        for q in span:
            if quarter_result(ind, q) is not None:
                figures = _quarter(ind, q)
                numerators += _dec(figures.numerator)
                denominators += _dec(figures.denominator)
                reported = True
        return _ratio(numerators, denominators) if reported else None
    return None


def year_to_date_plan(ind: IndicatorFigures, up_to: int = 4) -> Decimal | None:
    """Plan over quarters 1..up_to: Σ for count/cumulative, the latest for percentage/level."""
    span = _span(up_to)
    if ind.kind in (COUNT, CUMULATIVE):
        return _sum(_quarter_plan(ind, q) for q in span)
    if ind.kind in (PERCENTAGE, LEVEL):
        return _latest(_quarter_plan(ind, q) for q in span)
    return None


def running_total(ind: IndicatorFigures, up_to: int = 4) -> Decimal | None:
    """Cumulative only: baseline + Σ additions (the baseline alone before any report)."""
    if ind.kind != CUMULATIVE:
        _check_span(up_to)
        return None
    additions = year_to_date_result(ind, up_to)
    base = _dec(ind.baseline)
    if additions is None:
        return base
    return (base or Decimal(0)) + additions


def achievement(ind: IndicatorFigures, up_to: int = 4) -> Decimal | None:
    """Achievement in percent, unrounded; ``None`` where the spec shows "—"."""
    result = year_to_date_result(ind, up_to)
    target = _dec(ind.target)
    if ind.kind == CUMULATIVE:
        base = _dec(ind.baseline) or Decimal(0)
        return _ratio(result, None if target is None else target - base)
    return _ratio(result, target)


def _compare(result: Decimal | None, plan: Decimal | None, lower_is_better: bool) -> Status | None:
    if result is None or plan is None:
        return None
    if result == plan:
        return Status.ON_PLAN
    better = result < plan if lower_is_better else result > plan
    return Status.AHEAD if better else Status.BEHIND


def _status(ind: IndicatorFigures, result: Decimal | None, plan: Decimal | None) -> Status | None:
    if ind.kind == QUALITATIVE:
        return None
    if ind.kind == PERCENTAGE:
        result, plan = _round(result), _round(plan)
    return _compare(result, plan, ind.lower_is_better)


def quarter_status(ind: IndicatorFigures, quarter: int) -> Status | None:
    """The quarter's result against the quarter's plan."""
    return _status(ind, quarter_result(ind, quarter), _quarter_plan(ind, quarter))


def year_to_date_status(ind: IndicatorFigures, up_to: int = 4) -> Status | None:
    """The year-to-date result against the year-to-date plan."""
    return _status(ind, year_to_date_result(ind, up_to), year_to_date_plan(ind, up_to))


def round_percent(value) -> Decimal | None:
    """Half up to 0.01 (85.005 → 85.01); ``None`` stays ``None``."""
    rounded = _round(_dec(value))
    if rounded is not None and rounded.is_zero():
        return abs(rounded)  # never "-0.00"
    return rounded


def percent_display(value) -> str:
    """``"85.00"`` (no grouping, no % sign); ``"—"`` for ``None``."""
    rounded = round_percent(value)
    return DASH if rounded is None else f"{rounded:f}"


@dataclass(frozen=True)
class IndicatorSummary:
    achievement: Decimal | None  # rounded half up to 0.01
    ytd_result: Decimal | None
    ytd_plan: Decimal | None
    running_total: Decimal | None  # cumulative: base + Σ additions; else None
    quarter_statuses: dict[int, Status | None]
    ytd_status: Status | None
    up_to: int


def summarise(ind: IndicatorFigures, up_to: int = 4) -> IndicatorSummary:
    """Everything a report line shows for one indicator at the end of quarter ``up_to``."""
    _check_span(up_to)
    return IndicatorSummary(
        achievement=round_percent(achievement(ind, up_to)),
        ytd_result=year_to_date_result(ind, up_to),
        ytd_plan=year_to_date_plan(ind, up_to),
        running_total=running_total(ind, up_to),
        quarter_statuses={q: quarter_status(ind, q) if q <= up_to else None for q in QUARTERS},
        ytd_status=year_to_date_status(ind, up_to),
        up_to=up_to,
    )


def rollup_sum(values: Iterable) -> Decimal:
    """Σ of the reported values (``None`` skipped); 0 when none is reported."""
    return _sum(_dec(v) for v in values) or Decimal(0)


def meets_target(ind: IndicatorFigures, up_to: int = 4) -> bool:
    """Whether the indicator has reached its annual target by the end of ``up_to`` (see the
    module notes for lower-is-better)."""
    if ind.kind == QUALITATIVE:
        _check_span(up_to)
        return False
    if ind.lower_is_better:
        target = _dec(ind.target)
        if ind.kind == CUMULATIVE:
            value = running_total(ind, up_to) if year_to_date_result(ind, up_to) is not None else None
        elif ind.kind == PERCENTAGE:
            value, target = _round(year_to_date_result(ind, up_to)), _round(target)
        else:
            value = year_to_date_result(ind, up_to)
        return value is not None and target is not None and value <= target
    value = achievement(ind, up_to)
    return value is not None and value >= HUNDRED


def rollup_count_meeting_target(indicators: Iterable[IndicatorFigures], up_to: int = 4) -> int:
    """How many of the indicators (e.g. one per funded project) meet their target."""
    _check_span(up_to)
    return sum(1 for ind in indicators if meets_target(ind, up_to))


# A fund-level indicator's roll-up over project indicators (values of ``enums.RollUp``).
ROLLUP_SUM = "sum"
ROLLUP_COUNT_MEETING_TARGET = "count_meeting_target"
SUMMABLE = (COUNT, CUMULATIVE)


def rolled_up_results(rollup: str, children: Sequence[IndicatorFigures]
                      ) -> dict[int, Decimal | None]:
    """The quarterly results of a fund-level indicator computed from the project indicators it
    rolls up (None where nothing was reported that quarter):

    - ``sum``: Σ of the children's results of the quarter (counts, or a cumulative indicator's
      additions; percentage, level and qualitative children have nothing to add and are skipped);
    - ``count_meeting_target``: how many children reached their target *in* that quarter, so that
      the year's results add up to the number of projects meeting their target to date.
    """
    results: dict[int, Decimal | None] = {}
    previous = 0
    for quarter in QUARTERS:
        reported = [child for child in children if quarter_result(child, quarter) is not None]
        if rollup == ROLLUP_SUM:
            values = [quarter_result(c, quarter) for c in reported if c.kind in SUMMABLE]
            results[quarter] = _sum(values)
        elif rollup == ROLLUP_COUNT_MEETING_TARGET:
            count = rollup_count_meeting_target(children, quarter)
            results[quarter] = Decimal(count - previous) if reported else None
            previous = count
        else:
            raise ValueError(f"unknown roll-up: {rollup!r}")
    return results
