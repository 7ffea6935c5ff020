"""The benchmark of spec 07 "Performance" (issue 6): drives each page and API list through the
full Django stack (the test client: URL routing, every middleware, templates) against the
reference dataset (``manage.py bench_data``), with warm-up and repeated runs, and reports per
page the median and p95 time, the SQL query count, and the ratio to the framework floor — a bare
view that reads one row, measured in the same run (ratios hold across machines; milliseconds
don't). Also: the Excel export's time and peak memory, a 20-page Thai proposal PDF, and the pure
calculations (rubric score per result, achievement per indicator).

Not a test: timings are noisy. ``make bench`` prints the table and writes JSON."""

from __future__ import annotations

import datetime
import io
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

BUDGETS_MS = {"list": 100, "detail": 100, "dashboard_cold": 300, "dashboard_cached": 30,
              "pdf": 3000}


@dataclass
class Case:
    name: str
    url: str
    persona: str  # "staff", "manager" or "public"
    budget: str = ""  # a key of BUDGETS_MS, or "" (reported, no budget)
    cold: bool = False  # clear the cache before every request
    runs: int | None = None


@dataclass
class Measured:
    name: str
    url: str
    persona: str
    runs: int
    median_ms: float
    p95_ms: float
    queries: int
    status: int
    ratio: float = 0.0
    budget_ms: float | None = None
    within_budget: bool | None = None
    extra: dict = field(default_factory=dict)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _consume(response) -> int:
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def measure(client: Client, case: Case, *, warmup: int, runs: int) -> Measured:
    """Time ``runs`` requests after ``warmup`` unmeasured ones; count the queries of one."""
    runs = case.runs or runs
    for _ in range(warmup if not case.cold else 1):
        if case.cold:
            cache.clear()
        _consume(client.get(case.url))
    samples = []
    status = 0
    for _ in range(runs):
        if case.cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(case.url)
        _consume(response)
        samples.append((time.perf_counter() - start) * 1000)
        status = response.status_code
    if case.cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        _consume(client.get(case.url))
    budget = BUDGETS_MS.get(case.budget)
    p95 = _p95(samples)
    return Measured(name=case.name, url=case.url, persona=case.persona, runs=runs,
                    median_ms=round(statistics.median(samples), 2), p95_ms=round(p95, 2),
                    queries=len(queries), status=status, budget_ms=budget,
                    within_budget=None if budget is None else p95 <= budget)


def export_memory(client: Client, url: str) -> dict:
    """Peak Python memory while building and streaming one export (tracemalloc)."""
    tracemalloc.start()
    try:
        start = time.perf_counter()
        size = _consume(client.get(url))
        elapsed = (time.perf_counter() - start) * 1000
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"bytes": size, "peak_mib": round(peak / 2**20, 1), "traced_ms": round(elapsed)}


def time_per_call(call: Callable[[], object], number: int = 2000) -> float:
    """Best of five batches, in microseconds per call."""
    import timeit

    best = min(timeit.repeat(call, number=number, repeat=5))
    return round(best / number * 1e6, 1)


# --- what to measure, chosen from the dataset -------------------------------------------------

@dataclass
class Subjects:
    staff: object
    manager: object
    proposal: object
    recordable: object | None
    session: object | None
    plan: object | None
    fiscal_year: int
    fund_id: int
    stage_code: str
    fragment: str
    rows: int


