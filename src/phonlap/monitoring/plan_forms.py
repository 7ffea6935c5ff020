"""Forms of the monitoring plan pages: the list's filter, and the staff's forms that build a plan
(row 13.4): the organisation plan itself, programmes, activities, indicators with their quarterly
plans, and budget plans.

Forms only read and shape input. Numbers are passed on as typed and parsed by the domain
(``domain.parse_decimal``), whose refusals (``ValidationFailed(field=...)``) come back on the
field they name through :meth:`DomainErrorsMixin.apply_error`. The one conversion done here is
from millions of baht to baht, for plans whose amounts are kept in millions
(``budget.from_millions``)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from phonlap.core import fiscal
from phonlap.funds.models import Fund

from . import budget
from .enums import AmountUnit, IndicatorKind, PlanLevel, RollUp
from .models import Activity, Indicator, MonitoringPlan

QUARTERS = fiscal.QUARTERS
LEVELS = range(1, 6)
TEXT_MAX = 500
UNIT_MAX = 50
RESPONSIBLE_MAX = 300


def language() -> str:
    return "en" if (translation.get_language() or "th").startswith("en") else "th"


def quarter_label(quarter: int) -> str:
    months = fiscal.QUARTER_MONTHS_EN if language() == "en" else fiscal.QUARTER_MONTHS_TH
    return _("Quarter %(quarter)s (%(months)s)") % {"quarter": quarter, "months": months[quarter]}


NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]*)?|[+-]?\.[0-9]+")
NUMBER_MAX = 30


class NumberField(forms.CharField):
    """A number as typed (thousands separators allowed), passed on as text for the domain to
    parse and range-check. Only its shape is checked here: exponents, NaN and the like are
    refused before they reach the arithmetic."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", _number_input())
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        text = (value or "").strip().replace(" ", "")
        if text and (len(text) > NUMBER_MAX or not NUMBER.fullmatch(text)):
            raise forms.ValidationError(_("Enter a number."), code="invalid")
        return text


def _number_input(**attrs):
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": "14",
                                  **attrs})


class DomainErrorsMixin:
    """Put a domain error on the field it names, or on the whole form."""

    field_of: dict[str, str] = {}

    def apply_error(self, error) -> None:
        field = self.field_of.get(error.field, error.field)
        self.add_error(field if field in self.fields else None, str(error.message))


# --- the list's filter -------------------------------------------------------------------------

class PlanFilterForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year (B.E.)"), required=False,
                                         coerce=int, empty_value=None)
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.order_by("name_th"),
                                  required=False, empty_label=_("All funds"))
    level = forms.ChoiceField(label=_("Level"), required=False,
                              choices=[("", _("Both levels")), *PlanLevel.choices])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All years"))] + [
            (str(year), str(year)) for year in years]


# --- organisation plan, programme, activity ----------------------------------------------------

class PlanCreateForm(DomainErrorsMixin, forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.order_by("name_th"),
                                  empty_label=_("Choose the fund"))
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"), help_text=_("For example 2570 (October 2569 – September "
                                                   "2570)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "6", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter a fiscal year in the Buddhist Era, e.g. 2570.")})
    name = forms.CharField(label=_("Plan name"), max_length=TEXT_MAX,
                           help_text=_("For example: the fund's annual action plan."))
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=RESPONSIBLE_MAX,
                                       required=False)
    amount_unit = forms.ChoiceField(
        label=_("Amounts entered and shown in"), choices=AmountUnit.choices,
        initial=AmountUnit.BAHT, widget=forms.RadioSelect,
        help_text=_("Millions of baht are shown with four decimals, without losing precision."))

    def domain_kwargs(self) -> dict:
        return {key: self.cleaned_data[key]
                for key in ("fund", "fiscal_year", "name", "responsible_unit", "amount_unit")}


class ProgrammeForm(DomainErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Programme name"), max_length=TEXT_MAX,
                           help_text=_("A plan (แผนงาน) of the fund's annual plan."))


