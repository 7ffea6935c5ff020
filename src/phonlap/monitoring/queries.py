"""Reads. ``get_plan_for_user`` is the one access function for monitoring plans (same 404 for
missing and forbidden); indicators, results, evidence, budget plans and reports are reached
through their plan.

Scopes of row 13.1: project managers see the plans of the projects they drafted (in
organisations they still belong to), organisation managers those of their organisations' funded
projects, staff and super users every plan, including the funds' own plans."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.enums import Scope
from phonlap.organisations.enums import MembershipStatus
from phonlap.organisations.models import Membership

from . import achievement, budget
from .models import (
    BudgetPlan,
    BudgetQuarter,
    Evidence,
    Indicator,
    IndicatorResult,
    MonitoringPlan,
    QuarterlyReport,
    QuarterTarget,
)
from .rules import VIEW


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _scoped(user, row: str, queryset: QuerySet[MonitoringPlan]) -> QuerySet[MonitoringPlan]:
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    scopes = allowed_scopes(user, row)
    if Scope.ALL in scopes:
        return queryset
    condition = Q(pk__in=[])
    approved = Membership.objects.filter(user=user, status=MembershipStatus.APPROVED)
    if Scope.OWN_ORGANISATION in scopes:
        condition |= Q(funded_project__organisation__in=approved.filter(is_manager=True)
                       .values("organisation"))
    if Scope.OWN in scopes:
        condition |= Q(funded_project__proposal__created_by=user,
                       funded_project__organisation__in=approved.values("organisation"))
    return queryset.filter(condition)


def _base() -> QuerySet[MonitoringPlan]:
    return MonitoringPlan.objects.select_related(
        "fund", "funded_project", "funded_project__organisation", "funded_project__proposal")


def plans_for_user(user, row: str = VIEW) -> QuerySet[MonitoringPlan]:
    """Every plan the user's scope of ``row`` reaches."""
    return _scoped(user, row, _base())


def get_plan_for_user(user, pk, row: str = VIEW) -> MonitoringPlan:
    """The plan if the user's scope of ``row`` (default: view, 13.1) reaches it, else 404."""
    plan = plans_for_user(user, row).filter(pk=_int(pk)).first()
    if plan is None:
        raise Http404
    return plan


def get_report_for_user(user, pk) -> QuarterlyReport:
    report = (QuarterlyReport.objects.select_related("submitted_by", "reviewed_by")
              .filter(pk=_int(pk), plan__in=plans_for_user(user)).first())
    if report is None:
        raise Http404
    report.plan = get_plan_for_user(user, report.plan_id)
    return report


def get_indicator_for_user(user, pk) -> Indicator:
    indicator = (Indicator.objects.select_related("programme", "activity")
                 .filter(pk=_int(pk), plan__in=plans_for_user(user)).first())
    if indicator is None:
        raise Http404
    indicator.plan = get_plan_for_user(user, indicator.plan_id)
    return indicator


def get_budget_plan_for_user(user, pk) -> BudgetPlan:
    budget_plan = BudgetPlan.objects.filter(pk=_int(pk), plan__in=plans_for_user(user)).first()
    if budget_plan is None:
        raise Http404
    budget_plan.plan = get_plan_for_user(user, budget_plan.plan_id)
    return budget_plan


def get_result_for_user(user, pk) -> IndicatorResult:
    result = (IndicatorResult.objects.select_related("indicator")
              .filter(pk=_int(pk), indicator__plan__in=plans_for_user(user)).first())
    if result is None:
        raise Http404
    result.indicator.plan = get_plan_for_user(user, result.indicator.plan_id)
    return result


def get_evidence_for_user(user, pk) -> Evidence:
    """An evidence file of a plan the user may view, or 404. Callers log the download."""
    evidence = (Evidence.objects.select_related("result__indicator")
                .filter(pk=_int(pk), result__indicator__plan__in=plans_for_user(user)).first())
    if evidence is None:
        raise Http404
    return evidence


# --- the plan as figures ---------------------------------------------------------------------

