"""Monitoring plan pages (spec 04): the list of plans, a plan as the Budget Bureau's form reads
(programmes → activities → indicators with plan, result and status per quarter and for the year
to date; the budget and disbursement table; the four quarterly reports), and the staff's forms
that build a plan (row 13.4).

Rows: 13.1 (view: project managers their own projects' plans, organisation managers their
organisations', staff and super users all) for the list and the plan; 13.4 (staff) for every
change. Plans are reached through ``queries.get_plan_for_user`` (the same 404 for missing and
forbidden); every change goes through ``domain``, whose refusals come back as form errors.

Decision where the spec is silent: the plan page shows the year "as at the end of" a quarter
(``?up_to=1..4``); by default the quarter the plan's fiscal year is in today (Q1 before the year
starts, Q4 after it ends). Results of later quarters are not shown then."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from phonlap.accounts.access import has_row, requires
from phonlap.core import audit, fiscal
from phonlap.core.exceptions import DomainError
from phonlap.core.pagination import page_of

from . import achievement, domain, plan_forms, queries, rules
from . import budget as budget_calc
from .enums import (
    EDITABLE_REPORT_STATES,
    REPORT_DUE_DAYS,
    AmountUnit,
    IndicatorKind,
    PlanLevel,
    ReportStatus,
    RollUp,
    Status,
)
from .models import Activity, Indicator, MonitoringPlan, QuarterlyReport
from .rules import DASHBOARD, MANAGE, VIEW

PAGE_SIZE = 25
DASH = "—"


def _ip(request):
    return audit.client_ip(request)


def _reverse_or_none(name: str, **kwargs) -> str | None:
    """The URL of a page another monitoring helper serves, or None while it does not exist."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


# --- display helpers ---------------------------------------------------------------------------

def number_display(value: Decimal | None) -> str:
    """``1,600`` / ``12.5`` / ``—``."""
    if value is None:
        return DASH
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):,f}"
    return f"{value.normalize():,f}"


def _rate_display(value: Decimal | None) -> str:
    rounded = achievement.round_percent(value)
    return DASH if rounded is None else f"{rounded:,f}"


def _status_display(status) -> str:
    return DASH if status is None else str(Status(str(status)).label)


def default_up_to(plan: MonitoringPlan, today=None) -> int:
    today = today or timezone.localdate()
    if today < fiscal.fiscal_year_start(plan.fiscal_year):
        return 1
    if today > fiscal.fiscal_year_end(plan.fiscal_year):
        return 4
    return fiscal.fiscal_quarter(today).quarter


def _up_to(request, plan: MonitoringPlan) -> int:
    try:
        value = int(str(request.GET.get("up_to", "")).strip())
    except (TypeError, ValueError):
        return default_up_to(plan)
    return value if value in fiscal.QUARTERS else default_up_to(plan)


def _quarters_header() -> list[dict]:
    months = fiscal.QUARTER_MONTHS_EN if plan_forms.language() == "en" \
        else fiscal.QUARTER_MONTHS_TH
    return [{"quarter": q, "months": months[q]} for q in fiscal.QUARTERS]


# --- list (row 13.1) ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanRow:
    plan: MonitoringPlan
    level: str
    holder: str  # organisation and project number, or "—" for a fund's own plan
    latest_report: str


def _latest_report(plan) -> str:
    if not plan.latest_report_status:
        return _("No report yet")
    return _("Quarter %(quarter)s: %(status)s") % {
        "quarter": plan.latest_report_quarter,
        "status": ReportStatus(plan.latest_report_status).label}


