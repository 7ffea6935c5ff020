"""Forms of the session pages: the session itself (create / edit), the agenda picker, the
declaration of a conflict of interest, and the list's filter.

Forms only read and shape input; the rules (who may sit, which proposals may go on the agenda)
live in ``domain.sessions``, whose errors the views put back on the field they name."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.core.forms import ThaiDateField
from phonlap.funds.models import Fund
from phonlap.proposals.models import Proposal

from . import session_queries
from .domain.sessions import LOCATION_MAX, NAME_MAX, NOTE_MAX

# Domain error fields → the form field that shows them.
FIELD_OF = {"starts_at": "date"}


class LookupMixin:
    """Offer the choices of ``queryset`` but accept any value of ``lookup_queryset``, so that
    a value outside the offer (a non-committee user, a proposal on another open session) reaches
    the domain, which says exactly why it is refused instead of "not one of the choices"."""

    lookup_queryset = None

    def clean(self, value):
        offered = self.queryset
        if self.lookup_queryset is not None:
            self.queryset = self.lookup_queryset
        try:
            return super().clean(value)
        finally:
            self.queryset = offered


def _person_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.email})" if name else user.email


class PersonChoiceField(LookupMixin, forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup_queryset = get_user_model().objects.all()

    def label_from_instance(self, obj):
        return _person_label(obj)


class PeopleChoiceField(LookupMixin, forms.ModelMultipleChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup_queryset = get_user_model().objects.all()

    def label_from_instance(self, obj):
        return _person_label(obj)


class StageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.fund.short_name}: {obj.name}"


def proposal_label(proposal) -> str:
    parts = [proposal.number, proposal.name or "", proposal.organisation.name]
    if proposal.requested_budget is not None:
        parts.append(_("%(amount)s baht") % {"amount": f"{proposal.requested_budget:,.2f}"})
    return " · ".join(str(part) for part in parts if part)


class ProposalsField(LookupMixin, forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup_queryset = Proposal.objects.filter(deleted_at__isnull=True)

    def label_from_instance(self, obj):
        return proposal_label(obj)


def _single(form, name: str, message) -> None:
    """A field that must hold one value: a request naming two (two chairs) is refused, not
    silently cut to the last one."""
    getlist = getattr(form.data, "getlist", None)
    if getlist is not None and len([v for v in getlist(form.add_prefix(name)) if v]) > 1:
        form.add_error(name, message)


class SessionForm(forms.Form):
    """Create (with the stage and, once it is chosen, the proposals awaiting it) or edit (the
    stage fixed) a session."""

    name = forms.CharField(label=_("Session name"), max_length=NAME_MAX,
                           help_text=_("For example: Working group meeting 1/2569."))
    stage = StageChoiceField(label=_("Review stage"), queryset=session_queries.meeting_stages(),
                             widget=forms.HiddenInput)  # chosen on step 1 (StageStepForm)
    date = ThaiDateField(label=_("Date of the meeting"))
    time = forms.TimeField(
        label=_("Time"), input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric", "size": "6",
                                                      "autocomplete": "off"}),
        help_text=_("24-hour clock, e.g. 09:30."),
        error_messages={"invalid": _("Enter the time as hours:minutes, e.g. 09:30 or 13:00.")})
    location = forms.CharField(label=_("Place"), max_length=LOCATION_MAX, required=False)
    chair = PersonChoiceField(label=_("Chair"), queryset=session_queries.committee_users(),
                              empty_label=_("Choose the chair"))
    secretary = PersonChoiceField(label=_("Secretary"), queryset=session_queries.committee_users(),
                                  empty_label=_("Choose the secretary"))
    members = PeopleChoiceField(label=_("Members"), queryset=session_queries.committee_users(),
                                widget=forms.CheckboxSelectMultiple,
                                help_text=_("At least one. The chair and the secretary are not "
                                            "ticked again here: each person holds one seat."))
    proposals = ProposalsField(label=_("Proposals to consider"), required=False,
                               queryset=session_queries.proposals_awaiting(None),
                               help_text=_("Proposals awaiting the chosen stage and on no other "
                                           "open session. You can add more later."))

    def __init__(self, *args, session=None, stage=None, **kwargs):
        self.session = session
        if session is not None:
            local = timezone.localtime(session.starts_at)
            seats = {m.role: m.user for m in session.members.all()}
            kwargs.setdefault("initial", {
                "name": session.name, "date": local.date(), "time": local.time().replace(second=0),
                "location": session.location, "chair": seats.get("chair"),
                "secretary": seats.get("secretary"),
                "members": [m.user for m in session.members.all() if m.role == "member"],
            })
        super().__init__(*args, **kwargs)
        if session is not None:
            del self.fields["stage"]
            del self.fields["proposals"]
            self.stage = session.stage
        else:
            self.stage = stage if stage is not None else self.chosen_stage()
            self.fields["proposals"].queryset = session_queries.proposals_awaiting(self.stage)

    def chosen_stage(self):
        """The stage named in the submitted data (for the picker before the form is valid)."""
        if self.session is not None:
            return self.session.stage
        raw = self.data.get(self.add_prefix("stage")) if self.is_bound else self.initial.get("stage")
        if raw in (None, ""):
            return None
        try:
            pk = int(getattr(raw, "pk", raw))
        except (TypeError, ValueError):
            return None
        if not 0 < pk < 2**63:
            return None
        return session_queries.meeting_stages().filter(pk=pk).first()

    def clean(self):
        cleaned = super().clean()
        _single(self, "chair", _("A session has exactly one chair: choose one person."))
        _single(self, "secretary", _("A session has exactly one secretary: choose one person."))
        day, time = cleaned.get("date"), cleaned.get("time")
        if day and time:
            cleaned["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, time))
        return cleaned

    def domain_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"name": data["name"], "starts_at": data["starts_at"],
                  "location": data.get("location", ""), "chair": data["chair"],
                  "secretary": data["secretary"], "members": list(data["members"])}
        if self.session is None:
            kwargs["stage"] = data["stage"]
            kwargs["proposals"] = list(data.get("proposals") or [])
        return kwargs

    def apply_error(self, error) -> None:
        """Put a domain error on the field it names (or on the whole form)."""
        field = FIELD_OF.get(error.field, error.field)
        self.add_error(field if field in self.fields else None, str(error.message))


class StageStepForm(forms.Form):
    """Step 1 of creating a session: the stage, which decides the proposals offered."""

    stage = StageChoiceField(label=_("Review stage"), queryset=session_queries.meeting_stages(),
                             empty_label=_("Choose a stage"),
                             help_text=_("Only stages decided by a meeting have sessions; "
                                         "screening is decided by staff alone."))


class AgendaAddForm(forms.Form):
    proposals = ProposalsField(label=_("Proposals to put on the agenda"),
                               queryset=session_queries.proposals_awaiting(None))

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = session_queries.proposals_awaiting(stage)
        self.fields["proposals"].error_messages["required"] = _(
            "Choose at least one proposal to put on the agenda.")

    def apply_error(self, error) -> None:
        self.add_error("proposals" if error.field == "proposals" else None, str(error.message))


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("Nature of the interest (optional)"), required=False, max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: I advise this organisation; a relative works on the project."))


class SessionFilterForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.order_by("name_th"),
                                  required=False, empty_label=_("All funds"))
    stage = StageChoiceField(label=_("Review stage"), queryset=session_queries.meeting_stages(),
                             required=False, empty_label=_("All stages"))

