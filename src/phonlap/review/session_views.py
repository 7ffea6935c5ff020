"""Evaluation session pages (spec 03 §2.11): the list, create and edit, the detail page with its
agenda, members and conflicts of interest, closing, and the printed agenda and resolutions.

Rows of the matrix: 6 (staff) for every write but the declaration of a conflict; 7 (staff all,
committee members their own sessions, super users all) for reading, printing and declaring.
Objects are reached through ``session_queries`` (the same 404 for missing and forbidden); every
change goes through ``domain.sessions``, whose refusals come back as form errors or messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phonlap.accounts.access import has_row, requires
from phonlap.core import audit
from phonlap.core.exceptions import DomainError
from phonlap.core.pagination import page_of

from . import session_forms, session_printing, session_queries
from .domain import sessions as domain
from .enums import SessionStatus

PAGE_SIZE = 25
AGENDA_PAGE = 50
PROPOSAL_REVIEW_URL = "review:proposal_review"
RECORD_RESULT_URL = "review:record_start"


def _ip(request):
    return audit.client_ip(request)


def _reverse_or_none(name: str, **kwargs) -> str | None:
    """The URL of a page another module serves, or None while it does not exist."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _language() -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


# --- list (row 7) ----------------------------------------------------------------------------

@requires("7")
@require_GET
def session_list(request):
    form = session_forms.SessionFilterForm(request.GET or None)
    sessions = session_queries.sessions_for_user(request.user)
    valid = not form.is_bound or form.is_valid()
    if not valid:
        sessions = sessions.none()
    elif form.is_bound:
        sessions = session_queries.filter_sessions(sessions, fund=form.cleaned_data.get("fund"),
                                                   stage=form.cleaned_data.get("stage"))
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    upcoming = list(sessions.filter(starts_at__gte=today).order_by("starts_at", "pk"))
    past = page_of(Paginator(sessions.filter(starts_at__lt=today).order_by("-starts_at", "-pk"),
                             PAGE_SIZE), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "review/session_list.html", {
        "form": form, "form_valid": valid, "upcoming": upcoming, "past": past,
        "page_query": query.urlencode(),
        "can_create": domain.can_manage_sessions(request.user),
        "own_only": not domain.can_manage_sessions(request.user)
        and request.user.is_committee and not request.user.is_superuser,
    })


# --- create and edit (row 6) -------------------------------------------------------------------

@requires("6")
def session_create(request):
    """Two steps on one address: without a stage, choose it (a GET form); with one, the session's
    form, whose agenda picker offers the proposals awaiting that stage."""
    if request.method == "POST":
        form = session_forms.SessionForm(request.POST)
        if form.stage is None:  # no stage, or not one a session can decide
            step = session_forms.StageStepForm({"stage": request.POST.get("stage", "")})
            return render(request, "review/session_form.html", {"step": step, "session": None})
        if form.is_valid():
            try:
                session = domain.create_session(actor=request.user, ip=_ip(request),
                                                **form.domain_kwargs())
            except DomainError as error:
                form.apply_error(error)
            else:
                messages.success(request, _("The session “%(name)s” was created.")
                                 % {"name": session.name})
                return redirect("review:session_detail", pk=session.pk)
    else:
        step = session_forms.StageStepForm(request.GET if "stage" in request.GET else None)
        if not step.is_bound or not step.is_valid():
            return render(request, "review/session_form.html", {"step": step, "session": None})
        stage = step.cleaned_data["stage"]
        form = session_forms.SessionForm(initial={"stage": stage}, stage=stage)
    return render(request, "review/session_form.html", {
        "form": form, "session": None, "stage": form.stage,
    })


@requires("6")
def session_edit(request, pk):
    session = session_queries.get_session_for_user(request.user, pk)
    if session.status != SessionStatus.PLANNED:
        messages.error(request, _("This session is closed; it cannot be changed."))
        return redirect("review:session_detail", pk=session.pk)
    if request.method == "POST":
        form = session_forms.SessionForm(request.POST, session=session)
        if form.is_valid():
            try:
                domain.update_session(actor=request.user, session=session, ip=_ip(request),
                                      **form.domain_kwargs())
            except DomainError as error:
                form.apply_error(error)
            else:
                messages.success(request, _("The session was saved."))
                return redirect("review:session_detail", pk=session.pk)
    else:
        form = session_forms.SessionForm(session=session)
    return render(request, "review/session_form.html", {
        "form": form, "session": session, "stage": session.stage,
    })


