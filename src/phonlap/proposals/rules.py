"""Who may do what to which proposal: the matrix row (rows 2.1–2.7) says whether a role may
act at all; these predicates say whether its scope reaches *this* proposal.

Scopes: ``all`` (staff, super user), ``own`` (the project manager who created it, while still
an approved member of its organisation), ``own_org`` (a manager of the proposal's organisation),
``own_sessions`` (committee: proposals on the agenda of a session they sit on)."""

from __future__ import annotations

import rules

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.enums import Scope
from phonlap.organisations.rules import is_manager_of, is_member_of


def reaches(user, row: str, proposal) -> bool:
    if proposal is None or not getattr(user, "is_authenticated", False):
        return False
    scopes = allowed_scopes(user, row)
    if Scope.ALL in scopes:
        return True
    if Scope.OWN_ORGANISATION in scopes and is_manager_of(user, proposal.organisation):
        return True
    if Scope.OWN in scopes and proposal.created_by_id == user.pk \
            and is_member_of(user, proposal.organisation):
        return True
    if Scope.OWN_SESSIONS in scopes:
        # On the agenda of a session the user sits on (the review app's relation, by name).
        return proposal.agenda_items.filter(session__members__user=user).exists()
    return False


@rules.predicate
def can_view_proposal(user, proposal) -> bool:
    return reaches(user, "2.2", proposal)


@rules.predicate
def can_edit_proposal(user, proposal) -> bool:
    """Row 2.3 (the draft-only part is the domain's transition check)."""
    return reaches(user, "2.3", proposal)


@rules.predicate
def can_delete_proposal(user, proposal) -> bool:
    return reaches(user, "2.4", proposal)


@rules.predicate
def can_restore_proposal(user, proposal) -> bool:
    return reaches(user, "2.5", proposal)


@rules.predicate
def can_submit_proposal(user, proposal) -> bool:
    return reaches(user, "2.6", proposal)


@rules.predicate
def can_change_review_status(user, proposal) -> bool:
    return reaches(user, "2.7", proposal)


PERMISSIONS = {
    "proposals.view_proposal": can_view_proposal,
    "proposals.change_proposal": can_edit_proposal,
    "proposals.delete_proposal": can_delete_proposal,
    "proposals.restore_proposal": can_restore_proposal,
    "proposals.submit_proposal": can_submit_proposal,
    "proposals.review_proposal": can_change_review_status,
}

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
