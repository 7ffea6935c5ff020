"""Properties of the achievement and budget calculations over generated figures."""

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from phonlap.monitoring import achievement as a
from phonlap.monitoring import budget as b
from phonlap.monitoring.achievement import (
    COUNT,
    CUMULATIVE,
    KINDS,
    LEVEL,
    PERCENTAGE,
    IndicatorFigures,
    QuarterFigures,
    Status,
)

D = Decimal
QUARTERS = (1, 2, 3, 4)


def decimals(low=-10**9, high=10**9, places=2):
    """A Decimal with at most ``places`` decimals in [low, high], as people type it."""
    scale = 10**places
    return st.integers(low * scale, high * scale).map(lambda n: D(n) / scale)


amounts = decimals(0, 10**9)
maybe = lambda strategy: st.none() | strategy  # noqa: E731
up_tos = st.sampled_from(QUARTERS)
quarter_numbers = st.sampled_from(QUARTERS)


def quarter_figures(values=None):
    values = decimals(-10**6, 10**6) if values is None else values
    return st.builds(QuarterFigures, plan=maybe(values), result=maybe(values),
                     numerator=maybe(values), denominator=maybe(values))


def indicators(kinds=st.sampled_from(KINDS), values=None):
    values = decimals(-10**6, 10**6) if values is None else values
    return st.builds(
        IndicatorFigures,
        kind=kinds,
        target=maybe(values),
        baseline=maybe(values),
        lower_is_better=st.booleans(),
        quarters=st.dictionaries(quarter_numbers, maybe(quarter_figures(values)), max_size=4),
    )


# --- never raises ----------------------------------------------------------------------------


@given(ind=indicators(), up_to=up_tos, quarter=quarter_numbers)
def test_functions_never_raise_on_decimal_or_none_figures(ind, up_to, quarter):
    result = a.achievement(ind, up_to)
    assert result is None or isinstance(result, Decimal)
    for value in (a.year_to_date_result(ind, up_to), a.year_to_date_plan(ind, up_to),
                  a.quarter_result(ind, quarter), a.running_total(ind, up_to)):
        assert value is None or isinstance(value, Decimal)
    assert a.quarter_status(ind, quarter) in (None, *Status)
    assert a.year_to_date_status(ind, up_to) in (None, *Status)
    summary = a.summarise(ind, up_to)
    assert set(summary.quarter_statuses) == set(QUARTERS)
    assert all(summary.quarter_statuses[q] is None for q in QUARTERS if q > up_to)
    assert isinstance(a.percent_display(result), str)
    assert isinstance(a.rollup_count_meeting_target([ind], up_to), int)


@given(ind=indicators(), up_to=up_tos)
def test_achievement_is_none_without_a_positive_target(ind, up_to):
    target = ind.target
    if ind.kind == CUMULATIVE and target is not None:
        target -= ind.baseline or 0
    if target is None or target <= 0:
        assert a.achievement(ind, up_to) is None


@given(ind=indicators(), up_to=up_tos)
def test_summary_agrees_with_the_functions(ind, up_to):
    summary = a.summarise(ind, up_to)
    assert summary.achievement == a.round_percent(a.achievement(ind, up_to))
    assert summary.ytd_result == a.year_to_date_result(ind, up_to)
    assert summary.ytd_plan == a.year_to_date_plan(ind, up_to)
    assert summary.ytd_status == a.year_to_date_status(ind, up_to)
    assert summary.up_to == up_to


@given(ind=indicators(), quarter=quarter_numbers)
def test_lower_is_better_exactly_swaps_ahead_and_behind(ind, quarter):
    flipped = IndicatorFigures(kind=ind.kind, target=ind.target, baseline=ind.baseline,
                               lower_is_better=not ind.lower_is_better, quarters=ind.quarters)
    swap = {Status.AHEAD: Status.BEHIND, Status.BEHIND: Status.AHEAD, Status.ON_PLAN: Status.ON_PLAN,
            None: None}
    assert a.quarter_status(flipped, quarter) == swap[a.quarter_status(ind, quarter)]
    assert a.year_to_date_status(flipped, quarter) == swap[a.year_to_date_status(ind, quarter)]
    assert a.achievement(flipped, quarter) == a.achievement(ind, quarter)


