"""The monitoring domain functions (spec 04): the project plan seeded from the board's approval,
results per indicator kind, disbursement, obstacles, evidence and the quarterly report's
transitions, with their permissions, audit trail and notifications."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.core.models import AuditEvent, Notification
from phonlap.monitoring import domain
from phonlap.monitoring.enums import IndicatorKind, PlanLevel, ReportStatus
from phonlap.monitoring.models import (
    BudgetQuarter,
    Evidence,
    FundedProject,
    IndicatorResult,
    Obstacle,
    QuarterlyReport,
)
from tests.factories import CommitteeFactory, StaffFactory
from tests.monitoring.factories import YEAR, funded_project, organisation_plan, project_plan
from tests.organisations.factories import manager_of
from tests.proposals.factories import pdf_upload
from tests.review.factories import advance_to, decide_meeting, in_review

pytestmark = pytest.mark.django_db


def _field(excinfo) -> str | None:
    return excinfo.value.field


def _plan_with_quarters(*, kind=IndicatorKind.COUNT, plans=(10, 20, 30, 40), target="100",
                        level_definitions=None):
    """A project plan whose seeded indicator is planned per quarter (staff set the plans, row
    13.4); returns (plan, indicator, pm, manager, staff)."""
    staff = StaffFactory()
    plan, pm, manager = project_plan(staff=staff)
    indicator = plan.indicators.get()
    indicator = domain.save_indicator(
        actor=staff, plan=plan, indicator=indicator, programme=indicator.programme,
        name=indicator.name, unit=indicator.unit, kind=kind, annual_target=target,
        level_definitions=level_definitions,
        quarter_plans=dict(zip((1, 2, 3, 4), plans, strict=True)))
    return plan, indicator, pm, manager, staff


# --- the plan seeded from the board's approval ---------------------------------------------------

def test_the_boards_approval_seeds_the_projects_plan():
    proposal, pm, manager = in_review()
    advance_to(proposal, "board")
    decide_meeting(proposal)  # the board approves: the requested budget, signed off today

    project = FundedProject.objects.get(proposal=proposal)
    assert project.approved_amount == Decimal("100000.00")
    assert project.organisation_id == proposal.organisation_id
    plan = project.plans.get()
    assert plan.level == PlanLevel.PROJECT
    assert plan.fiscal_year == 2569  # the project starts on 1 Jan 2026
    assert plan.responsible_unit == "Special education unit"
    programme = plan.programmes.get()
    assert programme.name == project.name
    assert [a.name for a in programme.activities.all()] == ["Preparation", "Training"]
    assert [a.budget for a in programme.activities.all()] == [Decimal("20000.00"),
                                                              Decimal("80000.00")]
    indicator = plan.indicators.get()
    assert (indicator.name, indicator.unit, indicator.kind, indicator.annual_target) == (
        "Teachers trained", "persons", IndicatorKind.COUNT, Decimal("40.00"))
    budget_plan = plan.budget_plans.get()
    assert budget_plan.received == Decimal("100000.00")
    quarters = {q.quarter: q for q in budget_plan.quarters.all()}
    # Both steps start in January–February 2026: the whole budget is planned for Q2.
    assert {q: row.planned for q, row in quarters.items()} == {
        1: Decimal("0.00"), 2: Decimal("100000.00"), 3: Decimal("0.00"), 4: Decimal("0.00")}
    assert [quarters[q].target_pct for q in (1, 2, 3, 4)] == [
        Decimal("0.00"), Decimal("100.00"), Decimal("100.00"), Decimal("100.00")]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"funded_project.start", "monitoring_plan.seed"} <= actions
    # The grantees are the proposal's drafter and the organisation's managers.
    assert set(domain.grantees(plan)) == {pm, manager}


def test_a_further_year_is_seeded_by_staff_only_and_once():
    staff = StaffFactory()
    project, pm, manager = funded_project(staff=staff)
    section2 = {**project.revision.content["section2"], "period_start": "2026-10-01"}
    following = copy.copy(project)
    following.period_start = datetime.date(2026, 10, 1)
    for outsider in (pm, manager, CommitteeFactory()):
        with pytest.raises(PermissionDenied):
            domain.seed_project_plan(actor=outsider, project=following, section2=section2)
    assert list(project.plans.values_list("fiscal_year", flat=True)) == [2569]
    plan = domain.seed_project_plan(actor=staff, project=following, section2=section2)
    assert plan.fiscal_year == 2570 and plan.funded_project_id == project.pk
    assert plan.indicators.get().annual_target == Decimal("40.00")
    assert AuditEvent.objects.filter(action="monitoring_plan.seed", object_id=str(plan.pk),
                                     actor=staff).exists()
    # A year that has its plan already: refused, nothing added.
    with pytest.raises(InvalidTransition):
        domain.seed_project_plan(actor=staff, project=following, section2=section2)
    assert sorted(project.plans.values_list("fiscal_year", flat=True)) == [2569, 2570]


# --- results per kind ----------------------------------------------------------------------------

def test_a_count_result_is_recorded_and_corrected():
    plan, indicator, pm, _manager, _staff = _plan_with_quarters()
    result = domain.record_result(actor=pm, indicator=indicator, quarter=1, value="12",
                                  note="Two workshops", breakdown={"women": "7", "older_persons": 2})
    assert result.value == Decimal("12.00")
    assert result.breakdown == {"women": 7, "older_persons": 2}
    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="1,300.50")
    result = IndicatorResult.objects.get(indicator=indicator, quarter=1)
    assert result.value == Decimal("1300.50")
    assert result.entered_by == pm
    assert IndicatorResult.objects.filter(indicator=indicator).count() == 1
    # Entering a result opens the quarter's draft report, due 15 days after the quarter.
    report = QuarterlyReport.objects.get(plan=plan, quarter=1)
    assert report.status == ReportStatus.DRAFT
    assert report.due_on == datetime.date(2026, 1, 15)
    assert AuditEvent.objects.filter(action="indicator_result.save", actor=pm).count() == 2


def test_text_in_a_numeric_field_is_refused():
    _plan, indicator, pm, _manager, _staff = _plan_with_quarters()
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=1, value="twelve")
    assert _field(excinfo) == "value"
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=1, value="")
    assert _field(excinfo) == "value"
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=1, value="-1")
    assert _field(excinfo) == "value"
    assert not IndicatorResult.objects.exists()


def test_a_breakdown_takes_whole_counts_of_known_categories():
    _plan, indicator, pm, _manager, _staff = _plan_with_quarters()
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=1, value="5",
                             breakdown={"martians": 3})
    assert _field(excinfo) == "breakdown"
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=1, value="5",
                             breakdown={"women": "2.5"})
    assert _field(excinfo) == "breakdown_women"
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=1, value="5",
                             breakdown={"women": "many"})
    assert _field(excinfo) == "breakdown_women"
    assert not IndicatorResult.objects.exists()


def test_a_percentage_takes_numerator_and_a_non_zero_denominator():
    _plan, indicator, pm, _manager, _staff = _plan_with_quarters(
        kind=IndicatorKind.PERCENTAGE, plans=(50, 60, 70, 80), target="80")
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=1, numerator="3",
                             denominator="0")
    assert _field(excinfo) == "denominator"
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=1, numerator="3")
    assert _field(excinfo) == "denominator"
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=1, numerator="5",
                             denominator="4")
    assert _field(excinfo) == "numerator"
    assert not IndicatorResult.objects.exists()
    result = domain.record_result(actor=pm, indicator=indicator, quarter=1, numerator="3",
                                  denominator="4", value="99")
    assert (result.numerator, result.denominator, result.value) == (
        Decimal("3.00"), Decimal("4.00"), None)


def test_a_level_is_a_whole_number_from_1_to_5():
    _plan, indicator, pm, _manager, _staff = _plan_with_quarters(
        kind=IndicatorKind.LEVEL, plans=(1, 2, 3, 4), target="5",
        level_definitions=["Plan", "Train", "Pilot", "Roll out", "Sustain"])
    for bad in ("6", "0", "2.5", "level two"):
        with pytest.raises(ValidationFailed) as excinfo:
            domain.record_result(actor=pm, indicator=indicator, quarter=1, value=bad)
        assert _field(excinfo) == "value", bad
    assert not IndicatorResult.objects.exists()
    assert domain.record_result(actor=pm, indicator=indicator, quarter=1,
                                value="2").value == Decimal("2.00")


def test_a_qualitative_result_needs_a_note():
    _plan, indicator, pm, _manager, _staff = _plan_with_quarters(
        kind=IndicatorKind.QUALITATIVE, plans=(None, None, None, None), target=None)
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=1, note="   ")
    assert _field(excinfo) == "note"
    result = domain.record_result(actor=pm, indicator=indicator, quarter=1, value="3",
                                  note="Teachers use the new material.")
    assert result.value is None and result.note == "Teachers use the new material."


@pytest.mark.parametrize("quarter", [0, 5, "x", None])
def test_a_quarter_outside_the_fiscal_year_is_refused(quarter):
    _plan, indicator, pm, _manager, _staff = _plan_with_quarters()
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=pm, indicator=indicator, quarter=quarter, value="1")
    assert _field(excinfo) == "quarter"
    assert not IndicatorResult.objects.exists()
    assert not QuarterlyReport.objects.exists()


def test_a_quarter_that_has_not_started_is_refused():
    staff = StaffFactory()
    future = YEAR + 2  # today falls before fiscal year 2571
    plan = organisation_plan(staff=staff, fiscal_year=future)
    indicator = plan.indicators.get()
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_result(actor=staff, indicator=indicator, quarter=1, value="1")
    assert _field(excinfo) == "quarter"
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_disbursement(actor=staff, budget_plan=plan.budget_plans.get(), quarter=1,
                                   disbursed="10")
    assert _field(excinfo) == "quarter"
    assert not IndicatorResult.objects.exists()
    assert not BudgetQuarter.objects.filter(disbursed__isnull=False).exists()


# --- disbursement and obstacles -----------------------------------------------------------------

def test_disbursement_above_the_budget_received_is_refused_and_changes_nothing():
    plan, pm, _manager = project_plan(approved_amount=Decimal("90000.00"))
    budget_plan = plan.budget_plans.get()
    domain.record_disbursement(actor=pm, budget_plan=budget_plan, quarter=1, disbursed="50000")
    with pytest.raises(ValidationFailed) as excinfo:
        domain.record_disbursement(actor=pm, budget_plan=budget_plan, quarter=2,
                                   disbursed="40000.01")
    assert _field(excinfo) == "disbursed"
    disbursed = dict(budget_plan.quarters.values_list("quarter", "disbursed"))
    assert disbursed[1] == Decimal("50000.00") and disbursed[2] is None
    # Correcting a quarter counts only its new figure.
    domain.record_disbursement(actor=pm, budget_plan=budget_plan, quarter=1, disbursed="90000")
    with pytest.raises(ValidationFailed):
        domain.record_disbursement(actor=pm, budget_plan=budget_plan, quarter=2, disbursed="1")
    row = domain.record_disbursement(actor=pm, budget_plan=budget_plan, quarter=1,
                                     disbursed="45000.5")
    assert row.disbursed == Decimal("45000.50")
    assert AuditEvent.objects.filter(action="disbursement.save").count() == 3


def test_disbursement_refuses_text_and_negative_amounts():
    plan, pm, _manager = project_plan()
    budget_plan = plan.budget_plans.get()
    for bad in ("lots", "-5", "1.234"):
        with pytest.raises(ValidationFailed) as excinfo:
            domain.record_disbursement(actor=pm, budget_plan=budget_plan, quarter=1,
                                       disbursed=bad)
        assert _field(excinfo) == "disbursed"
    assert not budget_plan.quarters.filter(disbursed__isnull=False).exists()


def test_obstacles_are_saved_per_programme_of_the_plan():
    plan, pm, _manager = project_plan()
    other_plan, _pm, _m = project_plan()
    report = domain.open_report(plan=plan, quarter=1)
    programme = plan.programmes.get()
    domain.save_obstacles(actor=pm, report=report, programme=programme,
                          problems=" Late venue booking ", fixes="Book earlier")
    domain.save_obstacles(actor=pm, report=report, programme=programme,
                          problems="Late venue booking", fixes="Book two months ahead")
    obstacle = Obstacle.objects.get()
    assert (obstacle.problems, obstacle.fixes) == ("Late venue booking", "Book two months ahead")
    with pytest.raises(ValidationFailed) as excinfo:
        domain.save_obstacles(actor=pm, report=report, programme=other_plan.programmes.get(),
                              problems="x", fixes="y")
    assert _field(excinfo) == "programme"


def test_evidence_is_attached_to_a_result_and_removed_while_editable():
    _plan, indicator, pm, _manager, _staff = _plan_with_quarters()
    result = domain.record_result(actor=pm, indicator=indicator, quarter=1, value="10")
    evidence = domain.add_evidence(actor=pm, result=result, upload=pdf_upload("sign-in.pdf"))
    assert evidence.original_name == "sign-in.pdf"
    assert evidence.content_type == "application/pdf"
    from tests.proposals.factories import exe_upload

    with pytest.raises(ValidationFailed) as excinfo:
        domain.add_evidence(actor=pm, result=result, upload=exe_upload("photo.pdf"))
    assert _field(excinfo) == "file"
    assert Evidence.objects.count() == 1
    domain.remove_evidence(actor=pm, evidence=evidence)
    assert not Evidence.objects.exists()
    assert {"evidence.add", "evidence.remove"} <= set(
        AuditEvent.objects.values_list("action", flat=True))


# --- the quarterly report -------------------------------------------------------------------------

def test_a_report_goes_draft_submitted_returned_submitted_accepted():
    plan, indicator, pm, manager, staff = _plan_with_quarters()
    other_staff = StaffFactory()
    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="10")
    report = domain.open_report(plan=plan, quarter=1)

    report = domain.submit_report(actor=pm, report=report)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == pm and report.submitted_at is not None
    staff_notes = Notification.objects.filter(kind="monitoring.report_submitted")
    assert set(staff_notes.values_list("user", flat=True)) >= {staff.pk, other_staff.pk}
    assert not staff_notes.filter(user=pm).exists()
    assert staff_notes.first().url == f"/monitoring/reports/{report.pk}/"

    # Submitted: the figures are locked until staff return the report.
    with pytest.raises(InvalidTransition):
        domain.record_result(actor=pm, indicator=indicator, quarter=1, value="11")
    with pytest.raises(InvalidTransition):
        domain.submit_report(actor=pm, report=report)

    with pytest.raises(ValidationFailed) as excinfo:
        domain.return_report(actor=staff, report=report, comment="  ")
    assert _field(excinfo) == "comment"
    report = domain.return_report(actor=staff, report=report, comment="Add the sign-in sheets.")
    assert report.status == ReportStatus.RETURNED
    assert (report.reviewed_by, report.review_comment) == (staff, "Add the sign-in sheets.")
    returned = Notification.objects.filter(kind="monitoring.report_returned")
    assert set(returned.values_list("user", flat=True)) == {pm.pk, manager.pk}
    with translation.override("en"):
        assert "Add the sign-in sheets." in returned.get(user=pm).text

    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="11")
    report = domain.submit_report(actor=manager, report=report)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == manager

    report = domain.accept_report(actor=staff, report=report)
    assert report.status == ReportStatus.ACCEPTED
    accepted = Notification.objects.filter(kind="monitoring.report_accepted")
    assert set(accepted.values_list("user", flat=True)) == {pm.pk, manager.pk}
    assert accepted.first().url == f"/monitoring/reports/{report.pk}/"
    actions = list(AuditEvent.objects.filter(object_type="monitoring.quarterlyreport",
                                             object_id=str(report.pk))
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["report.submit", "report.return", "report.submit", "report.accept"]


def test_an_accepted_report_is_locked():
    plan, indicator, pm, _manager, staff = _plan_with_quarters()
    result = domain.record_result(actor=pm, indicator=indicator, quarter=1, value="10")
    evidence = domain.add_evidence(actor=pm, result=result, upload=pdf_upload())
    report = domain.submit_report(actor=pm, report=domain.open_report(plan=plan, quarter=1))
    domain.accept_report(actor=staff, report=report)
    budget_plan = plan.budget_plans.get()
    with pytest.raises(InvalidTransition):
        domain.record_result(actor=pm, indicator=indicator, quarter=1, value="99")
    with pytest.raises(InvalidTransition):
        domain.record_result(actor=staff, indicator=indicator, quarter=1, value="99")
    with pytest.raises(InvalidTransition):
        domain.record_disbursement(actor=pm, budget_plan=budget_plan, quarter=1, disbursed="1")
    with pytest.raises(InvalidTransition):
        domain.save_obstacles(actor=pm, report=report, programme=plan.programmes.get(),
                              problems="x", fixes="y")
    with pytest.raises(InvalidTransition):
        domain.add_evidence(actor=pm, result=result, upload=pdf_upload())
    with pytest.raises(InvalidTransition):
        domain.remove_evidence(actor=pm, evidence=evidence)
    for action in (domain.accept_report, domain.submit_report):
        with pytest.raises(InvalidTransition):
            action(actor=staff, report=report)
    with pytest.raises(InvalidTransition):
        domain.return_report(actor=staff, report=report, comment="Too late")
    result.refresh_from_db()
    assert result.value == Decimal("10.00")
    assert Evidence.objects.count() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    # Other quarters stay open.
    domain.record_result(actor=pm, indicator=indicator, quarter=2, value="5")


def test_a_reported_quarter_keeps_its_budget_plan():
    plan, indicator, pm, _manager, staff = _plan_with_quarters()
    budget_plan = plan.budget_plans.get()
    domain.save_budget_plan(actor=staff, plan=plan, budget_plan=budget_plan,
                            name=budget_plan.name, received=budget_plan.received,
                            quarters={1: {"target_pct": "25", "planned": "1000"}})
    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="10")
    domain.submit_report(actor=pm, report=domain.open_report(plan=plan, quarter=1))

    def plans():
        return list(BudgetQuarter.objects.filter(budget_plan=budget_plan).order_by("quarter")
                    .values_list("quarter", "target_pct", "planned"))

    before = plans()
    for changed in ({"target_pct": "30", "planned": "1000"}, {"target_pct": "25", "planned": "9"},
                    {"target_pct": None, "planned": "1000"}):
        with pytest.raises(InvalidTransition):
            domain.save_budget_plan(actor=staff, plan=plan, budget_plan=budget_plan,
                                    name="renamed", received=budget_plan.received,
                                    quarters={1: changed, 2: {"target_pct": "50"}})
    assert plans() == before
    budget_plan.refresh_from_db()
    assert budget_plan.name != "renamed"
    # The same figures again (as a form sends every quarter) and other quarters may change.
    domain.save_budget_plan(actor=staff, plan=plan, budget_plan=budget_plan, name="renamed",
                            received=budget_plan.received,
                            quarters={1: {"target_pct": "25.00", "planned": "1000"},
                                      2: {"target_pct": "50", "planned": "2000"}})
    assert plans()[:2] == [(1, Decimal("25.00"), Decimal("1000.00")),
                           (2, Decimal("50.00"), Decimal("2000.00"))]


def test_staff_cannot_accept_or_return_a_draft():
    plan, _indicator, _pm, _manager, staff = _plan_with_quarters()
    report = domain.open_report(plan=plan, quarter=1)
    with pytest.raises(InvalidTransition):
        domain.accept_report(actor=staff, report=report)
    with pytest.raises(InvalidTransition):
        domain.return_report(actor=staff, report=report, comment="Why?")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert not Notification.objects.filter(kind__startswith="monitoring.").exists()


def test_a_report_with_missing_planned_results_cannot_be_submitted():
    plan, indicator, pm, _manager, _staff = _plan_with_quarters(plans=(10, None, 30, 40))
    report = domain.open_report(plan=plan, quarter=1)
    assert domain.missing_results(report) == [indicator]
    with pytest.raises(ValidationFailed) as excinfo:
        domain.submit_report(actor=pm, report=report)
    assert _field(excinfo) == "results"
    with translation.override("en"):
        assert indicator.name in str(excinfo.value.message)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.submitted_at is None
    assert not Notification.objects.filter(kind__startswith="monitoring.").exists()
    # Q2's plan is N/A: nothing is missing, the report may go without a result.
    q2 = domain.open_report(plan=plan, quarter=2)
    assert domain.missing_results(q2) == []
    assert domain.submit_report(actor=pm, report=q2).status == ReportStatus.SUBMITTED


def test_who_may_report_and_review():
    plan, indicator, pm, manager, staff = _plan_with_quarters()
    other_manager, _organisation = manager_of()
    committee = CommitteeFactory()
    budget_plan = plan.budget_plans.get()
    report = domain.open_report(plan=plan, quarter=1)
    for outsider in (other_manager, committee):
        with pytest.raises(PermissionDenied):
            domain.record_result(actor=outsider, indicator=indicator, quarter=1, value="1")
        with pytest.raises(PermissionDenied):
            domain.record_disbursement(actor=outsider, budget_plan=budget_plan, quarter=1,
                                       disbursed="1")
        with pytest.raises(PermissionDenied):
            domain.save_obstacles(actor=outsider, report=report, programme=indicator.programme,
                                  problems="x", fixes="y")
        with pytest.raises(PermissionDenied):
            domain.submit_report(actor=outsider, report=report)
    assert not IndicatorResult.objects.exists()

    # The project manager and the organisation's manager report; staff may too (row 13.2 all).
    domain.record_result(actor=pm, indicator=indicator, quarter=1, value="1")
    domain.record_result(actor=manager, indicator=indicator, quarter=1, value="2")
    domain.record_result(actor=staff, indicator=indicator, quarter=1, value="3")
    report = domain.submit_report(actor=pm, report=report)

    # Only staff review (row 13.3).
    for grantee in (pm, manager, other_manager, committee):
        with pytest.raises(PermissionDenied):
            domain.accept_report(actor=grantee, report=report)
        with pytest.raises(PermissionDenied):
            domain.return_report(actor=grantee, report=report, comment="Fine")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    domain.accept_report(actor=staff, report=report)


def test_a_project_manager_who_left_the_organisation_may_no_longer_report():
    from phonlap.organisations.models import Membership

    _plan, indicator, pm, _manager, _staff = _plan_with_quarters()
    Membership.objects.filter(user=pm).delete()
    with pytest.raises(PermissionDenied):
        domain.record_result(actor=pm, indicator=indicator, quarter=1, value="1")


def test_a_funds_own_plan_reports_to_its_creator():
    staff = StaffFactory()
    plan = organisation_plan(staff=staff)
    indicator = plan.indicators.get()
    _other_manager, _organisation = manager_of()
    domain.record_result(actor=staff, indicator=indicator, quarter=1, value="10")
    report = domain.submit_report(actor=staff, report=domain.open_report(plan=plan, quarter=1))
    reviewer = StaffFactory()
    domain.return_report(actor=reviewer, report=report, comment="Check the figure")
    assert list(Notification.objects.filter(kind="monitoring.report_returned")
                .values_list("user", flat=True)) == [staff.pk]
