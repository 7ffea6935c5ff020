"""Proposals for the statistics tests: submitted through the domain with a chosen budget,
target groups, province, call and first-submission time."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from phonlap.core import fiscal
from phonlap.funds.models import Call
from phonlap.organisations.models import Subdistrict
from phonlap.proposals import domain
from phonlap.proposals.models import Proposal, ProposalRevision
from phonlap.review.models import StageResult
from tests.factories import StaffFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory, manager_of
from tests.proposals.factories import SECTION2, pdf_upload, sections
from tests.review.factories import disability_fund

BANGKOK, CHIANG_MAI = "10", "50"


def bangkok_time(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


def organisation_in(province: str | None):
    if province is None:
        return OrganisationFactory(subdistrict_id=None, postcode="")
    subdistrict = Subdistrict.objects.filter(district__province_id=province).order_by("code").first()
    return OrganisationFactory(subdistrict_id=subdistrict.code, postcode=subdistrict.postcode)


def section2(budget: str, groups: list[str]) -> dict:
    data = copy.deepcopy(SECTION2)
    data["target_groups"] = list(groups)
    data["requested_budget"] = budget
    data["steps"] = [{"name": "Work", "activities": [
        {"description": "The whole project", "start": "2026-01-01", "end": "2026-03-31",
         "budget": budget}]}]
    return data


def open_call(fund, name="Round 1") -> Call:
    today = timezone.localdate()
    return Call.objects.create(fund=fund, name_th=name, name_en=name,
                               opens_on=today - datetime.timedelta(days=30),
                               closes_on=today + datetime.timedelta(days=30))


def draft(*, fund=None, budget="100000.00", groups=("visual",), province=BANGKOK, call=None):
    """A complete draft (returns proposal, pm, manager)."""
    fund = fund or disability_fund()
    manager, organisation = manager_of(organisation_in(province))
    pm = MembershipFactory(organisation=organisation).user
    proposal = domain.create_proposal(actor=pm, organisation=organisation, fund=fund, call=call)
    data = sections()
    data[2] = section2(budget, list(groups))
    for n, values in data.items():
        proposal = domain.save_section(actor=pm, proposal=proposal, section=n, data=values)
    for kind in fund.required_attachment_types:
        domain.add_attachment(actor=pm, proposal=proposal, type=kind, upload=pdf_upload(f"{kind}.pdf"))
    return proposal, pm, manager


def submitted(*, at: datetime.datetime | None = None, **kwargs) -> Proposal:
    """A submitted proposal (in review at screening), first submitted ``at`` if given."""
    proposal, _pm, manager = draft(**kwargs)
    domain.submit_proposal(actor=manager, proposal=proposal)
    if at is not None:
        set_submitted(proposal, 1, at)
    proposal.refresh_from_db()
    proposal.team = (_pm, manager)
    return proposal


def set_submitted(proposal, number: int, at: datetime.datetime) -> None:
    """Move a revision's submission time (revisions are read-only to the application), and the
    proposal's copy of its first one."""
    QuerySet(model=ProposalRevision).filter(proposal=proposal, number=number).update(submitted_at=at)
    if number == 1:
        Proposal.objects.filter(pk=proposal.pk).update(
            first_submitted_at=at, first_fiscal_year=fiscal.fiscal_year(timezone.localdate(at)))


def returned(proposal) -> Proposal:
    domain.return_proposal(actor=StaffFactory(), proposal=proposal, reason="Fix it")
    proposal.refresh_from_db()
    return proposal


def next_revision(proposal, *, budget: str, groups: list[str]) -> Proposal:
    """Start the next revision and change its budget and target groups (not submitted)."""
    pm, _manager = proposal.team
    proposal = domain.create_next_revision(actor=pm, proposal=proposal)
    return domain.save_section(actor=pm, proposal=proposal, section=2, data=section2(budget, groups))


def set_duration(proposal, stage_code: str, days: float) -> None:
    """Make the submitted result of ``stage_code`` take ``days`` from entering the stage."""
    result = StageResult.objects.get(proposal=proposal, stage__code=stage_code, status="submitted")
    start = bangkok_time(2025, 1, 6, 9, 0)
    StageResult.objects.filter(pk=result.pk).update(
        entered_stage_at=start, submitted_at=start + datetime.timedelta(days=days))


def money(text: str) -> Decimal:
    return Decimal(text)
