"""Indicator achievement and status (spec 04, "Indicators"), pinned with the spec's numbers."""

from decimal import Decimal

import pytest

from phonlap.monitoring import achievement as a
from phonlap.monitoring.achievement import (
    COUNT,
    CUMULATIVE,
    KINDS,
    LEVEL,
    PERCENTAGE,
    QUALITATIVE,
    IndicatorFigures,
    IndicatorSummary,
    QuarterFigures,
    Status,
    achievement,
    percent_display,
    quarter_result,
    quarter_status,
    rate,
    rollup_count_meeting_target,
    rollup_sum,
    round_percent,
    summarise,
    year_to_date_plan,
    year_to_date_result,
    year_to_date_status,
)

D = Decimal


def ind(kind, target, quarters=None, **kwargs):
    return IndicatorFigures(kind=kind, target=target, quarters=quarters or {}, **kwargs)


def q(plan=None, result=None, numerator=None, denominator=None):
    return QuarterFigures(plan=plan, result=result, numerator=numerator, denominator=denominator)


# --- constants and types ---------------------------------------------------------------------


def test_kind_constants():
    assert (COUNT, CUMULATIVE, PERCENTAGE, LEVEL, QUALITATIVE) == (
        "count", "cumulative", "percentage", "level", "qualitative")
    assert KINDS == (COUNT, CUMULATIVE, PERCENTAGE, LEVEL, QUALITATIVE)


def test_status_values_are_strings():
    assert [s.value for s in Status] == ["ahead", "on_plan", "behind"]
    assert Status.AHEAD == "ahead"
    assert isinstance(Status.ON_PLAN, str)
    assert str(Status.BEHIND) == "behind"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        IndicatorFigures(kind="ratio", target=D(1))


def test_figures_default_to_nothing():
    assert QuarterFigures() == QuarterFigures(None, None, None, None)
    figures = IndicatorFigures(kind=COUNT, target=None)
    assert figures.baseline is None and figures.lower_is_better is False and dict(figures.quarters) == {}


def test_figures_are_frozen():
    figures = q(plan=D(1))
    with pytest.raises(AttributeError):
        figures.plan = D(2)


# --- rate ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("numerator", "denominator", "expected"), [
    (D(35), D(100), D(35)),
    (1, 4, D(25)),
    ("17", "20", D(85)),
    (0, 10, D(0)),
    (D(3), D(2), D(150)),
])
def test_rate(numerator, denominator, expected):
    assert rate(numerator, denominator) == expected


@pytest.mark.parametrize(("numerator", "denominator"), [
    (1, 0), (1, None), (None, 5), (None, None), (0, 0), (1, -4), (1, D("NaN")), (D("Infinity"), 4),
])
def test_rate_without_a_usable_denominator_is_none(numerator, denominator):
    assert rate(numerator, denominator) is None


def test_rate_of_a_third_is_exact_enough_to_round_to_33_33():
    assert round_percent(rate(1, 3)) == D("33.33")
    assert rate(2, 3) > D("66.6666666")


# --- COUNT -----------------------------------------------------------------------------------


def count_indicator(**kwargs):
    # 40 beneficiaries a year: plan 10 each quarter.
    return ind(COUNT, D(40), {
        1: q(plan=D(10), result=D(8)),
        2: q(plan=D(10), result=D(12)),
        3: q(plan=D(10), result=D(10)),
        4: q(plan=D(10)),
    }, **kwargs)


def test_count_year_to_date_sums_reported_results():
    figures = count_indicator()
    assert year_to_date_result(figures, 1) == D(8)
    assert year_to_date_result(figures, 2) == D(20)
    assert year_to_date_result(figures, 3) == D(30)
    assert year_to_date_result(figures, 4) == D(30)  # Q4 not reported yet
    assert year_to_date_result(figures) == D(30)


def test_count_year_to_date_plan_sums_plans():
    figures = count_indicator()
    assert [year_to_date_plan(figures, n) for n in (1, 2, 3, 4)] == [D(10), D(20), D(30), D(40)]


def test_count_achievement_is_sum_over_annual_target():
    figures = count_indicator()
    assert achievement(figures, 1) == D(20)
    assert achievement(figures, 2) == D(50)
    assert achievement(figures, 3) == D(75)
    assert achievement(figures) == D(75)


