"""Recording a stage's result (spec 03 §2.12): one function, ``record_stage_result``.

"Save" keeps a draft (editable by staff, invisible to the applicant); "submit" is final: the
result can never be edited again, the proposal moves on per its fund's pipeline (next stage,
approval and a funded project, a return for revision, or a rejection), the agenda item is
decided, and the project manager and the organisation's managers are notified after commit.

Scores are computed here by ``review.scoring`` from the recorded answers, with the rubric
version the stage holds when the result is first saved; nobody types a total.

Concurrency: the proposal row is locked first, so two staff recording the same stage at once
are serialised; the second sees the first's result (a draft → it must carry the draft's
``lock_version`` or it is told someone saved meanwhile; a submitted result → refused). The
unique constraint on (revision, stage) backs this up at the database."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.enums import Scope
from phonlap.core import audit
from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.funds.models import FailureRoute, ReviewStage, StageForm
from phonlap.monitoring.domain import start_funded_project
from phonlap.proposals import domain as proposal_domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal, ProposalRevision

from .. import scoring
from ..enums import ALLOWED_RESULT_TRANSITIONS, MOVING_ON, OUTCOMES_BY_FORM, Outcome, ResultStatus
from ..models import AgendaItem, StageResult
from . import notices


class StaleResult(InvalidTransition):
    default_message = _("Someone else saved this result while you were editing it. Reload the "
                        "page to see their version, then make your changes again.")


def can_record_results(user) -> bool:
    return Scope.ALL in allowed_scopes(user, "8")


def set_result_state(result: StageResult, new_status: str) -> None:
    """The one place a result's status changes."""
    if new_status not in ALLOWED_RESULT_TRANSITIONS[result.status]:
        raise InvalidTransition(_("This result has already been submitted; it cannot be changed."))
    result.status = new_status


def applicant_type(proposal: Proposal) -> str:
    """The applicant type rubrics switch on (rubric B: government or private)."""
    return proposal.organisation.kind or "private"


def _locked(proposal: Proposal) -> Proposal:
    return (Proposal.objects.select_for_update(of=("self",))
            .select_related("fund", "organisation", "created_by", "current_stage",
                            "current_stage__rubric")
            .get(pk=proposal.pk))


def _stage_of(proposal: Proposal, stage: ReviewStage | None) -> ReviewStage:
    if proposal.deleted_at is not None or proposal.status != ProposalStatus.IN_REVIEW \
            or proposal.current_stage is None:
        raise InvalidTransition(_("This proposal is not in review, so no result can be recorded."))
    if stage is not None and stage.pk != proposal.current_stage_id:
        raise InvalidTransition(
            _("The proposal is at the stage “%(current)s”, not “%(stage)s”: results are recorded "
              "for the stage it is in.") % {"current": proposal.current_stage.name, "stage": stage.name})
    return proposal.current_stage


def open_agenda_item(proposal: Proposal, stage: ReviewStage) -> AgendaItem | None:
    return (AgendaItem.objects.select_related("session")
            .filter(proposal=proposal, decided_at__isnull=True, session__stage=stage,
                    revision__number=proposal.latest_revision_number).first())


def _money(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("Enter an amount in baht, e.g. 150000.00."), field=field) from None
    if not amount.is_finite() or amount <= 0 or amount.as_tuple().exponent < -2 \
            or amount >= Decimal("1e12"):
        raise ValidationFailed(_("Enter an amount in baht greater than zero, with at most two "
                                 "decimal places."), field=field)
    return amount


def _problems_failure(problems) -> ValidationFailed:
    exc = ValidationFailed(_("Some answers are not valid: %(count)s to correct.")
                           % {"count": len(problems)})
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(f"item-{problem.item_id}", []).append(scoring_message(problem))
    exc.errors = errors
    return exc


