"""Proposal operations: permissions, sections in order, attachments, submission and revisions,
deletion. Each refusal changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.test import override_settings

from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.core.fiscal import fiscal_year
from phonlap.core.models import AuditEvent
from phonlap.proposals import domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Attachment, Proposal, ProposalRevision
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory
from tests.funds.factories import CallFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory

from .factories import (
    disability_fund,
    docx_upload,
    draft,
    exe_upload,
    jpeg_upload,
    pdf_upload,
    png_upload,
    proposal_in,
    sections,
    team,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db


def fresh(proposal):
    return Proposal.objects.get(pk=proposal.pk)


# --- creating -----------------------------------------------------------------------------------

def test_a_project_manager_creates_a_numbered_draft():
    pm, _manager, organisation = team()
    fund = disability_fund()
    call = CallFactory(fund=fund)
    proposal = domain.create_proposal(actor=pm, organisation=organisation, fund=fund, call=call)
    fy = fiscal_year(datetime.date.today())
    assert proposal.number == f"DEF-{fy}-00001"
    assert (proposal.status, proposal.created_by, proposal.call) == (ProposalStatus.DRAFT, pm, call)
    second = domain.create_proposal(actor=pm, organisation=organisation, fund=fund)
    assert second.number == f"DEF-{fy}-00002"  # any number of drafts
    se = domain.create_proposal(actor=pm, organisation=organisation,
                                fund=type(fund).objects.get(code="se-promotion"))
    assert se.number == f"SEF-{fy}-00001"
    assert AuditEvent.objects.filter(action="proposal.create", object_id=str(proposal.pk)).exists()


def test_an_organisation_manager_may_create_too():
    _pm, manager, organisation = team()
    assert domain.create_proposal(actor=manager, organisation=organisation, fund=disability_fund())


@pytest.mark.parametrize("who", ["no_org", "other_org", "staff", "committee", "super"])
def test_who_cannot_create(who):
    _pm, _manager, organisation = team()
    actor = {
        "no_org": UserFactory, "staff": StaffFactory, "committee": CommitteeFactory,
        "super": SuperUserFactory,
        "other_org": lambda: MembershipFactory(organisation=OrganisationFactory()).user,
    }[who]()
    with pytest.raises(PermissionDenied):
        domain.create_proposal(actor=actor, organisation=organisation, fund=disability_fund())
    assert not Proposal.objects.exists()


def test_a_call_of_another_fund_or_an_inactive_fund_is_refused():
    pm, _manager, organisation = team()
    fund = disability_fund()
    with pytest.raises(ValidationFailed):
        domain.create_proposal(actor=pm, organisation=organisation, fund=fund, call=CallFactory())
    fund.is_active = False
    fund.save()
    with pytest.raises(InvalidTransition):
        domain.create_proposal(actor=pm, organisation=organisation, fund=fund)


# --- sections -----------------------------------------------------------------------------------

def test_sections_are_saved_in_order_and_section2_updates_name_and_budget():
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    data = sections()
    with pytest.raises(InvalidTransition, match="Save section 1"):
        domain.save_section(actor=pm, proposal=proposal, section=2, data=data[2])
    assert domain.open_sections(proposal) == [1]
    proposal = domain.save_section(actor=pm, proposal=proposal, section=1, data=data[1])
    proposal = domain.save_section(actor=pm, proposal=proposal, section=2, data=data[2])
    stored = fresh(proposal)
    assert stored.sections_saved == [1, 2]
    assert stored.name == data[2]["name"]
    assert stored.requested_budget == Decimal("100000.00")
    assert stored.content["section2"]["steps"][0]["activities"][0]["budget"] == "20000.00"
    assert domain.open_sections(stored) == [1, 2, 3]


def test_a_partial_save_merges_and_an_incomplete_draft_saves():
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    proposal = domain.save_section(actor=pm, proposal=proposal, section=1, data={"past_year_results": "A"})
    proposal = domain.save_section(actor=pm, proposal=proposal, section=1,
                                   data={"current_activities": ["B"]})
    assert fresh(proposal).content["section1"]["past_year_results"] == "A"
    assert fresh(proposal).content["section1"]["current_activities"] == ["B"]


@pytest.mark.parametrize("change, path, text", [
    ({"period_start": "2026-07-01"}, "section2.period_end", "cannot be before the start"),
    ({"steps": [{"name": "s", "activities": [{"start": "2025-12-01", "end": "2026-01-02",
                                               "budget": "1"}]}]},
     "section2.steps[0].activities[0].start", "inside the project period"),
    ({"steps": [{"name": "s", "activities": [{"start": "2026-01-05", "end": "2026-01-02"}]}]},
     "section2.steps[0].activities[0].end", "cannot be before the start"),
    ({"requested_budget": "-5"}, "section2.requested_budget", "cannot be negative"),
    ({"requested_budget": "lots"}, "section2.requested_budget", "Enter a number"),
    ({"target_groups": ["dragons"]}, "section2.target_groups[0]", "not one of the choices"),
])
def test_bad_section2_input_is_refused_with_a_clear_message_and_changes_nothing(change, path, text):
    proposal, pm, _manager = proposal_in(ProposalStatus.DRAFT)
    before = fresh(proposal).content
    data = {**sections()[2], **change}
    with pytest.raises(ValidationFailed) as caught:
        domain.save_section(actor=pm, proposal=proposal, section=2, data=data)
    assert path in caught.value.errors
    assert text in " ".join(caught.value.errors[path])
    assert fresh(proposal).content == before


def test_over_the_funds_ceiling_is_refused():
    proposal, pm, _manager = proposal_in(ProposalStatus.DRAFT)
    fund = proposal.fund
    fund.budget_ceiling = Decimal("80000")
    fund.save()
    with pytest.raises(ValidationFailed) as caught:
        domain.save_section(actor=pm, proposal=fresh(proposal), section=2, data=sections()[2])
    assert caught.value.errors["section2.requested_budget"] == [
        "The requested budget is over the fund's ceiling of 80,000.00 baht."]


def test_a_budget_mismatch_saves_but_warns_and_blocks_submission():
    proposal, pm, manager = proposal_in(ProposalStatus.DRAFT)
    domain.save_section(actor=pm, proposal=proposal, section=2,
                        data={"requested_budget": "120000"})
    warnings = domain.section_warnings(fresh(proposal))
    assert [w.code for w in warnings] == ["budget_mismatch"]
    from phonlap.proposals.messages import problem_message
    assert problem_message(warnings[0]) == (
        "The requested budget (120,000.00 baht) is 20,000.00 baht more than the total of the "
        "activities (100,000.00 baht). Make them equal.")
    with pytest.raises(ValidationFailed) as caught:
        domain.submit_proposal(actor=manager, proposal=proposal)
    assert "section2.requested_budget" in caught.value.errors


def test_a_stranger_or_staff_cannot_edit():
    proposal, _pm, _manager = proposal_in(ProposalStatus.DRAFT)
    other_pm = MembershipFactory(organisation=proposal.organisation).user  # same org, not owner
    for actor in (UserFactory(), StaffFactory(), other_pm,
                  team()[1]):  # a manager of another organisation
        with pytest.raises(PermissionDenied):
            domain.save_section(actor=actor, proposal=proposal, section=1, data={"past_year_results": "x"})
    assert fresh(proposal).content["section1"]["past_year_results"] != "x"


def test_the_organisation_manager_may_edit_a_draft_of_the_organisation():
    proposal, _pm, manager = proposal_in(ProposalStatus.DRAFT)
    domain.save_section(actor=manager, proposal=proposal, section=1, data={"past_year_results": "by OM"})
    assert fresh(proposal).content["section1"]["past_year_results"] == "by OM"


def test_a_project_manager_who_left_loses_the_draft():
    proposal, pm, _manager = proposal_in(ProposalStatus.DRAFT)
    pm.memberships.update(status="left")
    with pytest.raises(PermissionDenied):
        domain.save_section(actor=pm, proposal=proposal, section=1, data={})


# --- attachments --------------------------------------------------------------------------------

@pytest.mark.parametrize("upload", [pdf_upload, docx_upload, xlsx_upload, jpeg_upload, png_upload])
def test_each_accepted_kind_is_stored_privately_under_a_random_name(upload):
    proposal, pm, _manager = proposal_in(ProposalStatus.DRAFT, attachments=False)
    file = upload()
    attachment = domain.add_attachment(actor=pm, proposal=proposal, type="other", other_name="Photo",
                                       upload=file)
    assert attachment.original_name == file.name
    assert file.name not in attachment.file.name
    assert attachment.file.storage is storages["private"] or \
        attachment.file.storage.location == storages["private"].location
    assert storages["private"].exists(attachment.file.name)


@pytest.mark.parametrize("upload, message", [
    (lambda: exe_upload("virus.pdf"), "not a PDF file"),
    (lambda: exe_upload("virus.exe"), "Only PDF, Word"),
    (lambda: pdf_upload("table.docx"), "not a DOCX file"),
    (lambda: docx_upload("sheet.xlsx"), "not a XLSX file"),
    (lambda: png_upload("photo.jpg"), "not a JPEG file"),
    (lambda: pdf_upload("big.pdf", size=1025), "too large"),
    (lambda: pdf_upload("empty.pdf").__class__("empty.pdf", b""), "empty"),
])
def test_bad_files_are_refused_and_nothing_is_stored(upload, message):
    proposal, pm, _manager = proposal_in(ProposalStatus.DRAFT, attachments=False)
    with override_settings(PROPOSAL_ATTACHMENT_MAX_BYTES=1024), \
            pytest.raises(ValidationFailed, match=message):
        domain.add_attachment(actor=pm, proposal=proposal, type="expense_table", upload=upload())
    assert not Attachment.objects.exists()


def test_other_documents_need_a_name_and_types_are_checked():
    proposal, pm, _manager = proposal_in(ProposalStatus.DRAFT, attachments=False)
    with pytest.raises(ValidationFailed, match="Name the type"):
        domain.add_attachment(actor=pm, proposal=proposal, type="other", upload=pdf_upload())
    with pytest.raises(ValidationFailed):
        domain.add_attachment(actor=pm, proposal=proposal, type="malware", upload=pdf_upload())


def test_attachments_wait_for_the_earlier_sections():
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    with pytest.raises(InvalidTransition):
        domain.add_attachment(actor=pm, proposal=proposal, type="expense_table", upload=pdf_upload())


def test_removing_a_draft_attachment_deletes_its_file():
    proposal, pm, _manager = proposal_in(ProposalStatus.DRAFT)
    attachment = proposal.attachments.first()
    name = attachment.file.name
    from django.test import TestCase
    with TestCase.captureOnCommitCallbacks(execute=True):
        domain.remove_attachment(actor=pm, attachment=attachment)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storages["private"].exists(name)


# --- submission ---------------------------------------------------------------------------------

def test_only_an_organisation_manager_submits():
    proposal, pm, _manager = proposal_in(ProposalStatus.DRAFT)
    for actor in (pm, StaffFactory(), SuperUserFactory(), team()[1]):
        with pytest.raises(PermissionDenied):
            domain.submit_proposal(actor=actor, proposal=proposal)
    assert fresh(proposal).status == ProposalStatus.DRAFT
    assert not ProposalRevision.objects.exists()


def test_request_submission_notifies_the_managers(django_capture_on_commit_callbacks):
    proposal, pm, manager = proposal_in(ProposalStatus.DRAFT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.request_submission(actor=pm, proposal=proposal)
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert proposal.number in mail.outbox[0].subject
    stored = fresh(proposal)
    assert stored.submission_requested_by == pm and stored.status == ProposalStatus.DRAFT


def test_submitting_an_incomplete_proposal_lists_everything_and_changes_nothing():
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    with pytest.raises(ValidationFailed) as caught:
        domain.submit_proposal(actor=manager, proposal=proposal)
    errors = caught.value.errors
    assert len(errors) > 20
    assert "section4.expense_table" in errors and "section2.steps" in errors
    assert any("Section 1" in line and "not been saved" in line for line in caught.value.messages)
    assert fresh(proposal).status == ProposalStatus.DRAFT
    assert not ProposalRevision.objects.exists()


def test_submission_freezes_revision_1_and_notifies_staff_and_the_project_manager(
        django_capture_on_commit_callbacks):
    proposal, pm, manager = proposal_in(ProposalStatus.DRAFT)
    staff = StaffFactory()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revision = domain.submit_proposal(actor=manager, proposal=proposal)
    stored = fresh(proposal)
    assert (revision.number, stored.latest_revision_number, stored.status) == (
        1, 1, ProposalStatus.IN_REVIEW)
    assert stored.get_status_display() == "In review"
    assert revision.content["section2"] == stored.content["section2"]
    assert revision.content["organisation"]["name"] == proposal.organisation.name
    assert revision.requested_budget == Decimal("100000.00") and revision.submitted_by == manager
    assert revision.attachments.count() == 3
    assert not stored.attachments.filter(revision__isnull=True).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, pm.email])


def test_double_submission_yields_exactly_one_revision():
    proposal, _pm, manager = proposal_in(ProposalStatus.DRAFT)
    second_manager = MembershipFactory(organisation=proposal.organisation, is_manager=True).user
    stale = Proposal.objects.get(pk=proposal.pk)  # the second click's copy, loaded before
    domain.submit_proposal(actor=manager, proposal=proposal)
    with pytest.raises(InvalidTransition, match="already been submitted"):
        domain.submit_proposal(actor=second_manager, proposal=stale)
    with pytest.raises(InvalidTransition):
        domain.submit_proposal(actor=manager, proposal=proposal)
    assert ProposalRevision.objects.filter(proposal=proposal).count() == 1


def test_a_submitted_revision_is_read_only_for_everyone():
    proposal, pm, manager = proposal_in(ProposalStatus.IN_REVIEW)
    revision = proposal.revisions.get()
    revision.name = "changed"
    with pytest.raises(TypeError):
        revision.save()
    with pytest.raises(TypeError):
        ProposalRevision.objects.filter(pk=revision.pk).update(name="x")
    with pytest.raises(TypeError):
        revision.delete()
    with pytest.raises(TypeError):
        ProposalRevision.objects.all().delete()
    for actor in (pm, manager):
        with pytest.raises(InvalidTransition, match="read-only"):
            domain.save_section(actor=actor, proposal=proposal, section=1, data={"past_year_results": "x"})
    with pytest.raises(InvalidTransition):
        domain.remove_attachment(actor=pm, attachment=revision.attachments.first())
    with pytest.raises(InvalidTransition):
        domain.add_attachment(actor=pm, proposal=proposal, type="expense_table", upload=pdf_upload())
    with pytest.raises(InvalidTransition):
        domain.delete_draft(actor=pm, proposal=proposal)


# --- review outcomes and the next revision ------------------------------------------------------

@pytest.mark.parametrize("outcome, status", [(domain.return_proposal, ProposalStatus.RETURNED),
                                             (domain.fail_proposal, ProposalStatus.NOT_PASSED)])
def test_staff_return_or_fail_a_proposal_in_review(outcome, status, django_capture_on_commit_callbacks):
    proposal, pm, manager = proposal_in(ProposalStatus.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        outcome(actor=manager, proposal=proposal, reason="x")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome(actor=StaffFactory(), proposal=proposal, reason="Budget unclear")
    assert fresh(proposal).status == status
    assert sorted(m.to[0] for m in mail.outbox) == sorted([pm.email, manager.email])
    assert "Budget unclear" in mail.outbox[0].body


def test_a_draft_cannot_be_returned():
    proposal, _pm, _manager = proposal_in(ProposalStatus.DRAFT)
    with pytest.raises(InvalidTransition):
        domain.return_proposal(actor=StaffFactory(), proposal=proposal)


@pytest.mark.parametrize("status", [ProposalStatus.RETURNED, ProposalStatus.NOT_PASSED])
def test_the_next_revision_is_a_copy_of_the_last_and_is_submitted_as_revision_2(status):
    proposal, pm, manager = proposal_in(status)
    first = proposal.revisions.get(number=1)
    proposal = domain.create_next_revision(actor=pm, proposal=proposal)
    stored = fresh(proposal)
    assert stored.status == ProposalStatus.DRAFT
    assert stored.content == {k: v for k, v in first.content.items() if k != "organisation"}
    assert stored.sections_saved == [1, 2, 3]
    drafts = list(stored.attachments.filter(revision__isnull=True))
    assert sorted(a.file.name for a in drafts) == sorted(a.file.name for a in first.attachments.all())
    # editing the copy never touches revision 1, and removing a copied file keeps revision 1's
    domain.save_section(actor=pm, proposal=stored, section=2, data={"name": "Better name"})
    domain.remove_attachment(actor=pm, attachment=drafts[0])
    assert storages["private"].exists(drafts[0].file.name)
    domain.add_attachment(actor=pm, proposal=stored, type=drafts[0].type, upload=pdf_upload())
    second = domain.submit_proposal(actor=manager, proposal=stored)
    assert second.number == 2 and fresh(proposal).latest_revision_number == 2
    assert ProposalRevision.objects.get(pk=first.pk).name == first.name
    assert first.attachments.count() == 3


def test_the_next_revision_only_after_return_or_failure():
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    with pytest.raises(InvalidTransition):
        domain.create_next_revision(actor=pm, proposal=proposal)
    draft_proposal, pm2, _ = proposal_in(ProposalStatus.DRAFT)
    with pytest.raises(InvalidTransition):
        domain.create_next_revision(actor=pm2, proposal=draft_proposal)


def test_set_proposal_state_refuses_transitions_outside_the_table():
    proposal, _pm, _manager = proposal_in(ProposalStatus.DRAFT)
    with pytest.raises(InvalidTransition):
        domain.set_proposal_state(proposal, ProposalStatus.APPROVED, actor=None)
    assert fresh(proposal).status == ProposalStatus.DRAFT


# --- deleting and restoring ---------------------------------------------------------------------

def test_the_owner_deletes_and_the_organisation_manager_restores():
    proposal, pm, manager = proposal_in(ProposalStatus.DRAFT)
    domain.delete_draft(actor=pm, proposal=proposal)
    assert fresh(proposal).deleted_at is not None
    with pytest.raises(InvalidTransition, match="deleted"):
        domain.save_section(actor=pm, proposal=fresh(proposal), section=1, data={})
    with pytest.raises(PermissionDenied):
        domain.restore_proposal(actor=pm, proposal=fresh(proposal))  # row 2.5: not the PM
    domain.restore_proposal(actor=manager, proposal=fresh(proposal))
    assert fresh(proposal).deleted_at is None
    with pytest.raises(InvalidTransition):
        domain.restore_proposal(actor=manager, proposal=fresh(proposal))


def test_staff_and_super_users_restore_but_do_not_delete():
    proposal, _pm, manager = proposal_in(ProposalStatus.DRAFT)
    for actor in (StaffFactory(), SuperUserFactory(), team()[1]):
        with pytest.raises(PermissionDenied):
            domain.delete_draft(actor=actor, proposal=proposal)
    domain.delete_draft(actor=manager, proposal=proposal)
    domain.restore_proposal(actor=StaffFactory(), proposal=fresh(proposal))
    domain.delete_draft(actor=manager, proposal=fresh(proposal))
    domain.restore_proposal(actor=SuperUserFactory(), proposal=fresh(proposal))
    assert fresh(proposal).deleted_at is None