def test_count_achievement_keeps_its_precision_and_rounds_for_display():
    figures = ind(COUNT, D(3), {1: q(result=D(1))})
    value = achievement(figures)
    assert value != D("33.33") and value.quantize(D("0.0001")) == D("33.3333")
    assert round_percent(value) == D("33.33")
    assert percent_display(value) == "33.33"


def test_count_over_target_exceeds_100():
    assert achievement(ind(COUNT, D(40), {1: q(result=D(50))})) == D(125)


def test_count_statuses():
    figures = count_indicator()
    assert quarter_status(figures, 1) is Status.BEHIND
    assert quarter_status(figures, 2) is Status.AHEAD
    assert quarter_status(figures, 3) is Status.ON_PLAN
    assert quarter_status(figures, 4) is None  # not reported
    assert year_to_date_status(figures, 1) is Status.BEHIND  # 8 < 10
    assert year_to_date_status(figures, 2) is Status.ON_PLAN  # 20 == 20
    assert year_to_date_status(figures, 3) is Status.ON_PLAN  # 30 == 30
    assert year_to_date_status(figures, 4) is Status.BEHIND  # 30 < 40


def test_count_nothing_reported():
    figures = ind(COUNT, D(40), {1: q(plan=D(10))})
    assert quarter_result(figures, 1) is None
    assert year_to_date_result(figures) is None
    assert achievement(figures) is None
    assert quarter_status(figures, 1) is None
    assert year_to_date_status(figures) is None


def test_a_reported_zero_is_a_result():
    figures = ind(COUNT, D(40), {1: q(plan=D(10), result=D(0))})
    assert year_to_date_result(figures) == D(0)
    assert achievement(figures) == D(0)
    assert percent_display(achievement(figures)) == "0.00"
    assert quarter_status(figures, 1) is Status.BEHIND


def test_missing_quarter_key_is_no_plan_and_no_result():
    figures = ind(COUNT, D(40), {2: q(plan=D(10), result=D(5))})
    assert quarter_result(figures, 1) is None
    assert quarter_status(figures, 1) is None
    assert year_to_date_plan(figures, 1) is None
    assert year_to_date_result(figures, 1) is None
    assert year_to_date_result(figures, 2) == D(5)


def test_quarter_of_none_value_in_mapping_is_tolerated():
    figures = ind(COUNT, D(40), {1: None, 2: q(plan=D(10), result=D(5))})
    assert year_to_date_result(figures) == D(5)


def test_plan_na_in_some_quarters():
    # Reported in Q4 only: Q1–Q3 are N/A.
    figures = ind(COUNT, D(1), {1: q(), 2: q(), 3: q(), 4: q(plan=D(1), result=D(1))})
    assert [year_to_date_plan(figures, n) for n in (1, 2, 3)] == [None, None, None]
    assert year_to_date_plan(figures, 4) == D(1)
    assert [quarter_status(figures, n) for n in (1, 2, 3)] == [None, None, None]
    assert year_to_date_status(figures, 3) is None
    assert year_to_date_status(figures, 4) is Status.ON_PLAN
    assert achievement(figures) == D(100)


def test_result_without_plan_has_no_status_but_counts():
    figures = ind(COUNT, D(10), {1: q(result=D(4))})
    assert quarter_status(figures, 1) is None
    assert year_to_date_status(figures) is None
    assert achievement(figures) == D(40)


def test_inputs_may_be_int_or_str():
    figures = ind(COUNT, "40", {1: q(plan=10, result="8"), 2: q(plan="10", result=12)})
    assert year_to_date_result(figures) == D(20)
    assert isinstance(year_to_date_result(figures), Decimal)
    assert achievement(figures) == D(50)
    assert year_to_date_plan(figures) == D(20)
    assert isinstance(year_to_date_plan(figures), Decimal)
    assert quarter_status(figures, 1) is Status.BEHIND


def test_floats_are_refused():
    with pytest.raises(TypeError):
        achievement(ind(COUNT, 40.0, {1: q(result=D(1))}))
    with pytest.raises(TypeError):
        rate(1.5, 3)


def test_text_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        achievement(ind(COUNT, "forty", {1: q(result=D(1))}))


