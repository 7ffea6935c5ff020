"""The import page's form: one Excel workbook (checked in depth by ``imports``)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PlanImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_("The layout of the exported workbook: its first sheet, one plan row "
                    "(แผน) per indicator with the annual target and the plan of each quarter "
                    "(N/A where a quarter is not measured). Result rows (ผล) are not imported."),
        error_messages={"required": _("Choose an Excel workbook (.xlsx) to import.")},
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )
