"""The proposals API: who sees what, the drafting rules, attachments, submission, revisions,
diffs, and messages in the caller's language. Everything goes through the real domain."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from phonlap.core.models import AuditEvent
from phonlap.proposals import domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal, ProposalRevision
from tests.factories import CommitteeFactory, StaffFactory
from tests.proposals.factories import (
    SECTION1,
    SECTION2,
    disability_fund,
    draft,
    exe_upload,
    pdf_upload,
    proposal_in,
    sections,
    team,
)

LIST = "/api/v1/proposals/"


def detail(proposal):
    return f"{LIST}{proposal.pk}/"


def section_url(proposal, n):
    return f"{LIST}{proposal.pk}/sections/{n}/"


def attachments(proposal):
    return f"{LIST}{proposal.pk}/attachments/"


# --- who sees what ---------------------------------------------------------------------------

@pytest.fixture
def two_teams(db):
    pm, manager, organisation = team()
    mine = draft(pm=pm, organisation=organisation)
    colleague = draft(organisation=organisation, pm=_member(organisation))
    other_pm, other_manager, other_org = team()
    theirs = draft(pm=other_pm, organisation=other_org)
    return {"pm": pm, "manager": manager, "mine": mine, "colleague": colleague,
            "other_pm": other_pm, "other_manager": other_manager, "theirs": theirs}


def _member(organisation):
    from tests.organisations.factories import member_of

    return member_of(organisation)


def _numbers(response):
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


def test_list_is_scoped_by_role(two_teams, client_for):
    t = two_teams
    assert _numbers(client_for(t["pm"]).get(LIST)) == {t["mine"].number}
    assert _numbers(client_for(t["manager"]).get(LIST)) == {t["mine"].number, t["colleague"].number}
    assert _numbers(client_for(StaffFactory()).get(LIST)) == {
        t["mine"].number, t["colleague"].number, t["theirs"].number}
    assert _numbers(client_for(CommitteeFactory()).get(LIST)) == set()


def test_detail_is_404_outside_the_scope_and_200_within(two_teams, client_for):
    t = two_teams
    assert client_for(t["pm"]).get(detail(t["mine"])).status_code == 200
    assert client_for(t["manager"]).get(detail(t["colleague"])).status_code == 200
    assert client_for(StaffFactory()).get(detail(t["theirs"])).status_code == 200
    # A colleague's draft, another organisation's, and a missing one: the same 404.
    pm = client_for(t["pm"])
    for url in (detail(t["colleague"]), detail(t["theirs"]), f"{LIST}999999/", f"{LIST}abc/"):
        response = pm.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not found."}
    assert client_for(t["other_manager"]).get(detail(t["mine"])).status_code == 404
    assert client_for(t["other_manager"]).get(attachments(t["mine"])).status_code == 404
    assert client_for(t["other_manager"]).get(f"{LIST}{t['mine'].pk}/revisions/").status_code == 404


def test_list_filters_and_search(two_teams, client_for):
    staff = client_for(StaffFactory())
    t = two_teams
    Proposal.objects.filter(pk=t["mine"].pk).update(name="Braille library for schools")
    assert _numbers(staff.get(LIST, {"search": "braille"})) == {t["mine"].number}
    assert _numbers(staff.get(LIST, {"search": t["theirs"].number})) == {t["theirs"].number}
    assert _numbers(staff.get(LIST, {"status": "in_review"})) == set()
    assert len(_numbers(staff.get(LIST, {"status": "draft", "fund": "disability-education"}))) == 3
    assert _numbers(staff.get(LIST, {"fund": "se-promotion"})) == set()
    assert _numbers(staff.get(LIST, {"organisation": t["theirs"].organisation_id})) == {t["theirs"].number}
    bad = staff.get(LIST, {"status": "sent"})
    assert bad.status_code == 400 and "status" in bad.json()
    assert staff.get(LIST, {"search": "a\x00b"}).status_code == 400
    assert staff.get(LIST, {"page": 99}).status_code == 404


def _count_list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_are_constant_in_the_number_of_rows(db, client_for):
    pm, _manager, organisation = team()
    draft(pm=pm, organisation=organisation)
    client = client_for(pm)
    client.get(LIST)  # warm the permission-matrix cache
    one = _count_list_queries(client)
    for _ in range(29):
        draft(pm=pm, organisation=organisation)
    assert client.get(LIST).json()["count"] == 30
    thirty = _count_list_queries(client)
    assert one == thirty
    assert thirty <= 12


# --- creating and drafting --------------------------------------------------------------------

def test_create_a_draft(db, client_for):
    pm, _manager, organisation = team()
    response = client_for(pm).post(LIST, {"organisation": organisation.pk, "fund": "disability-education"},
                                   format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["number"].startswith(disability_fund().number_prefix.upper())
    assert body["created_by"]["id"] == pm.pk
    assert body["open_sections"] == [1] and body["sections_saved"] == []
    assert Proposal.objects.get(pk=body["id"]).organisation == organisation


def test_create_in_the_name_of_another_organisation_is_refused(db, client_for):
    pm, _manager, _organisation = team()
    _other_pm, _other_manager, other = team()
    response = client_for(pm).post(LIST, {"organisation": other.pk, "fund": "disability-education"},
                                   format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "You can apply only in the name of an organisation you belong to."
    unknown = client_for(pm).post(LIST, {"organisation": other.pk, "fund": "no-such-fund"}, format="json")
    assert unknown.status_code == 400 and "fund" in unknown.json()
    assert not Proposal.objects.exists()


def test_sections_are_saved_in_order_with_computed_totals(db, client_for):
    proposal = draft()
    client = client_for(proposal.created_by)
    early = client.put(section_url(proposal, 2), SECTION2, format="json")
    assert early.status_code == 400
    assert early.json()["detail"] == "Save section 1 first: the sections are filled in order."
    assert client.put(section_url(proposal, 1), SECTION1, format="json").status_code == 200
    response = client.put(section_url(proposal, 2), SECTION2, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == SECTION2["name"] and body["requested_budget"] == "100000.00"
    assert body["sections_saved"] == [1, 2]
    assert body["totals"]["budget"] == "100000.00"
    assert body["totals"]["start"] == "2026-01-01" and body["totals"]["end"] == "2026-03-03"
    assert [(s["name"], s["budget"], s["days"]) for s in body["totals"]["steps"]] == [
        ("Preparation", "20000.00", 31), ("Training", "80000.00", 31)]
    assert body["warnings"] == []
    assert body["content"]["section2"]["steps"][0]["activities"][0]["budget"] == "20000.00"
    got = client.get(section_url(proposal, 2)).json()
    assert got["section"] == 2 and got["data"]["requested_budget"] == "100000.00"
    assert client.get(section_url(proposal, 5)).status_code == 404


def test_a_budget_that_disagrees_is_kept_as_a_warning(db, client_for):
    proposal = draft()
    client = client_for(proposal.created_by)
    client.put(section_url(proposal, 1), SECTION1, format="json")
    body = client.put(section_url(proposal, 2), {**SECTION2, "requested_budget": "120000"},
                      format="json").json()
    assert [w["path"] for w in body["warnings"]] == ["section2.requested_budget"]
    assert "20,000.00 baht more than the total" in body["warnings"][0]["message"]


def test_bad_values_list_every_problem_by_field_and_change_nothing(db, client_for):
    proposal = draft()
    client = client_for(proposal.created_by)
    client.put(section_url(proposal, 1), SECTION1, format="json")
    bad = {**SECTION2, "requested_budget": "-5",
           "steps": [{"name": "Training", "activities": [
               {"description": "Workshop", "start": "2026-02-03", "end": "2026-02-01", "budget": "abc"}]}]}
    response = client.put(section_url(proposal, 2), bad, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["section2.requested_budget"] == ["The amount cannot be negative."]
    assert body["section2.steps[0].activities[0].end"] == ["The end date cannot be before the start date."]
    assert body["section2.steps[0].activities[0].budget"] == ["Enter a number, e.g. 12500.50."]
    assert body["detail"] == "Please correct the problems listed."
    proposal.refresh_from_db()
    assert proposal.sections_saved == [1] and proposal.name == ""
    assert client.put(section_url(proposal, 2), ["not", "an", "object"], format="json").status_code == 400
    assert client.put(section_url(proposal, 4), {}, format="json").status_code == 400


def test_only_drafts_of_ones_own_scope_are_edited(db, client_for):
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    response = client_for(pm).put(section_url(proposal, 1), SECTION1, format="json")
    assert response.status_code == 400
    assert "Only a draft can be changed" in response.json()["detail"]
    # Staff see the proposal but may not edit it (no row 2.3): the same 404 as for a stranger.
    staff = client_for(StaffFactory())
    assert staff.put(section_url(proposal, 1), SECTION1, format="json").status_code == 404


# --- attachments ------------------------------------------------------------------------------

def _ready_for_files(**kwargs):
    proposal = draft(**kwargs)
    for n, data in sections().items():
        proposal = domain.save_section(actor=proposal.created_by, proposal=proposal, section=n, data=data)
    return proposal


def test_upload_list_download_and_remove_an_attachment(db, client_for):
    proposal = _ready_for_files()
    client = client_for(proposal.created_by)
    response = client.post(attachments(proposal), {"type": "expense_table", "file": pdf_upload("งบ.pdf")},
                           format="multipart")
    assert response.status_code == 201, response.content
    attachment = response.json()
    assert attachment["original_name"] == "งบ.pdf" and attachment["revision"] is None
    assert [a["id"] for a in client.get(attachments(proposal)).json()] == [attachment["id"]]
    url = f"{attachments(proposal)}{attachment['id']}/download/"
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="proposal.attachment_download").exists()
    # Someone else's organisation: the same 404 as a missing file.
    _pm, other_manager, _org = team()
    assert client_for(other_manager).get(url).status_code == 404
    assert client.get(f"{attachments(proposal)}999999/download/").status_code == 404
    assert client.delete(f"{attachments(proposal)}{attachment['id']}/").status_code == 204
    assert client.get(attachments(proposal)).json() == []


@pytest.mark.parametrize(("upload", "message"), [
    (exe_upload, "The file's content is not a PDF file as its name says."),
    (lambda: pdf_upload("x.pdf", size=11 * 1024 * 1024), "The file is too large: the limit is 10.0 MB."),
    (lambda: pdf_upload("notes.txt"),
     "Only PDF, Word (.docx), Excel (.xlsx), JPEG or PNG files are accepted."),
    (lambda: None, "Choose a file to attach."),
])
def test_bad_files_are_refused_with_a_message(db, client_for, upload, message):
    proposal = _ready_for_files()
    data = {"type": "expense_table"}
    if upload() is not None:
        data["file"] = upload()
    response = client_for(proposal.created_by).post(attachments(proposal), data, format="multipart")
    assert response.status_code == 400
    assert response.json()["file"] == [message]
    assert not proposal.attachments.exists()


def test_an_other_document_needs_a_name(db, client_for):
    proposal = _ready_for_files()
    response = client_for(proposal.created_by).post(
        attachments(proposal), {"type": "other", "file": pdf_upload()}, format="multipart")
    assert response.status_code == 400
    assert response.json()["other_name"] == ["Name the type of this other document."]


# --- submission -------------------------------------------------------------------------------

def test_project_manager_asks_and_cannot_submit(db, client_for, django_capture_on_commit_callbacks):
    proposal = draft(complete=True)
    pm = proposal.created_by
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        asked = client_for(pm).post(f"{detail(proposal)}request-submission/")
    assert asked.status_code == 200 and asked.json()["submission_requested_at"]
    managers = [m.user.email for m in proposal.organisation.memberships.filter(is_manager=True)]
    assert [m.to for m in mail.outbox] == [managers]
    refused = client_for(pm).post(f"{detail(proposal)}submit/")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only a manager of the organisation can submit a proposal."
    assert not ProposalRevision.objects.exists()
    # A stranger learns nothing: 404.
    _pm, other_manager, _org = team()
    assert client_for(other_manager).post(f"{detail(proposal)}submit/").status_code == 404


def test_an_incomplete_proposal_lists_every_missing_item(db, client_for):
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    response = client_for(manager).post(f"{detail(proposal)}submit/")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("The proposal is not complete yet:")
    assert body["section1"] == ["Section 1 has not been saved yet."]
    assert body["section2.name"] == ["This is required."]
    assert body["section4.expense_table"] == ["Attach the expense table."]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_submit_makes_exactly_one_revision(db, client_for):
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation, complete=True)
    client = client_for(manager)
    first = client.post(f"{detail(proposal)}submit/")
    assert first.status_code == 201, first.content
    revision = first.json()
    assert revision["number"] == 1 and revision["totals"]["budget"] == "100000.00"
    assert revision["content"]["organisation"]["name"] == organisation.name
    assert {a["revision"] for a in revision["attachments"]} == {1}
    again = client.post(f"{detail(proposal)}submit/")
    assert again.status_code == 400
    assert "already been submitted" in again.json()["detail"]
    assert ProposalRevision.objects.filter(proposal=proposal).count() == 1
    body = client_for(pm).get(detail(proposal)).json()
    assert body["status"] == "in_review" and body["status_label"] == "In review"
    assert [r["number"] for r in body["revisions"]] == [1]


def test_new_revision_and_diff(db, client_for):
    proposal, pm, manager = proposal_in(ProposalStatus.RETURNED)
    client = client_for(pm)
    assert client.post(f"{detail(proposal)}new-revision/").json()["status"] == "draft"
    again = client.post(f"{detail(proposal)}new-revision/")
    assert again.status_code == 400
    changed = {**sections()[2], "location": "Chiang Mai"}
    assert client.put(section_url(proposal, 2), changed, format="json").status_code == 200
    assert client_for(manager).post(f"{detail(proposal)}submit/").json()["number"] == 2
    revisions = client.get(f"{detail(proposal)}revisions/").json()
    assert [r["number"] for r in revisions] == [1, 2]
    one = client.get(f"{detail(proposal)}revisions/1/").json()
    assert one["content"]["section2"]["location"] == "Bangkok"
    assert client.get(f"{detail(proposal)}revisions/3/").status_code == 404
    diff = client.get(f"{detail(proposal)}diff/", {"a": 1, "b": 2})
    assert diff.status_code == 200
    changes = diff.json()["changes"]
    assert [(c["path"], c["old"], c["new"]) for c in changes] == [
        ("section2.location", "Bangkok", "Chiang Mai")]
    assert changes[0]["text"] == "Section 2: the project › Location or area: “Bangkok” → “Chiang Mai”"
    assert client.get(f"{detail(proposal)}diff/", {"a": 1, "b": 7}).status_code == 404
    assert client.get(f"{detail(proposal)}diff/", {"a": "x"}).status_code == 400


def test_revisions_are_visible_only_within_the_scope(db, client_for):
    proposal, _pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    _other_pm, other_manager, _org = team()
    assert client_for(StaffFactory()).get(f"{detail(proposal)}revisions/1/").status_code == 200
    assert client_for(other_manager).get(f"{detail(proposal)}revisions/1/").status_code == 404
    assert client_for(other_manager).get(f"{detail(proposal)}diff/", {"a": 1, "b": 1}).status_code == 404


# --- deleting and restoring -------------------------------------------------------------------

def test_delete_and_restore_a_draft(db, client_for):
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    client = client_for(pm)
    assert client.delete(detail(proposal)).status_code == 204
    assert client.get(detail(proposal)).status_code == 404
    assert client.get(LIST).json()["count"] == 0
    # Row 2.5: not the project manager; the organisation's manager may restore it.
    assert client.post(f"{detail(proposal)}restore/").status_code == 404
    om = client_for(manager)
    assert [p["id"] for p in om.get(f"{LIST}deleted/").json()["results"]] == [proposal.pk]
    restored = om.post(f"{detail(proposal)}restore/")
    assert restored.status_code == 200 and restored.json()["is_deleted"] is False
    assert om.post(f"{detail(proposal)}restore/").status_code == 404  # not deleted any more


def test_a_submitted_proposal_cannot_be_deleted(db, client_for):
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    response = client_for(pm).delete(detail(proposal))
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.deleted_at is None


# --- language ---------------------------------------------------------------------------------

def test_messages_follow_the_callers_language(db, client_for):
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    thai = client_for(pm, language="th")
    bad = thai.get(LIST, {"status": "sent"})
    assert bad.json()["status"] == ['"sent" ไม่ใช่ตัวเลือกที่ถูกต้อง']
    assert thai.get(f"{LIST}999999/").json()["detail"] == "ไม่พบ"
    refused = thai.post(f"{detail(proposal)}submit/")
    with translation.override("th"):
        expected = translation.gettext("Only a manager of the organisation can submit a proposal.")
    assert refused.json()["detail"] == expected
    # Without the header, the user's saved language applies.
    pm.language = "th"
    pm.save(update_fields=["language"])
    assert client_for(pm, language=None).get(f"{LIST}999999/").json()["detail"] == "ไม่พบ"


def test_null_characters_are_refused_as_bad_input(db, client_for):
    """PostgreSQL's jsonb cannot hold them: a 400 naming the field, not a failure on save."""
    proposal = draft()
    response = client_for(proposal.created_by).put(
        section_url(proposal, 1), {"past_year_results": "a\x00b", "current_activities": ["ok", "x\x00"]},
        format="json")
    assert response.status_code == 400
    assert response.json() == {"section1.past_year_results": ["Null characters are not allowed."],
                               "section1.current_activities[1]": ["Null characters are not allowed."]}
    proposal.refresh_from_db()
    assert proposal.sections_saved == []
