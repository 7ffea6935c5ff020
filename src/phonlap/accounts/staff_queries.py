"""Reads for staff user management. ``get_user_for_staff`` is the one access function for a user
reached from another user's pages: it raises the same ``Http404`` for missing and forbidden."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from .domain.users import is_purged, may_reach
from .models import User


def get_user_for_staff(actor, pk, *, row: str = "4.1", deleted: bool = False) -> User:
    """The user ``pk`` if ``actor``'s scope in matrix ``row`` reaches them (all / own_org / own).

    Deleted accounts are hidden everywhere (spec 01); ``deleted=True`` fetches only confirmed,
    not yet purged deletions, for the restore page."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    queryset = User.objects.all() if deleted else User.objects.visible()
    if deleted:
        queryset = queryset.filter(deleted_at__isnull=False)
    user = queryset.filter(pk=pk).first()
    if user is None or not getattr(actor, "is_authenticated", False):
        raise Http404
    if deleted and is_purged(user):
        raise Http404
    if not may_reach(actor, user, row):
        raise Http404
    return user


def users_for_staff() -> QuerySet[User]:
    """Every visible account, for the staff user list (filters narrow it)."""
    return User.objects.visible().order_by("first_name", "last_name", "email", "pk")


def committee_members() -> QuerySet[User]:
    return users_for_staff().filter(is_committee=True)


def pending_deletions() -> QuerySet[User]:
    return User.objects.visible().filter(deletion_requested_at__isnull=False).order_by(
        "deletion_requested_at", "pk"
    )


def deleted_accounts() -> QuerySet[User]:
    """Confirmed deletions still within reach of a restore (not yet purged)."""
    return (
        User.objects.filter(deleted_at__isnull=False)
        .exclude(Q(email__startswith="deleted-") & Q(email__endswith="@invalid.local"))
        .order_by("deleted_at", "pk")
    )
