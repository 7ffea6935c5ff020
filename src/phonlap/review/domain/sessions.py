"""Evaluation sessions (วาระการพิจารณา, spec 03 §2.11): creating and editing them, their agenda,
closing them after the meeting, and committee members' declarations of conflicts of interest.

Staff (matrix row 6) write sessions; a member of a session (any seat, row 7 ``own_sessions``)
declares conflicts for its agenda. Every function here checks the actor, locks what it changes,
validates, saves and writes one audit event; errors are ``core.exceptions`` with a translatable
message and, where a form field is to blame, its ``field`` ("name", "starts_at", "location",
"stage", "chair", "secretary", "members", "proposals", "note").

Invariants (the database backs the first three, so concurrent requests cannot break them):
- a person holds one seat per session; a session has exactly one chair and one secretary (the
  domain requires them, the database allows at most one) and at least one member;
- a proposal is on at most one undecided agenda item (never on two open sessions at once);
- a revision appears once per session;
- only proposals in review at the session's stage go on its agenda, at their latest revision;
- an agenda item leaves the agenda only while no result of it exists (draft or submitted);
- a closed session changes no more; it closes only when every agenda item is decided;
- a member declares a conflict once per agenda item, only on a session they sit on."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.enums import Scope
from phonlap.core import audit
from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.funds.models import ReviewStage
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal, ProposalRevision

from .. import session_queries
from ..enums import ALLOWED_SESSION_TRANSITIONS, SessionRole, SessionStatus
from ..models import AgendaItem, ConflictOfInterest, EvaluationSession, SessionMember, StageResult

NAME_MAX = 255
LOCATION_MAX = 255
NOTE_MAX = 2000


# --- who may -------------------------------------------------------------------------------------

def can_manage_sessions(user) -> bool:
    """Row 6: create and edit sessions, their members and agenda (staff)."""
    return Scope.ALL in allowed_scopes(user, "6")


def _require_manager(actor) -> None:
    if not can_manage_sessions(actor):
        raise PermissionDenied(_("Only fund staff create and edit evaluation sessions."))


def set_session_state(session: EvaluationSession, new_status: str) -> None:
    """The one place a session's status changes."""
    if new_status not in ALLOWED_SESSION_TRANSITIONS[session.status]:
        raise InvalidTransition(_("This session is closed; it cannot be changed."))
    session.status = new_status


# --- checks --------------------------------------------------------------------------------------

def _locked(session: EvaluationSession) -> EvaluationSession:
    return (EvaluationSession.objects.select_for_update(of=("self",))
            .select_related("stage", "fund").get(pk=session.pk))


def _open(session: EvaluationSession) -> None:
    if session.status != SessionStatus.PLANNED:
        raise InvalidTransition(_("This session is closed; it cannot be changed."))


def _meeting_stage(stage) -> ReviewStage:
    if not isinstance(stage, ReviewStage):
        raise ValidationFailed(_("Choose the review stage the session decides."), field="stage")
    stage = ReviewStage.objects.select_related("fund").get(pk=stage.pk)
    if not stage.is_meeting:
        raise ValidationFailed(
            _("The stage “%(stage)s” is decided by staff, without a meeting: choose a stage decided "
              "by a meeting.") % {"stage": stage.name}, field="stage")
    if not stage.is_active or not stage.fund.is_active:
        raise ValidationFailed(_("The stage “%(stage)s” is no longer in use: choose an active stage "
                                 "of an active fund.") % {"stage": stage.name}, field="stage")
    return stage


def _text(value, *, field: str, maximum: int, required: bool) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if "\x00" in text:
        raise ValidationFailed(_("Remove the invisible control characters from this text."),
                               field=field)
    if required and not text:
        messages = {"name": _("Enter the session's name.")}
        raise ValidationFailed(messages.get(field, _("This field is required.")), field=field)
    if len(text) > maximum:
        raise ValidationFailed(_("Use at most %(max)s characters (this has %(count)s).")
                               % {"max": maximum, "count": len(text)}, field=field)
    return text


