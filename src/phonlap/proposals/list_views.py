"""The proposal list (spec 02 §2.8, matrix row 2.2) and its Excel export.

Both start from ``queries.proposals_for_user`` (the role's scope) and narrow it with the same
``filters.ProposalFilter``, so the export holds exactly what the list shows. Every row comes from
one query (fund, call and organisation joined): the page runs the same number of queries
whatever the number of proposals (``tests/proposals/test_list_queries.py``).
"""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.accounts.access import allowed_scopes, has_row, requires
from phonlap.accounts.enums import Scope
from phonlap.core import audit, exports
from phonlap.core.pagination import DeferredJoinPaginator, page_of

from . import filters, queries, review_hooks

PAGE_SIZE = 25

# Where the list links to, once the pages that serve them exist (the drafting pages land
# separately): the list works with or without them.
CREATE_URL_NAMES = ("proposals:create", "proposals:new")
DELETED_URL_NAMES = ("proposals:deleted",)
DETAIL_URL_NAME = "proposals:detail"


def _reverse_or_none(names, **kwargs) -> str | None:
    for name in names:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return None


def _filtered(request):
    user = request.user
    scopes = allowed_scopes(user, "2.2")
    sees_all = Scope.ALL in scopes
    # The list and its export never show the content (a large JSON document per proposal).
    proposals = queries.proposals_for_user(user).defer("content")
    filterset = filters.ProposalFilter(
        request.GET or None, queryset=proposals, request=request,
        sees_all=sees_all,
    )
    return filterset, scopes, sees_all


def _query(request, *drop: str) -> str:
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


def _sort_columns(request, sort) -> dict[str, dict]:
    """For each sortable column: the link that sorts by it (toggling the direction when it is
    the current one) and its ``aria-sort`` value."""
    base = _query(request, "sort", "page")
    columns = {}
    for key in filters.SORTS:
        if sort and sort[0] == key:
            descending = sort[1]
            aria = "descending" if descending else "ascending"
            target = key if descending else f"-{key}"
        else:
            aria, target = "", key
        columns[key] = {
            "url": "?" + (f"{base}&" if base else "") + f"sort={target}",
            "aria_sort": aria,
        }
    return columns


@requires("2.2")
def proposal_list(request):
    filterset, scopes, sees_all = _filtered(request)
    sort = filters.parse_sort(request.GET.get("sort"))
    proposals = filters.apply_sort(filterset.qs, sort)
    page = page_of(DeferredJoinPaginator(proposals, PAGE_SIZE), request.GET.get("page"))
    badges = review_hooks.stage_badges_for(page.object_list, request.user)
    rows = [(proposal, badges.get(proposal.pk, [])) for proposal in page.object_list]
    detail_available = _reverse_or_none((DETAIL_URL_NAME,), pk=0) is not None
    form_valid = not filterset.is_bound or filterset.is_valid()
    chosen = filterset.form.cleaned_data.get("organisation") \
        if form_valid and filterset.is_bound and "organisation" in filterset.filters else None
    return render(request, "proposals/list.html", {
        "chosen_organisation": chosen,
        "without_organisation": _query(request, "organisation", "page"),
        "filter": filterset,
        "form": filterset.form,
        "form_valid": form_valid,
        "page": page,
        "rows": rows,
        "sort_columns": _sort_columns(request, sort),
        "page_query": _query(request, "page"),
        "export_query": _query(request, "page"),
        "sees_all": sees_all,
        # Committee members see the proposals of their sessions: until sessions exist (review
        # issue) that is none, and the page says why.
        "sessions_only": bool(scopes) and scopes <= {Scope.OWN_SESSIONS},
        "create_url": _reverse_or_none(CREATE_URL_NAMES) if has_row(request.user, "2.1") else None,
        # Those who may restore deleted drafts (row 2.5) reach them from here.
        "deleted_url": _reverse_or_none(DELETED_URL_NAMES) if has_row(request.user, "2.5") else None,
        "detail_available": detail_available,
        "filtered": any(request.GET.get(name, "").strip() for name in filterset.filters),
    })


EXPORT_COLUMNS = (
    _("Proposal number"), _("Project name"), _("Fund"), _("Call for proposals"), _("Organisation"),
    _("Status"), _("Submitted"), _("Revision"), _("Requested budget (baht)"),
)


def _export_rows(proposals):
    zone = timezone.get_current_timezone()
    for proposal in proposals.iterator(chunk_size=2000):
        submitted = timezone.localtime(proposal.submitted_at, zone).date() if proposal.submitted_at else None
        yield [
            proposal.number,
            proposal.name,
            proposal.fund.name,
            proposal.call.name if proposal.call_id else "",
            proposal.organisation.name,
            str(proposal.get_status_display()),
            submitted,
            proposal.latest_revision_number or None,
            proposal.requested_budget,
        ]


@requires("2.2")
def proposal_export(request):
    filterset, _scopes, _sees_all = _filtered(request)
    if filterset.is_bound and not filterset.is_valid():
        # The list page shows what is wrong with the filter.
        query = _query(request)
        return HttpResponseRedirect(reverse("proposals:list") + (f"?{query}" if query else ""))
    proposals = filters.apply_sort(filterset.qs, filters.parse_sort(request.GET.get("sort")))
    audit.sensitive_read(actor=request.user, action="proposals.exported", ip=audit.client_ip(request),
                         format="xlsx", filters=request.GET.dict())
    return exports.xlsx_response(
        filename=f"proposals-{timezone.localdate():%Y%m%d}.xlsx",
        title=_("Proposals"),
        headers=EXPORT_COLUMNS,
        rows=_export_rows(proposals),
        formats={6: exports.DATE_FORMAT, 8: exports.MONEY_FORMAT},
        widths={0: 18, 1: 50, 2: 30, 3: 30, 4: 35, 5: 18, 6: 14, 7: 10, 8: 18},
    )
