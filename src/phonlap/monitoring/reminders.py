"""Quarterly report reminders and overdue flags (spec 04: "due 15 days after the quarter ends;
reminders go out before, and overdue reports are flagged to staff"). Run daily by Celery beat
(``tasks.send_report_reminders``) or by ``manage.py send_report_reminders [--date YYYY-MM-DD]``.

:func:`send_report_reminders` does three things, each at most once per report, so running it
twice on a day (or two workers at once) sends nothing more:

1. opens (``domain.open_report``) the report of every quarter that has ended, for the plans of the
   current and the previous fiscal year (Q4's report falls due in the next year);
2. reminds the grantees (``domain.grantees``) of a draft or returned report from
   ``REMINDER_DAYS_BEFORE`` days before its due date until the due date (a run missed on the day
   itself catches up the next day), and records ``reminded_on``;
3. flags to the fund staff (``proposals.domain.staff_users``) the reports whose due date has
   passed while still draft or returned, and records ``overdue_flagged_on``.

Decisions where the spec is silent: a funded project's plan gets reports only for quarters that
overlap the project's period (from its start, or the fund chair's sign-off when no start is
recorded, to its end) — a project that starts in January owes no report for October–December;
a fund's own plan reports every quarter of its year. Staff get one notification per run listing
the reports newly overdue (linking to the dashboard, which lists them all), rather than one per
report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_noop

from phonlap.core import fiscal
from phonlap.core.notifications import notify
from phonlap.proposals.domain import staff_users

from . import domain
from .enums import EDITABLE_REPORT_STATES, REMINDER_DAYS_BEFORE
from .models import MonitoringPlan, QuarterlyReport

# How many reports the staff notification names (the dashboard lists them all).
LISTED_OVERDUE = 20


@dataclass(frozen=True)
class Outcome:
    opened: int
    reminded: int
    flagged: int


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def reporting_quarters(plan: MonitoringPlan, today: datetime.date) -> list[int]:
    """The quarters of the plan's year that have ended by ``today`` and for which it reports."""
    quarters = [q for q in fiscal.QUARTERS if fiscal.quarter_end(plan.fiscal_year, q) < today]
    project = plan.funded_project
    if project is None:
        return quarters
    start = project.period_start or project.signed_off_on
    end = project.period_end
    return [q for q in quarters
            if fiscal.quarter_end(plan.fiscal_year, q) >= start
            and (end is None or fiscal.quarter_start(plan.fiscal_year, q) <= end)]


def open_ended_quarters(today: datetime.date) -> int:
    """Open the missing reports of ended quarters; returns how many were opened."""
    year = fiscal.fiscal_year(today)
    plans = list(MonitoringPlan.objects.filter(fiscal_year__in=(year - 1, year))
                 .select_related("funded_project"))
    existing = set(QuarterlyReport.objects.filter(plan__in=plans)
                   .values_list("plan_id", "quarter"))
    opened = 0
    for plan in plans:
        for quarter in reporting_quarters(plan, today):
            if (plan.pk, quarter) not in existing:
                domain.open_report(plan=plan, quarter=quarter)
                opened += 1
    return opened


def _with_plan(queryset):
    return queryset.select_related("plan", "plan__created_by", "plan__funded_project",
                                   "plan__funded_project__organisation",
                                   "plan__funded_project__proposal__created_by")


def remind(today: datetime.date) -> int:
    """Remind the grantees of the reports falling due within ``REMINDER_DAYS_BEFORE`` days."""
    due = _with_plan(QuarterlyReport.objects.filter(
        status__in=EDITABLE_REPORT_STATES, reminded_on__isnull=True,
        due_on__gte=today, due_on__lte=today + timedelta(days=REMINDER_DAYS_BEFORE)))
    reminded = 0
    for report in due.order_by("due_on", "pk"):
        with transaction.atomic():
            # Claim the report first: a second run (or a second worker) finds it taken.
            if not QuarterlyReport.objects.filter(pk=report.pk, reminded_on__isnull=True) \
                    .update(reminded_on=today):
                continue
            plan = report.plan
            notify(users=domain.grantees(plan), kind="monitoring.report_reminder",
                   subject=gettext_noop("Quarterly report due in %(days)s days: %(plan)s, "
                                        "Q%(quarter)s"),
                   body=gettext_noop("The report for quarter %(quarter)s of fiscal year "
                                     "%(year)s of “%(plan)s” is due in %(days)s days. Enter the "
                                     "results and the disbursement, then submit it."),
                   url=_url("monitoring:report", pk=report.pk), plan=plan.name,
                   quarter=str(report.quarter), year=str(plan.fiscal_year),
                   days=str((report.due_on - today).days))
            reminded += 1
    return reminded


@transaction.atomic
def flag_overdue(today: datetime.date) -> int:
    """Flag to the staff the reports that became overdue since the last run."""
    candidates = QuarterlyReport.objects.filter(status__in=EDITABLE_REPORT_STATES,
                                                due_on__lt=today,
                                                overdue_flagged_on__isnull=True)
    # Lock them (PostgreSQL; a concurrent run skips them and then finds them flagged).
    ids = list(candidates.select_for_update(skip_locked=True).values_list("pk", flat=True))
    if not ids:
        return 0
    QuarterlyReport.objects.filter(pk__in=ids).update(overdue_flagged_on=today)
    reports = list(QuarterlyReport.objects.filter(pk__in=ids).select_related("plan")
                   .order_by("due_on", "plan__name", "pk"))
    names = [f"{r.plan.name} (Q{r.quarter}/{r.plan.fiscal_year})"
             for r in reports[:LISTED_OVERDUE]]
    if len(reports) > LISTED_OVERDUE:
        names.append(f"+{len(reports) - LISTED_OVERDUE}")
    notify(users=staff_users(), kind="monitoring.reports_overdue",
           subject=gettext_noop("Quarterly reports overdue: %(count)s"),
           body=gettext_noop("These quarterly reports were not submitted by their due date: "
                             "%(reports)s. The monitoring dashboard lists every overdue "
                             "report."),
           url=_url("monitoring:dashboard"), count=str(len(reports)),
           reports="; ".join(names))
    return len(reports)


def send_report_reminders(*, today: datetime.date) -> Outcome:
    """The daily job (see the module's notes). Idempotent."""
    opened = open_ended_quarters(today)
    return Outcome(opened=opened, reminded=remind(today), flagged=flag_overdue(today))
