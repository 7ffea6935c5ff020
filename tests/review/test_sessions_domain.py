"""Evaluation sessions through the domain (spec 03 §2.11, issue 4 "Evaluation sessions" and its
"Bad input"): creating, editing, the agenda, closing, conflicts of interest. Every refusal is
checked to leave the database as it was."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.core.models import AuditEvent
from phonlap.proposals import domain as proposal_domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal, ProposalRevision
from phonlap.review import session_queries
from phonlap.review.domain import results
from phonlap.review.domain import sessions as domain
from phonlap.review.enums import Outcome, SessionRole, SessionStatus
from phonlap.review.models import AgendaItem, ConflictOfInterest, EvaluationSession, SessionMember
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory
from tests.proposals.factories import proposal_in, team

from .factories import disability_fund, full_answers, in_review, screen, se_fund, stage_of

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(datetime.datetime(2026, 11, 21, 9, 30))


def at_working_group(**kwargs):
    proposal, _pm, _manager = in_review(**kwargs)
    screen(proposal)
    proposal.refresh_from_db()
    return proposal


def cheap_proposal(stage, name="โครงการทดสอบ"):
    """A proposal in review at ``stage`` with revision 1, written directly (fast; the domain's
    own path is exercised by ``at_working_group``)."""
    pm, _manager, organisation = team()
    number = f"T-{Proposal.objects.count() + 1:05d}"
    proposal = Proposal.objects.create(
        number=number, fund=stage.fund, organisation=organisation, created_by=pm,
        status=ProposalStatus.IN_REVIEW, name=name, requested_budget=Decimal("100000"),
        latest_revision_number=1, submitted_at=timezone.now(), current_stage=stage,
        stage_entered_at=timezone.now())
    ProposalRevision.objects.create(proposal=proposal, number=1, content={}, name=name,
                                    requested_budget=Decimal("100000"), submitted_by=pm)
    return proposal


def people():
    return CommitteeFactory(), CommitteeFactory(), CommitteeFactory()


def new_session(staff=None, *, stage=None, proposals=(), chair=None, secretary=None, members=None,
                **kwargs):
    a, b, c = people()
    return domain.create_session(
        actor=staff or StaffFactory(), stage=stage or stage_of(disability_fund(), "working_group"),
        name=kwargs.pop("name", "คณะทำงาน ครั้งที่ 1/2569"), starts_at=kwargs.pop("starts_at", WHEN),
        location=kwargs.pop("location", "ห้องประชุม 1"), chair=chair or a, secretary=secretary or b,
        members=members if members is not None else [c], proposals=proposals, **kwargs)


def decide(proposal, *, outcome="", staff=None):
    """Submit the result of the proposal's current (meeting) stage on its open agenda item."""
    proposal.refresh_from_db()
    answers = full_answers(proposal.current_stage.rubric.definition) if outcome != "not_considered" else {}
    return results.record_stage_result(actor=staff or StaffFactory(), proposal=proposal,
                                       answers=answers, outcome=outcome, submit=True)


def counts():
    return (EvaluationSession.objects.count(), SessionMember.objects.count(),
            AgendaItem.objects.count(), ConflictOfInterest.objects.count())


def refused(exc_type, call, field=None):
    """Run ``call``; it must raise ``exc_type`` (on ``field``) and change nothing."""
    before = counts()
    audits = AuditEvent.objects.filter(action__startswith="session.").count()
    with pytest.raises(exc_type) as caught:
        call()
    assert counts() == before
    assert AuditEvent.objects.filter(action__startswith="session.").count() == audits
    if field is not None:
        assert caught.value.field == field, caught.value.field
    assert str(caught.value.message)
    return caught.value


# --- creating ----------------------------------------------------------------------------------

