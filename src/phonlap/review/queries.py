"""Reads of the review: stage badges for a page of proposals, and stage results.

``get_result_for_user`` is the one access function for results (row 9): the same 404 for
missing and forbidden. Applicants (row 9 ``own``/``own_org``) and committee members never see a
draft; staff see drafts too."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, QuerySet
from django.http import Http404

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.enums import Scope
from phonlap.funds.models import ReviewStage
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.queries import proposals_for_user

from .enums import ResultStatus
from .models import AgendaItem, StageResult
from .pipeline import StageBadge, StageInfo, badges


def stages_by_fund(fund_ids) -> dict[int, list[StageInfo]]:
    """Every active stage of the given funds, in order (one query)."""
    stages: dict[int, list[StageInfo]] = defaultdict(list)
    for stage in ReviewStage.objects.active().filter(fund_id__in=set(fund_ids)).order_by("fund_id", "order"):
        stages[stage.fund_id].append(StageInfo(stage.pk, stage.order, stage.code, stage.name,
                                               stage.is_meeting))
    return stages


def stage_badges_for(proposals) -> dict[int, list[StageBadge]]:
    """{proposal pk: badges} for a page of proposals, in three queries whatever its length."""
    proposals = list(proposals)
    if not proposals:
        return {}
    ids = [p.pk for p in proposals]
    stages = stages_by_fund(p.fund_id for p in proposals)
    outcomes: dict[int, dict[int, str]] = defaultdict(dict)
    latest = (StageResult.objects.submitted()
              .filter(proposal_id__in=ids, revision__number=F("proposal__latest_revision_number"))
              .order_by("submitted_at", "pk")
              .values_list("proposal_id", "stage_id", "outcome"))
    for proposal_id, stage_id, outcome in latest:
        outcomes[proposal_id][stage_id] = outcome  # the last one submitted wins
    on_agenda = set(AgendaItem.objects.filter(proposal_id__in=ids, decided_at__isnull=True)
                    .values_list("proposal_id", flat=True))
    return {
        p.pk: badges(stages.get(p.fund_id, []), outcomes=outcomes.get(p.pk, {}),
                     current_stage_id=p.current_stage_id,
                     in_review=p.status == ProposalStatus.IN_REVIEW,
                     on_open_agenda=p.pk in on_agenda)
        for p in proposals
    }


def _results() -> QuerySet[StageResult]:
    return StageResult.objects.select_related(
        "proposal", "proposal__fund", "proposal__organisation", "revision", "stage", "session",
        "rubric", "recorded_by", "submitted_by",
    )


def results_for_user(user) -> QuerySet[StageResult]:
    """The results ``user`` may read (row 9), drafts only for staff (scope ``all``)."""
    scopes = allowed_scopes(user, "9") if getattr(user, "is_authenticated", False) else set()
    if not scopes:
        return StageResult.objects.none()
    results = _results()
    if Scope.ALL in scopes:
        return results
    visible = proposals_for_user(user).values("pk")
    return results.filter(status=ResultStatus.SUBMITTED, proposal__in=visible)


def get_result_for_user(user, pk) -> StageResult:
    try:
        return results_for_user(user).get(pk=int(pk))
    except (StageResult.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def results_of_proposal(user, proposal) -> list[StageResult]:
    """The results of every revision of ``proposal`` that ``user`` may read, oldest first."""
    return list(results_for_user(user).filter(proposal=proposal)
                .order_by("revision__number", "stage_order", "submitted_at", "pk"))


def draft_result(*, proposal, stage) -> StageResult | None:
    """The draft being recorded for the proposal's latest revision at ``stage``, if any."""
    return (StageResult.objects.filter(proposal=proposal, stage=stage, status=ResultStatus.DRAFT,
                                       revision__number=proposal.latest_revision_number)
            .select_related("rubric").first())


def list_badges(proposals, user) -> dict[int, list]:
    """The proposal list's badges (registered in ``proposals.review_hooks``). Those who may read
    review results (row 9) get each badge linked to the proposal's review page."""
    from django.urls import NoReverseMatch, reverse

    from phonlap.proposals.review_hooks import ListBadge

    linked = bool(allowed_scopes(user, "9")) if getattr(user, "is_authenticated", False) else False
    shown = {}
    submitted = [p for p in proposals if p.latest_revision_number]  # a first draft has no review
    for pk, stage_badges in stage_badges_for(submitted).items():
        url = None
        if linked:
            try:
                url = reverse("review:proposal_review", kwargs={"pk": pk})
            except NoReverseMatch:  # the results pages load with their own module
                url = None
        shown[pk] = [ListBadge(stage=b.stage.name, text=b.text, state=str(b.badge.value), url=url)
                     for b in stage_badges]
    return shown
