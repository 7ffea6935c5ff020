"""The live permission matrix: read from the database, cached, falling back to the defaults.

``scopes(row, roles)`` is what ``rules`` predicates ask; a super user's edit (row 11) clears
the cache so the next request sees it."""

from __future__ import annotations

from django.core.cache import cache

from . import matrix

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
