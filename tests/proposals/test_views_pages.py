"""Proposal pages: who sees what (row 2.2 and the others), the detail page's actions, the
revision and diff pages, deleting and restoring."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phonlap.proposals import domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal
from tests.factories import CommitteeFactory, StaffFactory, signed_in
from tests.proposals.factories import draft, proposal_in, team

pytestmark = pytest.mark.django_db


def _detail(proposal):
    return reverse("proposals:detail", kwargs={"pk": proposal.pk})


def test_detail_per_role(client):
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    other_pm, _other_manager, _other_org = team()
    colleague = team(organisation)[0]  # another project manager of the same organisation
    cases = [(pm, 200), (manager, 200), (StaffFactory(), 200), (other_pm, 404), (_other_manager, 404),
             (colleague, 404), (CommitteeFactory(), 404)]
    for user, status in cases:
        client.logout()
        assert signed_in(client, user).get(_detail(proposal)).status_code == status, user


def test_anonymous_is_sent_to_sign_in(client):
    proposal = draft()
    response = client.get(_detail(proposal))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_missing_proposal_is_404(client):
    pm, _manager, _org = team()
    assert signed_in(client, pm).get(reverse("proposals:detail", kwargs={"pk": 999999})).status_code == 404


def test_detail_shows_status_in_words_and_the_actions_of_a_project_manager(client):
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    page = signed_in(client, pm).get(_detail(proposal)).content.decode()
    assert "Status: Draft" in page
    assert proposal.number in page
    assert "Edit the draft" in page
    assert "Ask the organisation manager to submit" in page
    assert reverse("proposals:submit", kwargs={"pk": proposal.pk}) not in page
    assert "Delete the draft" in page
    assert "items are missing before it can be submitted" in page


def test_detail_actions_of_an_organisation_manager_and_of_staff(client):
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation, complete=True)
    page = signed_in(client, manager).get(_detail(proposal)).content.decode()
    assert reverse("proposals:submit", kwargs={"pk": proposal.pk}) in page
    assert "Ask the organisation manager to submit" not in page
    assert "The proposal is complete and can be submitted." in page
    client.logout()
    page = signed_in(client, StaffFactory()).get(_detail(proposal)).content.decode()
    for words in ("Edit the draft", "Submit to the fund", "Delete the draft"):
        assert words not in page


def test_in_review_proposal_shows_its_revision_and_no_edit(client):
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    page = signed_in(client, pm).get(_detail(proposal)).content.decode()
    assert "Status: In review" in page
    assert "Content of revision 1" in page
    assert "Edit the draft" not in page
    assert "Create the next revision" not in page


def test_next_revision_after_a_return(client):
    proposal, pm, _manager = proposal_in(ProposalStatus.RETURNED)
    signed_in(client, pm)
    assert "Create the next revision" in client.get(_detail(proposal)).content.decode()
    response = client.post(reverse("proposals:next_revision", kwargs={"pk": proposal.pk}))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.section(2)["name"]  # a copy of the last revision, not a blank form


def test_next_revision_refused_while_in_review(client):
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    response = signed_in(client, pm).post(reverse("proposals:next_revision", kwargs={"pk": proposal.pk}),
                                          follow=True)
    assert "returned or did not pass" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW


def _two_revisions():
    proposal, pm, manager = proposal_in(ProposalStatus.RETURNED)
    domain.create_next_revision(actor=pm, proposal=proposal)
    proposal.refresh_from_db()
    section2 = {**proposal.section(2), "name": "Better teachers", "objectives": ["Train teachers", "Coach"]}
    domain.save_section(actor=pm, proposal=proposal, section=2, data=section2)
    domain.submit_proposal(actor=manager, proposal=proposal)
    proposal.refresh_from_db()
    return proposal, pm, manager


def test_revision_page_and_diff(client):
    proposal, pm, _manager = _two_revisions()
    signed_in(client, pm)
    page = client.get(reverse("proposals:revision", kwargs={"pk": proposal.pk, "number": 1})).content.decode()
    assert "revision 1" in page
    assert "read-only" in page
    missing = reverse("proposals:revision", kwargs={"pk": proposal.pk, "number": 9})
    assert client.get(missing).status_code == 404
    page = client.get(reverse("proposals:diff", kwargs={"pk": proposal.pk}) + "?a=1&b=2").content.decode()
    assert "Changes from revision 1 to revision 2" in page
    assert "Better teachers" in page and "<ins>" in page and "<del>" in page
    assert "Inserted:" in page and "Deleted:" in page  # marked in words, not colour alone
    assert "Added" in page and "Coach" in page
    # garbage in the query string: the form says so, no 500
    assert client.get(reverse("proposals:diff", kwargs={"pk": proposal.pk}) + "?a=x&b=7").status_code == 200


def test_diff_and_revision_are_hidden_from_another_organisation(client):
    proposal, _pm, _manager = _two_revisions()
    outsider, _m, _o = team()
    signed_in(client, outsider)
    assert client.get(reverse("proposals:diff", kwargs={"pk": proposal.pk})).status_code == 404
    first = reverse("proposals:revision", kwargs={"pk": proposal.pk, "number": 1})
    assert client.get(first).status_code == 404


def test_delete_and_restore(client):
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    signed_in(client, pm)
    assert client.get(reverse("proposals:delete", kwargs={"pk": proposal.pk})).status_code == 200
    assert client.post(reverse("proposals:delete", kwargs={"pk": proposal.pk})).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).deleted_at is not None
    assert client.get(_detail(proposal)).status_code == 404
    # the project manager may not restore (row 2.5); the organisation manager may
    assert client.post(reverse("proposals:restore", kwargs={"pk": proposal.pk})).status_code == 404
    client.logout()
    signed_in(client, manager)
    page = client.get(reverse("proposals:deleted")).content.decode()
    assert proposal.number in page
    assert client.post(reverse("proposals:restore", kwargs={"pk": proposal.pk})).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).deleted_at is None


def test_delete_of_a_submitted_proposal_is_refused(client):
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    url = reverse("proposals:delete", kwargs={"pk": proposal.pk})
    response = signed_in(client, pm).post(url, follow=True)
    assert "Submitted revisions are read-only" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).deleted_at is None


def test_print_downloads_a_pdf(client):
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation, complete=True)
    response = signed_in(client, pm).get(reverse("proposals:print", kwargs={"pk": proposal.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