@pytest.mark.parametrize("target", [None, D(0), 0, "0", D("-5"), D("NaN")])
def test_zero_negative_or_missing_target_gives_no_achievement(target):
    figures = ind(COUNT, target, {1: q(plan=D(10), result=D(8))})
    assert achievement(figures) is None
    assert percent_display(achievement(figures)) == "—"
    # the status does not depend on the target
    assert quarter_status(figures, 1) is Status.BEHIND


# --- CUMULATIVE ------------------------------------------------------------------------------


def cumulative_indicator(*additions, plans=(D(50), D(50), D(50), D(50)), **kwargs):
    """The spec's example: "1,600 people, 200 a year on a base of 1,400"."""
    quarters = {}
    for number, plan in enumerate(plans, start=1):
        result = additions[number - 1] if number <= len(additions) else None
        quarters[number] = q(plan=plan, result=result)
    return ind(CUMULATIVE, D(1600), quarters, baseline=D(1400), **kwargs)


def test_cumulative_spec_example_85_percent():
    figures = cumulative_indicator(D(50), D(120))
    assert year_to_date_result(figures) == D(170)  # the year's additions
    assert a.running_total(figures) == D(1570)
    assert achievement(figures) == D(85)
    assert percent_display(achievement(figures)) == "85.00"


def test_cumulative_spec_example_200_is_100_percent():
    figures = cumulative_indicator(D(200))
    assert achievement(figures) == D(100)
    assert percent_display(achievement(figures)) == "100.00"
    assert a.running_total(figures) == D(1600)


def test_cumulative_achievement_is_not_running_total_over_target():
    figures = cumulative_indicator(D(50), D(120))
    assert achievement(figures) != D(1570) / D(1600) * 100


def test_cumulative_status_compares_additions_with_planned_additions():
    figures = cumulative_indicator(D(50), D(120), D(20))
    assert quarter_status(figures, 1) is Status.ON_PLAN  # 50 vs 50
    assert quarter_status(figures, 2) is Status.AHEAD  # 120 vs 50
    assert quarter_status(figures, 3) is Status.BEHIND  # 20 vs 50
    assert quarter_status(figures, 4) is None
    assert year_to_date_plan(figures, 2) == D(100)
    assert year_to_date_status(figures, 2) is Status.AHEAD  # 170 vs 100
    assert year_to_date_status(figures, 3) is Status.AHEAD  # 190 vs 150
    assert year_to_date_status(figures, 4) is Status.BEHIND  # 190 vs 200


@pytest.mark.parametrize("target", [D(1400), D(1300), None])
def test_cumulative_target_not_above_base_gives_no_achievement(target):
    figures = ind(CUMULATIVE, target, {1: q(plan=D(50), result=D(50))}, baseline=D(1400))
    assert achievement(figures) is None
    assert percent_display(achievement(figures)) == "—"
    assert quarter_status(figures, 1) is Status.ON_PLAN


def test_cumulative_without_baseline_counts_from_zero():
    figures = ind(CUMULATIVE, D(200), {1: q(result=D(50))})
    assert achievement(figures) == D(25)
    assert a.running_total(figures) == D(50)


def test_cumulative_running_total_before_any_report_is_the_baseline():
    assert a.running_total(cumulative_indicator()) == D(1400)
    assert a.running_total(ind(CUMULATIVE, D(10))) is None
    assert achievement(cumulative_indicator()) is None


def test_running_total_is_none_for_other_kinds():
    assert a.running_total(count_indicator()) is None
    with pytest.raises(ValueError):
        a.running_total(count_indicator(), 5)


def test_cumulative_running_total_follows_up_to():
    figures = cumulative_indicator(D(50), D(120))
    assert a.running_total(figures, 1) == D(1450)
    assert achievement(figures, 1) == D(25)


# --- PERCENTAGE ------------------------------------------------------------------------------


def percentage_indicator(**kwargs):
    # Target rate 80 %: share of trainees employed.
    return ind(PERCENTAGE, D(80), {
        1: q(plan=D(80), numerator=D(30), denominator=D(40)),  # 75 %
        2: q(plan=D(80), numerator=D(45), denominator=D(50)),  # 90 %
        3: q(),
        4: q(plan=D(80)),
    }, **kwargs)


def test_percentage_quarter_result_is_the_rate():
    figures = percentage_indicator()
    assert quarter_result(figures, 1) == D(75)
    assert quarter_result(figures, 2) == D(90)
    assert quarter_result(figures, 3) is None


