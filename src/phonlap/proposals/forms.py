"""Forms of the proposal pages (spec 02). They turn what the applicant typed (Thai B.E. dates,
"12,500.50" amounts, rows of lists) into the plain content of ``proposals.content``; the domain
(``domain.save_section``) then validates the whole section, so its rules (dates inside the
project period, the fund's ceiling …) live in one place. Every field is optional: a draft may be
incomplete; completeness is checked on submission.

Repeatable lists are formsets. "Add a row" is a submit button (``name="add"``, value = the
formset's prefix) that re-renders the page with one more empty row: it works without
JavaScript, and HTMX swaps just the form when it is there."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from phonlap.core.forms import ThaiDateField
from phonlap.funds.models import Call, Fund

from . import content, messages
from .enums import AttachmentType, ParticipationType

MAX_ROWS = content.MAX_ITEMS


# --- fields -------------------------------------------------------------------------------------

def _content_error(exc: ValueError) -> ValidationError:
    code = exc.args[0] if exc.args else "invalid"
    return ValidationError(messages.MESSAGES.get(code, messages.MESSAGES["invalid"]), code=code)


class MoneyField(forms.CharField):
    """Baht as typed ("12,500.50"): cleaned to the content's "12500.50" ("" when empty).
    Negative, non-numeric, too large or over two decimals → the content module's message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": "16"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        try:
            return content.money_str(content.parse_money(value))
        except ValueError as exc:
            raise _content_error(exc) from None


class NumberField(forms.CharField):
    """A non-negative number (an indicator's target value), kept as text ("40", "12.5")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": "10"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        try:
            number = content.parse_number(value)
        except ValueError as exc:
            raise _content_error(exc) from None
        text = format(number, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text


class BuddhistYearField(forms.Field):
    """A year in the Buddhist Era (2567), as the applicants count years."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": "6",
                                                           "maxlength": "6"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = str(value).strip()[:20] if value not in (None, "") else ""
        if not value:
            return None
        try:
            year = content.parse_int(value)
        except ValueError as exc:
            raise _content_error(exc) from None
        if not content.BE_YEARS[0] <= year <= content.BE_YEARS[1]:
            raise ValidationError(messages.MESSAGES["invalid_year"], code="invalid_year")
        return year


def _text(label, *, long=False, limit=None):
    limit = limit or (content.MAX_TEXT if long else content.MAX_LINE)
    widget = forms.Textarea(attrs={"rows": 4}) if long else forms.TextInput()
    return forms.CharField(label=label, required=False, max_length=limit, widget=widget)


# --- creating a proposal ----------------------------------------------------------------------

class NewProposalForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None,
        help_text=_("The proposal is made in the name of this organisation."),
    )
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.none(), empty_label=None)
    call = forms.ModelChoiceField(
        label=_("Call for proposals"), queryset=Call.objects.none(), required=False,
        empty_label=_("No particular call"),
        help_text=_("The calls open today. Choose one that belongs to the fund you chose."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["fund"].queryset = Fund.objects.active().order_by("name_th")
        self.fields["call"].queryset = Call.objects.open_on().select_related("fund")
        self.fields["call"].label_from_instance = lambda call: f"{call.fund.short_name}: {call}"

    def clean(self):
        data = super().clean()
        fund, call = data.get("fund"), data.get("call")
        if fund and call and call.fund_id != fund.pk:
            self.add_error("call", _("This call belongs to another fund: choose one of %(fund)s's calls "
                                     "or no particular call.") % {"fund": fund.short_name})
        return data


# --- rows of lists ----------------------------------------------------------------------------

class RowFormSet(forms.BaseFormSet):
    """Rows with a "Remove" box; ``item_label`` names each row ("Objective 2") for its label or
    legend, so every input has its own accessible name."""

    item_label = _("Item %(n)s")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.row_label = str(self.item_label) % {"n": (index or 0) + 1}
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = str(_("Remove %(row)s")) % {"row": form.row_label}
        if len([f for f in form.fields if f != "DELETE"]) == 1:
            first = next(iter(form.fields))
            form.fields[first].label = form.row_label

    def rows(self) -> list[tuple[forms.Form, dict]]:
        """(form, cleaned row) for each kept, non-empty row, in order (invalid fields are left
        out of the row: they show their own error)."""
        kept = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE"):
                continue
            row = {k: v for k, v in data.items() if k != "DELETE"}
            if not any(v not in (None, "", [], False) for v in row.values()) and not form.errors:
                continue
            kept.append((form, row))
        return kept


def rows_formset(form_class, item_label):
    formset = formset_factory(form_class, formset=RowFormSet, extra=0, can_delete=True,
                              max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True)
    formset.item_label = item_label
    return formset


class TextItemForm(forms.Form):
    text = _text(_("Text"), long=True)


class OtherFundingForm(forms.Form):
    source = _text(_("Source"))
    amount = MoneyField(label=_("Amount (baht)"))
    year = BuddhistYearField(label=_("Year (B.E.)"))


class IndicatorForm(forms.Form):
    name = _text(_("Indicator"))
    unit = _text(_("Unit"), limit=100)
    target_value = NumberField(label=_("Target value"))


class OtherSourceForm(forms.Form):
    name = _text(_("Name of the source"))
    amount = MoneyField(label=_("Amount (baht)"))


class StepForm(forms.Form):
    name = _text(_("Name of the step"))


class ActivityForm(forms.Form):
    description = _text(_("Description"), long=True)
    start = ThaiDateField(label=_("Start"), required=False)
    end = ThaiDateField(label=_("End"), required=False)
    budget = MoneyField(label=_("Budget (baht)"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", messages.MESSAGES["end_before_start"])
        return data


class ParticipationForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("Choose a type")), *ParticipationType.choices])
    description = _text(_("What is given"), long=True)
    agency = _text(_("Supporting agency"))


TEXT_LIST_LABELS = {
    "current_activities": (_("Current activities or projects"), _("Activity or project %(n)s")),
    "objectives": (_("Objectives"), _("Objective %(n)s")),
    "targets": (_("Targets"), _("Target %(n)s")),
    "outputs": (_("Outputs"), _("Output %(n)s")),
    "outcomes": (_("Outcomes"), _("Outcome %(n)s")),
    "impact": (_("Impact"), _("Impact %(n)s")),
}

OtherFundingFormSet = rows_formset(OtherFundingForm, _("Source %(n)s"))
IndicatorFormSet = rows_formset(IndicatorForm, _("Indicator %(n)s"))
OtherSourceFormSet = rows_formset(OtherSourceForm, _("Other source %(n)s"))
StepFormSet = rows_formset(StepForm, _("Step %(n)s"))
ActivityFormSet = rows_formset(ActivityForm, _("Activity %(n)s"))
ParticipationFormSet = rows_formset(ParticipationForm, _("Item %(n)s"))


def text_list_formset(key: str):
    return rows_formset(TextItemForm, TEXT_LIST_LABELS[key][1])


# --- sections ---------------------------------------------------------------------------------

YES_NO = [("no", _("No, never")), ("yes", _("Yes"))]


class Section1Form(forms.Form):
    past_year_results = _text(_("The organisation's results over the past year"), long=True)
    received_before = forms.ChoiceField(
        label=_("Has the organisation requested support from this fund before?"),
        choices=YES_NO, required=False, widget=forms.RadioSelect,
    )
    times = forms.IntegerField(label=_("How many times"), required=False, min_value=1, max_value=1000)
    last_year = BuddhistYearField(label=_("Year of the last request (B.E.)"))
    last_project = _text(_("Name of the last funded project"))
    problems = _text(_("Problems and obstacles met while running it"), long=True)


class Section2Form(forms.Form):
    name = _text(_("Project name"))
    target_groups = forms.MultipleChoiceField(label=_("Target groups"), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    is_research = forms.BooleanField(label=_("This is a research project"), required=False,
                                     help_text=_("A research project must attach a research proposal."))
    unit_name = _text(_("Name"))
    unit_phone = _text(_("Phone"), limit=40)
    unit_email = _text(_("E-mail"))
    coordinator_name = _text(_("Name"))
    coordinator_phone = _text(_("Phone"), limit=40)
    coordinator_email = _text(_("E-mail"))
    rationale = _text(_("Rationale"), long=True)
    location = _text(_("Location or area"), long=True)
    method = _text(_("Method"), long=True)
    period_start = ThaiDateField(label=_("Project start"), required=False)
    period_end = ThaiDateField(label=_("Project end"), required=False)
    requested_budget = MoneyField(label=_("Budget requested from the fund (baht)"))

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].choices = fund.target_group_choices()
        self.fields["target_groups"].label = fund.target_group_label or _("Target groups")
        for key in ("unit_phone", "coordinator_phone"):
            self.fields[key].widget.attrs.update({"type": "tel", "autocomplete": "off"})
        for key in ("unit_email", "coordinator_email"):
            self.fields[key].widget.input_type = "email"

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", messages.MESSAGES["end_before_start"])
        return data


# Section 2's scalar fields → paths in the content (for the domain's errors).
SECTION2_PATHS = {
    "name": "name", "target_groups": "target_groups", "is_research": "is_research",
    "unit_name": "responsible_unit.name", "unit_phone": "responsible_unit.phone",
    "unit_email": "responsible_unit.email", "coordinator_name": "coordinator.name",
    "coordinator_phone": "coordinator.phone", "coordinator_email": "coordinator.email",
    "rationale": "rationale", "location": "location", "method": "method",
    "period_start": "period_start", "period_end": "period_end",
    "requested_budget": "requested_budget",
}
SECTION1_PATHS = {
    "past_year_results": "past_year_results", "received_before": "fund_history.received_before",
    "times": "fund_history.times", "last_year": "fund_history.last_year",
    "last_project": "fund_history.last_project", "problems": "fund_history.problems",
}


class AttachmentForm(forms.Form):
    type = forms.ChoiceField(label=_("Type of document"),
                             choices=[("", _("Choose a type")), *AttachmentType.choices])
    other_name = forms.CharField(
        label=_("Name of the document"), required=False, max_length=200,
        help_text=_("Only for an other document: say what it is, e.g. a letter of support."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx), JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("type") == AttachmentType.OTHER and not (data.get("other_name") or "").strip():
            self.add_error("other_name", _("Name the type of this other document."))
        return data


class DiffForm(forms.Form):
    a = forms.TypedChoiceField(label=_("From revision"), coerce=int)
    b = forms.TypedChoiceField(label=_("To revision"), coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in numbers]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
