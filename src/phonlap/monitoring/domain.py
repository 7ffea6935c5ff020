"""Writes of the monitoring module (spec 04). Each operation checks the permission (rows
13.1–13.5, see ``rules``) and the report's state, runs in one transaction, writes the audit
trail and notifies after commit.

Review calls :func:`start_funded_project` when the board approves (review → monitoring, never
the reverse); it seeds the project's monitoring plan from the approved revision."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from phonlap.core import audit, fiscal
from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.core.notifications import notify
from phonlap.proposals import content as proposal_content
from phonlap.proposals.domain import manager_users, staff_users
from phonlap.proposals.models import Proposal, ProposalRevision

from . import budget as budget_calc
from . import rules, statuses
from .enums import (
    ALLOWED_REPORT_TRANSITIONS,
    EDITABLE_REPORT_STATES,
    REPORT_DUE_DAYS,
    AmountUnit,
    BeneficiaryCategory,
    IndicatorKind,
    PlanLevel,
    ReportStatus,
    RollUp,
)
from .models import (
    Activity,
    BudgetPlan,
    BudgetQuarter,
    FundedProject,
    Indicator,
    IndicatorResult,
    MonitoringPlan,
    Obstacle,
    Programme,
    QuarterlyReport,
    QuarterTarget,
)

MAX_AMOUNT = Decimal("99999999999999.99")
MAX_LEVEL = 5


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# --- input ---------------------------------------------------------------------------------------

def parse_decimal(value, *, field: str, minimum: Decimal | None = Decimal(0),
                  maximum: Decimal = MAX_AMOUNT) -> Decimal | None:
    """A number typed or sent (thousands separators allowed), or None when empty. Text, too many
    decimals or a value out of range is refused with a message naming the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("Enter a number."), field=field) from None
    if not number.is_finite():
        raise ValidationFailed(_("Enter a number."), field=field)
    if abs(number) > maximum or abs(number) > MAX_AMOUNT:
        # Checked before quantizing: 1e999 cannot be quantized (InvalidOperation).
        raise ValidationFailed(_("This number is too large."), field=field)
    if number != number.quantize(Decimal("0.01")):
        raise ValidationFailed(_("Enter at most two decimal places."), field=field)
    if minimum is not None and number < minimum:
        raise ValidationFailed(_("Enter a number that is not negative."), field=field)
    if number > maximum:
        raise ValidationFailed(_("This number is too large."), field=field)
    return number.quantize(Decimal("0.01"))


def _check_quarter(plan: MonitoringPlan, quarter) -> int:
    try:
        quarter = int(quarter)
    except (TypeError, ValueError):
        quarter = 0
    if quarter not in fiscal.QUARTERS:
        raise ValidationFailed(
            _("Choose a quarter from 1 to 4 of fiscal year %(year)s.") % {"year": plan.fiscal_year},
            field="quarter")
    return quarter


def _check_started(plan: MonitoringPlan, quarter: int) -> None:
    """Results and disbursement are reported for quarters that have begun."""
    if fiscal.quarter_start(plan.fiscal_year, quarter) > timezone.localdate():
        raise ValidationFailed(
            _("Quarter %(quarter)s of fiscal year %(year)s has not started yet.")
            % {"quarter": quarter, "year": plan.fiscal_year}, field="quarter")


def _require(predicate, actor, plan) -> None:
    if not predicate(actor, plan):
        raise PermissionDenied()


# --- the funded project and its plan ------------------------------------------------------------

@transaction.atomic
def start_funded_project(*, actor, proposal: Proposal, revision: ProposalRevision,
                         approved_amount: Decimal, signed_off_on: datetime.date,
                         ip: str | None = None) -> FundedProject:
    """Create the funded project of an approved revision, and its monitoring plan. Called inside
    the review's approval transaction, which has already checked the permission (row 8) and
    locked the proposal; a proposal has at most one funded project (the one-to-one key)."""
    section2 = (revision.content or {}).get("section2") or {}
    project = FundedProject.objects.create(
        proposal=proposal, revision=revision, fund_id=proposal.fund_id,
        organisation_id=proposal.organisation_id, number=proposal.number,
        name=revision.name or proposal.name, approved_amount=approved_amount,
        signed_off_on=signed_off_on, period_start=_date(section2.get("period_start")),
        period_end=_date(section2.get("period_end")), created_by=actor,
    )
    audit.state_change(actor=actor, action="funded_project.start", obj=project, ip=ip,
                       proposal=proposal.number, revision=revision.number,
                       approved_amount=str(approved_amount))
    _seed_project_plan(actor=actor, project=project, section2=section2, ip=ip)
    return project