def figures_prefetch(*, evidence: bool = False) -> tuple[Prefetch, Prefetch]:
    results = IndicatorResult.objects.order_by("quarter")
    return (Prefetch("quarter_targets", queryset=QuarterTarget.objects.order_by("quarter")),
            Prefetch("results", queryset=results.prefetch_related("evidence")
                     if evidence else results))


def indicators_with_figures(plan: MonitoringPlan, *, evidence: bool = False) -> list[Indicator]:
    """The plan's indicators with their targets and results (and, if asked, the results'
    evidence) prefetched, in order, and for fund-level indicators the project indicators they
    roll up with theirs: a constant number of queries whatever the number of indicators."""
    return list(
        plan.indicators.select_related("programme", "activity").prefetch_related(
            *figures_prefetch(evidence=evidence),
            Prefetch("rolls_up", queryset=Indicator.objects.prefetch_related(*figures_prefetch())),
        )
    )


def _own_figures(indicator: Indicator) -> achievement.IndicatorFigures:
    plans = {t.quarter: t.planned for t in indicator.quarter_targets.all()}
    results = {r.quarter: r for r in indicator.results.all()}
    quarters = {}
    for quarter in (1, 2, 3, 4):
        result = results.get(quarter)
        quarters[quarter] = achievement.QuarterFigures(
            plan=plans.get(quarter),
            result=result.value if result else None,
            numerator=result.numerator if result else None,
            denominator=result.denominator if result else None,
        )
    return achievement.IndicatorFigures(
        kind=indicator.kind, target=indicator.annual_target, baseline=indicator.baseline,
        lower_is_better=indicator.lower_is_better, quarters=quarters)


def figures_of(indicator: Indicator) -> achievement.IndicatorFigures:
    """The pure module's view of an indicator whose targets and results are prefetched
    (:func:`indicators_with_figures`). A rolled-up indicator's results are computed from the
    project indicators it rolls up, never entered."""
    own = _own_figures(indicator)
    if not indicator.rollup:
        return own
    children = [_own_figures(child) for child in indicator.rolls_up.all()]
    results = achievement.rolled_up_results(indicator.rollup, children)
    quarters = {q: achievement.QuarterFigures(plan=own.quarters[q].plan, result=results[q])
                for q in (1, 2, 3, 4)}
    return achievement.IndicatorFigures(
        kind=own.kind, target=own.target, baseline=own.baseline,
        lower_is_better=own.lower_is_better, quarters=quarters)


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    figures: achievement.IndicatorFigures
    summary: achievement.IndicatorSummary


def indicator_rows(plan: MonitoringPlan, up_to: int = 4) -> list[IndicatorRow]:
    rows = []
    for indicator in indicators_with_figures(plan):
        figures = figures_of(indicator)
        rows.append(IndicatorRow(indicator, figures, achievement.summarise(figures, up_to)))
    return rows


def budget_plans_of(plan: MonitoringPlan) -> list[BudgetPlan]:
    return list(plan.budget_plans.prefetch_related(
        Prefetch("quarters", queryset=BudgetQuarter.objects.order_by("quarter"))))


def budget_table(plan: MonitoringPlan, up_to: int = 4,
                 budget_plans: list[BudgetPlan] | None = None) -> budget.BudgetTable:
    budget_plans = budget_plans_of(plan) if budget_plans is None else budget_plans
    inputs = []
    for budget_plan in budget_plans:
        quarters = {q.quarter: budget.BudgetQuarterInput(
            target_pct=q.target_pct, planned=q.planned, disbursed=q.disbursed)
            for q in budget_plan.quarters.all()}
        inputs.append(budget.BudgetPlanInput(name=budget_plan.name, received=budget_plan.received,
                                             quarters=quarters))
    return budget.budget_table(inputs, up_to=up_to)


def reports_of(plan: MonitoringPlan) -> dict[int, QuarterlyReport]:
    """{quarter: report} of the reports opened so far."""
    return {r.quarter: r for r in plan.reports.all()}


def disbursed_total(budget_plan: BudgetPlan, *, except_quarter: int | None = None) -> Decimal:
    return sum((q.disbursed or Decimal(0) for q in budget_plan.quarters.all()
                if q.quarter != except_quarter), Decimal("0.00"))
