"""The results pages (spec 03 §2.12, issue 4 "Recording results"): a proposal's review for each
role, "record result" → yes → the three-part form, drafts and submission through the page,
errors shown where they belong (never a 500), refusals that change nothing, the live totals,
one result, and constant query counts."""

from __future__ import annotations

import datetime
import html as htmllib
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from phonlap.core import thaidate
from phonlap.monitoring.models import FundedProject
from phonlap.proposals import domain as proposal_domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal
from phonlap.review.domain.results import record_stage_result
from phonlap.review.enums import Outcome, ResultStatus
from phonlap.review.models import AgendaItem, ConflictOfInterest, StageResult
from tests.factories import CommitteeFactory, StaffFactory, signed_in

from .factories import (
    advance_to,
    decide_meeting,
    failing_answers,
    full_answers,
    in_review,
    make_session,
    screen,
)

pytestmark = pytest.mark.django_db


def url(name, pk):
    return reverse(f"review:{name}", kwargs={"pk": pk})


def text_of(response) -> str:
    """The page's visible text, whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def at_working_group(**session_kwargs):
    """A proposal passed by screening and on a working-group session."""
    proposal, pm, manager = in_review()
    advance_to(proposal, "working_group")
    proposal.refresh_from_db()
    session = make_session(proposal.current_stage, proposals=[proposal], **session_kwargs)
    return proposal, pm, manager, session


def form_data(proposal, answers: dict | None = None, *, action="save", lock_version=0, **extra):
    """POST data for the record form: ``answers`` (scoring format) in the form's field names."""
    proposal.refresh_from_db()
    data = {"stage": proposal.current_stage_id, "lock_version": lock_version, "action": action,
            "advice": "", "outcome": ""}
    for item_id, answer in (answers or {}).items():
        prefix = f"item-{item_id}"
        if "present" in answer:
            data[f"{prefix}-present"] = "yes" if answer["present"] else "no"
            data[f"{prefix}-indicators"] = list(answer.get("indicators") or [])
        if "checks" in answer:
            for check, ticked in answer["checks"].items():
                if ticked:
                    data[f"{prefix}-check-{check}"] = "on"
        for key in ("option", "choice", "value", "text", "comment"):
            if key in answer:
                data[f"{prefix}-{key}"] = answer[key]
    data.update(extra)
    return data


# --- the review of a proposal ------------------------------------------------------------------

def test_staff_see_badges_every_result_drafts_marked_and_the_record_button(client):
    proposal, _pm, _manager, session = at_working_group()
    draft = record_stage_result(actor=StaffFactory(), proposal=proposal, lock_version=0,
                                answers=full_answers(proposal.current_stage.rubric.definition),
                                advice="Promising.")
    signed_in(client, StaffFactory())
    response = client.get(url("proposal_review", proposal.pk))
    assert response.status_code == 200
    page = text_of(response)
    assert "Screening and document check: Passed" in page
    assert "Working group: Awaiting meeting" in page
    assert "Working group: not decided yet — draft — not visible to the applicant" in page
    assert "100 of 100 points (100.00 %)" in page and "Very good" in page
    assert "Promising." in page and session.name in page
    assert f'href="{url("record_start", proposal.pk)}"' in response.content.decode()
    assert "Continue recording the result" in page
    assert f'href="{url("result_detail", draft.pk)}"' in response.content.decode()


def test_applicants_see_submitted_results_and_advice_but_never_a_draft(client):
    proposal, pm, manager, _session = at_working_group()
    record_stage_result(actor=StaffFactory(), proposal=proposal, lock_version=0, advice="Secret draft.",
                        answers=failing_answers(proposal.current_stage.rubric.definition))
    screening = StageResult.objects.get(proposal=proposal, stage__code="screening")
    StageResult.objects.filter(pk=screening.pk).update(advice="Well prepared.")
    for user in (pm, manager):
        client.logout()
        signed_in(client, user)
        response = client.get(url("proposal_review", proposal.pk))
        assert response.status_code == 200
        page = text_of(response)
        assert "Well prepared." in page and "Screening and document check: Passed" in page
        assert "Secret draft." not in page and "not visible to the applicant" not in page
        assert "Working group: not decided yet" not in page
        assert "Record result" not in page
        assert url("record_start", proposal.pk) not in response.content.decode()