@requires(VIEW)
@require_GET
def plan_list(request):
    visible = queries.plans_for_user(request.user)
    years = sorted(set(visible.values_list("fiscal_year", flat=True)), reverse=True)
    form = plan_forms.PlanFilterForm(request.GET or None, years=years)
    valid = not form.is_bound or form.is_valid()
    plans = visible
    if not valid:
        plans = plans.none()
    elif form.is_bound:
        data = form.cleaned_data
        if data.get("fiscal_year"):
            plans = plans.filter(fiscal_year=data["fiscal_year"])
        if data.get("fund"):
            plans = plans.filter(fund=data["fund"])
        if data.get("level"):
            plans = plans.filter(level=data["level"])
    latest = QuarterlyReport.objects.filter(plan=OuterRef("pk")).order_by("-quarter")
    plans = plans.annotate(latest_report_status=Subquery(latest.values("status")[:1]),
                           latest_report_quarter=Subquery(latest.values("quarter")[:1]))
    page = page_of(Paginator(plans, PAGE_SIZE), request.GET.get("page"))
    rows = []
    for plan in page.object_list:
        project = plan.funded_project
        holder = f"{project.organisation.name} · {project.number}" if project else DASH
        rows.append(PlanRow(plan=plan, level=PlanLevel(plan.level).label, holder=holder,
                            latest_report=_latest_report(plan)))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "monitoring/plan_list.html", {
        "form": form, "form_valid": valid, "page": page, "rows": rows,
        "page_query": query.urlencode(),
        "can_create": has_row(request.user, MANAGE),
        "dashboard_url": _reverse_or_none("monitoring:dashboard")
        if has_row(request.user, DASHBOARD) else None,
    })


# --- the plan (row 13.1) -----------------------------------------------------------------------

@dataclass
class IndicatorLine:
    indicator: Indicator
    kind: str
    target: str
    plans: list[str]
    results: list[str]
    statuses: list[str]
    ytd_plan: str
    ytd_result: str
    ytd_status: str
    achievement: str
    rollup: str = ""
    edit_url: str | None = None


@dataclass
class Group:
    """Indicators of a programme as a whole (``activity`` None) or of one of its activities."""

    programme: object
    activity: Activity | None
    lines: list[IndicatorLine] = field(default_factory=list)


def _indicator_line(row: queries.IndicatorRow, up_to: int, rolled: dict[int, int],
                    can_manage: bool) -> IndicatorLine:
    indicator, figures, summary = row.indicator, row.figures, row.summary
    kind = indicator.kind
    percentage = kind == IndicatorKind.PERCENTAGE
    show = _rate_display if percentage else number_display
    notes = {r.quarter: r.note for r in indicator.results.all()}
    plans, results = [], []
    for quarter in fiscal.QUARTERS:
        planned = figures.quarters[quarter].plan
        plans.append(_("N/A") if planned is None else show(planned))
        if quarter > up_to:
            results.append(DASH)
        elif kind == IndicatorKind.QUALITATIVE:
            results.append(notes.get(quarter) or DASH)
        else:
            results.append(show(achievement.quarter_result(figures, quarter)))
    ytd_result = show(summary.ytd_result)
    if kind == IndicatorKind.CUMULATIVE and summary.running_total is not None:
        ytd_result = _("%(additions)s (total %(total)s)") % {
            "additions": ytd_result, "total": number_display(summary.running_total)}
    rollup = ""
    if indicator.rollup:
        rollup = _("%(how)s: %(count)s project indicators") % {
            "how": RollUp(indicator.rollup).label, "count": rolled.get(indicator.pk, 0)}
    return IndicatorLine(
        indicator=indicator, kind=IndicatorKind(kind).label,
        target=show(indicator.annual_target), plans=plans, results=results,
        statuses=[_status_display(summary.quarter_statuses.get(q)) for q in fiscal.QUARTERS],
        ytd_plan=show(summary.ytd_plan), ytd_result=ytd_result,
        ytd_status=_status_display(summary.ytd_status),
        achievement=achievement.percent_display(summary.achievement), rollup=rollup,
        edit_url=reverse("monitoring:indicator_edit", kwargs={"pk": indicator.pk})
        if can_manage else None)


