"""Budget and disbursement by fiscal quarter (pure: no Django). Spec 04, "Budget and disbursement".

For each budget plan (แผนงบประมาณ) of the year: the budget received and, per quarter, a target
cumulative percentage (25 / 50 / 75 / 100 or as set), the amount planned for that quarter and the
amount disbursed in that quarter. :func:`budget_table` lays them out like the Budget Bureau's
disbursement table: per quarter the target % and its amount (เป้าร้อยละ / จำนวน), the cumulative
planned amount and its % of the budget received (แผนร้อยละ), the cumulative disbursement and its %
(ผลเบิกจ่าย / ผลร้อยละ); then the totals, and a summary row over all plans (รวมทั้งสิ้น).

Amounts are exact baht (``Decimal``, 2 places); percentages are rounded half up to 0.01. Amounts
may be entered and shown in millions of baht with 4 decimals (:func:`to_millions`,
:func:`from_millions`, :func:`format_amount`).

Decisions where the spec is silent:

* A missing quarter figure counts as nothing: a cumulative amount is the sum of the figures given
  for quarters 1..q, and ``None`` while none is given. A target amount is ``None`` without a
  target %.
* Percentages of a budget received of 0 (or less) are ``None`` ("—"), never an error.
* ``up_to`` (the report's quarter) limits only which quarters' disbursement counts in
  ``total_disbursed`` and the overall ``disbursed_pct``; the four quarter rows are always listed
  with the figures they have (a report for Q2 normally has no later disbursement anyway).
  ``total_planned`` is the year's plan (all four quarters).
* The summary row sums the plans' amounts (received, target amounts, planned, disbursed, their
  cumulative figures and totals) and recomputes every percentage from those sums, never by
  adding percentages. Its target % is Σ target amounts ÷ Σ received × 100.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

QUARTERS = (1, 2, 3, 4)
HUNDRED = Decimal(100)
MILLION = Decimal(1_000_000)
CENT = Decimal("0.01")
MILLIONS_PLACES = Decimal("0.0001")
UNITS = ("baht", "millions")
DASH = "—"
_WIDE = Context(prec=100)


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float | bool):
        raise TypeError("amounts must be Decimal, int or str, never float")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not number.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return number


def _quantize(value: Decimal | None, places: Decimal = CENT) -> Decimal | None:
    return None if value is None else value.quantize(places, rounding=ROUND_HALF_UP, context=_WIDE)


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole × 100 rounded half up to 0.01; ``None`` if missing or whole ≤ 0."""
    if part is None or whole is None or whole <= 0:
        return None
    return _quantize(part * HUNDRED / whole)


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


@dataclass(frozen=True)
class BudgetQuarterInput:
    target_pct: Decimal | None = None  # cumulative target %, e.g. 25 / 50 / 75 / 100
    planned: Decimal | None = None  # amount planned for that quarter
    disbursed: Decimal | None = None  # amount disbursed in that quarter


@dataclass(frozen=True)
class BudgetPlanInput:
    name: str
    received: Decimal
    quarters: Mapping[int, BudgetQuarterInput] = field(default_factory=dict)


@dataclass(frozen=True)
class BudgetQuarterRow:
    quarter: int
    target_pct: Decimal | None
    target_amount: Decimal | None  # received × target_pct ÷ 100, 2 places half up
    planned: Decimal | None
    planned_cumulative: Decimal | None
    planned_pct: Decimal | None  # planned_cumulative ÷ received × 100, 2 places
    disbursed: Decimal | None
    disbursed_cumulative: Decimal | None
    disbursed_pct: Decimal | None  # disbursed_cumulative ÷ received × 100, 2 places


@dataclass(frozen=True)
class BudgetPlanRow:
    name: str
    received: Decimal
    quarters: tuple[BudgetQuarterRow, ...]  # always 4, Q1..Q4
    total_planned: Decimal
    total_disbursed: Decimal  # quarters 1..up_to
    disbursed_pct: Decimal | None


@dataclass(frozen=True)
class BudgetTable:
    plans: tuple[BudgetPlanRow, ...]
    summary: BudgetPlanRow  # name ""


def _check_span(up_to: int) -> None:
    if isinstance(up_to, bool) or not isinstance(up_to, int) or up_to not in QUARTERS:
        raise ValueError(f"a quarter is 1 to 4, not {up_to!r}")


def _plan_row(plan: BudgetPlanInput, up_to: int) -> BudgetPlanRow:
    received = _dec(plan.received) or Decimal(0)
    inputs = {q: plan.quarters.get(q) or BudgetQuarterInput() for q in QUARTERS}
    planned = {q: _dec(inputs[q].planned) for q in QUARTERS}
    disbursed = {q: _dec(inputs[q].disbursed) for q in QUARTERS}
    rows = []
    for q in QUARTERS:
        target_pct = _dec(inputs[q].target_pct)
        planned_cumulative = _sum(planned[p] for p in range(1, q + 1))
        disbursed_cumulative = _sum(disbursed[p] for p in range(1, q + 1))
        rows.append(BudgetQuarterRow(
            quarter=q,
            target_pct=target_pct,
            target_amount=None if target_pct is None else _quantize(received * target_pct / HUNDRED),
            planned=planned[q],
            planned_cumulative=planned_cumulative,
            planned_pct=_pct(planned_cumulative, received),
            disbursed=disbursed[q],
            disbursed_cumulative=disbursed_cumulative,
            disbursed_pct=_pct(disbursed_cumulative, received),
        ))
    total_disbursed = _sum(disbursed[q] for q in range(1, up_to + 1)) or Decimal(0)
    return BudgetPlanRow(
        name=plan.name,
        received=received,
        quarters=tuple(rows),
        total_planned=_sum(planned.values()) or Decimal(0),
        total_disbursed=total_disbursed,
        disbursed_pct=_pct(total_disbursed, received),
    )


def _summary_row(rows: Sequence[BudgetPlanRow]) -> BudgetPlanRow:
    received = sum((row.received for row in rows), Decimal(0))
    quarters = []
    for index, q in enumerate(QUARTERS):
        cells = [row.quarters[index] for row in rows]
        target_amount = _sum(cell.target_amount for cell in cells)
        planned_cumulative = _sum(cell.planned_cumulative for cell in cells)
        disbursed_cumulative = _sum(cell.disbursed_cumulative for cell in cells)
        quarters.append(BudgetQuarterRow(
            quarter=q,
            target_pct=_pct(target_amount, received),
            target_amount=target_amount,
            planned=_sum(cell.planned for cell in cells),
            planned_cumulative=planned_cumulative,
            planned_pct=_pct(planned_cumulative, received),
            disbursed=_sum(cell.disbursed for cell in cells),
            disbursed_cumulative=disbursed_cumulative,
            disbursed_pct=_pct(disbursed_cumulative, received),
        ))
    total_disbursed = sum((row.total_disbursed for row in rows), Decimal(0))
    return BudgetPlanRow(
        name="",
        received=received,
        quarters=tuple(quarters),
        total_planned=sum((row.total_planned for row in rows), Decimal(0)),
        total_disbursed=total_disbursed,
        disbursed_pct=_pct(total_disbursed, received),
    )


def budget_table(plans: Sequence[BudgetPlanInput], up_to: int = 4) -> BudgetTable:
    """The disbursement table of the plans, in the order given, and their summary row."""
    _check_span(up_to)
    rows = tuple(_plan_row(plan, up_to) for plan in plans)
    return BudgetTable(plans=rows, summary=_summary_row(rows))


def over_received(received, disbursed_by_quarter: Mapping[int, Decimal | None]) -> bool:
    """Whether more has been disbursed (Σ of the quarters given) than was received."""
    total = _sum(_dec(v) for v in disbursed_by_quarter.values()) or Decimal(0)
    return total > (_dec(received) or Decimal(0))


def to_millions(baht) -> Decimal:
    """Baht → millions of baht for display: ÷ 1,000,000, half up to 4 decimals (100 baht)."""
    return _quantize(_dec(baht) / MILLION, MILLIONS_PLACES)


def from_millions(millions) -> Decimal:
    """Millions of baht (at most 4 decimals) → exact baht, 2 places. A fifth decimal (tens of
    baht) would be rounded away by the display in millions, so it is refused."""
    value = _dec(millions)
    if value is None:
        raise ValueError("no amount")
    if value != _quantize(value, MILLIONS_PLACES):
        raise ValueError(f"millions of baht take at most 4 decimals, not {millions!r}")
    return _quantize(value * MILLION)


def format_amount(baht, unit: str = "baht") -> str:
    """``"1,234,567.89"`` in baht, ``"1.2346"`` in millions; ``"—"`` for ``None``."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; use one of {UNITS}")
    value = _dec(baht)
    if value is None:
        return DASH
    shown = to_millions(value) if unit == "millions" else _quantize(value)
    if shown.is_zero():
        shown = abs(shown)
    return f"{shown:,f}"
