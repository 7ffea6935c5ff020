"""The monitoring dashboard (spec 04, matrix row 13.5): per fiscal year, filterable by fund, plan
and responsible unit.

* indicators behind plan, year to date up to the last quarter that has ended (the current one
  while none has; all four for a past year);
* overdue reports (draft or returned, due date passed) and reports awaiting review (submitted);
* disbursement against the target curve: per quarter Σ target amounts (received × target
  cumulative %) against Σ cumulative disbursement, over the selected plans' budget plans;
* per indicator (those of the selected plan, else the first ``CHARTED_INDICATORS`` behind plan)
  plan against result by quarter.

Everything is aggregated in SQL — one pivot query over indicators with their quarterly targets
and results (conditional aggregation per quarter), one query for the reports, two for the budget
— and statuses are computed by the pure ``achievement`` module on the aggregated plain figures.
The query count does not depend on the number of plans or indicators.

The computed data (plain values only) is cached for ``CACHE_SECONDS`` per fiscal year, filter
set, day and language, under a version key that :func:`bump_version` changes whenever a plan,
indicator, target, result, budget figure or report is saved or deleted (receivers connected by
:func:`connect_signals`, called from ``MonitoringConfig.ready``). Writes that send no signals
(``QuerySet.update``, ``bulk_create``) are covered by the short expiry; every domain write that
matters also saves a model instance in the same transaction (e.g. a seeded plan), and the
version is bumped again when the transaction commits so that a page computed meanwhile is not
kept.

Decisions where the spec is silent: the responsible-unit filter keeps an indicator whose own,
activity's or plan's responsible unit is the one chosen, and the plans that have one such
(their reports and budget); the target curve sums the exact target amounts and rounds the sum
half up to the satang once (the report's own table rounds each plan's amount); cumulative
disbursement is left empty for quarters that have not begun."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from phonlap.core import fiscal
from phonlap.funds.models import Fund

from . import achievement
from .enums import EDITABLE_REPORT_STATES, PlanLevel, ReportStatus
from .models import (
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

CACHE_SECONDS = 300
CACHE_PREFIX = "monitoring:dashboard"
VERSION_KEY = f"{CACHE_PREFIX}:version"
CHARTED_INDICATORS = 10  # without a plan chosen: charts for the first N indicators behind plan
MAX_CHARTED = 60  # a chosen plan's indicators charted at most
MAX_LISTED_PLANS = 200  # beyond this many plans in a year the filter lists the funds' own
QUARTERS = fiscal.QUARTERS
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_AMOUNT = DecimalField(max_digits=16, decimal_places=2)


# --- cache version ----------------------------------------------------------------------------

def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        cache.add(VERSION_KEY, current, None)
        current = cache.get(VERSION_KEY) or current
    return current


def bump_version() -> None:
    """Forget every cached dashboard (its key names the version)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _changed(sender, **kwargs) -> None:
    bump_version()
    # Again after commit: a page computed before the change was visible must not be kept.
    transaction.on_commit(bump_version, robust=True)


WATCHED = (MonitoringPlan, Programme, Activity, Indicator, QuarterTarget, IndicatorResult,
           BudgetPlan, BudgetQuarter, QuarterlyReport)


def connect_signals() -> None:
    """Invalidate the cached dashboards when monitoring data changes (idempotent)."""
    for model in WATCHED:
        post_save.connect(_changed, sender=model,
                          dispatch_uid=f"monitoring-dashboard-save-{model.__name__}")
        post_delete.connect(_changed, sender=model,
                            dispatch_uid=f"monitoring-dashboard-delete-{model.__name__}")


# --- filters ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    year: int
    fund: int | None = None
    plan: int | None = None
    unit: str = ""

    def cache_key(self, *, today: date, language: str) -> str:
        text = f"{self.year}|{self.fund}|{self.plan}|{self.unit}|{today.isoformat()}|{language}"
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]
        return f"{CACHE_PREFIX}:{version()}:data:{digest}"


def span(year: int, today: date) -> int | None:
    """The quarters 1..n a year-to-date status covers on ``today``: the last quarter that has
    ended (the current one while none has); 4 for a past year; None for a year not begun."""
    current = fiscal.fiscal_quarter(today)
    if year < current.year:
        return 4
    if year > current.year:
        return None
    return max(current.quarter - 1, 1)


def _language() -> str:
    return (translation.get_language() or "th")[:2]


def _cached(key: str, build):
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


# --- options of the filter form ---------------------------------------------------------------

def options(year: int, *, today: date | None = None) -> dict:
    """What the filter offers for ``year``: fiscal years (those with plans and the current one),
    funds, the year's plans and responsible units. Cached like the data."""
    today = today or timezone.localdate()
    key = f"{CACHE_PREFIX}:{version()}:options:{year}:{today.isoformat()}:{_language()}"
    return _cached(key, lambda: _options(year, today))


def _options(year: int, today: date) -> dict:
    fund_fields = ("name_th", "name_en", "short_name_th", "short_name_en")
    every_plan = list(MonitoringPlan.objects.values(
        "id", "name", "fund_id", "fiscal_year", "level", *(f"fund__{f}" for f in fund_fields))
        .order_by("fund_id", "level", "name", "id"))
    years = {p["fiscal_year"] for p in every_plan} | {fiscal.fiscal_year(today)}
    # The funds that have plans, read with them (a fund without any has nothing to show): one
    # Fund each, not one per plan (ten thousand model instances were most of a cold page).
    named: dict[int, Fund] = {}
    for p in every_plan:
        if p["fund_id"] not in named:
            named[p["fund_id"]] = Fund(pk=p["fund_id"], **{f: p[f"fund__{f}"] for f in fund_fields})
    funds = [{"id": f.pk, "name": f.name, "short": f.short_name}
             for _pk, f in sorted(named.items())]
    short = {f["id"]: f["short"] for f in funds}
    of_year = [p for p in every_plan if p["fiscal_year"] == year]
    in_plans = Q(fiscal_year=year)
    if len(of_year) > MAX_LISTED_PLANS:
        # Thousands of funded projects a year: the filter offers the funds' own plans and their
        # responsible units; a project's plan is chosen from its page (``with_chosen_plan``).
        of_year = [p for p in of_year if p["level"] == PlanLevel.ORGANISATION]
        in_plans &= Q(level=PlanLevel.ORGANISATION)
    plans = [_plan_option(p, short) for p in of_year]
    year_plans = MonitoringPlan.objects.filter(in_plans).values("pk")
    units = (MonitoringPlan.objects.filter(in_plans).exclude(responsible_unit="")
             .order_by().values_list("responsible_unit", flat=True)
             .union(Indicator.objects.filter(plan__in=year_plans).exclude(responsible_unit="")
                    .order_by().values_list("responsible_unit", flat=True),
                    Activity.objects.filter(programme__plan__in=year_plans)
                    .exclude(responsible_unit="").order_by()
                    .values_list("responsible_unit", flat=True)))
    return {"years": sorted(years, reverse=True), "funds": funds, "plans": plans,
            "units": sorted(set(units))}


def _plan_option(plan: dict, short: dict) -> dict:
    return {"id": plan["id"], "name": plan["name"], "fund": plan["fund_id"],
            "label": f"{short.get(plan['fund_id'], '')}: {plan['name']}"}


def with_chosen_plan(options: dict, year: int, raw) -> dict:
    """``options`` offering also the plan asked for by id when the list leaves it out (a
    project's plan in a year of thousands): one query, only then."""
    try:
        chosen = int(raw)
    except (TypeError, ValueError):
        return options
    if any(p["id"] == chosen for p in options["plans"]):
        return options
    plan = (MonitoringPlan.objects.filter(pk=chosen, fiscal_year=year)
            .values("id", "name", "fund_id").first())
    if plan is None:
        return options
    short = {f["id"]: f["short"] for f in options["funds"]}
    return {**options, "plans": [*options["plans"], _plan_option(plan, short)]}


# --- the selection ----------------------------------------------------------------------------

def selected_plans(filters: Filters) -> QuerySet[MonitoringPlan]:
    plans = MonitoringPlan.objects.filter(fiscal_year=filters.year)
    if filters.fund:
        plans = plans.filter(fund_id=filters.fund)
    if filters.plan:
        plans = plans.filter(pk=filters.plan)
    if filters.unit:
        unit = filters.unit
        plans = plans.filter(
            Q(responsible_unit=unit)
            | Q(pk__in=Indicator.objects.filter(Q(responsible_unit=unit)
                                                | Q(activity__responsible_unit=unit))
                .values("plan_id")))
    return plans


def selected_indicators(filters: Filters) -> QuerySet[Indicator]:
    indicators = Indicator.objects.filter(plan__in=selected_plans(filters).values("pk"))
    if filters.unit:
        unit = filters.unit
        indicators = indicators.filter(Q(responsible_unit=unit)
                                       | Q(activity__responsible_unit=unit)
                                       | Q(plan__responsible_unit=unit))
    return indicators


# --- computing --------------------------------------------------------------------------------

def dashboard(filters: Filters, *, today: date | None = None) -> dict:
    """The dashboard's data for ``filters`` (from the cache when computed in the last
    ``CACHE_SECONDS`` and nothing changed since)."""
    today = today or timezone.localdate()
    key = filters.cache_key(today=today, language=_language())
    return _cached(key, lambda: compute(filters, today=today))