def _steps_as_activities(programme: Programme, section2: Mapping) -> list[Activity]:
    activities = []
    steps = section2.get("steps") if isinstance(section2.get("steps"), list) else []
    for order, step in enumerate((s for s in steps if isinstance(s, Mapping)), start=1):
        totals = proposal_content.step_totals(step)
        activities.append(Activity(
            programme=programme, order=order, name=str(step.get("name") or "")[:500] or "-",
            budget=totals.budget, starts_on=totals.start, ends_on=totals.end))
    return Activity.objects.bulk_create(activities)


def _planned_by_quarter(plan: MonitoringPlan, activities: list[Activity], received: Decimal,
                        requested: Decimal) -> dict[int, Decimal]:
    """The received budget spread over the quarters in which the activities start (scaled from
    the requested to the approved amount; activities outside the year fall in Q1 or Q4). The
    last planned quarter takes the rounding remainder, so the quarters sum to ``received``."""
    by_quarter = {q: Decimal(0) for q in fiscal.QUARTERS}
    for activity in activities:
        start = activity.starts_on or fiscal.fiscal_year_start(plan.fiscal_year)
        start = min(max(start, fiscal.fiscal_year_start(plan.fiscal_year)),
                    fiscal.fiscal_year_end(plan.fiscal_year))
        by_quarter[fiscal.fiscal_quarter(start).quarter] += activity.budget or Decimal(0)
    if not requested or not any(by_quarter.values()):
        by_quarter = {1: Decimal(0), 2: Decimal(0), 3: Decimal(0), 4: received}
        return by_quarter
    scaled = {q: (amount * received / requested).quantize(Decimal("0.01"))
              for q, amount in by_quarter.items()}
    last = max(q for q, amount in by_quarter.items() if amount)
    scaled[last] += received - sum(scaled.values())
    return scaled


@transaction.atomic
def seed_project_plan(*, actor, project: FundedProject, section2: Mapping,
                      ip: str | None = None) -> MonitoringPlan:
    """A further plan of a funded project (row 13.4), seeded like the first from ``section2``
    (the approved revision's, its dates in the year wanted): refused if the project already
    has a plan for that fiscal year."""
    if not rules.can_plan_project(actor, project):
        raise PermissionDenied()
    year = fiscal.fiscal_year(project.period_start or project.signed_off_on)
    if project.plans.filter(fiscal_year=year).exists():
        raise InvalidTransition(_("This project already has a plan for fiscal year %(year)s.")
                                % {"year": year})
    return _seed_project_plan(actor=actor, project=project, section2=section2, ip=ip)


