"""Proposal pages for applicants and staff (spec 02): starting a proposal, the draft editor
(sections 1 → 4, saved one by one, with live totals), the detail page with what the user may do,
submission, revisions and their differences, deleting and restoring drafts, attachments.

Views read through ``queries`` (``get_proposal_for_user`` is the security boundary: the same 404
for missing and forbidden), write through ``domain`` and pass the templates booleans: no
permission logic in templates."""

from __future__ import annotations

import copy
import datetime

from django.contrib import messages
from django.forms import CheckboxSelectMultiple, RadioSelect
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phonlap.accounts.access import has_row, requires
from phonlap.core import audit
from phonlap.core.exceptions import DomainError, ValidationFailed
from phonlap.organisations.queries import approved_organisations_of

from . import content, domain, forms, queries
from . import messages as proposal_messages
from . import rules as proposal_rules
from .enums import REVISABLE, AttachmentType, ParticipationType, ProposalStatus

try:
    from . import printing
except ImportError:  # pragma: no cover - the printing module lands separately
    printing = None

SECTION_TITLES = {
    1: proposal_messages.FIELD_LABELS["section1"],
    2: proposal_messages.FIELD_LABELS["section2"],
    3: proposal_messages.FIELD_LABELS["section3"],
    4: proposal_messages.FIELD_LABELS["section4"],
}


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _ip(request):
    return audit.client_ip(request)


def _list_url() -> str:
    try:
        return reverse("proposals:list")
    except NoReverseMatch:
        return reverse("home")


def _editable_proposal(request, pk):
    """A draft the user may edit (row 2.3), or 404 (same as forbidden). A proposal that is no
    longer a draft is visible but read-only: the caller sends the user to its page."""
    proposal = queries.get_proposal_for_user(request.user, pk)
    if not proposal_rules.can_edit_proposal(request.user, proposal):
        raise Http404
    return proposal


def _read_only_redirect(request, proposal):
    messages.error(request, _("Only a draft can be changed; this proposal is '%(status)s'. Submitted "
                              "revisions are read-only.") % {"status": proposal.get_status_display()})
    return redirect("proposals:detail", pk=proposal.pk)


# --- new proposal (row 2.1) ------------------------------------------------------------------

@requires("2.1")
def create(request):
    organisations = approved_organisations_of(request.user).order_by("name")
    form = forms.NewProposalForm(request.POST or None, organisations=organisations,
                                 initial={"organisation": organisations.first()})
    if not organisations.exists():
        messages.error(request, _("You can apply only in the name of an organisation you belong to. "
                                  "Join or create an organisation first."))
    if request.method == "POST" and form.is_valid():
        try:
            proposal = domain.create_proposal(
                actor=request.user, organisation=form.cleaned_data["organisation"],
                fund=form.cleaned_data["fund"], call=form.cleaned_data["call"], ip=_ip(request))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Proposal %(number)s was created as a draft. Fill in the "
                                        "sections in order; each is saved on its own.")
                             % {"number": proposal.number})
            return redirect("proposals:section", pk=proposal.pk, section=1)
    return render(request, "proposals/new.html", {"form": form})


# --- the draft editor (row 2.3) --------------------------------------------------------------

def _ensure_management(data, prefix: str, default_total: int = 0) -> None:
    if f"{prefix}-TOTAL_FORMS" not in data:
        data[f"{prefix}-TOTAL_FORMS"] = str(default_total)
        data[f"{prefix}-INITIAL_FORMS"] = "0"


def _total(data, prefix: str) -> int:
    try:
        return max(0, min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), forms.MAX_ROWS))
    except (TypeError, ValueError):
        return 0


def _bound(formset_class, data, prefix, initial):
    """A formset bound to ``data`` or, without data, filled from the saved rows (one empty row
    when there are none)."""
    if data is not None:
        return formset_class(data, prefix=prefix)
    formset = formset_class(initial=initial, prefix=prefix)
    formset.extra = 0 if initial else 1
    return formset


