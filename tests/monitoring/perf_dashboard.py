"""Dashboard query count and time on a bigger dataset (not part of the suite: the file name does
not match ``test_*``). Run it on its own:

    .venv/bin/pytest -q -s -p no:cacheprovider tests/monitoring/perf_dashboard.py

It builds ``PLANS`` organisation plans × ``INDICATORS`` indicators (quarterly targets, results
for Q1–Q3, a budget plan with four quarters, two reports each) with bulk inserts, then times the
dashboard cold (cache emptied) and warm, through ``dashboard.compute`` and through the page."""

from __future__ import annotations

import datetime
import os
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phonlap.funds.models import Fund
from phonlap.monitoring import dashboard as dash
from phonlap.monitoring.enums import PlanLevel, ReportStatus
from phonlap.monitoring.models import (
    Activity,
    BudgetPlan,
    BudgetQuarter,
    Indicator,
    IndicatorResult,
    MonitoringPlan,
    Programme,
    QuarterlyReport,
    QuarterTarget,
)
from tests.factories import StaffFactory, signed_in

PLANS = int(os.environ.get("PERF_PLANS", "200"))
INDICATORS = int(os.environ.get("PERF_INDICATORS", "8"))
YEAR = 2569
TODAY = datetime.date(2026, 4, 20)


def build(staff) -> None:
    funds = list(Fund.objects.order_by("pk"))
    plans = MonitoringPlan.objects.bulk_create([
        MonitoringPlan(level=PlanLevel.ORGANISATION, fund=funds[n % len(funds)], fiscal_year=YEAR,
                       name=f"Plan {n:04d}", responsible_unit=f"Unit {n % 7}", created_by=staff)
        for n in range(PLANS)])
    programmes = Programme.objects.bulk_create([Programme(plan=p, name=p.name) for p in plans])
    activities = Activity.objects.bulk_create([
        Activity(programme=pr, name="Activity", responsible_unit=f"Team {i % 5}")
        for i, pr in enumerate(programmes)])
    indicators = Indicator.objects.bulk_create([
        Indicator(plan=p, programme=pr, activity=a, order=k, name=f"Indicator {k}", unit="u",
                  annual_target=Decimal(100))
        for p, pr, a in zip(plans, programmes, activities, strict=True)
        for k in range(INDICATORS)])
    QuarterTarget.objects.bulk_create([
        QuarterTarget(indicator=i, quarter=q, planned=Decimal(10 * q))
        for i in indicators for q in (1, 2, 3, 4)])
    IndicatorResult.objects.bulk_create([
        IndicatorResult(indicator=i, quarter=q, value=Decimal((i.pk * q) % 25))
        for i in indicators for q in (1, 2, 3)])
    budget_plans = BudgetPlan.objects.bulk_create([
        BudgetPlan(plan=p, name="Budget", received=Decimal("1000000.00")) for p in plans])
    BudgetQuarter.objects.bulk_create([
        BudgetQuarter(budget_plan=b, quarter=q, target_pct=Decimal(25 * q),
                      planned=Decimal("250000.00"),
                      disbursed=Decimal("200000.00") if q <= 2 else None)
        for b in budget_plans for q in (1, 2, 3, 4)])
    QuarterlyReport.objects.bulk_create([
        QuarterlyReport(plan=p, quarter=q, due_on=datetime.date(2026, 1 if q == 1 else 4, 15),
                        status=ReportStatus.SUBMITTED if n % 3 == 0 else ReportStatus.DRAFT)
        for n, p in enumerate(plans) for q in (1, 2)])


def measure(label, work, repeat=3):
    times, counts = [], []
    for _ in range(repeat):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        counts.append(len(captured))
    print(f"{label}: {counts[0]} queries, best {min(times) * 1000:.0f} ms, "
          f"worst {max(times) * 1000:.0f} ms")
    return counts[0]


@pytest.mark.django_db
def test_dashboard_on_a_big_dataset(client, monkeypatch):
    from django.template.base import Template

    # Render as a server does: without the test runner's per-template context capture.
    if hasattr(Template, "_original_render"):
        monkeypatch.setattr(Template, "_render", Template._original_render)
    staff = StaffFactory()
    build(staff)
    signed_in(client, staff)
    filters = dash.Filters(year=YEAR)
    data = dash.compute(filters, today=TODAY)
    print(f"\n{PLANS} plans × {INDICATORS} indicators on {connection.vendor}: "
          f"{data['indicator_count']} indicators, {len(data['behind'])} behind plan, "
          f"{len(data['overdue'])} overdue, {len(data['awaiting'])} awaiting review")
    measure("compute (cold)", lambda: dash.compute(filters, today=TODAY))
    measure("compute, one responsible unit", lambda: dash.compute(
        dash.Filters(year=YEAR, unit="Team 1"), today=TODAY))
    url = reverse("monitoring:dashboard")
    page = measure("page, cold cache", lambda: client.get(url, {"fiscal_year": YEAR}))
    client.get(url, {"fiscal_year": YEAR})
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(url, {"fiscal_year": YEAR})
        warm = time.perf_counter() - started
    print(f"page, warm cache: {len(captured)} queries, {warm * 1000:.0f} ms")
    assert page <= 15

