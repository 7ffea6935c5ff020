"""``record_stage_result`` (spec 03 §2.12, issue 4 "Recording results" and "Bad input"): the
pipeline moves for both funds, screening outcomes, "not considered", approval and the funded
project, a return and the next revision starting again at screening, drafts and their lock
version, and every refusal leaving nothing changed."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone, translation

from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.monitoring.models import FundedProject
from phonlap.proposals import domain as proposal_domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal
from phonlap.review.domain.results import StaleResult, record_stage_result
from phonlap.review.enums import Badge, Outcome, ResultStatus
from phonlap.review.models import AgendaItem, StageResult
from phonlap.review.queries import results_for_user, stage_badges_for
from tests.factories import CommitteeFactory, StaffFactory
from tests.organisations.factories import OrganisationFactory
from tests.proposals.factories import pdf_upload, sections, team

from .factories import (
    advance_to,
    decide_meeting,
    disability_fund,
    failing_answers,
    full_answers,
    in_review,
    make_session,
    screen,
    se_fund,
    stage_of,
)

pytestmark = pytest.mark.django_db


def stage_code(proposal) -> str | None:
    proposal.refresh_from_db()
    return proposal.current_stage.code if proposal.current_stage_id else None


def badges_of(proposal):
    return [b.badge for b in stage_badges_for([proposal])[proposal.pk]]


def snapshot(proposal):
    """What a refused call must leave exactly as it was."""
    proposal.refresh_from_db()
    return (proposal.status, proposal.current_stage_id, proposal.latest_revision_number,
            list(StageResult.objects.filter(proposal=proposal)
                 .values_list("pk", "status", "outcome", "lock_version", "answers", "advice")),
            list(AgendaItem.objects.filter(proposal=proposal).values_list("pk", "decided_at")))


# --- the pipelines -----------------------------------------------------------------------------

def test_the_disability_fund_pipeline_moves_stage_by_stage_to_approval():
    proposal, _pm, _manager = in_review()
    assert stage_code(proposal) == "screening"
    screen(proposal)
    assert stage_code(proposal) == "working_group"
    wg = decide_meeting(proposal)
    assert wg.outcome == Outcome.PASSED and wg.total == Decimal("100") and wg.grade == "very_good"
    assert stage_code(proposal) == "subcommittee"
    decide_meeting(proposal)
    assert stage_code(proposal) == "board"
    board = decide_meeting(proposal)
    proposal.refresh_from_db()
    assert board.outcome == Outcome.APPROVED
    assert proposal.status == ProposalStatus.APPROVED and proposal.current_stage is None
    assert [r.stage.code for r in StageResult.objects.filter(proposal=proposal).order_by("stage_order")] \
        == ["screening", "working_group", "subcommittee", "board"]


def test_the_se_fund_pipeline_scores_with_rubric_b_and_goes_to_its_board():
    proposal, _pm, _manager = _se_proposal(OrganisationFactory(kind="private"))
    assert stage_code(proposal) == "screening"
    screen(proposal)
    assert stage_code(proposal) == "committee"
    committee = decide_meeting(proposal)
    assert committee.rubric.code == "se-criteria"
    assert committee.applicant_type == "private"
    assert (committee.total, committee.maximum, committee.outcome) == (Decimal("100"), Decimal("100"),
                                                                      Outcome.PASSED)
    assert stage_code(proposal) == "board"
    decide_meeting(proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert FundedProject.objects.filter(proposal=proposal).exists()


def _se_proposal(organisation=None):
    """A proposal to the SE Promotion Fund at screening, from ``organisation`` (a new private one
    if none): rubric B switches on the applicant's type."""
    pm, manager, organisation = team(organisation)
    proposal = proposal_domain.create_proposal(actor=pm, organisation=organisation, fund=se_fund())
    for number, data in sections().items():
        if number == 2:
            data["target_groups"] = ["disabled", "youth"]
        proposal = proposal_domain.save_section(actor=pm, proposal=proposal, section=number, data=data)
    for kind in proposal.fund.required_attachment_types:
        proposal_domain.add_attachment(actor=pm, proposal=proposal, type=kind,
                                       upload=pdf_upload(f"{kind}.pdf"))
    proposal_domain.submit_proposal(actor=manager, proposal=proposal)
    proposal.refresh_from_db()
    return proposal, pm, manager