def test_staff_create_a_session_with_seats_and_agenda():
    staff = StaffFactory()
    first, second = at_working_group(), at_working_group()
    chair, secretary, m1, m2 = CommitteeFactory(), CommitteeFactory(), CommitteeFactory(), CommitteeFactory()
    session = domain.create_session(
        actor=staff, stage=stage_of(disability_fund(), "working_group"), name="  Meeting 1/2569 ",
        starts_at=WHEN, location="Room 1", chair=chair, secretary=secretary, members=[m1, m2],
        proposals=[first, second], ip="10.0.0.1")
    session.refresh_from_db()
    assert session.name == "Meeting 1/2569"
    assert session.status == SessionStatus.PLANNED
    assert session.fund == disability_fund() and session.created_by == staff
    assert session.starts_at == WHEN
    seats = {m.user_id: m.role for m in session.members.all()}
    assert seats == {chair.pk: SessionRole.CHAIR, secretary.pk: SessionRole.SECRETARY,
                     m1.pk: SessionRole.MEMBER, m2.pk: SessionRole.MEMBER}
    items = list(session.agenda.order_by("position"))
    assert [i.proposal for i in items] == [first, second]
    assert [i.position for i in items] == [1, 2]
    assert all(i.revision.number == i.proposal.latest_revision_number == 1 for i in items)
    assert all(i.decided_at is None and i.added_by == staff for i in items)
    event = AuditEvent.objects.get(action="session.create")
    assert event.object_id == str(session.pk) and event.actor == staff
    assert event.ip_address == "10.0.0.1"
    assert event.details["proposals"] == [first.number, second.number]
    assert event.details["seats"][str(chair.pk)] == "chair"


def test_a_session_may_start_without_proposals():
    session = new_session()
    assert session.agenda.count() == 0


def test_the_agenda_item_holds_the_latest_revision():
    """A proposal returned, revised and resubmitted goes on the agenda at revision 2."""
    proposal, pm, manager = in_review()
    screen(proposal, outcome="not_passed_documents")
    proposal.refresh_from_db()
    proposal_domain.create_next_revision(actor=pm, proposal=proposal)
    proposal_domain.submit_proposal(actor=manager, proposal=proposal)
    proposal.refresh_from_db()
    screen(proposal)
    proposal.refresh_from_db()
    session = new_session(proposals=[proposal])
    assert session.agenda.get().revision.number == 2


def test_screening_has_no_sessions():
    stage = stage_of(disability_fund(), "screening")
    error = refused(ValidationFailed, lambda: new_session(stage=stage), "stage")
    assert "meeting" in str(error.message)


def test_an_inactive_stage_or_fund_has_no_new_sessions():
    stage = stage_of(disability_fund(), "working_group")
    type(stage).objects.filter(pk=stage.pk).update(is_active=False)
    stage.refresh_from_db()
    refused(ValidationFailed, lambda: new_session(stage=stage), "stage")
    type(stage).objects.filter(pk=stage.pk).update(is_active=True)
    type(stage.fund).objects.filter(pk=stage.fund_id).update(is_active=False)
    refused(ValidationFailed, lambda: new_session(stage=stage), "stage")


def test_name_and_date_are_required():
    error = refused(ValidationFailed, lambda: new_session(name="   "), "name")
    assert "name" in str(error.message)
    refused(ValidationFailed, lambda: new_session(starts_at=None), "starts_at")
    refused(ValidationFailed, lambda: new_session(starts_at=datetime.date(2026, 1, 1)), "starts_at")
    refused(ValidationFailed, lambda: new_session(name="x" * 256), "name")
    refused(ValidationFailed, lambda: new_session(location="x" * 256), "location")
    refused(ValidationFailed, lambda: new_session(name="Meeting\x00"), "name")


def test_a_second_chair_is_refused():
    a, b = CommitteeFactory(), CommitteeFactory()
    error = refused(ValidationFailed, lambda: new_session(chair=[a, b]), "chair")
    assert "exactly one chair" in str(error.message)
    refused(ValidationFailed, lambda: new_session(secretary=[a, b]), "secretary")


