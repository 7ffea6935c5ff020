"""Reads of evaluation sessions (spec 03 §2.11, matrix row 7).

``get_session_for_user`` and ``get_agenda_item_for_user`` are the access functions (the same
404 for missing and forbidden). Staff and super users (row 7 ``all``) reach every session;
committee members (``own_sessions``) the sessions they hold a seat on. Lists start from
``sessions_for_user``; every page built from these runs a number of queries that does not grow
with the number of sessions, members or agenda items."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.enums import Scope
from phonlap.funds.models import ReviewStage, StageDecider
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal

from .enums import ResultStatus, SessionRole
from .models import AgendaItem, ConflictOfInterest, EvaluationSession, SessionMember

ROLE_ORDER = {SessionRole.CHAIR: 0, SessionRole.SECRETARY: 1, SessionRole.MEMBER: 2}


def committee_users() -> QuerySet:
    """Who may sit on a session: active committee accounts that are not deleted."""
    return (get_user_model().objects
            .filter(is_committee=True, is_active=True, deleted_at__isnull=True)
            .order_by("first_name", "last_name", "email"))


def meeting_stages() -> QuerySet[ReviewStage]:
    """The stages a session can decide: active meeting stages of active funds (screening is
    decided by staff alone and has no sessions)."""
    return (ReviewStage.objects.active()
            .filter(decided_by=StageDecider.MEETING, fund__is_active=True)
            .select_related("fund").order_by("fund__name_th", "fund_id", "order"))


def proposals_awaiting(stage: ReviewStage | None) -> QuerySet[Proposal]:
    """Proposals the picker offers for a session of ``stage``: in review at that stage, not
    deleted, and on no undecided agenda item (not already on another open session)."""
    if stage is None:
        return Proposal.objects.none()
    open_items = AgendaItem.objects.filter(decided_at__isnull=True).values("proposal_id")
    return (Proposal.objects
            .filter(status=ProposalStatus.IN_REVIEW, current_stage=stage, deleted_at__isnull=True)
            .exclude(pk__in=open_items)
            .select_related("organisation", "fund")
            .order_by("stage_entered_at", "number"))


def _base() -> QuerySet[EvaluationSession]:
    # A correlated count, computed for the rows shown only (a join and GROUP BY over every
    # agenda item took 160 ms at 170,000 items).
    items = (AgendaItem.objects.filter(session=OuterRef("pk")).order_by().values("session")
             .annotate(n=Count("pk")).values("n"))
    return (EvaluationSession.objects.select_related("stage", "fund")
            .annotate(item_count=Coalesce(Subquery(items), 0)))


def sessions_for_user(user) -> QuerySet[EvaluationSession]:
    """Every session ``user`` may see (row 7), with ``item_count`` (proposals on its agenda)."""
    if not getattr(user, "is_authenticated", False):
        return EvaluationSession.objects.none()
    scopes = allowed_scopes(user, "7")
    if Scope.ALL in scopes:
        return _base()
    if Scope.OWN_SESSIONS in scopes:
        seats = SessionMember.objects.filter(user=user).values("session_id")
        return _base().filter(pk__in=seats)
    return EvaluationSession.objects.none()


def _int(pk) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < value < 2**63:
        raise Http404
    return value


def get_session_for_user(user, pk) -> EvaluationSession:
    session = sessions_for_user(user).filter(pk=_int(pk)).select_related("created_by").first()
    if session is None:
        raise Http404
    return session


def get_agenda_item_for_user(user, pk) -> AgendaItem:
    """An agenda item of a session the user may see, or 404."""
    visible = sessions_for_user(user).values("pk")
    item = (AgendaItem.objects.select_related("session", "session__stage", "proposal", "revision")
            .filter(pk=_int(pk), session__in=visible).first())
    if item is None:
        raise Http404
    return item


def seat_of(user, session: EvaluationSession) -> SessionMember | None:
    if not getattr(user, "pk", None):
        return None
    return SessionMember.objects.filter(session=session, user=user).first()


def members_of(session: EvaluationSession) -> list[SessionMember]:
    """The seats, chair first, then the secretary, then members by name (one query)."""
    seats = list(session.members.select_related("user"))
    seats.sort(key=lambda m: (ROLE_ORDER.get(m.role, 9), m.user.get_full_name() or m.user.email))
    return seats


def may_see_drafts(user) -> bool:
    """Draft results are for staff (row 9 ``all``) only, as ``queries.results_for_user``."""
    return Scope.ALL in allowed_scopes(user, "9")


@dataclass
class AgendaRow:
    item: AgendaItem
    number: int
    result: object | None  # the StageResult the reader may see, if any
    conflicts: list[ConflictOfInterest]
    my_conflict: ConflictOfInterest | None
    has_result: bool  # a result exists, draft or submitted, whoever may read it


def agenda_of(session: EvaluationSession, user, *, first: int = 0,
              count: int | None = None) -> list[AgendaRow]:
    """The agenda in order (or ``count`` items from the ``first``: a page of it), each item with
    its proposal, organisation, revision, the result the reader may see (a draft only for
    staff; none without row 9) and the conflicts declared (two queries whatever the number of
    items)."""
    items = (session.agenda
             .select_related("proposal", "proposal__organisation", "revision", "result",
                             "result__rubric")
             .prefetch_related(Prefetch("conflicts", queryset=ConflictOfInterest.objects
                                        .select_related("member").order_by("declared_at", "pk")))
             # An agenda lists hundreds of proposals: not their content nor the answers.
             .defer("proposal__content", "proposal__sections_saved", "revision__content",
                    "result__answers", "result__advice")
             .order_by("position", "pk"))
    if count is not None:
        items = items[first:first + count]
    results_allowed = bool(allowed_scopes(user, "9"))
    drafts = may_see_drafts(user)
    rows = []
    for number, item in enumerate(items, start=first + 1):
        recorded = getattr(item, "result", None)
        result = recorded if results_allowed else None
        if result is not None and result.status != ResultStatus.SUBMITTED and not drafts:
            result = None
        conflicts = list(item.conflicts.all())
        mine = next((c for c in conflicts if c.member_id == getattr(user, "pk", None)), None)
        rows.append(AgendaRow(item=item, number=number, result=result, conflicts=conflicts,
                              my_conflict=mine, has_result=recorded is not None))
    return rows


def filter_sessions(queryset: QuerySet[EvaluationSession], *, fund=None, stage=None):
    condition = Q()
    if fund is not None:
        condition &= Q(fund=fund)
    if stage is not None:
        condition &= Q(stage=stage)
    return queryset.filter(condition)
