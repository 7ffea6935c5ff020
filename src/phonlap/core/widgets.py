"""Form widgets for Thai input: the B.E.-aware date box."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import translation
from django.utils.translation import pgettext_lazy

from . import thaidate

# Shown beside every date box, and read out with it (aria-describedby): Thai users type B.E.
FORMAT_HINT = pgettext_lazy("date input format hint", "dd/mm/yyyy")


class ThaiDateInput(forms.TextInput):
    """A text box (not ``type=date``: browsers' pickers show C.E. years and cannot take B.E.)
    showing ``21/11/2569`` in Thai and ``21/11/2026`` in English, with a visible format hint
    that the input names in its ``aria-describedby``.

    ``autocomplete`` defaults to ``off`` (a proposal's dates are not personal data the browser
    knows); pass ``attrs={"autocomplete": "bday"}`` for a date of birth.
    """

    template_name = "core/widgets/thai_date.html"

    def __init__(self, attrs=None):
        defaults = {"inputmode": "numeric", "autocomplete": "off", "size": "12"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, date):
            return thaidate.format_input(value, translation.get_language() or "th")
        # Text the user typed comes back as typed, so an error shows what they wrote.
        return str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["format_hint"] = FORMAT_HINT
        input_id = widget["attrs"].get("id")
        if input_id:
            hint_id = f"{input_id}_format"
            widget["hint_id"] = hint_id
            described = widget["attrs"].get("aria-describedby", "")
            widget["attrs"]["aria-describedby"] = " ".join(filter(None, [hint_id, described]))
        return context
