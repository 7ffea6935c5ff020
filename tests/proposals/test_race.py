"""Two managers pressing "submit" at the same moment, on real concurrent connections
(PostgreSQL: row locks are real there; SQLite serialises writers anyway)."""

import threading

import pytest
from django.db import connection

from phonlap.core.exceptions import InvalidTransition
from phonlap.proposals import domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal, ProposalRevision
from tests.organisations.factories import MembershipFactory

from .factories import proposal_in


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_submitting_at_once_make_exactly_one_revision():
    proposal, _pm, manager = proposal_in(ProposalStatus.DRAFT)
    second = MembershipFactory(organisation=proposal.organisation, is_manager=True).user
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(actor):
        from django.db import connections

        try:
            stale = Proposal.objects.get(pk=proposal.pk)
            barrier.wait(timeout=10)
            domain.submit_proposal(actor=actor, proposal=stale)
            outcomes.append("submitted")
        except InvalidTransition:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(user,)) for user in (manager, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "submitted"]
    assert ProposalRevision.objects.filter(proposal=proposal).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).latest_revision_number == 1
    connection.close()