def test_percentage_year_to_date_pools_numerators_and_denominators():
    figures = percentage_indicator()
    assert year_to_date_result(figures, 1) == D(75)
    # (30 + 45) / (40 + 50) = 83.33…, not the mean of 75 and 90
    assert round_percent(year_to_date_result(figures, 2)) == D("83.33")
    assert year_to_date_result(figures, 2) != D("82.5")
    assert year_to_date_result(figures, 4) == year_to_date_result(figures, 2)


def test_percentage_achievement_is_rate_over_target_rate():
    figures = percentage_indicator()
    assert achievement(figures, 1) == D("93.75")  # 75 / 80
    # 83.333… / 80 × 100 = 104.1666…
    assert round_percent(achievement(figures, 2)) == D("104.17")


def test_percentage_spec_display_35_00():
    figures = ind(PERCENTAGE, D(100), {1: q(numerator=D(7), denominator=D(20))})
    assert quarter_result(figures, 1) == D(35)
    assert percent_display(achievement(figures)) == "35.00"


def test_percentage_year_to_date_plan_is_the_latest_plan():
    figures = ind(PERCENTAGE, D(80), {1: q(plan=D(60)), 2: q(), 3: q(plan=D(70)), 4: q()})
    assert year_to_date_plan(figures, 1) == D(60)
    assert year_to_date_plan(figures, 2) == D(60)
    assert year_to_date_plan(figures, 3) == D(70)
    assert year_to_date_plan(figures, 4) == D(70)


def test_percentage_statuses():
    figures = percentage_indicator()
    assert quarter_status(figures, 1) is Status.BEHIND  # 75 < 80
    assert quarter_status(figures, 2) is Status.AHEAD  # 90 > 80
    assert quarter_status(figures, 3) is None
    assert quarter_status(figures, 4) is None  # planned, not reported
    assert year_to_date_status(figures, 1) is Status.BEHIND
    assert year_to_date_status(figures, 2) is Status.AHEAD  # 83.33 > 80


def test_percentage_status_compares_rounded_values():
    figures = ind(PERCENTAGE, D(50), {1: q(plan=D("33.33"), numerator=D(1), denominator=D(3))})
    assert quarter_status(figures, 1) is Status.ON_PLAN
    assert year_to_date_status(figures) is Status.ON_PLAN
    just_over = ind(PERCENTAGE, D(50), {1: q(plan=D("33.32"), numerator=D(1), denominator=D(3))})
    assert quarter_status(just_over, 1) is Status.AHEAD
    # the plan is rounded too: 66.665 → 66.67 = round(2/3)
    two_thirds = ind(PERCENTAGE, D(50), {1: q(plan=D("66.665"), numerator=D(2), denominator=D(3))})
    assert quarter_status(two_thirds, 1) is Status.ON_PLAN


def test_percentage_ignores_the_result_field():
    figures = ind(PERCENTAGE, D(80), {1: q(plan=D(80), result=D(80))})
    assert quarter_result(figures, 1) is None
    assert achievement(figures) is None
    assert quarter_status(figures, 1) is None


def test_percentage_quarter_with_zero_denominator_is_not_reported():
    figures = ind(PERCENTAGE, D(80), {
        1: q(plan=D(80), numerator=D(5), denominator=D(0)),
        2: q(plan=D(80), numerator=D(8), denominator=D(10)),
    })
    assert quarter_result(figures, 1) is None
    assert quarter_status(figures, 1) is None
    assert year_to_date_result(figures, 1) is None
    assert year_to_date_result(figures, 2) == D(80)  # Q1's 5 is not pooled
    assert achievement(figures) == D(100)


def test_percentage_quarter_with_only_a_denominator_is_not_reported():
    figures = ind(PERCENTAGE, D(80), {1: q(denominator=D(10)), 2: q(numerator=D(3), denominator=D(4))})
    assert year_to_date_result(figures) == D(75)


@pytest.mark.parametrize("target", [None, D(0), D(-10)])
def test_percentage_zero_or_missing_target_rate(target):
    figures = ind(PERCENTAGE, target, {1: q(numerator=D(1), denominator=D(2))})
    assert year_to_date_result(figures) == D(50)
    assert achievement(figures) is None


