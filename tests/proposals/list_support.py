"""Quick proposals for the list tests: created through ``domain.create_proposal`` (number, scope,
audit as in real life), then put in a fixture state (name, status, submission date, budget) with
one UPDATE, the way the review issue's stages will leave them. Building 30 complete proposals
through every domain step would make the query-count tests slow without testing more."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from phonlap.proposals import domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal

from .factories import disability_fund


def make(pm, organisation, *, name="", status=ProposalStatus.DRAFT, submitted: datetime.date | None = None,
         fund=None, call=None, budget=None) -> Proposal:
    fund = fund or (call.fund if call else disability_fund())
    proposal = domain.create_proposal(actor=pm, organisation=organisation, fund=fund, call=call)
    changes = {"name": name, "status": status}
    if submitted is not None:
        zone = timezone.get_current_timezone()
        changes["submitted_at"] = datetime.datetime.combine(submitted, datetime.time(10, 30), zone)
        changes["latest_revision_number"] = 1
    if budget is not None:
        changes["requested_budget"] = Decimal(budget)
    if status == ProposalStatus.IN_REVIEW:
        changes["current_stage"] = domain.entry_stage(fund)  # where a submission puts it
    Proposal.objects.filter(pk=proposal.pk).update(**changes)
    proposal.refresh_from_db()
    return proposal
