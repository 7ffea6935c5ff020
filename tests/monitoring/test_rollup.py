"""Fund-level indicators that roll up funded projects' indicators (spec 04 "Two levels"): sum of
the projects' results, or the number of projects meeting their target — computed, never typed."""

from decimal import Decimal

import pytest

from phonlap.core.exceptions import ValidationFailed
from phonlap.monitoring import achievement, domain, queries
from phonlap.monitoring.achievement import IndicatorFigures, QuarterFigures
from phonlap.monitoring.enums import IndicatorKind, RollUp
from phonlap.monitoring.models import IndicatorResult
from tests.factories import StaffFactory

from .factories import organisation_plan, project_plan

D = Decimal


def figures(kind, target, results, **kwargs):
    return IndicatorFigures(kind=kind, target=D(target), quarters={
        q: QuarterFigures(result=None if v is None else D(v)) for q, v in results.items()},
        **kwargs)


# --- the pure calculation ---------------------------------------------------------------------

def test_sum_adds_the_projects_results_of_each_quarter_and_skips_what_cannot_add():
    a = figures("count", 40, {1: 10, 2: 15})
    b = figures("count", 60, {1: 5, 3: 20})
    rate = IndicatorFigures(kind="percentage", target=D(80), quarters={
        1: QuarterFigures(numerator=D(8), denominator=D(10))})
    assert achievement.rolled_up_results("sum", [a, b, rate]) == {
        1: D(15), 2: D(15), 3: D(20), 4: None}


def test_sum_of_nothing_reported_is_no_result():
    assert achievement.rolled_up_results("sum", []) == {1: None, 2: None, 3: None, 4: None}


def test_count_meeting_target_adds_up_to_the_projects_meeting_their_target_to_date():
    reaches_in_q2 = figures("count", 40, {1: 20, 2: 20})  # 100 % at Q2
    reaches_in_q1 = figures("count", 10, {1: 12})  # 120 % at Q1
    never = figures("count", 100, {1: 10, 2: 10, 3: 10})
    results = achievement.rolled_up_results("count_meeting_target",
                                            [reaches_in_q2, reaches_in_q1, never])
    assert results == {1: D(1), 2: D(1), 3: D(0), 4: None}
    assert sum(v for v in results.values() if v is not None) == 2


def test_an_unknown_rollup_is_refused():
    with pytest.raises(ValueError):
        achievement.rolled_up_results("average", [])


# --- through the plan -------------------------------------------------------------------------

@pytest.fixture
def rolled(db):
    """A fund plan's indicator rolling up two projects' 'Teachers trained' (target 40 each)."""
    staff = StaffFactory()
    projects = [project_plan(staff=staff) for _ in range(2)]
    children = [plan.indicators.get() for plan, _pm, _m in projects]
    for (plan, pm, _m), child, values in zip(projects, children, ((25, 15), (10, 5)), strict=True):
        for quarter, value in enumerate(values, start=1):
            domain.record_result(actor=pm, indicator=child, quarter=quarter, value=value)
    fund_plan = organisation_plan(staff=staff)
    programme = fund_plan.programmes.get()
    indicator = domain.save_indicator(
        actor=staff, plan=fund_plan, programme=programme, name="ครูที่ผ่านการอบรมทุกโครงการ",
        unit="คน", kind=IndicatorKind.COUNT, annual_target="80",
        quarter_plans={1: "30", 2: "30", 3: None, 4: None}, rollup=RollUp.SUM, rolls_up=children)
    return staff, fund_plan, indicator, children


def test_the_fund_plan_shows_the_sum_of_the_projects_results(rolled):
    _staff, plan, indicator, _children = rolled
    row = next(r for r in queries.indicator_rows(plan, up_to=2) if r.indicator == indicator)
    assert row.figures.quarters[1].result == D(35)
    assert row.figures.quarters[2].result == D(20)
    assert row.summary.ytd_result == D(55)
    assert row.summary.achievement == D("68.75")  # 55 / 80
    assert row.summary.quarter_statuses[1] == achievement.Status.AHEAD  # 35 > 30
    assert row.summary.quarter_statuses[2] == achievement.Status.BEHIND  # 20 < 30