# --- LEVEL -----------------------------------------------------------------------------------


def level_indicator(**kwargs):
    # Success level 1–5, target level 5.
    return ind(LEVEL, D(5), {
        1: q(plan=D(1), result=D(1)),
        2: q(plan=D(2), result=D(3)),
        3: q(),
        4: q(plan=D(5)),
    }, **kwargs)


def test_level_year_to_date_is_the_latest_reported_level():
    figures = level_indicator()
    assert year_to_date_result(figures, 1) == D(1)
    assert year_to_date_result(figures, 2) == D(3)
    assert year_to_date_result(figures, 3) == D(3)
    assert year_to_date_result(figures, 4) == D(3)


def test_level_latest_not_highest():
    figures = ind(LEVEL, D(5), {1: q(result=D(4)), 2: q(result=D(3))})
    assert year_to_date_result(figures) == D(3)


def test_level_achievement_is_reached_over_target():
    figures = level_indicator()
    assert achievement(figures, 1) == D(20)
    assert achievement(figures, 2) == D(60)
    assert percent_display(achievement(figures, 2)) == "60.00"


def test_level_year_to_date_plan_is_the_latest_plan():
    figures = level_indicator()
    assert [year_to_date_plan(figures, n) for n in (1, 2, 3, 4)] == [D(1), D(2), D(2), D(5)]


def test_level_statuses():
    figures = level_indicator()
    assert quarter_status(figures, 1) is Status.ON_PLAN
    assert quarter_status(figures, 2) is Status.AHEAD
    assert quarter_status(figures, 3) is None
    assert year_to_date_status(figures, 3) is Status.AHEAD  # 3 vs 2
    assert year_to_date_status(figures, 4) is Status.BEHIND  # 3 vs 5


def test_level_zero_target():
    assert achievement(ind(LEVEL, D(0), {1: q(result=D(3))})) is None


# --- QUALITATIVE -----------------------------------------------------------------------------


def test_qualitative_has_no_figures():
    figures = ind(QUALITATIVE, D(1), {1: q(plan=D(1), result=D(1)), 2: q(plan=D(1), result=D(2))})
    assert quarter_result(figures, 1) is None
    assert year_to_date_result(figures) is None
    assert year_to_date_plan(figures) is None
    assert achievement(figures) is None
    assert quarter_status(figures, 1) is None
    assert year_to_date_status(figures) is None
    summary = summarise(figures)
    assert summary.achievement is None and summary.running_total is None
    assert summary.quarter_statuses == {1: None, 2: None, 3: None, 4: None}


# --- lower is better -------------------------------------------------------------------------


def test_lower_is_better_flips_quarter_status():
    # e.g. complaints received: plan at most 10 a quarter
    figures = count_indicator(lower_is_better=True)
    assert quarter_status(figures, 1) is Status.AHEAD  # 8 < 10
    assert quarter_status(figures, 2) is Status.BEHIND  # 12 > 10
    assert quarter_status(figures, 3) is Status.ON_PLAN
    assert year_to_date_status(figures, 1) is Status.AHEAD
    assert year_to_date_status(figures, 2) is Status.ON_PLAN
    assert year_to_date_status(figures, 4) is Status.AHEAD  # 30 < 40


def test_lower_is_better_does_not_change_achievement():
    assert achievement(count_indicator(lower_is_better=True), 2) == achievement(count_indicator(), 2)


def test_lower_is_better_percentage_and_level():
    figures = percentage_indicator(lower_is_better=True)
    assert quarter_status(figures, 1) is Status.AHEAD
    assert quarter_status(figures, 2) is Status.BEHIND
    assert year_to_date_status(figures, 2) is Status.BEHIND
    assert quarter_status(level_indicator(lower_is_better=True), 2) is Status.BEHIND


# --- up_to -----------------------------------------------------------------------------------


@pytest.mark.parametrize("up_to", [0, 5, -1, "2", 2.0, True, None])
def test_up_to_outside_1_to_4_is_refused(up_to):
    figures = count_indicator()
    for function in (year_to_date_result, year_to_date_plan, achievement, year_to_date_status, summarise):
        with pytest.raises(ValueError):
            function(figures, up_to)
    with pytest.raises(ValueError):
        rollup_count_meeting_target([figures], up_to)


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_outside_1_to_4_is_refused(quarter):
    with pytest.raises(ValueError):
        quarter_result(count_indicator(), quarter)
    with pytest.raises(ValueError):
        quarter_status(count_indicator(), quarter)