@requires("6")
def session_agenda_add(request, pk):
    session = session_queries.get_session_for_user(request.user, pk)
    if session.status != SessionStatus.PLANNED:
        messages.error(request, _("This session is closed; it cannot be changed."))
        return redirect("review:session_detail", pk=session.pk)
    form = session_forms.AgendaAddForm(request.POST if request.method == "POST" else None,
                                       stage=session.stage)
    if request.method == "POST" and form.is_valid():
        try:
            items = domain.add_to_agenda(actor=request.user, session=session,
                                         proposals=list(form.cleaned_data["proposals"]),
                                         ip=_ip(request))
        except DomainError as error:
            form.apply_error(error)
        else:
            messages.success(request, _("%(count)s proposal(s) were put on the agenda.")
                             % {"count": len(items)})
            return redirect("review:session_detail", pk=session.pk)
    return render(request, "review/session_agenda_add.html", {"form": form, "session": session})


@requires("6")
def agenda_remove(request, pk):
    item = session_queries.get_agenda_item_for_user(request.user, pk)
    session = item.session
    if request.method == "POST":
        try:
            domain.remove_from_agenda(actor=request.user, item=item, ip=_ip(request))
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Proposal %(number)s was taken off the agenda; it awaits "
                                        "the stage again.") % {"number": item.proposal.number})
        return redirect("review:session_detail", pk=session.pk)
    return render(request, "review/session_agenda_remove.html", {"item": item, "session": session})


@requires("6")
def session_close(request, pk):
    session = session_queries.get_session_for_user(request.user, pk)
    if request.method == "POST":
        try:
            domain.close_session(actor=request.user, session=session, ip=_ip(request))
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The session was closed. Its resolutions can be printed."))
        return redirect("review:session_detail", pk=session.pk)
    undecided = list(session.agenda.filter(decided_at__isnull=True).select_related("proposal"))
    return render(request, "review/session_close.html", {"session": session, "undecided": undecided})


# --- detail (row 7) ----------------------------------------------------------------------------

def _links(rows, *, can_manage: bool, is_open: bool) -> list[dict]:
    review_available = _reverse_or_none(PROPOSAL_REVIEW_URL, pk=0) is not None
    record_available = can_manage and _reverse_or_none(RECORD_RESULT_URL, pk=0) is not None
    shown = []
    for row in rows:
        item = row.item
        undecided = item.decided_at is None
        shown.append({
            "row": row,
            "proposal_url": reverse("proposals:detail", kwargs={"pk": item.proposal_id}),
            "review_url": _reverse_or_none(PROPOSAL_REVIEW_URL, pk=item.proposal_id)
            if review_available else None,
            "record_url": _reverse_or_none(RECORD_RESULT_URL, pk=item.proposal_id)
            if record_available and undecided and is_open else None,
            "can_remove": can_manage and is_open and undecided and not row.has_result,
        })
    return shown


@requires("7")
@require_GET
def session_detail(request, pk):
    session = session_queries.get_session_for_user(request.user, pk)
    can_manage = domain.can_manage_sessions(request.user)
    is_open = session.status == SessionStatus.PLANNED
    seat = session_queries.seat_of(request.user, session)
    # A long agenda is shown AGENDA_PAGE items at a time (the printed agenda has them all).
    page = page_of(Paginator(range(session.agenda.count()), AGENDA_PAGE), request.GET.get("page"))
    rows = session_queries.agenda_of(session, request.user, first=page.start_index() - 1
                                     if page.paginator.count else 0, count=AGENDA_PAGE)
    undecided = session.agenda.filter(decided_at__isnull=True).exists()
    return render(request, "review/session_detail.html", {
        "session": session,
        "members": session_queries.members_of(session),
        "rows": _links(rows, can_manage=can_manage, is_open=is_open),
        "page": page,
        "can_manage": can_manage and is_open,
        "can_close": can_manage and is_open and not undecided,
        "seat": seat,
        "can_declare": seat is not None and is_open,
        "conflict_form": session_forms.ConflictForm(),
        "results_visible": has_row(request.user, "9"),
    })


@requires("7")
@require_POST
def conflict_declare(request, pk):
    item = session_queries.get_agenda_item_for_user(request.user, pk)
    form = session_forms.ConflictForm(request.POST)
    target = reverse("review:session_detail", kwargs={"pk": item.session_id}) + f"#item-{item.pk}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(target)
    try:
        domain.declare_conflict(actor=request.user, item=item, note=form.cleaned_data["note"],
                                ip=_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your conflict of interest for proposal %(number)s was "
                                    "recorded on the session.") % {"number": item.proposal.number})
    return redirect(target)


# --- printing (row 7) --------------------------------------------------------------------------

def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires("7")
@require_GET
def session_print_agenda(request, pk):
    session = session_queries.get_session_for_user(request.user, pk)
    data = session_printing.render_agenda_pdf(session, request.user, language=_language())
    return _pdf(data, session_printing.pdf_filename(session, "agenda"))


@requires("7")
@require_GET
def session_print_resolutions(request, pk):
    session = session_queries.get_session_for_user(request.user, pk)
    data = session_printing.render_resolutions_pdf(session, request.user, language=_language())
    return _pdf(data, session_printing.pdf_filename(session, "resolutions"))