def test_the_database_holds_one_chair_and_one_secretary():
    session = new_session()
    for role in (SessionRole.CHAIR, SessionRole.SECRETARY):
        with pytest.raises(IntegrityError), transaction.atomic():
            SessionMember.objects.create(session=session, user=CommitteeFactory(), role=role)
    member = session.members.filter(role=SessionRole.MEMBER).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionMember.objects.create(session=session, user=member.user, role=SessionRole.MEMBER)


def test_chair_secretary_and_members_are_required():
    refused(ValidationFailed, lambda: domain.create_session(
        actor=StaffFactory(), stage=stage_of(disability_fund(), "working_group"), name="M",
        starts_at=WHEN, chair=None, secretary=CommitteeFactory(), members=[CommitteeFactory()]),
        "chair")
    refused(ValidationFailed, lambda: domain.create_session(
        actor=StaffFactory(), stage=stage_of(disability_fund(), "working_group"), name="M",
        starts_at=WHEN, chair=CommitteeFactory(), secretary=None, members=[CommitteeFactory()]),
        "secretary")
    error = refused(ValidationFailed, lambda: new_session(members=[]), "members")
    assert "at least one member" in str(error.message)


@pytest.mark.parametrize("who", ["external", "staff", "inactive", "deleted", "super"])
def test_a_non_committee_member_cannot_sit(who):
    if who == "external":
        person = UserFactory()
    elif who == "staff":
        person = StaffFactory()
    elif who == "super":
        person = SuperUserFactory()
    else:
        person = CommitteeFactory()
        if who == "inactive":
            type(person).objects.filter(pk=person.pk).update(is_active=False)
        else:
            type(person).objects.filter(pk=person.pk).update(deleted_at=timezone.now())
    for seat, field in (("chair", "chair"), ("secretary", "secretary"), ("members", "members")):
        value = [person] if seat == "members" else person
        error = refused(ValidationFailed, lambda seat=seat, value=value: new_session(**{seat: value}),
                        field)
        assert "not an active committee member" in str(error.message)


def test_a_person_holds_one_seat():
    a, b = CommitteeFactory(), CommitteeFactory()
    error = refused(ValidationFailed, lambda: new_session(chair=a, secretary=a), "secretary")
    assert "one seat" in str(error.message)
    refused(ValidationFailed, lambda: new_session(chair=a, secretary=b, members=[a]), "members")
    refused(ValidationFailed, lambda: new_session(chair=a, secretary=b,
                                                  members=[CommitteeFactory(), b]), "members")
    c = CommitteeFactory()
    refused(ValidationFailed, lambda: new_session(chair=a, secretary=b, members=[c, c]), "members")


def test_a_committee_member_cannot_create_or_edit():
    member = CommitteeFactory()
    error = refused(PermissionDenied, lambda: new_session(member))
    assert "staff" in str(error.message)
    session = new_session()
    seats = list(session.members.order_by("role"))
    with pytest.raises(PermissionDenied):
        domain.update_session(actor=member, session=session, name="Renamed", starts_at=WHEN,
                              chair=seats[0].user, secretary=seats[2].user, members=[seats[1].user])
    session.refresh_from_db()
    assert session.name != "Renamed"
    for actor in (UserFactory(), SuperUserFactory()):  # row 6 is staff's alone
        refused(PermissionDenied, lambda actor=actor: new_session(actor))


def test_a_proposal_not_awaiting_the_stage_is_refused():
    at_screening, _pm, _manager = in_review()
    error = refused(ValidationFailed, lambda: new_session(proposals=[at_screening]), "proposals")
    assert at_screening.number in str(error.message) and "not awaiting" in str(error.message)
    wrong_fund = cheap_proposal(stage_of(se_fund(), "committee"))  # SE fund's committee stage, not DEF's
    refused(ValidationFailed, lambda: new_session(proposals=[wrong_fund]), "proposals")
    draft, _pm, _manager = proposal_in(ProposalStatus.DRAFT)
    refused(ValidationFailed, lambda: new_session(proposals=[draft]), "proposals")
    gone = at_working_group()
    type(gone).objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    refused(ValidationFailed, lambda: new_session(proposals=[gone]), "proposals")
    at_subcommittee = at_working_group()
    new_session(proposals=[at_subcommittee])
    decide(at_subcommittee)
    at_subcommittee.refresh_from_db()
    assert at_subcommittee.current_stage.code == "subcommittee"
    refused(ValidationFailed, lambda: new_session(proposals=[at_subcommittee]), "proposals")
    refused(ValidationFailed, lambda: new_session(proposals=["not a proposal"]), "proposals")


