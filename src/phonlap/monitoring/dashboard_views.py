"""The monitoring dashboard page (spec 04, row 13.5: fund staff, committee members and super
users; every plan). The figures come from ``dashboard`` (aggregated in SQL, cached); this view
only adds what depends on the reader: labels in the reader's language, links and the charts'
JSON (each chart has a table with the same figures)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from phonlap.accounts.access import requires
from phonlap.core import fiscal

from . import dashboard as dash
from .dashboard_forms import DashboardFilterForm
from .enums import ReportStatus, Status
from .rules import DASHBOARD

LISTED = 50  # rows per table; the key figures count them all


def _linker(name: str):
    """A function pk → the page of a report or plan ("" while that page does not exist),
    reversing the route once rather than per row."""
    try:
        pattern = reverse(name, kwargs={"pk": 987654321})
    except NoReverseMatch:
        return lambda pk: ""
    return lambda pk: pattern.replace("987654321", str(int(pk)))


def quarter_label(quarter: int) -> str:
    months = (fiscal.QUARTER_MONTHS_EN if (translation.get_language() or "th")[:2] == "en"
              else fiscal.QUARTER_MONTHS_TH)
    return _("Q%(quarter)s (%(months)s)") % {"quarter": quarter, "months": months[quarter]}


def _number(value) -> str | None:
    return None if value is None else str(value)


def _year_asked(request, default: int) -> int:
    try:
        year = int(request.GET.get("fiscal_year") or default)
    except ValueError:
        return default
    return year if 2500 <= year <= 2700 else default


def _decorate(data: dict) -> dict:
    """Copies of the (first ``LISTED``) cached rows with labels and links for this reader."""
    plan_url, report_url = _linker("monitoring:plan"), _linker("monitoring:report")
    status_labels = {s.value: s.label for s in Status}
    report_labels = {s.value: s.label for s in ReportStatus}
    labels = {q: quarter_label(q) for q in fiscal.QUARTERS}

    def indicator(row: dict) -> dict:
        return {**row, "status_label": status_labels.get(row["ytd_status"] or "", ""),
                "plan_url": plan_url(row["plan_id"]),
                "quarters": [{**q, "label": labels[q["quarter"]],
                              "status_label": status_labels.get(q["status"] or "", "")}
                             for q in row["quarters"]]}

    def charted(row: dict) -> dict:
        row = indicator(row)
        return {**row, "chart_id": f"chart-indicator-{row['id']}", "chart": _indicator_chart(row)}

    def report(row: dict) -> dict:
        return {**row, "status_label": report_labels[row["status"]],
                "url": report_url(row["id"]), "plan_url": plan_url(row["plan_id"])}

    budget = data["budget"]
    return {
        **data,
        "behind": [indicator(r) for r in data["behind"][:LISTED]],
        "charted": [charted(r) for r in data["charted"]],
        "overdue": [report(r) for r in data["overdue"][:LISTED]],
        "awaiting": [report(r) for r in data["awaiting"][:LISTED]],
        "counts": {"behind": data["behind_count"], "overdue": len(data["overdue"]),
                   "awaiting": len(data["awaiting"])},
        "budget": {**budget, "quarters": [{**q, "label": labels[q["quarter"]]}
                                          for q in budget["quarters"]]},
    }


def _indicator_chart(row: dict) -> dict:
    return {
        "type": "bar", "labels": [q["label"] for q in row["quarters"]], "precision": 2,
        "datasets": [
            {"label": _("Plan"), "data": [_number(q["plan"]) for q in row["quarters"]]},
            {"label": pgettext("indicator", "Result"),
             "data": [_number(q["result"]) for q in row["quarters"]]},
        ],
    }


def _charts(data: dict) -> dict:
    labels = [quarter_label(q) for q in fiscal.QUARTERS]
    budget = data["budget"]["quarters"]
    return {
        "budget": {
            "type": "line", "labels": labels, "precision": 2,
            "datasets": [
                {"label": _("Target, cumulative (baht)"),
                 "data": [_number(q["target"]) for q in budget]},
                {"label": _("Disbursed, cumulative (baht)"),
                 "data": [_number(q["disbursed"]) for q in budget]},
            ],
        },
    }


@requires(DASHBOARD)
def dashboard(request):
    today = timezone.localdate()
    current = fiscal.fiscal_year(today)
    year = _year_asked(request, current)
    options = dash.with_chosen_plan(dash.options(year, today=today), year, request.GET.get("plan"))
    form = DashboardFilterForm(request.GET or None, options=options, default_year=current)
    valid = not form.is_bound or form.is_valid()
    filters = (form.filters() if form.is_bound else dash.Filters(year=current)) if valid else None
    data = charts = None
    if filters is not None:
        data = _decorate(dash.dashboard(filters, today=today))
        charts = _charts(data)
    chosen_plan = next((p for p in options["plans"] if filters and p["id"] == filters.plan), None)
    return render(request, "monitoring/dashboard.html", {
        "form": form,
        "form_valid": valid,
        "filters": filters,
        "data": data,
        "charts": charts,
        "chosen_plan": chosen_plan,
        "year_start": fiscal.fiscal_year_start(filters.year) if filters else None,
        "year_end": fiscal.fiscal_year_end(filters.year) if filters else None,
        "up_to_label": quarter_label(data["up_to"]) if data and data["up_to"] else "",
        "cache_minutes": dash.CACHE_SECONDS // 60,
        "charted_limit": dash.CHARTED_INDICATORS,
        "listed": LISTED,
    })