def choose_subjects() -> Subjects:
    from phonlap.accounts.models import User
    from phonlap.core import fiscal
    from phonlap.monitoring.models import MonitoringPlan
    from phonlap.organisations.models import Membership
    from phonlap.proposals.models import Proposal
    from phonlap.review.models import AgendaItem, EvaluationSession

    staff = User.objects.filter(is_fund_staff=True, is_active=True).order_by("pk").first()
    membership = (Membership.objects.filter(is_manager=True, status="approved")
                  .order_by("pk").select_related("user").first())
    proposal = (Proposal.objects.filter(deleted_at__isnull=True, revisions__number__gte=2)
                .order_by("pk").first() or Proposal.objects.order_by("pk").first())
    # A proposal on a planned session's agenda, at that session's stage: its result can be recorded.
    item = (AgendaItem.objects.filter(session__status="planned", proposal__status="in_review",
                                      session__stage=F("proposal__current_stage"))
            .select_related("proposal").order_by("pk").first())
    session = EvaluationSession.objects.order_by("-pk").first()
    plan = MonitoringPlan.objects.order_by("-fiscal_year", "pk").first()
    # The dashboard is measured on the fiscal year with the most plans (the worst case).
    busiest = (MonitoringPlan.objects.values("fiscal_year").annotate(n=Count("pk"))
               .order_by("-n", "-fiscal_year").values_list("fiscal_year", flat=True).first())
    with_stage = (Proposal.objects.filter(current_stage__isnull=False)
                  .select_related("current_stage").order_by("pk").first())
    name = (proposal.name or "โครงการ")
    return Subjects(
        staff=staff, manager=membership.user if membership else staff, proposal=proposal,
        recordable=item.proposal if item else None, session=session, plan=plan,
        fiscal_year=busiest or fiscal.fiscal_year(datetime.date.today()),
        fund_id=with_stage.fund_id if with_stage else proposal.fund_id,
        stage_code=with_stage.current_stage.code if with_stage else "",
        fragment=name.split()[0][2:8] if name else "พัฒนา",
        rows=Proposal.objects.count(),
    )


def cases(subjects: Subjects) -> list[Case]:
    s = subjects
    proposals = reverse("proposals:list")
    found = [
        Case("floor (one row, signed in)", "/__bench/floor/", "staff"),
        Case("floor (one row, anonymous)", "/__bench/floor/", "public"),
        Case("proposal list, staff, default", proposals, "staff", "list"),
        Case("proposal list, fund + stage", f"{proposals}?fund={s.fund_id}&stage={s.stage_code}",
             "staff", "list"),
        Case("proposal list, Thai name search", f"{proposals}?q={s.fragment}", "staff", "list"),
        Case("proposal list, sorted by name", f"{proposals}?sort=name", "staff",
             "list"),
        Case("proposal list, page 2,000", f"{proposals}?page=2000", "staff", "list"),
        Case("proposal list, organisation manager", proposals, "manager", "list"),
        Case("proposal detail", reverse("proposals:detail", args=[s.proposal.pk]), "staff",
             "detail"),
        Case("proposal review page", reverse("review:proposal_review", args=[s.proposal.pk]),
             "staff", "detail"),
        Case("public statistics, cold", reverse("portal:statistics"), "public", "dashboard_cold",
             cold=True, runs=10),
        Case("public statistics, cached", reverse("portal:statistics"), "public",
             "dashboard_cached"),
        Case("API proposals list", "/api/v1/proposals/", "staff", "list"),
        Case("API results list", "/api/v1/results/", "staff", "list"),
        Case("API sessions list", "/api/v1/sessions/", "staff", "list"),
    ]
    if s.recordable is not None:
        found.append(Case("record-result form", reverse("review:record_form",
                                                        args=[s.recordable.pk]), "staff", "detail"))
    if s.session is not None:
        found.append(Case("session page", reverse("review:session_detail", args=[s.session.pk]),
                          "staff", "detail"))
    if s.plan is not None:
        dashboard = f"/monitoring/dashboard/?fiscal_year={s.fiscal_year}"
        found += [
            Case("monitoring dashboard, cold", dashboard, "staff", "dashboard_cold", cold=True,
                 runs=10),
            Case("monitoring dashboard, cached", dashboard, "staff", "dashboard_cached"),
            Case("monitoring plan page", f"/monitoring/plans/{s.plan.pk}/", "staff", "detail"),
            Case("API plan summary", f"/api/v1/monitoring/plans/{s.plan.pk}/summary/", "staff",
                 "detail"),
            Case("API monitoring plans list", "/api/v1/monitoring/plans/", "staff", "list"),
        ]
    return found


def long_pdf(subjects: Subjects) -> dict:
    """A 20-page Thai proposal: the chosen proposal's latest revision with long content (in
    memory only), rendered as the print view renders it."""
    from pypdf import PdfReader

    from phonlap.demo.long_proposal import long_content
    from phonlap.proposals.printing import render_proposal_pdf

    proposal = subjects.proposal
    revision = proposal.revisions.order_by("-number").first()
    revision.content = long_content(revision.content or {})
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        pdf = render_proposal_pdf(proposal, revision=revision, language="th")
        samples.append((time.perf_counter() - start) * 1000)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {"pages": pages, "median_ms": round(statistics.median(samples)),
            "max_ms": round(max(samples)), "budget_ms": BUDGETS_MS["pdf"],
            "within_budget": max(samples) <= BUDGETS_MS["pdf"]}


