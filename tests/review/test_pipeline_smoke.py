"""The disability education fund's pipeline end to end through the domain (a smoke test; the
detailed tests of each step live beside it)."""

from phonlap.monitoring.models import FundedProject
from phonlap.proposals.enums import ProposalStatus
from phonlap.review.enums import Badge
from phonlap.review.queries import stage_badges_for
from tests.review.factories import advance_to, decide_meeting, in_review, screen


def badges_of(proposal):
    return [b.badge for b in stage_badges_for([proposal])[proposal.pk]]


def test_a_proposal_passes_every_stage_and_becomes_a_funded_project(db):
    proposal, _pm, _manager = in_review()
    assert proposal.current_stage.code == "screening"
    assert badges_of(proposal) == [Badge.AWAITING_RESULT, Badge.AWAITING, Badge.AWAITING, Badge.AWAITING]
    screen(proposal)
    proposal.refresh_from_db()
    assert proposal.current_stage.code == "working_group"
    assert badges_of(proposal) == [Badge.PASSED, Badge.AWAITING_AGENDA, Badge.AWAITING, Badge.AWAITING]
    advance_to(proposal, "board")
    decide_meeting(proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED and proposal.current_stage is None
    assert FundedProject.objects.get(proposal=proposal).approved_amount == proposal.requested_budget
    assert badges_of(proposal) == [Badge.PASSED, Badge.PASSED, Badge.PASSED, Badge.APPROVED]


def test_a_failing_meeting_returns_the_proposal(db):
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "subcommittee")
    decide_meeting(proposal, passing=False)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    assert badges_of(proposal) == [Badge.PASSED, Badge.PASSED, Badge.NOT_PASSED, Badge.AWAITING]


def test_screening_and_not_considered_results_carry_no_score(db):
    from tests.review.factories import make_session

    proposal, _pm, _manager = in_review()
    screening = screen(proposal)
    assert screening.total is None and screening.maximum is None and screening.grade == ""
    proposal.refresh_from_db()
    make_session(proposal.current_stage, proposals=[proposal])
    from phonlap.review.domain.results import record_stage_result
    from tests.factories import StaffFactory

    set_aside = record_stage_result(actor=StaffFactory(), proposal=proposal,
                                    outcome="not_considered", submit=True)
    assert set_aside.outcome == "not_considered"
    assert set_aside.total is None and set_aside.percentage is None and set_aside.rubric_passed is None


def test_changing_the_pipeline_leaves_recorded_results_as_they_were(db):
    """Renaming and reordering stages and pointing a stage at a new rubric version change
    nothing already recorded: a result keeps its stage's name and order and its rubric."""
    import copy

    from phonlap.funds.models import Rubric
    from phonlap.review.models import StageResult

    proposal, _pm, _manager = in_review()
    advance_to(proposal, "subcommittee")
    scored = StageResult.objects.get(proposal=proposal, stage__code="working_group")
    before = (scored.stage_name_en, scored.stage_order, scored.rubric_id, scored.total, scored.grade)

    stage = scored.stage
    definition = copy.deepcopy(stage.rubric.definition)
    definition["version"] = 2
    stage.rubric = Rubric.objects.create(code=stage.rubric.code, version=2, name_th="เกณฑ์ใหม่",
                                         definition=definition)
    stage.name_en, stage.order = "Renamed working group", 9
    stage.save()

    scored.refresh_from_db()
    assert (scored.stage_name_en, scored.stage_order, scored.rubric_id, scored.total,
            scored.grade) == before
    assert scored.rubric.version == 1