def test_a_proposal_is_on_one_open_session_at_a_time():
    proposal = at_working_group()
    first = new_session(proposals=[proposal], name="First")
    error = refused(ValidationFailed, lambda: new_session(proposals=[proposal], name="Second"),
                    "proposals")
    assert "First" in str(error.message) and "one open session" in str(error.message)
    assert not EvaluationSession.objects.filter(name="Second").exists()
    other = new_session(name="Other")
    refused(ValidationFailed, lambda: domain.add_to_agenda(actor=StaffFactory(), session=other,
                                                           proposals=[proposal]), "proposals")
    assert list(AgendaItem.objects.filter(proposal=proposal).values_list("session", flat=True)) == \
        [first.pk]


def test_the_database_keeps_a_proposal_off_two_open_agendas():
    proposal = at_working_group()
    first, second = new_session(proposals=[proposal]), new_session()
    revision = first.agenda.get().revision
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(session=second, proposal=proposal, revision=revision,
                                  added_by=StaffFactory())


def test_not_considered_frees_the_proposal_for_another_session():
    proposal = at_working_group()
    first = new_session(proposals=[proposal])
    decide(proposal, outcome=Outcome.NOT_CONSIDERED)
    assert first.agenda.get().decided_at is not None
    assert proposal in session_queries.proposals_awaiting(first.stage)
    # Not on the same session twice at the same revision…
    error = refused(ValidationFailed, lambda: domain.add_to_agenda(
        actor=StaffFactory(), session=first, proposals=[proposal]), "proposals")
    assert "already been on this session" in str(error.message)
    # …but on the next one.
    second = new_session(proposals=[proposal])
    assert second.agenda.get().proposal == proposal


# --- editing -----------------------------------------------------------------------------------

def test_staff_edit_name_date_place_and_seats():
    staff = StaffFactory()
    chair, secretary, member = people()
    session = new_session(chair=chair, secretary=secretary, members=[member])
    newcomer = CommitteeFactory()
    later = WHEN + datetime.timedelta(days=3, hours=2)
    # The chair and the secretary swap seats; a member leaves, a newcomer arrives.
    domain.update_session(actor=staff, session=session, name="Renamed", starts_at=later,
                          location="Room 2", chair=secretary, secretary=chair, members=[newcomer],
                          ip="10.0.0.2")
    session.refresh_from_db()
    assert (session.name, session.starts_at, session.location) == ("Renamed", later, "Room 2")
    assert {m.user_id: m.role for m in session.members.all()} == {
        secretary.pk: SessionRole.CHAIR, chair.pk: SessionRole.SECRETARY,
        newcomer.pk: SessionRole.MEMBER}
    event = AuditEvent.objects.get(action="session.update")
    assert set(event.details["changed"]) == {"name", "starts_at", "location"}
    assert event.details["added"] == [newcomer.pk] and event.details["removed"] == [member.pk]


def test_edit_applies_the_seat_rules():
    session = new_session()
    chair = session.members.get(role=SessionRole.CHAIR).user
    secretary = session.members.get(role=SessionRole.SECRETARY).user
    before = sorted(session.members.values_list("user_id", "role"))
    for kwargs, field in (({"chair": [chair, secretary]}, "chair"),
                          ({"members": [UserFactory()]}, "members"),
                          ({"members": []}, "members"),
                          ({"members": [chair]}, "members")):
        values = {"chair": chair, "secretary": secretary, "members": [CommitteeFactory()], **kwargs}
        with pytest.raises(ValidationFailed) as caught:
            domain.update_session(actor=StaffFactory(), session=session, name="M", starts_at=WHEN,
                                  **values)
        assert caught.value.field == field
    assert sorted(session.members.values_list("user_id", "role")) == before