def _groups(plan: MonitoringPlan, up_to: int, can_manage: bool) -> list[dict]:
    """Programmes in order, each with its indicators as a whole, then its activities with
    theirs (activities without indicators are listed too). Constant queries."""
    programmes = list(plan.programmes.all())
    activities = defaultdict(list)
    for activity in Activity.objects.filter(programme__plan=plan).order_by("order", "pk"):
        activities[activity.programme_id].append(activity)
    rows = queries.indicator_rows(plan, up_to)
    rolled = {row.indicator.pk: len(row.indicator.rolls_up.all()) for row in rows}  # prefetched
    by_group = defaultdict(list)
    for row in rows:
        by_group[(row.indicator.programme_id, row.indicator.activity_id)].append(
            _indicator_line(row, up_to, rolled, can_manage))
    result = []
    for programme in programmes:
        groups = [Group(programme, None, by_group.get((programme.pk, None), []))]
        groups += [Group(programme, activity, by_group.get((programme.pk, activity.pk), []))
                   for activity in activities[programme.pk]]
        result.append({"programme": programme, "groups": groups,
                       "count": sum(len(g.lines) for g in groups)})
    return result


@dataclass
class BudgetLine:
    quarter: int
    months: str
    target_pct: str
    target_amount: str
    planned: str
    planned_cumulative: str
    planned_pct: str
    disbursed: str
    disbursed_cumulative: str
    disbursed_pct: str


def _pct(value) -> str:
    return achievement.percent_display(value)


def _budget_block(row: budget_calc.BudgetPlanRow, unit: str, months: dict) -> dict:
    def amount(value):
        return budget_calc.format_amount(value, unit)

    lines = [BudgetLine(
        quarter=q.quarter, months=months[q.quarter], target_pct=_pct(q.target_pct),
        target_amount=amount(q.target_amount), planned=amount(q.planned),
        planned_cumulative=amount(q.planned_cumulative), planned_pct=_pct(q.planned_pct),
        disbursed=amount(q.disbursed), disbursed_cumulative=amount(q.disbursed_cumulative),
        disbursed_pct=_pct(q.disbursed_pct)) for q in row.quarters]
    return {"name": row.name, "received": amount(row.received), "lines": lines,
            "total_planned": amount(row.total_planned),
            "total_disbursed": amount(row.total_disbursed),
            "disbursed_pct": _pct(row.disbursed_pct)}


def _budget(plan: MonitoringPlan, up_to: int, can_manage: bool) -> dict:
    budget_plans = queries.budget_plans_of(plan)
    table = queries.budget_table(plan, up_to, budget_plans=budget_plans)
    unit = plan.amount_unit if plan.amount_unit in AmountUnit.values else AmountUnit.BAHT
    months = {q["quarter"]: q["months"] for q in _quarters_header()}
    blocks = []
    for budget_plan, row in zip(budget_plans, table.plans, strict=True):
        block = _budget_block(row, unit, months)
        block["edit_url"] = reverse("monitoring:budget_plan_edit",
                                    kwargs={"pk": budget_plan.pk}) if can_manage else None
        blocks.append(block)
    return {"plans": blocks, "summary": _budget_block(table.summary, unit, months)
            if blocks else None, "unit": AmountUnit(unit).label}


def _reports(plan: MonitoringPlan, can_report: bool) -> list[dict]:
    reports = queries.reports_of(plan)
    today = timezone.localdate()
    months = {q["quarter"]: q["months"] for q in _quarters_header()}
    rows = []
    for quarter in fiscal.QUARTERS:
        report = reports.get(quarter)
        due = report.due_on if report else fiscal.quarter_due_date(plan.fiscal_year, quarter,
                                                                   REPORT_DUE_DAYS)
        started = fiscal.quarter_start(plan.fiscal_year, quarter) <= today
        open_ = report is None or report.status in EDITABLE_REPORT_STATES
        rows.append({
            "quarter": quarter, "months": months[quarter], "report": report,
            "status": ReportStatus(report.status).label if report
            else (_("Not started") if started else _("Quarter not begun")),
            "due": due, "overdue": started and open_ and due < today,
            "report_url": _reverse_or_none("monitoring:report", pk=report.pk) if report else None,
            "quarter_url": _reverse_or_none("monitoring:quarter", pk=plan.pk, quarter=quarter)
            if can_report and started and open_ else None,
        })
    return rows