def scoring_message(problem) -> str:
    """A scoring problem in the reader's language."""
    messages = {
        "over_cap": _("The score is above what this item allows (at most %(cap)s)."),
        "negative": _("The score cannot be below zero."),
        "not_a_number": _("Enter the score as a number, e.g. 12 or 12.5."),
        "too_precise": _("Use at most two decimal places."),
        "unknown_option": _("Choose one of the options listed."),
        "unknown_indicator": _("Tick only the indications listed."),
        "unknown_choice": _("Choose one of the options listed."),
        "missing": _("This item must be answered before the result is submitted."),
    }
    template = messages.get(problem.code)
    if template is None:
        return str(problem.message_en)
    try:
        return str(template) % dict(problem.params or {})
    except (KeyError, TypeError, ValueError):
        return str(template).split("(")[0].strip()


@transaction.atomic
def record_stage_result(*, actor, proposal: Proposal, stage: ReviewStage | None = None,
                        answers: dict | None = None, outcome: str = "", advice: str = "",
                        approved_amount=None, signed_off_on: datetime.date | None = None,
                        lock_version: int | None = None, submit: bool = False,
                        ip: str | None = None) -> StageResult:
    """Save (``submit=False``) or submit the result of the stage the proposal is in.

    Refuses, changing nothing: a user without row 8 (committee members included); a proposal
    not in review or at another stage; a meeting stage with no open agenda item for the
    proposal; a result already submitted; a stale ``lock_version``; an outcome the stage's form
    does not offer; answers outside the rubric's caps; on submit, an incomplete rubric or an
    approval without amount and sign-off date."""
    if not can_record_results(actor):
        raise PermissionDenied(_("Only fund staff record review results."))
    proposal = _locked(proposal)
    stage = _stage_of(proposal, stage)
    item = open_agenda_item(proposal, stage) if stage.is_meeting else None
    if stage.is_meeting and item is None:
        raise InvalidTransition(_("Put the proposal on the agenda of a session of this stage "
                                  "before recording its result."))
    revision = ProposalRevision.objects.get(proposal=proposal, number=proposal.latest_revision_number)
    result = (StageResult.objects.select_for_update(of=("self",)).select_related("rubric")
              .filter(revision=revision, stage=stage, status=ResultStatus.DRAFT).first())
    if result is None:
        if StageResult.objects.filter(revision=revision, stage=stage,
                                      status=ResultStatus.SUBMITTED).exclude(
                outcome=Outcome.NOT_CONSIDERED).exists():
            raise InvalidTransition(_("The result of this stage has already been submitted."))
        if lock_version not in (None, 0):
            raise StaleResult()
        result = StageResult(
            proposal=proposal, revision=revision, stage=stage, stage_order=stage.order,
            stage_name_th=stage.name_th, stage_name_en=stage.name_en, stage_form=stage.form,
            rubric=stage.rubric, applicant_type=applicant_type(proposal), recorded_by=actor,
            entered_stage_at=proposal.stage_entered_at,
        )
    elif lock_version is not None and lock_version != result.lock_version:
        raise StaleResult()
    if item is not None:
        result.session_id, result.agenda_item = item.session_id, item

    answers = answers if isinstance(answers, dict) else {}
    computed = None
    if result.rubric is not None:
        computed = scoring.score(result.rubric.definition, answers, result.applicant_type,
                                 require_complete=submit and stage.form == StageForm.RUBRIC
                                 and outcome != Outcome.NOT_CONSIDERED)
        if computed.problems:
            raise _problems_failure(computed.problems)
        # Scores only where there is something to score: a checklist of gates (screening) has
        # no maximum, and a proposal the meeting did not consider has no score at all.
        scored = computed.maximum > 0 and outcome != Outcome.NOT_CONSIDERED
        result.total = computed.total if scored else None
        result.maximum = computed.maximum if scored else None
        result.percentage = computed.percentage if scored else None
        result.grade = (computed.grade or {}).get("code", "") if scored else ""
        result.rubric_passed = computed.passed if outcome != Outcome.NOT_CONSIDERED else None
    outcome = _decide_outcome(stage, outcome, computed, submit=submit)
    amount = _money(approved_amount, "approved_amount")
    if submit and outcome == Outcome.APPROVED:
        _check_approval(revision, amount, signed_off_on)
    result.answers, result.outcome, result.advice = answers, outcome, (advice or "").strip()
    result.approved_amount = amount if stage.form == StageForm.APPROVAL else None
    result.signed_off_on = signed_off_on if stage.form == StageForm.APPROVAL else None
    now = timezone.now()
    result.updated_at = now
    is_new = result.pk is None
    if not is_new:
        result.lock_version += 1
    if submit:
        set_result_state(result, ResultStatus.SUBMITTED)
        result.submitted_by, result.submitted_at = actor, now
    result.save()
    audit.state_change(actor=actor, action="result.submit" if submit else "result.save", obj=result,
                       ip=ip, proposal=proposal.number, revision=revision.number, stage=stage.code,
                       outcome=outcome, total=str(result.total) if result.total is not None else "")
    if submit:
        _move_on(actor=actor, proposal=proposal, revision=revision, stage=stage, result=result,
                 item=item, ip=ip)
    return result