class Editor:
    """The forms of one section, built from the POST or from the saved content, and the way
    back: ``to_content`` gives the section's data and where each content path is typed."""

    section: int
    template: str

    def __init__(self, proposal, data=None):
        self.proposal = proposal
        self.data = data
        self.paths: dict[str, tuple] = {}
        self.top_errors: list[str] = []

    def all_forms(self):
        raise NotImplementedError

    def formsets(self):
        raise NotImplementedError

    def is_valid(self) -> bool:
        valid = True
        for formset in self.formsets():
            valid = formset.is_valid() and valid
        for form in self.all_forms():
            valid = form.is_valid() and valid
        return valid

    def _map(self, path, form, field):
        self.paths[path] = (form, field)

    def apply_errors(self, errors: dict[str, list[str]]) -> None:
        prefix = f"section{self.section}."
        for path, lines in errors.items():
            local = path[len(prefix):] if path.startswith(prefix) else path
            target = self.paths.get(local)
            for line in lines:
                if target:
                    form, field = target
                    form.add_error(field, line)
                else:
                    self.top_errors.append(f"{proposal_messages.field_label(path)}: {line}")

    def error_summary(self) -> list[dict]:
        """Every error of the page, with a link to its field (listed first on the page)."""
        summary = [{"text": text, "anchor": ""} for text in self.top_errors]
        for formset in self.formsets():
            for error in formset.non_form_errors():
                summary.append({"text": error, "anchor": ""})
        for form in self.all_forms():
            row = getattr(form, "row_label", "")
            for field, errors in form.errors.items():
                if field in form.fields:
                    label = str(form.fields[field].label)
                    if row and row != label:
                        label = f"{row} › {label}"
                    anchor = form[field].auto_id
                    if isinstance(form.fields[field].widget, (
                            RadioSelect, CheckboxSelectMultiple)):
                        anchor = f"{anchor}_0"
                else:
                    label, anchor = "", ""
                for error in errors:
                    summary.append({"text": f"{label}: {error}" if label else error, "anchor": anchor})
        return summary


def _rows_to_list(formset, fields, path, editor, convert=None):
    items = []
    for form, row in formset.rows():
        index = len(items)
        item = {}
        for name in fields:
            value = row.get(name)
            if convert:
                value = convert(name, value)
            item[name] = value if value is not None else ""
            editor._map(f"{path}[{index}].{name}", form, name)
        editor._map(f"{path}[{index}]", form, None)
        items.append(item)
    return items


def _text_rows(formset, path, editor):
    items = []
    for form, row in formset.rows():
        editor._map(f"{path}[{len(items)}]", form, "text")
        items.append(row.get("text") or "")
    return items


def _iso(_name, value):
    return value.isoformat() if isinstance(value, datetime.date) else value


class Section1Editor(Editor):
    section = 1
    template = "proposals/section1.html"

    def __init__(self, proposal, data=None):
        super().__init__(proposal, data)
        saved = proposal.section(1)
        history = saved.get("fund_history") or {}
        received = history.get("received_before")
        initial = {
            "past_year_results": saved.get("past_year_results", ""),
            "received_before": {True: "yes", False: "no"}.get(received, ""),
            "times": history.get("times"), "last_year": history.get("last_year"),
            "last_project": history.get("last_project", ""), "problems": history.get("problems", ""),
        }
        self.form = forms.Section1Form(data, initial=initial)
        self.activities = _bound(forms.text_list_formset("current_activities"), data,
                                 "current_activities",
                                 [{"text": t} for t in saved.get("current_activities") or []])
        self.funding = _bound(forms.OtherFundingFormSet, data, "other_funding",
                              [dict(i) for i in saved.get("other_funding") or []])

    def formsets(self):
        return [self.activities, self.funding]

    def all_forms(self):
        return [self.form, *self.activities.forms, *self.funding.forms]

    def to_content(self) -> dict:
        self.is_valid()
        data = self.form.cleaned_data
        for name, path in forms.SECTION1_PATHS.items():
            self._map(path, self.form, name)
        received = {"yes": True, "no": False}.get(data.get("received_before"))
        return {
            "current_activities": _text_rows(self.activities, "current_activities", self),
            "past_year_results": data.get("past_year_results", ""),
            "fund_history": {
                "received_before": received, "times": data.get("times"),
                "last_year": data.get("last_year"), "last_project": data.get("last_project", ""),
                "problems": data.get("problems", ""),
            },
            "other_funding": _rows_to_list(self.funding, ("source", "amount", "year"),
                                           "other_funding", self),
        }


