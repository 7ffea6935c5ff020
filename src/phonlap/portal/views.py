"""Statistics pages (spec 03 "Statistics", matrix row 10).

* ``statistics``: public (row 10 holds "public" for unregistered visitors, so ``@requires("10")``
  lets anonymous visitors in): aggregates only, filtered by fund and fiscal year.
* ``staff_statistics``, ``staff_statistics_proposals`` (drill-down) and ``statistics_export``:
  row 10 AND row 2.7 ("change a proposal's review status"), which the default matrix gives to
  fund staff only. The drill-down lists proposals of every organisation, so it is for the people
  who work on them; it also goes through ``proposals_for_user`` (row 2.2), so it never shows a
  proposal the user could not open.

Every page runs the same few queries whatever the number of proposals, and the statistics are
cached for ``statistics.CACHE_SECONDS`` per filter set and language.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phonlap.accounts.access import has_row, requires
from phonlap.core import exports
from phonlap.core.pagination import page_of
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.queries import proposals_for_user

from . import statistics as stats
from .forms import StatisticsFilterForm

STAFF_ROW = "2.7"
PAGE_SIZE = 25


def _form(request, *, staff: bool, drilldown: bool = False):
    form = StatisticsFilterForm(request.GET or None, options=stats.options(), staff=staff,
                                drilldown=drilldown)
    if not form.is_bound:
        return form, stats.Filters(), True
    if form.is_valid():
        return form, form.filters(), True
    return form, None, False


def _money(value) -> str:
    return str(value)


def _charts(data: dict) -> dict:
    """What the charts draw (the tables beside them hold the same figures)."""
    return {
        "status": {
            "labels": [r["label"] for r in data["by_status"]],
            "datasets": [{"label": _("Proposals"), "data": [r["n"] for r in data["by_status"]]}],
        },
        "fiscal_year": {
            "labels": [r["label"] for r in data["by_fiscal_year"]],
            "datasets": [
                {"label": _("Received"), "data": [r["n"] for r in data["by_fiscal_year"]]},
                {"label": _("Approved"), "data": [r["approved"] for r in data["by_fiscal_year"]]},
            ],
        },
        "budget": {
            "labels": [r["label"] for r in data["by_fund"]],
            "datasets": [
                {"label": _("Budget requested (baht)"),
                 "data": [_money(r["requested"]) for r in data["by_fund"]]},
                {"label": _("Budget approved (baht)"),
                 "data": [_money(r["approved_amount"]) for r in data["by_fund"]]},
            ],
        },
        "median": {
            "labels": [r["label"] for r in data["median_days"]],
            "datasets": [{"label": _("Median days"),
                          "data": [None if r["median_days"] is None else str(r["median_days"])
                                   for r in data["median_days"]]}],
            "horizontal": True,
            "precision": 1,
        },
    }


# Which drill-down filter a table's rows set, by table.
ROW_FILTERS = {
    "by_status": "status", "by_stage": "stage", "by_fund": "fund", "by_call": "call",
    "by_fiscal_year": "fiscal_year", "by_province": "province", "by_target_group": "target_group",
}


def _with_links(data: dict, filters: stats.Filters) -> dict:
    """Copies of the tables whose counts link to the proposals behind them (staff only)."""
    base = reverse("portal:staff_statistics_proposals")
    linked = dict(data)

    def url(**overrides) -> str:
        query = filters.query(**overrides)
        return f"{base}?{query}" if query else base

    for table, name in ROW_FILTERS.items():
        rows = []
        for row in data[table]:
            if row["key"] is None:
                rows.append(row)
                continue
            own = {name: row["key"]}
            if "fund_id" in row:
                own["fund"] = row["fund_id"]
            rows.append({**row, "links": {
                "n": url(**own),
                "in_review": url(**{**own, "status": ProposalStatus.IN_REVIEW}),
                "approved": url(**{**own, "status": ProposalStatus.APPROVED}),
            }})
        linked[table] = rows
    linked["totals"] = {**data["totals"], "links": {
        "n": url(), "in_review": url(status=ProposalStatus.IN_REVIEW),
        "approved": url(status=ProposalStatus.APPROVED),
    }}
    return linked


def _render(request, *, staff: bool):
    form, filters, valid = _form(request, staff=staff)
    data = None
    if valid:
        data = stats.statistics(filters)
        if staff:
            data = _with_links(data, filters)
    context = {
        "form": form,
        "form_valid": valid,
        "filters": filters,
        "data": data,
        "charts": _charts(data) if data else None,
        "staff": staff,
        "cache_minutes": stats.CACHE_SECONDS // 60,
        "page_url": reverse("portal:staff_statistics" if staff else "portal:statistics"),
        "staff_url": reverse("portal:staff_statistics")
        if not staff and has_row(request.user, STAFF_ROW) else None,
        "export_query": filters.query() if filters else "",
    }
    return render(request, "portal/statistics.html", context)


@requires("10")
def statistics(request):
    return _render(request, staff=False)


@requires(STAFF_ROW)
@requires("10")
def staff_statistics(request):
    return _render(request, staff=True)


@requires(STAFF_ROW)
@requires("10")
def staff_statistics_proposals(request):
    form, filters, valid = _form(request, staff=True, drilldown=True)
    page = None
    if valid:
        proposals = (
            stats.filtered(filters, proposals_for_user(request.user))
            .select_related("organisation__address_province", "current_stage",
                            "funded_project")
            .defer("content")  # the draft's content, large JSON, is not shown
            .order_by("-first_submitted_at", "-pk")
        )
        page = page_of(Paginator(proposals, PAGE_SIZE), request.GET.get("page"))
        for proposal in page.object_list:
            proposal.status_text = stats.status_label(proposal.status)
            proposal.fiscal_year_text = stats.fiscal_year_label(proposal.first_fiscal_year)
            province = proposal.organisation.address_province
            proposal.province_text = (stats.province_name(province) if province
                                      else _("Not recorded"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/proposals.html", {
        "form": form,
        "form_valid": valid,
        "page": page,
        "page_query": query.urlencode(),
        "statistics_url": reverse("portal:staff_statistics")
        + (f"?{filters.query(status=None, target_group=None)}" if filters else ""),
    })


EXPORT_HEADERS = (
    gettext_lazy("Table"), gettext_lazy("Group"), gettext_lazy("Fund"), gettext_lazy("Proposals"),
    gettext_lazy("In review"), gettext_lazy("Approved"), gettext_lazy("Budget requested (baht)"),
    gettext_lazy("Requested by approved proposals (baht)"), gettext_lazy("Budget approved (baht)"),
    gettext_lazy("Submitted results"), gettext_lazy("Median days in the stage"),
)

TABLES = (
    ("by_status", gettext_lazy("By status")),
    ("by_stage", gettext_lazy("In review, by stage")),
    ("by_fund", gettext_lazy("By fund")),
    ("by_call", gettext_lazy("By call for proposals")),
    ("by_fiscal_year", gettext_lazy("By fiscal year")),
    ("by_province", gettext_lazy("By organisation's province")),
    ("by_target_group", gettext_lazy("By target group")),
)


def _filter_text(form) -> str:
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value is None:
            continue
        label = dict(field.choices).get(str(value), str(value))
        parts.append(f"{field.label}: {label}")
    return "; ".join(parts) or _("None")


def _export_rows(data: dict, form):
    yield [str(gettext_lazy("Filters")), _filter_text(form) if form.is_bound else _("None")]
    yield [str(gettext_lazy("All proposals")), "", "", *_figures(data["totals"])]
    for table, title in TABLES:
        for row in data[table]:
            yield [str(title), row["label"], row.get("fund", ""), *_figures(row)]
    for row in data["median_days"]:
        yield [str(gettext_lazy("Median time in each review stage")), row["label"], "",
               None, None, None, None, None, None, row["results"],
               row["median_days"]]


def _figures(row: dict) -> list:
    return [row["n"], row["in_review"], row["approved"], row["requested"],
            row["requested_approved"], row["approved_amount"]]


@requires(STAFF_ROW)
@requires("10")
def statistics_export(request):
    form, filters, valid = _form(request, staff=True)
    if not valid:
        # The statistics page shows what is wrong with the filter.
        return HttpResponseRedirect(f"{reverse('portal:staff_statistics')}?{request.GET.urlencode()}")
    data = stats.statistics(filters)
    return exports.xlsx_response(
        filename=f"statistics-{timezone.localdate():%Y%m%d}.xlsx",
        title=_("Statistics"),
        headers=EXPORT_HEADERS,
        rows=_export_rows(data, form),
        formats={6: exports.MONEY_FORMAT, 7: exports.MONEY_FORMAT, 8: exports.MONEY_FORMAT},
        widths={0: 32, 1: 40, 2: 20, 3: 12, 4: 12, 5: 12, 6: 20, 7: 24, 8: 20, 9: 14, 10: 16},
    )