def _decide_outcome(stage: ReviewStage, outcome: str, computed, *, submit: bool) -> str:
    """The outcome to store. A rubric stage's pass or fail is the rubric's (computed, never
    chosen); the meeting may only set a proposal aside ("not considered")."""
    offered = OUTCOMES_BY_FORM[stage.form]
    if outcome and outcome not in offered:
        raise ValidationFailed(_("Choose one of the results this stage offers."), field="outcome")
    if stage.form == StageForm.RUBRIC and outcome != Outcome.NOT_CONSIDERED and computed is not None:
        if submit or outcome:
            return Outcome.PASSED if computed.passed else Outcome.NOT_PASSED
        return ""
    if submit and not outcome:
        raise ValidationFailed(_("Choose the result before submitting it."), field="outcome")
    return outcome


def _check_approval(revision: ProposalRevision, amount, signed_off_on) -> None:
    if amount is None:
        raise ValidationFailed(_("Enter the approved amount."), field="approved_amount")
    if revision.requested_budget is not None and amount > revision.requested_budget:
        raise ValidationFailed(
            _("The approved amount cannot exceed the requested budget (%(budget)s baht).")
            % {"budget": f"{revision.requested_budget:,.2f}"}, field="approved_amount")
    if signed_off_on is None:
        raise ValidationFailed(_("Enter the date of the fund chair's sign-off."), field="signed_off_on")
    if signed_off_on > timezone.localdate():
        raise ValidationFailed(_("The sign-off date cannot be in the future."), field="signed_off_on")


def _next_stage(stage: ReviewStage) -> ReviewStage | None:
    return (ReviewStage.objects.active().filter(fund_id=stage.fund_id, order__gt=stage.order)
            .order_by("order").first())


def _move_on(*, actor, proposal, revision, stage, result, item, ip) -> None:
    """Apply a submitted result to the proposal per the pipeline."""
    if item is not None:
        item.decided_at = result.submitted_at
        item.save(update_fields=["decided_at"])
    outcome = result.outcome
    reason = result.advice
    if outcome == Outcome.NOT_CONSIDERED:
        # Stays at this stage, waiting for another session's agenda.
        notices.result_recorded(proposal=proposal, result=result)
        return
    if outcome in MOVING_ON:
        following = _next_stage(stage)
        if following is not None:
            proposal_domain.enter_stage(proposal=proposal, stage=following)
            notices.result_recorded(proposal=proposal, result=result)
            return
        proposal_domain.approve_proposal(actor=actor, proposal=proposal, reason=reason, ip=ip)
        start_funded_project(
            actor=actor, proposal=proposal, revision=revision,
            approved_amount=result.approved_amount or revision.requested_budget,
            signed_off_on=result.signed_off_on or timezone.localdate(), ip=ip,
        )
        return
    route = stage.on_fail
    if outcome == Outcome.NOT_PASSED_DOCUMENTS:
        route = FailureRoute.RETURNED  # missing documents are always sent back to be completed
    if route == FailureRoute.REJECTED:
        proposal_domain.reject_proposal(actor=actor, proposal=proposal, reason=reason, ip=ip)
    elif route == FailureRoute.NOT_PASSED:
        proposal_domain.fail_proposal(actor=actor, proposal=proposal, reason=reason, ip=ip)
    else:
        proposal_domain.return_proposal(actor=actor, proposal=proposal, reason=reason, ip=ip)