def test_a_submitted_result_shows_item_points_comments_conflicts_and_session(client):
    member = CommitteeFactory(first_name="Malee", last_name="Srisuk")
    proposal, _pm, _manager, session = at_working_group(members=[member])
    item = AgendaItem.objects.get(session=session, proposal=proposal)
    ConflictOfInterest.objects.create(agenda_item=item, member=member, note="My sister works there.")
    answers = full_answers(proposal.current_stage.rubric.definition)
    answers["3"] = {"present": True, "indicators": ["1", "2", "3"], "comment": "Cite the survey."}
    result = record_stage_result(actor=StaffFactory(), proposal=proposal, answers=answers,
                                 advice="Pass with thanks.", submit=True)
    assert result.total == Decimal("94")
    signed_in(client, member)  # a committee member of the session reads it too (row 9)
    response = client.get(url("proposal_review", proposal.pk))
    assert response.status_code == 200
    page = text_of(response)
    assert "3. Rationale" in page and "9 / 15" in page and "Cite the survey." in page
    assert "94 of 100 points (94.00 %)" in page and "Pass with thanks." in page
    assert "Malee Srisuk: My sister works there." in page
    assert session.name in page


def test_applicants_do_not_see_who_declared_a_conflict(client):
    member = CommitteeFactory(first_name="Malee", last_name="Srisuk")
    proposal, pm, _manager, session = at_working_group(members=[member])
    ConflictOfInterest.objects.create(agenda_item=AgendaItem.objects.get(session=session),
                                      member=member, note="Related.")
    decide_meeting(proposal, session=session)
    signed_in(client, pm)
    page = text_of(client.get(url("proposal_review", proposal.pk)))
    assert "Working group: Passed" in page and "Malee" not in page


def test_the_review_of_someone_elses_proposal_is_a_404(client):
    proposal, _pm, _manager = in_review()
    other_pm = in_review()[1]
    signed_in(client, other_pm)
    assert client.get(url("proposal_review", proposal.pk)).status_code == 404
    client.logout()
    signed_in(client, CommitteeFactory())  # not on any session with it
    assert client.get(url("proposal_review", proposal.pk)).status_code == 404
    assert client.get(url("proposal_review", 999999)).status_code == 404


def test_a_proposal_waiting_for_a_session_says_so_instead_of_offering_the_form(client):
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "working_group")
    signed_in(client, StaffFactory())
    page = text_of(client.get(url("proposal_review", proposal.pk)))
    assert "put it on a session's agenda before recording its result" in page
    response = client.get(url("record_start", proposal.pk))
    assert response.status_code == 302 and response["Location"] == url("proposal_review", proposal.pk)
    response = client.get(url("record_form", proposal.pk), follow=True)
    assert "put it on a session's agenda" in text_of(response)


# --- record result → yes → the form ------------------------------------------------------------

