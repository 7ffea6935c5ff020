"""Organisation pages. Views read through queries, write through domain functions, and pass
the template booleans (no permission logic in templates)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phonlap.accounts.access import allowed_scopes, requires
from phonlap.core.audit import client_ip
from phonlap.core.exceptions import DomainError
from phonlap.core.fiscal import to_be
from phonlap.core.thaidate import is_thai

from . import domain, queries
from . import rules as org_rules
from .forms import (
    AddMemberForm,
    ObjectiveForm,
    OrganisationForm,
    PersonnelForm,
    ProductForm,
    SearchForm,
)
from .models import Objective, Personnel, ProductService, Subdistrict

SEARCH_LIMIT = 20
PAGE_SIZE = 50


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _apply_domain_error(form, error: DomainError) -> None:
    errors = getattr(error, "errors", None)
    if errors:
        for field, messages_ in errors.items():
            target = field if field in form.fields else None
            for message in messages_:
                form.add_error(target, message)
    else:
        form.add_error(error.field if error.field in form.fields else None, error.message)


# --- finding, listing ------------------------------------------------------------------------

@requires("3.1")
def start(request):
    """First sign-in: find your organisation and ask to join it, or create a new one."""
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    results = list(queries.search_organisations(text, user=request.user)[:SEARCH_LIMIT]) if text else []
    open_memberships = {m.organisation_id: m for m in queries.memberships_of_user(request.user)}
    rows = [(org, open_memberships.get(org.pk)) for org in results]
    context = {"form": form, "text": text, "rows": rows, "memberships": open_memberships.values()}
    if _is_htmx(request):
        return render(request, "organisations/partials/search_results.html", context)
    return render(request, "organisations/start.html", context)


@requires("3.2")
def mine(request):
    """The organisations the user belongs to or has asked to join."""
    return render(request, "organisations/mine.html", {
        "memberships": queries.memberships_of_user(request.user),
        "can_create": bool(allowed_scopes(request.user, "3.1")),
    })


@requires("3.2")
def organisation_list(request):
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    queryset = queries.search_organisations(text, user=request.user)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organisations/list.html", {"form": form, "page": page, "text": text})


# --- create, view, edit, delete --------------------------------------------------------------

@requires("3.1")
def create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and "refresh" not in request.POST and form.is_valid():
        try:
            organisation = domain.create_organisation(
                actor=request.user, fields=form.domain_fields(), ip=client_ip(request))
        except DomainError as error:
            _apply_domain_error(form, error)
        else:
            messages.success(request, _("The organisation was created. You are its manager."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "creating": True})


def _detail_context(request, organisation, **forms):
    user = request.user
    can_edit = org_rules.can_edit_organisation(user, organisation)
    year = organisation.registration_year
    return {
        "organisation": organisation,
        "registration_year_display": (to_be(year) if year and is_thai(get_language()) else year),
        "can_edit": can_edit,
        "can_delete": org_rules.can_delete_organisation(user, organisation),
        "can_see_members": (org_rules.can_manage_members(user, organisation)
                            or org_rules.can_remove_members(user, organisation)
                            or org_rules.can_appoint_managers(user, organisation)),
        "can_leave": org_rules.can_leave_organisation(user, organisation),
        "is_member": org_rules.is_member_of(user, organisation),
        "personnel_form": forms.get("personnel_form") or (PersonnelForm() if can_edit else None),
        "objective_form": forms.get("objective_form") or (ObjectiveForm() if can_edit else None),
        "product_form": forms.get("product_form") or (ProductForm() if can_edit else None),
    }


@requires("3.2")
def detail(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    return render(request, "organisations/detail.html", _detail_context(request, organisation))


@requires("3.3")
def edit(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    if not org_rules.can_edit_organisation(request.user, organisation):
        raise Http404
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and "refresh" not in request.POST and form.is_valid():
        try:
            domain.update_organisation(actor=request.user, organisation=organisation,
                                       fields=form.domain_fields(), ip=client_ip(request))
        except DomainError as error:
            _apply_domain_error(form, error)
        else:
            messages.success(request, _("The organisation's details were saved."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/form.html",
                  {"form": form, "creating": False, "organisation": organisation})


@requires("3.4")
def delete(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    if not org_rules.can_delete_organisation(request.user, organisation):
        raise Http404
    if request.method == "POST":
        domain.delete_organisation(actor=request.user, organisation=organisation,
                                   ip=client_ip(request))
        messages.success(request, _("The organisation was deleted."))
        return redirect("organisations:list")
    return render(request, "organisations/delete.html", {"organisation": organisation})


# --- personnel, objectives, products (row 3.3) -----------------------------------------------

def _child_action(request, pk, form_class, form_key, add):
    organisation = queries.get_organisation_for_user(request.user, pk)
    if not org_rules.can_edit_organisation(request.user, organisation):
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            add(organisation, form.cleaned_data)
        except DomainError as error:
            _apply_domain_error(form, error)
        else:
            messages.success(request, _("Added."))
            return redirect(reverse("organisations:detail", args=[organisation.pk]) + f"#{form_key}")
    organisation = queries.get_organisation_for_user(request.user, pk)
    return render(request, "organisations/detail.html",
                  _detail_context(request, organisation, **{f"{form_key}_form": form}))


@requires("3.3")
@require_POST
def personnel_add(request, pk):
    return _child_action(request, pk, PersonnelForm, "personnel", lambda org, data: domain.add_personnel(
        actor=request.user, organisation=org, role=data["role"], title=data["title"],
        first_name=data["first_name"], last_name=data["last_name"], ip=client_ip(request)))


@requires("3.3")
@require_POST
def objective_add(request, pk):
    return _child_action(request, pk, ObjectiveForm, "objective", lambda org, data: domain.add_objective(
        actor=request.user, organisation=org, text=data["text"], ip=client_ip(request)))


@requires("3.3")
@require_POST
def product_add(request, pk):
    return _child_action(request, pk, ProductForm, "product", lambda org, data: domain.add_product(
        actor=request.user, organisation=org, name=data["name"], description=data["description"],
        ip=client_ip(request)))


def _child_remove(request, pk, model, child_pk, remove, anchor):
    organisation = queries.get_organisation_for_user(request.user, pk)
    if not org_rules.can_edit_organisation(request.user, organisation):
        raise Http404
    child = get_object_or_404(model, pk=child_pk, organisation=organisation)
    remove(child)
    messages.success(request, _("Removed."))
    return redirect(reverse("organisations:detail", args=[organisation.pk]) + f"#{anchor}")


@requires("3.3")
@require_POST
def personnel_remove(request, pk, child_pk):
    return _child_remove(request, pk, Personnel, child_pk, lambda p: domain.remove_personnel(
        actor=request.user, person=p, ip=client_ip(request)), "personnel")


@requires("3.3")
@require_POST
def objective_remove(request, pk, child_pk):
    return _child_remove(request, pk, Objective, child_pk, lambda o: domain.remove_objective(
        actor=request.user, objective=o, ip=client_ip(request)), "objective")


@requires("3.3")
@require_POST
def product_remove(request, pk, child_pk):
    return _child_remove(request, pk, ProductService, child_pk, lambda p: domain.remove_product(
        actor=request.user, product=p, ip=client_ip(request)), "product")


# --- memberships -----------------------------------------------------------------------------

@requires("3.1")
@require_POST
def join(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    try:
        domain.request_to_join(actor=request.user, organisation=organisation, ip=client_ip(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request was sent to the organisation's managers. You "
                                    "will get an e-mail when they decide."))
    return redirect("organisations:mine")


def _members_context(request, organisation, add_form=None):
    user = request.user
    memberships = list(queries.memberships_of_organisation(organisation))
    manager_count = sum(1 for m in memberships if m.status == "approved" and m.is_manager)
    can_remove = org_rules.can_remove_members(user, organisation)
    can_appoint = org_rules.can_appoint_managers(user, organisation)
    not_last = manager_count > 1
    members_rows = [
        {
            "membership": m,
            "can_appoint": can_appoint and not m.is_manager,
            "can_revoke": can_appoint and m.is_manager and not_last,
            "can_remove": can_remove and m.user_id != user.pk and (not m.is_manager or not_last),
        }
        for m in memberships if m.status == "approved"
    ]
    return {
        "organisation": organisation,
        "pending": [m for m in memberships if m.status == "pending"],
        "members": members_rows,
        "can_manage": org_rules.can_manage_members(user, organisation),
        "can_leave": org_rules.can_leave_organisation(user, organisation),
        "single_manager": manager_count <= 1,
        "add_form": add_form or AddMemberForm(),
    }


def _members_organisation(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    user = request.user
    if not (org_rules.can_manage_members(user, organisation)
            or org_rules.can_remove_members(user, organisation)
            or org_rules.can_appoint_managers(user, organisation)):
        raise Http404
    return organisation


@requires("4.4", "4.6", "5.1")
def members(request, pk):
    organisation = _members_organisation(request, pk)
    return render(request, "organisations/members.html", _members_context(request, organisation))


@requires("4.4")
@require_POST
def member_add(request, pk):
    organisation = _members_organisation(request, pk)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        try:
            domain.add_member(actor=request.user, organisation=organisation,
                              email=form.cleaned_data["email"], ip=client_ip(request))
        except DomainError as error:
            _apply_domain_error(form, error)
        else:
            messages.success(request, _("The person was added to the organisation."))
            return redirect("organisations:members", pk=organisation.pk)
    return render(request, "organisations/members.html",
                  _members_context(request, organisation, add_form=form))


# Lazy: this table is built at import, the messages are shown in each request's language.
_MEMBERSHIP_ACTIONS = {
    "approve": (domain.approve_membership, "4.4", gettext_lazy("The request was approved.")),
    "reject": (domain.reject_membership, "4.4", gettext_lazy("The request was rejected.")),
    "remove": (domain.remove_member, "4.6",
               gettext_lazy("The person was removed from the organisation.")),
    "appoint": (domain.appoint_manager, "5.1",
                gettext_lazy("The person is now an organisation manager.")),
    "revoke": (domain.revoke_manager, "5.1",
               gettext_lazy("The person is no longer an organisation manager.")),
}


def _membership_action(request, pk, membership_pk, action):
    organisation = _members_organisation(request, pk)
    membership = queries.get_membership_in(organisation, membership_pk)
    function, _row, done = _MEMBERSHIP_ACTIONS[action]
    try:
        function(actor=request.user, membership=membership, ip=client_ip(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("organisations:members", pk=organisation.pk)


@requires("4.4")
@require_POST
def membership_approve(request, pk, membership_pk):
    return _membership_action(request, pk, membership_pk, "approve")


@requires("4.4")
@require_POST
def membership_reject(request, pk, membership_pk):
    return _membership_action(request, pk, membership_pk, "reject")


@requires("4.6")
@require_POST
def membership_remove(request, pk, membership_pk):
    return _membership_action(request, pk, membership_pk, "remove")


@requires("5.1")
@require_POST
def membership_appoint(request, pk, membership_pk):
    return _membership_action(request, pk, membership_pk, "appoint")


@requires("5.1")
@require_POST
def membership_revoke(request, pk, membership_pk):
    return _membership_action(request, pk, membership_pk, "revoke")


@requires("4.5")
@require_POST
def leave(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    try:
        domain.leave_organisation(actor=request.user, organisation=organisation,
                                  ip=client_ip(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("organisations:detail", pk=organisation.pk)
    messages.success(request, _("You left the organisation."))
    return redirect("organisations:mine")


# --- address pickers (HTMX fragments) --------------------------------------------------------

def _area_name(area, thai: bool) -> str:
    return area.name_th if thai else area.name_en


@requires("3.1", "3.3")
@require_GET
def districts(request):
    """<option>s of the chosen province's districts, and an emptied subdistrict list."""
    thai = is_thai(get_language())
    code = (request.GET.get("province") or "")[:2]
    options = [(d.code, _area_name(d, thai)) for d in queries.districts_of(code)]
    return render(request, "organisations/partials/area_options.html",
                  {"options": options, "clear_subdistricts": True})


@requires("3.1", "3.3")
@require_GET
def subdistricts(request):
    thai = is_thai(get_language())
    code = (request.GET.get("district") or "")[:4]
    options = [(s.code, _area_name(s, thai)) for s in queries.subdistricts_of(code)]
    return render(request, "organisations/partials/area_options.html", {"options": options})


@requires("3.1", "3.3")
@require_GET
def postcode(request):
    """The postcode input, filled from the chosen subdistrict."""
    code = (request.GET.get("subdistrict") or "")[:6]
    subdistrict = Subdistrict.objects.filter(pk=code).first()
    value = subdistrict.postcode if subdistrict else request.GET.get("postcode", "")[:5]
    form = OrganisationForm(initial={"postcode": value})
    return render(request, "organisations/partials/postcode.html", {"field": form["postcode"]})