def _seed_project_plan(*, actor, project: FundedProject, section2: Mapping,
                       ip: str | None = None) -> MonitoringPlan:
    """The approved revision becomes the project's plan for the fiscal year it starts in: one
    programme (the project), its steps as activities, its indicators (count per period, the
    annual target from the proposal; quarterly plans are set afterwards), one budget plan with
    the approved amount as the budget received."""
    year = fiscal.fiscal_year(project.period_start or project.signed_off_on)
    responsible = section2.get("responsible_unit")
    plan = MonitoringPlan.objects.create(
        level=PlanLevel.PROJECT, fund_id=project.fund_id, funded_project=project,
        fiscal_year=year, name=project.name,
        responsible_unit=str((responsible or {}).get("name") or "")[:300]
        if isinstance(responsible, Mapping) else "",
        created_by=actor)
    programme = Programme.objects.create(plan=plan, order=1, name=project.name)
    activities = _steps_as_activities(programme, section2)
    indicators = section2.get("indicators") if isinstance(section2.get("indicators"), list) else []
    Indicator.objects.bulk_create([
        Indicator(plan=plan, programme=programme, order=order,
                  name=str(item.get("name") or "")[:500] or "-",
                  unit=str(item.get("unit") or "")[:50], kind=IndicatorKind.COUNT,
                  annual_target=_safe_decimal(item.get("target_value")))
        for order, item in enumerate((i for i in indicators if isinstance(i, Mapping)), start=1)
    ])
    budget_plan = BudgetPlan.objects.create(plan=plan, order=1, name=project.name,
                                            received=project.approved_amount)
    requested = _safe_decimal(section2.get("requested_budget")) or sum(
        (a.budget or Decimal(0) for a in activities), Decimal(0))
    planned = _planned_by_quarter(plan, activities, project.approved_amount, requested)
    cumulative = Decimal(0)
    quarters = []
    for quarter in fiscal.QUARTERS:
        cumulative += planned[quarter]
        pct = (cumulative * 100 / project.approved_amount).quantize(Decimal("0.01")) \
            if project.approved_amount else None
        quarters.append(BudgetQuarter(budget_plan=budget_plan, quarter=quarter,
                                      target_pct=min(pct, Decimal(100)) if pct is not None else None,
                                      planned=planned[quarter]))
    BudgetQuarter.objects.bulk_create(quarters)
    audit.state_change(actor=actor, action="monitoring_plan.seed", obj=plan, ip=ip,
                       project=project.number, fiscal_year=year)
    return plan


def _safe_decimal(value) -> Decimal | None:
    try:
        return parse_decimal(value, field="value")
    except ValidationFailed:
        return None


# --- plans, indicators and budget plans (row 13.4) ----------------------------------------------

def _may_manage_any(actor) -> bool:
    probe = MonitoringPlan(level=PlanLevel.ORGANISATION)
    return rules.can_manage_plan(actor, probe)


@transaction.atomic
def create_plan(*, actor, fund, fiscal_year: int, name: str, responsible_unit: str = "",
                amount_unit: str = AmountUnit.BAHT, ip: str | None = None) -> MonitoringPlan:
    """A fund's (office's) own annual plan for a fiscal year (B.E.); its amounts are shown in
    baht or in millions of baht (stored in baht either way)."""
    if not _may_manage_any(actor):
        raise PermissionDenied()
    if amount_unit not in AmountUnit.values:
        raise ValidationFailed(_("Choose baht or millions of baht."), field="amount_unit")
    try:
        fiscal_year = int(fiscal_year)
    except (TypeError, ValueError):
        fiscal_year = 0
    if not 2500 <= fiscal_year <= 2700:
        raise ValidationFailed(_("Enter a fiscal year in the Buddhist Era, e.g. 2570."),
                               field="fiscal_year")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Enter the plan's name."), field="name")
    if MonitoringPlan.objects.filter(fund=fund, fiscal_year=fiscal_year, name=name,
                                     funded_project__isnull=True).exists():
        raise ValidationFailed(_("This fund already has a plan of that name for the year."),
                               field="name")
    plan = MonitoringPlan.objects.create(
        level=PlanLevel.ORGANISATION, fund=fund, fiscal_year=fiscal_year, name=name[:500],
        responsible_unit=(responsible_unit or "").strip()[:300], amount_unit=amount_unit,
        created_by=actor)
    audit.state_change(actor=actor, action="monitoring_plan.create", obj=plan, ip=ip,
                       fiscal_year=fiscal_year)
    return plan


@transaction.atomic
def add_programme(*, actor, plan: MonitoringPlan, name: str, ip: str | None = None) -> Programme:
    _require(rules.can_manage_plan, actor, plan)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Enter the programme's name."), field="name")
    order = plan.programmes.count() + 1
    programme = Programme.objects.create(plan=plan, order=order, name=name[:500])
    audit.state_change(actor=actor, action="monitoring_plan.add_programme", obj=plan, ip=ip,
                       programme=programme.pk)
    return programme


@transaction.atomic
def add_activity(*, actor, programme: Programme, name: str, responsible_unit: str = "",
                 ip: str | None = None) -> Activity:
    _require(rules.can_manage_plan, actor, programme.plan)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Enter the project or activity's name."), field="name")
    activity = Activity.objects.create(programme=programme, order=programme.activities.count() + 1,
                                       name=name[:500],
                                       responsible_unit=(responsible_unit or "").strip()[:300])
    audit.state_change(actor=actor, action="monitoring_plan.add_activity",
                       obj=programme.plan, ip=ip, activity=activity.pk)
    return activity