class ActivityForm(DomainErrorsMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None,
                                       empty_label=_("Choose the programme"))
    name = forms.CharField(label=_("Project or activity name"), max_length=TEXT_MAX)
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=RESPONSIBLE_MAX,
                                       required=False)

    def __init__(self, *args, plan: MonitoringPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = plan.programmes.all()


# --- indicator ---------------------------------------------------------------------------------

class RolledUpField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        project = obj.plan.funded_project
        where = f"{project.number} {project.name}" if project else obj.plan.name
        return f"{where} · {obj.name} ({obj.unit})"


def rollable_indicators(plan: MonitoringPlan):
    """Project indicators an organisation plan's indicator may roll up: those of the funded
    projects of the same fund and fiscal year."""
    return (Indicator.objects.filter(plan__level=PlanLevel.PROJECT, plan__fund_id=plan.fund_id,
                                     plan__fiscal_year=plan.fiscal_year)
            .select_related("plan", "plan__funded_project")
            .order_by("plan__funded_project__number", "order", "pk"))


class IndicatorForm(DomainErrorsMixin, forms.Form):
    """An indicator and its four quarterly plans. A quarter's plan left empty, or marked N/A,
    is N/A (not measured that quarter)."""

    field_of = {"quarter": "q1_plan"}

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None,
                                       empty_label=_("Choose the programme"))
    activity = forms.ModelChoiceField(label=_("Project or activity (optional)"), queryset=None,
                                      required=False, empty_label=_("The programme as a whole"),
                                      help_text=_("It must belong to the programme chosen."))
    name = forms.CharField(label=_("Indicator"), max_length=TEXT_MAX)
    unit = forms.CharField(label=_("Unit"), max_length=UNIT_MAX,
                           help_text=_("For example: persons, enterprises, times, %, level."))
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    annual_target = NumberField(
        label=_("Annual target"),
        help_text=_("Cumulative indicators: the stock to reach (e.g. 1,600 on a base of 1,400). "
                    "Percentage: the rate. Level: 1 to 5."))
    baseline = NumberField(label=_("Baseline"),
                               help_text=_("Cumulative indicators only: the stock at the start "
                                           "of the year."))
    lower_is_better = forms.BooleanField(label=_("Lower is better"), required=False,
                                         help_text=_("Tick when a result below the plan is "
                                                     "ahead of plan (e.g. complaints)."))
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=RESPONSIBLE_MAX,
                                       required=False)
    rollup = forms.ChoiceField(label=_("Roll-up"), choices=RollUp.choices, required=False,
                               help_text=_("Organisation plans only: gather the results of "
                                           "funded projects' indicators."))
    rolls_up = RolledUpField(label=_("Project indicators rolled up"), queryset=None,
                             required=False)

    def __init__(self, *args, plan: MonitoringPlan, indicator: Indicator | None = None, **kwargs):
        self.plan = plan
        if indicator is not None and not kwargs.get("initial"):
            kwargs["initial"] = self._initial(indicator)
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = plan.programmes.all()
        self.fields["activity"].queryset = (Activity.objects.filter(programme__plan=plan)
                                            .select_related("programme"))
        self.fields["activity"].label_from_instance = (
            lambda obj: f"{obj.programme.name} › {obj.name}")
        for level in LEVELS:
            self.fields[f"level_{level}"] = forms.CharField(
                label=_("Level %(level)s means") % {"level": level}, required=False,
                max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
        for quarter in QUARTERS:
            name = quarter_label(quarter)
            self.fields[f"q{quarter}_plan"] = NumberField(
                label=_("Plan for %(quarter)s") % {"quarter": name},
                help_text=_("Empty: N/A."))
            self.fields[f"q{quarter}_na"] = forms.BooleanField(
                label=_("N/A in %(quarter)s (not measured that quarter)") % {"quarter": name},
                required=False)
        if plan.level == PlanLevel.ORGANISATION:
            self.fields["rolls_up"].queryset = rollable_indicators(plan)
        else:
            del self.fields["rollup"]
            del self.fields["rolls_up"]

    @staticmethod
    def _initial(indicator: Indicator) -> dict:
        initial = {
            "programme": indicator.programme_id, "activity": indicator.activity_id,
            "name": indicator.name, "unit": indicator.unit, "kind": indicator.kind,
            "annual_target": _plain(indicator.annual_target),
            "baseline": _plain(indicator.baseline),
            "lower_is_better": indicator.lower_is_better,
            "responsible_unit": indicator.responsible_unit, "rollup": indicator.rollup,
            "rolls_up": [i.pk for i in indicator.rolls_up.all()],
        }
        for level, text in enumerate(indicator.level_definitions or [], start=1):
            initial[f"level_{level}"] = text
        targets = {t.quarter: t.planned for t in indicator.quarter_targets.all()}
        for quarter in QUARTERS:
            planned = targets.get(quarter)
            initial[f"q{quarter}_plan"] = _plain(planned)
            initial[f"q{quarter}_na"] = planned is None
        return initial

    def clean(self):
        data = super().clean()
        for quarter in QUARTERS:
            value = (data.get(f"q{quarter}_plan") or "").strip()
            if data.get(f"q{quarter}_na") and value:
                self.add_error(f"q{quarter}_plan",
                               _("Either enter a plan or mark the quarter N/A, not both."))
        return data

    def quarter_plans(self) -> dict[int, str | None]:
        data = self.cleaned_data
        return {q: None if data.get(f"q{q}_na") else (data.get(f"q{q}_plan") or "").strip() or None
                for q in QUARTERS}

    def level_definitions(self) -> list[str]:
        texts = [(self.cleaned_data.get(f"level_{level}") or "").strip() for level in LEVELS]
        while texts and not texts[-1]:
            texts.pop()
        return texts

    def domain_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "programme": data["programme"], "activity": data.get("activity"),
            "name": data["name"], "unit": data["unit"], "kind": data["kind"],
            "annual_target": data.get("annual_target"), "baseline": data.get("baseline"),
            "lower_is_better": bool(data.get("lower_is_better")),
            "level_definitions": self.level_definitions(),
            "responsible_unit": data.get("responsible_unit") or "",
            "quarter_plans": self.quarter_plans(),
        }
        if "rollup" in self.fields:
            kwargs["rollup"] = data.get("rollup") or RollUp.NONE
            kwargs["rolls_up"] = list(data.get("rolls_up") or [])
        return kwargs


