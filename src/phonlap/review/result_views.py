"""Review results pages (spec 03 §2.12): a proposal's review, recording a stage's result, one
result and its print.

Reads go through the access functions (``get_proposal_for_user``, ``get_result_for_user``: the
same 404 for missing and forbidden); the one write is ``record_stage_result``, whose refusals
come back as messages or errors at the field they concern, never a 500. Templates get
booleans, not permission logic."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phonlap.accounts.access import has_row, requires
from phonlap.core import audit
from phonlap.core.exceptions import DomainError, ValidationFailed
from phonlap.funds.models import StageForm
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.queries import get_proposal_for_user

from . import printing, queries, scoring
from .domain.results import (
    StaleResult,
    applicant_type,
    can_record_results,
    open_agenda_item,
    record_stage_result,
)
from .enums import ResultStatus
from .models import ConflictOfInterest
from .result_forms import RecordForm, label, screening_prefill


def _ip(request):
    return audit.client_ip(request)


# --- where recording stands ------------------------------------------------------------------

class Recording:
    """Whether a result can be recorded for ``proposal`` now, at which stage, on which agenda
    item; ``refusal`` says why not."""

    def __init__(self, proposal):
        self.proposal = proposal
        self.stage = None
        self.item = None
        self.refusal = ""
        if proposal.status != ProposalStatus.IN_REVIEW or proposal.current_stage_id is None \
                or proposal.deleted_at is not None:
            self.refusal = _("This proposal is not in review, so no result can be recorded.")
            return
        stage = proposal.current_stage
        if stage.is_meeting:
            self.item = open_agenda_item(proposal, stage)
            if self.item is None:
                self.refusal = _("The proposal waits for a session of the stage “%(stage)s”: put "
                                 "it on a session's agenda before recording its result.") \
                    % {"stage": stage.name}
                return
        self.stage = stage

    @property
    def possible(self) -> bool:
        return self.stage is not None


def _conflicts_of(results) -> dict[int, list]:
    """{result pk: the conflicts declared on its agenda item}, in one query whatever the count."""
    by_item: dict[int, list] = {}
    items = {r.agenda_item_id for r in results if r.agenda_item_id}
    if items:
        for conflict in (ConflictOfInterest.objects.filter(agenda_item_id__in=items)
                         .select_related("member").order_by("declared_at", "pk")):
            by_item.setdefault(conflict.agenda_item_id, []).append(conflict)
    return {r.pk: by_item.get(r.agenda_item_id, []) for r in results if r.agenda_item_id}


def _grouped(results, conflicts) -> list[dict]:
    """Results by revision (newest first), each revision's stages in order."""
    revisions: dict[int, dict] = {}
    for result in results:
        group = revisions.setdefault(result.revision.number, {"number": result.revision.number,
                                                              "results": []})
        group["results"].append(printing.describe_result(result, conflicts=conflicts.get(result.pk)))
    return [revisions[n] for n in sorted(revisions, reverse=True)]


# --- the review of a proposal (row 9) --------------------------------------------------------

