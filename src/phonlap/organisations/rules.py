"""Who may do what to which organisation: the matrix row says whether a role may act at all,
these predicates say whether the scope reaches *this* organisation.

Scopes used here: ``all`` (staff / super user), ``own_org`` (a manager of this organisation),
``own`` (one's own membership) and ``not_last_manager`` (row 4.5)."""

from __future__ import annotations

import rules

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.enums import Scope

from .enums import MembershipStatus
from .models import Membership, Organisation


def is_manager_of(user, organisation: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, organisation=organisation, status=MembershipStatus.APPROVED, is_manager=True,
    ).exists()


def is_member_of(user, organisation: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, organisation=organisation, status=MembershipStatus.APPROVED,
    ).exists()


def manager_count(organisation: Organisation) -> int:
    return Membership.objects.filter(
        organisation=organisation, status=MembershipStatus.APPROVED, is_manager=True,
    ).count()


def reaches(user, row: str, organisation: Organisation) -> bool:
    """True if one of the user's scopes in ``row`` covers ``organisation``."""
    scopes = allowed_scopes(user, row)
    if Scope.ALL in scopes:
        return True
    if Scope.OWN_ORGANISATION in scopes:
        return is_manager_of(user, organisation)
    return False


@rules.predicate
def can_edit_organisation(user, organisation) -> bool:
    """Row 3.3: only the organisation's own managers (project managers may not)."""
    return organisation is not None and reaches(user, "3.3", organisation)


@rules.predicate
def can_manage_members(user, organisation) -> bool:
    """Row 4.4 (add / approve / reject joining)."""
    return organisation is not None and reaches(user, "4.4", organisation)


@rules.predicate
def can_remove_members(user, organisation) -> bool:
    """Row 4.6."""
    return organisation is not None and reaches(user, "4.6", organisation)


@rules.predicate
def can_appoint_managers(user, organisation) -> bool:
    """Row 5.1."""
    return organisation is not None and reaches(user, "5.1", organisation)


@rules.predicate
def can_delete_organisation(user, organisation) -> bool:
    """Row 3.4 (super user)."""
    return organisation is not None and Scope.ALL in allowed_scopes(user, "3.4")


@rules.predicate
def can_leave_organisation(user, organisation) -> bool:
    """Row 4.5: one's own approved membership; a manager only while another manager remains."""
    if organisation is None or not allowed_scopes(user, "4.5"):
        return False
    membership = Membership.objects.filter(
        user=user, organisation=organisation, status=MembershipStatus.APPROVED,
    ).first()
    if membership is None:
        return False
    return not membership.is_manager or manager_count(organisation) > 1


PERMISSIONS = {
    "organisations.change_organisation": can_edit_organisation,
    "organisations.delete_organisation": can_delete_organisation,
    "organisations.manage_members": can_manage_members,
    "organisations.remove_members": can_remove_members,
    "organisations.appoint_managers": can_appoint_managers,
    "organisations.leave_organisation": can_leave_organisation,
}

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