class Section2Editor(Editor):
    section = 2
    template = "proposals/section2.html"

    def __init__(self, proposal, data=None):
        super().__init__(proposal, data)
        saved = proposal.section(2)
        unit, coordinator = saved.get("responsible_unit") or {}, saved.get("coordinator") or {}
        initial = {
            "name": saved.get("name", ""), "target_groups": saved.get("target_groups") or [],
            "is_research": saved.get("is_research") is True,
            "unit_name": unit.get("name", ""), "unit_phone": unit.get("phone", ""),
            "unit_email": unit.get("email", ""), "coordinator_name": coordinator.get("name", ""),
            "coordinator_phone": coordinator.get("phone", ""),
            "coordinator_email": coordinator.get("email", ""),
            "rationale": saved.get("rationale", ""), "location": saved.get("location", ""),
            "method": saved.get("method", ""),
            "period_start": content._safe(content.parse_date, saved.get("period_start")),
            "period_end": content._safe(content.parse_date, saved.get("period_end")),
            "requested_budget": saved.get("requested_budget", ""),
        }
        self.form = forms.Section2Form(data, initial=initial, fund=proposal.fund)
        self.text_lists = {
            key: _bound(forms.text_list_formset(key), data, key,
                        [{"text": t} for t in saved.get(key) or []])
            for key in content.TEXT_LISTS
        }
        self.indicators = _bound(forms.IndicatorFormSet, data, "indicators",
                                 [dict(i) for i in saved.get("indicators") or []])
        self.other_sources = _bound(forms.OtherSourceFormSet, data, "other_sources",
                                    [dict(i) for i in saved.get("other_sources") or []])
        saved_steps = saved.get("steps") or []
        self.steps = _bound(forms.StepFormSet, data, "steps",
                            [{"name": s.get("name", "")} for s in saved_steps])
        self.activities = []
        for index, _step in enumerate(self.steps.forms):
            saved_activities = saved_steps[index].get("activities") if index < len(saved_steps) else []
            initial_rows = [
                {"description": a.get("description", ""),
                 "start": content._safe(content.parse_date, a.get("start")),
                 "end": content._safe(content.parse_date, a.get("end")),
                 "budget": a.get("budget", "")}
                for a in saved_activities or []
            ]
            activities = _bound(forms.ActivityFormSet, data, f"steps-{index}-activities", initial_rows)
            for form in activities.forms:
                form.row_label = f"{_step.row_label} › {form.row_label}"
            self.activities.append(activities)

    def step_rows(self):
        return list(zip(self.steps.forms, self.activities, strict=False))

    def text_list_rows(self):
        return [(key, forms.TEXT_LIST_LABELS[key][0], formset)
                for key, formset in self.text_lists.items()]

    def formsets(self):
        return [*self.text_lists.values(), self.indicators, self.other_sources, self.steps,
                *self.activities]

    def all_forms(self):
        forms_ = [self.form]
        for formset in self.formsets():
            forms_ += formset.forms
        return forms_

    def to_content(self) -> dict:
        self.is_valid()
        data = self.form.cleaned_data
        for name, path in forms.SECTION2_PATHS.items():
            self._map(path, self.form, name)
        result = {
            "name": data.get("name", ""), "target_groups": data.get("target_groups") or [],
            "is_research": bool(data.get("is_research")),
            "responsible_unit": {"name": data.get("unit_name", ""), "phone": data.get("unit_phone", ""),
                                 "email": data.get("unit_email", "")},
            "coordinator": {"name": data.get("coordinator_name", ""),
                            "phone": data.get("coordinator_phone", ""),
                            "email": data.get("coordinator_email", "")},
            "rationale": data.get("rationale", ""), "location": data.get("location", ""),
            "method": data.get("method", ""),
            "period_start": _iso(None, data.get("period_start")) or "",
            "period_end": _iso(None, data.get("period_end")) or "",
            "requested_budget": data.get("requested_budget", ""),
        }
        for key, formset in self.text_lists.items():
            result[key] = _text_rows(formset, key, self)
        result["indicators"] = _rows_to_list(self.indicators, ("name", "unit", "target_value"),
                                             "indicators", self)
        result["other_sources"] = _rows_to_list(self.other_sources, ("name", "amount"),
                                                "other_sources", self)
        steps = []
        for step_form, activities in self.step_rows():
            step_data = getattr(step_form, "cleaned_data", None) or {}
            if step_data.get("DELETE"):
                continue
            index = len(steps)
            rows = _rows_to_list(activities, ("description", "start", "end", "budget"),
                                 f"steps[{index}].activities", self, convert=_iso)
            name = step_data.get("name", "")
            if not name and not rows and not step_form.errors:
                continue
            self._map(f"steps[{index}].name", step_form, "name")
            self._map(f"steps[{index}]", step_form, None)
            steps.append({"name": name, "activities": rows})
        result["steps"] = steps
        return result