def _locked_quarters(plan: MonitoringPlan) -> set[int]:
    return set(plan.reports.exclude(status__in=EDITABLE_REPORT_STATES)
               .values_list("quarter", flat=True))


def _check_level_definitions(definitions) -> list[str]:
    if definitions in (None, ""):
        return []
    if not isinstance(definitions, list) or len(definitions) > MAX_LEVEL \
            or not all(isinstance(d, str) for d in definitions):
        raise ValidationFailed(_("Give at most five level definitions, one per level."),
                               field="level_definitions")
    return [d.strip()[:1000] for d in definitions]


@transaction.atomic
def save_indicator(*, actor, plan: MonitoringPlan, indicator: Indicator | None = None,
                   programme: Programme, activity: Activity | None = None, name: str,
                   unit: str, kind: str = IndicatorKind.COUNT, annual_target=None,
                   baseline=None, lower_is_better: bool = False,
                   level_definitions: list[str] | None = None, responsible_unit: str = "",
                   quarter_plans: Mapping[int, object] | None = None,
                   rollup: str = RollUp.NONE, rolls_up: list[Indicator] | None = None,
                   ip: str | None = None) -> Indicator:
    """Create or change an indicator and its quarterly plans (``None`` = N/A). The plan of a
    quarter whose report was submitted or accepted cannot change."""
    _require(rules.can_manage_plan, actor, plan)
    if programme.plan_id != plan.pk or (activity is not None
                                        and activity.programme_id != programme.pk):
        raise ValidationFailed(_("Choose a programme and activity of this plan."),
                               field="programme")
    if kind not in IndicatorKind.values:
        raise ValidationFailed(_("Choose a kind of indicator."), field="kind")
    name, unit = (name or "").strip(), (unit or "").strip()
    if not name:
        raise ValidationFailed(_("Enter the indicator's name."), field="name")
    if not unit:
        raise ValidationFailed(_("Enter the unit, e.g. persons."), field="unit")
    maximum = Decimal(100) if kind == IndicatorKind.PERCENTAGE else MAX_AMOUNT
    if kind == IndicatorKind.LEVEL:
        maximum = Decimal(MAX_LEVEL)
    target = parse_decimal(annual_target, field="annual_target", maximum=maximum)
    base = parse_decimal(baseline, field="baseline") if kind == IndicatorKind.CUMULATIVE else None
    if kind == IndicatorKind.CUMULATIVE and target is not None and base is not None \
            and target <= base and not lower_is_better:
        raise ValidationFailed(_("The target must be above the baseline."), field="annual_target")
    if rollup not in RollUp.values:
        raise ValidationFailed(_("Choose how the indicator rolls up."), field="rollup")
    if rollup and plan.level != PlanLevel.ORGANISATION:
        raise ValidationFailed(_("Only an organisation plan's indicators roll up projects."),
                               field="rollup")
    if rollup and kind not in (IndicatorKind.COUNT, IndicatorKind.CUMULATIVE):
        raise ValidationFailed(_("A rolled-up indicator counts: choose count per period or "
                                 "cumulative."), field="kind")
    plans = {q: parse_decimal(v, field=f"q{q}_plan", maximum=maximum)
             for q, v in (quarter_plans or {}).items()}
    if set(plans) - set(fiscal.QUARTERS):
        raise ValidationFailed(_("Choose a quarter from 1 to 4 of fiscal year %(year)s.")
                               % {"year": plan.fiscal_year}, field="quarter")
    locked = _locked_quarters(plan) if indicator else set()
    if indicator is not None:
        current = {t.quarter: t.planned for t in indicator.quarter_targets.all()}
        changed = {q for q in plans if plans[q] != current.get(q)}
        if changed & locked:
            raise InvalidTransition(_("The plan of a quarter whose report was submitted or "
                                      "accepted cannot change."))
    fields = dict(programme=programme, activity=activity, name=name[:500], unit=unit[:50],
                  kind=kind, annual_target=target, baseline=base,
                  lower_is_better=bool(lower_is_better),
                  level_definitions=_check_level_definitions(level_definitions)
                  if kind == IndicatorKind.LEVEL else [],
                  responsible_unit=(responsible_unit or "").strip()[:300], rollup=rollup)
    if indicator is None:
        order = plan.indicators.count() + 1
        indicator = Indicator.objects.create(plan=plan, order=order, **fields)
        action = "indicator.create"
    else:
        for key, value in fields.items():
            setattr(indicator, key, value)
        indicator.save()
        action = "indicator.update"
    for quarter, planned in plans.items():
        QuarterTarget.objects.update_or_create(indicator=indicator, quarter=quarter,
                                               defaults={"planned": planned})
    if rolls_up is not None:
        if rollup and any(i.plan.level != PlanLevel.PROJECT
                          or i.plan.fiscal_year != plan.fiscal_year for i in rolls_up):
            raise ValidationFailed(_("Roll up indicators of funded projects of the same year."),
                                   field="rolls_up")
        indicator.rolls_up.set(rolls_up if rollup else [])
    statuses.refresh([indicator])
    audit.state_change(actor=actor, action=action, obj=indicator, ip=ip, plan=plan.pk)
    return indicator


