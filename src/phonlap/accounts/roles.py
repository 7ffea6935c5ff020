"""Which of the six user types (spec 01) a person holds right now.

Internal roles are flags on the user. External roles come from organisation memberships, read
through the reverse relation ``user.memberships`` (organisations.Membership: ``is_manager``,
``status``) so this bottom layer never imports the organisations app.

A signed-in user whose e-mail is verified and who is not internal is treated as a project
manager even before joining an organisation: that is what lets them create or join one at
first sign-in (matrix row 3.1). The proposal rules still refuse a user with no organisation.
"""

from __future__ import annotations

from .enums import Role

_CACHE_ATTR = "_phonlap_roles"
APPROVED = "approved"


def email_verified(user) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def roles_of(user) -> frozenset[str]:
    """The user's roles, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return frozenset({Role.UNREGISTERED})
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    if user.is_superuser:
        roles.add(Role.SUPER_USER)
    if user.is_fund_staff:
        roles.add(Role.STAFF)
    if user.is_committee:
        roles.add(Role.COMMITTEE)
    memberships = getattr(user, "memberships", None)
    if memberships is not None:
        # A deleted organisation confers no role (soft delete hides it everywhere at once).
        approved = memberships.filter(status=APPROVED, organisation__deleted_at__isnull=True)
        flags = set(approved.values_list("is_manager", flat=True))
        if flags:
            roles.add(Role.PROJECT_MANAGER)
        if True in flags:
            roles.add(Role.ORGANISATION_MANAGER)
    if not roles:
        # External and not (yet) in an organisation: committee accounts are created by staff
        # and need no verification, everyone else must have verified the address.
        roles.add(Role.PROJECT_MANAGER if email_verified(user) else Role.UNREGISTERED)
    frozen = frozenset(roles)
    setattr(user, _CACHE_ATTR, frozen)
    return frozen


def forget_roles(user) -> None:
    """Call after a membership or flag changes within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