@requires(VIEW)
@require_GET
def plan_detail(request, pk):
    plan = queries.get_plan_for_user(request.user, pk)
    up_to = _up_to(request, plan)
    can_manage = rules.can_manage_plan(request.user, plan)
    can_report = rules.can_report_on_plan(request.user, plan)
    project = plan.funded_project
    return render(request, "monitoring/plan_detail.html", {
        "plan": plan, "project": project, "level": PlanLevel(plan.level).label,
        "amount_unit": AmountUnit(plan.amount_unit).label, "up_to": up_to,
        "up_to_choices": _quarters_header(), "quarters": _quarters_header(),
        "programmes": _groups(plan, up_to, can_manage),
        "budget": _budget(plan, up_to, can_manage),
        "reports": _reports(plan, can_report),
        "can_manage": can_manage, "can_report": can_report,
        "proposal_url": _reverse_or_none("proposals:detail", pk=project.proposal_id)
        if project and has_row(request.user, "2.2") else None,
        "dashboard_url": _reverse_or_none("monitoring:dashboard")
        if has_row(request.user, DASHBOARD) else None,
    })


# --- staff: building a plan (row 13.4) ---------------------------------------------------------

def _managed_plan(user, pk) -> MonitoringPlan:
    return queries.get_plan_for_user(user, pk, MANAGE)


def _form_page(request, template: str, context: dict):
    return render(request, f"monitoring/{template}", context)


@requires(MANAGE)
def plan_create(request):
    """A fund's own annual plan (organisation level). Project plans are made by the board's
    approval."""
    if request.method == "POST":
        form = plan_forms.PlanCreateForm(request.POST)
        if form.is_valid():
            try:
                plan = domain.create_plan(actor=request.user, ip=_ip(request),
                                          **form.domain_kwargs())
            except DomainError as error:
                form.apply_error(error)
            else:
                messages.success(request, _("The plan “%(name)s” was created.")
                                 % {"name": plan.name})
                return redirect("monitoring:plan", pk=plan.pk)
    else:
        form = plan_forms.PlanCreateForm(initial={
            "fiscal_year": fiscal.fiscal_year(timezone.localdate())})
    return _form_page(request, "plan_form.html", {
        "form": form, "plan": None, "title": _("Create an organisation plan"),
        "submit": _("Create the plan"), "cancel_url": reverse("monitoring:plans")})


@requires(MANAGE)
def programme_add(request, pk):
    plan = _managed_plan(request.user, pk)
    form = plan_forms.ProgrammeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.add_programme(actor=request.user, plan=plan, name=form.cleaned_data["name"],
                                 ip=_ip(request))
        except DomainError as error:
            form.apply_error(error)
        else:
            messages.success(request, _("The programme was added."))
            return redirect(reverse("monitoring:plan", kwargs={"pk": plan.pk}) + "#indicators")
    return _form_page(request, "plan_form.html", {
        "form": form, "plan": plan, "title": _("Add a programme"),
        "submit": _("Add the programme"),
        "cancel_url": reverse("monitoring:plan", kwargs={"pk": plan.pk})})


@requires(MANAGE)
def activity_add(request, pk):
    plan = _managed_plan(request.user, pk)
    form = plan_forms.ActivityForm(request.POST if request.method == "POST" else None, plan=plan,
                                   initial={"programme": request.GET.get("programme")})
    if request.method == "POST" and form.is_valid():
        try:
            domain.add_activity(actor=request.user, programme=form.cleaned_data["programme"],
                                name=form.cleaned_data["name"],
                                responsible_unit=form.cleaned_data["responsible_unit"],
                                ip=_ip(request))
        except DomainError as error:
            form.apply_error(error)
        else:
            messages.success(request, _("The project or activity was added."))
            return redirect(reverse("monitoring:plan", kwargs={"pk": plan.pk}) + "#indicators")
    return _form_page(request, "plan_form.html", {
        "form": form, "plan": plan, "title": _("Add a project or activity"),
        "submit": _("Add the project or activity"),
        "cancel_url": reverse("monitoring:plan", kwargs={"pk": plan.pk}),
        "missing": None if plan.programmes.exists()
        else _("Add a programme first: projects and activities belong to one.")})


