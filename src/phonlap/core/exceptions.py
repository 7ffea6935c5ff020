"""The one small hierarchy of domain errors. Messages are translatable; views turn them into
form errors and 4xx answers, never a 500."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the operation. ``message`` is shown to the user."""

    default_message = _("This action is not allowed.")

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))


class PermissionDenied(DomainError):
    default_message = _("You do not have permission to do this.")


class InvalidTransition(DomainError):
    default_message = _("This change of state is not allowed now.")


class ValidationFailed(DomainError):
    default_message = _("Some of the information is not valid.")
