"""The stored year-to-date statuses (``Indicator.status_q1..4``) follow every write of targets and
results, including a fund indicator that rolls up project indicators, and can be rebuilt for bulk
loads; the dashboard counts by them."""

import pytest

from phonlap.monitoring import domain, statuses
from phonlap.monitoring.enums import IndicatorKind, RollUp
from phonlap.monitoring.models import Indicator
from tests.factories import StaffFactory

from .factories import organisation_plan, project_plan

pytestmark = pytest.mark.django_db


def stored(indicator) -> list[str]:
    indicator.refresh_from_db()
    return [getattr(indicator, f) for f in statuses.FIELDS]


def test_results_and_targets_keep_the_statuses_current():
    staff = StaffFactory()
    plan = organisation_plan(staff=staff)  # plans 10 / 20 / 30 / 40
    indicator = plan.indicators.get()
    assert stored(indicator) == ["", "", "", ""]
    domain.record_result(actor=staff, indicator=indicator, quarter=1, value="12")
    # 12 against 10 to the end of Q1; against 30, 60, 100 to the end of Q2, Q3, Q4
    assert stored(indicator) == ["ahead", "behind", "behind", "behind"]
    domain.record_result(actor=staff, indicator=indicator, quarter=2, value="5")
    assert stored(indicator) == ["ahead", "behind", "behind", "behind"]  # 17 vs 30
    domain.save_indicator(actor=staff, plan=plan, indicator=indicator,
                          programme=indicator.programme, activity=indicator.activity,
                          name=indicator.name, unit=indicator.unit, annual_target="100",
                          quarter_plans={1: "12", 2: "5"})
    assert stored(indicator)[:2] == ["on_plan", "on_plan"]


def test_a_project_result_moves_the_fund_indicator_that_rolls_it_up():
    staff = StaffFactory()
    project, pm, _manager = project_plan(staff=staff)
    child = project.indicators.get()
    fund_plan = organisation_plan(staff=staff)
    parent = domain.save_indicator(
        actor=staff, plan=fund_plan, programme=fund_plan.programmes.get(), name="รวม",
        unit="คน", kind=IndicatorKind.COUNT, annual_target="40",
        quarter_plans={1: "10"}, rollup=RollUp.SUM, rolls_up=[child])
    assert stored(parent)[0] == ""
    domain.record_result(actor=pm, indicator=child, quarter=1, value="4")
    assert stored(parent)[0] == "behind"


def test_refresh_all_rebuilds_what_a_bulk_load_left_empty():
    staff = StaffFactory()
    plan = organisation_plan(staff=staff)
    indicator = plan.indicators.get()
    domain.record_result(actor=staff, indicator=indicator, quarter=1, value="3")
    Indicator.objects.update(status_q1="", status_q2="", status_q3="", status_q4="")
    assert statuses.refresh_all(batch=1) == 1
    assert stored(indicator)[0] == "behind"
    assert statuses.refresh_all() == 0  # nothing left to change