def calculations() -> dict:
    from phonlap.funds.rubrics import RUBRIC_A
    from phonlap.monitoring import achievement
    from phonlap.review.scoring import score

    answers = {str(n): {"present": True, "indicators": [str(i) for i in range(1, n % 5 + 1)],
                        "comment": "ok"} for n in range(1, 12)} | {"13": {"text": "ข้อเสนอแนะ"}}
    figures = achievement.IndicatorFigures(
        kind=achievement.CUMULATIVE, target=Decimal("1600"), baseline=Decimal("1400"),
        quarters={q: achievement.QuarterFigures(plan=Decimal(50), result=Decimal(40 + q))
                  for q in (1, 2, 3, 4)})
    return {
        "rubric_score_us": time_per_call(lambda: score(RUBRIC_A, answers, require_complete=True)),
        "rubric_budget_us": 1000,
        "achievement_per_indicator_us": time_per_call(lambda: achievement.summarise(figures, 4)),
    }


def run(*, warmup: int = 3, runs: int = 20, only: str = "", with_pdf: bool = True,
        with_export: bool = True) -> dict:
    """Run everything; returns the report (also what ``--json`` writes)."""
    with override_settings(ROOT_URLCONF="phonlap.demo.bench_urls"):
        subjects = choose_subjects()
        clients = {"public": Client(), "staff": Client(), "manager": Client()}
        clients["staff"].force_login(subjects.staff)
        clients["manager"].force_login(subjects.manager)
        results: list[Measured] = []
        for case in cases(subjects):
            if only and only not in case.name:
                continue
            results.append(measure(clients[case.persona], case, warmup=warmup, runs=runs))
        floors = {m.persona: m.median_ms for m in results if m.name.startswith("floor")}
        for m in results:
            floor = floors.get(m.persona) or floors.get("staff") or 0
            m.ratio = round(m.median_ms / floor, 1) if floor else 0.0
        report = {"rows": subjects.rows, "database": connection.vendor,
                  "pages": [asdict(m) for m in results]}
        if with_export:
            url = reverse("proposals:export")
            start = time.perf_counter()
            size = _consume(clients["staff"].get(url))
            report["export"] = {"rows": subjects.rows, "bytes": size,
                                "ms": round((time.perf_counter() - start) * 1000),
                                "memory_all": export_memory(clients["staff"], url),
                                "memory_one_fund": export_memory(
                                    clients["staff"], f"{url}?fund={subjects.fund_id}")}
        if with_pdf:
            report["pdf"] = long_pdf(subjects)
        report["calculations"] = calculations()
    return report


def table(report: dict) -> str:
    lines = [f"Reference dataset: {report['rows']:,} proposals on {report['database']}", "",
             f"{'page':44} {'median':>8} {'p95':>8} {'budget':>7} {'ok':>3} {'queries':>7} "
             f"{'× floor':>8}"]
    for m in report["pages"]:
        ok = "" if m["within_budget"] is None else ("yes" if m["within_budget"] else "NO")
        budget = "" if m["budget_ms"] is None else f"{m['budget_ms']:.0f}"
        lines.append(f"{m['name'][:44]:44} {m['median_ms']:8.1f} {m['p95_ms']:8.1f} {budget:>7} "
                     f"{ok:>3} {m['queries']:7d} {m['ratio']:8.1f}"
                     + ("" if m["status"] == 200 else f"  (HTTP {m['status']})"))
    if "export" in report:
        e = report["export"]
        lines += ["", f"Excel export of {e['rows']:,} proposals: {e['ms']} ms, {e['bytes']:,} bytes;"
                  f" peak memory {e['memory_all']['peak_mib']} MiB (one fund: "
                  f"{e['memory_one_fund']['peak_mib']} MiB)"]
    if "pdf" in report:
        p = report["pdf"]
        lines.append(f"Proposal PDF, {p['pages']} pages, Thai: median {p['median_ms']} ms, "
                     f"max {p['max_ms']} ms (budget {p['budget_ms']} ms)")
    c = report["calculations"]
    lines.append(f"Rubric score: {c['rubric_score_us']} µs per result (budget 1,000 µs); "
                 f"achievement: {c['achievement_per_indicator_us']} µs per indicator")
    return "\n".join(lines)


def write_json(report: dict, path: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        json.dump(report, out, ensure_ascii=False, indent=2, default=str)
