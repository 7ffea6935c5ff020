"""The proposal page runs a constant number of queries however many revisions and attachments
the proposal has (spec 07: constant and ≤ 15)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phonlap.proposals import domain
from tests.factories import StaffFactory, signed_in

from .factories import pdf_upload, proposal_in


def _returned_again(proposal, pm, manager, times: int):
    """Round trips: next revision, another attachment, submit, return."""
    staff = StaffFactory()
    for n in range(times):
        proposal = domain.create_next_revision(actor=pm, proposal=proposal)
        domain.add_attachment(actor=pm, proposal=proposal, type="other", other_name=f"note {n}",
                              upload=pdf_upload(f"note{n}.pdf"))
        proposal = domain.submit_proposal(actor=manager, proposal=proposal).proposal
        proposal = domain.return_proposal(actor=staff, proposal=proposal, reason="again")
    return proposal


def _count(client, user, proposal) -> int:
    signed_in(client, user)
    client.get(reverse("home"))  # the first request of a session settles the account gate
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert response.status_code == 200
    return len(queries)


def test_detail_page_queries_do_not_grow_with_revisions_and_attachments(client, db):
    small, pm_small, _ = proposal_in("returned")
    large, pm_large, manager_large = proposal_in("returned")
    large = _returned_again(large, pm_large, manager_large, times=3)
    assert large.latest_revision_number == 4
    few, many = _count(client, pm_small, small), _count(client, pm_large, large)
    assert few == many, (few, many)
    assert many <= 15
