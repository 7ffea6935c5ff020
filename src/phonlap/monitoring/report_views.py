"""Quarterly reporting pages (spec 04, rows 13.1–13.3): entering one quarter's results,
disbursement and obstacles; the report's summary with its submit / return / accept steps; the
staff list of reports awaiting review or overdue; evidence downloads.

Objects are reached through the access functions of ``queries`` (the same 404 for missing and
forbidden); writes go through ``domain``; templates get booleans, never permission logic.

The quarter page opens the quarter's draft report on GET when the viewer may report on the plan
(row 13.2) and the quarter has begun; a viewer who may only read (13.1) never creates a row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phonlap.accounts.access import requires
from phonlap.core import audit, fiscal
from phonlap.core.exceptions import DomainError, ValidationFailed

from . import achievement, budget, domain, queries, rules
from .enums import EDITABLE_REPORT_STATES, AmountUnit, ReportStatus, Status
from .models import Evidence, MonitoringPlan, Obstacle, QuarterlyReport
from .report_forms import (
    AcceptForm,
    DisbursementForm,
    ObstacleForm,
    ReportFilterForm,
    ResultForm,
    ReturnForm,
)

EDIT_METHODS = ["GET", "POST"]


def _ip(request):
    return audit.client_ip(request)


def _quarter_months(quarter: int) -> str:
    months = fiscal.QUARTER_MONTHS_TH if (get_language() or "th").startswith("th") \
        else fiscal.QUARTER_MONTHS_EN
    return months[quarter]


def _plan_url(plan: MonitoringPlan) -> str | None:
    """The plan's page (built by the plan pages), if it is routed."""
    try:
        return reverse("monitoring:plan", kwargs={"pk": plan.pk})
    except NoReverseMatch:
        return None


def _quarter_started(plan: MonitoringPlan, quarter: int) -> bool:
    return fiscal.quarter_start(plan.fiscal_year, quarter) <= timezone.localdate()


def _status_label(status) -> str:
    return Status(str(status)).label if status else "—"


def _amount(value, unit: str) -> str:
    return budget.format_amount(value, unit if unit in budget.UNITS else AmountUnit.BAHT)


# --- the quarter's entry page (13.1 to read, 13.2 to enter) --------------------------------------

@dataclass
class IndicatorEntry:
    indicator: Any
    planned: Any
    result: Any
    evidence: list
    form: ResultForm


@dataclass
class ProgrammeEntry:
    programme: Any
    indicators: list[IndicatorEntry] = field(default_factory=list)
    obstacle: Obstacle | None = None
    obstacle_form: ObstacleForm | None = None


@dataclass
class BudgetEntry:
    budget_plan: Any
    received: str
    planned: str
    disbursed: str
    form: DisbursementForm


class _Rollback(Exception):
    """Raised inside the page's transaction when any part failed: nothing is kept."""


def _entries(plan, quarter, report, data=None, files=None):
    indicators = queries.indicators_with_figures(plan, evidence=True)
    programmes = {p.pk: ProgrammeEntry(p) for p in plan.programmes.all()}
    obstacles = {o.programme_id: o for o in report.obstacles.all()} if report else {}
    for indicator in indicators:
        planned = next((t.planned for t in indicator.quarter_targets.all()
                        if t.quarter == quarter), None)
        result = next((r for r in indicator.results.all() if r.quarter == quarter), None)
        evidence = list(result.evidence.all()) if result else []
        form = ResultForm(data, files, indicator=indicator, result=result, evidence=evidence)
        entry = programmes.get(indicator.programme_id)
        if entry is None:  # pragma: no cover - an indicator always has its plan's programme
            entry = programmes.setdefault(indicator.programme_id,
                                          ProgrammeEntry(indicator.programme))
        entry.indicators.append(IndicatorEntry(indicator, planned, result, evidence, form))
    for entry in programmes.values():
        entry.obstacle = obstacles.get(entry.programme.pk)
        entry.obstacle_form = ObstacleForm(data, programme=entry.programme,
                                           obstacle=entry.obstacle)
    unit = plan.amount_unit
    budgets = []
    for budget_plan in queries.budget_plans_of(plan):
        row = next((q for q in budget_plan.quarters.all() if q.quarter == quarter), None)
        disbursed = row.disbursed if row else None
        budgets.append(BudgetEntry(
            budget_plan, _amount(budget_plan.received, unit),
            _amount(row.planned if row else None, unit), _amount(disbursed, unit),
            DisbursementForm(data, budget_plan=budget_plan, disbursed=disbursed, unit=unit)))
    return list(programmes.values()), budgets


