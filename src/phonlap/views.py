"""Project-level pages: the home page shows what the user's roles allow (spec 01, manual §2.7)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from phonlap.accounts.access import has_row, matrix_exempt
from phonlap.accounts.enums import Role
from phonlap.accounts.roles import roles_of
from phonlap.menu import build_menu, coming_soon, first_url
from phonlap.organisations.enums import MembershipStatus
from phonlap.organisations.models import Membership


def object_url(names, *args) -> str | None:
    """The first of ``names`` that resolves with ``args``, or None (module not landed yet)."""
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def _my_memberships(user) -> list[dict]:
    """The user's pending and approved memberships, each with a link to the organisation."""
    rows = (
        Membership.objects.filter(
            user=user, status__in=(MembershipStatus.PENDING, MembershipStatus.APPROVED),
            organisation__deleted_at__isnull=True,
        )
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    return [
        {
            "organisation": m.organisation,
            "status": m.get_status_display(),
            "is_pending": m.status == MembershipStatus.PENDING,
            "is_manager": m.is_manager,
            "url": object_url(("organisations:detail",), m.organisation_id),
        }
        for m in rows
    ]


def _join_requests(user) -> list[dict]:
    """Pending requests to join the organisations the user manages (spec 01, row 4.4)."""
    managed = Membership.objects.filter(
        user=user, status=MembershipStatus.APPROVED, is_manager=True,
    ).values("organisation_id")
    rows = (
        Membership.objects.filter(organisation_id__in=managed, status=MembershipStatus.PENDING)
        .select_related("user", "organisation")
        .order_by("requested_at", "pk")
    )
    return [
        {
            "membership": m,
            "url": object_url(("organisations:members", "organisations:detail"), m.organisation_id),
        }
        for m in rows
    ]


@matrix_exempt("The home page is for everyone; each section it shows is chosen from the matrix "
               "rows the user's roles hold.")
def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "home.html", {
            "statistics_url": first_url(("portal:statistics",)),
        })
    roles = roles_of(user)
    external = bool(roles & {Role.PROJECT_MANAGER, Role.ORGANISATION_MANAGER})
    context = {
        "roles": [Role(r).label for r in sorted(roles)],
        "cards": [item for item in build_menu(user, request.path)
                  if item.url != reverse("home") and item.label],
        "coming_soon": coming_soon(user),
        "show_organisations": external,
        "memberships": _my_memberships(user) if external else [],
        "can_create_organisation": external and has_row(user, "3.1"),
        "create_organisation_url": first_url(("organisations:create",)),
        "join_organisation_url": first_url(("organisations:join", "organisations:list")),
        "show_join_requests": Role.ORGANISATION_MANAGER in roles,
        "join_requests": _join_requests(user) if Role.ORGANISATION_MANAGER in roles else [],
    }
    return render(request, "home.html", context)
