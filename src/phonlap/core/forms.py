"""Form fields for Thai input. ``ThaiDateField`` is the date field every form uses."""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import thaidate
from .widgets import ThaiDateInput

# The example date in error messages; shown in the user's own convention (B.E. in Thai).
_EXAMPLE = date(2026, 11, 21)


def _example() -> str:
    return thaidate.format_input(_EXAMPLE, translation.get_language() or "th")


class ThaiDateField(forms.DateField):
    """A date typed as ``dd/mm/yyyy``: B.E. years (≥ 2400) are converted, so a Thai user typing
    21/11/2569 stores ``date(2026, 11, 21)``; C.E. and ISO also work. A B.E. year is never stored.

    Each failure has its own message: unreadable text (``invalid``), a day that does not exist
    (``invalid_date``, e.g. 29/02/2566), and a year before 1900 (``invalid_year``).
    """

    widget = ThaiDateInput
    default_error_messages = {
        "invalid": _("Enter the date as day/month/year, for example %(example)s."),
        "invalid_date": _("There is no such date: check the day and the month (%(value)s)."),
        "invalid_year": _("Check the year: enter the full year, for example %(example)s."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return thaidate.parse_date(str(value))
        except thaidate.ThaiDateError as exc:
            reason = str(exc)
            if reason == "invalid":
                code = "invalid_date"
            elif reason == "year":
                code = "invalid_year"
            else:
                code = "invalid"
            raise ValidationError(
                self.error_messages[code],
                code=code,
                params={"example": _example(), "value": str(value)},
            ) from exc