@transaction.atomic
def save_budget_plan(*, actor, plan: MonitoringPlan, budget_plan: BudgetPlan | None = None,
                     name: str, received, quarters: Mapping[int, Mapping] | None = None,
                     ip: str | None = None) -> BudgetPlan:
    """Create or change a budget plan: the budget received and, per quarter, the target
    cumulative % and the planned amount (``quarters`` = {q: {"target_pct", "planned"}})."""
    _require(rules.can_manage_plan, actor, plan)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Enter the budget plan's name."), field="name")
    amount = parse_decimal(received, field="received")
    if amount is None:
        raise ValidationFailed(_("Enter the budget received."), field="received")
    rows = {}
    for quarter, values in (quarters or {}).items():
        quarter = _check_quarter(plan, quarter)
        rows[quarter] = {
            "target_pct": parse_decimal(values.get("target_pct"), field=f"q{quarter}_target_pct",
                                        maximum=Decimal(100)),
            "planned": parse_decimal(values.get("planned"), field=f"q{quarter}_planned"),
        }
    if budget_plan is None:
        budget_plan = BudgetPlan.objects.create(plan=plan, order=plan.budget_plans.count() + 1,
                                                name=name[:500], received=amount)
    else:
        current = {q.quarter: q for q in budget_plan.quarters.all()}
        # Like an indicator's targets: a quarter reported (submitted or accepted) keeps its plan.
        changed = {quarter for quarter, values in rows.items() if quarter not in current
                   or any(values[key] != getattr(current[quarter], key) for key in values)}
        if changed & _locked_quarters(plan):
            raise InvalidTransition(_("The plan of a quarter whose report was submitted or "
                                      "accepted cannot change."))
        already = sum((q.disbursed or Decimal(0) for q in current.values()), Decimal(0))
        if already > amount:
            raise ValidationFailed(_("More than that has already been disbursed."),
                                   field="received")
        budget_plan.name, budget_plan.received = name[:500], amount
        budget_plan.save(update_fields=["name", "received"])
    for quarter in fiscal.QUARTERS:
        # Every budget plan keeps its four quarters (empty until set): totals read them.
        BudgetQuarter.objects.update_or_create(budget_plan=budget_plan, quarter=quarter,
                                               defaults=rows.get(quarter, {}))
    audit.state_change(actor=actor, action="budget_plan.save", obj=budget_plan, ip=ip,
                       received=str(amount))
    return budget_plan


# --- quarterly reporting (row 13.2) -------------------------------------------------------------

def open_report(*, plan: MonitoringPlan, quarter: int) -> QuarterlyReport:
    """The plan's report for the quarter, created as a draft the first time it is needed (its
    due date is computed by the fiscal calendar)."""
    report, _created = QuarterlyReport.objects.get_or_create(
        plan=plan, quarter=quarter,
        defaults={"due_on": fiscal.quarter_due_date(plan.fiscal_year, quarter, REPORT_DUE_DAYS)})
    return report


