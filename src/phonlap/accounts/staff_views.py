"""Staff pages for people: the user list, editing a user, internal roles, account status,
committee accounts, and deletion requests. Every view declares its matrix row; objects are
fetched only through ``get_user_for_staff`` (same 404 for missing and forbidden); the domain
functions re-check the rule and make the change."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phonlap.core.audit import client_ip
from phonlap.core.exceptions import DomainError
from phonlap.core.exceptions import PermissionDenied as DomainPermissionDenied

from . import staff_queries
from .access import allowed_scopes, has_row, requires
from .domain import users as domain
from .staff_forms import (
    CommitteeAccountForm,
    CommitteeFilter,
    RolesForm,
    StatusForm,
    UserDataForm,
    UserFilter,
)

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _apply_domain_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@requires("4.1")
def user_list(request):
    """Every visible account, filterable by role, name, e-mail and status (constant queries)."""
    filterset = UserFilter(request.GET or None, queryset=staff_queries.users_for_staff())
    page = _page(request, filterset.qs)
    return render(request, "accounts/staff/user_list.html", {
        "filter": filterset, "page": page, "query": _query_without_page(request),
        "may_create_committee": has_row(request.user, "5.3"),
    })


@requires("5.3")
def committee_list(request):
    """Committee members: name, account e-mail, phone, enabled or disabled (spec 03)."""
    filterset = CommitteeFilter(request.GET or None, queryset=staff_queries.committee_members())
    page = _page(request, filterset.qs)
    return render(request, "accounts/staff/committee_list.html", {
        "filter": filterset, "page": page, "query": _query_without_page(request),
    })


@requires("5.3")
def committee_create(request):
    """Create a committee member's account; the domain checks matrix row 1."""
    if not allowed_scopes(request.user, "1") & {"committee_accounts", "all"}:
        raise Http404
    form = CommitteeAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = domain.create_committee_account(
                actor=request.user, title=data["title"], first_name=data["first_name"],
                last_name=data["last_name"], email=data["email"], phone=data["phone"],
                password=data["password1"], is_active=data["is_active"], ip=client_ip(request),
            )
        except DomainError as error:
            _apply_domain_error(form, error)
        else:
            messages.success(request, _(
                "The committee account for %(name)s was created. Hand the initial password over "
                "in person; it must be changed at first sign-in."
            ) % {"name": user.get_full_name() or user.email})
            return redirect("staff_users:committee_list")
    return render(request, "accounts/staff/committee_form.html", {"form": form})


def _roles_form(actor, user, data=None) -> RolesForm:
    form = RolesForm(data, initial={
        "is_fund_staff": user.is_fund_staff, "is_committee": user.is_committee,
        "is_superuser": user.is_superuser,
    })
    form.fields["is_fund_staff"].disabled = not domain.may_reach(actor, user, "5.2")
    form.fields["is_committee"].disabled = not domain.may_reach(actor, user, "5.3")
    form.fields["is_superuser"].disabled = not actor.is_superuser
    return form


@requires("4.1")
def user_edit(request, pk):
    """A user's data (row 4.1), with their roles (5.2 / 5.3) and status (4.3) beside it."""
    user = staff_queries.get_user_for_staff(request.user, pk)
    form = UserDataForm(request.POST or None, initial={
        name: getattr(user, name) for name in domain.EDITABLE_FIELDS
    })
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_user_data(actor=request.user, user=user, ip=client_ip(request),
                                    **form.cleaned_data)
        except DomainError as error:
            _apply_domain_error(form, error)
        else:
            messages.success(request, _("The user's data was saved."))
            return redirect("staff_users:edit", pk=user.pk)
    roles_form = _roles_form(request.user, user)
    return render(request, "accounts/staff/user_edit.html", {
        "subject": user, "form": form, "roles_form": roles_form,
        "may_change_roles": not all(field.disabled for field in roles_form.fields.values()),
        "may_change_status": domain.may_reach(request.user, user, "4.3")
        and user.pk != request.user.pk
        and (request.user.is_superuser or not user.is_superuser),
        "deletion_pending": domain.deletion_pending(user),
    })


@requires("5.2", "5.3")
@require_POST
def user_roles(request, pk):
    user = staff_queries.get_user_for_staff(request.user, pk, row="4.1")
    form = _roles_form(request.user, user, request.POST)
    if not form.is_valid():
        messages.error(request, _("The roles could not be changed."))
        return redirect("staff_users:edit", pk=user.pk)
    changes = {name: form.cleaned_data[name] for name, field in form.fields.items()
               if not field.disabled}
    try:
        domain.set_internal_roles(actor=request.user, user=user, ip=client_ip(request), **changes)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The roles were saved."))
    return redirect("staff_users:edit", pk=user.pk)


def _safe_next(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


@requires("4.3")
@require_POST
def user_status(request, pk):
    """Enable or disable another user's account. Organisation managers reach the members of
    their organisations (scope ``own_org``); pages of the organisations app may post here with
    a ``next`` address to come back to."""
    user = staff_queries.get_user_for_staff(request.user, pk, row="4.3")
    form = StatusForm(request.POST)
    fallback = reverse("staff_users:edit", args=[user.pk]) if has_row(request.user, "4.1") else "/"
    if not form.is_valid():
        messages.error(request, _("The account status could not be changed."))
        return _safe_next(request, fallback)
    try:
        domain.set_account_active(actor=request.user, user=user,
                                  active=form.cleaned_data["active"], ip=client_ip(request))
    except DomainPermissionDenied:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if form.cleaned_data["active"]:
            messages.success(request, _("The account was enabled."))
        else:
            messages.success(request, _("The account was disabled."))
    return _safe_next(request, fallback)


# --- deletion requests -----------------------------------------------------------------------------


@requires("4.1")
def deletion_list(request):
    """Pending deletion requests, and confirmed deletions that can still be restored."""
    return render(request, "accounts/staff/deletion_list.html", {
        "pending": staff_queries.pending_deletions()[:200],
        "deleted": staff_queries.deleted_accounts()[:200],
        "retention_days": domain.RETENTION.days,
    })


def _deletion_action(request, pk, *, deleted: bool, action, done: str):
    user = staff_queries.get_user_for_staff(request.user, pk, deleted=deleted)
    try:
        action(actor=request.user, user=user, ip=client_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done % {"name": user.get_full_name() or user.email})
    return redirect("staff_users:deletions")


@requires("4.1")
@require_POST
def deletion_confirm(request, pk):
    return _deletion_action(request, pk, deleted=False, action=domain.confirm_account_deletion,
                            done=_("The account of %(name)s was deleted. It can be restored for 30 days."))


@requires("4.1")
@require_POST
def deletion_decline(request, pk):
    return _deletion_action(request, pk, deleted=False, action=domain.withdraw_account_deletion,
                            done=_("The deletion request of %(name)s was declined."))


@requires("4.1")
@require_POST
def deletion_restore(request, pk):
    return _deletion_action(request, pk, deleted=True, action=domain.restore_account,
                            done=_("The account of %(name)s was restored."))
