"""Budget and disbursement table (spec 04, "Budget and disbursement") with worked examples."""

from decimal import Decimal

import pytest

from phonlap.monitoring import budget as b
from phonlap.monitoring.budget import (
    BudgetPlanInput,
    BudgetPlanRow,
    BudgetQuarterInput,
    BudgetQuarterRow,
    BudgetTable,
    budget_table,
    format_amount,
    from_millions,
    over_received,
    to_millions,
)

D = Decimal


def quarter(target_pct=None, planned=None, disbursed=None):
    return BudgetQuarterInput(target_pct=target_pct, planned=planned, disbursed=disbursed)


def main_plan():
    """Received 10,000,000.00; targets 25/50/75/100; planned 2.5 M a quarter; disbursed 2.0 M in
    Q1 and 3.5 M in Q2 (the report is for Q2)."""
    return BudgetPlanInput(name="แผนงานพื้นฐาน", received=D("10000000.00"), quarters={
        1: quarter(D(25), D("2500000.00"), D("2000000.00")),
        2: quarter(D(50), D("2500000.00"), D("3500000.00")),
        3: quarter(D(75), D("2500000.00")),
        4: quarter(D(100), D("2500000.00")),
    })


def test_worked_example_one_plan():
    table = budget_table([main_plan()], up_to=2)
    (row,) = table.plans
    assert row.name == "แผนงานพื้นฐาน"
    assert row.received == D("10000000.00")
    assert row.quarters == (
        BudgetQuarterRow(quarter=1, target_pct=D(25), target_amount=D("2500000.00"),
                         planned=D("2500000.00"), planned_cumulative=D("2500000.00"), planned_pct=D("25.00"),
                         disbursed=D("2000000.00"), disbursed_cumulative=D("2000000.00"),
                         disbursed_pct=D("20.00")),
        BudgetQuarterRow(quarter=2, target_pct=D(50), target_amount=D("5000000.00"),
                         planned=D("2500000.00"), planned_cumulative=D("5000000.00"), planned_pct=D("50.00"),
                         disbursed=D("3500000.00"), disbursed_cumulative=D("5500000.00"),
                         disbursed_pct=D("55.00")),
        BudgetQuarterRow(quarter=3, target_pct=D(75), target_amount=D("7500000.00"),
                         planned=D("2500000.00"), planned_cumulative=D("7500000.00"), planned_pct=D("75.00"),
                         disbursed=None, disbursed_cumulative=D("5500000.00"), disbursed_pct=D("55.00")),
        BudgetQuarterRow(quarter=4, target_pct=D(100), target_amount=D("10000000.00"),
                         planned=D("2500000.00"), planned_cumulative=D("10000000.00"),
                         planned_pct=D("100.00"),
                         disbursed=None, disbursed_cumulative=D("5500000.00"), disbursed_pct=D("55.00")),
    )
    assert row.total_planned == D("10000000.00")
    assert row.total_disbursed == D("5500000.00")
    assert row.disbursed_pct == D("55.00")
    # one plan: the summary repeats it without a name
    assert table.summary.name == ""
    assert table.summary.received == row.received
    assert table.summary.quarters == row.quarters
    assert table.summary.total_disbursed == row.total_disbursed
    assert table.summary.disbursed_pct == row.disbursed_pct


def test_percentages_have_two_places():
    (row,) = budget_table([main_plan()]).plans
    for cell in row.quarters:
        for value in (cell.target_amount, cell.planned_pct, cell.disbursed_pct):
            assert value.as_tuple().exponent == -2
    assert row.disbursed_pct.as_tuple().exponent == -2


def test_up_to_limits_the_disbursement_counted_in_the_totals():
    plan = main_plan()
    assert budget_table([plan], up_to=1).plans[0].total_disbursed == D("2000000.00")
    assert budget_table([plan], up_to=1).plans[0].disbursed_pct == D("20.00")
    assert budget_table([plan], up_to=2).plans[0].total_disbursed == D("5500000.00")
    assert budget_table([plan]).plans[0].total_disbursed == D("5500000.00")
    # the rows and the year's plan do not depend on up_to
    assert budget_table([plan], up_to=1).plans[0].quarters == budget_table([plan]).plans[0].quarters
    assert budget_table([plan], up_to=1).plans[0].total_planned == D("10000000.00")


def test_late_disbursement_is_listed_but_not_counted_before_its_quarter():
    plan = BudgetPlanInput(name="x", received=D(1000), quarters={1: quarter(disbursed=D(100)),
                                                              3: quarter(disbursed=D(300))})
    row = budget_table([plan], up_to=2).plans[0]
    assert row.quarters[2].disbursed == D(300)
    assert row.quarters[2].disbursed_cumulative == D(400)
    assert row.total_disbursed == D(100)
    assert row.disbursed_pct == D("10.00")