def _indicator_page(request, plan: MonitoringPlan, indicator: Indicator | None):
    if request.method == "POST":
        form = plan_forms.IndicatorForm(request.POST, plan=plan, indicator=indicator)
        if form.is_valid():
            try:
                saved = domain.save_indicator(actor=request.user, plan=plan, indicator=indicator,
                                              ip=_ip(request), **form.domain_kwargs())
            except DomainError as error:
                form.apply_error(error)
            else:
                messages.success(request, _("The indicator “%(name)s” was saved.")
                                 % {"name": saved.name})
                return redirect(reverse("monitoring:plan", kwargs={"pk": plan.pk})
                                + f"#indicator-{saved.pk}")
    else:
        form = plan_forms.IndicatorForm(plan=plan, indicator=indicator,
                                        initial=None if indicator else {
                                            "programme": request.GET.get("programme"),
                                            "activity": request.GET.get("activity")})
    quarter_fields = [(form[f"q{q}_plan"], form[f"q{q}_na"]) for q in fiscal.QUARTERS]
    level_fields = [form[f"level_{level}"] for level in plan_forms.LEVELS]
    return _form_page(request, "plan_indicator_form.html", {
        "form": form, "plan": plan, "indicator": indicator,
        "quarter_fields": quarter_fields, "level_fields": level_fields,
        "rollup_fields": [form[name] for name in ("rollup", "rolls_up") if name in form.fields],
        "missing": None if plan.programmes.exists()
        else _("Add a programme first: indicators belong to one."),
        "cancel_url": reverse("monitoring:plan", kwargs={"pk": plan.pk}) + "#indicators"})


@requires(MANAGE)
def indicator_add(request, pk):
    return _indicator_page(request, _managed_plan(request.user, pk), None)


@requires(MANAGE)
def indicator_edit(request, pk):
    indicator = queries.get_indicator_for_user(request.user, pk)
    if not rules.can_manage_plan(request.user, indicator.plan):
        raise Http404
    return _indicator_page(request, indicator.plan, indicator)


def _budget_page(request, plan: MonitoringPlan, budget_plan):
    if request.method == "POST":
        form = plan_forms.BudgetPlanForm(request.POST, plan=plan, budget_plan=budget_plan)
        if form.is_valid():
            try:
                domain.save_budget_plan(actor=request.user, plan=plan, budget_plan=budget_plan,
                                        ip=_ip(request), **form.domain_kwargs())
            except DomainError as error:
                form.apply_error(error)
            else:
                messages.success(request, _("The budget plan was saved."))
                return redirect(reverse("monitoring:plan", kwargs={"pk": plan.pk}) + "#budget")
    else:
        form = plan_forms.BudgetPlanForm(plan=plan, budget_plan=budget_plan)
    quarter_fields = [(form[f"q{q}_target_pct"], form[f"q{q}_planned"]) for q in fiscal.QUARTERS]
    return _form_page(request, "plan_budget_form.html", {
        "form": form, "plan": plan, "budget_plan": budget_plan, "quarter_fields": quarter_fields,
        "amount_unit": AmountUnit(plan.amount_unit).label,
        "cancel_url": reverse("monitoring:plan", kwargs={"pk": plan.pk}) + "#budget"})


@requires(MANAGE)
def budget_plan_add(request, pk):
    return _budget_page(request, _managed_plan(request.user, pk), None)


@requires(MANAGE)
def budget_plan_edit(request, pk):
    budget_plan = queries.get_budget_plan_for_user(request.user, pk)
    if not rules.can_manage_plan(request.user, budget_plan.plan):
        raise Http404
    return _budget_page(request, budget_plan.plan, budget_plan)
