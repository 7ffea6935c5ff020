"""Forms of the quarterly reporting pages. They only gather what was typed: the numbers are
checked by the domain functions (``record_result``, ``record_disbursement``), whose errors the
view puts back on the field they name. One form per indicator, budget plan and programme, each
with its own prefix, so a page holds many of them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from . import budget
from .enums import AmountUnit, BeneficiaryCategory, IndicatorKind
from .models import BudgetPlan, Indicator, IndicatorResult

BREAKDOWN_PREFIX = "breakdown_"


def _number_input():
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def _plain(value) -> str:
    """A stored Decimal as typed back into a field: no grouping, all its places."""
    return "" if value is None else f"{value:f}"


class ResultForm(forms.Form):
    """One indicator's result for the quarter. The fields depend on the kind: a value (count,
    the year's addition, a level), numerator and denominator (percentage), or only the note
    (qualitative)."""

    def __init__(self, *args, indicator: Indicator, result: IndicatorResult | None = None,
                 evidence=(), **kwargs):
        self.indicator, self.result = indicator, result
        kwargs.setdefault("prefix", f"ind{indicator.pk}")
        kwargs.setdefault("initial", self._initial(indicator, result))
        super().__init__(*args, **kwargs)
        kind = indicator.kind
        unit = indicator.unit
        if kind == IndicatorKind.PERCENTAGE:
            self.fields["numerator"] = forms.CharField(
                label=_("Numerator"), required=False, widget=_number_input(),
                help_text=_("How many met the condition in this quarter."))
            self.fields["denominator"] = forms.CharField(
                label=_("Denominator"), required=False, widget=_number_input(),
                help_text=_("Out of how many (not zero)."))
        elif kind == IndicatorKind.LEVEL:
            definitions = list(indicator.level_definitions or [])
            choices = []
            for level in range(1, 6):
                text = definitions[level - 1] if level <= len(definitions) else ""
                label = _("Level %(level)s") % {"level": level}
                choices.append((str(level), f"{label}: {text}" if text else label))
            self.fields["value"] = forms.ChoiceField(
                label=_("Level reached"), required=False, choices=choices,
                widget=forms.RadioSelect)
        elif kind in (IndicatorKind.COUNT, IndicatorKind.CUMULATIVE):
            label = (_("Added this quarter (%(unit)s)") if kind == IndicatorKind.CUMULATIVE
                     else _("Result this quarter (%(unit)s)")) % {"unit": unit}
            self.fields["value"] = forms.CharField(label=label, required=False,
                                                   widget=_number_input())
        note_help = (_("Required: describe what was achieved.")
                     if kind == IndicatorKind.QUALITATIVE else _("Optional."))
        self.fields["note"] = forms.CharField(
            label=_("Note"), required=False, max_length=5000, help_text=note_help,
            widget=forms.Textarea(attrs={"rows": 3}))
        for category in BeneficiaryCategory:
            self.fields[BREAKDOWN_PREFIX + category.value] = forms.CharField(
                label=category.label, required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        self.fields["file"] = forms.FileField(
            label=_("Add an evidence file"), required=False,
            help_text=_("PDF, Word, Excel, JPEG or PNG. Saved with the result."))
        if evidence:
            self.fields["remove"] = forms.MultipleChoiceField(
                label=_("Remove evidence files"), required=False,
                choices=[(str(e.pk), e.original_name) for e in evidence],
                widget=forms.CheckboxSelectMultiple)

    @staticmethod
    def _initial(indicator: Indicator, result: IndicatorResult | None) -> dict:
        if result is None:
            return {}
        initial = {"value": _plain(result.value), "numerator": _plain(result.numerator),
                   "denominator": _plain(result.denominator), "note": result.note}
        if indicator.kind == IndicatorKind.LEVEL and result.value is not None:
            initial["value"] = str(int(result.value))
        for category, count in (result.breakdown or {}).items():
            initial[BREAKDOWN_PREFIX + category] = str(count)
        return initial

    @property
    def breakdown_fields(self):
        return [self[BREAKDOWN_PREFIX + c.value] for c in BeneficiaryCategory]

    @property
    def figures_changed(self) -> bool:
        """Whether anything but the files was changed (the result must then be recorded)."""
        return any(name not in ("file", "remove") for name in self.changed_data)

    def result_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "value": data.get("value"), "numerator": data.get("numerator"),
            "denominator": data.get("denominator"), "note": data.get("note", ""),
            "breakdown": {c.value: data[BREAKDOWN_PREFIX + c.value]
                          for c in BeneficiaryCategory
                          if (data.get(BREAKDOWN_PREFIX + c.value) or "").strip()},
        }

    def field_for(self, domain_field: str | None) -> str | None:
        """The form field a domain error names (None: an error of the whole indicator)."""
        return domain_field if domain_field in self.fields else None


class DisbursementForm(forms.Form):
    """What one budget plan disbursed in the quarter, in baht or millions of baht (the plan's
    unit)."""

    disbursed = forms.CharField(required=False, widget=_number_input())

    def __init__(self, *args, budget_plan: BudgetPlan, disbursed: Decimal | None,
                 unit: str = AmountUnit.BAHT, **kwargs):
        self.budget_plan, self.unit = budget_plan, unit
        kwargs.setdefault("prefix", f"bp{budget_plan.pk}")
        shown = disbursed
        if disbursed is not None and unit == AmountUnit.MILLIONS:
            shown = budget.to_millions(disbursed)
        kwargs.setdefault("initial", {"disbursed": _plain(shown)})
        super().__init__(*args, **kwargs)
        field = self.fields["disbursed"]
        if unit == AmountUnit.MILLIONS:
            field.label = _("Disbursed this quarter (millions of baht)")
            field.help_text = _("Up to four decimal places, e.g. 1.2500.")
        else:
            field.label = _("Disbursed this quarter (baht)")

    def clean_disbursed(self):
        """Millions become exact baht here; baht pass to the domain as typed."""
        raw = (self.cleaned_data.get("disbursed") or "").strip()
        if not raw or self.unit != AmountUnit.MILLIONS:
            return raw
        try:
            return f"{budget.from_millions(raw.replace(',', '')):f}"
        except (ValueError, InvalidOperation, ArithmeticError):
            try:
                Decimal(raw.replace(",", ""))
            except (InvalidOperation, ValueError):
                raise forms.ValidationError(_("Enter a number.")) from None
            raise forms.ValidationError(
                _("Enter millions of baht with at most four decimal places.")) from None


class ObstacleForm(forms.Form):
    """A programme's problems and obstacles in the quarter, and the ways to fix them."""

    problems = forms.CharField(label=_("Problems and obstacles"), required=False,
                               max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    fixes = forms.CharField(label=_("Ways to fix them"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, programme, obstacle=None, **kwargs):
        self.programme = programme
        kwargs.setdefault("prefix", f"prog{programme.pk}")
        if obstacle is not None:
            kwargs.setdefault("initial", {"problems": obstacle.problems, "fixes": obstacle.fixes})
        super().__init__(*args, **kwargs)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"), max_length=5000,
        help_text=_("The grantee sees this comment and fixes the report."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say what needs to change.")})


class AcceptForm(forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReportFilterForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int,
                                         empty_value=None)
    fund = forms.ModelChoiceField(label=_("Fund"), required=False, queryset=None,
                                  empty_label=_("All funds"))

    def __init__(self, *args, years=(), **kwargs):
        from phonlap.funds.models import Fund

        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All years"))] + [
            (str(y), str(y)) for y in years]
        self.fields["fund"].queryset = Fund.objects.order_by("pk")