class Section3Editor(Editor):
    section = 3
    template = "proposals/section3.html"

    def __init__(self, proposal, data=None):
        super().__init__(proposal, data)
        saved = proposal.section(3)
        self.participation = _bound(forms.ParticipationFormSet, data, "participation",
                                    [dict(i) for i in saved.get("participation") or []])

    def formsets(self):
        return [self.participation]

    def all_forms(self):
        return list(self.participation.forms)

    def to_content(self) -> dict:
        self.is_valid()
        return {"participation": _rows_to_list(self.participation, ("type", "description", "agency"),
                                               "participation", self)}


EDITORS = {1: Section1Editor, 2: Section2Editor, 3: Section3Editor}


def _prepare_post(request, section: int):
    """A mutable copy of the POST with every formset's management data present (a step added
    by "add a row" has no activity rows yet), and one more row where "add" asks for it."""
    data = request.POST.copy()
    prefixes = {1: ["current_activities", "other_funding"],
                2: [*content.TEXT_LISTS, "indicators", "other_sources", "steps"],
                3: ["participation"]}[section]
    for prefix in prefixes:
        _ensure_management(data, prefix)
    added = data.get("add", "")
    if section == 2:
        steps = _total(data, "steps")
        if added == "steps":
            steps += 1
        for index in range(steps):
            _ensure_management(data, f"steps-{index}-activities", 1)
        prefixes += [f"steps-{index}-activities" for index in range(steps)]
    if added in prefixes:
        total = _total(data, added)
        if total < forms.MAX_ROWS:
            data[f"{added}-TOTAL_FORMS"] = str(total + 1)
        if added == "steps":
            data[f"steps-{total}-activities-TOTAL_FORMS"] = "1"
            data[f"steps-{total}-activities-INITIAL_FORMS"] = "0"
        return data, added
    return data, None


def _progress(proposal, current):
    """The sections in order with their state in words (never colour alone)."""
    config = domain.config_of(proposal)
    open_ = domain.open_sections(proposal)
    saved = set(proposal.sections_saved or [])
    missing = domain.missing_for_submission(proposal)
    steps = []
    for n in content.SECTIONS:
        if n not in config.sections:
            continue
        gaps = [p for p in missing if p.path.startswith(f"section{n}")]
        if n == 4:
            state = "complete" if not gaps and n in open_ else ("open" if n in open_ else "locked")
        elif n in saved:
            state = "complete" if not gaps else "saved"
        else:
            state = "open" if n in open_ else "locked"
        steps.append({
            "number": n, "title": SECTION_TITLES[n], "state": state, "current": n == current,
            "url": reverse("proposals:section", kwargs={"pk": proposal.pk, "section": n})
            if n in open_ else "",
            "state_text": {
                "complete": _("complete"), "saved": _("saved, items missing"),
                "open": _("not saved yet"), "locked": _("opens when the earlier sections are saved"),
            }[state],
        })
    return steps


def _next_section(proposal, section):
    later = [n for n in domain.config_of(proposal).sections if n > section]
    return later[0] if later else None


def _totals_context(proposal, section2: dict) -> dict:
    """Step and project totals from the single source (``content``), and the budget warning
    as ``domain.section_warnings`` words it."""
    steps = []
    for index, (step, totals) in enumerate(zip(content._steps(section2),
                                               content.all_step_totals(section2), strict=False)):
        steps.append({"number": index + 1, "name": step.get("name") or "", "budget": totals.budget,
                      "start": totals.start, "end": totals.end, "days": totals.days})
    project = content.project_totals(section2)
    preview = copy.copy(proposal)
    preview.content = {**(proposal.content or {}), "section2": section2}
    warnings = [proposal_messages.problem_message(p) for p in domain.section_warnings(preview)]
    requested = content._safe(content.parse_money, section2.get("requested_budget"))
    return {"steps": steps, "project": project, "warnings": warnings, "requested": requested}


