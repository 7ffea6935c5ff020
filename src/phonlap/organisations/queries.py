"""Reads. ``get_organisation_for_user`` is the one access function for organisations: it
raises the same 404 for a missing, deleted or forbidden organisation."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from phonlap.accounts.access import has_row

from .enums import MembershipStatus
from .models import District, Membership, Organisation, Personnel, Province, Subdistrict


def _base() -> QuerySet[Organisation]:
    return (
        Organisation.objects.visible()
        .select_related("subdistrict__district__province")
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.APPROVED),
                               distinct=True),
        )
        .order_by("name", "pk")
    )


def organisations_for_user(user) -> QuerySet[Organisation]:
    """Every organisation the user may see (row 3.2: all, for everyone who holds the row)."""
    if not has_row(user, "3.2"):
        return Organisation.objects.none()
    return _base()


def search_organisations(text: str, *, user=None) -> QuerySet[Organisation]:
    """Organisations whose name, parent agency or province matches ``text`` (case-insensitive),
    for the first-sign-in picker. ``user`` limits it to what the user may see."""
    queryset = organisations_for_user(user) if user is not None else _base()
    # PostgreSQL refuses NUL in text: drop it here so no caller can turn it into a 500.
    for word in (text or "").replace("\x00", "").split()[:5]:
        queryset = queryset.filter(
            Q(name__icontains=word) | Q(parent_agency__icontains=word)
            | Q(subdistrict__district__province__name_th__icontains=word)
            | Q(subdistrict__district__province__name_en__icontains=word)
        )
    return queryset


def get_organisation_for_user(user, pk) -> Organisation:
    """The organisation with its address, personnel, objectives and products loaded, if the
    user may view it (row 3.2); otherwise the same 404 as a missing one."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    organisation = (
        organisations_for_user(user)
        .prefetch_related(
            Prefetch("personnel", queryset=Personnel.objects.order_by("role_rank", "order", "pk")),
            "objectives", "products",
        )
        .filter(pk=pk)
        .first()
    )
    if organisation is None:
        raise Http404
    return organisation


def memberships_of_organisation(organisation: Organisation) -> QuerySet[Membership]:
    """Current members (managers first) and pending requests, with their users."""
    return (
        Membership.objects.filter(
            organisation=organisation,
            status__in=(MembershipStatus.PENDING, MembershipStatus.APPROVED),
        )
        .select_related("user")
        .order_by("-is_manager", "status", "requested_at", "pk")
    )


def get_membership_in(organisation: Organisation, pk) -> Membership:
    """A membership of *this* organisation, or 404 (a membership of another organisation is
    treated as missing)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    membership = (
        Membership.objects.select_related("user", "organisation")
        .filter(pk=pk, organisation=organisation).first()
    )
    if membership is None:
        raise Http404
    return membership


def memberships_of_user(user) -> QuerySet[Membership]:
    """The user's pending and approved memberships in organisations that still exist."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            user=user, organisation__deleted_at__isnull=True,
            status__in=(MembershipStatus.PENDING, MembershipStatus.APPROVED),
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )


def approved_organisations_of(user) -> QuerySet[Organisation]:
    """Organisations the user belongs to (for proposals: apply in the name of one of these)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.visible().filter(
        memberships__user=user, memberships__status=MembershipStatus.APPROVED,
    ).distinct()


def managed_organisations_of(user) -> QuerySet[Organisation]:
    """Organisations the user manages (the only ones they may submit for / edit)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.visible().filter(
        memberships__user=user, memberships__status=MembershipStatus.APPROVED,
        memberships__is_manager=True,
    ).distinct()


# --- areas ----------------------------------------------------------------------------------

def provinces() -> QuerySet[Province]:
    return Province.objects.order_by("name_th")


def districts_of(province_code: str) -> QuerySet[District]:
    return District.objects.filter(province_id=province_code or "").order_by("name_th")


def subdistricts_of(district_code: str) -> QuerySet[Subdistrict]:
    return Subdistrict.objects.filter(district_id=district_code or "").order_by("name_th")
