"""The reference dataset (issue 6, ``manage.py bench_data``) at scale 0.01: the proportions of the
spec's dataset, data that pass every invariant ``bench_check`` knows (and a broken row that does
not), content the proposal form would accept, scores ``review.scoring`` agrees with, and the same
rows from the same seed. Runs the bulk_create path on SQLite and the COPY path on PostgreSQL."""

from __future__ import annotations

import hashlib
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from phonlap.accounts.models import User
from phonlap.demo import bench_data
from phonlap.funds.models import Fund, ReviewStage
from phonlap.monitoring.models import (
    BudgetQuarter,
    FundedProject,
    Indicator,
    IndicatorResult,
    MonitoringPlan,
    QuarterTarget,
)
from phonlap.organisations.models import Membership, Organisation, Province
from phonlap.proposals import content
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal, ProposalRevision
from phonlap.review import scoring
from phonlap.review.models import AgendaItem, EvaluationSession, StageResult

SCALE = 0.01


def _build(seed: int = bench_data.DEFAULT_SEED, flush: bool = False) -> str:
    out = io.StringIO()
    args = ["--scale", str(SCALE), "--seed", str(seed)] + (["--flush"] if flush else [])
    with override_settings(DEMO_MODE=True):
        call_command("bench_data", *args, stdout=out)
    return out.getvalue()


