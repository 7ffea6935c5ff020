"""The demo data holds a proposal in every state of spec 02, built through the domain."""

import pytest

from phonlap.demo.loader import load_demo
from phonlap.proposals.models import Proposal, ProposalRevision

pytestmark = pytest.mark.django_db


def test_demo_proposals_in_every_state_and_idempotent(settings):
    settings.DEMO_MODE = True
    load_demo()
    statuses = sorted(Proposal.objects.values_list("status", flat=True))
    assert statuses == ["draft", "draft", "in_review", "not_passed", "returned"]
    assert ProposalRevision.objects.count() == 3
    ready = Proposal.objects.get(status="draft", sections_saved=[1, 2, 3])
    assert ready.submission_requested_at is not None and ready.attachments.count() == 3
    assert Proposal.objects.get(status="not_passed").number.startswith("SEF-")
    load_demo()
    assert Proposal.objects.count() == 5