def _editor_context(request, proposal, section, editor=None, **extra):
    context = {
        "proposal": proposal, "section": section, "section_title": SECTION_TITLES[section],
        "progress": _progress(proposal, section), "next_section": _next_section(proposal, section),
        "editor": editor,
    }
    if editor is not None:
        context["errors"] = editor.error_summary()
    if section == 1:
        context["organisation"] = domain.organisation_snapshot(proposal.organisation)
        context["organisation_kind"] = proposal.organisation.get_kind_display()
    if section == 2 and editor is not None:
        context["totals"] = _totals_context(proposal, editor.to_content()) if editor.data is not None \
            else _totals_context(proposal, proposal.section(2))
    context.update(extra)
    return context


@requires("2.3")
def section(request, pk, section):
    proposal = _editable_proposal(request, pk)
    config = domain.config_of(proposal)
    if section not in content.SECTIONS or section not in config.sections:
        raise Http404
    if not proposal.is_draft:
        return _read_only_redirect(request, proposal)
    if section not in domain.open_sections(proposal):
        first = domain.open_sections(proposal)[-1]
        messages.error(request, _("Save section %(n)s first: the sections are filled in order.")
                       % {"n": first})
        return redirect("proposals:section", pk=proposal.pk, section=first)
    if section == 4:
        return _attachments(request, proposal)
    editor_class = EDITORS[section]
    if request.method != "POST":
        return render(request, editor_class.template,
                      _editor_context(request, proposal, section, editor_class(proposal)))
    data, added = _prepare_post(request, section)
    editor = editor_class(proposal, data)
    if added:
        # "Add a row" only re-renders (with HTMX: just the form): nothing is saved.
        context = _editor_context(request, proposal, section, editor, row_added=True)
        context["errors"] = []
        return render(request, editor_class.template, context)
    section_data = editor.to_content()
    if editor.is_valid():
        try:
            proposal = domain.save_section(actor=request.user, proposal=proposal, section=section,
                                           data=section_data, ip=_ip(request))
        except ValidationFailed as error:
            editor.apply_errors(getattr(error, "errors", None) or {})
            if not getattr(error, "errors", None):
                editor.top_errors.append(str(error.message))
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("proposals:detail", pk=proposal.pk)
        else:
            messages.success(request, _("Section %(n)s was saved.") % {"n": section})
            following = _next_section(proposal, section)
            if "continue" in request.POST and following:
                return redirect("proposals:section", pk=proposal.pk, section=following)
            if "continue" in request.POST:
                return redirect("proposals:detail", pk=proposal.pk)
            return redirect("proposals:section", pk=proposal.pk, section=section)
    return render(request, editor_class.template,
                  _editor_context(request, proposal, section, editor, not_saved=True))


@requires("2.3")
@require_POST
def totals(request, pk):
    """HTMX: the current section-2 form data in, the step and project totals out (the server's
    computation is the single source of truth). Never saves."""
    proposal = _editable_proposal(request, pk)
    data = request.POST.copy()
    for prefix in [*content.TEXT_LISTS, "indicators", "other_sources", "steps"]:
        _ensure_management(data, prefix)
    for index in range(_total(data, "steps")):
        _ensure_management(data, f"steps-{index}-activities", 0)
    editor = Section2Editor(proposal, data)
    return render(request, "proposals/partials/totals.html",
                  {"totals": _totals_context(proposal, editor.to_content())})


def _attachments(request, proposal):
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                domain.add_attachment(
                    actor=request.user, proposal=proposal, type=form.cleaned_data["type"],
                    upload=form.cleaned_data["file"], other_name=form.cleaned_data["other_name"],
                    ip=_ip(request))
            except ValidationFailed as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            except DomainError as error:
                messages.error(request, str(error.message))
                return redirect("proposals:detail", pk=proposal.pk)
            else:
                messages.success(request, _("The file was attached."))
                return redirect("proposals:section", pk=proposal.pk, section=4)
    required = content.required_attachment_types(proposal.content or {}, domain.config_of(proposal))
    attachments = list(queries.draft_attachments(proposal))
    present = {a.type for a in attachments}
    required_rows = [{"label": AttachmentType(kind).label, "present": kind in present}
                     for kind in required if kind in AttachmentType.values]
    errors = []
    for field, field_errors in form.errors.items():
        label = str(form.fields[field].label) if field in form.fields else ""
        anchor = form[field].auto_id if field in form.fields else ""
        errors += [{"text": f"{label}: {e}" if label else e, "anchor": anchor} for e in field_errors]
    return render(request, "proposals/section4.html", {
        **_editor_context(request, proposal, 4),
        "form": form, "attachments": attachments, "required_rows": required_rows,
        "errors": errors, "can_remove": True,
    }, status=200)


