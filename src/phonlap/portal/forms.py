"""The statistics filters. Every choice comes from ``statistics.options()``, so a value the page
does not offer (a fund that does not exist, a year with text in it) is a form error, never a
500. The public page filters by fund and fiscal year; staff also by call, stage and province,
and the drill-down by status and target group."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phonlap.proposals.enums import ProposalStatus

from .statistics import NONE, REVISING, STATUS_ORDER, Filters, status_label


def _int_or_none(value):
    return value if value == NONE else int(value)


class StatisticsFilterForm(forms.Form):
    fund = forms.TypedChoiceField(label=_("Fund"), required=False, coerce=int, empty_value=None)
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year (B.E.)"), required=False, coerce=int, empty_value=None,
        help_text=_("The fiscal year in which a proposal was first submitted (1 October to "
                    "30 September)."),
    )
    call = forms.TypedChoiceField(label=_("Call for proposals"), required=False,
                                  coerce=_int_or_none, empty_value=None)
    stage = forms.TypedChoiceField(label=_("Now at review stage"), required=False, empty_value=None)
    province = forms.TypedChoiceField(label=_("Organisation's province"), required=False,
                                      empty_value=None)
    status = forms.TypedChoiceField(label=_("Status"), required=False, empty_value=None)
    target_group = forms.TypedChoiceField(label=_("Target group"), required=False, empty_value=None)

    STAFF_FIELDS = ("call", "stage", "province")
    DRILLDOWN_FIELDS = ("status", "target_group")

    def __init__(self, data, *, options: dict, staff: bool = False, drilldown: bool = False):
        super().__init__(data)
        self.options = options
        fields = self.fields
        fields["fund"].choices = [("", _("All funds"))] + [
            (str(f["id"]), f["name"]) for f in options["funds"]]
        fields["fiscal_year"].choices = [("", _("All fiscal years"))] + [
            (str(y), str(y)) for y in options["years"]]
        if not staff:
            for name in self.STAFF_FIELDS:
                del fields[name]
        else:
            short = {f["id"]: f["short"] for f in options["funds"]}
            fields["call"].choices = [("", _("All calls")), (NONE, _("No call for proposals"))] + [
                (str(c["id"]), f"{short.get(c['fund'], '')}: {c['name']}") for c in options["calls"]]
            fields["stage"].choices = [("", _("Any stage"))] + [
                (s["code"], s["name"]) for s in options["stages"]]
            fields["province"].choices = [("", _("All provinces")), (NONE, _("Not recorded"))] + [
                (p["code"], p["name"]) for p in options["provinces"]]
        if not drilldown:
            for name in self.DRILLDOWN_FIELDS:
                del fields[name]
        else:
            fields["status"].choices = [("", _("Any status"))] + [
                (s, status_label(s)) for s in STATUS_ORDER]
            groups: dict[str, str] = {}
            for fund in options["funds"]:
                for code, name in fund["target_groups"]:
                    groups.setdefault(code, name)
            fields["target_group"].choices = [("", _("Any target group")), *groups.items()]

    def clean(self):
        data = super().clean()
        fund, call = data.get("fund"), data.get("call")
        if fund is not None and call not in (None, NONE):
            call_fund = next((c["fund"] for c in self.options["calls"] if c["id"] == call), None)
            if call_fund != fund:
                self.add_error("call", _("This call belongs to another fund: choose a call of "
                                         "the selected fund, or all calls."))
        return data

    def filters(self) -> Filters:
        """The validated filter set (call ``is_valid()`` first)."""
        data = self.cleaned_data
        status = data.get("status")
        return Filters(
            fund=data.get("fund"), call=data.get("call"), fiscal_year=data.get("fiscal_year"),
            stage=data.get("stage"), province=data.get("province"),
            status=status if status in (*ProposalStatus.values, REVISING) else None,
            target_group=data.get("target_group"),
        )