ORDER = ("plan__fund_id", "plan__name", "plan_id", "programme__order", "programme_id", "order",
         "id")
LISTED = 50  # indicators behind plan listed (all are counted)


def compute(filters: Filters, *, today: date) -> dict:
    """The dashboard's figures. The indicators behind plan are found and counted by their stored
    year-to-date status (``statuses``: kept current by every write) and only the ones shown are
    computed in full, so the cost does not grow with the tens of thousands of indicators of a
    year."""
    up_to = span(filters.year, today)
    selected = selected_indicators(filters)
    behind_now = Q(**{f"status_q{up_to}": achievement.Status.BEHIND}) if up_to else Q(pk__in=[])
    counts = selected.aggregate(total=Count("pk"), behind=Count("pk", filter=behind_now))
    # The keys of the indicators shown: the first behind plan, or the chosen plan's (of which
    # those behind are listed), in one query.
    shown = selected.filter(behind_now) if not filters.plan \
        else selected.exclude(kind=achievement.QUALITATIVE)
    status = f"status_q{up_to}" if up_to else "status_q1"
    keys = list(shown.order_by(*ORDER).values("pk", "rollup", status)
                [:LISTED if not filters.plan else MAX_CHARTED])
    listed = [k["pk"] for k in keys if up_to and k[status] == achievement.Status.BEHIND][:LISTED]
    rows = _indicators(up_to, keys)
    by_id = {row["id"]: row for row in rows}
    behind = [by_id[pk] for pk in listed if pk in by_id]
    overdue, awaiting = _reports(filters, today)
    return {
        "year": filters.year,
        "today": today,
        "computed_at": timezone.now(),
        "up_to": up_to,
        "indicator_count": counts["total"],
        "behind_count": counts["behind"] if up_to else 0,
        "behind": behind,
        "charted": rows if filters.plan else behind[:CHARTED_INDICATORS],
        "overdue": overdue,
        "awaiting": awaiting,
        "budget": _budget(filters, today),
    }


def _pivot(relation: str, field: str, quarter: int) -> Max:
    """One quarter's figure of a per-quarter relation, as a column (at most one row per
    indicator and quarter, so Max picks it; the other relation's join repeats it harmlessly)."""
    return Max(Case(When(**{f"{relation}__quarter": quarter}, then=F(f"{relation}__{field}")),
                    output_field=_AMOUNT))


def _figures(row: dict) -> achievement.IndicatorFigures:
    return achievement.IndicatorFigures(
        kind=row["kind"], target=row["annual_target"], baseline=row["baseline"],
        lower_is_better=row["lower_is_better"],
        quarters={q: achievement.QuarterFigures(
            plan=_round(row[f"plan_{q}"]), result=_round(row[f"value_{q}"]),
            numerator=_round(row[f"num_{q}"]), denominator=_round(row[f"den_{q}"]))
            for q in QUARTERS})


def _rolled_up(row: dict, children: list[achievement.IndicatorFigures]
               ) -> achievement.IndicatorFigures:
    """A fund-level indicator's figures with its results computed from its projects'."""
    own = _figures(row)
    results = achievement.rolled_up_results(row["rollup"], children)
    return achievement.IndicatorFigures(
        kind=own.kind, target=own.target, baseline=own.baseline,
        lower_is_better=own.lower_is_better,
        quarters={q: achievement.QuarterFigures(plan=own.quarters[q].plan, result=results[q])
                  for q in QUARTERS})


def _indicator_rows(keys: list[dict]):
    """One grouped query: the indicators shown (``keys``) and the project indicators that those
    rolling up read, each once per indicator it is rolled into (``parent``), with its quarterly
    plans and results pivoted into columns."""
    columns = {}
    for q in QUARTERS:
        columns[f"plan_{q}"] = _pivot("quarter_targets", "planned", q)
        columns[f"value_{q}"] = _pivot("results", "value", q)
        columns[f"num_{q}"] = _pivot("results", "numerator", q)
        columns[f"den_{q}"] = _pivot("results", "denominator", q)
    shown = [k["pk"] for k in keys]
    parents = [k["pk"] for k in keys if k["rollup"]]
    condition = Q(pk__in=shown) | Q(rolled_into__in=parents) if parents else Q(pk__in=shown)
    return (Indicator.objects.filter(condition)
            .values("id", "name", "unit", "kind", "annual_target", "baseline", "lower_is_better",
                    "rollup", "order", "plan_id", "plan__name", "plan__fund_id",
                    "programme__order", "programme_id", parent=F("rolled_into"))
            .annotate(**columns)
            .order_by(*ORDER))