def test_a_government_applicant_is_scored_out_of_90_on_rubric_b():
    government = OrganisationFactory(kind="government", parent_agency="Ministry of Education")
    proposal, _pm, _manager = _se_proposal(government)
    screen(proposal)
    result = decide_meeting(proposal)
    assert result.applicant_type == "government"
    assert (result.total, result.maximum, result.percentage) == (Decimal("90"), Decimal("90"),
                                                                 Decimal("100.00"))


# --- screening -------------------------------------------------------------------------------

def test_screening_passed_moves_to_the_working_group():
    proposal, _pm, _manager = in_review()
    result = screen(proposal, advice="Complete.")
    assert result.is_final and result.outcome == Outcome.PASSED and result.advice == "Complete."
    assert stage_code(proposal) == "working_group"
    assert badges_of(proposal)[:2] == [Badge.PASSED, Badge.AWAITING_AGENDA]


@pytest.mark.parametrize("outcome", [Outcome.NOT_PASSED, Outcome.NOT_PASSED_DOCUMENTS])
def test_screening_failures_return_the_proposal_to_its_project_manager(outcome):
    proposal, _pm, _manager = in_review()
    screen(proposal, outcome=outcome, advice="Attach the expense table.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED and proposal.current_stage is None
    expected = Badge.NOT_PASSED if outcome == Outcome.NOT_PASSED else Badge.NOT_PASSED_DOCUMENTS
    assert badges_of(proposal)[0] == expected


def test_screening_records_its_checklist_and_keeps_the_rubric_version():
    proposal, _pm, _manager = in_review()
    answers = {"documents": {"checks": {"sections_complete": True, "attachments_present": False}},
               "advice": {"text": "Missing the budget table."}}
    result = screen(proposal, outcome=Outcome.NOT_PASSED_DOCUMENTS, answers=answers)
    assert result.rubric.code == "def-screening" and result.answers == answers
    assert result.rubric_passed is False


def test_screening_without_an_outcome_cannot_be_submitted():
    proposal, _pm, _manager = in_review()
    before = snapshot(proposal)
    with pytest.raises(ValidationFailed) as caught:
        record_stage_result(actor=StaffFactory(), proposal=proposal, submit=True)
    assert caught.value.field == "outcome"
    assert snapshot(proposal) == before


def test_an_outcome_the_stage_does_not_offer_is_refused():
    proposal, _pm, _manager = in_review()
    before = snapshot(proposal)
    with pytest.raises(ValidationFailed) as caught:
        record_stage_result(actor=StaffFactory(), proposal=proposal, outcome=Outcome.APPROVED,
                            submit=True)
    assert caught.value.field == "outcome"
    assert snapshot(proposal) == before


# --- meetings ------------------------------------------------------------------------------

def test_a_failing_score_returns_the_proposal_with_the_computed_outcome():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "working_group")
    result = decide_meeting(proposal, passing=False)
    assert result.outcome == Outcome.NOT_PASSED and result.rubric_passed is False
    assert result.total == Decimal("0") and result.grade == "needs_improvement"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED


def test_a_rubric_stage_ignores_a_chosen_pass_the_score_decides():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "working_group")
    make_session(proposal.current_stage, proposals=[proposal])
    result = record_stage_result(actor=StaffFactory(), proposal=proposal, outcome=Outcome.PASSED,
                                 answers=failing_answers(stage_of(disability_fund(),
                                                                  "working_group").rubric.definition),
                                 submit=True)
    assert result.outcome == Outcome.NOT_PASSED


def test_not_considered_keeps_the_proposal_at_the_stage_for_another_session():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "working_group")
    first = make_session(proposal.current_stage, proposals=[proposal])
    staff = StaffFactory()
    result = record_stage_result(actor=staff, proposal=proposal, outcome=Outcome.NOT_CONSIDERED,
                                 advice="Deferred: the applicant was absent.", submit=True)
    assert result.is_final and result.outcome == Outcome.NOT_CONSIDERED
    assert result.session_id == first.pk
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW and proposal.current_stage.code == "working_group"
    assert AgendaItem.objects.get(session=first, proposal=proposal).decided_at is not None
    assert badges_of(proposal)[1] == Badge.NOT_CONSIDERED
    # Nothing more until another session has it on its agenda.
    with pytest.raises(InvalidTransition):
        record_stage_result(actor=staff, proposal=proposal, outcome=Outcome.NOT_CONSIDERED)
    decide_meeting(proposal)
    assert stage_code(proposal) == "subcommittee"
    assert StageResult.objects.filter(proposal=proposal, stage__code="working_group").count() == 2


