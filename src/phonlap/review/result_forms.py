"""The form of "record a result" (spec 03 §2.12), built from the stage's rubric definition.

One Django form holds every input of the page. Items become fields named after the rubric
(``item-<id>-present``, ``item-<id>-indicators``, ``item-<id>-option``, ``item-<id>-choice``,
``item-<id>-value``, ``item-<id>-check-<check id>``, ``item-<id>-text``, ``item-<id>-comment``);
:meth:`RecordForm.answers` turns them into the answers dict of ``review.scoring`` and
:func:`initial_from_answers` the other way round (a saved draft fills the form again).

The form checks only the shape of what was typed (a listed option, a date); the rules (caps,
completeness on submission, the approval's amount and date) are the domain's, whose errors come
back through :meth:`RecordForm.apply_domain_error` and are shown at the item or field they
concern. Nobody types a total: scores are computed by ``review.scoring``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from phonlap.core.forms import ThaiDateField
from phonlap.funds.models import StageForm, _in_language

from .enums import OUTCOMES_BY_FORM, Outcome

CONSIDERED = "considered"  # a rubric stage's "the meeting considered it": the score decides
COMMENT_MAX = 5000
TEXT_MAX = 10000
YES, NO = "yes", "no"
_OUT_OF_DATE = _("The page is out of date: reload it and enter the result again.")
OUT_OF_DATE = {"required": _OUT_OF_DATE, "invalid": _OUT_OF_DATE, "min_value": _OUT_OF_DATE}


def label(obj: dict, key: str = "label") -> str:
    """``obj[key_th]`` or ``obj[key_en]`` in the reader's language (Thai when English is empty)."""
    return _in_language(str(obj.get(f"{key}_th") or ""), str(obj.get(f"{key}_en") or ""))


def item_prefix(item_id: str) -> str:
    return f"item-{item_id}"


@dataclass
class ItemView:
    """One rubric item as the template shows it: its fields (bound) and its errors."""

    id: str
    kind: str
    number: str
    label: str
    help: str
    maximum: Decimal | None
    category: str
    assumption: bool
    main_label: str = ""
    fields: dict = field(default_factory=dict)  # role → BoundField ("present", "comment", …)
    checks: list = field(default_factory=list)  # gate: [(check label, BoundField)]
    caps: list = field(default_factory=list)  # bounded: [(choice label, cap)]
    errors: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the item's first input."""
        for bound in self._ordered():
            widget = bound.field.widget
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                return f"{bound.auto_id}_0"
            return bound.auto_id
        return f"{item_prefix(self.id)}"

    @property
    def error_id(self) -> str:
        return f"{item_prefix(self.id)}-error"

    def _ordered(self):
        order = ("present", "indicators", "option", "choice", "value", "text")
        bounds = [self.fields[role] for role in order if role in self.fields]
        bounds += [bound for _label, bound in self.checks]
        if "comment" in self.fields:
            bounds.append(self.fields["comment"])
        return bounds