def _editable_report(plan: MonitoringPlan, quarter: int) -> QuarterlyReport:
    report = open_report(plan=plan, quarter=quarter)
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in EDITABLE_REPORT_STATES:
        raise InvalidTransition(
            _("The report for quarter %(quarter)s is %(status)s: its figures can no longer be "
              "changed.") % {"quarter": quarter, "status": ReportStatus(report.status).label})
    return report


def _check_breakdown(breakdown) -> dict[str, int]:
    if breakdown in (None, "", {}):
        return {}
    if not isinstance(breakdown, Mapping):
        raise ValidationFailed(_("Give the breakdown as a count per beneficiary category."),
                               field="breakdown")
    counts = {}
    for category, count in breakdown.items():
        if category not in BeneficiaryCategory.values:
            raise ValidationFailed(_("Unknown beneficiary category: %(category)s.")
                                   % {"category": str(category)[:50]}, field="breakdown")
        number = parse_decimal(count, field=f"breakdown_{category}")
        if number is None:
            continue
        if number != number.to_integral_value():
            raise ValidationFailed(_("Give whole numbers of people."),
                                   field=f"breakdown_{category}")
        counts[category] = int(number)
    return counts


def _result_values(indicator: Indicator, value, numerator, denominator, note: str) -> dict:
    kind = indicator.kind
    if kind == IndicatorKind.PERCENTAGE:
        top = parse_decimal(numerator, field="numerator")
        bottom = parse_decimal(denominator, field="denominator")
        if top is None or bottom is None:
            raise ValidationFailed(_("Enter both the numerator and the denominator."),
                                   field="numerator" if top is None else "denominator")
        if bottom == 0:
            raise ValidationFailed(_("The denominator cannot be zero."), field="denominator")
        if top > bottom:
            raise ValidationFailed(_("The numerator cannot exceed the denominator."),
                                   field="numerator")
        return {"value": None, "numerator": top, "denominator": bottom}
    if kind == IndicatorKind.QUALITATIVE:
        if not (note or "").strip():
            raise ValidationFailed(_("Describe the result in the note."), field="note")
        return {"value": None, "numerator": None, "denominator": None}
    maximum = Decimal(MAX_LEVEL) if kind == IndicatorKind.LEVEL else MAX_AMOUNT
    number = parse_decimal(value, field="value", maximum=maximum)
    if number is None:
        raise ValidationFailed(_("Enter the result."), field="value")
    if kind == IndicatorKind.LEVEL and (number != number.to_integral_value() or number < 1):
        raise ValidationFailed(_("Enter the level reached, from 1 to 5."), field="value")
    return {"value": number, "numerator": None, "denominator": None}


@transaction.atomic
def record_result(*, actor, indicator: Indicator, quarter, value=None, numerator=None,
                  denominator=None, note: str = "", breakdown=None,
                  ip: str | None = None) -> IndicatorResult:
    """Enter or correct an indicator's result for a quarter of the plan's year, while the
    quarter's report is a draft or returned. Kind decides what is entered: a count or the
    year's addition, numerator and denominator, the level reached, or a narrative note."""
    plan = indicator.plan
    _require(rules.can_report_on_plan, actor, plan)
    if indicator.rollup:
        raise ValidationFailed(_("This indicator's results are computed from the project "
                                 "indicators it rolls up."), field="value")
    quarter = _check_quarter(plan, quarter)
    _check_started(plan, quarter)
    values = _result_values(indicator, value, numerator, denominator, note)
    counts = _check_breakdown(breakdown)
    _editable_report(plan, quarter)
    result, _created = IndicatorResult.objects.update_or_create(
        indicator=indicator, quarter=quarter,
        defaults={**values, "note": (note or "").strip()[:5000], "breakdown": counts,
                  "entered_by": actor, "updated_at": timezone.now()})
    statuses.refresh([indicator])
    audit.state_change(actor=actor, action="indicator_result.save", obj=result, ip=ip,
                       indicator=indicator.pk, quarter=quarter,
                       value=str(values["value"] if values["value"] is not None
                                 else values["numerator"]))
    return result


