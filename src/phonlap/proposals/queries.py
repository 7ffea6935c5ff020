"""Reads. ``get_proposal_for_user`` is the one access function for proposals (same 404 for
missing, deleted and forbidden); revisions and attachments are reached through it.

Scopes of row 2.2: project managers see the proposals they drafted (in organisations they still
belong to), organisation managers every proposal of the organisations they manage, staff and
super users all. Committee members see the proposals on the agenda of the sessions they sit
on (spec 03)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.enums import Scope
from phonlap.organisations.enums import MembershipStatus
from phonlap.organisations.models import Membership

from . import content
from . import rules as proposal_rules
from .models import Attachment, Proposal, ProposalRevision


def _scoped(user, row: str, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    scopes = allowed_scopes(user, row)
    if Scope.ALL in scopes:
        return queryset
    condition = Q(pk__in=[])
    approved = Membership.objects.filter(user=user, status=MembershipStatus.APPROVED)
    if Scope.OWN_ORGANISATION in scopes or Scope.OWN in scopes:
        # Both scopes lie inside the organisations the user belongs to: saying so first lets
        # the database use the organisation index instead of scanning every proposal.
        mine = Q(pk__in=[])
        if Scope.OWN_ORGANISATION in scopes:
            mine |= Q(organisation__in=approved.filter(is_manager=True).values("organisation"))
        if Scope.OWN in scopes:
            mine |= Q(created_by=user)
        condition |= Q(organisation__in=approved.values("organisation")) & mine
    if Scope.OWN_SESSIONS in scopes:
        # The proposals on the agenda of a session the user sits on (review app; reached by
        # the relation's name so that proposals does not import review).
        condition |= Q(pk__in=Proposal.objects.filter(
            agenda_items__session__members__user=user).values("pk"))
    return queryset.filter(condition)


def _base() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("fund", "call", "organisation", "created_by")


def proposals_for_user(user, *, include_deleted: bool = False) -> QuerySet[Proposal]:
    """Every proposal the user may see (row 2.2), live ones only unless ``include_deleted``
    (the restore page: use :func:`deleted_proposals_for_user`)."""
    queryset = _base() if include_deleted else _base().filter(deleted_at__isnull=True)
    return _scoped(user, "2.2", queryset)


def deleted_proposals_for_user(user) -> QuerySet[Proposal]:
    """Deleted drafts the user may restore (row 2.5)."""
    return _scoped(user, "2.5", _base().filter(deleted_at__isnull=False))


def get_proposal_for_user(user, pk, *, for_restore: bool = False) -> Proposal:
    """The proposal if the user may view it (row 2.2), with its revisions and draft attachments
    prefetched; otherwise the same 404 as a missing one. A deleted proposal is missing, unless
    ``for_restore`` asks for one the user may restore (row 2.5)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    queryset = deleted_proposals_for_user(user) if for_restore else proposals_for_user(user)
    proposal = (
        queryset.prefetch_related(
            Prefetch("revisions", queryset=ProposalRevision.objects.order_by("number")
                     .select_related("submitted_by")),
            Prefetch("attachments", queryset=Attachment.objects.filter(revision__isnull=True),
                     to_attr="draft_attachments"),
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def get_revision_for_user(user, proposal_pk, number) -> ProposalRevision:
    """Revision ``number`` of a proposal the user may view, or 404."""
    proposal = get_proposal_for_user(user, proposal_pk)
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404 from None
    revision = (ProposalRevision.objects.select_related("submitted_by", "proposal")
                .prefetch_related("attachments").filter(proposal=proposal, number=number).first())
    if revision is None:
        raise Http404
    return revision


def get_attachment_for_user(user, pk) -> Attachment:
    """An attachment of a proposal the user may view (draft's or a revision's), or 404.
    Callers log the download with ``audit.sensitive_read``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    attachment = (Attachment.objects.select_related("proposal__organisation", "revision")
                  .filter(pk=pk, proposal__deleted_at__isnull=True).first())
    if attachment is None or not proposal_rules.can_view_proposal(user, attachment.proposal):
        raise Http404
    return attachment


def draft_attachments(proposal: Proposal) -> QuerySet[Attachment]:
    return proposal.attachments.filter(revision__isnull=True).select_related("uploaded_by")


def diff_revisions(proposal: Proposal, a: int, b: int) -> list[content.Change]:
    """What changed from revision ``a`` to revision ``b`` of ``proposal`` (already reached
    through the access function), content and attachments. Use ``messages.describe_change``
    for readable lines. 404 if either revision does not exist."""
    revisions = {r.number: r for r in ProposalRevision.objects.filter(proposal=proposal, number__in=[a, b])
                 .prefetch_related("attachments")}
    if a not in revisions or b not in revisions:
        raise Http404

    def files(revision) -> set[str]:
        return {f"{att.display_name}: {att.original_name}" for att in revision.attachments.all()}

    before, after = revisions[a], revisions[b]
    changes = content.diff(before.content, after.content)
    # Attachments compare as a set: a file added or removed, whatever the order.
    old_files, new_files = files(before), files(after)
    changes += [content.Change("section4", "section4.attachments", "removed", old=name)
                for name in sorted(old_files - new_files)]
    changes += [content.Change("section4", "section4.attachments", "added", new=name)
                for name in sorted(new_files - old_files)]
    return changes


def draft_diff(proposal: Proposal) -> list[content.Change]:
    """What the current draft changed since the last revision (empty before the first one)."""
    if not proposal.latest_revision_number:
        return []
    last = ProposalRevision.objects.get(proposal=proposal, number=proposal.latest_revision_number)
    previous = {k: v for k, v in last.content.items() if k != "organisation"}
    return content.diff(previous, proposal.content or {})
