"""Writes of the monitoring module. Review calls :func:`start_funded_project` when the board
approves (review → monitoring, never the reverse)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from phonlap.core import audit
from phonlap.proposals.models import Proposal, ProposalRevision

from .models import FundedProject


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@transaction.atomic
def start_funded_project(*, actor, proposal: Proposal, revision: ProposalRevision,
                         approved_amount: Decimal, signed_off_on: datetime.date,
                         ip: str | None = None) -> FundedProject:
    """Create the funded project of an approved revision. Called inside the review's approval
    transaction, which has already checked the permission (row 8) and locked the proposal;
    a proposal has at most one funded project (the one-to-one key guarantees it)."""
    content = (revision.content or {}).get("section2") or {}
    project = FundedProject.objects.create(
        proposal=proposal, revision=revision, fund_id=proposal.fund_id,
        organisation_id=proposal.organisation_id, number=proposal.number,
        name=revision.name or proposal.name, approved_amount=approved_amount,
        signed_off_on=signed_off_on, period_start=_date(content.get("period_start")),
        period_end=_date(content.get("period_end")), created_by=actor,
    )
    audit.state_change(actor=actor, action="funded_project.start", obj=project, ip=ip,
                       proposal=proposal.number, revision=revision.number,
                       approved_amount=str(approved_amount))
    return project
