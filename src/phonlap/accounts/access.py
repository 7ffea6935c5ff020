"""The view-level gate of the permission matrix.

Every view declares its matrix row with ``@requires("3.3")`` (or says why it has none with
``@matrix_exempt("...")``). The decorator lets a request through only if one of the user's roles
holds a non-empty scope in that row; *which* objects the scope reaches is decided by the entity's
access function (``get_organisation_for_user`` …), which raises the same 404 for missing and
forbidden. The matrix-driven test walks every URL and fails on a view with neither marker.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from . import permissions
from .roles import roles_of


def allowed_scopes(user, row: str) -> set[str]:
    return permissions.scopes(row, roles_of(user))


def has_row(user, row: str) -> bool:
    return bool(allowed_scopes(user, row))


def requires(*rows: str):
    """Allow the view if the user holds any of ``rows``. Anonymous users are sent to sign in;
    signed-in users without the right get 404, the same answer as a missing object."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if any(has_row(request.user, row) for row in rows):
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404

        wrapped.matrix_rows = rows
        return wrapped

    return decorator


def matrix_exempt(reason: str):
    """Mark a view that no matrix row governs (sign-in pages, health, one's own profile)."""

    def decorator(view):
        view.matrix_exempt = reason
        return view

    return decorator
