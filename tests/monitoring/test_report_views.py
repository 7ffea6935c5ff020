"""Quarterly reporting pages: the quarter's entry page (results, breakdown, evidence,
disbursement, obstacles; one transaction; errors per field), the report's summary and its
submit / return / accept steps, the staff list, and evidence downloads."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from phonlap.core.models import AuditEvent
from phonlap.funds.models import Fund
from phonlap.monitoring import domain
from phonlap.monitoring.enums import AmountUnit, IndicatorKind, ReportStatus
from phonlap.monitoring.models import (
    BudgetQuarter,
    Evidence,
    IndicatorResult,
    MonitoringPlan,
    Obstacle,
    QuarterlyReport,
)
from tests.factories import CommitteeFactory, StaffFactory, signed_in
from tests.monitoring.factories import organisation_plan, project_plan
from tests.organisations.factories import manager_of
from tests.proposals.factories import exe_upload, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def planned(staff):
    """A project plan whose indicator is planned 10/20/30/40 (target 100); (plan, indicator,
    pm, manager)."""
    plan, pm, manager = project_plan(staff=staff, approved_amount=Decimal("90000.00"))
    indicator = plan.indicators.get()
    domain.save_indicator(actor=staff, plan=plan, indicator=indicator,
                          programme=indicator.programme, name=indicator.name, unit=indicator.unit,
                          annual_target="100",
                          quarter_plans={1: "10", 2: "20", 3: "30", 4: "40"})
    return plan, plan.indicators.get(), pm, manager


def _url(plan, quarter=1):
    return reverse("monitoring:quarter", kwargs={"pk": plan.pk, "quarter": quarter})


def _report_url(report, step=""):
    name = f"monitoring:report_{step}" if step else "monitoring:report"
    return reverse(name, kwargs={"pk": report.pk})


def _ind(indicator, name):
    return f"ind{indicator.pk}-{name}"


def _bp(plan, name="disbursed"):
    return f"bp{plan.budget_plans.get().pk}-{name}"


def _prog(plan, name):
    return f"prog{plan.programmes.get().pk}-{name}"


# --- the quarter's entry page ---------------------------------------------------------------------

def test_the_project_manager_sees_the_entry_page_and_it_opens_the_draft(client, planned):
    plan, indicator, pm, _manager = planned
    signed_in(client, pm)
    response = client.get(_url(plan, 2))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="indicator-{indicator.pk}"' in html
    assert f'name="{_ind(indicator, "value")}"' in html
    assert f'name="{_ind(indicator, "breakdown_women")}"' in html
    assert f'name="{_bp(plan)}"' in html
    assert f'name="{_prog(plan, "problems")}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "Jan – Mar" in html
    report = QuarterlyReport.objects.get(plan=plan, quarter=2)
    assert report.status == ReportStatus.DRAFT
    assert reverse("monitoring:report", kwargs={"pk": report.pk}) in html


def test_a_reader_without_row_13_2_sees_the_figures_and_creates_nothing(client, planned):
    from tests.factories import SuperUserFactory

    plan, indicator, pm, _manager = planned
    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="12", note="Good")
    QuarterlyReport.objects.all().delete()
    reader = SuperUserFactory()  # row 13.1 all, no 13.2
    signed_in(client, reader)
    response = client.get(_url(plan, 1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form method=\"post\" action=\"" + _url(plan, 1) not in html
    assert "12.00" in html and "Good" in html
    assert not QuarterlyReport.objects.exists()
    assert client.post(_url(plan, 1), {_ind(indicator, "value"): "1"}).status_code == 404
    assert IndicatorResult.objects.get().value == Decimal("12.00")


def test_others_and_bad_quarters_get_404(client, planned):
    plan, _indicator, pm, _manager = planned
    other_manager, _organisation = manager_of()
    signed_in(client, other_manager)
    assert client.get(_url(plan, 1)).status_code == 404
    signed_in(client, CommitteeFactory())
    assert client.get(_url(plan, 1)).status_code == 404
    signed_in(client, pm)
    assert client.get(_url(plan, 5)).status_code == 404
    assert client.get(f"/monitoring/reports/plans/{plan.pk}/quarters/0/").status_code == 404
    assert client.get(_url(MonitoringPlan(pk=99999), 1)).status_code == 404
    assert not QuarterlyReport.objects.filter(quarter__in=(0, 5)).exists()


def test_saving_records_results_disbursement_and_obstacles_in_one_go(client, planned):
    plan, indicator, pm, _manager = planned
    signed_in(client, pm)
    response = client.post(_url(plan, 1), {
        _ind(indicator, "value"): "12", _ind(indicator, "note"): "Two workshops",
        _ind(indicator, "breakdown_women"): "7", _ind(indicator, "breakdown_older_persons"): "2",
        _bp(plan): "25,000.50",
        _prog(plan, "problems"): "Venue booked late", _prog(plan, "fixes"): "Book earlier",
    })
    assert response.status_code == 302
    assert response["Location"] == _url(plan, 1)
    result = IndicatorResult.objects.get(indicator=indicator, quarter=1)
    assert (result.value, result.note) == (Decimal("12.00"), "Two workshops")
    assert result.breakdown == {"women": 7, "older_persons": 2}
    assert BudgetQuarter.objects.get(budget_plan__plan=plan, quarter=1).disbursed == \
        Decimal("25000.50")
    obstacle = Obstacle.objects.get()
    assert (obstacle.problems, obstacle.fixes) == ("Venue booked late", "Book earlier")
    actions = set(AuditEvent.objects.filter(actor=pm).values_list("action", flat=True))
    assert {"indicator_result.save", "disbursement.save", "report.obstacles"} <= actions
    page = client.get(_url(plan, 1)).content.decode()
    assert "Saved." in page
    assert 'value="12.00"' in page and 'value="25000.50"' in page


def test_unchanged_parts_are_not_written_again(client, planned):
    plan, indicator, pm, _manager = planned
    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="12")
    signed_in(client, pm)
    before = AuditEvent.objects.count()
    response = client.post(_url(plan, 1), {_ind(indicator, "value"): "12.00"}, follow=True)
    assert "Nothing was changed." in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_one_bad_field_saves_nothing_and_is_shown_on_its_field(client, staff):
    plan, pm, _manager = project_plan(staff=staff)
    indicator = plan.indicators.get()
    domain.save_indicator(actor=staff, plan=plan, indicator=indicator,
                          programme=indicator.programme, name="Teachers passing", unit="%",
                          kind=IndicatorKind.PERCENTAGE, annual_target="80",
                          quarter_plans={1: "50"})
    signed_in(client, pm)
    response = client.post(_url(plan, 1), {
        _ind(indicator, "numerator"): "3", _ind(indicator, "denominator"): "0",
        _bp(plan): "1000", _prog(plan, "problems"): "Rain",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "The denominator cannot be zero." in html
    field_id = f"id_{_ind(indicator, 'denominator')}"
    assert f'href="#{field_id}"' in html  # the summary links to the field
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html).group(0)
    assert f'aria-describedby="{field_id}_error' in tag or \
        f'{field_id}_error' in tag.split("aria-describedby=")[1]
    assert f'id="{field_id}_error"' in html
    assert 'aria-invalid="true"' in tag
    # Nothing was written: not the result, nor the disbursement typed next to it, nor obstacles.
    assert not IndicatorResult.objects.exists()
    assert not BudgetQuarter.objects.filter(disbursed__isnull=False).exists()
    assert not Obstacle.objects.exists()
    # What was typed stays in the fields.
    assert 'value="1000"' in html


def test_text_in_a_number_field_is_a_field_error(client, planned):
    plan, indicator, pm, _manager = planned
    signed_in(client, pm)
    response = client.post(_url(plan, 1), {_ind(indicator, "value"): "twelve",
                                           _ind(indicator, "breakdown_women"): "2.5"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a number." in html
    assert f'href="#id_{_ind(indicator, "value")}"' in html
    assert not IndicatorResult.objects.exists()


def test_disbursement_above_the_budget_received_is_refused(client, planned):
    plan, indicator, pm, _manager = planned
    signed_in(client, pm)
    response = client.post(_url(plan, 1), {_ind(indicator, "value"): "5", _bp(plan): "90000.01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "above the budget received" in html
    assert f'href="#id_{_bp(plan)}"' in html
    assert not IndicatorResult.objects.exists()  # the valid result is not kept either
    assert not BudgetQuarter.objects.filter(disbursed__isnull=False).exists()


def test_amounts_in_millions_are_entered_and_shown_in_millions(client, planned):
    plan, _indicator, pm, _manager = planned
    MonitoringPlan.objects.filter(pk=plan.pk).update(amount_unit=AmountUnit.MILLIONS)
    signed_in(client, pm)
    response = client.post(_url(plan, 1), {_bp(plan): "0.0125"})
    assert response.status_code == 302
    assert BudgetQuarter.objects.get(budget_plan__plan=plan, quarter=1).disbursed == \
        Decimal("12500.00")
    html = client.get(_url(plan, 1)).content.decode()
    assert 'value="0.0125"' in html and "millions of baht" in html
    response = client.post(_url(plan, 1), {_bp(plan): "0.00001"})
    assert response.status_code == 200
    assert "at most four decimal places" in response.content.decode()
    assert BudgetQuarter.objects.get(budget_plan__plan=plan, quarter=1).disbursed == \
        Decimal("12500.00")


def test_a_level_indicator_shows_its_level_definitions(client, staff):
    plan, pm, _manager = project_plan(staff=staff)
    indicator = plan.indicators.get()
    domain.save_indicator(actor=staff, plan=plan, indicator=indicator,
                          programme=indicator.programme, name="Network maturity", unit="level",
                          kind=IndicatorKind.LEVEL, annual_target="5",
                          level_definitions=["Plan drafted", "Partners signed", "Pilot run",
                                             "Rolled out", "Self-sustaining"],
                          quarter_plans={1: "1"})
    signed_in(client, pm)
    html = client.get(_url(plan, 1)).content.decode()
    assert "Level 2: Partners signed" in html
    assert 'type="radio"' in html
    response = client.post(_url(plan, 1), {_ind(indicator, "value"): "3"})
    assert response.status_code == 302
    assert IndicatorResult.objects.get().value == Decimal("3.00")


def test_a_qualitative_indicator_needs_its_note(client, staff):
    plan, pm, _manager = project_plan(staff=staff)
    indicator = plan.indicators.get()
    domain.save_indicator(actor=staff, plan=plan, indicator=indicator,
                          programme=indicator.programme, name="Change in practice", unit="-",
                          kind=IndicatorKind.QUALITATIVE)
    signed_in(client, pm)
    html = client.get(_url(plan, 1)).content.decode()
    assert f'name="{_ind(indicator, "value")}"' not in html
    response = client.post(_url(plan, 1), {_ind(indicator, "breakdown_women"): "3"})
    assert response.status_code == 200
    assert "Describe the result in the note." in response.content.decode()
    response = client.post(_url(plan, 1), {_ind(indicator, "note"): "Teachers adapt lessons"})
    assert response.status_code == 302
    assert IndicatorResult.objects.get().note == "Teachers adapt lessons"


def test_evidence_is_uploaded_downloaded_as_attachment_and_removed(client, planned):
    plan, indicator, pm, manager = planned
    signed_in(client, pm)
    response = client.post(_url(plan, 1), {_ind(indicator, "value"): "10",
                                           _ind(indicator, "file"): pdf_upload("sheet.pdf")})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "sheet.pdf"
    download = reverse("monitoring:evidence", kwargs={"pk": evidence.pk})
    assert download in client.get(_url(plan, 1)).content.decode()

    signed_in(client, manager)
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "sheet.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    read = AuditEvent.objects.get(action="monitoring.evidence_download")
    assert read.kind == AuditEvent.Kind.SENSITIVE_READ and read.actor == manager

    other_manager, _organisation = manager_of()
    signed_in(client, other_manager)
    assert client.get(download).status_code == 404
    signed_in(client, CommitteeFactory())
    assert client.get(download).status_code == 404

    signed_in(client, pm)
    response = client.post(_url(plan, 1), {_ind(indicator, "value"): "10.00",
                                           _ind(indicator, "remove"): [str(evidence.pk)]})
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert not storages["private"].exists(evidence.file.name)


def test_evidence_needs_a_result_and_a_refused_save_keeps_no_file(client, planned):
    plan, indicator, pm, _manager = planned
    signed_in(client, pm)
    response = client.post(_url(plan, 1), {_ind(indicator, "file"): pdf_upload()})
    assert response.status_code == 200
    assert "Enter the result before adding evidence." in response.content.decode()
    response = client.post(_url(plan, 1), {_ind(indicator, "file"): exe_upload()})
    assert response.status_code == 200
    assert not Evidence.objects.exists()

    private = storages["private"]
    before = set(_all_files(private))
    response = client.post(_url(plan, 1), {_ind(indicator, "value"): "10",
                                           _ind(indicator, "file"): pdf_upload(),
                                           _bp(plan): "99999999"})
    assert response.status_code == 200
    assert "choose the file again" in response.content.decode()
    assert not Evidence.objects.exists() and not IndicatorResult.objects.exists()
    assert set(_all_files(private)) == before


def _all_files(storage, path=""):
    directories, files = storage.listdir(path) if storage.exists(path or ".") else ([], [])
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from _all_files(storage, f"{path}/{directory}" if path else directory)


def test_a_submitted_report_is_read_only(client, planned):
    plan, indicator, pm, _manager = planned
    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="10")
    report = domain.submit_report(actor=pm, report=domain.open_report(plan=plan, quarter=1))
    signed_in(client, pm)
    html = client.get(_url(plan, 1)).content.decode()
    assert f'name="{_ind(indicator, "value")}"' not in html
    assert "can no longer be changed" in html
    response = client.post(_url(plan, 1), {_ind(indicator, "value"): "99"}, follow=True)
    assert response.status_code == 200
    assert "can no longer be changed" in response.content.decode()
    assert IndicatorResult.objects.get().value == Decimal("10.00")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_quarter_that_has_not_started_cannot_be_entered(client, staff):
    plan = organisation_plan(staff=staff, fiscal_year=2571)
    signed_in(client, staff)
    response = client.get(_url(plan, 1))
    assert response.status_code == 200
    assert "has not started yet" in response.content.decode()
    assert not QuarterlyReport.objects.exists()
    response = client.post(_url(plan, 1), {}, follow=True)
    assert "This quarter has not started yet." in response.content.decode()
    assert not QuarterlyReport.objects.exists()


# --- the report's summary and its steps ------------------------------------------------------------

def test_the_summary_shows_results_status_words_budget_and_history(client, planned, staff):
    plan, indicator, pm, _manager = planned
    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="15")
    domain.record_result(actor=pm, indicator=indicator, quarter=2, value="5")
    domain.record_disbursement(actor=pm, budget_plan=plan.budget_plans.get(), quarter=1,
                               disbursed="9000")
    report = domain.open_report(plan=plan, quarter=2)
    domain.save_obstacles(actor=pm, report=report, programme=plan.programmes.get(),
                          problems="Floods in February", fixes="Move the workshop online")
    domain.submit_report(actor=pm, report=report)
    signed_in(client, pm)
    response = client.get(_report_url(report))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Behind plan" in html  # Q2: 5 against 20; year to date 20 against 30
    assert "20.00" in html  # achievement: 20 of the target 100
    assert "<caption>" in html and 'scope="col"' in html
    assert "9,000.00" in html and "90,000.00" in html
    assert "Floods in February" in html and "Move the workshop online" in html
    assert "Submitted" in html
    # The grantee may not review; the submitted report offers no submit either.
    assert _report_url(report, "accept") not in html
    assert _report_url(report, "submit") not in html
    signed_in(client, staff)
    html = client.get(_report_url(report)).content.decode()
    assert _report_url(report, "accept") in html and _report_url(report, "return") in html
    q1 = domain.open_report(plan=plan, quarter=1)
    html = client.get(_report_url(q1)).content.decode()
    assert "Ahead of plan" in html  # Q1: 15 against 10


def test_the_summary_of_another_organisations_report_is_404(client, planned):
    plan, _indicator, _pm, _manager = planned
    report = domain.open_report(plan=plan, quarter=1)
    other_manager, _organisation = manager_of()
    signed_in(client, other_manager)
    for step in ("", "submit"):
        assert client.get(_report_url(report, step)).status_code == 404
    assert client.get(reverse("monitoring:report", kwargs={"pk": 99999})).status_code == 404


def test_submit_confirms_and_refuses_missing_results_with_a_message(client, planned, staff):
    plan, indicator, pm, _manager = planned
    report = domain.open_report(plan=plan, quarter=1)
    signed_in(client, pm)
    response = client.get(_report_url(report, "submit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert indicator.name in html and "cannot be submitted yet" in html
    response = client.post(_report_url(report, "submit"))
    assert response.status_code == 200
    assert "Enter the results planned for this quarter first" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT

    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="10")
    html = client.get(_report_url(report, "submit")).content.decode()
    assert '<button type="submit">Submit the report</button>' in html
    response = client.post(_report_url(report, "submit"))
    assert response.status_code == 302 and response["Location"] == _report_url(report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == pm
    # Submitting again: a message, never a 500.
    response = client.post(_report_url(report, "submit"))
    assert response.status_code == 200
    assert "not allowed now" in response.content.decode()


def test_staff_return_with_a_required_comment_and_then_accept(client, planned, staff):
    plan, indicator, pm, manager = planned
    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="10")
    report = domain.submit_report(actor=pm, report=domain.open_report(plan=plan, quarter=1))
    signed_in(client, pm)
    assert client.get(_report_url(report, "return")).status_code == 404
    assert client.post(_report_url(report, "accept")).status_code == 404

    signed_in(client, staff)
    response = client.post(_report_url(report, "return"), {"comment": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Say what needs to change." in html and 'href="#id_comment"' in html
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    response = client.post(_report_url(report, "return"), {"comment": "Add the sign-in sheet"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED,
                                                      "Add the sign-in sheet")
    # Accepting a returned report is refused with a message.
    response = client.post(_report_url(report, "accept"))
    assert response.status_code == 200
    assert "only a submitted report can be accepted" in response.content.decode()

    signed_in(client, manager)
    html = client.get(_url(plan, 1)).content.decode()
    assert "Add the sign-in sheet" in html
    client.post(_url(plan, 1), {_ind(indicator, "value"): "11"})
    client.post(_report_url(report, "submit"))
    signed_in(client, staff)
    response = client.post(_report_url(report, "accept"), {"comment": "Thank you"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == staff
    html = client.get(_report_url(report)).content.decode()
    assert "Accepted" in html and "Thank you" in html
    assert _report_url(report, "accept") not in html


# --- the staff list ------------------------------------------------------------------------------------

def _overdue(plan, quarter=1):
    report = domain.open_report(plan=plan, quarter=quarter)
    QuarterlyReport.objects.filter(pk=report.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3))
    return report


def test_the_list_shows_reports_awaiting_review_and_overdue_ones(client, planned, staff):
    plan, indicator, pm, _manager = planned
    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="10")
    submitted = domain.submit_report(actor=pm, report=domain.open_report(plan=plan, quarter=1))
    late = _overdue(plan, 2)
    not_due = domain.open_report(plan=plan, quarter=3)
    QuarterlyReport.objects.filter(pk=not_due.pk).update(
        due_on=timezone.localdate() + datetime.timedelta(days=3))
    own = organisation_plan(staff=staff, fund=Fund.objects.get(code="se-promotion"))
    own_late = _overdue(own, 1)
    signed_in(client, staff)
    response = client.get(reverse("monitoring:report_list"))
    assert response.status_code == 200
    assert {r.pk for r in response.context["awaiting"]} == {submitted.pk}
    assert {r.pk for r in response.context["overdue"]} == {late.pk, own_late.pk}
    html = response.content.decode()
    assert _report_url(submitted) in html and _report_url(late) in html
    assert _report_url(not_due) not in html

    response = client.get(reverse("monitoring:report_list"),
                          {"fund": Fund.objects.get(code="se-promotion").pk})
    assert {r.pk for r in response.context["overdue"]} == {own_late.pk}
    assert response.context["awaiting"] == []
    response = client.get(reverse("monitoring:report_list"), {"fiscal_year": "2569"})
    assert len(response.context["overdue"]) == 2
    response = client.get(reverse("monitoring:report_list"), {"fiscal_year": "1999"})
    assert response.status_code == 200
    assert "cannot be used" in response.content.decode()


def test_the_list_is_for_staff_only(client, planned):
    _plan, _indicator, pm, manager = planned
    for user in (pm, manager, CommitteeFactory()):
        signed_in(client, user)
        assert client.get(reverse("monitoring:report_list")).status_code == 404


def test_the_list_runs_a_constant_number_of_queries(client, staff,
                                                    django_assert_max_num_queries):
    fund = Fund.objects.get(code="se-promotion")
    first = organisation_plan(staff=staff, fund=fund, name="Plan 0")
    _overdue(first)
    signed_in(client, staff)
    url = reverse("monitoring:report_list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        response = client.get(url, {"fiscal_year": "2569", "fund": fund.pk})
    assert len(response.context["overdue"]) == 1
    for n in range(1, 30):
        _overdue(organisation_plan(staff=staff, fund=fund, name=f"Plan {n}"))
    project, _pm, _m = project_plan(staff=staff)
    _overdue(project)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"fiscal_year": "2569", "fund": fund.pk})
    assert len(response.context["overdue"]) == 30
    assert len(many) == len(one)
    with django_assert_max_num_queries(15):
        client.get(url)
