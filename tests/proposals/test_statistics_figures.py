"""A proposal carries copies of its revisions' figures for the statistics (spec 03 "Statistics":
counted in the fiscal year of its first submission, with the budget and target groups of its
latest submitted revision): written as each revision is frozen, never by a new draft's edits;
the migration fills them for proposals submitted before the columns."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from phonlap.core import fiscal
from phonlap.proposals import domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal, ProposalRevision
from tests.factories import StaffFactory

from .factories import proposal_in

pytestmark = pytest.mark.django_db

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


def _figures(proposal: Proposal) -> tuple:
    proposal = Proposal.objects.get(pk=proposal.pk)
    return (proposal.first_submitted_at, proposal.first_fiscal_year, proposal.submitted_budget,
            proposal.submitted_target_groups)


def test_the_first_submission_sets_every_copy():
    proposal, _pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    revision = proposal.revisions.get()
    first_year = fiscal.fiscal_year(timezone.localdate(revision.submitted_at))
    assert _figures(proposal) == (revision.submitted_at, first_year, Decimal("100000.00"),
                                  ["visual", "hearing"])
    # The instance the domain function holds follows too.
    assert proposal.submitted_budget == Decimal("100000.00")


def test_a_new_draft_changes_nothing_until_it_is_submitted():
    proposal, pm, manager = proposal_in(ProposalStatus.RETURNED)
    before = _figures(proposal)
    proposal = domain.create_next_revision(actor=pm, proposal=proposal)
    Proposal.objects.filter(pk=proposal.pk).update(requested_budget=Decimal("80000.00"))
    assert _figures(proposal) == before
    proposal.refresh_from_db()
    domain.submit_proposal(actor=manager, proposal=proposal)
    first_at, first_year, budget, groups = _figures(proposal)
    # The first submission still fixes the fiscal year; the budget is the new revision's.
    assert (first_at, first_year) == before[:2]
    assert budget == Decimal("80000.00")
    assert groups == ["visual", "hearing"]


def test_a_later_revision_replaces_the_budget_and_groups_but_not_the_first_submission():
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    before = _figures(proposal)
    ProposalRevision.objects.create(
        proposal=proposal, number=2, content={"section2": {"target_groups": ["elderly"]}},
        requested_budget=Decimal("5.50"), submitted_by=pm,
        submitted_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    assert _figures(proposal) == (*before[:2], Decimal("5.50"), ["elderly"])


@pytest.mark.parametrize(("submitted", "year"), [
    (datetime.datetime(2025, 10, 1, 0, 30, tzinfo=BANGKOK), 2569),  # 30 Sep 17:30 UTC
    (datetime.datetime(2025, 9, 30, 23, 59, tzinfo=BANGKOK), 2568),
    (datetime.datetime(2026, 9, 30, 23, 59, tzinfo=BANGKOK), 2569),
])
def test_the_fiscal_year_begins_on_1_october_in_thai_time(submitted, year):
    proposal, pm, _manager = proposal_in(ProposalStatus.DRAFT)
    ProposalRevision.objects.create(proposal=proposal, number=1, content={},
                                    requested_budget=None, submitted_by=pm, submitted_at=submitted)
    assert _figures(proposal)[:3] == (submitted, year, None)


@pytest.mark.parametrize(("submitted", "year"), [
    (datetime.datetime(2025, 10, 1, 0, 30, tzinfo=BANGKOK), 2569),
    (datetime.datetime(2025, 9, 30, 23, 59, tzinfo=BANGKOK), 2568),
])
def test_the_migration_fills_proposals_submitted_before_the_columns(submitted, year):
    proposal, manager_pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    domain.return_proposal(actor=StaffFactory(), proposal=proposal, reason="Fix it")
    ProposalRevision.objects.create(
        proposal=proposal, number=2, content={"section2": {"target_groups": ["elderly"]}},
        requested_budget=Decimal("7.00"), submitted_by=manager_pm)
    Proposal.objects.filter(pk=proposal.pk).update(latest_revision_number=2)
    never_submitted, _pm, _m = proposal_in(ProposalStatus.DRAFT)
    migration = importlib.import_module("phonlap.proposals.migrations.0005_statistics_figures")
    with connection.cursor() as cursor:  # as before 0005: revisions exist, the copies do not
        cursor.execute("UPDATE proposals_proposalrevision SET submitted_at = %s "
                       "WHERE proposal_id = %s AND number = 1", [submitted, proposal.pk])
        cursor.execute("UPDATE proposals_proposal SET first_submitted_at = NULL, "
                       "first_fiscal_year = NULL, submitted_budget = NULL, "
                       "submitted_target_groups = '[]'")
        cursor.execute(migration.COPY)
        cursor.execute(migration.FISCAL_YEAR[connection.vendor])
    assert _figures(proposal) == (submitted, year, Decimal("7.00"), ["elderly"])
    assert _figures(never_submitted) == (None, None, None, [])
