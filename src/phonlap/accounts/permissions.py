"""The live permission matrix: read from the database, cached, falling back to the defaults.

``scopes(row, roles)`` is what ``rules`` predicates ask; a super user's edit (row 11) clears
the cache so the next request sees it."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from . import matrix
from .enums import Scope

_CACHE_KEY = "phonlap:permission-matrix:v1"


def cells() -> dict[tuple[str, str], str]:
    cached = cache.get(_CACHE_KEY)
    if cached is not None:
        return cached
    from .models import PermissionCell

    table = matrix.default_cells()
    table.update({(c.row, c.role): c.scope for c in PermissionCell.objects.all()})
    cache.set(_CACHE_KEY, table, 300)
    return table


def forget() -> None:
    cache.delete(_CACHE_KEY)


def scopes(row: str, roles) -> set[str]:
    return matrix.scopes_for(cells(), row, roles)


# --- writes (row 11): only super users change the matrix; every changed cell is audited ---

EDIT_ROW = "11"


def _check_may_edit(actor) -> None:
    from phonlap.core.exceptions import PermissionDenied

    from .roles import roles_of

    if not scopes(EDIT_ROW, roles_of(actor)):
        raise PermissionDenied()


def _apply(*, actor, wanted: dict[tuple[str, str], str], ip: str | None, action: str) -> int:
    from phonlap.core import audit

    from .models import PermissionCell

    current = cells()
    changed = 0
    for (row, role), scope in sorted(wanted.items()):
        if row not in matrix.ROW_CODES or role not in matrix.ROLES or scope not in Scope.values:
            from phonlap.core.exceptions import ValidationFailed

            raise ValidationFailed()
        old = current.get((row, role), "")
        if old == scope:
            continue
        PermissionCell.objects.update_or_create(row=row, role=role, defaults={"scope": scope})
        audit.state_change(actor=actor, action=action, ip=ip, row=row, role=role, old=old,
                           new=scope)
        changed += 1
    if changed:
        forget()
        # Another process may have cached the old matrix meanwhile: forget again once committed.
        transaction.on_commit(forget)
    return changed


@transaction.atomic
def update_matrix(*, actor, changes: dict[tuple[str, str], str], ip: str | None = None) -> int:
    """Set the given cells (row, role) → scope. Side effects: saves the changed cells, writes one
    ``permission_matrix.cell_changed`` state change (old/new) per changed cell, clears the cache
    so the next request sees the new matrix. Returns the number of changed cells."""
    _check_may_edit(actor)
    return _apply(actor=actor, wanted=changes, ip=ip, action="permission_matrix.cell_changed")


@transaction.atomic
def reset_matrix(*, actor, ip: str | None = None) -> int:
    """Restore the spec's defaults (``matrix.DEFAULT_MATRIX``); audited like ``update_matrix``."""
    _check_may_edit(actor)
    return _apply(actor=actor, wanted=matrix.default_cells(), ip=ip, action="permission_matrix.reset")