@requires("2.3")
@require_POST
def attachment_remove(request, pk, attachment_pk):
    proposal = _editable_proposal(request, pk)
    attachment = queries.get_attachment_for_user(request.user, attachment_pk)
    if attachment.proposal_id != proposal.pk:
        raise Http404
    try:
        domain.remove_attachment(actor=request.user, attachment=attachment, ip=_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("proposals:detail", pk=proposal.pk)
    messages.success(request, _("The file “%(name)s” was removed.") % {"name": attachment.original_name})
    return redirect("proposals:section", pk=proposal.pk, section=4)


@requires("2.2")
@require_GET
def attachment_download(request, attachment_pk):
    """A private file, only through the access function; always downloaded, never shown
    inline (a file is never interpreted by the browser in our origin)."""
    attachment = queries.get_attachment_for_user(request.user, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    audit.sensitive_read(actor=request.user, action="proposal.attachment_download",
                         obj=attachment.proposal, ip=_ip(request), attachment=attachment.pk)
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- reading: detail, revisions, differences (row 2.2) ----------------------------------------

def _dates(value):
    return content._safe(content.parse_date, value)


def _display(proposal, data: dict, organisation: dict | None) -> dict:
    """The content made ready to read: dates as dates, amounts as Decimals, codes as words."""
    s1, s2, s3 = (data.get(f"section{n}") or {} for n in (1, 2, 3))
    groups = dict(proposal.fund.target_group_choices())
    participation = dict(ParticipationType.choices)
    steps = []
    for step, totals in zip(content._steps(s2), content.all_step_totals(s2), strict=False):
        steps.append({
            "name": step.get("name", ""), "totals": totals,
            "activities": [{**a, "start": _dates(a.get("start")), "end": _dates(a.get("end")),
                            "budget": content._safe(content.parse_money, a.get("budget"))}
                           for a in content._activities(step)],
        })
    history = s1.get("fund_history") or {}
    return {
        "organisation": organisation or {},
        "section1": {**s1, "fund_history": history,
                     "other_funding": [{**i, "amount": content._safe(content.parse_money, i.get("amount"))}
                                       for i in s1.get("other_funding") or []]},
        "section2": {**s2,
                     "target_group_names": [groups.get(code, code) for code in s2.get("target_groups") or []],
                     "period_start": _dates(s2.get("period_start")),
                     "period_end": _dates(s2.get("period_end")),
                     "requested_budget": content._safe(content.parse_money, s2.get("requested_budget")),
                     "other_sources": [{**i, "amount": content._safe(content.parse_money, i.get("amount"))}
                                       for i in s2.get("other_sources") or []],
                     "steps": steps, "project": content.project_totals(s2)},
        "section3": {"participation": [{**i, "type_name": participation.get(i.get("type"), i.get("type"))}
                                       for i in s3.get("participation") or []]},
        "text_lists": [(proposal_messages.FIELD_LABELS[key], s2.get(key) or [])
                       for key in content.TEXT_LISTS],
    }


def _actions(user, proposal) -> dict:
    """What the user may do with this proposal now (computed here, not in the template)."""
    draft = proposal.is_draft and not proposal.is_deleted
    can_edit = proposal_rules.can_edit_proposal(user, proposal)
    can_submit = draft and proposal_rules.can_submit_proposal(user, proposal)
    return {
        "can_edit": draft and can_edit,
        "can_request_submission": draft and can_edit and not can_submit,
        "can_submit": can_submit,
        "can_next_revision": proposal.status in REVISABLE and can_edit,
        "can_delete": draft and proposal_rules.can_delete_proposal(user, proposal),
        "can_print": printing is not None,
        "can_diff": proposal.latest_revision_number >= 2,
        # The review's results and advice (row 9), once a revision has been submitted; the page
        # belongs to the review app, reached by its URL name only.
        "review_url": _review_url(proposal) if proposal.latest_revision_number
        and has_row(user, "9") else None,
        "monitoring_url": _monitoring_url(proposal) if proposal.status == ProposalStatus.APPROVED
        and has_row(user, "13.1") else None,
    }


def _monitoring_url(proposal) -> str | None:
    """The funded project's latest monitoring plan (monitoring sits above proposals: reached by
    the relation's and the URL's names only). Row 13.1 reaches a project's plan exactly as row
    2.2 reaches its proposal (own / own organisation / all)."""
    project = getattr(proposal, "funded_project", None)
    plan = project.plans.order_by("-fiscal_year").values_list("pk", flat=True).first() \
        if project is not None else None
    if plan is None:
        return None
    try:
        return reverse("monitoring:plan", kwargs={"pk": plan})
    except NoReverseMatch:
        return None


def _review_url(proposal) -> str | None:
    try:
        return reverse("review:proposal_review", kwargs={"pk": proposal.pk})
    except NoReverseMatch:
        return None


@requires("2.2")
def detail(request, pk):
    proposal = queries.get_proposal_for_user(request.user, pk)
    revisions = list(proposal.revisions.all())
    if proposal.is_draft or not revisions:
        shown = proposal.content or {}
        organisation = domain.organisation_snapshot(proposal.organisation)
        attachments = list(proposal.draft_attachments)
        shown_revision = None
    else:
        shown_revision = revisions[-1]
        shown = shown_revision.content
        organisation = shown.get("organisation")
        attachments = list(shown_revision.attachments.all())
    actions = _actions(request.user, proposal)
    context = {
        "proposal": proposal, "revisions": revisions, "shown_revision": shown_revision,
        "content": _display(proposal, shown, organisation), "attachments": attachments,
        "actions": actions,
        "warnings": [proposal_messages.problem_message(p) for p in domain.section_warnings(proposal)]
        if proposal.is_draft else [],
    }
    if actions["can_edit"]:
        context["progress"] = _progress(proposal, None)
        context["continue_section"] = next(
            (n for n in domain.open_sections(proposal) if n not in (proposal.sections_saved or [])),
            domain.open_sections(proposal)[-1])
    if actions["can_submit"] or actions["can_request_submission"]:
        context["missing"] = [proposal_messages.describe(p)
                              for p in domain.missing_for_submission(proposal)]
    return render(request, "proposals/detail.html", context)


@requires("2.2")
def revision(request, pk, number):
    revision = queries.get_revision_for_user(request.user, pk, number)
    proposal = queries.get_proposal_for_user(request.user, pk)
    return render(request, "proposals/revision.html", {
        "proposal": proposal, "revision": revision,
        "content": _display(proposal, revision.content, revision.content.get("organisation")),
        "attachments": list(revision.attachments.all()),
        "previous": revision.number - 1 if revision.number > 1 else None,
        "can_print": printing is not None,
    })


KIND_WORDS = {"added": gettext_lazy("Added"), "removed": gettext_lazy("Removed"),
              "changed": gettext_lazy("Changed")}


def _show(value):
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if value in (None, "", {}, []):
        return ""
    return str(value)


@requires("2.2")
def diff(request, pk):
    proposal = queries.get_proposal_for_user(request.user, pk)
    numbers = [r.number for r in proposal.revisions.all()]
    context = {"proposal": proposal, "numbers": numbers, "rows": None}
    if len(numbers) < 2:
        return render(request, "proposals/diff.html", context)
    default = {"a": numbers[-2], "b": numbers[-1]}
    form = forms.DiffForm(request.GET if "a" in request.GET or "b" in request.GET else default,
                          numbers=numbers)
    context["form"] = form
    if form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        changes = queries.diff_revisions(proposal, a, b)
        context.update(a=a, b=b, rows=[{
            "section": proposal_messages.FIELD_LABELS.get(change.section, change.section),
            "field": proposal_messages.field_label(change.path),
            "kind": change.kind, "kind_text": KIND_WORDS.get(change.kind, change.kind),
            "old": _show(change.old), "new": _show(change.new),
        } for change in changes])
    return render(request, "proposals/diff.html", context)


# --- submission (rows 2.3 and 2.6), revisions, delete and restore ----------------------------

@requires("2.3")
@require_POST
def request_submission(request, pk):
    proposal = _editable_proposal(request, pk)
    try:
        domain.request_submission(actor=request.user, proposal=proposal, ip=_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The organisation's managers were asked to check and submit "
                                    "the proposal."))
    return redirect("proposals:detail", pk=proposal.pk)


@requires("2.6")
def submit(request, pk):
    proposal = queries.get_proposal_for_user(request.user, pk)
    if not proposal_rules.can_submit_proposal(request.user, proposal):
        raise Http404
    if not proposal.is_draft:
        messages.error(request, _("This proposal has already been submitted (it is '%(status)s').")
                       % {"status": proposal.get_status_display()})
        return redirect("proposals:detail", pk=proposal.pk)
    problems = []
    if request.method == "POST":
        try:
            revision = domain.submit_proposal(actor=request.user, proposal=proposal, ip=_ip(request))
        except ValidationFailed as error:
            problems = list(getattr(error, "messages", None) or [str(error.message)])
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("proposals:detail", pk=proposal.pk)
        else:
            messages.success(request, _("Proposal %(number)s was submitted as revision %(revision)s. "
                                        "It is now in review.")
                             % {"number": proposal.number, "revision": revision.number})
            return redirect("proposals:detail", pk=proposal.pk)
    else:
        problems = [proposal_messages.describe(p) for p in domain.missing_for_submission(proposal)]
    return render(request, "proposals/submit.html", {
        "proposal": proposal, "problems": problems, "tried": request.method == "POST",
    })


@requires("2.3")
@require_POST
def next_revision(request, pk):
    proposal = queries.get_proposal_for_user(request.user, pk)
    if not proposal_rules.can_edit_proposal(request.user, proposal):
        raise Http404
    try:
        domain.create_next_revision(actor=request.user, proposal=proposal, ip=_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("proposals:detail", pk=proposal.pk)
    messages.success(request, _("A new draft was made from revision %(n)s. Correct it and ask your "
                                "organisation manager to submit it again.")
                     % {"n": proposal.latest_revision_number})
    return redirect("proposals:section", pk=proposal.pk, section=1)


@requires("2.4")
def delete(request, pk):
    proposal = queries.get_proposal_for_user(request.user, pk)
    if not proposal_rules.can_delete_proposal(request.user, proposal):
        raise Http404
    if not proposal.is_draft:
        return _read_only_redirect(request, proposal)
    if request.method == "POST":
        try:
            domain.delete_draft(actor=request.user, proposal=proposal, ip=_ip(request))
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("proposals:detail", pk=proposal.pk)
        messages.success(request, _("The draft %(number)s was deleted. An organisation manager can "
                                    "restore it.") % {"number": proposal.number})
        return redirect(_list_url())
    return render(request, "proposals/delete.html", {"proposal": proposal})


@requires("2.5")
def deleted(request):
    return render(request, "proposals/deleted.html", {
        "proposals": queries.deleted_proposals_for_user(request.user).order_by("-deleted_at")[:200],
    })


@requires("2.5")
def restore(request, pk):
    proposal = queries.get_proposal_for_user(request.user, pk, for_restore=True)
    if request.method == "POST":
        try:
            domain.restore_proposal(actor=request.user, proposal=proposal, ip=_ip(request))
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("proposals:deleted")
        messages.success(request, _("The draft %(number)s was restored.") % {"number": proposal.number})
        if proposal_rules.can_view_proposal(request.user, proposal):
            return redirect("proposals:detail", pk=proposal.pk)
        return redirect("proposals:deleted")
    return render(request, "proposals/restore.html", {"proposal": proposal})


# --- printing (row 2.2) ------------------------------------------------------------------------

@requires("2.2")
@require_GET
def print_pdf(request, pk):
    """The proposal (or ``?revision=N``) as a PDF in the fund's layout, downloaded."""
    proposal = queries.get_proposal_for_user(request.user, pk)
    revision = None
    if request.GET.get("revision"):
        revision = queries.get_revision_for_user(request.user, pk, request.GET["revision"])
    language = "en" if (get_language() or "th").startswith("en") else "th"
    pdf = printing.render_proposal_pdf(proposal, revision=revision, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{printing.pdf_filename(proposal, revision)}"')
    return response
