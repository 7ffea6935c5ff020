"""The daily quarterly-report job: reports of ended quarters opened, grantees reminded
``REMINDER_DAYS_BEFORE`` days before the due date, overdue reports flagged to staff; each once
(running twice sends nothing more); submitted and accepted reports never flagged; the Celery task
and the management command."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from phonlap.core.models import Notification
from phonlap.monitoring import domain, reminders, tasks
from phonlap.monitoring.enums import REMINDER_DAYS_BEFORE, ReportStatus
from phonlap.monitoring.models import QuarterlyReport
from tests.factories import StaffFactory
from tests.monitoring.factories import organisation_plan, project_plan

pytestmark = pytest.mark.django_db

Q1_DUE = datetime.date(2026, 1, 15)  # FY 2569 Q1 (Oct–Dec 2025) + 15 days
Q2_DUE = datetime.date(2026, 4, 15)  # Q2 (Jan–Mar 2026) + 15 days
REMINDER_DAY = Q2_DUE - datetime.timedelta(days=REMINDER_DAYS_BEFORE)


def notes(user, kind):
    return list(Notification.objects.filter(user=user, kind=kind).order_by("pk"))


def run(day, capture):
    with capture(execute=True):
        return reminders.send_report_reminders(today=day)


@pytest.fixture
def staff(db):
    return StaffFactory()


def test_reports_of_ended_quarters_are_opened_once(staff, django_capture_on_commit_callbacks):
    plan = organisation_plan(staff=staff)
    outcome = run(datetime.date(2026, 4, 1), django_capture_on_commit_callbacks)
    assert outcome.opened == 2
    reports = {r.quarter: r for r in plan.reports.all()}
    assert set(reports) == {1, 2}  # Q3 has not ended
    assert reports[1].due_on == Q1_DUE and reports[2].due_on == Q2_DUE
    assert reports[1].status == ReportStatus.DRAFT
    assert run(datetime.date(2026, 4, 2), django_capture_on_commit_callbacks).opened == 0


def test_a_project_reports_only_the_quarters_of_its_period(django_capture_on_commit_callbacks):
    plan, _pm, _manager = project_plan()  # the project starts on 1 January 2026 (Q2)
    run(datetime.date(2026, 7, 2), django_capture_on_commit_callbacks)
    assert sorted(plan.reports.values_list("quarter", flat=True)) == [2, 3]


def test_the_previous_years_last_quarter_is_opened_in_the_new_year(staff, django_capture_on_commit_callbacks):
    plan = organisation_plan(staff=staff)  # FY 2569
    run(datetime.date(2026, 10, 2), django_capture_on_commit_callbacks)  # FY 2570 has begun
    assert sorted(plan.reports.values_list("quarter", flat=True)) == [1, 2, 3, 4]
    later = organisation_plan(staff=staff, fiscal_year=2568, name="Two years back")
    run(datetime.date(2026, 10, 3), django_capture_on_commit_callbacks)
    assert not later.reports.exists()  # only the current and the previous fiscal year


def test_grantees_are_reminded_on_the_reminder_day_once(django_capture_on_commit_callbacks):
    plan, pm, manager = project_plan()
    mail.outbox.clear()
    day_before = REMINDER_DAY - datetime.timedelta(days=1)
    assert run(day_before, django_capture_on_commit_callbacks).reminded == 0
    assert notes(pm, "monitoring.report_reminder") == []

    outcome = run(REMINDER_DAY, django_capture_on_commit_callbacks)

    assert outcome.reminded == 1
    report = plan.reports.get(quarter=2)
    assert report.reminded_on == REMINDER_DAY
    for user in (pm, manager):
        [note] = notes(user, "monitoring.report_reminder")
        with translation.override("en"):
            assert f"is due in {REMINDER_DAYS_BEFORE} days" in note.text
            assert plan.name in note.text and "quarter 2" in note.text
    assert {m.to[0] for m in mail.outbox} >= {pm.email, manager.email}

    mail.outbox.clear()
    again = run(REMINDER_DAY, django_capture_on_commit_callbacks)
    later = run(REMINDER_DAY + datetime.timedelta(days=2), django_capture_on_commit_callbacks)
    assert again.reminded == later.reminded == 0
    assert len(notes(pm, "monitoring.report_reminder")) == 1 and mail.outbox == []


def test_a_missed_reminder_day_is_caught_up_before_the_due_date(django_capture_on_commit_callbacks):
    _plan, pm, _manager = project_plan()
    assert run(Q2_DUE, django_capture_on_commit_callbacks).reminded == 1  # due today: still told
    [note] = notes(pm, "monitoring.report_reminder")
    with translation.override("en"):
        assert "is due in 0 days" in note.text


def test_a_submitted_report_gets_no_reminder(staff, django_capture_on_commit_callbacks):
    plan = organisation_plan(staff=staff, plans=(10, None, None, None))
    domain.submit_report(actor=staff, report=domain.open_report(plan=plan, quarter=2))
    assert run(REMINDER_DAY, django_capture_on_commit_callbacks).reminded == 0


def test_overdue_reports_are_flagged_to_staff_once(staff, django_capture_on_commit_callbacks):
    plan, _pm, _manager = project_plan()
    other_staff = StaffFactory()
    assert run(Q2_DUE, django_capture_on_commit_callbacks).flagged == 0  # due today: not overdue
    mail.outbox.clear()

    outcome = run(Q2_DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)

    assert outcome.flagged == 1
    assert plan.reports.get(quarter=2).overdue_flagged_on == Q2_DUE + datetime.timedelta(days=1)
    for user in (staff, other_staff):
        [note] = notes(user, "monitoring.reports_overdue")
        with translation.override("en"):
            assert f"{plan.name} (Q2/2569)" in note.text and note.url == "/monitoring/dashboard/"
    assert other_staff.email in {m.to[0] for m in mail.outbox}

    mail.outbox.clear()
    assert run(Q2_DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks).flagged == 0
    assert run(Q2_DUE + datetime.timedelta(days=9), django_capture_on_commit_callbacks).flagged == 0
    assert len(notes(other_staff, "monitoring.reports_overdue")) == 1 and mail.outbox == []


def test_submitted_and_accepted_reports_are_not_flagged_but_returned_ones_are(
        staff, django_capture_on_commit_callbacks):
    submitted_plan = organisation_plan(staff=staff, name="Submitted", plans=(10, 20, 30, 40))
    accepted_plan = organisation_plan(staff=staff, name="Accepted", plans=(10, 20, 30, 40))
    returned_plan = organisation_plan(staff=staff, name="Returned", plans=(10, 20, 30, 40))
    for plan in (submitted_plan, accepted_plan, returned_plan):
        domain.record_result(actor=staff, indicator=plan.indicators.get(), quarter=1, value="10")
        domain.submit_report(actor=staff, report=domain.open_report(plan=plan, quarter=1))
    domain.accept_report(actor=staff, report=accepted_plan.reports.get(quarter=1))
    domain.return_report(actor=staff, report=returned_plan.reports.get(quarter=1),
                         comment="Attach the sign-in sheets.")

    outcome = run(Q1_DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)

    flagged = QuarterlyReport.objects.filter(overdue_flagged_on__isnull=False)
    assert outcome.flagged == 1 and [r.plan_id for r in flagged] == [returned_plan.pk]
    assert submitted_plan.reports.get(quarter=1).overdue_flagged_on is None
    assert accepted_plan.reports.get(quarter=1).overdue_flagged_on is None


def test_a_long_overdue_list_names_the_first_reports(staff, django_capture_on_commit_callbacks,
                                                     monkeypatch):
    monkeypatch.setattr(reminders, "LISTED_OVERDUE", 2)
    for n in range(3):
        organisation_plan(staff=staff, name=f"Plan {n}")
    outcome = run(Q1_DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert outcome.flagged == 3
    [note] = notes(staff, "monitoring.reports_overdue")
    assert note.params["count"] == "3" and note.params["reports"].endswith("; +1")


def test_the_command_runs_for_a_given_date(staff):
    plan = organisation_plan(staff=staff)
    out = StringIO()
    call_command("send_report_reminders", "--date", REMINDER_DAY.isoformat(), stdout=out)
    assert "Opened 2 report(s), sent 1 reminder(s), flagged 1 overdue report(s)." in out.getvalue()
    assert plan.reports.get(quarter=2).reminded_on == REMINDER_DAY
    out = StringIO()
    call_command("send_report_reminders", "--date", REMINDER_DAY.isoformat(), stdout=out)
    assert "Opened 0 report(s), sent 0 reminder(s), flagged 0 overdue report(s)." in out.getvalue()
    with pytest.raises(CommandError):
        call_command("send_report_reminders", "--date", "08/04/2026")


def test_the_command_runs_for_today_and_the_task_too(staff):
    organisation_plan(staff=staff)
    call_command("send_report_reminders", stdout=StringIO())
    assert tasks.send_report_reminders.delay().get() == {"opened": 0, "reminded": 0, "flagged": 0}


def test_the_task_is_scheduled_daily(settings):
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values()
               if e["task"] == "phonlap.monitoring.tasks.send_report_reminders"]
    assert entries and entries[0]["schedule"] == 60 * 60 * 24
