"""The demo's monitoring (issue 5, "make demo"): the SE promotion fund's own plan for the current
fiscal year with indicators of every kind, and funded projects with two quarters reported, all
built through the monitoring domain. The demo is loaded once for the module (``demo`` in
conftest.py)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from phonlap.accounts.models import User
from phonlap.core import fiscal
from phonlap.demo import data
from phonlap.demo.monitoring import SE_PLAN_NAME, report_year
from phonlap.monitoring import queries
from phonlap.monitoring.domain import missing_results
from phonlap.monitoring.enums import (
    IndicatorKind,
    PlanLevel,
    ReportStatus,
    RollUp,
    Status,
)
from phonlap.monitoring.models import (
    BudgetPlan,
    FundedProject,
    IndicatorResult,
    MonitoringPlan,
    Obstacle,
    QuarterlyReport,
)

pytestmark = pytest.mark.django_db

EMAILS = {spec["key"]: spec["email"] for spec in data.USERS + data.APPLICANTS}
NAMES = {spec["key"]: spec["name"] for spec in data.PROPOSALS}


def user(key: str) -> User:
    return User.objects.get(email=EMAILS[key])


def se_plan(today: datetime.date) -> MonitoringPlan:
    year = fiscal.fiscal_year(today)
    return MonitoringPlan.objects.get(fund__code="se-promotion", fiscal_year=year,
                                      name=SE_PLAN_NAME.format(fy=year))


def project_plan(key: str, year: int) -> MonitoringPlan:
    return MonitoringPlan.objects.get(funded_project__proposal__name=NAMES[key], fiscal_year=year)


def begun(year: int, today: datetime.date) -> list[int]:
    return [q for q in fiscal.QUARTERS if fiscal.quarter_start(year, q) <= today]


# --- the SE promotion fund's plan ------------------------------------------------------------

def test_the_se_fund_has_a_plan_for_the_current_fiscal_year(demo):
    plan = se_plan(demo)
    assert plan.level == PlanLevel.ORGANISATION and plan.funded_project is None
    assert plan.responsible_unit
    programmes = list(plan.programmes.order_by("order"))
    assert len(programmes) == 2
    activities = [a for p in programmes for a in p.activities.all()]
    assert 3 <= len(activities) <= 4 and all(a.responsible_unit for a in activities)
    indicators = list(plan.indicators.all())
    assert len(indicators) >= 8
    assert {i.kind for i in indicators} == set(IndicatorKind.values)
    assert all(i.activity_id and i.responsible_unit for i in indicators)
    assert any(i.lower_is_better for i in indicators)
    cumulative = next(i for i in indicators if i.kind == IndicatorKind.CUMULATIVE)
    assert (cumulative.baseline, cumulative.annual_target) == (Decimal(1400), Decimal(1600))
    level = next(i for i in indicators if i.kind == IndicatorKind.LEVEL)
    assert len(level.level_definitions) == 5 and all(level.level_definitions)
    units = {i.unit for i in indicators}
    assert {"คน", "กิจการ", "ครั้ง", "ช่องทาง", "ระดับ", "ร้อยละ"} <= units
    # every indicator has a plan for Q1–Q4, some quarters N/A
    targets = [t for i in indicators for t in i.quarter_targets.all()]
    assert len(targets) == 4 * len(indicators)
    assert any(t.planned is None for t in targets) and any(t.planned is not None for t in targets)


def test_the_se_plan_has_results_for_the_quarters_begun_one_ahead_and_one_behind(demo):
    plan = se_plan(demo)
    quarters = begun(plan.fiscal_year, demo)
    assert quarters and quarters[0] == 1
    reported = set(IndicatorResult.objects.filter(indicator__plan=plan)
                   .values_list("quarter", flat=True))
    assert reported == set(quarters)
    up_to = quarters[-1]
    rows = queries.indicator_rows(plan, up_to)
    q1 = {row.summary.quarter_statuses[1] for row in rows}
    assert Status.AHEAD in q1 and Status.BEHIND in q1
    ytd = {row.summary.ytd_status for row in rows}
    assert Status.AHEAD in ytd and Status.BEHIND in ytd
    lower = next(row for row in rows if row.indicator.lower_is_better)
    assert lower.summary.quarter_statuses[1] == Status.AHEAD  # fewer than planned is better
    qualitative = next(row for row in rows if row.indicator.kind == IndicatorKind.QUALITATIVE)
    assert qualitative.indicator.results.get(quarter=1).note
    assert IndicatorResult.objects.filter(indicator__plan=plan).exclude(breakdown={}).exists()
    # the reports: quarters that have ended accepted, the current one a draft with obstacles
    statuses = dict(plan.reports.values_list("quarter", "status"))
    for quarter in quarters:
        ended = fiscal.quarter_end(plan.fiscal_year, quarter) < demo
        assert statuses[quarter] == (ReportStatus.ACCEPTED if ended else ReportStatus.DRAFT)
    assert Obstacle.objects.filter(report__plan=plan).exclude(problems="").exists()


def test_the_se_plan_budget_in_millions_with_disbursement_for_the_quarters_begun(demo):
    plan = se_plan(demo)
    budget_plans = list(plan.budget_plans.order_by("order"))
    assert [b.received for b in budget_plans] == [Decimal("12500000"), Decimal("3200000")]
    table = queries.budget_table(plan)
    for row in table.plans:
        assert [q.target_pct for q in row.quarters] == [25, 50, 75, 100]
    quarters = begun(plan.fiscal_year, demo)
    for budget_plan in budget_plans:
        disbursed = {q.quarter: q.disbursed for q in budget_plan.quarters.all()}
        assert all(disbursed[q] for q in quarters)
        assert all(disbursed[q] is None for q in fiscal.QUARTERS if q not in quarters)
    assert Decimal(0) < table.summary.total_disbursed <= table.summary.received


# --- the funded projects ---------------------------------------------------------------------

def test_two_funded_projects_reported_two_quarters(demo):
    year = report_year(demo)
    assert fiscal.quarter_start(year, 2) <= demo  # both quarters have begun
    for key in ("approved", "korat_approved"):
        plan = project_plan(key, year)
        assert plan.level == PlanLevel.PROJECT
        indicators = list(plan.indicators.all())
        kinds = {i.kind for i in indicators}
        assert IndicatorKind.COUNT in kinds and kinds & {IndicatorKind.PERCENTAGE,
                                                          IndicatorKind.CUMULATIVE}
        assert all(i.quarter_targets.count() == 4 for i in indicators)
        results = IndicatorResult.objects.filter(indicator__plan=plan)
        assert set(results.values_list("quarter", flat=True)) == {1, 2}
        assert all(r.note for r in results)
        for report in plan.reports.all():
            assert not missing_results(report)
        budget = plan.budget_plans.get()
        disbursed = {q.quarter: q.disbursed for q in budget.quarters.all()}
        assert disbursed[1] is not None and disbursed[2] is not None
        assert Obstacle.objects.filter(report__plan=plan, report__quarter=2).exclude(problems="")
    cumulative = project_plan("approved", year).indicators.get(kind=IndicatorKind.CUMULATIVE)
    assert (cumulative.baseline, cumulative.annual_target) == (Decimal(1400), Decimal(1600))
    assert IndicatorResult.objects.filter(indicator__plan__fiscal_year=year,
                                          indicator__plan__level=PlanLevel.PROJECT
                                          ).exclude(breakdown={}).exists()


def test_report_states_accepted_submitted_and_returned(demo):
    year = report_year(demo)
    approved = dict(project_plan("approved", year).reports.values_list("quarter", "status"))
    assert approved == {1: ReportStatus.ACCEPTED, 2: ReportStatus.SUBMITTED}
    returned = project_plan("korat_approved", year).reports.get(quarter=2)
    assert returned.status == ReportStatus.RETURNED and returned.review_comment
    accepted = project_plan("korat_approved", year).reports.get(quarter=1)
    assert accepted.status == ReportStatus.ACCEPTED
    now = timezone.now()
    for report in QuarterlyReport.objects.filter(plan__level=PlanLevel.PROJECT):
        submitted = timezone.localtime(report.submitted_at).date()
        assert fiscal.quarter_start(report.plan.fiscal_year, report.quarter) <= submitted
        assert report.submitted_at <= now
        assert report.submitted_by.email in {EMAILS["project_manager"], EMAILS["korat_manager"]}
        if report.reviewed_at:
            assert report.submitted_at <= report.reviewed_at <= now


def test_the_rollup_sums_the_projects_of_the_same_year(demo):
    year = fiscal.fiscal_year(demo)
    projects = FundedProject.objects.filter(proposal__name__in=[NAMES["approved"],
                                                                NAMES["korat_approved"]])
    same_year = [p.plans.filter(fiscal_year=year).first() for p in projects]
    rolled = [i for p in MonitoringPlan.objects.filter(level=PlanLevel.ORGANISATION,
                                                       fiscal_year=year)
              for i in p.indicators.filter(rollup=RollUp.SUM)]
    if None in same_year:  # the projects have no plan this year: nothing to roll up
        assert not rolled
        return
    (indicator,) = rolled
    assert indicator.plan.fund.code == "disability-education"  # the projects' own fund
    sources = list(indicator.rolls_up.all())
    assert {s.plan_id for s in sources} == {p.pk for p in same_year}
    assert indicator.annual_target == sum(s.annual_target for s in sources)


def test_who_sees_the_demo_monitoring(demo):
    year = report_year(demo)
    staff_plans = set(queries.plans_for_user(user("staff"), "13.1"))
    assert se_plan(demo) in staff_plans
    assert project_plan("approved", year) in staff_plans
    for key, project in (("project_manager", "approved"), ("organisation_manager", "approved"),
                         ("korat_manager", "korat_approved")):
        plans = set(queries.plans_for_user(user(key), "13.1"))
        assert project_plan(project, year) in plans
        assert se_plan(demo) not in plans
    assert not set(queries.plans_for_user(user("project_manager"), "13.1")) & {
        project_plan("korat_approved", year)}


def test_the_summary_counts_what_monitoring_made(demo, demo_output):
    assert "monitoring plans" in demo_output and "quarterly reports" in demo_output


def test_loading_again_changes_nothing(demo, settings):
    settings.DEMO_MODE = True

    def counts():
        return {model.__name__: model.objects.count() for model in (
            MonitoringPlan, BudgetPlan, IndicatorResult, QuarterlyReport, Obstacle)}

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "already loaded" in out.getvalue()


# --- the reporting year ------------------------------------------------------------------------

@pytest.mark.parametrize(("today", "year"), [
    (datetime.date(2026, 11, 21), 2569),  # Q1 of 2570: only Q1 has begun
    (datetime.date(2026, 12, 31), 2569),
    (datetime.date(2027, 1, 1), 2570),  # Q2 of 2570 begins
    (datetime.date(2027, 9, 30), 2570),
    (datetime.date(2027, 10, 1), 2570),
])
def test_report_year_is_the_latest_with_two_quarters_begun(today, year):
    assert report_year(today) == year