@pytest.mark.parametrize("up_to", [0, 5, True, "4", None])
def test_up_to_outside_1_to_4_is_refused(up_to):
    with pytest.raises(ValueError):
        budget_table([main_plan()], up_to=up_to)


def test_target_amount_rounds_half_up_to_the_satang():
    # 33.33 % of 100.05 = 33.346665 → 33.35 ; 12.5 % of 0.60 = 0.075 → 0.08 (half up, not even)
    plan = BudgetPlanInput(name="x", received=D("100.05"), quarters={1: quarter(D("33.33"))})
    assert budget_table([plan]).plans[0].quarters[0].target_amount == D("33.35")
    plan = BudgetPlanInput(name="x", received=D("0.60"), quarters={1: quarter(D("12.5"))})
    assert budget_table([plan]).plans[0].quarters[0].target_amount == D("0.08")


def test_percentages_round_half_up():
    # 1,000.05 of 2,000.00 = 50.0025 % → 50.00 ; 1 of 8 = 12.5 % ; 1 of 800 = 0.125 % → 0.13
    plan = BudgetPlanInput(name="x", received=D("800"), quarters={1: quarter(planned=D(1), disbursed=D(1))})
    cell = budget_table([plan]).plans[0].quarters[0]
    assert cell.planned_pct == D("0.13")
    assert cell.disbursed_pct == D("0.13")
    plan = BudgetPlanInput(name="x", received=D("2000.00"), quarters={1: quarter(disbursed=D("1000.05"))})
    assert budget_table([plan]).plans[0].disbursed_pct == D("50.00")
    plan = BudgetPlanInput(name="x", received=D("2000.00"), quarters={1: quarter(disbursed=D("1000.10"))})
    assert budget_table([plan]).plans[0].disbursed_pct == D("50.01")  # 50.005 → 50.01


def test_zero_received_gives_no_percentages():
    plan = BudgetPlanInput(name="x", received=D(0), quarters={1: quarter(D(25), D(10), D(5))})
    row = budget_table([plan]).plans[0]
    cell = row.quarters[0]
    assert cell.target_amount == D("0.00")
    assert cell.planned_pct is None
    assert cell.disbursed_pct is None
    assert row.disbursed_pct is None
    assert row.total_disbursed == D(5)
    assert budget_table([plan]).summary.disbursed_pct is None


def test_received_may_be_int_or_str_and_is_a_decimal():
    plan = BudgetPlanInput(name="x", received="1000", quarters={1: quarter("25", 250, "100")})
    row = budget_table([plan]).plans[0]
    assert row.received == D(1000) and isinstance(row.received, Decimal)
    assert row.quarters[0].target_amount == D("250.00")
    assert row.quarters[0].planned == D(250) and isinstance(row.quarters[0].planned, Decimal)
    assert row.disbursed_pct == D("10.00")


def test_received_none_counts_as_zero():
    row = budget_table([BudgetPlanInput(name="x", received=None, quarters={})]).plans[0]
    assert row.received == D(0)
    assert row.disbursed_pct is None


def test_float_amounts_are_refused():
    with pytest.raises(TypeError):
        budget_table([BudgetPlanInput(name="x", received=1000.0, quarters={})])
    with pytest.raises(ValueError):
        budget_table([BudgetPlanInput(name="x", received="a lot", quarters={})])


def test_none_quarters():
    plan = BudgetPlanInput(name="x", received=D(1000),
                           quarters={2: quarter(planned=D(300), disbursed=D(200))})
    row = budget_table([plan]).plans[0]
    q1, q2, q3, q4 = row.quarters
    assert [cell.quarter for cell in row.quarters] == [1, 2, 3, 4]
    assert q1 == BudgetQuarterRow(quarter=1, target_pct=None, target_amount=None, planned=None,
                                  planned_cumulative=None, planned_pct=None, disbursed=None,
                                  disbursed_cumulative=None, disbursed_pct=None)
    assert q2.planned_cumulative == D(300) and q2.planned_pct == D("30.00")
    assert q2.disbursed_cumulative == D(200) and q2.disbursed_pct == D("20.00")
    assert q3.planned is None and q3.planned_cumulative == D(300)
    assert q4.disbursed is None and q4.disbursed_cumulative == D(200)
    assert row.total_planned == D(300)
    assert row.total_disbursed == D(200)


def test_a_plan_without_quarters():
    row = budget_table([BudgetPlanInput(name="x", received=D(1000))]).plans[0]
    assert len(row.quarters) == 4
    assert row.total_planned == D(0) and row.total_disbursed == D(0)
    assert row.disbursed_pct == D("0.00")


def test_quarter_mapped_to_none_is_tolerated():
    row = budget_table([BudgetPlanInput(name="x", received=D(1000), quarters={1: None})]).plans[0]
    assert row.quarters[0].target_pct is None


