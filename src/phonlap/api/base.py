"""What every API view shares: authentication, the matrix gate, rate limits, the caller's language.

Every view class declares ``matrix_rows = ("3.2", ...)`` (the rows that govern it; the
matrix-driven test reads them from ``view.cls``) or ``matrix_exempt = "why"``. Views whose actions
fall under different rows add ``matrix_action_rows = {"create": ("3.1",), ...}``. The gate only asks
"does the caller hold this row at all" (``has_row``), exactly like ``@requires``; *which* objects the
scope reaches is the access function's business (same 404 for missing and forbidden).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from rest_framework import exceptions, permissions
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from phonlap.accounts.access import has_row

from .authentication import AUTHENTICATION_CLASSES
from .schema import PhonlapAutoSchema
from .throttling import AnonThrottle, UserThrottle


def rows_for(view) -> tuple[str, ...]:
    action = getattr(view, "action", None)
    by_action = getattr(view, "matrix_action_rows", None) or {}
    if action in by_action:
        return tuple(by_action[action])
    return tuple(getattr(view, "matrix_rows", ()))


class MatrixGate(permissions.BasePermission):
    """Signed in and holding one of the view's matrix rows; otherwise 401, or 404 like ``@requires``."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False  # DRF answers 401 with a WWW-Authenticate header
        if getattr(view, "matrix_exempt", None):
            return True
        rows = rows_for(view)
        if not rows:  # a view that forgot to declare is closed, never open
            raise exceptions.NotFound
        if any(has_row(request.user, row) for row in rows):
            return True
        raise exceptions.NotFound


def _header_language(request) -> str | None:
    """The first language of Accept-Language we support, if the caller sent the header."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    supported = {code for code, _ in settings.LANGUAGES}
    for code, _q in translation.trans_real.parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return None


class LanguageMixin:
    """API callers choose the language of messages with Accept-Language; without the header the
    user's saved language applies (token callers never pass the session middleware that sets it)."""

    def initial(self, request, *args, **kwargs):
        self._explicit_language = _header_language(request)
        if self._explicit_language:
            translation.activate(self._explicit_language)
            request._request.LANGUAGE_CODE = self._explicit_language
        super().initial(request, *args, **kwargs)

    def perform_authentication(self, request):
        super().perform_authentication(request)
        language = getattr(request.user, "language", "") if request.user.is_authenticated else ""
        if not getattr(self, "_explicit_language", None) and language:
            translation.activate(language)
            request._request.LANGUAGE_CODE = language


class ApiMixin(LanguageMixin):
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [MatrixGate]
    throttle_classes = [UserThrottle, AnonThrottle]
    schema = PhonlapAutoSchema()


class ApiView(ApiMixin, APIView):
    pass


class ApiViewSet(ApiMixin, GenericViewSet):
    pass