def _error_summary(programmes, budgets) -> list[dict]:
    """Every error on the page, each linking to its field (or its fieldset)."""
    items = []

    def add(form, anchor_fieldset: str, heading: str):
        for error in form.non_field_errors():
            items.append({"href": f"#{anchor_fieldset}", "text": f"{heading}: {error}"})
        for bound in form:
            for error in bound.errors:
                anchor = bound.id_for_label or f"{bound.auto_id}_0"
                items.append({"href": f"#{anchor}", "text": f"{heading} – {bound.label}: {error}"})

    for entry in programmes:
        for item in entry.indicators:
            add(item.form, f"indicator-{item.indicator.pk}", item.indicator.name)
        add(entry.obstacle_form, f"programme-{entry.programme.pk}", entry.programme.name)
    for entry in budgets:
        add(entry.form, f"budget-{entry.budget_plan.pk}", entry.budget_plan.name)
    return items


def _error_to(form, error: DomainError, name: str | None = None) -> None:
    form.add_error(name if name in form.fields else None, str(error.message))


def _save(request, plan, quarter, programmes, budgets) -> tuple[bool, int]:
    """Every changed part through the domain, in one transaction: any failure keeps nothing.
    Returns (saved, number of parts changed)."""
    actor, ip = request.user, _ip(request)
    valid = all([item.form.is_valid() for e in programmes for item in e.indicators]
                + [e.obstacle_form.is_valid() for e in programmes]
                + [b.form.is_valid() for b in budgets])
    if not valid:
        return False, 0
    saved_files: list[Evidence] = []
    changes = 0
    try:
        with transaction.atomic():
            failed = False
            report = domain.open_report(plan=plan, quarter=quarter)
            for entry in programmes:
                for item in entry.indicators:
                    failed |= not _save_indicator(item, actor, quarter, ip, saved_files)
                    changes += bool(item.form.changed_data)
                form = entry.obstacle_form
                if form.has_changed():
                    changes += 1
                    try:
                        domain.save_obstacles(actor=actor, report=report,
                                              programme=entry.programme,
                                              problems=form.cleaned_data["problems"],
                                              fixes=form.cleaned_data["fixes"], ip=ip)
                    except DomainError as error:
                        _error_to(form, error, error.field)
                        failed = True
            for entry in budgets:
                form = entry.form
                if not form.has_changed():
                    continue
                changes += 1
                try:
                    domain.record_disbursement(actor=actor, budget_plan=entry.budget_plan,
                                               quarter=quarter,
                                               disbursed=form.cleaned_data["disbursed"], ip=ip)
                except DomainError as error:
                    _error_to(form, error, "disbursed" if error.field == "disbursed" else None)
                    failed = True
            if failed:
                raise _Rollback
    except _Rollback:
        for evidence in saved_files:  # the rows are gone; so must their files be
            evidence.file.storage.delete(evidence.file.name)
        for entry in programmes:
            for item in entry.indicators:
                if item.form.cleaned_data.get("file") and "file" not in item.form.errors:
                    item.form.add_error("file", _("Nothing was saved: choose the file again."))
        return False, changes
    return True, changes


def _save_indicator(item: IndicatorEntry, actor, quarter, ip, saved_files) -> bool:
    form = item.form
    result = item.result
    try:
        if form.figures_changed:
            result = domain.record_result(actor=actor, indicator=item.indicator,
                                          quarter=quarter, ip=ip, **form.result_arguments())
        removing = set(form.cleaned_data.get("remove") or [])
        for evidence in item.evidence:
            if str(evidence.pk) in removing:
                domain.remove_evidence(actor=actor, evidence=evidence, ip=ip)
        upload = form.cleaned_data.get("file")
        if upload:
            if result is None:
                raise ValidationFailed(_("Enter the result before adding evidence."),
                                       field="file")
            saved_files.append(domain.add_evidence(actor=actor, result=result, upload=upload,
                                                   ip=ip))
    except DomainError as error:
        _error_to(form, error, form.field_for(error.field))
        return False
    return True


