"""``rules`` predicates over the live permission matrix: the one permission system.

``access.requires`` (the view gate) and these predicates both ask ``permissions.scopes``, so a
super user's edit of the matrix (row 11) changes both at once. Object-level reach (own, own
organisation, own sessions) is decided by each entity's access function; the predicates here
answer "does any of the user's roles hold a scope in this row".
"""

from __future__ import annotations

import rules

from .access import has_row


def matrix_row(code: str) -> rules.Predicate:
    """A predicate that is true when one of the user's roles holds a scope in row ``code``."""

    def predicate(user) -> bool:
        return has_row(user, code)

    return rules.Predicate(predicate, name=f"matrix_row_{code}")


has_row_11 = matrix_row("11")
has_row_12 = matrix_row("12")

# Named permissions, so ``user.has_perm("accounts.edit_matrix")`` and the view gate agree.
PERMISSIONS = {
    "accounts.edit_matrix": has_row_11,
    "accounts.view_access_log": has_row_12,
    "accounts.edit_other_users": matrix_row("4.1"),
    "accounts.appoint_staff": matrix_row("5.2"),
    "accounts.appoint_committee": matrix_row("5.3"),
}

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