class RecordForm(forms.Form):
    """Everything the staff member records for one stage: the rubric's items (if the stage
    has a rubric), overall advice, the outcome the stage offers, and for approval the amount
    and the fund chair's sign-off date. ``lock_version`` is the draft's (0 without one)."""

    stage = forms.IntegerField(label=_("Stage"), widget=forms.HiddenInput, min_value=0,
                               error_messages=OUT_OF_DATE)
    lock_version = forms.IntegerField(label=_("Version of the draft"), widget=forms.HiddenInput,
                                      min_value=0, error_messages=OUT_OF_DATE)
    advice = forms.CharField(
        label=_("Overall advice"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The recommendations of the committee or the screening officer. The project "
                    "manager reads them with the result."),
    )
    confirm_final = forms.BooleanField(
        label=_("I understand that a submitted result is final: nobody can change it, the "
                "proposal moves on or goes back, and the applicant is told at once."),
        required=False,
    )

    def __init__(self, data=None, *, stage_form: str, definition: dict | None,
                 applicant_type: str | None, answers: dict | None = None,
                 initial: dict | None = None, submitting: bool = False):
        initial = dict(initial or {})
        if definition:
            initial.update(initial_from_answers(definition, answers or {}, applicant_type))
        super().__init__(data, initial=initial)
        self.stage_form = stage_form
        self.definition = definition or None
        self.applicant_type = applicant_type
        self.submitting = submitting
        self.domain_errors: list[str] = []
        self._add_outcome()
        if stage_form == StageForm.APPROVAL:
            self.fields["approved_amount"] = forms.CharField(
                label=_("Approved amount (baht)"), required=False, max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "18",
                                              "autocomplete": "off"}),
                help_text=_("At most the requested budget, e.g. 150000.00."),
            )
            self.fields["signed_off_on"] = ThaiDateField(
                label=_("Date of the fund chair's sign-off"), required=False,
                help_text=_("Day/month/year, e.g. 21/11/2569."),
            )
        self.items: list[ItemView] = []
        if self.definition:
            self._add_items()

    # --- building --------------------------------------------------------------------------

    def _add_outcome(self) -> None:
        offered = OUTCOMES_BY_FORM.get(self.stage_form, ())
        if self.stage_form == StageForm.RUBRIC:
            choices = [
                (CONSIDERED, _("Considered: the result follows the score (passed or not passed "
                               "is computed from the rubric)")),
                (Outcome.NOT_CONSIDERED, Outcome.NOT_CONSIDERED.label),
            ]
            self.initial.setdefault("outcome", CONSIDERED)
            help_text = _("A meeting that did not consider the proposal leaves it waiting for "
                          "another session; otherwise the score decides.")
        else:
            choices = [(value, Outcome(value).label) for value in offered]
            help_text = ""
        self.fields["outcome"] = forms.ChoiceField(
            label=_("Result"), choices=choices, required=False, widget=forms.RadioSelect,
            help_text=help_text,
        )

    def _add_items(self) -> None:
        categories = {c.get("code"): label(c) for c in self.definition.get("categories") or []}
        for item in self.definition.get("items") or []:
            applies = item.get("applies_to")
            if applies is not None and self.applicant_type not in applies:
                continue
            prefix = item_prefix(item["id"])
            kind = item["kind"]
            view = ItemView(
                id=item["id"], kind=kind, number=item["id"], label=label(item),
                help=label(item, "help"),
                maximum=Decimal(str(item["max"])) if "max" in item else None,
                category=categories.get(item.get("category"), ""),
                assumption=bool(item.get("assumption")),
                main_label=label(item, "main_label") if kind == "indicator_count" else "",
            )
            title = f"{item['id']}. {view.label}"
            if kind == "gate":
                for check in item.get("checks") or []:
                    name = f"{prefix}-check-{check['id']}"
                    self.fields[name] = forms.BooleanField(label=label(check), required=False)
                    view.checks.append((label(check), name))
            elif kind == "indicator_count":
                self.fields[f"{prefix}-present"] = forms.ChoiceField(
                    label=view.main_label or title, required=False, widget=forms.RadioSelect,
                    choices=[(YES, _("Yes, it has")), (NO, _("No, it has not (0 points)"))])
                self.fields[f"{prefix}-indicators"] = forms.MultipleChoiceField(
                    label=_("Indications present"), required=False,
                    widget=forms.CheckboxSelectMultiple,
                    choices=[(i["id"], label(i)) for i in item.get("indicators") or []])
                view.fields["present"] = f"{prefix}-present"
                view.fields["indicators"] = f"{prefix}-indicators"
            elif kind == "choice":
                self.fields[f"{prefix}-option"] = forms.ChoiceField(
                    label=title, required=False, widget=forms.RadioSelect,
                    choices=[(o["id"], _("%(option)s (%(points)s points)")
                              % {"option": label(o), "points": o["points"]})
                             for o in item.get("options") or []])
                view.fields["option"] = f"{prefix}-option"
            elif kind == "bounded":
                choices = item.get("choices") or []
                if choices:
                    self.fields[f"{prefix}-choice"] = forms.ChoiceField(
                        label=_("Assessment"), required=False, widget=forms.RadioSelect,
                        choices=[(c["id"], _("%(choice)s (at most %(cap)s points)")
                                  % {"choice": label(c), "cap": c["cap"]}) for c in choices])
                    view.fields["choice"] = f"{prefix}-choice"
                    view.caps = [(label(c), c["cap"]) for c in choices]
                self.fields[f"{prefix}-value"] = forms.CharField(
                    label=_("Points (0 to %(max)s)") % {"max": item["max"]}, required=False,
                    max_length=12,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "6",
                                                  "autocomplete": "off"}))
                view.fields["value"] = f"{prefix}-value"
            elif kind == "text":
                self.fields[f"{prefix}-text"] = forms.CharField(
                    label=title, required=False, max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}))
                view.fields["text"] = f"{prefix}-text"
            if kind != "text":
                self.fields[f"{prefix}-comment"] = forms.CharField(
                    label=_("Comment on item %(number)s") % {"number": item["id"]},
                    required=False, max_length=COMMENT_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}))
                view.fields["comment"] = f"{prefix}-comment"
            self.items.append(view)
        for view in self.items:  # names → bound fields, once every field exists
            view.fields = {role: self[name] for role, name in view.fields.items()}
            view.checks = [(text, self[name]) for text, name in view.checks]

    # --- validation ---------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        if self.submitting and not cleaned.get("confirm_final"):
            self.add_error("confirm_final", _("Tick this box to confirm that the result is final, "
                                              "or press “Save draft” instead."))
        return cleaned

    def apply_domain_error(self, error) -> None:
        """Show a ``ValidationFailed`` where it belongs: rubric problems (``.errors``, keyed
        ``item-<id>``) at their item, ``.field`` at that field, anything else at the top."""
        item_errors = getattr(error, "errors", None) or {}
        by_id = {item_prefix(view.id): view for view in self.items}
        for key, lines in item_errors.items():
            view = by_id.get(key)
            if view is not None:
                view.errors.extend(str(line) for line in lines)
            else:
                self.domain_errors.extend(str(line) for line in lines)
        if error.field and error.field in self.fields:
            self.add_error(error.field, str(error.message))
        elif not item_errors:
            self.domain_errors.append(str(error.message))

    # --- reading --------------------------------------------------------------------------------

    def _value(self, name):
        data = getattr(self, "cleaned_data", None) or {}
        return data.get(name)

    def answers(self) -> dict:
        """The answers dict of ``review.scoring`` from what was typed (valid fields only)."""
        answers: dict = {}
        for item in (self.definition or {}).get("items") or []:
            applies = item.get("applies_to")
            if applies is not None and self.applicant_type not in applies:
                continue
            prefix = item_prefix(item["id"])
            kind = item["kind"]
            answer: dict = {}
            if kind == "gate":
                answer["checks"] = {check["id"]: bool(self._value(f"{prefix}-check-{check['id']}"))
                                    for check in item.get("checks") or []}
            elif kind == "indicator_count":
                present = self._value(f"{prefix}-present")
                if present in (YES, NO):
                    answer["present"] = present == YES
                    answer["indicators"] = list(self._value(f"{prefix}-indicators") or []) \
                        if present == YES else []
            elif kind == "choice":
                if self._value(f"{prefix}-option"):
                    answer["option"] = self._value(f"{prefix}-option")
            elif kind == "bounded":
                if self._value(f"{prefix}-choice"):
                    answer["choice"] = self._value(f"{prefix}-choice")
                value = (self._value(f"{prefix}-value") or "").strip().replace(",", "")
                if value:
                    answer["value"] = value
            elif kind == "text":
                text = (self._value(f"{prefix}-text") or "").strip()
                if text:
                    answer["text"] = text
            comment = (self._value(f"{prefix}-comment") or "").strip()
            if comment:
                answer["comment"] = comment
            if answer:
                answers[item["id"]] = answer
        return answers

    def outcome(self) -> str:
        value = self._value("outcome") or ""
        return "" if value == CONSIDERED else value

    def error_summary(self) -> list[dict]:
        """Every error of the page, each linked to its input (listed first on the page)."""
        summary = [{"text": text, "anchor": ""} for text in self.domain_errors]
        summary += [{"text": str(text), "anchor": ""} for text in self.non_field_errors()]
        item_fields = set()
        for view in self.items:
            bounds = view._ordered()
            item_fields.update(bound.name for bound in bounds)
            for text in view.errors:
                summary.append({"text": f"{view.number}. {view.label}: {text}", "anchor": view.anchor})
            for bound in bounds:
                for text in bound.errors:
                    summary.append({"text": f"{view.number}. {view.label}: {text}",
                                    "anchor": _anchor(bound)})
        for name, errors in self.errors.items():
            if name in item_fields or name not in self.fields:
                continue
            for text in errors:
                summary.append({"text": f"{self.fields[name].label}: {text}", "anchor": _anchor(self[name])})
        return summary

    def mark_invalid(self) -> None:
        """Link each input to its item's error and help (aria-describedby, aria-invalid)."""
        for view in self.items:
            described = []
            if view.help:
                described.append(f"{item_prefix(view.id)}-help")
            if view.errors:
                described.append(view.error_id)
            for bound in view._ordered():
                own = [f"{bound.auto_id}-error"] if bound.errors else []
                attrs = bound.field.widget.attrs
                ids = own if bound.name.endswith("-comment") else [*described, *own]
                if ids:
                    attrs["aria-describedby"] = " ".join(ids)
                if view.errors or bound.errors:
                    attrs["aria-invalid"] = "true"
        for name in ("advice", "outcome", "approved_amount", "signed_off_on", "confirm_final"):
            if name not in self.fields:
                continue
            bound = self[name]
            ids = []
            if bound.help_text:
                ids.append(f"{bound.auto_id}-help")
            if bound.errors:
                ids.append(f"{bound.auto_id}-error")
                bound.field.widget.attrs["aria-invalid"] = "true"
            if ids:
                bound.field.widget.attrs["aria-describedby"] = " ".join(ids)