def _moment(value) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        raise ValidationFailed(_("Enter the date and time of the meeting."), field="starts_at")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _person(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


def _seats(chair, secretary, members) -> list[tuple[object, str]]:
    """[(user, role)] for exactly one chair, one secretary and at least one member, all active
    committee users, nobody twice."""
    if isinstance(chair, (list, tuple, set)):
        raise ValidationFailed(_("A session has exactly one chair: choose one person."), field="chair")
    if isinstance(secretary, (list, tuple, set)):
        raise ValidationFailed(_("A session has exactly one secretary: choose one person."),
                               field="secretary")
    if chair is None:
        raise ValidationFailed(_("Choose the chair of the session."), field="chair")
    if secretary is None:
        raise ValidationFailed(_("Choose the secretary of the session."), field="secretary")
    members = list(members or [])
    if not members:
        raise ValidationFailed(_("Choose at least one member of the session."), field="members")
    seats = [(chair, SessionRole.CHAIR), (secretary, SessionRole.SECRETARY)]
    seats += [(member, SessionRole.MEMBER) for member in members]
    eligible = set(session_queries.committee_users()
                   .filter(pk__in=[getattr(user, "pk", None) for user, _role in seats])
                   .values_list("pk", flat=True))
    seen: dict[int, str] = {}
    for user, role in seats:
        field = {SessionRole.CHAIR: "chair", SessionRole.SECRETARY: "secretary"}.get(role, "members")
        if getattr(user, "pk", None) not in eligible:
            raise ValidationFailed(
                _("%(person)s is not an active committee member: only committee members sit on a "
                  "session.") % {"person": _person(user) or "?"}, field=field)
        if user.pk in seen:
            raise ValidationFailed(
                _("%(person)s is chosen twice: a person holds one seat on a session (chair, "
                  "secretary or member).") % {"person": _person(user)}, field=field)
        seen[user.pk] = role
    return seats


def _check_awaiting(proposals: Iterable[Proposal], stage: ReviewStage,
                    session: EvaluationSession | None = None) -> list[Proposal]:
    """The proposals, locked, if each awaits ``stage`` and is on no undecided agenda item."""
    wanted = []
    for proposal in proposals or ():
        if not isinstance(proposal, Proposal):
            raise ValidationFailed(_("Choose proposals from the list."), field="proposals")
        if proposal.pk not in wanted:
            wanted.append(proposal.pk)
    locked = {p.pk: p for p in Proposal.objects.select_for_update(of=("self",))
              .select_related("current_stage").filter(pk__in=wanted)}
    on_agenda = dict(AgendaItem.objects.filter(proposal_id__in=wanted, decided_at__isnull=True)
                     .values_list("proposal_id", "session__name"))
    chosen = []
    for pk in wanted:
        proposal = locked.get(pk)
        if proposal is None or proposal.deleted_at is not None:
            raise ValidationFailed(_("One of the chosen proposals no longer exists."), field="proposals")
        if proposal.status != ProposalStatus.IN_REVIEW or proposal.current_stage_id != stage.pk:
            raise ValidationFailed(
                _("Proposal %(number)s is not awaiting the stage “%(stage)s”: only proposals in "
                  "review at this stage can be put on its agenda.")
                % {"number": proposal.number, "stage": stage.name}, field="proposals")
        if pk in on_agenda:
            raise ValidationFailed(
                _("Proposal %(number)s is already on the agenda of the session “%(session)s”, "
                  "which has not decided it yet: a proposal is on one open session at a time.")
                % {"number": proposal.number, "session": on_agenda[pk]}, field="proposals")
        if session is not None and AgendaItem.objects.filter(
                session=session, proposal=proposal,
                revision__number=proposal.latest_revision_number).exists():
            raise ValidationFailed(
                _("Revision %(revision)s of proposal %(number)s has already been on this session's "
                  "agenda: put it on another session.")
                % {"number": proposal.number, "revision": proposal.latest_revision_number},
                field="proposals")
        chosen.append(proposal)
    return chosen


def _add_items(*, actor, session: EvaluationSession, proposals: list[Proposal]) -> list[AgendaItem]:
    if not proposals:
        return []
    latest = Q(pk__in=[])
    for proposal in proposals:
        latest |= Q(proposal_id=proposal.pk, number=proposal.latest_revision_number)
    revisions = {r.proposal_id: r for r in ProposalRevision.objects.filter(latest)}
    position = session.agenda.aggregate(last=Max("position"))["last"] or 0
    items = []
    for proposal in proposals:
        revision = revisions.get(proposal.pk)
        if revision is None:
            raise ValidationFailed(_("Proposal %(number)s has no submitted revision.")
                                   % {"number": proposal.number}, field="proposals")
        position += 1
        try:
            # A savepoint: the constraint (one undecided item per proposal) catches a race with
            # another session's staff; the caller's transaction stays usable.
            with transaction.atomic():
                items.append(AgendaItem.objects.create(
                    session=session, proposal=proposal, revision=revision, position=position,
                    added_by=actor))
        except IntegrityError:
            raise ValidationFailed(
                _("Proposal %(number)s was just put on another open session's agenda: it can be on "
                  "one open session at a time.") % {"number": proposal.number},
                field="proposals") from None
    return items


def _save_seats(session: EvaluationSession, seats: list[tuple[object, str]]) -> dict:
    """Make the session's seats exactly ``seats``; returns what changed (for the audit)."""
    wanted = {user.pk: role for user, role in seats}
    current = {m.user_id: m for m in session.members.all()}
    # Rows whose person leaves or changes seat go first, so a chair and a secretary can swap
    # without meeting the one-chair / one-secretary constraints half way.
    stale = [m.pk for user_id, m in current.items() if wanted.get(user_id) != m.role]
    if stale:
        SessionMember.objects.filter(pk__in=stale).delete()
    kept = {user_id for user_id, m in current.items() if wanted.get(user_id) == m.role}
    SessionMember.objects.bulk_create([
        SessionMember(session=session, user_id=user_id, role=role)
        for user_id, role in wanted.items() if user_id not in kept])
    return {"added": sorted(set(wanted) - set(current)), "removed": sorted(set(current) - set(wanted)),
            "roles": {str(k): str(v) for k, v in wanted.items()}}


# --- operations ----------------------------------------------------------------------------------

@transaction.atomic
def create_session(*, actor, stage: ReviewStage, name: str, starts_at: datetime.datetime,
                   location: str = "", chair, secretary, members, proposals=(),
                   ip: str | None = None) -> EvaluationSession:
    """Create a session of a meeting stage with its seats and (optionally) its first agenda.

    Refuses, creating nothing: an actor without row 6; a stage decided by staff (screening) or
    inactive, or of an inactive fund; no name or date; a chair, secretary or member who is not
    an active committee user; a person chosen twice; no member; a proposal not in review at that
    stage, or already on another open session's agenda."""
    _require_manager(actor)
    stage = _meeting_stage(stage)
    name = _text(name, field="name", maximum=NAME_MAX, required=True)
    location = _text(location, field="location", maximum=LOCATION_MAX, required=False)
    starts_at = _moment(starts_at)
    seats = _seats(chair, secretary, members)
    chosen = _check_awaiting(proposals, stage)
    now = timezone.now()
    session = EvaluationSession.objects.create(
        fund=stage.fund, stage=stage, name=name, starts_at=starts_at, location=location,
        created_by=actor, created_at=now, updated_at=now)
    SessionMember.objects.bulk_create([SessionMember(session=session, user=user, role=role)
                                       for user, role in seats])
    items = _add_items(actor=actor, session=session, proposals=chosen)
    audit.state_change(actor=actor, action="session.create", obj=session, ip=ip,
                       stage=stage.code, fund=stage.fund.code, starts_at=starts_at.isoformat(),
                       seats={str(user.pk): str(role) for user, role in seats},
                       proposals=[item.proposal.number for item in items])
    return session


@transaction.atomic
def update_session(*, actor, session: EvaluationSession, name: str,
                   starts_at: datetime.datetime, location: str = "", chair, secretary, members,
                   ip: str | None = None) -> EvaluationSession:
    """Change a planned session's name, date and time, place and seats (its stage is fixed: its
    agenda belongs to that stage).

    Refuses, changing nothing: an actor without row 6; a closed session; the seat rules of
    :func:`create_session`; removing a member who has declared a conflict of interest on this
    session (the declaration stays with a person who sits on the session)."""
    _require_manager(actor)
    session = _locked(session)
    _open(session)
    name = _text(name, field="name", maximum=NAME_MAX, required=True)
    location = _text(location, field="location", maximum=LOCATION_MAX, required=False)
    starts_at = _moment(starts_at)
    seats = _seats(chair, secretary, members)
    keeping = {user.pk for user, _role in seats}
    declared = (ConflictOfInterest.objects.filter(agenda_item__session=session)
                .exclude(member_id__in=keeping).select_related("member").first())
    if declared is not None:
        raise ValidationFailed(
            _("%(person)s declared a conflict of interest on this session's agenda, so they keep "
              "their seat: the declaration stays on the record with a member of the session.")
            % {"person": _person(declared.member)}, field="members")
    changed = [field for field, value in (("name", name), ("starts_at", starts_at),
                                          ("location", location))
               if getattr(session, field) != value]
    session.name, session.starts_at, session.location = name, starts_at, location
    session.updated_at = timezone.now()
    session.save(update_fields=["name", "starts_at", "location", "updated_at"])
    seat_changes = _save_seats(session, seats)
    audit.state_change(actor=actor, action="session.update", obj=session, ip=ip, changed=changed,
                       starts_at=starts_at.isoformat(), **seat_changes)
    return session


@transaction.atomic
def add_to_agenda(*, actor, session: EvaluationSession, proposals,
                  ip: str | None = None) -> list[AgendaItem]:
    """Put proposals on a planned session's agenda, after those already there, each at its
    latest revision. Refuses, adding none: an actor without row 6; a closed session; no
    proposal; a proposal not awaiting the session's stage or already on an open agenda."""
    _require_manager(actor)
    session = _locked(session)
    _open(session)
    proposals = list(proposals or ())
    if not proposals:
        raise ValidationFailed(_("Choose at least one proposal to put on the agenda."),
                               field="proposals")
    chosen = _check_awaiting(proposals, session.stage, session)
    items = _add_items(actor=actor, session=session, proposals=chosen)
    session.updated_at = timezone.now()
    session.save(update_fields=["updated_at"])
    audit.state_change(actor=actor, action="session.agenda_add", obj=session, ip=ip,
                       proposals=[item.proposal.number for item in items])
    return items


@transaction.atomic
def remove_from_agenda(*, actor, item: AgendaItem, ip: str | None = None) -> None:
    """Take an undecided proposal off a planned session's agenda (it awaits the stage again).

    Refuses, changing nothing: an actor without row 6; a closed session; an item whose result
    is recorded (decided), or whose result staff have started as a draft (delete nothing that
    someone is writing: submit it as "not considered" or finish it instead). Declarations of
    conflict on the item go with it; the audit event names them."""
    _require_manager(actor)
    # The proposal first, as ``record_stage_result`` does: a result being saved for this item
    # and its removal are serialised instead of one of them failing at commit.
    Proposal.objects.select_for_update(of=("self",)).filter(pk=item.proposal_id).first()
    try:
        item = (AgendaItem.objects.select_for_update(of=("self",))
                .select_related("session", "proposal").get(pk=item.pk))
    except AgendaItem.DoesNotExist:
        raise InvalidTransition(_("This proposal is no longer on the agenda.")) from None
    _open(_locked(item.session))
    if item.decided_at is not None:
        raise InvalidTransition(
            _("The result of proposal %(number)s has been recorded: it stays on the agenda.")
            % {"number": item.proposal.number})
    result = StageResult.objects.filter(agenda_item=item).first()
    if result is not None:
        if result.is_final:
            raise InvalidTransition(
                _("The result of proposal %(number)s has been recorded: it stays on the agenda.")
                % {"number": item.proposal.number})
        raise InvalidTransition(
            _("Staff have started recording the result of proposal %(number)s (a saved draft): "
              "finish or submit that result instead of removing the proposal.")
            % {"number": item.proposal.number})
    declarations = [f"{_person(c.member)}: {c.note}".rstrip(": ")
                    for c in item.conflicts.select_related("member")]
    number, session = item.proposal.number, item.session
    item.delete()
    session.updated_at = timezone.now()
    session.save(update_fields=["updated_at"])
    audit.state_change(actor=actor, action="session.agenda_remove", obj=session, ip=ip,
                       proposal=number, conflicts=declarations)


@transaction.atomic
def close_session(*, actor, session: EvaluationSession, ip: str | None = None) -> EvaluationSession:
    """Close a planned session after the meeting: every agenda item decided (or removed). A
    closed session prints its resolutions and changes no more."""
    _require_manager(actor)
    session = _locked(session)
    undecided = list(session.agenda.filter(decided_at__isnull=True)
                     .select_related("proposal").values_list("proposal__number", flat=True))
    if session.status == SessionStatus.PLANNED and undecided:
        raise InvalidTransition(
            _("The session cannot be closed yet: record the results of %(numbers)s, or take them "
              "off the agenda, first.") % {"numbers": ", ".join(undecided)})
    set_session_state(session, SessionStatus.CLOSED)
    now = timezone.now()
    session.closed_at = session.updated_at = now
    session.save(update_fields=["status", "closed_at", "updated_at"])
    audit.state_change(actor=actor, action="session.close", obj=session, ip=ip,
                       items=session.agenda.count())
    return session


@transaction.atomic
def declare_conflict(*, actor, item: AgendaItem, note: str = "",
                     ip: str | None = None) -> ConflictOfInterest:
    """Record that ``actor``, who sits on the item's session (any seat), has an interest in the
    proposal. Once per member and item; not after the session is closed. The declaration is
    shown on the session and on the result."""
    if not allowed_scopes(actor, "7") or not getattr(actor, "pk", None):
        raise PermissionDenied(_("Only members of the session declare conflicts of interest."))
    try:
        item = AgendaItem.objects.select_related("session", "proposal").get(pk=item.pk)
    except AgendaItem.DoesNotExist:
        raise InvalidTransition(_("This proposal is no longer on the agenda.")) from None
    if not SessionMember.objects.filter(session_id=item.session_id, user=actor).exists():
        raise PermissionDenied(_("Only members of this session can declare a conflict of interest "
                                 "on its agenda."))
    session = _locked(item.session)
    _open(session)
    note = _text(note, field="note", maximum=NOTE_MAX, required=False)
    if ConflictOfInterest.objects.filter(agenda_item=item, member=actor).exists():
        raise InvalidTransition(_("You have already declared a conflict of interest for proposal "
                                  "%(number)s.") % {"number": item.proposal.number})
    try:
        with transaction.atomic():
            conflict = ConflictOfInterest.objects.create(agenda_item=item, member=actor, note=note)
    except IntegrityError:
        raise InvalidTransition(_("You have already declared a conflict of interest for proposal "
                                  "%(number)s.") % {"number": item.proposal.number}) from None
    audit.state_change(actor=actor, action="session.conflict_declare", obj=conflict, ip=ip,
                       session=session.pk, proposal=item.proposal.number,
                       revision=item.revision_id)
    return conflict
