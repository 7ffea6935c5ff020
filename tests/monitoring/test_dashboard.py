"""The monitoring dashboard (row 13.5): indicators behind plan, overdue reports and reports
awaiting review, disbursement against the target curve, plan against result per indicator;
filters; a constant number of queries; the cache and its invalidation; access."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phonlap.funds.models import Fund
from phonlap.monitoring import dashboard as dash
from phonlap.monitoring import domain
from phonlap.monitoring.achievement import Status
from phonlap.monitoring.enums import ReportStatus
from phonlap.monitoring.models import QuarterlyReport
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory, signed_in
from tests.monitoring.factories import YEAR, organisation_plan, project_plan

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:dashboard")
# FY 2569, third quarter: Q1 and Q2 have ended, so progress counts to the end of Q2.
IN_Q3 = datetime.date(2026, 4, 20)


@pytest.fixture(autouse=True)
def _signals():
    dash.connect_signals()


@pytest.fixture
def staff(db):
    return StaffFactory()


def indicator_of(plan):
    return plan.indicators.get()


def record(staff, plan, results: dict):
    indicator = indicator_of(plan)
    for quarter, value in results.items():
        domain.record_result(actor=staff, indicator=indicator, quarter=quarter, value=value)


def compute(today=IN_Q3, **filters):
    return dash.compute(dash.Filters(year=YEAR, **filters), today=today)


# --- the figures ------------------------------------------------------------------------------

def test_span_is_the_last_ended_quarter_or_the_current_one():
    assert dash.span(2569, datetime.date(2026, 4, 20)) == 2
    assert dash.span(2569, datetime.date(2025, 11, 1)) == 1  # Q1: none has ended yet
    assert dash.span(2569, datetime.date(2026, 10, 1)) == 4  # a past year
    assert dash.span(2570, datetime.date(2026, 4, 20)) is None  # not begun


def test_an_indicator_behind_plan_is_listed_with_plan_result_and_achievement(staff):
    behind = organisation_plan(staff=staff, name="Behind")  # plans 10, 20, 30, 40; target 100
    record(staff, behind, {1: "5", 2: "10", 3: "90"})  # Q3 is not counted yet
    on_plan = organisation_plan(staff=staff, name="On plan")
    record(staff, on_plan, {1: "10", 2: "20"})
    ahead = organisation_plan(staff=staff, name="Ahead")
    record(staff, ahead, {1: "10", 2: "25"})

    data = compute()

    assert data["up_to"] == 2 and data["indicator_count"] == 3
    assert [row["plan_id"] for row in data["behind"]] == [behind.pk]
    row = data["behind"][0]
    assert row["ytd_plan"] == Decimal("30") and row["ytd_result"] == Decimal("15")
    assert row["achievement"] == Decimal("15.00") and row["ytd_status"] == Status.BEHIND
    assert [q["result"] for q in row["quarters"]] == [Decimal("5"), Decimal("10"), Decimal("90"), None]
    assert [q["status"] for q in row["quarters"]] == [Status.BEHIND, Status.BEHIND, Status.AHEAD, None]


def test_statuses_of_a_percentage_and_a_lower_is_better_indicator(staff):
    rate = organisation_plan(staff=staff, name="Rate", kind="percentage", plans=(50, 50, 50, 50),
                             target="50")
    indicator = indicator_of(rate)
    domain.record_result(actor=staff, indicator=indicator, quarter=1, numerator="4", denominator="10")
    domain.record_result(actor=staff, indicator=indicator, quarter=2, numerator="4", denominator="10")
    fewer = organisation_plan(staff=staff, name="Fewer")
    fewer_indicator = indicator_of(fewer)
    fewer_indicator.lower_is_better = True
    fewer_indicator.save()
    record(staff, fewer, {1: "5", 2: "10"})  # 15 against 30, lower is better: ahead

    data = compute()

    assert [row["name"] for row in data["behind"]] == [indicator.name]
    assert data["behind"][0]["ytd_result"] == Decimal(40)  # the pooled rate 8/20
    assert data["behind"][0]["achievement"] == Decimal("80.00")


def test_overdue_and_awaiting_review_reports(staff):
    plan = organisation_plan(staff=staff)
    record(staff, plan, {1: "10", 2: "20", 3: "30"})
    overdue = domain.open_report(plan=plan, quarter=1)  # due 15 Jan 2026
    submitted = domain.submit_report(actor=staff, report=domain.open_report(plan=plan, quarter=2))
    not_yet_due = domain.open_report(plan=plan, quarter=3)  # due 15 Jul 2026
    accepted_plan = organisation_plan(staff=staff, name="Accepted")
    record(staff, accepted_plan, {1: "10"})
    accepted = domain.submit_report(actor=staff, report=domain.open_report(plan=accepted_plan,
                                                                            quarter=1))
    domain.accept_report(actor=staff, report=accepted)
    returned_plan = organisation_plan(staff=staff, name="Returned")
    record(staff, returned_plan, {1: "10"})
    returned = domain.submit_report(actor=staff, report=domain.open_report(plan=returned_plan,
                                                                            quarter=1))
    domain.return_report(actor=staff, report=returned, comment="Add the evidence.")

    data = compute()

    assert {(r["id"], r["status"]) for r in data["overdue"]} == {
        (overdue.pk, ReportStatus.DRAFT), (returned.pk, ReportStatus.RETURNED)}
    assert data["overdue"][0]["days_late"] == (IN_Q3 - datetime.date(2026, 1, 15)).days
    assert [r["id"] for r in data["awaiting"]] == [submitted.pk]
    assert not_yet_due.pk not in {r["id"] for r in data["overdue"] + data["awaiting"]}
    # On the due date itself a report is not overdue yet.
    assert compute(today=datetime.date(2026, 1, 15))["overdue"] == []


def test_disbursement_against_the_target_curve_sums_the_plans(staff):
    first = organisation_plan(staff=staff, name="First")  # 1,000,000; 25/50/75/100 %
    second = organisation_plan(staff=staff, name="Second", received="500000.00")
    for plan, amounts in ((first, {1: "100000", 2: "200000"}), (second, {1: "50000.25"})):
        budget_plan = plan.budget_plans.get()
        for quarter, amount in amounts.items():
            domain.record_disbursement(actor=staff, budget_plan=budget_plan, quarter=quarter,
                                       disbursed=amount)

    budget = compute()["budget"]

    assert budget["received"] == Decimal("1500000.00")
    assert [q["target"] for q in budget["quarters"]] == [
        Decimal("375000.00"), Decimal("750000.00"), Decimal("1125000.00"), Decimal("1500000.00")]
    assert [q["target_pct"] for q in budget["quarters"]] == [
        Decimal("25.00"), Decimal("50.00"), Decimal("75.00"), Decimal("100.00")]
    # Cumulative; Q4 has not begun on 20 April 2026.
    assert [q["disbursed"] for q in budget["quarters"]] == [
        Decimal("150000.25"), Decimal("350000.25"), Decimal("350000.25"), None]
    assert budget["quarters"][1]["disbursed_pct"] == Decimal("23.33")
    assert budget["total_disbursed"] == Decimal("350000.25")


def test_filters_by_fund_plan_and_responsible_unit(staff):
    se = organisation_plan(staff=staff, name="SE plan")
    record(staff, se, {1: "1"})
    other_fund = Fund.objects.exclude(code="se-promotion").first()
    other = organisation_plan(staff=staff, fund=other_fund, name="Other plan")
    record(staff, other, {1: "1"})
    other.responsible_unit = "กองทุนอื่น"
    other.save()
    project, _pm, _manager = project_plan()

    def plans(**filters):
        return {row["plan_id"] for row in compute(**filters)["behind"]}

    assert plans() == {se.pk, other.pk}
    assert plans(fund=other_fund.pk) == {other.pk}
    assert plans(plan=se.pk) == {se.pk}
    assert plans(unit="กองทุนอื่น") == {other.pk}
    assert plans(unit="ฝ่ายพัฒนา") == {se.pk, other.pk}  # the activities' unit
    assert plans(unit="nobody") == set()
    assert compute(unit="nobody")["budget"]["has_budget"] is False
    # A chosen plan charts all its indicators; otherwise the first ones behind plan.
    assert [r["plan_id"] for r in compute(plan=se.pk)["charted"]] == [se.pk]
    assert len(compute()["charted"]) == 2
    assert project.fiscal_year == YEAR


def test_options_offer_the_years_funds_plans_and_units(staff):
    plan = organisation_plan(staff=staff)
    options = dash.options(YEAR, today=IN_Q3)
    assert YEAR in options["years"]
    assert [p["id"] for p in options["plans"]] == [plan.pk]
    assert options["units"] == sorted(["กองส่งเสริม", "ฝ่ายพัฒนา"])
    assert dash.options(2560, today=IN_Q3)["plans"] == []


# --- the cache ----------------------------------------------------------------------------------

def test_data_is_cached_and_a_change_invalidates_it(staff, django_assert_num_queries):
    plan = organisation_plan(staff=staff)
    record(staff, plan, {1: "5"})
    filters = dash.Filters(year=YEAR)
    first = dash.dashboard(filters, today=IN_Q3)
    with django_assert_num_queries(0):
        assert dash.dashboard(filters, today=IN_Q3) == first
    record(staff, plan, {2: "20"})  # a result saved: the version changes
    again = dash.dashboard(filters, today=IN_Q3)
    assert again["behind"][0]["ytd_result"] == Decimal("25")
    before = dash.version()
    QuarterlyReport.objects.filter(pk=domain.open_report(plan=plan, quarter=1).pk).get().delete()
    assert dash.version() != before


def test_every_watched_change_bumps_the_version(staff):
    plan = organisation_plan(staff=staff)
    budget_plan = plan.budget_plans.get()
    steps = [
        lambda: record(staff, plan, {1: "3"}),
        lambda: domain.record_disbursement(actor=staff, budget_plan=budget_plan, quarter=1,
                                           disbursed="10"),
        lambda: domain.save_indicator(actor=staff, plan=plan, indicator=indicator_of(plan),
                                      programme=indicator_of(plan).programme, name="x", unit="u",
                                      quarter_plans={1: "1", 2: "2", 3: "3", 4: "4"}),
        lambda: domain.open_report(plan=plan, quarter=2),
    ]
    for step in steps:
        before = dash.version()
        step()
        assert dash.version() != before


# --- the page -----------------------------------------------------------------------------------

def page(client, user, **params):
    return signed_in(client, user).get(URL, params)


def test_the_page_shows_tables_with_captions_and_charts_from_json(client, staff):
    plan = organisation_plan(staff=staff)
    record(staff, plan, {1: "5", 2: "10"})
    domain.open_report(plan=plan, quarter=1)
    response = page(client, staff, fiscal_year=YEAR)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indicators behind plan" in html and "Behind plan" in html
    assert html.count("<caption") >= 4 and 'scope="col"' in html and 'scope="row"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "monitoring/dashboard.js" in html
    assert "<script>" not in html.replace('<script type="application/json"', "")  # CSP
    budget = json.loads(re.search(r'<script id="chart-budget" type="application/json">(.*?)</script>',
                                  html, re.S).group(1))
    assert budget["type"] == "line" and len(budget["datasets"]) == 2
    assert budget["datasets"][0]["data"] == ["250000.00", "500000.00", "750000.00", "1000000.00"]
    indicator = indicator_of(plan)
    chart = json.loads(re.search(rf'<script id="chart-indicator-{indicator.pk}" '
                                 r'type="application/json">(.*?)</script>', html, re.S).group(1))
    assert chart["datasets"][0]["data"] == ["10.00", "20.00", "30.00", "40.00"]  # 2 places on any database
    assert chart["datasets"][1]["data"] == ["5.00", "10.00", None, None]
    assert "Q1 (Oct – Dec)" in chart["labels"][0]


def test_the_default_is_the_current_fiscal_year(client, staff):
    response = page(client, staff)
    assert response.status_code == 200
    assert response.context["filters"].year == dash.fiscal.fiscal_year(dash.timezone.localdate())


@pytest.mark.parametrize("params", [
    {"fiscal_year": "abc"}, {"fiscal_year": "2400"}, {"fund": "999999"}, {"plan": "x"},
    {"unit": "no such unit"},
])
def test_bad_filters_are_form_errors(client, staff, params):
    response = page(client, staff, **params)
    assert response.status_code == 200
    assert response.context["form_valid"] is False and response.context["data"] is None


def test_a_plan_of_another_fund_is_refused(client, staff):
    plan = organisation_plan(staff=staff)
    other_fund = Fund.objects.exclude(pk=plan.fund_id).first()
    organisation_plan(staff=staff, fund=other_fund, name="Other fund's plan")  # offered too
    response = page(client, staff, fiscal_year=YEAR, fund=other_fund.pk, plan=plan.pk)
    assert response.context["form_valid"] is False
    assert "another fund" in response.context["form"].errors["plan"][0]


@pytest.mark.parametrize("factory", [StaffFactory, CommitteeFactory, SuperUserFactory])
def test_row_13_5_roles_see_the_dashboard(client, factory):
    assert page(client, factory()).status_code == 200


def test_a_grantee_gets_404_and_an_anonymous_visitor_is_sent_to_sign_in(client):
    _plan, pm, manager = project_plan()
    assert page(client, pm).status_code == 404
    assert page(client, manager).status_code == 404
    assert page(client, UserFactory()).status_code in (302, 404)
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


# --- query count ----------------------------------------------------------------------------------

def _queries(client, **params) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_number_of_plans(client, staff):
    signed_in(client, staff)
    plan = organisation_plan(staff=staff, name="Plan 0")
    record(staff, plan, {1: "1"})
    domain.open_report(plan=plan, quarter=1)
    one = _queries(client, fiscal_year=YEAR)
    one_filtered = _queries(client, fiscal_year=YEAR, unit="ฝ่ายพัฒนา")
    for n in range(1, 30):
        more = organisation_plan(staff=staff, name=f"Plan {n}")
        record(staff, more, {1: "1", 2: "3"})
        domain.open_report(plan=more, quarter=1)
    thirty = _queries(client, fiscal_year=YEAR)
    assert thirty == one <= 15
    assert _queries(client, fiscal_year=YEAR, unit="ฝ่ายพัฒนา") == one_filtered <= 15
    assert len(client.get(URL, {"fiscal_year": YEAR}).context["data"]["behind"]) == 30
    # Served from the cache: the dashboard itself runs no query.
    with CaptureQueriesContext(connection) as cached:
        client.get(URL, {"fiscal_year": YEAR})
    assert len(cached) < one - 6


def test_long_lists_show_the_first_rows_and_say_so(client, staff, monkeypatch):
    from phonlap.monitoring import dashboard_views

    monkeypatch.setattr(dashboard_views, "LISTED", 1)
    for name in ("A", "B"):
        record(staff, organisation_plan(staff=staff, name=name), {1: "1"})
    response = page(client, staff, fiscal_year=YEAR)
    data = response.context["data"]
    assert len(data["behind"]) == 1 and data["counts"]["behind"] == 2
    assert "The first 1 of 2 are listed." in response.content.decode()