def test_a_meeting_stage_needs_an_open_agenda_item():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "working_group")
    before = snapshot(proposal)
    with pytest.raises(InvalidTransition):
        record_stage_result(actor=StaffFactory(), proposal=proposal,
                            answers=full_answers(proposal.current_stage.rubric.definition), submit=True)
    assert snapshot(proposal) == before


def test_a_result_is_recorded_only_for_the_stage_the_proposal_is_in():
    proposal, _pm, _manager = in_review()
    before = snapshot(proposal)
    with pytest.raises(InvalidTransition):
        record_stage_result(actor=StaffFactory(), proposal=proposal,
                            stage=stage_of(disability_fund(), "board"), outcome=Outcome.APPROVED,
                            approved_amount=Decimal("1000"), signed_off_on=timezone.localdate(),
                            submit=True)
    assert snapshot(proposal) == before


# --- approval ---------------------------------------------------------------------------------

def test_approval_creates_the_funded_project_with_the_amount_and_the_sign_off():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "board")
    signed = timezone.localdate() - datetime.timedelta(days=3)
    amount = proposal.requested_budget - Decimal("1000.50")
    result = decide_meeting(proposal, approved_amount=amount, signed_off_on=signed)
    assert (result.approved_amount, result.signed_off_on) == (amount, signed)
    project = FundedProject.objects.get(proposal=proposal)
    assert (project.approved_amount, project.signed_off_on) == (amount, signed)
    assert project.revision.number == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


@pytest.mark.parametrize(("changes", "field"), [
    ({"approved_amount": None}, "approved_amount"),
    ({"approved_amount": "a lot"}, "approved_amount"),
    ({"approved_amount": "-5"}, "approved_amount"),
    ({"approved_amount": "BUDGET+1"}, "approved_amount"),
    ({"signed_off_on": None}, "signed_off_on"),
    ({"signed_off_on": "TOMORROW"}, "signed_off_on"),
])
def test_approval_refuses_a_missing_or_wrong_amount_or_sign_off(changes, field):
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "board")
    make_session(proposal.current_stage, proposals=[proposal])
    values = {"approved_amount": proposal.requested_budget, "signed_off_on": timezone.localdate()}
    values.update(changes)
    if values["approved_amount"] == "BUDGET+1":
        values["approved_amount"] = proposal.requested_budget + 1
    if values["signed_off_on"] == "TOMORROW":
        values["signed_off_on"] = timezone.localdate() + datetime.timedelta(days=1)
    before = snapshot(proposal)
    with pytest.raises(ValidationFailed) as caught:
        record_stage_result(actor=StaffFactory(), proposal=proposal, outcome=Outcome.APPROVED,
                            submit=True, **values)
    assert caught.value.field == field
    assert snapshot(proposal) == before
    assert not FundedProject.objects.filter(proposal=proposal).exists()


def test_the_board_rejecting_returns_the_proposal():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "board")
    decide_meeting(proposal, passing=False)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    assert not FundedProject.objects.filter(proposal=proposal).exists()


# --- a return and the next revision ----------------------------------------------------------

def test_a_returned_proposal_comes_back_as_revision_2_and_starts_at_screening():
    proposal, pm, manager = in_review()
    advance_to(proposal, "subcommittee")
    decide_meeting(proposal, passing=False)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    proposal_domain.create_next_revision(actor=pm, proposal=proposal)
    proposal_domain.submit_proposal(actor=manager, proposal=Proposal.objects.get(pk=proposal.pk))
    proposal.refresh_from_db()
    assert proposal.latest_revision_number == 2
    assert proposal.status == ProposalStatus.IN_REVIEW and proposal.current_stage.code == "screening"
    assert badges_of(proposal) == [Badge.AWAITING_RESULT, Badge.AWAITING, Badge.AWAITING, Badge.AWAITING]
    result = screen(proposal)
    assert result.revision.number == 2
    assert stage_code(proposal) == "working_group"
    # Revision 1's results stay as they were.
    assert StageResult.objects.filter(proposal=proposal, revision__number=1).count() == 3


# --- drafts, lock versions, double submission ---------------------------------------------------