@transaction.atomic
def add_evidence(*, actor, result: IndicatorResult, upload, ip: str | None = None):
    """Attach an evidence file to a result (type checked by content and name, size limited)."""
    from phonlap.proposals.files import content_type_of, file_error

    from .models import Evidence

    plan = result.indicator.plan
    _require(rules.can_report_on_plan, actor, plan)
    _editable_report(plan, result.quarter)
    error = file_error(upload)
    if error:
        raise ValidationFailed(error, field="file")
    evidence = Evidence.objects.create(
        result=result, file=upload, original_name=upload.name[:255], size=upload.size,
        content_type=content_type_of(upload.name), uploaded_by=actor)
    audit.state_change(actor=actor, action="evidence.add", obj=evidence, ip=ip,
                       result=result.pk)
    return evidence


@transaction.atomic
def remove_evidence(*, actor, evidence, ip: str | None = None) -> None:
    plan = evidence.result.indicator.plan
    _require(rules.can_report_on_plan, actor, plan)
    _editable_report(plan, evidence.result.quarter)
    audit.state_change(actor=actor, action="evidence.remove", obj=evidence, ip=ip,
                       name=evidence.original_name)
    evidence.file.delete(save=False)
    evidence.delete()


@transaction.atomic
def record_disbursement(*, actor, budget_plan: BudgetPlan, quarter, disbursed,
                        ip: str | None = None) -> BudgetQuarter:
    """The amount disbursed in a quarter. The year's total may not exceed the budget received."""
    plan = budget_plan.plan
    _require(rules.can_report_on_plan, actor, plan)
    quarter = _check_quarter(plan, quarter)
    _check_started(plan, quarter)
    amount = parse_decimal(disbursed, field="disbursed")
    _editable_report(plan, quarter)
    budget_plan = BudgetPlan.objects.select_for_update().get(pk=budget_plan.pk)
    others = {q.quarter: q.disbursed for q in budget_plan.quarters.exclude(quarter=quarter)}
    if budget_calc.over_received(budget_plan.received, {**others, quarter: amount}):
        total = sum((v or Decimal(0) for v in others.values()), amount or Decimal(0))
        raise ValidationFailed(
            _("Disbursement would total %(total)s baht, above the budget received "
              "(%(received)s baht).") % {"total": f"{total:,.2f}",
                                          "received": f"{budget_plan.received:,.2f}"},
            field="disbursed")
    row, _created = BudgetQuarter.objects.update_or_create(
        budget_plan=budget_plan, quarter=quarter, defaults={"disbursed": amount})
    audit.state_change(actor=actor, action="disbursement.save", obj=row, ip=ip,
                       budget_plan=budget_plan.pk, quarter=quarter, disbursed=str(amount))
    return row


@transaction.atomic
def save_obstacles(*, actor, report: QuarterlyReport, programme: Programme, problems: str,
                   fixes: str, ip: str | None = None) -> Obstacle:
    """The problems met by one programme in the quarter, and the ways to fix them."""
    plan = report.plan
    _require(rules.can_report_on_plan, actor, plan)
    if programme.plan_id != plan.pk:
        raise ValidationFailed(_("Choose a programme of this plan."), field="programme")
    _editable_report(plan, report.quarter)
    obstacle, _created = Obstacle.objects.update_or_create(
        report=report, programme=programme,
        defaults={"problems": (problems or "").strip()[:5000],
                  "fixes": (fixes or "").strip()[:5000]})
    audit.state_change(actor=actor, action="report.obstacles", obj=report, ip=ip,
                       programme=programme.pk)
    return obstacle


def missing_results(report: QuarterlyReport) -> list[Indicator]:
    """Indicators with a plan for the report's quarter (not N/A) and no result yet (rolled-up
    indicators compute theirs)."""
    planned = QuarterTarget.objects.filter(indicator__plan=report.plan, quarter=report.quarter,
                                           planned__isnull=False).values("indicator")
    reported = IndicatorResult.objects.filter(indicator__plan=report.plan,
                                              quarter=report.quarter).values("indicator")
    return list(Indicator.objects.filter(pk__in=planned, rollup=RollUp.NONE)
                .exclude(pk__in=reported))


def _set_report_state(report: QuarterlyReport, new: str) -> None:
    if new not in ALLOWED_REPORT_TRANSITIONS.get(report.status, set()):
        raise InvalidTransition()
    report.status = new