def test_targets_as_set_not_only_25_50_75_100():
    plan = BudgetPlanInput(name="x", received=D("3000000"), quarters={
        1: quarter(D(30)), 2: quarter(D(65)), 3: quarter(D(90)), 4: quarter(D(100))})
    amounts = [cell.target_amount for cell in budget_table([plan]).plans[0].quarters]
    assert amounts == [D("900000.00"), D("1950000.00"), D("2700000.00"), D("3000000.00")]


def test_disbursed_above_received():
    plan = BudgetPlanInput(name="x", received=D(100), quarters={1: quarter(disbursed=D(150))})
    assert budget_table([plan]).plans[0].disbursed_pct == D("150.00")


# --- summary row -----------------------------------------------------------------------------


def three_plans():
    second = BudgetPlanInput(name="แผนงานยุทธศาสตร์", received=D("3000000.00"), quarters={
        1: quarter(D(25), D("600000.00"), D("450000.00")),
        2: quarter(D(50), D("900000.00"), D("1000000.00")),
        3: quarter(D(75), D("750000.00")),
        4: quarter(D(100), D("750000.00")),
    })
    third = BudgetPlanInput(name="แผนงานบูรณาการ", received=D("1000000.00"), quarters={
        1: quarter(D(10), None, D("0.00")),
        2: quarter(D(40), D("400000.00"), D("123456.78")),
        4: quarter(D(100), D("600000.00")),
    })
    return [main_plan(), second, third]


def test_summary_across_three_plans():
    table = budget_table(three_plans(), up_to=2)
    assert [row.name for row in table.plans] == ["แผนงานพื้นฐาน", "แผนงานยุทธศาสตร์", "แผนงานบูรณาการ"]
    summary = table.summary
    assert summary.name == ""
    assert summary.received == D("14000000.00")
    q1, q2, q3, q4 = summary.quarters
    # targets: 2.5 M + 0.75 M + 0.1 M = 3.35 M of 14 M = 23.928… %
    assert q1.target_amount == D("3350000.00")
    assert q1.target_pct == D("23.93")
    assert q2.target_amount == D("5000000.00") + D("1500000.00") + D("400000.00")
    assert q2.target_pct == D("49.29")  # 6.9 / 14 = 49.2857…
    assert q3.target_amount == D("7500000.00") + D("2250000.00")  # the third plan has no Q3 target
    assert q4.target_amount == D("14000000.00") and q4.target_pct == D("100.00")
    # planned
    assert q1.planned == D("3100000.00")
    assert q1.planned_cumulative == D("3100000.00")
    assert q2.planned == D("3800000.00")
    assert q2.planned_cumulative == D("6900000.00")
    assert q2.planned_pct == D("49.29")
    assert q3.planned == D("3250000.00")
    assert q4.planned_cumulative == D("14000000.00") and q4.planned_pct == D("100.00")
    # disbursed
    assert q1.disbursed == D("2450000.00")
    assert q1.disbursed_pct == D("17.50")
    assert q2.disbursed == D("4623456.78")
    assert q2.disbursed_cumulative == D("7073456.78")
    assert q2.disbursed_pct == D("50.52")  # 7,073,456.78 / 14,000,000 = 50.5246…
    assert q3.disbursed is None
    assert q3.disbursed_cumulative == D("7073456.78")
    # totals
    assert summary.total_planned == D("14000000.00")
    assert summary.total_disbursed == D("7073456.78")
    assert summary.disbursed_pct == D("50.52")


def test_summary_percentages_are_recomputed_not_summed():
    table = budget_table(three_plans(), up_to=2)
    summed = sum((row.disbursed_pct for row in table.plans), D(0))
    assert summed == D("55.00") + D("48.33") + D("12.35")
    assert table.summary.disbursed_pct != summed
    assert table.summary.disbursed_pct == D("50.52")


def test_summary_amounts_are_the_sums_of_the_plans():
    table = budget_table(three_plans(), up_to=2)
    assert table.summary.received == sum((row.received for row in table.plans), D(0))
    assert table.summary.total_planned == sum((row.total_planned for row in table.plans), D(0))
    assert table.summary.total_disbursed == sum((row.total_disbursed for row in table.plans), D(0))
    for index in range(4):
        for attribute in ("target_amount", "planned", "planned_cumulative", "disbursed",
                          "disbursed_cumulative"):
            values = [getattr(row.quarters[index], attribute) for row in table.plans]
            present = [v for v in values if v is not None]
            expected = sum(present, D(0)) if present else None
            assert getattr(table.summary.quarters[index], attribute) == expected, (index, attribute)


