"""Attachments (section 4) and submission from the pages: upload checks, private downloads,
removal in draft only, asking the manager, submitting by the manager only."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from phonlap.proposals import domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Attachment, Proposal
from tests.factories import StaffFactory, signed_in
from tests.proposals.factories import (
    docx_upload,
    draft,
    exe_upload,
    pdf_upload,
    proposal_in,
    sections,
    team,
)

pytestmark = pytest.mark.django_db


def _section4(proposal):
    return reverse("proposals:section", kwargs={"pk": proposal.pk, "section": 4})


def _ready(complete=False):
    """A draft with sections 1–3 saved (section 4 open) and its team."""
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    for n, data in sections().items():
        proposal = domain.save_section(actor=pm, proposal=proposal, section=n, data=data)
    return proposal, pm, manager


def test_upload_list_download_remove(client):
    proposal, pm, _manager = _ready()
    signed_in(client, pm)
    response = client.post(_section4(proposal), {"type": "expense_table", "file": pdf_upload("budget.pdf")})
    assert response.status_code == 302
    attachment = Attachment.objects.get(proposal=proposal)
    page = client.get(_section4(proposal)).content.decode()
    assert "budget.pdf" in page and "Expense table: <strong>attached</strong>" in page
    response = client.get(reverse("proposals:attachment", kwargs={"attachment_pk": attachment.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="budget.pdf"')
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    response = client.post(reverse("proposals:attachment_remove",
                                   kwargs={"pk": proposal.pk, "attachment_pk": attachment.pk}))
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_other_document_needs_a_name(client):
    proposal, pm, _manager = _ready()
    signed_in(client, pm)
    page = client.post(_section4(proposal), {"type": "other", "file": docx_upload()}).content.decode()
    assert "Name the type of this other document." in page
    assert client.post(_section4(proposal), {"type": "other", "other_name": "Letter of support",
                                             "file": docx_upload()}).status_code == 302
    assert Attachment.objects.get(proposal=proposal).display_name == "Letter of support"


@pytest.mark.parametrize(("upload", "message"), [
    (lambda: exe_upload("virus.pdf"), "is not a PDF file as its name says"),
    (lambda: exe_upload("virus.exe"), "Only PDF, Word (.docx), Excel (.xlsx), JPEG or PNG files"),
    (lambda: pdf_upload("big.pdf", size=3000), "The file is too large"),
])
@override_settings(PROPOSAL_ATTACHMENT_MAX_BYTES=2048)
def test_bad_files_are_refused(client, upload, message):
    proposal, pm, _manager = _ready()
    signed_in(client, pm)
    response = client.post(_section4(proposal), {"type": "expense_table", "file": upload()})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'aria-invalid="true"' in page
    assert not Attachment.objects.filter(proposal=proposal).exists()


def test_missing_file_or_type(client):
    proposal, pm, _manager = _ready()
    signed_in(client, pm)
    page = client.post(_section4(proposal), {"type": "nonsense"}).content.decode()
    assert "Select a valid choice" in page and "This field is required." in page


def test_research_proposal_required_only_for_research_projects(client):
    proposal, pm, _manager = _ready()
    signed_in(client, pm)
    page = client.get(_section4(proposal)).content.decode()
    assert "Research proposal: <strong>missing</strong>" not in page
    data = {**sections()[2], "is_research": True}
    domain.save_section(actor=pm, proposal=proposal, section=2, data=data)
    assert "Research proposal: <strong>missing</strong>" in client.get(_section4(proposal)).content.decode()


def test_attachments_are_private(client):
    proposal, pm, manager = _ready()
    attachment = domain.add_attachment(actor=pm, proposal=proposal, type="expense_table", upload=pdf_upload())
    url = reverse("proposals:attachment", kwargs={"attachment_pk": attachment.pk})
    outsider = team()[1]
    signed_in(client, outsider)
    assert client.get(url).status_code == 404
    remove = reverse("proposals:attachment_remove",
                     kwargs={"pk": proposal.pk, "attachment_pk": attachment.pk})
    assert client.post(remove).status_code == 404
    client.logout()
    for user in (manager, StaffFactory()):
        signed_in(client, user)
        assert client.get(url).status_code == 200
        client.logout()
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_frozen_attachment_cannot_be_removed(client):
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    attachment = Attachment.objects.filter(proposal=proposal).first()
    response = signed_in(client, pm).post(
        reverse("proposals:attachment_remove", kwargs={"pk": proposal.pk, "attachment_pk": attachment.pk}),
        follow=True)
    assert "read-only" in response.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()


# --- submission -------------------------------------------------------------------------------

def test_project_manager_asks_and_the_manager_is_notified(client):
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation, complete=True)
    mail.outbox.clear()
    response = signed_in(client, pm).post(reverse("proposals:request_submission", kwargs={"pk": proposal.pk}))
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).submission_requested_by == pm
    assert manager.email in [m.to[0] for m in mail.outbox]


def test_project_manager_cannot_submit(client):
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation, complete=True)
    signed_in(client, pm)
    url = reverse("proposals:submit", kwargs={"pk": proposal.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


def test_manager_submits_a_complete_proposal_once(client):
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation, complete=True)
    signed_in(client, manager)
    url = reverse("proposals:submit", kwargs={"pk": proposal.pk})
    assert "freezes the proposal" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW and proposal.revisions.count() == 1
    response = client.post(url, follow=True)  # a double click
    assert "already been submitted" in response.content.decode()
    assert proposal.revisions.count() == 1


def test_incomplete_submission_lists_every_missing_item(client):
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    domain.save_section(actor=pm, proposal=proposal, section=1, data=sections()[1])
    signed_in(client, manager)
    response = client.post(reverse("proposals:submit", kwargs={"pk": proposal.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    proposal.refresh_from_db()
    expected = len(domain.missing_for_submission(proposal))
    assert expected > 5
    assert f"{expected} items are missing or need correcting" in page
    assert "Section 2 has not been saved yet." in page
    assert "Attach the expense table." in page
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


def test_manager_of_another_organisation_cannot_submit(client):
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation, complete=True)
    signed_in(client, team()[1])
    assert client.post(reverse("proposals:submit", kwargs={"pk": proposal.pk})).status_code == 404
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT
