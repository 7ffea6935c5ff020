"""The demo's review (issue 4, "make demo"): proposals at every stage and badge, sessions held
and planned, built through the review domain. The demo is loaded once for the module (``demo``
in conftest.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from phonlap.accounts.models import User
from phonlap.demo import data
from phonlap.demo.review import rubric_answers, screening_answers
from phonlap.funds.rubrics import RUBRIC_A, RUBRIC_B, SCREENING_FORM
from phonlap.monitoring.models import FundedProject
from phonlap.proposals.models import Proposal
from phonlap.review import scoring
from phonlap.review.enums import Badge, Outcome, ResultStatus, SessionRole, SessionStatus
from phonlap.review.models import AgendaItem, ConflictOfInterest, EvaluationSession, StageResult
from phonlap.review.queries import stage_badges_for
from phonlap.review.session_queries import sessions_for_user
from tests.factories import signed_in

NAMES = {spec["key"]: spec["name"] for spec in data.PROPOSALS}
EMAILS = {spec["key"]: spec["email"] for spec in data.USERS + data.COMMITTEE + data.APPLICANTS}


def proposal(key: str) -> Proposal:
    if key == "draft":  # only section 1 is saved: the name (section 2) is not
        return Proposal.objects.get(status="draft", sections_saved=[1])
    return Proposal.objects.get(name=NAMES[key])


def badges(key: str) -> dict[str, str]:
    p = proposal(key)
    return {b.stage.code: b.badge.value for b in stage_badges_for([p])[p.pk]}


DEF_AWAITING = {"working_group": "awaiting", "subcommittee": "awaiting", "board": "awaiting"}


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "expected"), [
    ("draft", {"screening": "awaiting", **DEF_AWAITING}),
    ("screening", {"screening": "awaiting_result", **DEF_AWAITING}),
    ("documents", {"screening": "not_passed_documents", **DEF_AWAITING}),
    ("awaiting_meeting", {"screening": "passed", "working_group": "awaiting_meeting",
                          "subcommittee": "awaiting", "board": "awaiting"}),
    ("awaiting_agenda", {"screening": "passed", "working_group": "passed",
                         "subcommittee": "awaiting_agenda", "board": "awaiting"}),
    ("board", {"screening": "passed", "working_group": "passed", "subcommittee": "passed",
               "board": "awaiting_meeting"}),
    ("approved", {"screening": "passed", "working_group": "passed", "subcommittee": "passed",
                  "board": "approved"}),
    ("resubmitted", {"screening": "awaiting_result", **DEF_AWAITING}),
    ("se_not_passed", {"screening": "passed", "committee": "not_passed", "board": "awaiting"}),
])
def test_the_project_managers_proposals_stand_at_every_stage(demo, key, expected):
    assert badges(key) == expected
    assert proposal(key).created_by.email == EMAILS["project_manager"]


@pytest.mark.django_db
def test_every_badge_appears_and_other_organisations_apply(demo):
    proposals = list(Proposal.objects.all())
    shown = {b.badge for row in stage_badges_for(proposals).values() for b in row}
    assert shown == set(Badge)
    assert len(proposals) == len(data.PROPOSALS)
    submitting = Proposal.objects.exclude(status="draft").values("organisation").distinct()
    assert submitting.count() == 4
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert statuses == {"draft", "in_review", "returned", "not_passed", "approved", "rejected"}
    ready = proposal("ready")
    assert ready.submission_requested_at is not None and ready.attachments.count() == 3


@pytest.mark.django_db
def test_screening_returned_a_proposal_with_documents_missing(demo):
    p = proposal("documents")
    result = StageResult.objects.get(proposal=p)
    assert p.status == "returned"
    assert result.outcome == Outcome.NOT_PASSED_DOCUMENTS and result.status == ResultStatus.SUBMITTED
    assert result.advice == data.ADVICE["documents"]
    assert result.answers["documents"]["checks"]["attachments_present"] is False


@pytest.mark.django_db
@pytest.mark.parametrize(("fund", "stage"), [
    ("disability-education", "working_group"), ("disability-education", "subcommittee"),
    ("disability-education", "board"), ("se-promotion", "committee"), ("se-promotion", "board"),
])
def test_sessions_held_and_planned_for_each_meeting_stage(demo, fund, stage):
    now = timezone.now()
    sessions = EvaluationSession.objects.filter(fund__code=fund, stage__code=stage)
    held = [s for s in sessions if s.status == SessionStatus.CLOSED]
    planned = [s for s in sessions if s.status == SessionStatus.PLANNED]
    assert held and planned
    for session in held:
        assert -60 <= (timezone.localtime(session.starts_at).date() - demo).days <= -10
        assert session.starts_at < session.closed_at < now
        items = list(session.agenda.all())
        assert items and all(item.decided_at is not None for item in items)
        # the resolutions: a submitted result for every item, recorded after the meeting began
        for item in items:
            assert item.result.status == ResultStatus.SUBMITTED
            assert session.starts_at <= item.result.submitted_at <= session.closed_at
    for session in planned:
        assert 7 <= (timezone.localtime(session.starts_at).date() - demo).days <= 30
        assert session.agenda.filter(decided_at__isnull=True).exists()
    for session in sessions:
        roles = sorted(session.members.values_list("role", flat=True))
        assert roles.count(SessionRole.CHAIR) == 1 and roles.count(SessionRole.SECRETARY) == 1
        assert roles.count(SessionRole.MEMBER) >= 1


@pytest.mark.django_db
def test_the_committee_account_sits_on_sessions_held_and_planned(demo):
    committee = User.objects.get(email=EMAILS["committee"])
    seen = {s.pk: s for s in sessions_for_user(committee)}
    seats = dict(committee.session_seats.values_list("session_id", "role"))
    assert set(seen) == set(seats) and len(seats) >= 5
    assert list(seats.values()).count(SessionRole.CHAIR) == 1
    assert SessionRole.MEMBER in seats.values()
    assert {seen[pk].status for pk in seats} == {SessionStatus.CLOSED, SessionStatus.PLANNED}
    chaired = seen[next(pk for pk, role in seats.items() if role == SessionRole.CHAIR)]
    assert chaired.status == SessionStatus.PLANNED and chaired.agenda.exists()
    assert EvaluationSession.objects.count() == len(data.SESSIONS)
    committee_accounts = User.objects.filter(is_committee=True).count()
    assert committee_accounts == 1 + len(data.COMMITTEE)


@pytest.mark.django_db
def test_members_declared_conflicts_on_their_sessions(demo):
    conflicts = list(ConflictOfInterest.objects.select_related("agenda_item__session", "member"))
    assert len(conflicts) >= 2
    for conflict in conflicts:
        session = conflict.agenda_item.session
        assert session.members.filter(user=conflict.member).exists()
        assert conflict.note
        assert conflict.declared_at < session.starts_at
        assert conflict.agenda_item.result.is_final  # shown on the result


@pytest.mark.django_db
def test_an_approved_proposal_became_a_funded_project(demo):
    p = proposal("approved")
    project = FundedProject.objects.get(proposal=p)
    board = StageResult.objects.get(proposal=p, stage__code="board")
    assert p.status == "approved" and p.current_stage is None
    assert project.approved_amount == board.approved_amount
    share = (p.requested_budget * Decimal("0.9") / 1000).quantize(1, "ROUND_DOWN") * 1000
    assert project.approved_amount == share  # 90 % of the request, in whole thousands of baht
    assert project.approved_amount < p.requested_budget
    assert project.signed_off_on == board.signed_off_on < demo
    assert project.signed_off_on == timezone.localtime(board.submitted_at).date()
    assert FundedProject.objects.count() == 2


@pytest.mark.django_db
def test_scores_are_computed_from_ticked_indications(demo):
    p = proposal("awaiting_agenda")
    passed = StageResult.objects.get(proposal=p, stage__code="working_group")
    assert passed.outcome == Outcome.PASSED and passed.rubric.code == "def-committee"
    assert passed.total == 86 and passed.grade == "very_good"
    scored = [i for i in RUBRIC_A["items"] if i["kind"] in scoring.SCORED_KINDS]
    assert all(passed.answers[i["id"]]["comment"] for i in scored)  # a comment on every item
    assert passed.answers["13"]["text"] == passed.advice
    for result in StageResult.objects.filter(stage__code__in=["working_group", "subcommittee"],
                                             outcome__in=["passed", "not_passed"]):
        again = scoring.score(result.rubric.definition, result.answers, result.applicant_type)
        assert again.total == result.total
        assert (80 <= result.total <= 95) if result.outcome == "passed" else (60 <= result.total <= 75)


@pytest.mark.django_db
def test_a_returned_proposal_was_revised_and_is_back_at_screening(demo):
    p = proposal("resubmitted")
    assert p.status == "in_review" and p.current_stage.code == "screening"
    assert p.latest_revision_number == 2
    failed = StageResult.objects.get(proposal=p, stage__code="subcommittee")
    assert failed.revision.number == 1 and failed.outcome == Outcome.NOT_PASSED
    assert failed.advice == data.ADVICE["sc_fail"] and 60 <= failed.total < 80
    first, second = p.revisions.order_by("number")
    assert second.content["section2"]["indicators"] != first.content["section2"]["indicators"]
    assert first.submitted_at < failed.submitted_at < second.submitted_at < timezone.now()
    assert p.stage_entered_at == second.submitted_at


@pytest.mark.django_db
def test_the_social_enterprise_proposal_did_not_pass_rubric_b(demo):
    p = proposal("se_not_passed")
    result = StageResult.objects.get(proposal=p, stage__code="committee")
    # The SE fund's committee route is "not passed": a new revision may follow.
    assert p.status == "not_passed" and p.organisation.kind == "private"
    assert result.rubric.code == "se-criteria" and result.applicant_type == "private"
    assert result.outcome == Outcome.NOT_PASSED and result.rubric_passed is False
    assert result.maximum == 100 and result.percentage < 60
    assert result.advice == data.ADVICE["se_fail"]
    assert scoring.score(RUBRIC_B, result.answers, "private").gates_passed


@pytest.mark.django_db
def test_the_story_happened_on_plausible_days(demo):
    now = timezone.now()
    for result in StageResult.objects.all():
        assert result.entered_stage_at <= result.submitted_at < now
        assert result.revision.submitted_at <= result.submitted_at
    for item in AgendaItem.objects.select_related("session"):
        assert item.added_at < now
        if item.decided_at:
            assert item.added_at <= item.decided_at
    # time spent at screening differs between proposals: the statistics have something to show
    waits = {r.submitted_at - r.entered_stage_at for r in StageResult.objects.filter(stage__code="screening")}
    assert len(waits) > 1 and all(w > datetime.timedelta(days=1) for w in waits)


@pytest.mark.django_db
def test_the_demo_review_pages_open_for_their_people(demo, client):
    """Staff open every session, review and result of the demo; the committee account its
    sessions; the project manager the review of a returned proposal, with its advice."""
    signed_in(client, User.objects.get(email=EMAILS["staff"]))
    for session in EvaluationSession.objects.all():
        assert client.get(reverse("review:session_detail", args=[session.pk])).status_code == 200
    for p in Proposal.objects.filter(latest_revision_number__gte=1):
        assert client.get(reverse("review:proposal_review", args=[p.pk])).status_code == 200
    for result in StageResult.objects.all():
        assert client.get(reverse("review:result_detail", args=[result.pk])).status_code == 200
    committee = User.objects.get(email=EMAILS["committee"])
    signed_in(client, committee)
    listed = client.get(reverse("review:session_list")).content.decode()
    for session in sessions_for_user(committee):
        assert session.name in listed
        assert client.get(reverse("review:session_detail", args=[session.pk])).status_code == 200
    signed_in(client, User.objects.get(email=EMAILS["project_manager"]))
    page = client.get(reverse("review:proposal_review", args=[proposal("documents").pk]))
    assert data.ADVICE["documents"] in page.content.decode()


# --- the answer builder --------------------------------------------------------------------------

@pytest.mark.parametrize("target", [100, 86, 80, 68, 50])
def test_rubric_a_answers_reach_the_target(target):
    answers = rubric_answers(RUBRIC_A, target=target, kind_of_applicant="private", advice="ok")
    result = scoring.score(RUBRIC_A, answers, "private", require_complete=True)
    assert not result.problems
    assert target <= result.total <= target + 2  # the lowest total reachable from the target up
    assert answers["13"] == {"text": "ok"}


@pytest.mark.parametrize(("applicant", "target"), [("private", 55), ("private", 78), ("government", 60)])
def test_rubric_b_answers_reach_the_target_and_pass_the_gates(applicant, target):
    answers = rubric_answers(RUBRIC_B, target=target, kind_of_applicant=applicant, keep=["8"])
    result = scoring.score(RUBRIC_B, answers, applicant, require_complete=True)
    assert not result.problems and result.gates_passed
    assert target <= result.total <= target + 1
    if applicant == "private":
        assert answers["8"]["option"] == "none"  # kept at its best
    else:
        assert "8" not in answers and result.maximum == 90


def test_screening_answers_leave_out_the_missing_checks():
    answers = screening_answers(SCREENING_FORM, missing=["attachments_present"], advice="x")
    assert answers["documents"]["checks"] == {"sections_complete": True, "attachments_present": False,
                                              "signed_by_manager": True}
    assert answers["advice"] == {"text": "x"}
    assert not scoring.score(SCREENING_FORM, answers).gates_passed


@pytest.mark.django_db
def test_the_se_board_rejected_a_proposal_for_good(demo):
    p = proposal("nan_se_rejected")
    result = StageResult.objects.get(proposal=p, stage__code="board")
    assert p.status == "rejected" and p.current_stage is None
    assert result.outcome == Outcome.REJECTED and result.advice == data.ADVICE["se_rejected"]
