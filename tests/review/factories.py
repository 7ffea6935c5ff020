"""Review fixtures: proposals in review, sessions with members and agenda, and answers that
pass or fail a rubric, all reached through the domain functions where a state changes."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from phonlap.funds.models import Fund, ReviewStage
from phonlap.proposals.enums import ProposalStatus
from phonlap.review.domain import results
from phonlap.review.enums import SessionRole
from phonlap.review.models import AgendaItem, EvaluationSession, SessionMember
from tests.factories import CommitteeFactory, StaffFactory
from tests.proposals.factories import proposal_in


def disability_fund() -> Fund:
    return Fund.objects.get(code="disability-education")


def se_fund() -> Fund:
    return Fund.objects.get(code="se-promotion")


def stage_of(fund: Fund, code: str) -> ReviewStage:
    return fund.stages.get(code=code)


def in_review(**kwargs):
    """(proposal, pm, manager): a submitted proposal at screening."""
    return proposal_in(ProposalStatus.IN_REVIEW, **kwargs)


def make_session(stage: ReviewStage, *, proposals=(), chair=None, secretary=None, members=(),
                 starts_at=None, created_by=None, name="") -> EvaluationSession:
    """A session built directly (the session domain has its own tests)."""
    staff = created_by or StaffFactory()
    session = EvaluationSession.objects.create(
        fund=stage.fund, stage=stage, name=name or f"Meeting of {stage.name_en}",
        starts_at=starts_at or timezone.now() + datetime.timedelta(days=7), created_by=staff,
    )
    SessionMember.objects.create(session=session, user=chair or CommitteeFactory(),
                                 role=SessionRole.CHAIR)
    SessionMember.objects.create(session=session, user=secretary or CommitteeFactory(),
                                 role=SessionRole.SECRETARY)
    for member in members or [CommitteeFactory()]:
        SessionMember.objects.create(session=session, user=member, role=SessionRole.MEMBER)
    for position, proposal in enumerate(proposals):
        AgendaItem.objects.create(session=session, proposal=proposal,
                                  revision=proposal.revisions.get(number=proposal.latest_revision_number),
                                  position=position, added_by=staff)
    return session


# --- answers ---------------------------------------------------------------------------------

def full_answers(definition: dict, applicant_type: str = "private") -> dict:
    """The best answer to every item (the maximum score, every gate passed)."""
    answers = {}
    for item in definition["items"]:
        kind = item["kind"]
        if kind == "gate":
            answers[item["id"]] = {"checks": {c["id"]: True for c in item["checks"]}}
        elif kind == "indicator_count":
            answers[item["id"]] = {"present": True, "indicators": [i["id"] for i in item["indicators"]]}
        elif kind == "choice":
            best = max(item["options"], key=lambda o: Decimal(str(o["points"])))
            answers[item["id"]] = {"option": best["id"]}
        elif kind == "bounded":
            choices = item.get("choices") or []
            if choices:
                best = max(choices, key=lambda c: Decimal(str(c["cap"])))
                answers[item["id"]] = {"choice": best["id"], "value": str(best["cap"])}
            else:
                answers[item["id"]] = {"value": str(item["max"])}
        elif kind == "text":
            answers[item["id"]] = {"text": "Good work."}
    return answers


def failing_answers(definition: dict) -> dict:
    """Every indicator-count item answered "no" (0 points), other items at their best."""
    answers = full_answers(definition)
    for item in definition["items"]:
        if item["kind"] == "indicator_count":
            answers[item["id"]] = {"present": False, "indicators": []}
    return answers


# --- moving a proposal along -----------------------------------------------------------------

def screen(proposal, *, outcome="passed", staff=None, **kwargs):
    return results.record_stage_result(actor=staff or StaffFactory(), proposal=proposal,
                                       outcome=outcome, submit=True, **kwargs)


def decide_meeting(proposal, *, passing=True, staff=None, session=None, **kwargs):
    """Put the proposal on a session of its current stage (unless given) and submit a result."""
    proposal.refresh_from_db()
    stage = proposal.current_stage
    if session is None:
        make_session(stage, proposals=[proposal])
    if stage.form == "approval":
        kwargs.setdefault("outcome", "approved" if passing else "rejected")
        if passing:
            kwargs.setdefault("approved_amount", proposal.requested_budget)
            kwargs.setdefault("signed_off_on", timezone.localdate())
        return results.record_stage_result(actor=staff or StaffFactory(), proposal=proposal,
                                           submit=True, **kwargs)
    definition = stage.rubric.definition
    answers = full_answers(definition) if passing else failing_answers(definition)
    return results.record_stage_result(actor=staff or StaffFactory(), proposal=proposal,
                                       answers=answers, submit=True, **kwargs)


def advance_to(proposal, code: str):
    """Pass the proposal through every stage before the one called ``code``."""
    proposal.refresh_from_db()
    while proposal.current_stage.code != code:
        if proposal.current_stage.is_meeting:
            decide_meeting(proposal)
        else:
            screen(proposal)
        proposal.refresh_from_db()
    return proposal