def test_a_draft_is_editable_and_invisible_to_the_applicant_until_submitted():
    proposal, pm, manager = in_review()
    staff = StaffFactory()
    draft = record_stage_result(actor=staff, proposal=proposal, outcome=Outcome.PASSED,
                                advice="First look.", lock_version=0)
    assert draft.status == ResultStatus.DRAFT and draft.lock_version == 1
    assert stage_code(proposal) == "screening"  # a draft moves nothing
    assert badges_of(proposal)[0] == Badge.AWAITING_RESULT
    assert list(results_for_user(staff)) == [draft]
    assert not results_for_user(pm).exists()
    assert not results_for_user(manager).exists()
    again = record_stage_result(actor=staff, proposal=proposal, outcome=Outcome.NOT_PASSED,
                                advice="Second look.", lock_version=1)
    assert again.pk == draft.pk and again.lock_version == 2 and again.outcome == Outcome.NOT_PASSED
    record_stage_result(actor=staff, proposal=proposal, outcome=Outcome.PASSED, lock_version=2,
                        submit=True)
    assert [r.pk for r in results_for_user(pm)] == [draft.pk]
    assert [r.pk for r in results_for_user(manager)] == [draft.pk]


def test_a_stale_lock_version_is_refused_and_changes_nothing():
    proposal, _pm, _manager = in_review()
    first, second = StaffFactory(), StaffFactory()
    record_stage_result(actor=first, proposal=proposal, outcome=Outcome.PASSED, advice="Mine.",
                        lock_version=0)
    before = snapshot(proposal)
    # The second member opened the form before the first saved (no draft then: 0).
    with pytest.raises(StaleResult):
        record_stage_result(actor=second, proposal=proposal, outcome=Outcome.NOT_PASSED,
                            advice="Theirs.", lock_version=0, submit=True)
    with pytest.raises(StaleResult):
        record_stage_result(actor=second, proposal=proposal, outcome=Outcome.NOT_PASSED,
                            advice="Theirs.", lock_version=7)
    assert snapshot(proposal) == before
    assert StageResult.objects.get(proposal=proposal).advice == "Mine."


def test_submitting_twice_is_refused_and_leaves_one_result():
    proposal, _pm, _manager = in_review()
    screening = stage_of(disability_fund(), "screening")
    staff = StaffFactory()
    record_stage_result(actor=staff, proposal=proposal, stage=screening, outcome=Outcome.PASSED,
                        lock_version=0, submit=True)
    before = snapshot(proposal)
    for lock_version in (0, 1, None):
        with pytest.raises(InvalidTransition):
            record_stage_result(actor=staff, proposal=proposal, stage=screening,
                                outcome=Outcome.NOT_PASSED, lock_version=lock_version, submit=True)
    assert snapshot(proposal) == before
    assert StageResult.objects.filter(proposal=proposal, stage=screening).count() == 1


def test_a_committee_member_cannot_record_anything():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "working_group")
    member = CommitteeFactory()
    make_session(proposal.current_stage, proposals=[proposal], members=[member])
    before = snapshot(proposal)
    with pytest.raises(PermissionDenied):
        record_stage_result(actor=member, proposal=proposal,
                            answers=full_answers(proposal.current_stage.rubric.definition), submit=True)
    with pytest.raises(PermissionDenied):
        record_stage_result(actor=member, proposal=proposal, lock_version=0)
    assert snapshot(proposal) == before


def test_an_applicant_cannot_record_a_result():
    proposal, pm, manager = in_review()
    before = snapshot(proposal)
    for user in (pm, manager):
        with pytest.raises(PermissionDenied):
            record_stage_result(actor=user, proposal=proposal, outcome=Outcome.PASSED, submit=True)
    assert snapshot(proposal) == before


# --- scores outside the caps ------------------------------------------------------------------

@pytest.mark.parametrize(("item", "answer"), [
    ("5.1", {"choice": "clear", "value": "15.01"}),
    ("5.1", {"choice": "unclear", "value": "6"}),
    ("5.2", {"choice": "unclear", "value": "1.5"}),
    ("5.1", {"choice": "clear", "value": "-1"}),
    ("5.1", {"choice": "clear", "value": "ten"}),
    ("5.1", {"choice": "clear", "value": "3.333"}),
    ("6", {"option": "excellent"}),
    ("7.1", {"present": True, "indicators": ["1", "9"]}),
])
def test_scores_outside_the_rubric_are_refused_at_their_item_with_nothing_changed(item, answer):
    proposal, _pm, _manager = _se_proposal()
    screen(proposal)
    proposal.refresh_from_db()
    make_session(proposal.current_stage, proposals=[proposal])
    definition = proposal.current_stage.rubric.definition
    answers = full_answers(definition)
    answers[item] = answer
    before = snapshot(proposal)
    for submit in (False, True):
        with pytest.raises(ValidationFailed) as caught:
            record_stage_result(actor=StaffFactory(), proposal=proposal, answers=answers,
                                lock_version=0, submit=submit)
        assert list(caught.value.errors) == [f"item-{item}"]
        assert all(isinstance(m, str) and m for m in caught.value.errors[f"item-{item}"])
    assert snapshot(proposal) == before


