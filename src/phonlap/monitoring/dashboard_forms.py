"""The dashboard's filter. Every choice comes from ``dashboard.options(year)``, so a value the
page does not offer (a plan of another year, text for a year) is a form error, never a 500."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .dashboard import Filters


class DashboardFilterForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year (B.E.)"), required=False, coerce=int, empty_value=None,
        help_text=_("1 October to 30 September; the current fiscal year when none is chosen."))
    fund = forms.TypedChoiceField(label=_("Fund"), required=False, coerce=int, empty_value=None)
    plan = forms.TypedChoiceField(label=_("Plan"), required=False, coerce=int, empty_value=None,
                                  help_text=_("The plans of the chosen fiscal year. Choose one to "
                                              "see a chart for each of its indicators."))
    unit = forms.TypedChoiceField(label=_("Responsible unit"), required=False, empty_value="")

    def __init__(self, data, *, options: dict, default_year: int):
        super().__init__(data)
        self.options = options
        self.default_year = default_year
        fields = self.fields
        fields["fiscal_year"].choices = [(str(y), str(y)) for y in options["years"]]
        fields["fiscal_year"].initial = str(default_year)
        fields["fund"].choices = [("", _("All funds"))] + [
            (str(f["id"]), f["name"]) for f in options["funds"]]
        fields["plan"].choices = [("", _("All plans"))] + [
            (str(p["id"]), p["label"]) for p in options["plans"]]
        fields["unit"].choices = [("", _("All responsible units"))] + [
            (u, u) for u in options["units"]]

    def clean(self):
        data = super().clean()
        fund, plan = data.get("fund"), data.get("plan")
        if fund is not None and plan is not None:
            plan_fund = next((p["fund"] for p in self.options["plans"] if p["id"] == plan), None)
            if plan_fund != fund:
                self.add_error("plan", _("This plan belongs to another fund: choose a plan of "
                                         "the selected fund, or all plans."))
        return data

    def filters(self) -> Filters:
        """The validated filter set (call ``is_valid()`` first)."""
        data = self.cleaned_data
        return Filters(year=data.get("fiscal_year") or self.default_year, fund=data.get("fund"),
                       plan=data.get("plan"), unit=data.get("unit") or "")