def _indicators(up_to: int | None, keys: list[dict]) -> list[dict]:
    """The indicators shown, in order, with their quarterly plans and results (one grouped
    query) and their year-to-date summary; a rolled-up indicator's results come from its
    projects'."""
    if not keys:
        return []
    shown = {k["pk"] for k in keys}
    rows = list(_indicator_rows(keys))
    children: dict[int, dict[int, achievement.IndicatorFigures]] = {}
    for row in rows:
        if row["parent"] is not None:
            children.setdefault(row["parent"], {})[row["id"]] = _figures(row)
    seen: set[int] = set()
    result = []
    for row in rows:
        if row["id"] not in shown or row["id"] in seen:
            continue
        seen.add(row["id"])
        figures = (_rolled_up(row, list(children.get(row["id"], {}).values()))
                   if row["rollup"] else _figures(row))
        summary = achievement.summarise(figures, up_to) if up_to else None
        result.append({
            "id": row["id"], "name": row["name"], "unit": row["unit"], "kind": row["kind"],
            "plan_id": row["plan_id"], "plan_name": row["plan__name"],
            "target": row["annual_target"],
            "ytd_plan": summary.ytd_plan if summary else None,
            "ytd_result": summary.ytd_result if summary else None,
            "running_total": summary.running_total if summary else None,
            "achievement": summary.achievement if summary else None,
            "ytd_status": summary.ytd_status if summary else None,
            "quarters": [{
                "quarter": q,
                "plan": (None if row["kind"] == achievement.QUALITATIVE
                         else figures.quarters[q].plan),
                "result": achievement.quarter_result(figures, q),
                "status": achievement.quarter_status(figures, q),
            } for q in QUARTERS],
        })
    return result


def _reports(filters: Filters, today: date) -> tuple[list[dict], list[dict]]:
    rows = (QuarterlyReport.objects
            .filter(plan__in=selected_plans(filters).values("pk"))
            .filter(Q(status__in=EDITABLE_REPORT_STATES, due_on__lt=today)
                    | Q(status=ReportStatus.SUBMITTED))
            .values("id", "quarter", "status", "due_on", "submitted_at", "plan_id", "plan__name")
            .order_by("due_on", "plan__name", "plan_id", "quarter"))
    overdue, awaiting = [], []
    for row in rows:
        item = {"id": row["id"], "quarter": row["quarter"], "status": row["status"],
                "due_on": row["due_on"], "submitted_at": row["submitted_at"],
                "plan_id": row["plan_id"], "plan_name": row["plan__name"],
                "days_late": (today - row["due_on"]).days}
        (awaiting if row["status"] == ReportStatus.SUBMITTED else overdue).append(item)
    return overdue, awaiting


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole or whole <= 0:
        return None
    return _round(part * HUNDRED / whole)


def _budget(filters: Filters, today: date) -> dict:
    """Per quarter: Σ target amounts (cumulative by definition of the target %), Σ cumulative
    planned and Σ cumulative disbursed over the selected plans' budget plans."""
    plans = selected_plans(filters).values("pk")
    # One query: every budget plan has its four quarter rows (``domain.save_budget_plan``), so
    # the budget received is summed once, over the first quarter's rows.
    by_quarter = {row["quarter"]: row for row in (
        BudgetQuarter.objects.filter(budget_plan__plan__in=plans)
        .values("quarter")
        .annotate(target_x100=Sum(ExpressionWrapper(
                      F("budget_plan__received") * F("target_pct"),
                      output_field=DecimalField(max_digits=32, decimal_places=4))),
                  planned=Sum("planned"), disbursed=Sum("disbursed"),
                  received=Sum("budget_plan__received"))
        .order_by("quarter"))}
    received = (by_quarter.get(1) or {}).get("received") or Decimal("0.00")
    rows = []
    planned_running = disbursed_running = None
    for q in QUARTERS:
        row = by_quarter.get(q, {})
        target = row.get("target_x100")
        target = _round(Decimal(target) / HUNDRED) if target is not None else None
        if row.get("planned") is not None:
            planned_running = (planned_running or Decimal(0)) + row["planned"]
        started = fiscal.quarter_start(filters.year, q) <= today
        if started and row.get("disbursed") is not None:
            disbursed_running = (disbursed_running or Decimal(0)) + row["disbursed"]
        disbursed = (disbursed_running if disbursed_running is not None else Decimal("0.00")) \
            if started else None
        rows.append({
            "quarter": q,
            "target": target, "target_pct": _pct(target, received),
            "planned": _round(planned_running),
            "disbursed": _round(disbursed), "disbursed_pct": _pct(disbursed, received),
        })
    return {"has_budget": bool(by_quarter) or received > 0,
            "received": _round(received), "quarters": rows,
            "total_disbursed": _round(disbursed_running or Decimal(0)),
            "disbursed_pct": _pct(disbursed_running or Decimal(0), received)}