def test_up_to_is_checked_even_for_qualitative():
    with pytest.raises(ValueError):
        achievement(ind(QUALITATIVE, None), 0)
    with pytest.raises(ValueError):
        a.meets_target(ind(QUALITATIVE, None), 9)


def test_quarters_after_up_to_are_ignored():
    figures = ind(COUNT, D(40), {1: q(plan=D(10), result=D(10)), 3: q(plan=D(10), result=D(30))})
    assert year_to_date_result(figures, 2) == D(10)
    assert year_to_date_plan(figures, 2) == D(10)
    assert achievement(figures, 2) == D(25)


# --- rounding and display --------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (D("85"), D("85.00")),
    (D("85.005"), D("85.01")),  # half up, not half even
    (D("85.015"), D("85.02")),
    (D("85.025"), D("85.03")),
    (D("85.0049999"), D("85.00")),
    (D("0.125"), D("0.13")),
    (D("-1.005"), D("-1.01")),  # half away from zero
    (D("-0.001"), D("0.00")),  # never "-0.00"
    ("33.335", D("33.34")),
    (7, D("7.00")),
    (D("1E+30"), D("1E+30").quantize(D("0.01"), context=a._WIDE)),
    (None, None),
])
def test_round_percent(value, expected):
    assert round_percent(value) == expected
    if expected is not None:
        assert round_percent(value).as_tuple().exponent == -2
        assert not round_percent(value).is_signed() or expected < 0


@pytest.mark.parametrize(("value", "expected"), [
    (D(85), "85.00"),
    (D(35), "35.00"),
    (D("1234.5"), "1234.50"),  # no grouping
    (D("104.1666"), "104.17"),
    (D("99.995"), "100.00"),
    (D("0"), "0.00"),
    (D("-0.004"), "0.00"),
    (D("1E+3"), "1000.00"),  # never exponent notation
    (D("1E-7"), "0.00"),
    (None, "—"),
])
def test_percent_display(value, expected):
    assert percent_display(value) == expected


# --- summary ---------------------------------------------------------------------------------


def test_summarise_cumulative_spec_example():
    summary = summarise(cumulative_indicator(D(50), D(120)), up_to=2)
    assert summary == IndicatorSummary(
        achievement=D("85.00"),
        ytd_result=D(170),
        ytd_plan=D(100),
        running_total=D(1570),
        quarter_statuses={1: Status.ON_PLAN, 2: Status.AHEAD, 3: None, 4: None},
        ytd_status=Status.AHEAD,
        up_to=2,
    )
    assert summary.achievement.as_tuple().exponent == -2


def test_summarise_hides_statuses_after_up_to():
    figures = count_indicator()
    assert summarise(figures, 1).quarter_statuses == {1: Status.BEHIND, 2: None, 3: None, 4: None}
    full = summarise(figures)
    assert full.quarter_statuses == {1: Status.BEHIND, 2: Status.AHEAD, 3: Status.ON_PLAN, 4: None}
    assert full.up_to == 4
    assert full.achievement == D("75.00")
    assert full.ytd_result == D(30) and full.ytd_plan == D(40)
    assert full.running_total is None
    assert full.ytd_status is Status.BEHIND


def test_summarise_rounds_achievement_half_up():
    summary = summarise(ind(COUNT, D(3), {1: q(result=D(2))}))
    assert summary.achievement == D("66.67")


def test_summarise_without_target():
    summary = summarise(ind(COUNT, None, {1: q(plan=D(1), result=D(1))}))
    assert summary.achievement is None
    assert summary.ytd_status is Status.ON_PLAN


def test_summary_is_frozen():
    summary = summarise(count_indicator())
    with pytest.raises(AttributeError):
        summary.up_to = 3


# --- roll-ups --------------------------------------------------------------------------------


def test_rollup_sum_of_reported_values():
    # "social enterprises supported" = sum over funded projects
    assert rollup_sum([D(3), None, D(4), D("0.5")]) == D("7.5")
    assert rollup_sum([1, "2", D(3)]) == D(6)
    assert rollup_sum([]) == D(0)
    assert rollup_sum([None, None]) == D(0)
    assert isinstance(rollup_sum([]), Decimal)
    assert rollup_sum(v for v in (D(1), D(2))) == D(3)