@given(value=maybe(decimals(-10**12, 10**12, places=6)))
def test_round_percent_and_display(value):
    rounded = a.round_percent(value)
    if value is None:
        assert rounded is None and a.percent_display(value) == "—"
    else:
        assert abs(rounded - value) <= D("0.005")
        assert rounded.as_tuple().exponent == -2
        assert a.percent_display(value) == f"{rounded:.2f}"
        assert "," not in a.percent_display(value) and "E" not in a.percent_display(value)


# --- monotonic -------------------------------------------------------------------------------


def _with_quarter(ind, quarter, figures):
    quarters = dict(ind.quarters)
    quarters[quarter] = figures
    return IndicatorFigures(kind=ind.kind, target=ind.target, baseline=ind.baseline,
                            lower_is_better=ind.lower_is_better, quarters=quarters)


@settings(max_examples=300)
@given(ind=indicators(kinds=st.sampled_from((COUNT, CUMULATIVE, LEVEL))), quarter=quarter_numbers,
       up_to=up_tos, plan=maybe(decimals(-10**6, 10**6)), result=decimals(-10**6, 10**6),
       increase=decimals(0, 10**6))
def test_achievement_never_falls_when_a_result_rises(ind, quarter, up_to, plan, result, increase):
    lower = _with_quarter(ind, quarter, QuarterFigures(plan=plan, result=result))
    higher = _with_quarter(ind, quarter, QuarterFigures(plan=plan, result=result + increase))
    before, after = a.achievement(lower, up_to), a.achievement(higher, up_to)
    assert (before is None) == (after is None)
    if before is not None:
        assert after >= before


@settings(max_examples=300)
@given(ind=indicators(kinds=st.just(PERCENTAGE), values=decimals(0, 10**6)), quarter=quarter_numbers,
       up_to=up_tos, numerator=decimals(0, 10**6), denominator=maybe(decimals(0, 10**6)),
       increase=decimals(0, 10**6))
def test_percentage_achievement_never_falls_when_a_numerator_rises(ind, quarter, up_to, numerator,
                                                                   denominator, increase):
    lower = _with_quarter(ind, quarter, QuarterFigures(numerator=numerator, denominator=denominator))
    higher = _with_quarter(ind, quarter, QuarterFigures(numerator=numerator + increase,
                                                        denominator=denominator))
    before, after = a.achievement(lower, up_to), a.achievement(higher, up_to)
    assert (before is None) == (after is None)
    if before is not None:
        assert after >= before


@given(ind=indicators(kinds=st.sampled_from((COUNT, CUMULATIVE))), up_to=st.sampled_from((1, 2, 3)))
def test_count_result_and_plan_add_up_quarter_by_quarter(ind, up_to):
    def plus(x, y):
        return x if y is None else (y if x is None else x + y)
    assert a.year_to_date_result(ind, up_to + 1) == plus(
        a.year_to_date_result(ind, up_to), a.quarter_result(ind, up_to + 1))
    plan = (ind.quarters.get(up_to + 1) or QuarterFigures()).plan
    assert a.year_to_date_plan(ind, up_to + 1) == plus(a.year_to_date_plan(ind, up_to), plan)


@given(ind=indicators(kinds=st.sampled_from((COUNT, CUMULATIVE, LEVEL))), up_to=up_tos)
def test_meeting_the_target_matches_the_achievement(ind, up_to):
    assume(not ind.lower_is_better)
    value = a.achievement(ind, up_to)
    assert a.meets_target(ind, up_to) == (value is not None and value >= 100)


@given(values=st.lists(maybe(decimals()), max_size=10))
def test_rollup_sum_is_the_sum_of_the_reported_values(values):
    assert a.rollup_sum(values) == sum((v for v in values if v is not None), D(0))


# --- budget ----------------------------------------------------------------------------------


budget_quarters = st.builds(b.BudgetQuarterInput, target_pct=maybe(decimals(0, 100)),
                            planned=maybe(amounts), disbursed=maybe(amounts))