@pytest.mark.parametrize(("answer", "message"), [
    ({"choice": "unclear", "value": "6"}, "The score is above what this item allows (at most 5)."),
    ({"choice": "clear", "value": "3.333"}, "Use at most two decimal places."),
    ({"choice": "clear", "value": "-1"}, "The score cannot be below zero."),
    ({"choice": "clear", "value": "ten"}, "Enter the score as a number, e.g. 12 or 12.5."),
])
def test_a_refused_score_says_why_in_the_readers_words(answer, message):
    proposal, _pm, _manager = _se_proposal()
    screen(proposal)
    proposal.refresh_from_db()
    make_session(proposal.current_stage, proposals=[proposal])
    answers = full_answers(proposal.current_stage.rubric.definition)
    answers["5.1"] = answer
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        record_stage_result(actor=StaffFactory(), proposal=proposal, answers=answers, lock_version=0)
    assert [str(m) for m in caught.value.errors["item-5.1"]] == [message]


def test_an_incomplete_rubric_saves_as_a_draft_but_is_not_submitted():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "working_group")
    make_session(proposal.current_stage, proposals=[proposal])
    answers = full_answers(proposal.current_stage.rubric.definition)
    del answers["3"]
    staff = StaffFactory()
    draft = record_stage_result(actor=staff, proposal=proposal, answers=answers, lock_version=0)
    assert draft.status == ResultStatus.DRAFT and draft.total == Decimal("85") and draft.outcome == ""
    before = snapshot(proposal)
    with pytest.raises(ValidationFailed) as caught:
        record_stage_result(actor=staff, proposal=proposal, answers=answers, lock_version=1, submit=True)
    assert "item-3" in caught.value.errors
    assert snapshot(proposal) == before


# --- two staff at once (PostgreSQL) -------------------------------------------------------------

@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_submitting_the_same_stage_at_once_make_exactly_one_result():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "working_group")
    make_session(proposal.current_stage, proposals=[proposal])
    definition = proposal.current_stage.rubric.definition
    passing, failing = full_answers(definition), failing_answers(definition)
    staff = [StaffFactory(), StaffFactory()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def record(actor, answers):
        from django.db import connections

        try:
            stale = Proposal.objects.get(pk=proposal.pk)
            barrier.wait(timeout=10)
            record_stage_result(actor=actor, proposal=stale, answers=answers, lock_version=0,
                                submit=True)
            outcomes.append("submitted")
        except InvalidTransition:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(staff[0], passing)),
               threading.Thread(target=record, args=(staff[1], failing))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "submitted"]
    results = list(StageResult.objects.filter(proposal=proposal, stage__code="working_group"))
    assert len(results) == 1 and results[0].is_final
    proposal.refresh_from_db()
    # The proposal followed the one result that was stored (no lost update, no mixed state).
    if results[0].outcome == Outcome.PASSED:
        assert proposal.status == ProposalStatus.IN_REVIEW and proposal.current_stage.code == "subcommittee"
    else:
        assert proposal.status == ProposalStatus.RETURNED
    assert AgendaItem.objects.get(proposal=proposal).decided_at == results[0].submitted_at
    connection.close()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_saving_one_draft_at_once_lose_no_update():
    proposal, _pm, _manager = in_review()
    staff = [StaffFactory(), StaffFactory()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(actor, advice):
        from django.db import connections

        try:
            stale = Proposal.objects.get(pk=proposal.pk)
            barrier.wait(timeout=10)
            record_stage_result(actor=actor, proposal=stale, outcome=Outcome.PASSED, advice=advice,
                                lock_version=0)
            outcomes.append(advice)
        except StaleResult:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(user, f"by {n}")) for n, user in enumerate(staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes)[-1] == "stale" and len(outcomes) == 2
    saved = [o for o in outcomes if o != "stale"]
    result = StageResult.objects.get(proposal=proposal)
    assert [result.advice] == saved and result.lock_version == 1
    connection.close()
