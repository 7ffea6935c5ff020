"""API errors: domain errors become 4xx answers with a translated message, never a 500.

``PermissionDenied`` → 403 ``{"detail": ...}``; other domain errors → 400, either
``{"detail": ...}`` or, when the domain names fields, ``{"field": [messages], ...}`` (every field
the model validation refused, ``non_field_errors`` for the whole object), the shape DRF's own
validation errors have."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from phonlap.core.exceptions import DomainError, PermissionDenied


def _field_errors(exc: DomainError) -> dict[str, list[str]] | None:
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict) and errors:
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name): [str(m) for m in messages]
            for name, messages in errors.items()
        }
    if exc.field:
        return {exc.field: [str(exc.message)]}
    return None


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        if isinstance(exc, PermissionDenied):
            return Response({"detail": str(exc.message)}, status=status.HTTP_403_FORBIDDEN)
        body = _field_errors(exc) or {"detail": str(exc.message)}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