def test_rollup_count_meeting_target():
    projects = [
        ind(COUNT, D(10), {1: q(result=D(10))}),  # 100 % meets
        ind(COUNT, D(10), {1: q(result=D(12))}),  # 120 % meets
        ind(COUNT, D(10), {1: q(result=D("9.9999"))}),  # 99.999 % shows 100.00 but does not meet
        ind(COUNT, D(10)),  # nothing reported
        ind(COUNT, None, {1: q(result=D(10))}),  # no target
        ind(QUALITATIVE, D(1), {1: q(result=D(1))}),
        cumulative_indicator(D(200)),  # 100 %
        cumulative_indicator(D(100)),  # 50 %
        ind(PERCENTAGE, D(80), {1: q(numerator=D(8), denominator=D(10))}),  # 100 %
        ind(LEVEL, D(5), {1: q(result=D(5))}),  # 100 %
        ind(LEVEL, D(5), {1: q(result=D(4))}),
    ]
    assert rollup_count_meeting_target(projects) == 5
    assert rollup_count_meeting_target([]) == 0
    assert rollup_count_meeting_target(iter(projects)) == 5


def test_rollup_count_follows_up_to():
    projects = [ind(COUNT, D(10), {1: q(result=D(5)), 2: q(result=D(5))})]
    assert rollup_count_meeting_target(projects, 1) == 0
    assert rollup_count_meeting_target(projects, 2) == 1


def test_rollup_count_lower_is_better_compares_result_with_target():
    projects = [
        ind(COUNT, D(10), {1: q(result=D(4)), 2: q(result=D(6))}, lower_is_better=True),  # 10 ≤ 10
        ind(COUNT, D(10), {1: q(result=D(4)), 2: q(result=D(7))}, lower_is_better=True),  # 11 > 10
        ind(COUNT, D(10), lower_is_better=True),  # nothing reported
        ind(COUNT, None, {1: q(result=D(1))}, lower_is_better=True),  # no target
        ind(COUNT, D(0), {1: q(result=D(0))}, lower_is_better=True),  # zero target met by zero
    ]
    assert [a.meets_target(p) for p in projects] == [True, False, False, False, True]
    assert rollup_count_meeting_target(projects) == 2
    assert rollup_count_meeting_target(projects, 1) == 3  # second project: 4 ≤ 10 after Q1


def test_rollup_count_lower_is_better_cumulative_uses_the_running_total():
    # e.g. households without clean water: 1,400 today, at most 1,200 by the year end
    reached = ind(CUMULATIVE, D(1200), {1: q(result=D(-150)), 2: q(result=D(-50))},
                  baseline=D(1400), lower_is_better=True)
    not_yet = ind(CUMULATIVE, D(1200), {1: q(result=D(-150))}, baseline=D(1400), lower_is_better=True)
    unreported = ind(CUMULATIVE, D(1600), baseline=D(1400), lower_is_better=True)
    assert a.meets_target(reached) is True
    assert a.meets_target(not_yet) is False
    assert a.meets_target(unreported) is False  # the base alone is not a result


def test_rollup_count_lower_is_better_percentage_uses_rounded_rate():
    figures = ind(PERCENTAGE, D("33.33"), {1: q(numerator=D(1), denominator=D(3))}, lower_is_better=True)
    assert a.meets_target(figures) is True
    figures = ind(PERCENTAGE, D("33.32"), {1: q(numerator=D(1), denominator=D(3))}, lower_is_better=True)
    assert a.meets_target(figures) is False
    assert a.meets_target(ind(PERCENTAGE, D(5), lower_is_better=True)) is False


def test_rollup_count_lower_is_better_level():
    assert a.meets_target(ind(LEVEL, D(2), {1: q(result=D(1))}, lower_is_better=True)) is True
    assert a.meets_target(ind(LEVEL, D(2), {1: q(result=D(3))}, lower_is_better=True)) is False
    assert a.meets_target(ind(QUALITATIVE, D(2), {1: q(result=D(1))}, lower_is_better=True)) is False


def test_module_imports_no_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(a))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name and name.split(".")[0] == "django" for name in imported)
