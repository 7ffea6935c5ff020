"""A frozen revision keeps section 2's target groups beside its content (the statistics group by
them without reading the content); the migration fills them for revisions frozen before."""

import importlib

import pytest
from django.db import connection

from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import ProposalRevision

from .factories import SECTION2, proposal_in

pytestmark = pytest.mark.django_db


def test_submitting_copies_the_target_groups():
    proposal, _pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    revision = proposal.revisions.get()
    assert revision.target_groups == SECTION2["target_groups"] == ["visual", "hearing"]


def test_content_without_a_list_of_groups_gives_none():
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    for number, content in enumerate(({"section2": {"target_groups": "visual"}},
                                      {"section2": "garbage"}, []), start=2):
        revision = ProposalRevision.objects.create(proposal=proposal, number=number,
                                                   content=content, submitted_by=pm)
        assert revision.target_groups == []


def test_the_migration_fills_revisions_frozen_before_the_column():
    proposal, _pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    migration = importlib.import_module("phonlap.proposals.migrations.0004_revision_target_groups")
    with connection.cursor() as cursor:  # revisions are read-only to the ORM: as before 0004
        cursor.execute("UPDATE proposals_proposalrevision SET target_groups = '[]'")
        assert proposal.revisions.get().target_groups == []
        cursor.execute(migration.FILL[connection.vendor])
    assert proposal.revisions.get().target_groups == ["visual", "hearing"]