def test_record_asks_for_confirmation_and_yes_opens_the_form(client):
    proposal, _pm, _manager = in_review()
    signed_in(client, StaffFactory())
    response = client.get(url("record_start", proposal.pk))
    assert response.status_code == 200
    assert (f"Record the result of stage “Screening and document check” for proposal "
            f"{proposal.number}") in text_of(response)
    response = client.post(url("record_start", proposal.pk), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == url("record_form", proposal.pk)
    assert not StageResult.objects.exists()


def test_the_form_has_the_stage_earlier_levels_only_and_the_prefilled_proposal(client):
    proposal, _pm, _manager, _session = at_working_group()
    StageResult.objects.filter(proposal=proposal).update(advice="Screening advice.")
    signed_in(client, StaffFactory())
    response = client.get(url("record_form", proposal.pk))
    assert response.status_code == 200
    page = text_of(response)
    html = response.content.decode()
    # 1. the stage
    assert "1. The stage being recorded" in page and "1. Working group" in page
    # 2. the level selector: screening's result, with its advice
    assert "2. Earlier stages' results" in page
    assert "Screening and document check: Passed" in page and "Screening advice." in page
    # 3. the form pre-filled from revision 1, with a link to the proposal
    assert "3. The form: Project screening form" in page
    assert "โครงการพัฒนาครูการศึกษาพิเศษ" in page
    assert "100,000.00 baht (หนึ่งแสนบาทถ้วน)" in page
    assert "Special education unit" in page and "Somchai Jaidee" in page and "081-234-5678" in page
    assert f'href="{reverse("proposals:detail", kwargs={"pk": proposal.pk})}"' in html
    # rubric A's items, each with its inputs and a comment box
    for number in range(1, 12):
        assert f'name="item-{number}-present"' in html
        assert f'name="item-{number}-indicators"' in html
        assert f'name="item-{number}-comment"' in html
    assert 'name="item-13-text"' in html and "12. Assessor's preliminary opinion" in page
    assert 'name="lock_version" value="0"' in html
    assert 'value="considered"' in html and 'value="not_considered"' in html
    assert 'value="passed"' not in html  # a rubric's pass is computed, not chosen
    assert "Save draft" in page and "Submit result" in page and "is final" in page


def test_the_level_selector_never_shows_later_stages(client):
    proposal, pm, manager = in_review()
    advance_to(proposal, "subcommittee")
    decide_meeting(proposal, passing=False)
    proposal_domain.create_next_revision(actor=pm, proposal=Proposal.objects.get(pk=proposal.pk))
    proposal_domain.submit_proposal(actor=manager, proposal=Proposal.objects.get(pk=proposal.pk))
    signed_in(client, StaffFactory())
    page = text_of(client.get(url("record_form", proposal.pk)))
    levels = page.split("2. Earlier stages' results")[1].split("3. The form")[0]
    assert "Revision 1" in levels and "Screening and document check: Passed" in levels
    assert "Working group" not in levels and "Subcommittee" not in levels


def test_saving_a_draft_stores_the_answers_and_the_form_opens_with_them(client):
    proposal, _pm, _manager, _session = at_working_group()
    signed_in(client, StaffFactory())
    answers = {"1": {"present": True, "indicators": ["1", "2", "4"], "comment": "Good name."},
               "2": {"present": False, "indicators": []},
               "13": {"text": "Ask for a map."}}
    response = client.post(url("record_form", proposal.pk),
                           form_data(proposal, answers, advice="Keep going."))
    assert response.status_code == 302 and response["Location"] == url("record_form", proposal.pk)
    draft = StageResult.objects.get(proposal=proposal, stage__code="working_group")
    assert draft.status == ResultStatus.DRAFT and draft.lock_version == 1
    assert draft.answers == answers
    assert draft.total == Decimal("3") and draft.advice == "Keep going." and draft.outcome == ""
    proposal.refresh_from_db()
    assert proposal.current_stage.code == "working_group"
    response = client.get(url("record_form", proposal.pk))
    html = response.content.decode()
    assert "The draft was saved" in text_of(response)
    assert re.search(r'name="item-1-present" value="yes"[^>]*checked', html)
    assert re.search(r'name="item-2-present" value="no"[^>]*checked', html)
    assert re.search(r'name="item-1-indicators" value="4"[^>]*checked', html)
    assert not re.search(r'name="item-1-indicators" value="3"[^>]*checked', html)
    assert "Good name.</textarea>" in html and "Ask for a map.</textarea>" in html
    assert 'name="lock_version" value="1"' in html
    assert 'id="score-total">3<' in html


def test_submitting_needs_the_confirmation_then_moves_the_proposal_on(client, mailoutbox):
    proposal, _pm, _manager, _session = at_working_group()
    signed_in(client, StaffFactory())
    answers = full_answers(proposal.current_stage.rubric.definition)
    response = client.post(url("record_form", proposal.pk), form_data(proposal, answers, action="submit"))
    assert response.status_code == 200
    assert "Tick this box to confirm that the result is final" in text_of(response)
    assert 'href="#id_confirm_final"' in response.content.decode()
    assert not StageResult.objects.filter(stage__code="working_group").exists()
    response = client.post(url("record_form", proposal.pk),
                           form_data(proposal, answers, action="submit", confirm_final="on"))
    result = StageResult.objects.get(proposal=proposal, stage__code="working_group")
    assert response.status_code == 302 and response["Location"] == url("result_detail", result.pk)
    assert result.is_final and result.outcome == Outcome.PASSED and result.total == Decimal("100")
    proposal.refresh_from_db()
    assert proposal.current_stage.code == "subcommittee"
    page = text_of(client.get(response["Location"]))
    assert "was submitted: Passed" in page


def test_submitting_twice_refuses_the_second_and_keeps_one_result(client):
    proposal, _pm, _manager, _session = at_working_group()
    signed_in(client, StaffFactory())
    data = form_data(proposal, full_answers(proposal.current_stage.rubric.definition), action="submit",
                     confirm_final="on")
    client.post(url("record_form", proposal.pk), data)
    response = client.post(url("record_form", proposal.pk), data, follow=True)
    assert response.status_code == 200
    assert "nothing was saved" in text_of(response).lower()
    assert StageResult.objects.filter(proposal=proposal, stage__code="working_group").count() == 1


def test_a_stale_lock_version_is_refused_with_a_message_and_nothing_changes(client):
    proposal, _pm, _manager, _session = at_working_group()
    record_stage_result(actor=StaffFactory(), proposal=proposal, lock_version=0, advice="First.")
    signed_in(client, StaffFactory())
    response = client.post(url("record_form", proposal.pk),
                           form_data(proposal, {"1": {"present": False}}, advice="Second.", lock_version=0),
                           follow=True)
    assert response.status_code == 200
    assert "Someone else saved this result while you were editing it" in text_of(response)
    result = StageResult.objects.get(proposal=proposal, stage__code="working_group")
    assert result.advice == "First." and result.lock_version == 1 and result.answers == {}


def test_a_score_over_its_cap_is_shown_at_its_item_and_nothing_is_saved(client):
    from .test_results_domain import _se_proposal

    proposal, _pm, _manager = _se_proposal()
    screen(proposal)
    proposal.refresh_from_db()
    make_session(proposal.current_stage, proposals=[proposal])
    answers = full_answers(proposal.current_stage.rubric.definition)
    answers["5.1"] = {"choice": "unclear", "value": "12"}
    signed_in(client, StaffFactory())
    response = client.post(url("record_form", proposal.pk), form_data(proposal, answers))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="item-5.1-error"' in html
    assert "The score is above what this item allows (at most 5)." in text_of(response)
    assert 'href="#id_item-5.1-choice_0"' in html  # the error summary links to the item
    assert re.search(r'name="item-5.1-value"[^>]*aria-describedby="[^"]*item-5.1-error', html) \
        or re.search(r'aria-describedby="[^"]*item-5.1-error[^"]*"[^>]*name="item-5.1-value"', html)
    assert 'value="12"' in html  # what was typed stays
    assert not StageResult.objects.filter(stage__code="committee").exists()


def test_rubric_b_shows_gates_bounded_and_choice_items_for_a_private_applicant(client):
    from .test_results_domain import _se_proposal

    proposal, _pm, _manager = _se_proposal()
    screen(proposal)
    proposal.refresh_from_db()
    make_session(proposal.current_stage, proposals=[proposal])
    signed_in(client, StaffFactory())
    html = client.get(url("record_form", proposal.pk)).content.decode()
    assert 'name="item-2-check-1"' in html and 'name="item-1-check-1"' not in html  # private only
    assert 'name="item-5.1-choice"' in html and 'name="item-5.1-value"' in html
    assert "Clear (at most 15 points)" in html and "Not clear (at most 5 points)" in html
    assert 'name="item-6-option"' in html and 'name="item-9-option"' in html


def test_the_screening_form_offers_the_three_outcomes_and_is_prefilled(client):
    proposal, _pm, _manager = in_review()
    signed_in(client, StaffFactory())
    html = client.get(url("record_form", proposal.pk)).content.decode()
    for value in ("passed", "not_passed", "not_passed_documents"):
        assert f'name="outcome" value="{value}"' in html
    assert re.search(r'name="item-documents-check-sections_complete"[^>]*checked', html)
    assert not re.search(r'name="item-eligibility-check-within_mission"[^>]*checked', html)
    response = client.post(url("record_form", proposal.pk),
                           form_data(proposal, action="submit", confirm_final="on"))
    assert response.status_code == 200
    assert "Choose the result before submitting it." in text_of(response)
    assert 'href="#id_outcome_0"' in response.content.decode()
    response = client.post(url("record_form", proposal.pk),
                           form_data(proposal, action="submit", confirm_final="on",
                                     outcome="not_passed_documents", advice="Attach the CVs."))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED


def test_the_board_records_approval_with_a_be_date_and_the_funded_project_starts(client):
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "board")
    proposal.refresh_from_db()
    make_session(proposal.current_stage, proposals=[proposal])
    signed_in(client, StaffFactory())
    html = client.get(url("record_form", proposal.pk)).content.decode()
    assert 'name="approved_amount"' in html and 'value="100000.00"' in html
    assert 'name="signed_off_on"' in html
    over = form_data(proposal, action="submit", confirm_final="on", outcome="approved",
                     approved_amount="100000.01", signed_off_on="1/10/2569")
    response = client.post(url("record_form", proposal.pk), over)
    assert response.status_code == 200
    assert "cannot exceed the requested budget" in text_of(response)
    assert 'id="id_approved_amount-error"' in response.content.decode()
    assert not FundedProject.objects.exists()
    signed = timezone.localdate() - datetime.timedelta(days=2)
    good = form_data(proposal, action="submit", confirm_final="on", outcome="approved",
                     approved_amount="95,000.50", signed_off_on=thaidate.format_input(signed, "th"))
    response = client.post(url("record_form", proposal.pk), good)
    assert response.status_code == 302
    project = FundedProject.objects.get(proposal=proposal)
    assert project.approved_amount == Decimal("95000.50") and project.signed_off_on == signed