def _plain(value: Decimal | None) -> str:
    """A stored number as the user would type it: no trailing ``.00``."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return f"{value.normalize():f}"


# --- budget plan -------------------------------------------------------------------------------

class BudgetPlanForm(DomainErrorsMixin, forms.Form):
    """A budget plan: the budget received and, per quarter, the target cumulative % and the
    amount planned. Amounts are typed in the plan's unit (baht, or millions of baht with at
    most four decimals)."""

    name = forms.CharField(label=_("Budget plan"), max_length=TEXT_MAX)
    received = NumberField(label=_("Budget received"), required=True)

    def __init__(self, *args, plan: MonitoringPlan, budget_plan=None, **kwargs):
        self.plan = plan
        self.millions = plan.amount_unit == AmountUnit.MILLIONS
        if budget_plan is not None and not kwargs.get("initial"):
            kwargs["initial"] = self._initial(budget_plan)
        super().__init__(*args, **kwargs)
        unit = _("millions of baht") if self.millions else _("baht")
        self.fields["received"].label = _("Budget received (%(unit)s)") % {"unit": unit}
        if self.millions:
            self.fields["received"].help_text = _("In millions of baht, at most four decimals "
                                                  "(1.2345 = 1,234,500 baht).")
        for quarter in QUARTERS:
            name = quarter_label(quarter)
            self.fields[f"q{quarter}_target_pct"] = NumberField(
                label=_("Target cumulative %% by the end of %(quarter)s") % {"quarter": name},
                widget=_number_input(size="6"),
                help_text=_("For example 25, 50, 75, 100."))
            self.fields[f"q{quarter}_planned"] = NumberField(
                label=_("Amount planned in %(quarter)s (%(unit)s)")
                % {"quarter": name, "unit": unit})

    def _initial(self, budget_plan) -> dict:
        def shown(amount):
            if amount is None:
                return ""
            return _plain(budget.to_millions(amount).normalize()) if self.millions \
                else _plain(amount)

        initial = {"name": budget_plan.name, "received": shown(budget_plan.received)}
        for row in budget_plan.quarters.all():
            initial[f"q{row.quarter}_target_pct"] = _plain(row.target_pct)
            initial[f"q{row.quarter}_planned"] = shown(row.planned)
        return initial

    def _baht(self, name: str):
        """The field's value as the domain takes it: as typed in baht, converted from millions."""
        value = (self.cleaned_data.get(name) or "").strip()
        if not self.millions or not value:
            return value
        try:
            return budget.from_millions(value.replace(",", ""))
        except (ValueError, ArithmeticError, InvalidOperation):
            self.add_error(name, _("Enter millions of baht with at most four decimals, "
                                   "e.g. 1.2345."))
            return None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.amounts = {"received": self._baht("received")}
        for quarter in QUARTERS:
            self.amounts[f"q{quarter}_planned"] = self._baht(f"q{quarter}_planned")
        return data

    def domain_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"], "received": self.amounts["received"],
            "quarters": {q: {"target_pct": (data.get(f"q{q}_target_pct") or "").strip(),
                             "planned": self.amounts[f"q{q}_planned"]} for q in QUARTERS},
        }