def _fingerprint() -> str:
    rows = Proposal.objects.order_by("number").values_list(
        "number", "name", "status", "requested_budget", "latest_revision_number")
    results = StageResult.objects.order_by("proposal__number", "revision__number", "pk") \
        .values_list("proposal__number", "stage__code", "outcome", "total")
    text = json.dumps([list(rows), list(results)], default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


# Marked as database tests so that pytest-django runs them with the others, before the
# transactional tests (which flush the tables, migration-seeded funds included, when they end):
# unmarked, they were sorted last and, on a worker that had run one, found no funds.
pytestmark = pytest.mark.django_db


# These two build their own data: they run before the module's shared dataset exists.
@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    _build()
    first = _fingerprint()
    _build(flush=True)
    assert _fingerprint() == first
    _build(seed=bench_data.DEFAULT_SEED + 1, flush=True)
    assert _fingerprint() != first


@pytest.mark.django_db
def test_refused_outside_demo_mode_and_over_existing_proposals(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("bench_data", "--scale", "0.01", stdout=io.StringIO())
    _build()
    with pytest.raises(CommandError, match="--flush"):
        _build()


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back after its last test."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            output = _build()
            yield output
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def db_in_dataset(dataset, django_db_blocker):
    with django_db_blocker.unblock():
        yield dataset


def test_the_dataset_has_the_reference_proportions(db_in_dataset):
    n = bench_data.targets(SCALE)
    funded = n["funded_projects"]
    assert n["proposals"] == 1000 and funded == 100 and n["organisations"] == 50
    assert User.objects.count() == n["users"]
    assert Organisation.objects.count() == n["organisations"]
    assert Proposal.objects.count() == n["proposals"]
    assert Proposal.objects.filter(status=ProposalStatus.APPROVED).count() == funded
    assert FundedProject.objects.count() == funded
    assert MonitoringPlan.objects.filter(level="project").count() == funded
    assert Indicator.objects.count() == 8 * funded
    assert QuarterTarget.objects.count() == 32 * funded
    assert BudgetQuarter.objects.count() == 4 * funded
    # most plans' years are over: four quarters of results for most indicators
    assert IndicatorResult.objects.count() > 0.8 * 32 * funded
    # about three results per proposal (300,000 for 100,000), revisions beyond one per proposal
    assert 2.5 * n["proposals"] <= StageResult.objects.count() <= 3.5 * n["proposals"]
    assert ProposalRevision.objects.count() > n["proposals"]
    meeting_stages = ReviewStage.objects.filter(decided_by="meeting", is_active=True).count()
    assert EvaluationSession.objects.count() == \
        bench_data.sessions_per_stage(SCALE, meeting_stages) * meeting_stages
    assert AgendaItem.objects.filter(decided_at__isnull=True).exists()
    # every status and every stage of both pipelines is represented
    assert set(Proposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert set(Proposal.objects.exclude(current_stage=None).values_list("current_stage", flat=True)) \
        == set(ReviewStage.objects.filter(is_active=True).values_list("pk", flat=True))
    # every organisation has an approved manager; all members are approved
    assert not Organisation.objects.exclude(memberships__is_manager=True).exists()
    assert set(Membership.objects.values_list("status", flat=True)) == {"approved"}
    assert "Built in" in db_in_dataset and "review.StageResult" in db_in_dataset


def test_bench_check_finds_every_invariant_holding(db_in_dataset):
    out = io.StringIO()
    call_command("bench_check", stdout=out)
    assert "FAIL" not in out.getvalue()
    assert "invariants hold" in out.getvalue()


@pytest.mark.parametrize("breakage", ["amount", "status", "disbursement", "agenda",
                                      "first_submission", "fiscal_year", "submitted_budget",
                                      "province"])
def test_bench_check_reports_a_broken_row_and_exits_1(db_in_dataset, breakage):
    with transaction.atomic():
        if breakage == "amount":
            project = FundedProject.objects.order_by("pk").first()
            FundedProject.objects.filter(pk=project.pk).update(
                approved_amount=project.revision.requested_budget + 1)
        elif breakage == "status":
            Proposal.objects.filter(pk=Proposal.objects.filter(status="returned")
                                    .order_by("pk").first().pk).update(status="not_passed")
        elif breakage == "disbursement":
            quarter = BudgetQuarter.objects.order_by("pk").first()
            BudgetQuarter.objects.filter(pk=quarter.pk).update(
                disbursed=quarter.budget_plan.received + Decimal(1))
        elif breakage == "first_submission":
            proposal = Proposal.objects.filter(latest_revision_number__gte=2).order_by("pk").first()
            Proposal.objects.filter(pk=proposal.pk).update(
                first_submitted_at=proposal.revisions.get(number=2).submitted_at)
        elif breakage == "fiscal_year":
            proposal = Proposal.objects.filter(latest_revision_number__gte=1).order_by("pk").first()
            Proposal.objects.filter(pk=proposal.pk).update(
                first_fiscal_year=proposal.first_fiscal_year + 1)
        elif breakage == "submitted_budget":
            proposal = Proposal.objects.filter(latest_revision_number__gte=1).order_by("pk").first()
            Proposal.objects.filter(pk=proposal.pk).update(
                submitted_budget=proposal.submitted_budget + 1)
        elif breakage == "province":
            organisation = Organisation.objects.order_by("pk").first()
            Organisation.objects.filter(pk=organisation.pk).update(
                address_province=Province.objects.exclude(pk=organisation.address_province_id)
                .order_by("pk").first())
        else:
            item = AgendaItem.objects.filter(decided_at__isnull=True).order_by("pk").first()
            Proposal.objects.filter(pk=item.proposal_id).update(status="returned",
                                                                current_stage=None)
        out = io.StringIO()
        with pytest.raises(CommandError) as raised:
            call_command("bench_check", stdout=out)
        assert raised.value.returncode == 1
        assert "FAIL" in out.getvalue()
        transaction.set_rollback(True)


def test_proposal_content_is_what_the_form_accepts(db_in_dataset):
    for proposal in Proposal.objects.select_related("fund").order_by("pk")[:150]:
        config = content.FormConfig.from_mapping(proposal.fund.form_config())
        attachments = content.required_attachment_types(proposal.content, config)
        problems = content.missing_items(proposal.content, config, attachments,
                                         saved_sections=[1, 2, 3])
        assert problems == [], (proposal.number, problems)
        section2 = proposal.content["section2"]
        assert section2["name"] == proposal.name
        assert Decimal(section2["requested_budget"]) == proposal.requested_budget \
            == content.project_totals(section2).budget
    revision = ProposalRevision.objects.order_by("pk").first()
    assert revision.content["organisation"]["name"] == revision.proposal.organisation.name


def test_result_scores_are_those_review_scoring_computes(db_in_dataset):
    results = (StageResult.objects.filter(stage__form="rubric", status="submitted")
               .exclude(outcome="not_considered").select_related("rubric").order_by("pk")[:100])
    assert results
    for result in results:
        computed = scoring.score(result.rubric.definition, result.answers, result.applicant_type,
                                 require_complete=True)
        assert computed.problems == ()
        assert (computed.total, computed.percentage, computed.passed) == \
            (result.total, result.percentage, result.rubric_passed)
        assert result.outcome == ("passed" if computed.passed else "not_passed")


def test_numbers_follow_the_fund_prefix_and_fiscal_year(db_in_dataset):
    prefixes = dict(Fund.objects.values_list("pk", "number_prefix"))
    for proposal in Proposal.objects.order_by("pk")[:200]:
        prefix, year, sequence = proposal.number.split("-")
        assert prefix == prefixes[proposal.fund_id]
        assert 2566 <= int(year) <= 2570 and len(sequence) == 5


def test_everyone_signs_in_with_the_documented_password(db_in_dataset):
    staff = User.objects.filter(is_fund_staff=True).order_by("pk").first()
    applicant = Membership.objects.order_by("pk").first().user
    assert staff.check_password(bench_data.PASSWORD)
    assert applicant.check_password(bench_data.PASSWORD)
    assert applicant.profile.is_complete and applicant.emailaddress_set.get().verified