def test_summary_with_mixed_received_zero():
    plans = [BudgetPlanInput(name="a", received=D(0), quarters={1: quarter(D(50), disbursed=D(10))}),
             BudgetPlanInput(name="b", received=D(200), quarters={1: quarter(D(50), disbursed=D(90))})]
    table = budget_table(plans)
    assert table.plans[0].disbursed_pct is None
    assert table.summary.received == D(200)
    assert table.summary.total_disbursed == D(100)
    assert table.summary.disbursed_pct == D("50.00")
    assert table.summary.quarters[0].target_pct == D("50.00")  # (0 + 100) / 200


def test_no_plans():
    table = budget_table([])
    assert table == BudgetTable(plans=(), summary=BudgetPlanRow(
        name="", received=D(0), quarters=tuple(
            BudgetQuarterRow(quarter=n, target_pct=None, target_amount=None, planned=None,
                             planned_cumulative=None, planned_pct=None, disbursed=None,
                             disbursed_cumulative=None, disbursed_pct=None) for n in (1, 2, 3, 4)),
        total_planned=D(0), total_disbursed=D(0), disbursed_pct=None))


def test_rows_are_frozen():
    table = budget_table([main_plan()])
    with pytest.raises(AttributeError):
        table.summary.name = "x"
    assert isinstance(table.plans, tuple) and isinstance(table.summary.quarters, tuple)


# --- over_received ---------------------------------------------------------------------------


def test_over_received():
    assert over_received(D(100), {1: D(40), 2: D(60)}) is False  # equal is not over
    assert over_received(D(100), {1: D(40), 2: D("60.01")}) is True
    assert over_received(D(100), {1: None, 2: D(50), 3: None}) is False
    assert over_received(D(100), {}) is False
    assert over_received(D(0), {1: D("0.01")}) is True
    assert over_received(None, {1: D(1)}) is True
    assert over_received("100", {1: "101"}) is True


# --- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("baht", "millions"), [
    (D("1234567.89"), D("1.2346")),
    (D("10000000.00"), D("10.0000")),
    (D("50.00"), D("0.0001")),  # half up: 0.00005 → 0.0001
    (D("49.99"), D("0.0000")),
    (D("1234550.00"), D("1.2346")),  # exactly half → up
    (D("1234549.99"), D("1.2345")),
    (D("0"), D("0.0000")),
    (2500000, D("2.5000")),
    ("750000.50", D("0.7500")),
])
def test_to_millions(baht, millions):
    assert to_millions(baht) == millions
    assert to_millions(baht).as_tuple().exponent == -4


@pytest.mark.parametrize(("millions", "baht"), [
    (D("1.2346"), D("1234600.00")),
    (D("10"), D("10000000.00")),
    (D("0.0001"), D("100.00")),
    (D("1.23450"), D("1234500.00")),  # a trailing zero is not a fifth decimal
    ("2.5", D("2500000.00")),
    (3, D("3000000.00")),
    (D("0"), D("0.00")),
])
def test_from_millions(millions, baht):
    assert from_millions(millions) == baht
    assert from_millions(millions).as_tuple().exponent == -2


@pytest.mark.parametrize("millions", [D("1.23456"), D("0.00001"), "2.50001", None, "abc", D("NaN")])
def test_from_millions_refuses_what_would_lose_precision(millions):
    with pytest.raises(ValueError):
        from_millions(millions)


def test_from_millions_refuses_floats():
    with pytest.raises(TypeError):
        from_millions(1.5)


def test_round_trip_through_millions():
    assert to_millions(from_millions(D("1.2346"))) == D("1.2346")
    assert from_millions(to_millions(D("1234567.89"))) == D("1234600.00")  # within 50 baht


@pytest.mark.parametrize(("baht", "unit", "shown"), [
    (D("1234567.89"), "baht", "1,234,567.89"),
    (D("1234567.885"), "baht", "1,234,567.89"),  # half up
    (D("1234567.875"), "baht", "1,234,567.88"),
    (D("1234567.89"), "millions", "1.2346"),
    (D("10000000"), "baht", "10,000,000.00"),
    (D("10000000"), "millions", "10.0000"),
    (D("1234567890123"), "millions", "1,234,567.8901"),
    (D("999.5"), "baht", "999.50"),
    (D("0"), "baht", "0.00"),
    (D("-0.001"), "baht", "0.00"),
    (D("-1500"), "baht", "-1,500.00"),
    (D("1E+3"), "baht", "1,000.00"),
    (None, "baht", "—"),
    (None, "millions", "—"),
    (5, "baht", "5.00"),
])
def test_format_amount(baht, unit, shown):
    assert format_amount(baht, unit) == shown


def test_format_amount_default_unit_is_baht():
    assert format_amount(D("1234.5")) == "1,234.50"


def test_format_amount_unknown_unit():
    with pytest.raises(ValueError):
        format_amount(D(1), "thousands")


def test_module_constants():
    assert b.UNITS == ("baht", "millions")
    assert b.MILLION == D(1_000_000)