budget_plans = st.builds(
    b.BudgetPlanInput,
    name=st.text(max_size=20),
    received=st.one_of(st.just(D(0)), amounts),
    quarters=st.dictionaries(quarter_numbers, maybe(budget_quarters), max_size=4),
)


@settings(max_examples=200)
@given(plans=st.lists(budget_plans, max_size=4), up_to=up_tos)
def test_summary_amounts_are_the_sums_of_the_plans(plans, up_to):
    table = b.budget_table(plans, up_to)
    assert len(table.plans) == len(plans)
    summary = table.summary
    assert summary.name == ""

    def total(values):
        present = [v for v in values if v is not None]
        return sum(present, D(0)) if present else None

    assert summary.received == sum((row.received for row in table.plans), D(0))
    assert summary.total_planned == sum((row.total_planned for row in table.plans), D(0))
    assert summary.total_disbursed == sum((row.total_disbursed for row in table.plans), D(0))
    for index in range(4):
        cell = summary.quarters[index]
        assert cell.quarter == index + 1
        for attribute in ("target_amount", "planned", "planned_cumulative", "disbursed",
                          "disbursed_cumulative"):
            assert getattr(cell, attribute) == total(getattr(row.quarters[index], attribute)
                                                     for row in table.plans)
        # percentages recomputed from the sums
        if summary.received > 0 and cell.disbursed_cumulative is not None:
            exact = cell.disbursed_cumulative * 100 / summary.received
            assert abs(cell.disbursed_pct - exact) <= D("0.005")
        if summary.received > 0 and cell.target_amount is not None:
            assert cell.target_pct == (cell.target_amount * 100 / summary.received).quantize(
                D("0.01"), rounding="ROUND_HALF_UP")


@given(plan=budget_plans, up_to=up_tos)
def test_plan_row_invariants(plan, up_to):
    row = b.budget_table([plan], up_to).plans[0]
    assert len(row.quarters) == 4
    cumulative = D(0)
    for cell in row.quarters:
        cumulative += cell.planned or 0
        assert (cell.planned_cumulative or D(0)) == cumulative
        if cell.target_amount is not None:
            assert cell.target_amount.as_tuple().exponent == -2
            assert abs(cell.target_amount - row.received * cell.target_pct / 100) <= D("0.005")
        if row.received == 0:
            assert cell.planned_pct is None and cell.disbursed_pct is None
    assert row.total_planned == cumulative
    counted = sum((cell.disbursed or 0 for cell in row.quarters[:up_to]), D(0))
    assert row.total_disbursed == counted
    assert b.over_received(row.received, {c.quarter: c.disbursed for c in row.quarters[:up_to]}) == (
        counted > row.received)


@given(baht=decimals(0, 10**12))
def test_millions_round_trip_stays_within_50_baht(baht):
    millions = b.to_millions(baht)
    assert millions.as_tuple().exponent == -4
    assert abs(b.from_millions(millions) - baht) <= 50


@given(millions=decimals(-10**6, 10**6, places=4))
def test_millions_with_four_places_convert_exactly(millions):
    baht = b.from_millions(millions)
    assert baht.as_tuple().exponent == -2
    assert baht == millions * 1_000_000
    assert b.to_millions(baht) == millions


@given(millions=decimals(-10**6, 10**6, places=8))
def test_from_millions_refuses_more_than_four_places(millions):
    four_places = millions.quantize(D("0.0001"))
    if millions == four_places:
        assert b.from_millions(millions) == millions * 1_000_000
    else:
        try:
            b.from_millions(millions)
        except ValueError:
            pass
        else:
            raise AssertionError(f"{millions} was accepted")


@given(baht=maybe(decimals(-10**12, 10**12, places=4)), unit=st.sampled_from(b.UNITS))
def test_format_amount_never_raises_and_reads_back(baht, unit):
    shown = b.format_amount(baht, unit)
    if baht is None:
        assert shown == "—"
        return
    value = D(shown.replace(",", ""))
    if unit == "baht":
        assert abs(value - baht) <= D("0.005")
    else:
        assert value == b.to_millions(baht) or value == abs(b.to_millions(baht))