def test_a_proposal_moved_on_meanwhile_is_not_recorded_at_its_new_stage(client):
    proposal, _pm, _manager = in_review()
    signed_in(client, StaffFactory())
    data = form_data(proposal, action="submit", confirm_final="on", outcome="passed")
    screen(proposal)  # someone else, between GET and POST
    advance_to(proposal, "board")
    response = client.post(url("record_form", proposal.pk), data, follow=True)
    assert response.status_code == 200
    assert StageResult.objects.filter(proposal=proposal).count() == 3


@pytest.mark.parametrize("data", [
    {"item-1-present": "maybe", "outcome": "bogus", "lock_version": "abc", "stage": "x"},
    {"item-1-indicators": ["9", "<script>"], "lock_version": "-3", "action": "submit"},
    {"item-1-comment": "x" * 6000, "advice": "y" * 20000},
    {},
])
def test_garbage_is_refused_with_errors_never_a_500(client, data):
    proposal, _pm, _manager, _session = at_working_group()
    signed_in(client, StaffFactory())
    response = client.post(url("record_form", proposal.pk), data)
    assert response.status_code == 200
    assert "Nothing was saved" in text_of(response)
    assert not StageResult.objects.filter(stage__code="working_group").exists()


def test_committee_members_and_applicants_cannot_reach_the_recording_pages(client):
    member = CommitteeFactory()
    proposal, pm, manager, _session = at_working_group(members=[member])
    data = form_data(proposal, full_answers(proposal.current_stage.rubric.definition), action="submit",
                     confirm_final="on")
    for user in (member, pm, manager):
        client.logout()
        signed_in(client, user)
        for name in ("record_start", "record_form", "record_score"):
            assert client.get(url(name, proposal.pk)).status_code == 404
            assert client.post(url(name, proposal.pk), data).status_code == 404
    assert not StageResult.objects.filter(stage__code="working_group").exists()
    client.logout()
    response = client.get(url("record_form", proposal.pk))
    assert response.status_code == 302 and "login" in response["Location"]