def _locked_report(report: QuarterlyReport) -> QuarterlyReport:
    locked = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    locked.plan = report.plan
    return locked


def grantees(plan: MonitoringPlan) -> list:
    """Who reports on the plan: the project manager (while still a member) and the
    organisation's managers (a fund's own plan: whoever created it)."""
    from phonlap.organisations.rules import is_member_of

    project = plan.funded_project
    if project is None:
        return [plan.created_by]
    managers = manager_users(project.organisation)
    drafter = project.proposal.created_by
    # Someone who has left the organisation could not open the link any more.
    if drafter in managers or not is_member_of(drafter, project.organisation):
        return managers
    return [drafter, *managers]


def _report_url(report: QuarterlyReport) -> str:
    return reverse("monitoring:report", kwargs={"pk": report.pk})


@transaction.atomic
def submit_report(*, actor, report: QuarterlyReport, ip: str | None = None) -> QuarterlyReport:
    """Send the quarter's report to the fund staff. Every indicator planned for the quarter
    must have its result."""
    _require(rules.can_report_on_plan, actor, report.plan)
    report = _locked_report(report)
    _set_report_state(report, ReportStatus.SUBMITTED)
    _check_started(report.plan, report.quarter)
    missing = missing_results(report)
    if missing:
        raise ValidationFailed(
            _("Enter the results planned for this quarter first: %(names)s.")
            % {"names": "; ".join(i.name for i in missing[:5])}, field="results")
    report.submitted_at, report.submitted_by = timezone.now(), actor
    report.save(update_fields=["status", "submitted_at", "submitted_by"])
    audit.state_change(actor=actor, action="report.submit", obj=report, ip=ip,
                       quarter=report.quarter)
    notify(users=staff_users(), kind="monitoring.report_submitted",
           subject=gettext_noop("Quarterly report submitted: %(plan)s, Q%(quarter)s"),
           body=gettext_noop("The report for quarter %(quarter)s of fiscal year %(year)s of "
                             "“%(plan)s” was submitted and awaits your review."),
           url=_report_url(report), plan=report.plan.name, quarter=str(report.quarter),
           year=str(report.plan.fiscal_year))
    return report


@transaction.atomic
def return_report(*, actor, report: QuarterlyReport, comment: str,
                  ip: str | None = None) -> QuarterlyReport:
    """Send a submitted report back with a comment saying what to fix."""
    _require(rules.can_review_reports, actor, report.plan)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationFailed(_("Say what needs to change."), field="comment")
    report = _locked_report(report)
    _set_report_state(report, ReportStatus.RETURNED)
    report.reviewed_at, report.reviewed_by = timezone.now(), actor
    report.review_comment = comment[:5000]
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment"])
    audit.state_change(actor=actor, action="report.return", obj=report, ip=ip,
                       quarter=report.quarter)
    notify(users=grantees(report.plan), kind="monitoring.report_returned",
           subject=gettext_noop("Quarterly report returned: %(plan)s, Q%(quarter)s"),
           body=gettext_noop("Fund staff returned the report for quarter %(quarter)s of "
                             "“%(plan)s”. Their comment: %(comment)s"),
           url=_report_url(report), plan=report.plan.name, quarter=str(report.quarter),
           comment=comment)
    return report


@transaction.atomic
def accept_report(*, actor, report: QuarterlyReport, comment: str = "",
                  ip: str | None = None) -> QuarterlyReport:
    """Accept a submitted report; it is locked from then on."""
    _require(rules.can_review_reports, actor, report.plan)
    report = _locked_report(report)
    _set_report_state(report, ReportStatus.ACCEPTED)
    report.reviewed_at, report.reviewed_by = timezone.now(), actor
    report.review_comment = (comment or "").strip()[:5000]
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment"])
    audit.state_change(actor=actor, action="report.accept", obj=report, ip=ip,
                       quarter=report.quarter)
    notify(users=grantees(report.plan), kind="monitoring.report_accepted",
           subject=gettext_noop("Quarterly report accepted: %(plan)s, Q%(quarter)s"),
           body=gettext_noop("Fund staff accepted the report for quarter %(quarter)s of "
                             "“%(plan)s”."),
           url=_report_url(report), plan=report.plan.name, quarter=str(report.quarter))
    return report