def test_counting_projects_that_meet_their_target(rolled):
    staff, plan, indicator, children = rolled
    domain.save_indicator(
        actor=staff, plan=plan, indicator=indicator, programme=indicator.programme,
        name=indicator.name, unit="โครงการ", kind=IndicatorKind.COUNT, annual_target="2",
        rollup=RollUp.COUNT_MEETING_TARGET, rolls_up=children)
    row = next(r for r in queries.indicator_rows(plan) if r.indicator == indicator)
    # Project 1 reached 40 of 40 in Q2; project 2 (15 of 40) has not.
    assert [row.figures.quarters[q].result for q in (1, 2, 3, 4)] == [D(0), D(1), None, None]
    assert row.summary.ytd_result == D(1)


def test_a_rolled_up_indicator_takes_no_typed_result(rolled):
    staff, _plan, indicator, _children = rolled
    with pytest.raises(ValidationFailed):
        domain.record_result(actor=staff, indicator=indicator, quarter=1, value="99")
    assert not IndicatorResult.objects.filter(indicator=indicator).exists()


def test_only_counting_indicators_of_a_fund_plan_roll_up_projects_of_the_same_year(rolled):
    staff, plan, indicator, children = rolled
    with pytest.raises(ValidationFailed) as kind:
        domain.save_indicator(actor=staff, plan=plan, programme=indicator.programme, name="x",
                              unit="%", kind=IndicatorKind.PERCENTAGE, rollup=RollUp.SUM,
                              rolls_up=children)
    assert kind.value.field == "kind"
    other_year = organisation_plan(staff=staff, fiscal_year=2570, name="แผนปีถัดไป")
    with pytest.raises(ValidationFailed) as year:
        domain.save_indicator(actor=staff, plan=other_year,
                              programme=other_year.programmes.get(), name="x", unit="คน",
                              rollup=RollUp.SUM, rolls_up=children)
    assert year.value.field == "rolls_up"
    project_plan_ = children[0].plan
    with pytest.raises(ValidationFailed) as level:
        domain.save_indicator(actor=staff, plan=project_plan_,
                              programme=project_plan_.programmes.get(), name="x", unit="คน",
                              rollup=RollUp.SUM, rolls_up=children)
    assert level.value.field == "rollup"


def test_the_plan_reads_rolled_up_figures_in_constant_queries(rolled, django_assert_max_num_queries):
    _staff, plan, _indicator, _children = rolled
    with django_assert_max_num_queries(8):
        rows = queries.indicator_rows(plan)
    assert len(rows) == 2



def test_the_dashboard_computes_rolled_up_results_even_when_the_projects_are_filtered_out(rolled):
    import datetime

    from phonlap.monitoring import dashboard

    _staff, plan, indicator, children = rolled
    today = datetime.date(2026, 11, 21)  # fiscal year 2569 is over: its four quarters count
    for filters in (dashboard.Filters(year=2569), dashboard.Filters(year=2569, plan=plan.pk)):
        data = dashboard.compute(filters, today=today)
        ids = [row["id"] for row in data["charted"]]
        assert len(ids) == len(set(ids))  # each indicator once, however many it rolls into
        rows = {row["id"]: row for row in data["charted"]}
        if filters.plan:
            assert indicator.pk in rows and not {c.pk for c in children} & set(rows)
            row = rows[indicator.pk]
            assert [q["result"] for q in row["quarters"]] == [D(35), D(20), None, None]
            assert row["ytd_result"] == D(55)
    everything = dashboard.compute(dashboard.Filters(year=2569), today=today)
    assert everything["indicator_count"] == 4  # two projects' indicators, the fund plan's two