# --- live totals --------------------------------------------------------------------------------

def test_the_live_totals_are_computed_on_the_server_and_save_nothing(client):
    proposal, _pm, _manager, _session = at_working_group()
    signed_in(client, StaffFactory())
    answers = {"3": {"present": True, "indicators": ["1", "2", "3", "4"]},
               "9": {"present": True, "indicators": ["1", "2", "3"]}}
    response = client.post(url("record_score", proposal.pk), form_data(proposal, answers),
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="score-total">21<' in html
    assert "21.00 %" in html and "Sufficient" in html and "does not pass" in html
    assert not StageResult.objects.filter(stage__code="working_group").exists()
    html = client.get(url("record_form", proposal.pk)).content.decode()
    assert f'hx-post="{url("record_score", proposal.pk)}"' in html


# --- one result -------------------------------------------------------------------------------

def test_one_result_for_each_reader(client):
    proposal, pm, _manager, _session = at_working_group()
    screening = StageResult.objects.get(proposal=proposal, stage__code="screening")
    draft = record_stage_result(actor=StaffFactory(), proposal=proposal, lock_version=0)
    signed_in(client, pm)
    response = client.get(url("result_detail", screening.pk))
    assert response.status_code == 200
    assert f"Result of “Screening and document check” for proposal {proposal.number}" in text_of(response)
    assert client.get(url("result_detail", draft.pk)).status_code == 404
    assert client.get(url("result_print", draft.pk)).status_code == 404
    client.logout()
    signed_in(client, in_review()[1])
    assert client.get(url("result_detail", screening.pk)).status_code == 404
    client.logout()
    signed_in(client, StaffFactory())
    response = client.get(url("result_detail", draft.pk))
    assert response.status_code == 200 and "Draft — not visible to the applicant." in text_of(response)
    response = client.get(url("result_print", screening.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="{proposal.number}-r1-screening.pdf"' in response["Content-Disposition"]


# --- query counts --------------------------------------------------------------------------------

def _meeting_with_conflict(proposal):
    """A session of the proposal's current stage with it on the agenda and one declared conflict."""
    member = CommitteeFactory()
    session = make_session(Proposal.objects.get(pk=proposal.pk).current_stage, proposals=[proposal],
                           members=[member])
    ConflictOfInterest.objects.create(agenda_item=AgendaItem.objects.get(session=session),
                                      member=member, note="Related.")
    return session


def _with_history(revisions: int):
    """A proposal with a draft at the subcommittee of revision ``revisions``, with the results of
    the earlier revisions (each failed at the subcommittee) and conflicts on every session."""
    proposal, pm, manager = in_review()
    for _ in range(revisions - 1):
        advance_to(proposal, "working_group")
        decide_meeting(proposal, session=_meeting_with_conflict(proposal))
        decide_meeting(proposal, passing=False, session=_meeting_with_conflict(proposal))
        proposal_domain.create_next_revision(actor=pm, proposal=Proposal.objects.get(pk=proposal.pk))
        proposal_domain.submit_proposal(actor=manager, proposal=Proposal.objects.get(pk=proposal.pk))
    advance_to(proposal, "working_group")
    decide_meeting(proposal, session=_meeting_with_conflict(proposal))
    _meeting_with_conflict(proposal)
    record_stage_result(actor=StaffFactory(), proposal=Proposal.objects.get(pk=proposal.pk),
                        lock_version=0, advice="Draft.")
    return proposal


def _count(client, name, pk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(name, pk))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["proposal_review", "record_form"])
def test_the_query_count_does_not_grow_with_results_or_revisions(client, name,
                                                                 django_assert_max_num_queries):
    small, large = _with_history(1), _with_history(3)
    assert StageResult.objects.filter(proposal=small).count() == 3
    assert StageResult.objects.filter(proposal=large).count() == 9
    signed_in(client, StaffFactory())
    client.get(url(name, small.pk))  # warm the matrix cache
    counts = [_count(client, name, p.pk) for p in (small, large)]
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(15):
        client.get(url(name, large.pk))
