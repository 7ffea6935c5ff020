"""API errors: domain errors become 4xx answers with a translated message, never a 500."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from phonlap.core.exceptions import DomainError, PermissionDenied


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = status.HTTP_403_FORBIDDEN if isinstance(exc, PermissionDenied) else 400
        key = exc.field or "detail"
        return Response({key: [str(exc.message)] if exc.field else str(exc.message)}, status=code)
    return drf_exception_handler(exc, context)