@requires("13.1")
@require_http_methods(EDIT_METHODS)
def quarter(request, pk, quarter):
    plan = queries.get_plan_for_user(request.user, pk)
    if quarter not in fiscal.QUARTERS:
        raise Http404
    may_report = rules.can_report_on_plan(request.user, plan)
    started = _quarter_started(plan, quarter)
    if may_report and started:
        report = domain.open_report(plan=plan, quarter=quarter)
    else:
        report = plan.reports.filter(quarter=quarter).first()
    editable = may_report and started and report is not None \
        and report.status in EDITABLE_REPORT_STATES
    if request.method == "POST":
        if not may_report:
            raise Http404
        if not editable:
            messages.error(request, _("This quarter has not started yet.") if not started
                           else _("This quarter's report can no longer be changed."))
            return redirect("monitoring:quarter", pk=plan.pk, quarter=quarter)
        programmes, budgets = _entries(plan, quarter, report, request.POST, request.FILES)
        saved, changes = _save(request, plan, quarter, programmes, budgets)
        if saved:
            messages.success(request, _("Saved.") if changes else _("Nothing was changed."))
            return redirect("monitoring:quarter", pk=plan.pk, quarter=quarter)
    else:
        programmes, budgets = _entries(plan, quarter, report)
    errors = _error_summary(programmes, budgets) if request.method == "POST" else []
    context = {
        "plan": plan, "quarter": quarter, "months": _quarter_months(quarter), "report": report,
        "report_status": ReportStatus(report.status).label if report else _("Not started"),
        "programmes": programmes, "budgets": budgets, "editable": editable,
        "started": started, "starts_on": fiscal.quarter_start(plan.fiscal_year, quarter),
        "may_report": may_report, "errors": errors, "plan_url": _plan_url(plan),
        "amount_unit": AmountUnit(plan.amount_unit).label,
        "quarters": [(q, _quarter_months(q)) for q in fiscal.QUARTERS],
    }
    return render(request, "monitoring/quarter_entry.html", context, status=200)


# --- evidence download (13.1) ---------------------------------------------------------------------