def _anchor(bound) -> str:
    if isinstance(bound.field.widget, forms.HiddenInput):
        return ""
    if isinstance(bound.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{bound.auto_id}_0"
    return bound.auto_id


def initial_from_answers(definition: dict, answers: dict, applicant_type: str | None) -> dict:
    """The form's initial values for saved ``answers`` (a draft)."""
    initial: dict = {}
    if not isinstance(answers, dict):
        return initial
    for item in definition.get("items") or []:
        answer = answers.get(item["id"])
        if not isinstance(answer, dict):
            continue
        prefix = item_prefix(item["id"])
        kind = item["kind"]
        if kind == "gate":
            checks = answer.get("checks") if isinstance(answer.get("checks"), dict) else {}
            for check in item.get("checks") or []:
                initial[f"{prefix}-check-{check['id']}"] = checks.get(check["id"]) is True
        elif kind == "indicator_count":
            if answer.get("present") is True:
                initial[f"{prefix}-present"] = YES
                ticks = answer.get("indicators")
                initial[f"{prefix}-indicators"] = list(ticks) if isinstance(ticks, list) else []
            elif answer.get("present") is False:
                initial[f"{prefix}-present"] = NO
        elif kind == "choice":
            initial[f"{prefix}-option"] = answer.get("option") or ""
        elif kind == "bounded":
            initial[f"{prefix}-choice"] = answer.get("choice") or ""
            initial[f"{prefix}-value"] = str(answer.get("value") or "")
        elif kind == "text":
            initial[f"{prefix}-text"] = answer.get("text") or ""
        if isinstance(answer.get("comment"), str):
            initial[f"{prefix}-comment"] = answer["comment"]
    return initial


def screening_prefill(definition: dict, *, requested_budget, ceiling) -> dict:
    """Answers the screening form starts with (spec 03: "screening form, pre-filled"): a
    submitted revision has passed the completeness checks of submission (all sections, the
    required attachments, the organisation manager's submission); the budget check compares
    the request with the fund's ceiling. Staff review every tick; mission fit is theirs."""
    known = {
        "sections_complete": True, "attachments_present": True, "signed_by_manager": True,
        "budget_within_ceiling": (requested_budget is not None
                                  and (ceiling is None or requested_budget <= ceiling)),
    }
    answers = {}
    for item in definition.get("items") or []:
        if item.get("kind") != "gate":
            continue
        checks = {c["id"]: known[c["id"]] for c in item.get("checks") or [] if c["id"] in known}
        if checks:
            answers[item["id"]] = {"checks": checks}
    return answers