def test_a_member_who_declared_a_conflict_keeps_their_seat():
    proposal = at_working_group()
    chair, secretary, member = people()
    session = new_session(proposals=[proposal], chair=chair, secretary=secretary, members=[member])
    domain.declare_conflict(actor=member, item=session.agenda.get(), note="I advise them")
    with pytest.raises(ValidationFailed) as caught:
        domain.update_session(actor=StaffFactory(), session=session, name="M", starts_at=WHEN,
                              chair=chair, secretary=secretary, members=[CommitteeFactory()])
    assert caught.value.field == "members" and "keep" in str(caught.value.message)
    assert session.members.filter(user=member).exists()
    # Moving them to another seat is fine: they still sit on the session.
    domain.update_session(actor=StaffFactory(), session=session, name="M", starts_at=WHEN,
                          chair=chair, secretary=member, members=[secretary])
    assert session.members.get(user=member).role == SessionRole.SECRETARY


def test_a_closed_session_cannot_be_edited_or_added_to():
    session = new_session()
    domain.close_session(actor=StaffFactory(), session=session)
    seats = {m.role: m.user for m in session.members.all()}
    with pytest.raises(InvalidTransition):
        domain.update_session(actor=StaffFactory(), session=session, name="Late", starts_at=WHEN,
                              chair=seats["chair"], secretary=seats["secretary"],
                              members=[seats["member"]])
    with pytest.raises(InvalidTransition):
        domain.add_to_agenda(actor=StaffFactory(), session=session, proposals=[at_working_group()])
    session.refresh_from_db()
    assert session.name != "Late" and session.agenda.count() == 0


# --- the agenda --------------------------------------------------------------------------------

def test_add_to_agenda_appends_in_order():
    first, second, third = at_working_group(), at_working_group(), at_working_group()
    session = new_session(proposals=[first])
    items = domain.add_to_agenda(actor=StaffFactory(), session=session, proposals=[third, second])
    assert [i.position for i in items] == [2, 3]
    assert list(session.agenda.order_by("position").values_list("proposal", flat=True)) == \
        [first.pk, third.pk, second.pk]
    assert AuditEvent.objects.get(action="session.agenda_add").details["proposals"] == \
        [third.number, second.number]
    refused(ValidationFailed, lambda: domain.add_to_agenda(actor=StaffFactory(), session=session,
                                                           proposals=[]), "proposals")
    refused(PermissionDenied, lambda: domain.add_to_agenda(
        actor=CommitteeFactory(), session=session, proposals=[at_working_group()]))


def test_an_undecided_item_can_be_removed_and_the_proposal_awaits_again():
    proposal = at_working_group()
    session = new_session(proposals=[proposal])
    member = session.members.get(role=SessionRole.MEMBER).user
    domain.declare_conflict(actor=member, item=session.agenda.get(), note="Relative")
    assert proposal not in session_queries.proposals_awaiting(session.stage)
    domain.remove_from_agenda(actor=StaffFactory(), item=session.agenda.get())
    assert session.agenda.count() == 0 and ConflictOfInterest.objects.count() == 0
    assert proposal in session_queries.proposals_awaiting(session.stage)
    event = AuditEvent.objects.get(action="session.agenda_remove")
    assert event.details["proposal"] == proposal.number
    assert "Relative" in event.details["conflicts"][0]


def test_a_decided_item_cannot_be_removed():
    proposal = at_working_group()
    session = new_session(proposals=[proposal])
    decide(proposal)
    item = session.agenda.get()
    error = refused(InvalidTransition, lambda: domain.remove_from_agenda(actor=StaffFactory(),
                                                                        item=item))
    assert "recorded" in str(error.message)


