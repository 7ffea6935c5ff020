"""Who sees which proposal: lists, the access function (same 404 for missing, deleted and
forbidden), revisions, attachments, diffs between revisions."""

import pytest
from django.http import Http404

from phonlap.proposals import domain, queries
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.messages import describe_change, field_label
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory
from tests.organisations.factories import MembershipFactory

from .factories import pdf_upload, proposal_in, team

pytestmark = pytest.mark.django_db


def visible(user):
    return set(queries.proposals_for_user(user).values_list("pk", flat=True))


def test_each_role_sees_its_scope():
    mine, pm, manager = proposal_in(ProposalStatus.DRAFT)
    colleague = MembershipFactory(organisation=mine.organisation).user
    colleagues, _pm, _m = proposal_in(ProposalStatus.DRAFT)
    theirs = domain.create_proposal(actor=colleague, organisation=mine.organisation, fund=mine.fund)
    assert visible(pm) == {mine.pk}
    assert visible(colleague) == {theirs.pk}
    assert visible(manager) == {mine.pk, theirs.pk}
    assert visible(StaffFactory()) >= {mine.pk, theirs.pk, colleagues.pk}
    assert visible(SuperUserFactory()) >= {mine.pk, theirs.pk, colleagues.pk}
    assert visible(CommitteeFactory()) == set()  # sessions come with the review issue
    assert visible(UserFactory()) == set()


def test_the_access_function_gives_the_same_404_for_missing_forbidden_and_deleted():
    proposal, pm, manager = proposal_in(ProposalStatus.DRAFT)
    assert queries.get_proposal_for_user(pm, proposal.pk) == proposal
    assert queries.get_proposal_for_user(manager, str(proposal.pk)) == proposal
    outsider = team()[1]  # a manager of another organisation
    for user, pk in ((outsider, proposal.pk), (pm, 999999), (pm, "abc"),
                     (CommitteeFactory(), proposal.pk)):
        with pytest.raises(Http404):
            queries.get_proposal_for_user(user, pk)
    domain.delete_draft(actor=pm, proposal=proposal)
    with pytest.raises(Http404):
        queries.get_proposal_for_user(pm, proposal.pk)
    with pytest.raises(Http404):  # the PM may not restore (row 2.5)
        queries.get_proposal_for_user(pm, proposal.pk, for_restore=True)
    assert queries.get_proposal_for_user(manager, proposal.pk, for_restore=True) == proposal
    restorable = queries.deleted_proposals_for_user(StaffFactory()).values_list("pk", flat=True)
    assert proposal.pk in set(restorable)
    assert not queries.deleted_proposals_for_user(outsider).exists()


def test_revisions_and_attachments_through_the_proposal():
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    revision = queries.get_revision_for_user(pm, proposal.pk, 1)
    assert revision.number == 1
    with pytest.raises(Http404):
        queries.get_revision_for_user(pm, proposal.pk, 2)
    with pytest.raises(Http404):
        queries.get_revision_for_user(team()[1], proposal.pk, 1)
    attachment = revision.attachments.first()
    assert queries.get_attachment_for_user(StaffFactory(), attachment.pk) == attachment
    for user in (team()[1], UserFactory(), CommitteeFactory()):
        with pytest.raises(Http404):
            queries.get_attachment_for_user(user, attachment.pk)


def test_a_readable_diff_between_two_revisions():
    proposal, pm, manager = proposal_in(ProposalStatus.RETURNED)
    proposal = domain.create_next_revision(actor=pm, proposal=proposal)
    assert queries.draft_diff(proposal) == []
    proposal = domain.save_section(actor=pm, proposal=proposal, section=2, data={
        "name": "Better name",
        "steps": [{"name": "Preparation", "activities": [
            {"description": "Plan the course", "start": "2026-01-01", "end": "2026-01-31",
             "budget": "25000"}]},
            {"name": "Training", "activities": [
                {"description": "Workshop 1", "start": "2026-02-01", "end": "2026-02-03",
                 "budget": "45000"},
                {"description": "Workshop 2", "start": "2026-03-01", "end": "2026-03-03",
                 "budget": "30000"}]}],
    })
    domain.add_attachment(actor=pm, proposal=proposal, type="other", other_name="Letter of support",
                          upload=pdf_upload("letter.pdf"))
    assert [c.path for c in queries.draft_diff(proposal)][:1] == ["section2.name"]
    domain.submit_proposal(actor=manager, proposal=proposal)
    assert queries.diff_revisions(proposal, 1, 1) == []
    changes = queries.diff_revisions(proposal, 1, 2)
    lines = [describe_change(c) for c in changes]
    first_name = proposal.revisions.get(number=1).name
    assert lines[0] == f"Section 2: the project › Name: “{first_name}” → “Better name”"
    assert ("Section 2: the project › Step 1 › Activity 1 › Budget (baht): "
            "“20000.00” → “25000.00”") in lines
    assert any(c.kind == "added" and "Letter of support: letter.pdf" in str(c.new) for c in changes)
    with pytest.raises(Http404):
        queries.diff_revisions(proposal, 1, 3)


def test_field_labels():
    assert field_label("section1.fund_history.times") == (
        "Section 1: organisation › History with this fund › Number of times")
    assert field_label("section2.indicators[1].unit") == "Section 2: the project › Indicator 2 › Unit"


def test_list_queries_are_planned(django_assert_max_num_queries):
    for _ in range(3):
        proposal_in(ProposalStatus.DRAFT)
    staff = StaffFactory()
    queries.proposals_for_user(staff).count()  # warm the permission matrix cache
    with django_assert_max_num_queries(3):
        for p in queries.proposals_for_user(staff):
            (p.fund.name, p.organisation.name, p.created_by.email, p.call)