@requires("9")
@require_GET
def proposal_review(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    results = queries.results_of_proposal(request.user, proposal)
    staff = can_record_results(request.user)
    recording = Recording(proposal) if staff else None
    draft = None
    if recording is not None and recording.possible:
        draft = next((r for r in results if r.status == ResultStatus.DRAFT
                      and r.stage_id == recording.stage.pk
                      and r.revision.number == proposal.latest_revision_number), None)
    return render(request, "review/proposal_review.html", {
        "proposal": proposal,
        "badges": queries.stage_badges_for([proposal]).get(proposal.pk, []),
        "revisions": _grouped(results, _conflicts_of(results)),
        "is_staff": staff,
        "recording": recording,
        "draft": draft,
        "show_conflicts": has_row(request.user, "7"),
    })


# --- recording (row 8) -----------------------------------------------------------------------

def _recordable(request, pk):
    """(proposal, recording), or a redirect with the reason when nothing can be recorded."""
    proposal = get_proposal_for_user(request.user, pk)
    recording = Recording(proposal)
    if not recording.possible:
        refusal = recording.refusal
        if request.method == "POST":
            refusal = _("Nothing was saved. %(reason)s") % {"reason": refusal}
        messages.error(request, refusal)
        return proposal, recording, redirect("review:proposal_review", pk=proposal.pk)
    return proposal, recording, None


@requires("8")
def record_start(request, pk):
    """"Record the result of stage X for proposal N?" — yes opens the form."""
    proposal, recording, refused = _recordable(request, pk)
    if refused:
        return refused
    if request.method == "POST":
        return redirect("review:record_form", pk=proposal.pk)
    draft = queries.draft_result(proposal=proposal, stage=recording.stage)
    return render(request, "review/result_start.html", {
        "proposal": proposal, "stage": recording.stage, "item": recording.item, "draft": draft,
    })


def _latest_revision(proposal):
    revisions = list(proposal.revisions.all())
    return revisions[-1] if revisions else None


def _definition(stage, draft) -> dict | None:
    rubric = draft.rubric if draft is not None and draft.rubric_id else stage.rubric
    return rubric.definition if rubric is not None else None


def _earlier_levels(user, proposal, stage) -> list[dict]:
    """Earlier stages' submitted results (this and earlier revisions; the current stage only
    for earlier revisions), never later stages: the level selector."""
    results = [
        r for r in queries.results_of_proposal(user, proposal)
        if r.status == ResultStatus.SUBMITTED and (
            r.stage_order < stage.order
            or (r.stage_order == stage.order and r.revision.number < proposal.latest_revision_number))
    ]
    conflicts = _conflicts_of(results)
    return [{"number": group["number"], "results": group["results"]}
            for group in _grouped(results, conflicts)]


def _prefill(proposal, revision) -> dict:
    """Part 3's header: what the latest revision says (name, budget, unit, coordinator)."""
    section2 = ((revision.content if revision else proposal.content) or {}).get("section2") or {}
    budget = revision.requested_budget if revision is not None else proposal.requested_budget
    unit = section2.get("responsible_unit") if isinstance(section2.get("responsible_unit"), dict) else {}
    coordinator = section2.get("coordinator") if isinstance(section2.get("coordinator"), dict) else {}
    return {
        "name": section2.get("name") or (revision.name if revision else proposal.name),
        "requested_budget": budget,
        "unit": unit, "coordinator": coordinator,
        "revision": revision.number if revision else None,
    }


def _score_view(answers, definition, applicant):
    """The live totals (server-side, the single source): computed from ``answers``."""
    if not definition:
        return None
    try:
        scored = scoring.score(definition, answers, applicant)
    except ValueError:
        return None
    lines, has_gates = [], False
    for item in definition.get("items") or []:
        score = scored.item(item["id"])
        if not score.applicable:
            continue
        has_gates = has_gates or item["kind"] == "gate"
        if item["kind"] in scoring.SCORED_KINDS:
            lines.append({"number": item["id"], "label": label(item),
                          "points": printing.points_text(score.points),
                          "maximum": printing.points_text(score.maximum)})
    return {
        "lines": lines,
        "has_points": bool(lines),
        "has_gates": has_gates,
        "gates_passed": scored.gates_passed,
        "total": printing.points_text(scored.total),
        "maximum": printing.points_text(scored.maximum),
        "percentage": f"{scored.percentage:.2f}",
        "grade": label(scored.grade) if scored.grade else "",
        "passed": scored.passed,
        "complete": scored.complete,
    }


@dataclass
class Built:
    definition: dict | None
    applicant: str
    revision: object
    answers: dict


def _build_form(proposal, recording, draft, data=None, submitting=False):
    """The form, pre-filled from the draft (or, for a new result, from the proposal), and the
    answers it starts with."""
    stage = recording.stage
    definition = _definition(stage, draft)
    applicant = draft.applicant_type if draft is not None and draft.applicant_type \
        else applicant_type(proposal)
    revision = _latest_revision(proposal)
    initial = {"stage": stage.pk, "lock_version": draft.lock_version if draft else 0}
    if draft is not None:
        answers = draft.answers if isinstance(draft.answers, dict) else {}
        initial["advice"] = draft.advice
        if draft.outcome:
            initial["outcome"] = draft.outcome
        initial["approved_amount"] = draft.approved_amount if draft.approved_amount is not None else ""
        initial["signed_off_on"] = draft.signed_off_on
    else:
        answers = {}
        if stage.form == StageForm.SCREENING and definition:
            answers = screening_prefill(
                definition, requested_budget=revision.requested_budget if revision else None,
                ceiling=proposal.fund.budget_ceiling)
        if stage.form == StageForm.APPROVAL and revision is not None:
            initial["approved_amount"] = revision.requested_budget
    form = RecordForm(data, stage_form=stage.form, definition=definition, applicant_type=applicant,
                      answers=answers, initial=initial, submitting=submitting)
    return form, Built(definition, applicant, revision, answers)


def _form_context(request, proposal, recording, draft, form, built, answers):
    form.mark_invalid()
    definition = built.definition
    return {
        "proposal": proposal, "stage": recording.stage, "item": recording.item, "draft": draft,
        "form": form, "errors": form.error_summary(), "definition": definition,
        "rubric_notes": label(definition, "notes") if definition else "",
        "form_title": label(definition, "form_title") if definition else "",
        "prefill": _prefill(proposal, built.revision),
        "levels": _earlier_levels(request.user, proposal, recording.stage)
        if recording.stage.may_view_earlier else None,
        "score": _score_view(answers, definition, built.applicant),
        "is_approval": recording.stage.form == StageForm.APPROVAL,
        "is_rubric": recording.stage.form == StageForm.RUBRIC,
        "has_summary_item": any(view.kind == "summary" for view in form.items),
        "show_conflicts": has_row(request.user, "7"),
    }


@requires("8")
def record_form(request, pk):
    proposal, recording, refused = _recordable(request, pk)
    if refused:
        return refused
    draft = queries.draft_result(proposal=proposal, stage=recording.stage)
    if request.method != "POST":
        form, built = _build_form(proposal, recording, draft)
        return render(request, "review/result_form.html",
                      _form_context(request, proposal, recording, draft, form, built, built.answers))

    submitting = request.POST.get("action") == "submit"
    form, built = _build_form(proposal, recording, draft, data=request.POST, submitting=submitting)
    if form.is_valid():
        if form.cleaned_data["stage"] != recording.stage.pk:
            messages.error(request, _("The proposal moved to another stage while you were editing: "
                                      "nothing was saved. Here is where it stands now."))
            return redirect("review:proposal_review", pk=proposal.pk)
        try:
            result = record_stage_result(
                actor=request.user, proposal=proposal, stage=recording.stage,
                answers=form.answers(), outcome=form.outcome(),
                advice=form.cleaned_data.get("advice") or "",
                approved_amount=form.cleaned_data.get("approved_amount") or None,
                signed_off_on=form.cleaned_data.get("signed_off_on"),
                lock_version=form.cleaned_data["lock_version"], submit=submitting, ip=_ip(request))
        except StaleResult as error:
            messages.error(request, str(error.message))
            return redirect("review:record_form", pk=proposal.pk)
        except ValidationFailed as error:
            form.apply_domain_error(error)
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("review:proposal_review", pk=proposal.pk)
        else:
            if submitting:
                messages.success(request, _("The result of “%(stage)s” was submitted: %(outcome)s. "
                                            "The applicant has been notified.")
                                 % {"stage": result.stage_name, "outcome": result.get_outcome_display()})
                return redirect("review:result_detail", pk=result.pk)
            messages.success(request, _("The draft was saved. It is not visible to the applicant "
                                        "until you submit it."))
            return redirect("review:record_form", pk=proposal.pk)
    context = _form_context(request, proposal, recording, draft, form, built, form.answers())
    context["not_saved"] = True
    return render(request, "review/result_form.html", context)


@requires("8")
@require_POST
def record_score(request, pk):
    """HTMX: the form's current answers in, the computed totals out. Never saves."""
    proposal = get_proposal_for_user(request.user, pk)
    recording = Recording(proposal)
    if not recording.possible:
        return HttpResponse(format_html('<p class="message message-error">{}</p>', recording.refusal))
    draft = queries.draft_result(proposal=proposal, stage=recording.stage)
    form, built = _build_form(proposal, recording, draft, data=request.POST)
    form.is_valid()
    return render(request, "review/result_totals.html", {
        "score": _score_view(form.answers(), built.definition, built.applicant),
        "is_rubric": recording.stage.form == StageForm.RUBRIC,
    })


# --- one result (row 9) -----------------------------------------------------------------------

@requires("9")
@require_GET
def result_detail(request, pk):
    result = queries.get_result_for_user(request.user, pk)
    conflicts = _conflicts_of([result])
    return render(request, "review/result_detail.html", {
        "result": result, "proposal": result.proposal,
        "view": printing.describe_result(result, conflicts=conflicts.get(result.pk)),
        "show_conflicts": has_row(request.user, "7"),
    })


@requires("9")
@require_GET
def result_print(request, pk):
    result = queries.get_result_for_user(request.user, pk)
    conflicts = _conflicts_of([result]) if has_row(request.user, "7") else {}
    language = "en" if (get_language() or "th").startswith("en") else "th"
    pdf = printing.render_result_pdf(result, language=language, conflicts=conflicts.get(result.pk))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{printing.pdf_filename(result)}"'
    return response