def test_an_item_with_a_draft_result_cannot_be_removed():
    proposal = at_working_group()
    session = new_session(proposals=[proposal])
    results.record_stage_result(actor=StaffFactory(), proposal=proposal, answers={})
    error = refused(InvalidTransition, lambda: domain.remove_from_agenda(
        actor=StaffFactory(), item=session.agenda.get()))
    assert "draft" in str(error.message)


def test_only_staff_remove_from_the_agenda():
    proposal = at_working_group()
    session = new_session(proposals=[proposal])
    chair = session.members.get(role=SessionRole.CHAIR).user
    refused(PermissionDenied, lambda: domain.remove_from_agenda(actor=chair, item=session.agenda.get()))


# --- closing -----------------------------------------------------------------------------------

def test_a_session_closes_only_when_every_item_is_decided():
    first, second = at_working_group(), at_working_group()
    session = new_session(proposals=[first, second])
    decide(first)
    with pytest.raises(InvalidTransition) as caught:
        domain.close_session(actor=StaffFactory(), session=session)
    assert second.number in str(caught.value.message)
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED and session.closed_at is None
    decide(second, outcome=Outcome.NOT_CONSIDERED)
    domain.close_session(actor=StaffFactory(), session=session, ip="10.0.0.3")
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED and session.closed_at is not None
    assert AuditEvent.objects.get(action="session.close").details["items"] == 2
    with pytest.raises(InvalidTransition):
        domain.close_session(actor=StaffFactory(), session=session)
    with pytest.raises(PermissionDenied):
        domain.close_session(actor=CommitteeFactory(), session=new_session())


def test_a_closed_session_keeps_its_agenda():
    proposal = at_working_group()
    session = new_session(proposals=[proposal])
    decide(proposal, outcome=Outcome.NOT_CONSIDERED)
    domain.close_session(actor=StaffFactory(), session=session)
    with pytest.raises(InvalidTransition):
        domain.remove_from_agenda(actor=StaffFactory(), item=session.agenda.get())


# --- conflicts of interest ---------------------------------------------------------------------

def test_a_member_of_any_seat_declares_a_conflict_once():
    proposal = at_working_group()
    session = new_session(proposals=[proposal])
    item = session.agenda.get()
    for seat in session.members.all():
        conflict = domain.declare_conflict(actor=seat.user, item=item, note=f"  {seat.role} note ",
                                           ip="10.0.0.4")
        assert conflict.member == seat.user and conflict.note == f"{seat.role} note"
    assert item.conflicts.count() == 3
    event = AuditEvent.objects.filter(action="session.conflict_declare").first()
    assert event.details["proposal"] == proposal.number and event.ip_address == "10.0.0.4"
    chair = session.members.get(role=SessionRole.CHAIR).user
    error = refused(InvalidTransition, lambda: domain.declare_conflict(actor=chair, item=item))
    assert "already declared" in str(error.message)


def test_declaring_for_someone_elses_session_is_refused():
    proposal = at_working_group()
    session = new_session(proposals=[proposal])
    item = session.agenda.get()
    for outsider in (CommitteeFactory(), StaffFactory(), SuperUserFactory(), UserFactory()):
        refused(PermissionDenied, lambda outsider=outsider: domain.declare_conflict(actor=outsider,
                                                                                   item=item))
    # A member of another session of the same stage is still an outsider here.
    other = new_session()
    member = other.members.get(role=SessionRole.MEMBER).user
    refused(PermissionDenied, lambda: domain.declare_conflict(actor=member, item=item))


def test_no_declaration_on_a_closed_session_and_notes_are_bounded():
    proposal = at_working_group()
    session = new_session(proposals=[proposal])
    member = session.members.get(role=SessionRole.MEMBER).user
    item = session.agenda.get()
    refused(ValidationFailed, lambda: domain.declare_conflict(actor=member, item=item,
                                                              note="x" * 2001), "note")
    decide(proposal, outcome=Outcome.NOT_CONSIDERED)
    domain.close_session(actor=StaffFactory(), session=session)
    refused(InvalidTransition, lambda: domain.declare_conflict(actor=member, item=item))
