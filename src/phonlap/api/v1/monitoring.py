"""Monitoring (spec 04, issue 5 "API"): monitoring plans, indicators with their quarterly
targets, results, budget plans and disbursement, quarterly reports and their transitions, and a
computed summary (achievement, status against plan, the budget table) — under
``/api/v1/monitoring/``.

Thin, like the rest of the API: everything read is scoped by ``queries.plans_for_user`` (row
13.1: project managers their projects' plans, organisation managers their organisations', staff
and super users all) and single objects come from the monitoring access functions (the same 404
for missing and forbidden). Every write is one domain function (``monitoring.domain``), which
checks the row (13.2 report, 13.3 review, 13.4 manage), the report's state and the figures.
Numbers are sent as strings (or JSON numbers) and parsed by the domain (``parse_decimal``), so
text in a numeric field is answered with the domain's message. Its errors answer 403 (not
allowed), 400 (by field; ``detail`` repeats the message) or 409 (a state that forbids the change:
a submitted or accepted report, a transition not allowed from the report's state)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from phonlap.accounts.access import has_row
from phonlap.core import audit, fiscal
from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.funds.models import Fund
from phonlap.monitoring import achievement, domain, queries, rules
from phonlap.monitoring.enums import (
    AmountUnit,
    IndicatorKind,
    PlanLevel,
    ReportStatus,
    RollUp,
    Status,
)
from phonlap.monitoring.models import (
    BudgetPlan,
    BudgetQuarter,
    Indicator,
    IndicatorResult,
    Programme,
    QuarterlyReport,
    QuarterTarget,
)

from .. import fields as api_fields
from ..base import ApiViewSet
from ..exceptions import exception_handler
from .review_serializers import inline_choice, person

ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)
ID_MAX = 2**31 - 1
QUARTER_KEYS = tuple(f"q{q}" for q in fiscal.QUARTERS)
CONFLICT = OpenApiResponse(
    response={"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
    description="The report's state forbids this now (submitted or accepted figures are locked; "
                "a transition not allowed from the current state). Nothing was changed.",
)
NUMBER_SCHEMA = {"oneOf": [{"type": "string", "maxLength": 40}, {"type": "number"}],
                 "nullable": True,
                 "description": "A number (a string like \"1250.50\" keeps it exact); empty or "
                                "null for none."}
AMOUNT_OUT = {"type": "string", "nullable": True, "pattern": r"^-?\d+\.\d{2}$",
              "description": "A decimal with 2 places, as a string; null when there is none."}


def _ip(request):
    return audit.client_ip(request)


def _text(value: Decimal | None) -> str | None:
    """A figure as a string with 2 places (half up), or None."""
    rounded = achievement.round_percent(value)
    return None if rounded is None else f"{rounded:f}"


def _valid(serializer_class, data, **kwargs) -> dict:
    """The validated values of ``data`` (400 with every field's message otherwise)."""
    body = serializer_class(data=data, **kwargs)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _id(pk) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise NotFound from None
    if not 0 < value <= 2**63 - 1:
        raise NotFound
    return value


# --- errors -------------------------------------------------------------------------------------

def _field_path(name: str) -> str:
    """The domain's flat field names as paths in the request body."""
    for q in fiscal.QUARTERS:
        if name == f"q{q}_plan":
            return f"quarter_targets.q{q}"
        for part in ("target_pct", "planned"):
            if name == f"q{q}_{part}":
                return f"quarters.q{q}.{part}"
    if name.startswith("breakdown_"):
        return "breakdown." + name.removeprefix("breakdown_")
    return name


def _flat(data, prefix: str = "") -> dict[str, list[str]]:
    """Nested validation errors (``{"quarters": {"q4": {"planned": [...]}}}``, list items by
    index) as one level of body paths (``quarters.q4.planned``), the shape the schema gives."""
    flat: dict[str, list[str]] = {}
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        path = f"{prefix}.{key}" if prefix else str(key)
        if prefix and key == api_settings.NON_FIELD_ERRORS_KEY:
            path = prefix
        if isinstance(value, dict) or (isinstance(value, list) and value
                                       and not all(isinstance(v, str) for v in value)):
            for sub, messages in _flat(value, path).items():
                flat.setdefault(sub, []).extend(messages)
        elif isinstance(value, list):
            flat.setdefault(path, []).extend(str(v) for v in value)
        else:
            flat.setdefault(path, []).append(str(value))
    return flat


def _monitoring_errors(exc, context):
    """The shared handler, plus: a state that forbids the change is a conflict (409); domain
    field names become body paths, with the domain's message repeated in ``detail``; nested
    validation errors are flattened to body paths."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == status.HTTP_400_BAD_REQUEST and isinstance(response.data, dict) \
            and any(isinstance(v, dict) or (isinstance(v, list) and v and not all(
                isinstance(m, str) for m in v)) for v in response.data.values()):
        response.data = _flat(response.data)
    if isinstance(exc, InvalidTransition):
        response.status_code = status.HTTP_409_CONFLICT
        response.data = {"detail": str(exc.message)}
        return response
    if getattr(exc, "field", None) and isinstance(response.data, dict) \
            and not isinstance(exc, PermissionDenied):
        data = {}
        for key, messages in response.data.items():
            data.setdefault(_field_path(str(key)), []).extend(
                messages if isinstance(messages, list) else [messages])
        data["detail"] = str(exc.message)
        response.data = data
    return response


# --- input fields -------------------------------------------------------------------------------

@extend_schema_field(NUMBER_SCHEMA)
class NumberField(serializers.CharField):
    """A number as sent (string or JSON number): the domain parses and checks it, so its
    message ("Enter a number.") is the one the caller gets."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        # A huge exponent ("1e400") cannot be rounded to cents: refuse it here, with the
        # domain's own message, before ``parse_decimal`` tries.
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except (InvalidOperation, ValueError):
            return value
        if number.is_finite() and number.adjusted() > 20:
            raise serializers.ValidationError(_("This number is too large."))
        return value


class _QuarterKeys(serializers.Serializer):
    """An object keyed q1 … q4: any other key is refused (never silently dropped)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(str(key)[:20] for key in data if key not in QUARTER_KEYS)
            if unknown:
                raise serializers.ValidationError(
                    _("Give the quarters as q1, q2, q3 and q4 (not %(keys)s).")
                    % {"keys": ", ".join(unknown[:4])})
        return super().to_internal_value(data)


class MonitoringQuarterTargetsInput(_QuarterKeys):
    """The plan of each quarter; null (or empty) = N/A. Quarters left out keep their plan."""

    q1 = NumberField()
    q2 = NumberField()
    q3 = NumberField()
    q4 = NumberField()


class MonitoringBudgetQuarterInput(serializers.Serializer):
    target_pct = NumberField(help_text=_("Target cumulative percentage of the budget received (0–100)."))
    planned = NumberField(help_text=_("Amount planned for the quarter (baht)."))


class MonitoringBudgetQuartersInput(_QuarterKeys):
    q1 = MonitoringBudgetQuarterInput(required=False)
    q2 = MonitoringBudgetQuarterInput(required=False)
    q3 = MonitoringBudgetQuarterInput(required=False)
    q4 = MonitoringBudgetQuarterInput(required=False)


@extend_schema_field({"type": "object", "additionalProperties": {"type": "integer", "minimum": 0},
                      "description": "People per beneficiary category (counts, never identities)."})
class BreakdownField(serializers.JSONField):
    pass


class _Filters(serializers.Serializer):
    """Query parameters are validated (no NUL, bounded integers): bad ones answer 400."""


# --- read serializers ---------------------------------------------------------------------------

class MonitoringRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MonitoringFundRefSerializer(MonitoringRefSerializer):
    code = serializers.CharField()


class MonitoringPersonSerializer(MonitoringRefSerializer):
    pass


class MonitoringProjectRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    name = serializers.CharField()
    organisation = MonitoringRefSerializer()


class MonitoringPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    level = inline_choice(PlanLevel.choices)
    level_label = serializers.CharField()
    fund = MonitoringFundRefSerializer()
    funded_project = MonitoringProjectRefSerializer(allow_null=True)
    fiscal_year = serializers.IntegerField(help_text=_("Fiscal year (B.E.)."))
    name = serializers.CharField()
    responsible_unit = serializers.CharField(allow_blank=True)
    amount_unit = inline_choice(AmountUnit.choices)


class MonitoringActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    responsible_unit = serializers.CharField(allow_blank=True)
    budget = serializers.CharField(allow_null=True)
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)


class MonitoringProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    activities = MonitoringActivitySerializer(many=True)


class MonitoringPlanDetailSerializer(MonitoringPlanSerializer):
    programmes = MonitoringProgrammeSerializer(many=True)


def plan_data(plan) -> dict:
    project = plan.funded_project
    return {
        "id": plan.pk, "level": plan.level, "level_label": str(plan.get_level_display()),
        "fund": {"id": plan.fund_id, "code": plan.fund.code, "name": plan.fund.name},
        "funded_project": None if project is None else {
            "id": project.pk, "number": project.number, "name": project.name,
            "organisation": {"id": project.organisation_id, "name": project.organisation.name}},
        "fiscal_year": plan.fiscal_year, "name": plan.name,
        "responsible_unit": plan.responsible_unit, "amount_unit": plan.amount_unit,
    }


def plan_detail(plan) -> dict:
    programmes = plan.programmes.prefetch_related("activities").order_by("order", "pk")
    data = plan_data(plan)
    data["programmes"] = [{
        "id": p.pk, "order": p.order, "name": p.name,
        "activities": [{"id": a.pk, "order": a.order, "name": a.name,
                        "responsible_unit": a.responsible_unit, "budget": _text(a.budget),
                        "starts_on": a.starts_on, "ends_on": a.ends_on}
                       for a in p.activities.all()],
    } for p in programmes]
    return MonitoringPlanDetailSerializer(data).data


@extend_schema_field({"type": "object", "properties": {k: AMOUNT_OUT for k in QUARTER_KEYS},
                      "required": list(QUARTER_KEYS),
                      "description": "The plan of each quarter; null = N/A (not measured)."})
class QuarterTargetsField(serializers.DictField):
    pass


class MonitoringIndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField()
    programme = MonitoringRefSerializer()
    activity = MonitoringRefSerializer(allow_null=True)
    order = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    kind = inline_choice(IndicatorKind.choices)
    kind_label = serializers.CharField()
    lower_is_better = serializers.BooleanField()
    baseline = serializers.CharField(allow_null=True)
    annual_target = serializers.CharField(allow_null=True)
    level_definitions = serializers.ListField(child=serializers.CharField())
    responsible_unit = serializers.CharField(allow_blank=True)
    rollup = inline_choice(RollUp.choices, allow_blank=True)
    rolls_up = serializers.ListField(child=serializers.IntegerField(),
                                     help_text=_("Project indicators rolled up (ids)."))
    quarter_targets = QuarterTargetsField()


def _targets(indicator) -> dict:
    plans = {t.quarter: t.planned for t in indicator.quarter_targets.all()}
    return {f"q{q}": _text(plans.get(q)) for q in fiscal.QUARTERS}


def indicator_data(indicator) -> dict:
    activity = indicator.activity
    return {
        "id": indicator.pk, "plan": indicator.plan_id,
        "programme": {"id": indicator.programme_id, "name": indicator.programme.name},
        "activity": None if activity is None else {"id": activity.pk, "name": activity.name},
        "order": indicator.order, "name": indicator.name, "unit": indicator.unit,
        "kind": indicator.kind, "kind_label": str(indicator.get_kind_display()),
        "lower_is_better": indicator.lower_is_better, "baseline": _text(indicator.baseline),
        "annual_target": _text(indicator.annual_target),
        "level_definitions": list(indicator.level_definitions or []),
        "responsible_unit": indicator.responsible_unit, "rollup": indicator.rollup,
        "rolls_up": [i.pk for i in indicator.rolls_up.all()],
        "quarter_targets": _targets(indicator),
    }


def _indicators():
    return Indicator.objects.select_related("programme", "activity").prefetch_related(
        Prefetch("quarter_targets", queryset=QuarterTarget.objects.order_by("quarter")),
        Prefetch("rolls_up", queryset=Indicator.objects.only("pk")))


class MonitoringQuarterTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator = serializers.IntegerField()
    plan = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    planned = serializers.CharField(allow_null=True, help_text=_("null = N/A"))


class MonitoringEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class MonitoringResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField()
    indicator = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    value = serializers.CharField(allow_null=True)
    numerator = serializers.CharField(allow_null=True)
    denominator = serializers.CharField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    breakdown = serializers.DictField(child=serializers.IntegerField())
    entered_by = MonitoringPersonSerializer(allow_null=True)
    updated_at = serializers.DateTimeField()
    evidence = MonitoringEvidenceSerializer(many=True)


def result_data(result) -> dict:
    return {
        "id": result.pk, "plan": result.indicator.plan_id, "indicator": result.indicator_id,
        "quarter": result.quarter, "value": _text(result.value),
        "numerator": _text(result.numerator), "denominator": _text(result.denominator),
        "note": result.note, "breakdown": dict(result.breakdown or {}),
        "entered_by": person(result.entered_by), "updated_at": result.updated_at,
        "evidence": [{"id": e.pk, "name": e.original_name, "size": e.size,
                      "content_type": e.content_type, "uploaded_at": e.uploaded_at}
                     for e in result.evidence.all()],
    }


def _results():
    return IndicatorResult.objects.select_related("indicator", "entered_by").prefetch_related(
        "evidence")


class MonitoringBudgetQuarterSerializer(serializers.Serializer):
    target_pct = serializers.CharField(allow_null=True)
    planned = serializers.CharField(allow_null=True)
    disbursed = serializers.CharField(allow_null=True)


class MonitoringBudgetQuartersSerializer(serializers.Serializer):
    q1 = MonitoringBudgetQuarterSerializer()
    q2 = MonitoringBudgetQuarterSerializer()
    q3 = MonitoringBudgetQuarterSerializer()
    q4 = MonitoringBudgetQuarterSerializer()


class MonitoringBudgetPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    received = serializers.CharField(help_text=_("Budget received (baht)."))
    quarters = MonitoringBudgetQuartersSerializer()
    disbursed_total = serializers.CharField()


def budget_plan_data(budget_plan) -> dict:
    rows = {q.quarter: q for q in budget_plan.quarters.all()}
    quarters = {}
    for q in fiscal.QUARTERS:
        row = rows.get(q)
        quarters[f"q{q}"] = {
            "target_pct": _text(row.target_pct) if row else None,
            "planned": _text(row.planned) if row else None,
            "disbursed": _text(row.disbursed) if row else None,
        }
    return {"id": budget_plan.pk, "plan": budget_plan.plan_id, "order": budget_plan.order,
            "name": budget_plan.name, "received": _text(budget_plan.received),
            "quarters": quarters, "disbursed_total": _text(queries.disbursed_total(budget_plan))}


def _budget_plans():
    return BudgetPlan.objects.prefetch_related(
        Prefetch("quarters", queryset=BudgetQuarter.objects.order_by("quarter")))


class MonitoringObstacleSerializer(serializers.Serializer):
    programme = MonitoringRefSerializer()
    problems = serializers.CharField(allow_blank=True)
    fixes = serializers.CharField(allow_blank=True)


class MonitoringReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    status = inline_choice(ReportStatus.choices)
    status_label = serializers.CharField()
    due_on = serializers.DateField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_by = MonitoringPersonSerializer(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    reviewed_by = MonitoringPersonSerializer(allow_null=True)
    review_comment = serializers.CharField(allow_blank=True)


class MonitoringReportDetailSerializer(MonitoringReportSerializer):
    obstacles = MonitoringObstacleSerializer(many=True)
    missing_results = MonitoringRefSerializer(many=True, help_text=_(
        "Indicators planned for the quarter without a result yet (submission needs them)."))


def report_data(report) -> dict:
    return {
        "id": report.pk, "plan": report.plan_id, "quarter": report.quarter,
        "status": report.status, "status_label": str(report.get_status_display()),
        "due_on": report.due_on, "submitted_at": report.submitted_at,
        "submitted_by": person(report.submitted_by), "reviewed_at": report.reviewed_at,
        "reviewed_by": person(report.reviewed_by), "review_comment": report.review_comment,
    }


def report_detail(user, pk) -> dict:
    report = queries.get_report_for_user(user, pk)
    data = report_data(report)
    data["obstacles"] = [
        {"programme": {"id": o.programme_id, "name": o.programme.name}, "problems": o.problems,
         "fixes": o.fixes}
        for o in report.obstacles.select_related("programme")]
    data["missing_results"] = [{"id": i.pk, "name": i.name}
                               for i in domain.missing_results(report)]
    return MonitoringReportDetailSerializer(data).data


# --- the summary ----------------------------------------------------------------------------------

@extend_schema_field({"allOf": [{"type": "string", "enum": Status.values}], "nullable": True,
                      "description": "One of: " + ", ".join(Status.values) + "; null where the "
                      "span has no plan (N/A) or no result yet."})
class StatusField(serializers.CharField):
    pass


class MonitoringSummaryQuarterSerializer(serializers.Serializer):
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    months = serializers.CharField(help_text=_("The quarter's months, in the caller's language."))
    plan = serializers.CharField(allow_null=True)
    result = serializers.CharField(allow_null=True, help_text=_(
        "The quarter's result (the rate for a percentage indicator)."))
    status = StatusField(allow_null=True)
    status_label = serializers.CharField(allow_null=True)


class MonitoringSummaryIndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme = MonitoringRefSerializer()
    activity = MonitoringRefSerializer(allow_null=True)
    name = serializers.CharField()
    unit = serializers.CharField()
    kind = inline_choice(IndicatorKind.choices)
    lower_is_better = serializers.BooleanField()
    annual_target = serializers.CharField(allow_null=True)
    baseline = serializers.CharField(allow_null=True)
    responsible_unit = serializers.CharField(allow_blank=True)
    achievement = serializers.CharField(allow_null=True, help_text=_(
        "Achievement in percent, rounded half up to 2 places (\"85.00\"); null where it cannot "
        "be computed (no target, a zero target, nothing reported)."))
    ytd_result = serializers.CharField(allow_null=True)
    ytd_plan = serializers.CharField(allow_null=True)
    running_total = serializers.CharField(allow_null=True, help_text=_(
        "Cumulative indicators: the baseline plus the year's additions."))
    quarters = MonitoringSummaryQuarterSerializer(many=True)
    ytd_status = StatusField(allow_null=True)
    ytd_status_label = serializers.CharField(allow_null=True)


class MonitoringBudgetQuarterRowSerializer(serializers.Serializer):
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    target_pct = serializers.CharField(allow_null=True)
    target_amount = serializers.CharField(allow_null=True)
    planned = serializers.CharField(allow_null=True)
    planned_cumulative = serializers.CharField(allow_null=True)
    planned_pct = serializers.CharField(allow_null=True)
    disbursed = serializers.CharField(allow_null=True)
    disbursed_cumulative = serializers.CharField(allow_null=True)
    disbursed_pct = serializers.CharField(allow_null=True)


class MonitoringBudgetRowSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    received = serializers.CharField()
    quarters = MonitoringBudgetQuarterRowSerializer(many=True)
    total_planned = serializers.CharField()
    total_disbursed = serializers.CharField()
    disbursed_pct = serializers.CharField(allow_null=True)


class MonitoringBudgetTableSerializer(serializers.Serializer):
    plans = MonitoringBudgetRowSerializer(many=True)
    summary = MonitoringBudgetRowSerializer(help_text=_("All budget plans together (percentages "
                                              "recomputed from the sums)."))


class MonitoringSummarySerializer(serializers.Serializer):
    plan = MonitoringPlanSerializer()
    fiscal_year = serializers.IntegerField()
    up_to = serializers.IntegerField(min_value=1, max_value=4)
    amounts_in = serializers.CharField(help_text=_("Amounts are in baht (exact)."))
    indicators = MonitoringSummaryIndicatorSerializer(many=True)
    budget = MonitoringBudgetTableSerializer()


def _status(value) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    return str(value), str(Status(str(value)).label)


def _budget_row(row) -> dict:
    return {
        "name": row.name, "received": _text(row.received),
        "quarters": [{
            "quarter": q.quarter, "target_pct": _text(q.target_pct),
            "target_amount": _text(q.target_amount), "planned": _text(q.planned),
            "planned_cumulative": _text(q.planned_cumulative), "planned_pct": _text(q.planned_pct),
            "disbursed": _text(q.disbursed), "disbursed_cumulative": _text(q.disbursed_cumulative),
            "disbursed_pct": _text(q.disbursed_pct)} for q in row.quarters],
        "total_planned": _text(row.total_planned), "total_disbursed": _text(row.total_disbursed),
        "disbursed_pct": _text(row.disbursed_pct),
    }


def summary_data(plan, up_to: int, language: str) -> dict:
    months = fiscal.QUARTER_MONTHS_TH if language == "th" else fiscal.QUARTER_MONTHS_EN
    indicators = []
    for row in queries.indicator_rows(plan, up_to):
        indicator, summary = row.indicator, row.summary
        quarters = []
        for q in fiscal.QUARTERS:
            code, label = _status(summary.quarter_statuses.get(q))
            plan_value = row.figures.quarters[q].plan
            quarters.append({
                "quarter": q, "months": months[q],
                "plan": None if indicator.kind == IndicatorKind.QUALITATIVE else _text(plan_value),
                "result": _text(achievement.quarter_result(row.figures, q)),
                "status": code, "status_label": label})
        ytd_code, ytd_label = _status(summary.ytd_status)
        activity = indicator.activity
        indicators.append({
            "id": indicator.pk,
            "programme": {"id": indicator.programme_id, "name": indicator.programme.name},
            "activity": None if activity is None else {"id": activity.pk, "name": activity.name},
            "name": indicator.name, "unit": indicator.unit, "kind": indicator.kind,
            "lower_is_better": indicator.lower_is_better,
            "annual_target": _text(indicator.annual_target), "baseline": _text(indicator.baseline),
            "responsible_unit": indicator.responsible_unit,
            "achievement": _text(summary.achievement), "ytd_result": _text(summary.ytd_result),
            "ytd_plan": _text(summary.ytd_plan), "running_total": _text(summary.running_total),
            "quarters": quarters, "ytd_status": ytd_code, "ytd_status_label": ytd_label,
        })
    table = queries.budget_table(plan, up_to)
    return MonitoringSummarySerializer({
        "plan": plan_data(plan), "fiscal_year": plan.fiscal_year, "up_to": up_to,
        "amounts_in": AmountUnit.BAHT.value, "indicators": indicators,
        "budget": {"plans": [_budget_row(r) for r in table.plans],
                   "summary": _budget_row(table.summary)},
    }).data


# --- write bodies -------------------------------------------------------------------------------

class MonitoringCreatePlanSerializer(serializers.Serializer):
    fund = api_fields.SlugRelatedField(slug_field="code", queryset=Fund.objects.all(),
                                       help_text=_("Fund code, e.g. se-promotion."))
    fiscal_year = serializers.IntegerField(min_value=2500, max_value=2700,
                                           help_text=_("Fiscal year (B.E.), e.g. 2570."))
    name = serializers.CharField(max_length=500)
    responsible_unit = serializers.CharField(max_length=300, required=False, allow_blank=True)


class MonitoringIndicatorInputSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=ID_MAX,
                                    help_text=_("The plan (only when creating)."))
    programme = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    activity = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False,
                                        allow_null=True)
    name = serializers.CharField(max_length=500)
    unit = serializers.CharField(max_length=50)
    kind = inline_choice(IndicatorKind.choices, required=False)
    annual_target = NumberField()
    baseline = NumberField(help_text=_("Cumulative indicators: the stock at the start of the "
                                       "year."))
    lower_is_better = serializers.BooleanField(required=False)
    level_definitions = serializers.ListField(child=serializers.CharField(max_length=1000),
                                              max_length=5, required=False)
    responsible_unit = serializers.CharField(max_length=300, required=False, allow_blank=True)
    rollup = inline_choice(RollUp.choices, required=False, allow_blank=True)
    rolls_up = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=ID_MAX),
                                     max_length=500, required=False)
    quarter_targets = MonitoringQuarterTargetsInput(required=False)


class MonitoringRecordResultSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    quarter = serializers.IntegerField(min_value=-ID_MAX, max_value=ID_MAX, help_text=_(
        "Fiscal quarter 1–4 (Q1 Oct–Dec … Q4 Jul–Sep) of the plan's fiscal year."))
    value = NumberField(help_text=_("Count, the year's addition, or the level reached."))
    numerator = NumberField(help_text=_("Percentage indicators."))
    denominator = NumberField(help_text=_("Percentage indicators; not zero."))
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    breakdown = BreakdownField(required=False)


class MonitoringBudgetPlanInputSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=ID_MAX,
                                    help_text=_("The plan (only when creating)."))
    name = serializers.CharField(max_length=500)
    received = NumberField(help_text=_("Budget received (baht)."))
    quarters = MonitoringBudgetQuartersInput(required=False)


class MonitoringDisbursementSerializer(serializers.Serializer):
    quarter = serializers.IntegerField(min_value=-ID_MAX, max_value=ID_MAX)
    disbursed = NumberField(help_text=_("Amount disbursed in the quarter (baht); the year's "
                                        "total may not exceed the budget received."))


class MonitoringProgrammeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=500)


class MonitoringActivityInputSerializer(serializers.Serializer):
    programme = serializers.IntegerField(min_value=1, max_value=ID_MAX,
                                         help_text="A programme of this plan")
    name = serializers.CharField(max_length=500)
    responsible_unit = serializers.CharField(max_length=300, required=False, allow_blank=True)


class MonitoringObstacleInputSerializer(serializers.Serializer):
    programme = serializers.IntegerField(min_value=1, max_value=ID_MAX,
                                         help_text="A programme of the report's plan")
    problems = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    fixes = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class MonitoringEvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, image, Word or Excel; the size limit of "
                                           "proposal attachments")


class MonitoringEvidenceRemoveSerializer(serializers.Serializer):
    evidence = serializers.IntegerField(min_value=1, max_value=ID_MAX,
                                        help_text="An evidence file of this result")


class MonitoringCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


# --- views ----------------------------------------------------------------------------------------

class _MonitoringApi(ApiViewSet):
    """Shared: JSON bodies, the monitoring error answers, and the gate's 403 for callers who
    may see monitoring (row 13.1) but not do this (the object, if any, must still be visible
    to them: otherwise the same 404 as a missing one)."""

    filter_backends: list = []
    parser_classes = [JSONParser]
    read_actions = ("list", "retrieve", "summary")
    detail_getter = None

    def get_exception_handler(self):
        return _monitoring_errors

    def check_permissions(self, request):
        try:
            super().check_permissions(request)
        except NotFound:
            if self.action in self.read_actions or not has_row(request.user, rules.VIEW):
                raise
            if "pk" in self.kwargs and self.detail_getter is not None:
                type(self).detail_getter(request.user, self.kwargs["pk"])
            raise PermissionDenied() from None

    def plans(self):
        return queries.plans_for_user(self.request.user)


class _PlanPartApi(_MonitoringApi):
    """A part of a plan (indicator, budget plan): fetched through its access function, read back
    as its detail after a change, created in a plan the caller may see and changed in place.
    Subclasses name the access function, the detail's queryset, serializer and data, the input
    serializer, and ``_save``."""

    part_queryset = None  # a callable: the queryset the detail is read from
    part_data = None  # a callable: the detail's data of one row of it
    input_serializer_class = None
    stays_in_plan = ""  # the message refusing to move it to another plan

    def _detail(self, pk) -> dict:
        part = type(self).detail_getter(self.request.user, pk)
        row = type(self).part_queryset().get(pk=part.pk)
        return self.serializer_class(type(self).part_data(row)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        values = _valid(self.input_serializer_class, request.data)
        plan = queries.get_plan_for_user(request.user, values["plan"])
        part = self._save(request, plan=plan)
        return Response(self._detail(part.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        part = type(self).detail_getter(request.user, pk)
        if isinstance(request.data, dict) and "plan" in request.data \
                and request.data["plan"] != part.plan_id:
            raise ValidationFailed(str(self.stays_in_plan), field="plan")
        part = self._save(request, plan=part.plan, current=part, partial=True)
        return Response(self._detail(part.pk))

    def _save(self, request, *, plan, current=None, partial=False):
        raise NotImplementedError


class MonitoringPlanFilters(_Filters):
    fiscal_year = serializers.IntegerField(required=False, min_value=1, max_value=9999)
    fund = serializers.CharField(required=False, max_length=50, help_text="Fund code")
    level = serializers.ChoiceField(choices=PlanLevel.choices, required=False)


class MonitoringSummaryQuery(_Filters):
    up_to = serializers.IntegerField(required=False, min_value=1, max_value=4, default=4)


@extend_schema_view(
    list=extend_schema(
        summary="Monitoring plans you may see",
        description="Project managers see their funded projects' plans, organisation managers "
                    "their organisations', staff and super users every plan, the funds' own "
                    "(organisation) plans included. Newest fiscal year first.",
        parameters=[
            OpenApiParameter("fiscal_year", OpenApiTypes.INT, description="Fiscal year (B.E.)"),
            OpenApiParameter("fund", OpenApiTypes.STR, description="Fund code"),
            OpenApiParameter("level", OpenApiTypes.STR, enum=PlanLevel.values),
        ],
        responses={200: MonitoringPlanSerializer(many=True)},
    ),
    retrieve=extend_schema(summary="One plan with its programmes and activities",
                           parameters=[ID], responses={200: MonitoringPlanDetailSerializer}),
    create=extend_schema(
        summary="Create a fund's own annual plan (fund staff)",
        description="An organisation-level plan (แผนปฏิบัติการประจำปี) for a fiscal year; a "
                    "funded project's plan is made when the board approves the proposal.",
        request=MonitoringCreatePlanSerializer, responses={201: MonitoringPlanDetailSerializer},
        examples=[OpenApiExample("Plan", request_only=True, value={
            "fund": "se-promotion", "fiscal_year": 2570, "name": "แผนงานส่งเสริมวิสาหกิจเพื่อสังคม",
            "responsible_unit": "กองส่งเสริม"})],
    ),
)
class PlanViewSet(_MonitoringApi):
    """Monitoring plans: a funded project's, or a fund's own annual plan."""

    matrix_rows = (rules.VIEW, rules.MANAGE)
    matrix_action_rows = {"list": (rules.VIEW,), "retrieve": (rules.VIEW,),
                          "summary": (rules.VIEW,), "create": (rules.MANAGE,),
                          "programmes": (rules.MANAGE,), "activities": (rules.MANAGE,)}
    serializer_class = MonitoringPlanSerializer
    detail_getter = staticmethod(queries.get_plan_for_user)
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request):
        values = _valid(MonitoringPlanFilters, request.query_params)
        queryset = self.plans()
        if values.get("fiscal_year"):
            queryset = queryset.filter(fiscal_year=values["fiscal_year"])
        if values.get("fund"):
            queryset = queryset.filter(fund__code=values["fund"])
        if values.get("level"):
            queryset = queryset.filter(level=values["level"])
        page = self.paginate_queryset(queryset.order_by("-fiscal_year", "level", "name", "pk"))
        return self.get_paginated_response(MonitoringPlanSerializer([plan_data(p) for p in page],
                                                          many=True).data)

    def retrieve(self, request, pk=None):
        return Response(plan_detail(queries.get_plan_for_user(request.user, pk)))

    def create(self, request):
        values = _valid(MonitoringCreatePlanSerializer, request.data)
        plan = domain.create_plan(actor=request.user, fund=values["fund"],
                                  fiscal_year=values["fiscal_year"], name=values["name"],
                                  responsible_unit=values.get("responsible_unit", ""),
                                  ip=_ip(request))
        return Response(plan_detail(queries.get_plan_for_user(request.user, plan.pk)),
                        status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The plan's figures: achievement, status against plan, the budget table",
        description="For the plan and its fiscal year, up to quarter `up_to` (default 4): each "
                    "indicator's achievement % (a string like \"85.00\", null where it cannot "
                    "be computed), year-to-date result and plan, the status of each quarter and "
                    "of the year to date (ahead / on_plan / behind, null without a plan or a "
                    "result), and the disbursement table per budget plan with the summary row. "
                    "Amounts are exact baht, as strings.",
        parameters=[ID, OpenApiParameter("up_to", OpenApiTypes.INT, enum=[1, 2, 3, 4],
                                         description="The last quarter counted (default 4)")],
        responses={200: MonitoringSummarySerializer},
    )
    @action(detail=True, methods=["get"])
    def summary(self, request, pk=None):
        values = _valid(MonitoringSummaryQuery, request.query_params)
        plan = queries.get_plan_for_user(request.user, pk)
        language = (translation.get_language() or "th").split("-")[0]
        return Response(summary_data(plan, values["up_to"], language))

    @extend_schema(
        summary="Add a programme (แผนงาน) to the plan (fund staff)",
        description="It comes last; the answer is the plan with its programmes and activities.",
        parameters=[ID], request=MonitoringProgrammeInputSerializer,
        responses={201: MonitoringPlanDetailSerializer},
        examples=[OpenApiExample("Programme", request_only=True,
                                 value={"name": "แผนงานพัฒนาศักยภาพเครือข่าย"})],
    )
    @action(detail=True, methods=["post"])
    def programmes(self, request, pk=None):
        plan = queries.get_plan_for_user(request.user, pk)
        values = _valid(MonitoringProgrammeInputSerializer, request.data)
        domain.add_programme(actor=request.user, plan=plan, name=values["name"],
                             ip=_ip(request))
        return Response(plan_detail(queries.get_plan_for_user(request.user, pk)),
                        status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a project or activity (โครงการ/กิจกรรม) to a programme of the plan "
                "(fund staff)",
        description="It comes last in its programme; the answer is the plan with its programmes "
                    "and activities. A programme of another plan answers 400.",
        parameters=[ID], request=MonitoringActivityInputSerializer,
        responses={201: MonitoringPlanDetailSerializer},
        examples=[OpenApiExample("Activity", request_only=True, value={
            "programme": 12, "name": "อบรมผู้ประกอบการ", "responsible_unit": "ฝ่ายพัฒนา"})],
    )
    @action(detail=True, methods=["post"])
    def activities(self, request, pk=None):
        plan = queries.get_plan_for_user(request.user, pk)
        values = _valid(MonitoringActivityInputSerializer, request.data)
        domain.add_activity(actor=request.user, programme=_programme_of(plan, values["programme"]),
                            name=values["name"],
                            responsible_unit=values.get("responsible_unit", ""), ip=_ip(request))
        return Response(plan_detail(queries.get_plan_for_user(request.user, pk)),
                        status=status.HTTP_201_CREATED)


class MonitoringIndicatorFilters(_Filters):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    programme = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)


def _programme_of(plan, pk) -> Programme:
    programme = Programme.objects.filter(plan=plan, pk=pk).first()
    if programme is None:
        raise ValidationFailed(_("Choose a programme and activity of this plan."),
                               field="programme")
    return programme


INDICATOR_EXAMPLE = OpenApiExample("Indicator with quarterly targets", request_only=True, value={
    "plan": 1, "programme": 1, "activity": None, "name": "ผู้ประกอบการที่ได้รับการส่งเสริม",
    "unit": "กิจการ", "kind": "count", "annual_target": "100",
    "quarter_targets": {"q1": "10.00", "q2": None, "q3": "30", "q4": "60"}})


@extend_schema_view(
    list=extend_schema(
        summary="Indicators of the plans you may see, with their quarterly targets",
        parameters=[OpenApiParameter("plan", OpenApiTypes.INT, description="Plan id"),
                    OpenApiParameter("programme", OpenApiTypes.INT, description="Programme id")],
        responses={200: MonitoringIndicatorSerializer(many=True)},
    ),
    retrieve=extend_schema(summary="One indicator with its quarterly targets", parameters=[ID],
                           responses={200: MonitoringIndicatorSerializer}),
    create=extend_schema(
        summary="Add an indicator with its quarterly targets (fund staff)",
        description="`quarter_targets` gives each quarter's plan; null = N/A (not measured that "
                    "quarter). Numbers are checked by the domain (text, too many decimals, out "
                    "of range: 400 by field).",
        request=MonitoringIndicatorInputSerializer,
        responses={201: MonitoringIndicatorSerializer, 409: CONFLICT},
        examples=[INDICATOR_EXAMPLE],
    ),
    partial_update=extend_schema(
        summary="Change an indicator or its quarterly targets (fund staff)",
        description="Fields left out keep their value; quarters left out of `quarter_targets` "
                    "keep their plan. The plan of a quarter whose report was submitted or "
                    "accepted cannot change (409).",
        parameters=[ID], request=MonitoringIndicatorInputSerializer(partial=True),
        responses={200: MonitoringIndicatorSerializer, 409: CONFLICT},
    ),
)
class IndicatorViewSet(_PlanPartApi):
    """Indicators (เป้าหมาย/ตัวชี้วัด) with their quarterly targets nested."""

    matrix_rows = (rules.VIEW, rules.MANAGE)
    matrix_action_rows = {"list": (rules.VIEW,), "retrieve": (rules.VIEW,),
                          "create": (rules.MANAGE,), "partial_update": (rules.MANAGE,)}
    serializer_class = MonitoringIndicatorSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    detail_getter = staticmethod(queries.get_indicator_for_user)
    part_queryset = staticmethod(_indicators)
    part_data = staticmethod(indicator_data)
    input_serializer_class = MonitoringIndicatorInputSerializer
    stays_in_plan = _("An indicator stays in its plan.")

    def list(self, request):
        values = _valid(MonitoringIndicatorFilters, request.query_params)
        queryset = _indicators().filter(plan__in=self.plans())
        if values.get("plan"):
            queryset = queryset.filter(plan_id=values["plan"])
        if values.get("programme"):
            queryset = queryset.filter(programme_id=values["programme"])
        page = self.paginate_queryset(queryset.order_by("plan_id", "programme__order",
                                                        "programme_id", "order", "pk"))
        return self.get_paginated_response(MonitoringIndicatorSerializer(
            [indicator_data(i) for i in page], many=True).data)

    def _save(self, request, *, plan, current=None, partial=False):
        indicator = current
        values = _valid(MonitoringIndicatorInputSerializer, request.data, partial=partial)
        current = {} if indicator is None else {
            "programme": indicator.programme_id, "activity": indicator.activity_id,
            "name": indicator.name, "unit": indicator.unit, "kind": indicator.kind,
            "annual_target": indicator.annual_target, "baseline": indicator.baseline,
            "lower_is_better": indicator.lower_is_better,
            "level_definitions": indicator.level_definitions,
            "responsible_unit": indicator.responsible_unit, "rollup": indicator.rollup,
        }
        merged = {**current, **values}
        programme = _programme_of(plan, merged.get("programme"))
        activity = None
        if merged.get("activity"):
            activity = programme.activities.filter(pk=merged["activity"]).first()
            if activity is None:
                raise ValidationFailed(_("Choose a programme and activity of this plan."),
                                       field="activity")
        rolls_up = None
        if "rolls_up" in values:
            wanted = set(values["rolls_up"])
            rolls_up = list(Indicator.objects.select_related("plan").filter(
                pk__in=wanted, plan__in=self.plans()))
            if len(rolls_up) != len(wanted):
                raise ValidationFailed(_("Roll up indicators of funded projects of the same "
                                         "year."), field="rolls_up")
        targets = values.get("quarter_targets") or {}
        quarter_plans = {int(key[1:]): value for key, value in targets.items()}
        return domain.save_indicator(
            actor=request.user, plan=plan, indicator=indicator, programme=programme,
            activity=activity, name=merged.get("name", ""), unit=merged.get("unit", ""),
            kind=merged.get("kind") or IndicatorKind.COUNT,
            annual_target=merged.get("annual_target"), baseline=merged.get("baseline"),
            lower_is_better=bool(merged.get("lower_is_better")),
            level_definitions=merged.get("level_definitions"),
            responsible_unit=merged.get("responsible_unit") or "",
            quarter_plans=quarter_plans, rollup=merged.get("rollup") or RollUp.NONE,
            rolls_up=rolls_up, ip=_ip(request))



class MonitoringTargetFilters(_Filters):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    indicator = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)


@extend_schema_view(list=extend_schema(
    summary="Quarterly targets of the indicators you may see (read-only)",
    description="The same figures as `quarter_targets` in the indicators; set them there.",
    parameters=[OpenApiParameter("plan", OpenApiTypes.INT, description="Plan id"),
                OpenApiParameter("indicator", OpenApiTypes.INT, description="Indicator id"),
                OpenApiParameter("quarter", OpenApiTypes.INT, enum=[1, 2, 3, 4])],
    responses={200: MonitoringQuarterTargetSerializer(many=True)},
))
class QuarterTargetViewSet(_MonitoringApi):
    matrix_rows = (rules.VIEW,)
    serializer_class = MonitoringQuarterTargetSerializer
    http_method_names = ["get", "head", "options"]

    def list(self, request):
        values = _valid(MonitoringTargetFilters, request.query_params)
        queryset = QuarterTarget.objects.select_related("indicator").filter(
            indicator__plan__in=self.plans())
        if values.get("plan"):
            queryset = queryset.filter(indicator__plan_id=values["plan"])
        if values.get("indicator"):
            queryset = queryset.filter(indicator_id=values["indicator"])
        if values.get("quarter"):
            queryset = queryset.filter(quarter=values["quarter"])
        page = self.paginate_queryset(queryset.order_by("indicator__plan_id", "indicator_id",
                                                        "quarter", "pk"))
        return self.get_paginated_response(MonitoringQuarterTargetSerializer([
            {"id": t.pk, "indicator": t.indicator_id, "plan": t.indicator.plan_id,
             "quarter": t.quarter, "planned": _text(t.planned)} for t in page], many=True).data)


class MonitoringResultFilters(_Filters):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    indicator = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)


@extend_schema_view(
    list=extend_schema(
        summary="Results of the indicators you may see",
        parameters=[OpenApiParameter("plan", OpenApiTypes.INT, description="Plan id"),
                    OpenApiParameter("indicator", OpenApiTypes.INT, description="Indicator id"),
                    OpenApiParameter("quarter", OpenApiTypes.INT, enum=[1, 2, 3, 4])],
        responses={200: MonitoringResultSerializer(many=True)},
    ),
    retrieve=extend_schema(summary="One result with its evidence files", parameters=[ID],
                           responses={200: MonitoringResultSerializer}),
    create=extend_schema(
        summary="Enter or correct a quarter's result",
        description="What is entered follows the indicator's kind: `value` (a count, the "
                    "year's addition for a cumulative indicator, the level 1–5 reached), "
                    "`numerator` and `denominator` (percentage; the denominator is not zero), or "
                    "a `note` (qualitative). Only for quarters that have begun, while the "
                    "quarter's report is a draft or returned (else 409). 201 when new, 200 "
                    "when it replaced the quarter's result.",
        request=MonitoringRecordResultSerializer,
        responses={201: MonitoringResultSerializer, 200: MonitoringResultSerializer, 409: CONFLICT},
        examples=[OpenApiExample("A count", request_only=True, value={
            "indicator": 1, "quarter": 2, "value": "25", "note": "อบรม 2 รุ่น",
            "breakdown": {"women": 12, "disabilities": 3}}),
            OpenApiExample("A percentage", request_only=True, value={
                "indicator": 2, "quarter": 1, "numerator": "45", "denominator": "60"})],
    ),
)
class ResultViewSet(_MonitoringApi):
    """Indicator results per fiscal quarter."""

    matrix_rows = (rules.VIEW, rules.REPORT)
    matrix_action_rows = {"list": (rules.VIEW,), "retrieve": (rules.VIEW,),
                          "create": (rules.REPORT,), "evidence": (rules.REPORT,),
                          "remove_evidence": (rules.REPORT,)}
    serializer_class = MonitoringResultSerializer
    http_method_names = ["get", "post", "head", "options"]
    detail_getter = staticmethod(queries.get_result_for_user)

    def get_queryset(self):
        return _results().filter(indicator__plan__in=self.plans())

    def list(self, request):
        values = _valid(MonitoringResultFilters, request.query_params)
        queryset = self.get_queryset()
        if values.get("plan"):
            queryset = queryset.filter(indicator__plan_id=values["plan"])
        if values.get("indicator"):
            queryset = queryset.filter(indicator_id=values["indicator"])
        if values.get("quarter"):
            queryset = queryset.filter(quarter=values["quarter"])
        page = self.paginate_queryset(queryset.order_by("indicator__plan_id", "indicator_id",
                                                        "quarter", "pk"))
        return self.get_paginated_response(MonitoringResultSerializer(
            [result_data(r) for r in page], many=True).data)

    def retrieve(self, request, pk=None):
        result = self.get_queryset().filter(pk=_id(pk)).first()
        if result is None:
            raise NotFound
        return Response(MonitoringResultSerializer(result_data(result)).data)

    def create(self, request):
        values = _valid(MonitoringRecordResultSerializer, request.data)
        indicator = queries.get_indicator_for_user(request.user, values["indicator"])
        existed = IndicatorResult.objects.filter(indicator=indicator,
                                                 quarter=values["quarter"]).exists()
        result = domain.record_result(
            actor=request.user, indicator=indicator, quarter=values["quarter"],
            value=values.get("value"), numerator=values.get("numerator"),
            denominator=values.get("denominator"), note=values.get("note", ""),
            breakdown=values.get("breakdown"), ip=_ip(request))
        data = MonitoringResultSerializer(result_data(_results().get(pk=result.pk))).data
        return Response(data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def _detail(self, result) -> Response:
        return Response(MonitoringResultSerializer(result_data(_results().get(pk=result.pk))).data)

    @extend_schema(
        summary="Attach an evidence file to the result",
        description="multipart/form-data with `file` (the types and size limit of proposal "
                    "attachments; a wrong one answers 400). Only while the quarter's report is "
                    "a draft or returned (else 409). The answer is the result with its files; "
                    "download one from its page, where each download is logged.",
        parameters=[ID], request={"multipart/form-data": MonitoringEvidenceUploadSerializer},
        responses={201: MonitoringResultSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        result = queries.get_result_for_user(request.user, pk)
        values = _valid(MonitoringEvidenceUploadSerializer, request.data)
        domain.add_evidence(actor=request.user, result=result, upload=values["file"],
                            ip=_ip(request))
        response = self._detail(result)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        summary="Remove an evidence file from the result",
        description="Only while the quarter's report is a draft or returned (else 409).",
        parameters=[ID], request=MonitoringEvidenceRemoveSerializer,
        responses={200: MonitoringResultSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="evidence/remove")
    def remove_evidence(self, request, pk=None):
        result = queries.get_result_for_user(request.user, pk)
        values = _valid(MonitoringEvidenceRemoveSerializer, request.data)
        evidence = result.evidence.filter(pk=values["evidence"]).first()
        if evidence is None:
            raise ValidationFailed(_("Choose an evidence file of this result."), field="evidence")
        evidence.result = result  # its plan was reached through the access function
        domain.remove_evidence(actor=request.user, evidence=evidence, ip=_ip(request))
        return self._detail(result)


class MonitoringBudgetFilters(_Filters):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)


BUDGET_EXAMPLE = OpenApiExample("Budget plan", request_only=True, value={
    "plan": 1, "name": "งบดำเนินงาน", "received": "1000000.00",
    "quarters": {"q1": {"target_pct": "25", "planned": "250000"},
                 "q2": {"target_pct": "50", "planned": "250000"}}})


@extend_schema_view(
    list=extend_schema(
        summary="Budget plans of the plans you may see, with each quarter's figures",
        parameters=[OpenApiParameter("plan", OpenApiTypes.INT, description="Plan id")],
        responses={200: MonitoringBudgetPlanSerializer(many=True)},
    ),
    retrieve=extend_schema(summary="One budget plan", parameters=[ID],
                           responses={200: MonitoringBudgetPlanSerializer}),
    create=extend_schema(
        summary="Add a budget plan (fund staff)",
        description="The budget received and, per quarter, the target cumulative % and the "
                    "amount planned.",
        request=MonitoringBudgetPlanInputSerializer, responses={201: MonitoringBudgetPlanSerializer},
        examples=[BUDGET_EXAMPLE],
    ),
    partial_update=extend_schema(
        summary="Change a budget plan (fund staff)",
        description="Fields left out keep their value. The budget received may not fall below "
                    "what was already disbursed.",
        parameters=[ID], request=MonitoringBudgetPlanInputSerializer(partial=True),
        responses={200: MonitoringBudgetPlanSerializer},
    ),
)
class BudgetPlanViewSet(_PlanPartApi):
    """Budget plans (แผนงบประมาณ) and their disbursement by quarter."""

    matrix_rows = (rules.VIEW, rules.MANAGE, rules.REPORT)
    matrix_action_rows = {"list": (rules.VIEW,), "retrieve": (rules.VIEW,),
                          "create": (rules.MANAGE,), "partial_update": (rules.MANAGE,),
                          "disbursements": (rules.REPORT,)}
    serializer_class = MonitoringBudgetPlanSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    detail_getter = staticmethod(queries.get_budget_plan_for_user)
    part_queryset = staticmethod(_budget_plans)
    part_data = staticmethod(budget_plan_data)
    input_serializer_class = MonitoringBudgetPlanInputSerializer
    stays_in_plan = _("A budget plan stays in its plan.")

    def list(self, request):
        values = _valid(MonitoringBudgetFilters, request.query_params)
        queryset = _budget_plans().filter(plan__in=self.plans())
        if values.get("plan"):
            queryset = queryset.filter(plan_id=values["plan"])
        page = self.paginate_queryset(queryset.order_by("plan_id", "order", "pk"))
        return self.get_paginated_response(MonitoringBudgetPlanSerializer(
            [budget_plan_data(b) for b in page], many=True).data)

    def _save(self, request, *, plan, current=None, partial=False):
        budget_plan = current
        values = _valid(MonitoringBudgetPlanInputSerializer, request.data, partial=partial)
        name = values.get("name", budget_plan.name if budget_plan else "")
        received = values["received"] if "received" in values else (
            budget_plan.received if budget_plan else None)
        quarters = {int(key[1:]): dict(value)
                    for key, value in (values.get("quarters") or {}).items()}
        if budget_plan is not None:
            # Quarters sent with only one of the two figures keep the other.
            current = {q.quarter: q for q in budget_plan.quarters.all()}
            for quarter, figures in quarters.items():
                row = current.get(quarter)
                for key in ("target_pct", "planned"):
                    if key not in figures and row is not None:
                        figures[key] = getattr(row, key)
        return domain.save_budget_plan(actor=request.user, plan=plan, budget_plan=budget_plan,
                                       name=name, received=received, quarters=quarters,
                                       ip=_ip(request))

    @extend_schema(
        summary="Record a quarter's disbursement",
        description="The amount disbursed in the quarter (replacing what was recorded). Only for "
                    "quarters that have begun, while the quarter's report is a draft or returned "
                    "(else 409); the year's total may not exceed the budget received (400).",
        parameters=[ID], request=MonitoringDisbursementSerializer,
        responses={200: MonitoringBudgetPlanSerializer, 409: CONFLICT},
        examples=[OpenApiExample("Q2", request_only=True,
                                 value={"quarter": 2, "disbursed": "180000.00"})],
    )
    @action(detail=True, methods=["post"])
    def disbursements(self, request, pk=None):
        budget_plan = queries.get_budget_plan_for_user(request.user, pk)
        values = _valid(MonitoringDisbursementSerializer, request.data)
        domain.record_disbursement(actor=request.user, budget_plan=budget_plan,
                                   quarter=values["quarter"], disbursed=values.get("disbursed"),
                                   ip=_ip(request))
        return Response(self._detail(budget_plan.pk))


class MonitoringReportFilters(_Filters):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)
    status = serializers.ChoiceField(choices=ReportStatus.choices, required=False)


@extend_schema_view(
    list=extend_schema(
        summary="Quarterly reports of the plans you may see",
        description="A quarter's report is opened (as a draft, with its due date) when its "
                    "first result or disbursement is entered.",
        parameters=[OpenApiParameter("plan", OpenApiTypes.INT, description="Plan id"),
                    OpenApiParameter("quarter", OpenApiTypes.INT, enum=[1, 2, 3, 4]),
                    OpenApiParameter("status", OpenApiTypes.STR, enum=ReportStatus.values)],
        responses={200: MonitoringReportSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="One quarterly report: state, review, obstacles, results still missing",
        parameters=[ID], responses={200: MonitoringReportDetailSerializer}),
)
class ReportViewSet(_MonitoringApi):
    """Quarterly reports and their transitions: submit (draft or returned → submitted),
    return with a comment or accept (submitted → returned / accepted, fund staff)."""

    matrix_rows = (rules.VIEW, rules.REPORT, rules.REVIEW)
    matrix_action_rows = {"list": (rules.VIEW,), "retrieve": (rules.VIEW,),
                          "submit": (rules.REPORT,), "return_report": (rules.REVIEW,),
                          "accept": (rules.REVIEW,), "obstacles": (rules.REPORT,)}
    serializer_class = MonitoringReportSerializer
    http_method_names = ["get", "post", "head", "options"]
    detail_getter = staticmethod(queries.get_report_for_user)

    def list(self, request):
        values = _valid(MonitoringReportFilters, request.query_params)
        queryset = QuarterlyReport.objects.select_related("submitted_by", "reviewed_by").filter(
            plan__in=self.plans())
        if values.get("plan"):
            queryset = queryset.filter(plan_id=values["plan"])
        if values.get("quarter"):
            queryset = queryset.filter(quarter=values["quarter"])
        if values.get("status"):
            queryset = queryset.filter(status=values["status"])
        page = self.paginate_queryset(queryset.order_by("-due_on", "plan_id", "pk"))
        return self.get_paginated_response(MonitoringReportSerializer(
            [report_data(r) for r in page], many=True).data)

    def retrieve(self, request, pk=None):
        return Response(report_detail(request.user, pk))

    @extend_schema(
        summary="Record a programme's problems and fixes for the quarter",
        description="Replaces what was recorded for that programme. Only while the report is a "
                    "draft or returned (else 409); a programme of another plan answers 400.",
        parameters=[ID], request=MonitoringObstacleInputSerializer,
        responses={200: MonitoringReportDetailSerializer, 409: CONFLICT},
        examples=[OpenApiExample("Obstacles", request_only=True, value={
            "programme": 12, "problems": "ผู้เข้าอบรมมาไม่ครบตามเป้า",
            "fixes": "จัดอบรมออนไลน์เพิ่มในไตรมาสถัดไป"})],
    )
    @action(detail=True, methods=["post"])
    def obstacles(self, request, pk=None):
        report = queries.get_report_for_user(request.user, pk)
        values = _valid(MonitoringObstacleInputSerializer, request.data)
        domain.save_obstacles(actor=request.user, report=report,
                              programme=_programme_of(report.plan, values["programme"]),
                              problems=values.get("problems", ""), fixes=values.get("fixes", ""),
                              ip=_ip(request))
        return Response(report_detail(request.user, pk))

    @extend_schema(
        summary="Submit the report to the fund staff",
        description="From draft or returned. Every indicator planned for the quarter needs its "
                    "result (400 naming them); another state answers 409.",
        parameters=[ID], request=None, responses={200: MonitoringReportDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = queries.get_report_for_user(request.user, pk)
        domain.submit_report(actor=request.user, report=report, ip=_ip(request))
        return Response(report_detail(request.user, pk))

    @extend_schema(
        summary="Return a submitted report with a comment (fund staff)",
        description="The comment (required) says what to fix; the report becomes editable "
                    "again. A report that is not submitted answers 409.",
        parameters=[ID], request=MonitoringCommentSerializer,
        responses={200: MonitoringReportDetailSerializer, 409: CONFLICT},
        examples=[OpenApiExample("Return", request_only=True,
                                 value={"comment": "แนบหลักฐานการอบรมไตรมาส 2"})],
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        report = queries.get_report_for_user(request.user, pk)
        values = _valid(MonitoringCommentSerializer, request.data)
        domain.return_report(actor=request.user, report=report,
                             comment=values.get("comment", ""), ip=_ip(request))
        return Response(report_detail(request.user, pk))

    @extend_schema(
        summary="Accept a submitted report (fund staff); it is locked from then on",
        parameters=[ID], request=MonitoringCommentSerializer,
        responses={200: MonitoringReportDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        report = queries.get_report_for_user(request.user, pk)
        values = _valid(MonitoringCommentSerializer, request.data)
        domain.accept_report(actor=request.user, report=report,
                             comment=values.get("comment", ""), ip=_ip(request))
        return Response(report_detail(request.user, pk))
