"""Application statistics (spec 03 "Statistics", matrix row 10): aggregated in SQL, cached.

What is counted: every proposal submitted at least once and not deleted. A draft that was never
submitted is not counted anywhere; a proposal whose next revision is being prepared after a
return (status "draft" again, revision ≥ 1) stays counted, under "new revision in preparation",
so that the number received never shrinks. Figures of a proposal come from its latest
submitted revision (requested budget, target groups); its fiscal year is that of its FIRST
submission (Thai fiscal year, B.E., 1 October – 30 September: ``core.fiscal``); its province is
its organisation's; the approved amount is the funded project's (``monitoring.FundedProject``).
The proposal row carries copies of its revisions' figures (``first_submitted_at``,
``submitted_budget``, ``submitted_target_groups``) and the organisation its province
(``address_province``), so that no query joins the revisions or walks the address.

How: a handful of GROUP BY queries whose number does not depend on the data (status × stage;
fund × call × fiscal year; province; target group, unnesting the JSON list in SQL; the median
time per stage, by a window query). Small grouped results are then summed in Python into the
tables (never a loop over proposals). The result is cached for ``CACHE_SECONDS`` per filter set
and language; nothing invalidates it, so a figure may be up to that old (the page says so).
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from phonlap.core import fiscal, thaidate
from phonlap.funds.models import Call, Fund
from phonlap.organisations.models import Province
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal
from phonlap.review.enums import ResultStatus
from phonlap.review.models import StageResult

# Five minutes: short enough that staff see a decision soon, long enough that a busy public
# page costs the database one computation per filter set and language every five minutes.
CACHE_SECONDS = 300
CACHE_PREFIX = "phonlap:statistics:v1"

# A proposal back in draft after a submission: its next revision is being prepared.
REVISING = "revising"
# The filter value for "no call" / "no province recorded".
NONE = "none"
# Statuses in the order of the workflow (draft-after-submission shown as REVISING).
STATUS_ORDER = (ProposalStatus.IN_REVIEW, ProposalStatus.RETURNED, REVISING,
                ProposalStatus.NOT_PASSED, ProposalStatus.APPROVED, ProposalStatus.REJECTED)
METRICS = ("n", "in_review", "approved", "requested", "requested_approved", "approved_amount")
MONEY_METRICS = ("requested", "requested_approved", "approved_amount")
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def status_label(status: str) -> str:
    if status in (REVISING, ProposalStatus.DRAFT):
        return _("New revision in preparation")
    return str(ProposalStatus(status).label)


def fiscal_year_label(year: int | None) -> str:
    if year is None:
        return _("Not known")
    return _("FY %(year)s") % {"year": year}


def fiscal_year_period(year: int | None) -> str:
    """"1 Oct 2024 – 30 Sep 2025" (B.E. years in Thai)."""
    if year is None:
        return ""
    language = translation.get_language() or "th"
    start = thaidate.format_date(fiscal.fiscal_year_start(year), language)
    return f"{start} – {thaidate.format_date(fiscal.fiscal_year_end(year), language)}"


def _in_language(thai: str, english: str) -> str:
    if (translation.get_language() or "th")[:2] == "en" and english:
        return english
    return thai or english


def province_name(province) -> str:
    return _in_language(province.name_th, province.name_en)


# --- filters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """A validated filter set (the forms build it; every value is one the options offer).
    ``status`` and ``target_group`` narrow the staff drill-down only."""

    fund: int | None = None
    call: int | str | None = None  # a call id, NONE or None
    fiscal_year: int | None = None
    stage: str | None = None  # a stage code: proposals in review now at that stage
    province: str | None = None  # a province code, NONE or None
    status: str | None = None
    target_group: str | None = None

    def cache_key(self, language: str) -> str:
        text = repr(sorted((k, str(v)) for k, v in asdict(self).items() if v is not None))
        digest = hashlib.sha256(f"{language}|{text}".encode()).hexdigest()[:32]
        return f"{CACHE_PREFIX}:stats:{digest}"

    def params(self, **overrides) -> dict[str, str]:
        """The query parameters of this filter set with ``overrides`` (None drops one)."""
        values = {**asdict(self), **overrides}
        return {k: str(v) for k, v in values.items() if v not in (None, "")}

    def query(self, **overrides) -> str:
        return urlencode(self.params(**overrides))


def counted(queryset: QuerySet | None = None) -> QuerySet:
    """The proposals the statistics count (see the module's docstring)."""
    queryset = Proposal.objects.all() if queryset is None else queryset
    return queryset.filter(deleted_at__isnull=True, latest_revision_number__gte=1).order_by()


def target_group_q(code: str) -> Q:
    """Proposals whose latest submission names the target group ``code``."""
    if connection.vendor == "postgresql":
        return Q(submitted_target_groups__contains=[code])
    # SQLite has no JSON containment: the list's JSON text holds the quoted code.
    return Q(tg_text__contains=f'"{code}"')


def filter_q(filters: Filters) -> Q:
    q = Q()
    if filters.fund is not None:
        q &= Q(fund_id=filters.fund)
    if filters.call == NONE:
        q &= Q(call__isnull=True)
    elif filters.call is not None:
        q &= Q(call_id=filters.call)
    if filters.fiscal_year is not None:
        q &= Q(first_fiscal_year=filters.fiscal_year)
    if filters.stage:
        q &= Q(status=ProposalStatus.IN_REVIEW, current_stage__code=filters.stage)
    if filters.province == NONE:
        q &= Q(organisation__address_province__isnull=True)
    elif filters.province:
        q &= Q(organisation__address_province_id=filters.province)
    if filters.status == REVISING:
        q &= Q(status=ProposalStatus.DRAFT)
    elif filters.status:
        q &= Q(status=filters.status)
    if filters.target_group:
        q &= target_group_q(filters.target_group)
    return q


def filtered(filters: Filters, queryset: QuerySet | None = None) -> QuerySet:
    queryset = counted(queryset)
    if filters.target_group and connection.vendor != "postgresql":
        queryset = queryset.annotate(tg_text=Cast("submitted_target_groups",
                                                  output_field=TextField()))
    return queryset.filter(filter_q(filters))


def _metrics() -> dict:
    approved = Q(status=ProposalStatus.APPROVED)
    return {
        "n": Count("pk"),
        "in_review": Count("pk", filter=Q(status=ProposalStatus.IN_REVIEW)),
        "approved": Count("pk", filter=approved),
        "requested": Sum("submitted_budget"),
        "requested_approved": Sum("submitted_budget", filter=approved),
        "approved_amount": Sum("funded_project__approved_amount"),
    }


def _money(value) -> Decimal:
    if value is None:
        return ZERO
    return Decimal(value).quantize(CENT)


def _row(key, label: str, values: dict | None = None, **extra) -> dict:
    row = {"key": key, "label": label, **{m: 0 for m in METRICS}, **extra}
    for m in MONEY_METRICS:
        row[m] = ZERO
    if values:
        _add(row, values)
    return row


def _add(row: dict, values: dict) -> None:
    for m in METRICS:
        if m in MONEY_METRICS:
            row[m] = row[m] + _money(values.get(m))
        else:
            row[m] = row[m] + (values.get(m) or 0)


# --- options: the choices of the filter forms and the labels of the tables -------------------


def _cached(key: str, build):
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def options() -> dict:
    """What the filters offer and the tables are labelled with, in the current language
    (cached like the statistics): funds with their target groups, stage codes, calls,
    provinces, the fiscal years that have proposals (the public form offers fewer filters)."""
    language = translation.get_language() or "th"
    return _cached(f"{CACHE_PREFIX}:options:{language}", _options)


def _submission_span(order: str) -> Subquery:
    """The earliest ("first_submitted_at") or latest ("-first_submitted_at") first submission
    of a counted proposal: an uncorrelated scalar subquery reading one end of its index."""
    proposals = counted().filter(first_submitted_at__isnull=False).order_by(order)
    return Subquery(proposals.values("first_submitted_at")[:1])


def _options() -> dict:
    # One query: the funds and their stages (a row per stage, or one for a fund without), and
    # the span of first submissions (for the fiscal years offered).
    rows = Fund.objects.order_by("name_th", "pk", "stages__order").annotate(
        first_submitted=_submission_span("first_submitted_at"),
        last_submitted=_submission_span("-first_submitted_at"),
    ).values(
        "pk", "name_th", "name_en", "short_name_th", "short_name_en", "target_groups",
        "stages__id", "stages__code", "stages__order", "stages__name_th", "stages__name_en",
        "stages__is_active", "first_submitted", "last_submitted",
    )
    span = (None, None)
    funds: dict[int, dict] = {}
    stages: dict[str, dict] = {}
    for row in rows:
        span = (row["first_submitted"], row["last_submitted"])
        if row["pk"] not in funds:
            name = _in_language(row["name_th"], row["name_en"])
            funds[row["pk"]] = {
                "id": row["pk"], "name": name,
                "short": _in_language(row["short_name_th"], row["short_name_en"]) or name,
                "target_groups": [
                    (g["code"], _in_language(g.get("name_th", ""), g.get("name_en", "")))
                    for g in (row["target_groups"] or []) if isinstance(g, dict) and g.get("code")
                ],
            }
        code = row["stages__code"]
        if code is not None:
            stage = stages.setdefault(code, {
                "code": code, "order": row["stages__order"], "funds": [], "ids": [],
                "active": False,
                "name": _in_language(row["stages__name_th"], row["stages__name_en"]),
            })
            stage["order"] = min(stage["order"], row["stages__order"])
            stage["funds"].append(row["pk"])
            stage["ids"].append(row["stages__id"])
            stage["active"] = stage["active"] or row["stages__is_active"]
    # Every fiscal year from the first submission to the last (cheaper than DISTINCT).
    years = []
    if span[0] is not None:
        first = fiscal.fiscal_year(timezone.localtime(span[0]).date())
        last = fiscal.fiscal_year(timezone.localtime(span[1]).date())
        years = list(range(last, first - 1, -1))
    calls = [
        {"id": call.pk, "name": call.name, "fund": call.fund_id, "opens": call.opens_on}
        for call in Call.objects.order_by("fund__name_th", "-opens_on", "pk")
    ]
    provinces = sorted(
        ({"code": p.code, "name": province_name(p)} for p in Province.objects.all()),
        key=lambda p: p["name"],
    )
    return {"funds": list(funds.values()),
            "stages": sorted(stages.values(), key=lambda s: (s["order"], s["name"])),
            "calls": calls, "provinces": provinces, "years": years}


# --- the statistics -----------------------------------------------------------------------------


def statistics(filters: Filters) -> dict:
    """The statistics for ``filters`` in the current language, from the cache if computed in
    the last ``CACHE_SECONDS``."""
    key = filters.cache_key(translation.get_language() or "th")
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = compute(filters)
    cache.set(key, result, CACHE_SECONDS)
    return result


def compute(filters: Filters) -> dict:
    opts = options()
    base = filtered(filters)
    grouped = _grouped(base, opts)
    status_rows, stage_rows, totals = _by_status_and_stage(grouped, filters, opts)
    funds, calls, years = _by_fund_call_year(grouped, filters, opts)
    return {
        "computed_at": timezone.now(),
        "totals": totals,
        "by_status": status_rows,
        "by_stage": stage_rows,
        "by_fund": funds,
        "by_call": calls,
        "by_fiscal_year": years,
        "by_province": _by_province(base, opts),
        "by_target_group": _by_target_group(base, filters, opts),
        # A stage filter picks the proposals now at that stage; the times are those of the
        # results recorded at it, so the proposals are not narrowed to the stage there.
        "median_days": _median_days(filters, opts),
    }


def _selected_funds(filters: Filters, opts: dict) -> list[dict]:
    return [f for f in opts["funds"] if filters.fund in (None, f["id"])]


def _grouped(base: QuerySet, opts: dict) -> list[dict]:
    """One GROUP BY for five tables: fund, call, fiscal year, status and stage (a few hundred
    rows, summed per table in Python), in the order of the ``proposal_statistics`` index, whose
    columns are all it reads: PostgreSQL walks the index, already in group order, and sorts
    nothing. Names come from the options."""
    stage_codes = {pk: stage["code"] for stage in opts["stages"] for pk in stage["ids"]}
    grouped = list(base.values("fund_id", "call_id", "first_fiscal_year", "status",
                               "current_stage_id").annotate(**_metrics()))
    for values in grouped:
        values["stage_code"] = stage_codes.get(values["current_stage_id"])
    return grouped


def _by_status_and_stage(grouped: list[dict], filters: Filters, opts: dict):
    by_status = {s: _row(s, status_label(s)) for s in STATUS_ORDER}
    stage_names = {s["code"]: s["name"] for s in opts["stages"]}
    by_stage = {
        s["code"]: _row(s["code"], s["name"]) for s in opts["stages"]
        if s["active"] and (filters.fund is None or filters.fund in s["funds"])
    }
    totals = _row("total", _("All proposals"))
    for values in grouped:
        status = REVISING if values["status"] == ProposalStatus.DRAFT else values["status"]
        if status not in by_status:
            by_status[status] = _row(status, status_label(status))
        _add(by_status[status], values)
        _add(totals, values)
        if values["status"] == ProposalStatus.IN_REVIEW:
            code = values["stage_code"]
            if code not in by_stage:
                by_stage[code] = _row(code, stage_names.get(code) or _("Not at a stage"))
            _add(by_stage[code], values)
    if filters.stage:
        by_stage = {k: v for k, v in by_stage.items() if k == filters.stage}
    return list(by_status.values()), list(by_stage.values()), totals


def _by_fund_call_year(grouped: list[dict], filters: Filters, opts: dict):
    funds = {f["id"]: _row(f["id"], f["name"], short=f["short"])
             for f in _selected_funds(filters, opts)}
    fund_short = {f["id"]: f["short"] for f in opts["funds"]}
    call_options = {c["id"]: c for c in opts["calls"]}
    calls: dict = {}
    years: dict = {}
    for values in grouped:
        fund_id, call_id, year = values["fund_id"], values["call_id"], values["first_fiscal_year"]
        if fund_id not in funds:
            funds[fund_id] = _row(fund_id, str(fund_id))
        _add(funds[fund_id], values)
        call_key = call_id if call_id is not None else NONE
        if (fund_id, call_key) not in calls:
            call = call_options.get(call_id, {})
            label = call.get("name", str(call_id)) if call_id is not None \
                else _("No call for proposals")
            calls[(fund_id, call_key)] = _row(call_key, label, fund=fund_short.get(fund_id, ""),
                                              fund_id=fund_id, opens=call.get("opens"))
        _add(calls[(fund_id, call_key)], values)
        if year not in years:
            years[year] = _row(year, fiscal_year_label(year), period=fiscal_year_period(year))
        _add(years[year], values)
    # By fund, then the latest call first, then proposals with no call.
    call_rows = sorted(calls.values(), key=lambda r: (
        r["fund"], r["key"] == NONE, -(r["opens"].toordinal() if r["opens"] else 0)))
    for row in call_rows:
        del row["opens"]
    year_rows = sorted(years.values(), key=lambda r: (r["key"] is None, r["key"] or 0))
    return list(funds.values()), call_rows, year_rows


def _by_province(base: QuerySet, opts: dict) -> list[dict]:
    # Grouped by the code alone (hashed); the names come from the options.
    names = {p["code"]: p["name"] for p in opts["provinces"]}
    rows = []
    for values in base.values(code=F("organisation__address_province_id")).annotate(**_metrics()):
        if values["code"] is None:
            rows.append(_row(NONE, _("Not recorded"), values))
        else:
            rows.append(_row(values["code"], names.get(values["code"], values["code"]), values))
    return sorted(rows, key=lambda r: (r["key"] == NONE, r["label"]))


def _target_group_sql(inner_sql: str) -> str:
    """Unnest each proposal's list of target-group codes in SQL and group by fund and code.
    Money is summed in satang (whole numbers) so that SQLite adds exactly."""
    if connection.vendor == "postgresql":
        source = ("CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN "
                  "jsonb_typeof(p.g_groups) = 'array' THEN p.g_groups ELSE '[]'::jsonb END) "
                  "AS tg(value)")
    else:
        source = (", json_each(CASE WHEN json_valid(p.g_groups) THEN CASE WHEN "
                  "json_type(p.g_groups) = 'array' THEN p.g_groups END END) AS tg")
    satang = "CAST(ROUND({} * 100) AS BIGINT)"
    # Only fixed text and the ORM's compiled SQL go into the string; values are parameters.
    return (
        "SELECT p.g_fund, tg.value, COUNT(*), "  # noqa: S608
        "SUM(CASE WHEN p.g_status = %s THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN p.g_status = %s THEN 1 ELSE 0 END), "
        f"SUM({satang.format('p.g_requested')}), "
        f"SUM(CASE WHEN p.g_status = %s THEN {satang.format('p.g_requested')} END), "
        f"SUM({satang.format('p.g_approved')}) "
        f"FROM ({inner_sql}) AS p {source} GROUP BY p.g_fund, tg.value"
    )


def _by_target_group(base: QuerySet, filters: Filters, opts: dict) -> list[dict]:
    inner = base.annotate(
        g_fund=F("fund_id"), g_status=F("status"),
        g_requested=F("submitted_budget"),
        g_approved=F("funded_project__approved_amount"),
        g_groups=F("submitted_target_groups"),
    ).values("g_fund", "g_status", "g_requested", "g_approved", "g_groups")
    inner_sql, inner_params = inner.query.sql_with_params()
    params = [ProposalStatus.IN_REVIEW, ProposalStatus.APPROVED, ProposalStatus.APPROVED,
              *inner_params]
    with connection.cursor() as cursor:
        cursor.execute(_target_group_sql(inner_sql), params)
        grouped = cursor.fetchall()
    rows: dict = {}
    for fund in _selected_funds(filters, opts):
        for code, name in fund["target_groups"]:
            rows[(fund["id"], code)] = _row(code, name, fund=fund["short"], fund_id=fund["id"])
    fund_short = {f["id"]: f["short"] for f in opts["funds"]}
    for fund_id, code, n, in_review, approved, requested, requested_approved, amount in grouped:
        if code is None:
            continue
        code = str(code)
        if (fund_id, code) not in rows:
            rows[(fund_id, code)] = _row(code, code, fund=fund_short.get(fund_id, ""),
                                         fund_id=fund_id)
        _add(rows[(fund_id, code)], {
            "n": n, "in_review": in_review, "approved": approved,
            "requested": _from_satang(requested), "requested_approved": _from_satang(requested_approved),
            "approved_amount": _from_satang(amount),
        })
    return list(rows.values())


def _from_satang(value) -> Decimal:
    return (Decimal(int(value)) / 100).quantize(CENT) if value is not None else ZERO


class _Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``: the median, interpolating between the middle two."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _submitted_results(filters: Filters) -> QuerySet:
    """The submitted results with both times, of the counted proposals matching ``filters``
    (but for the stage: the times are those of the results recorded at a stage, whichever stage
    the proposals are at now)."""
    results = StageResult.objects.filter(
        status=ResultStatus.SUBMITTED, entered_stage_at__isnull=False, submitted_at__isnull=False,
    ).order_by()
    proposals = replace(filters, stage=None)
    if proposals == Filters():
        # Every result's proposal was submitted (a result belongs to a revision): only the
        # deleted ones are left out, a short list, instead of joining 100,000 proposals.
        deleted = Proposal.objects.filter(deleted_at__isnull=False).values("pk")
        return results.exclude(proposal_id__in=deleted)
    return results.filter(proposal__in=filtered(proposals).values("pk"))


def _median_days(filters: Filters, opts: dict) -> list[dict]:
    """The median time from entering a stage to its submitted result, per stage code, over the
    counted proposals matching the filters, in one query whatever the number of results.
    PostgreSQL: one ``percentile_cont`` per stage code over its stages' results (a FILTER each:
    no sort of every result by stage); elsewhere (SQLite) a window query that returns only the
    middle one or two durations of each stage (row number against count)."""
    stages = [stage for stage in opts["stages"]
              if (filters.fund is None or filters.fund in stage["funds"])
              and (not filters.stage or stage["code"] == filters.stage)]
    results = _submitted_results(filters)
    values: dict[str, list] = defaultdict(list)
    counts: dict[str, int] = {}
    if connection.vendor == "postgresql":
        # Seconds as double precision (date_part), sorted much faster than EXTRACT's numeric.
        seconds = Func(F("submitted_at") - F("entered_stage_at"),
                       template="date_part('epoch', %(expressions)s)", output_field=FloatField())
        aggregates = {}
        for i, stage in enumerate(stages):
            at_stage = Q(stage_id__in=stage["ids"])
            aggregates[f"median_{i}"] = _Median(seconds, filter=at_stage)
            # Counting a column of the index keeps the scan index-only.
            aggregates[f"count_{i}"] = Count("proposal_id", filter=at_stage)
        figures = results.aggregate(**aggregates) if aggregates else {}
        for i, stage in enumerate(stages):
            if figures[f"count_{i}"]:
                counts[stage["code"]] = figures[f"count_{i}"]
                values[stage["code"]].append(
                    datetime.timedelta(seconds=figures[f"median_{i}"]))
    else:
        if filters.stage:
            results = results.filter(stage__code=filters.stage)
        duration = ExpressionWrapper(F("submitted_at") - F("entered_stage_at"),
                                     output_field=DurationField())
        partition = [F("stage__code")]
        middle = (
            results.annotate(code=F("stage__code"), duration=duration)
            .annotate(position=Window(RowNumber(), partition_by=partition,
                                      order_by=F("duration").asc()),
                      results_count=Window(Count("pk"), partition_by=partition))
            .filter(position__gte=(F("results_count") + 1) / 2,
                    position__lte=F("results_count") / 2 + 1)
            .values_list("code", "duration", "results_count")
        )
        for code, value, count in middle:
            values[code].append(value)
            counts[code] = count
    return [{"key": stage["code"], "label": stage["name"], "results": counts.get(stage["code"], 0),
             "median_days": _days(values.get(stage["code"], []))}
            for stage in stages if stage["code"] in counts or stage["active"]]


def _days(values: Iterable[datetime.timedelta]) -> Decimal | None:
    """The mean of the middle one or two durations, in days to one decimal."""
    values = list(values)
    if not values:
        return None
    seconds = Decimal(sum(v.total_seconds() for v in values)) / len(values)
    return (seconds / Decimal(86400)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