@requires("13.1")
@require_GET
def evidence(request, pk):
    """A private file, only through the access function; always downloaded, never shown
    inline; the read is logged."""
    item = queries.get_evidence_for_user(request.user, pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    audit.sensitive_read(actor=request.user, action="monitoring.evidence_download", obj=item,
                         ip=_ip(request), result=item.result_id)
    response = FileResponse(handle, as_attachment=True, filename=item.original_name,
                            content_type=item.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the report's summary and its steps ----------------------------------------------------------

def _indicator_lines(plan, quarter):
    lines = []
    for row in queries.indicator_rows(plan, up_to=quarter):
        figures, summary = row.figures, row.summary
        this_quarter = figures.quarters.get(quarter)
        lines.append({
            "indicator": row.indicator,
            "target": row.indicator.annual_target,
            "planned": this_quarter.plan if this_quarter else None,
            "result": achievement.quarter_result(figures, quarter),
            "status": _status_label(summary.quarter_statuses.get(quarter)),
            "ytd_plan": summary.ytd_plan, "ytd_result": summary.ytd_result,
            "ytd_status": _status_label(summary.ytd_status),
            "achievement": achievement.percent_display(summary.achievement),
            "note": next((r.note for r in row.indicator.results.all() if r.quarter == quarter),
                         ""),
        })
    return lines


def _budget_lines(plan, quarter):
    table = queries.budget_table(plan, up_to=quarter)
    unit = plan.amount_unit

    def line(row, name):
        q = row.quarters[quarter - 1]
        return {
            "name": name, "received": _amount(row.received, unit),
            "target_pct": achievement.percent_display(q.target_pct),
            "target_amount": _amount(q.target_amount, unit),
            "planned_cumulative": _amount(q.planned_cumulative, unit),
            "disbursed": _amount(q.disbursed, unit),
            "disbursed_cumulative": _amount(q.disbursed_cumulative, unit),
            "disbursed_pct": achievement.percent_display(q.disbursed_pct),
        }

    lines = [line(row, row.name) for row in table.plans]
    total = line(table.summary, _("Total")) if len(table.plans) > 1 else None
    return lines, total


def _report_context(request, report) -> dict:
    plan = report.plan
    quarter = report.quarter
    user = request.user
    budget_lines, budget_total = _budget_lines(plan, quarter)
    obstacles = list(report.obstacles.select_related("programme"))
    return {
        "report": report, "plan": plan, "quarter": quarter, "months": _quarter_months(quarter),
        "status": ReportStatus(report.status).label,
        "lines": _indicator_lines(plan, quarter),
        "budget_lines": budget_lines, "budget_total": budget_total,
        "amount_unit": AmountUnit(plan.amount_unit).label,
        "obstacles": obstacles, "plan_url": _plan_url(plan),
        "overdue": report.status in EDITABLE_REPORT_STATES
        and report.due_on < timezone.localdate(),
        "can_edit": rules.can_report_on_plan(user, plan)
        and report.status in EDITABLE_REPORT_STATES,
        "can_submit": rules.can_report_on_plan(user, plan)
        and report.status in EDITABLE_REPORT_STATES,
        "can_review": rules.can_review_reports(user, plan)
        and report.status == ReportStatus.SUBMITTED,
    }


@requires("13.1")
@require_GET
def report(request, pk):
    report = queries.get_report_for_user(request.user, pk)
    return render(request, "monitoring/report_detail.html", _report_context(request, report))


def _reachable(request, pk, predicate):
    report = queries.get_report_for_user(request.user, pk)
    if not predicate(request.user, report.plan):
        raise Http404
    return report


@requires("13.2")
@require_http_methods(EDIT_METHODS)
def report_submit(request, pk):
    report = _reachable(request, pk, rules.can_report_on_plan)
    error = None
    if request.method == "POST":
        try:
            domain.submit_report(actor=request.user, report=report, ip=_ip(request))
        except DomainError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("The report was submitted to the fund staff."))
            return redirect("monitoring:report", pk=report.pk)
    possible = report.status in EDITABLE_REPORT_STATES
    missing = domain.missing_results(report) if possible else []
    return render(request, "monitoring/report_submit.html", {
        "report": report, "plan": report.plan, "months": _quarter_months(report.quarter),
        "status": ReportStatus(report.status).label, "possible": possible,
        "missing": missing, "error": error,
        "not_started": not _quarter_started(report.plan, report.quarter),
    })


def _review_step(request, pk, form_class, action, template, success):
    report = _reachable(request, pk, rules.can_review_reports)
    form = form_class(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            action(actor=request.user, report=report, comment=form.cleaned_data["comment"],
                   ip=_ip(request))
        except ValidationFailed as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, str(exc.message))
            else:
                error = str(exc.message)
        except DomainError as exc:
            error = str(exc.message)
        else:
            messages.success(request, success)
            return redirect("monitoring:report", pk=report.pk)
    return render(request, template, {
        "report": report, "plan": report.plan, "months": _quarter_months(report.quarter),
        "status": ReportStatus(report.status).label, "form": form, "error": error,
        "possible": report.status == ReportStatus.SUBMITTED,
    })


@requires("13.3")
@require_http_methods(EDIT_METHODS)
def report_return(request, pk):
    return _review_step(request, pk, ReturnForm, domain.return_report,
                        "monitoring/report_return.html",
                        _("The report was returned to the grantee with your comment."))


@requires("13.3")
@require_http_methods(EDIT_METHODS)
def report_accept(request, pk):
    return _review_step(request, pk, AcceptForm, domain.accept_report,
                        "monitoring/report_accept.html",
                        _("The report was accepted. Its figures are now locked."))


# --- the staff list (13.3) ---------------------------------------------------------------------

def _filtered(queryset, form):
    if form.is_valid():
        if form.cleaned_data.get("fiscal_year"):
            queryset = queryset.filter(plan__fiscal_year=form.cleaned_data["fiscal_year"])
        if form.cleaned_data.get("fund"):
            queryset = queryset.filter(plan__fund=form.cleaned_data["fund"])
    return queryset


@requires("13.3")
@require_GET
def report_list(request):
    today = timezone.localdate()
    plans = queries.plans_for_user(request.user, rules.REVIEW)
    years = sorted(set(plans.values_list("fiscal_year", flat=True)), reverse=True)
    form = ReportFilterForm(request.GET or None, years=years)
    reports = _filtered(
        QuarterlyReport.objects.filter(plan__in=plans).select_related(
            "plan", "plan__fund", "plan__funded_project__organisation", "submitted_by"),
        form)
    listed = list(reports.filter(Q(status=ReportStatus.SUBMITTED)
                                 | Q(status__in=EDITABLE_REPORT_STATES, due_on__lt=today))
                  .order_by("due_on", "pk"))
    awaiting = [r for r in listed if r.status == ReportStatus.SUBMITTED]
    overdue = [r for r in listed if r.status != ReportStatus.SUBMITTED]
    for item in listed:
        item.status_label = ReportStatus(item.status).label
        item.months = _quarter_months(item.quarter)
        item.days_late = (today - item.due_on).days if item.due_on < today else 0
    return render(request, "monitoring/report_list.html", {
        "form": form, "awaiting": awaiting, "overdue": overdue,
        "form_valid": form.is_valid() or not request.GET, "today": today,
    })

