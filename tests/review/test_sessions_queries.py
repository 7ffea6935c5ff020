"""Reads of evaluation sessions: who sees which session (row 7), the agenda picker, the agenda
with results and conflicts, and committee members reaching the proposals on their sessions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal, ProposalRevision
from phonlap.proposals.queries import get_proposal_for_user, proposals_for_user
from phonlap.review import session_queries as queries
from phonlap.review.domain import results
from phonlap.review.domain import sessions as domain
from phonlap.review.enums import SessionRole
from phonlap.review.models import AgendaItem
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory
from tests.proposals.factories import team

from .factories import disability_fund, full_answers, in_review, make_session, screen, stage_of

pytestmark = pytest.mark.django_db


def working_group():
    return stage_of(disability_fund(), "working_group")


def cheap_proposal(stage, **extra):
    pm, _manager, organisation = team()
    number = f"Q-{Proposal.objects.count() + 1:05d}"
    fields = {"status": ProposalStatus.IN_REVIEW, "current_stage": stage, **extra}
    proposal = Proposal.objects.create(
        number=number, fund=stage.fund, organisation=organisation, created_by=pm, name="Project",
        requested_budget=Decimal("5000"), latest_revision_number=1, submitted_at=timezone.now(),
        stage_entered_at=timezone.now(), **fields)
    ProposalRevision.objects.create(proposal=proposal, number=1, content={}, name="Project",
                                    requested_budget=Decimal("5000"), submitted_by=pm)
    return proposal


# --- the picker --------------------------------------------------------------------------------

def test_proposals_awaiting_a_stage():
    stage = working_group()
    free = cheap_proposal(stage)
    on_agenda = cheap_proposal(stage)
    make_session(stage, proposals=[on_agenda])
    elsewhere = cheap_proposal(stage_of(disability_fund(), "subcommittee"))
    returned = cheap_proposal(stage, status=ProposalStatus.RETURNED)
    deleted = cheap_proposal(stage, deleted_at=timezone.now())
    awaiting = list(queries.proposals_awaiting(stage))
    assert awaiting == [free]
    assert not {on_agenda, elsewhere, returned, deleted} & set(awaiting)
    assert list(queries.proposals_awaiting(None)) == []
    # Once its item is decided, the proposal is free again (e.g. "not considered").
    AgendaItem.objects.filter(proposal=on_agenda).update(decided_at=timezone.now())
    assert set(queries.proposals_awaiting(stage)) == {free, on_agenda}


def test_committee_users_and_meeting_stages():
    active = CommitteeFactory()
    inactive = CommitteeFactory(is_active=False)
    deleted = CommitteeFactory(deleted_at=timezone.now())
    StaffFactory()
    assert list(queries.committee_users()) == [active]
    assert inactive not in queries.committee_users() and deleted not in queries.committee_users()
    codes = {(s.fund.code, s.code) for s in queries.meeting_stages()}
    assert codes == {("disability-education", "working_group"), ("disability-education", "subcommittee"),
                     ("disability-education", "board"), ("se-promotion", "committee"),
                     ("se-promotion", "board")}


# --- who sees which session --------------------------------------------------------------------

def test_sessions_for_each_role():
    member = CommitteeFactory()
    mine = make_session(working_group(), members=[member])
    chaired = make_session(working_group(), chair=member)
    others = make_session(working_group())
    everything = {mine, chaired, others}
    assert set(queries.sessions_for_user(StaffFactory())) == everything
    assert set(queries.sessions_for_user(SuperUserFactory())) == everything
    assert set(queries.sessions_for_user(member)) == {mine, chaired}
    assert set(queries.sessions_for_user(CommitteeFactory())) == set()
    assert set(queries.sessions_for_user(UserFactory())) == set()
    from django.contrib.auth.models import AnonymousUser

    assert set(queries.sessions_for_user(AnonymousUser())) == set()


def test_item_count_is_annotated():
    stage = working_group()
    session = make_session(stage, proposals=[cheap_proposal(stage), cheap_proposal(stage)])
    assert queries.sessions_for_user(StaffFactory()).get(pk=session.pk).item_count == 2


@pytest.mark.parametrize("pk", ["0", "-1", "abc", "", None, "99999999999999999999", 10**30])
def test_get_session_for_user_404s_garbage(pk):
    make_session(working_group())
    with pytest.raises(Http404):
        queries.get_session_for_user(StaffFactory(), pk)
    with pytest.raises(Http404):
        queries.get_agenda_item_for_user(StaffFactory(), pk)


def test_get_session_and_item_for_user_404_when_forbidden_or_missing():
    stage = working_group()
    member = CommitteeFactory()
    proposal = cheap_proposal(stage)
    session = make_session(stage, members=[member], proposals=[proposal])
    item = session.agenda.get()
    assert queries.get_session_for_user(member, session.pk) == session
    assert queries.get_agenda_item_for_user(member, item.pk) == item
    outsider = CommitteeFactory()
    for user in (outsider, UserFactory()):
        with pytest.raises(Http404):
            queries.get_session_for_user(user, session.pk)
        with pytest.raises(Http404):
            queries.get_agenda_item_for_user(user, item.pk)
    with pytest.raises(Http404):
        queries.get_session_for_user(StaffFactory(), session.pk + 1000)


# --- committee members read the proposals on their sessions ------------------------------------

def test_a_committee_member_reads_the_proposals_on_their_sessions_only():
    proposal, _pm, _manager = in_review()
    screen(proposal)
    other, _pm2, _manager2 = in_review()
    screen(other)
    member = CommitteeFactory()
    make_session(working_group(), members=[member], proposals=[proposal])
    make_session(working_group(), proposals=[other])
    assert get_proposal_for_user(member, proposal.pk) == proposal
    with pytest.raises(Http404):
        get_proposal_for_user(member, other.pk)
    assert list(proposals_for_user(member)) == [proposal]


# --- the agenda as a reader sees it ------------------------------------------------------------

def test_agenda_rows_results_and_conflicts():
    proposal, _pm, _manager = in_review()
    screen(proposal)
    proposal.refresh_from_db()
    waiting = cheap_proposal(working_group())
    chair, secretary, member = CommitteeFactory(), CommitteeFactory(), CommitteeFactory()
    session = make_session(working_group(), chair=chair, secretary=secretary, members=[member],
                           proposals=[proposal, waiting])
    staff = StaffFactory()
    first = session.agenda.get(proposal=proposal)
    domain.declare_conflict(actor=member, item=first, note="Consultant")
    draft = results.record_stage_result(actor=staff, proposal=proposal,
                                        answers=full_answers(proposal.current_stage.rubric.definition))
    staff_rows = queries.agenda_of(session, staff)
    assert [r.number for r in staff_rows] == [1, 2]
    assert staff_rows[0].result == draft and staff_rows[0].has_result
    assert staff_rows[1].result is None and not staff_rows[1].has_result
    member_rows = queries.agenda_of(session, member)
    assert member_rows[0].result is None  # a draft is not the committee's to read
    assert member_rows[0].has_result
    assert [c.note for c in member_rows[0].conflicts] == ["Consultant"]
    assert member_rows[0].my_conflict.member == member
    assert queries.agenda_of(session, chair)[0].my_conflict is None
    submitted = results.record_stage_result(actor=staff, proposal=proposal, lock_version=draft.lock_version,
                                            answers=full_answers(proposal.current_stage.rubric.definition),
                                            submit=True)
    assert queries.agenda_of(session, member)[0].result == submitted


def test_agenda_of_runs_two_queries_whatever_its_length(django_assert_num_queries):
    stage = working_group()
    short = make_session(stage, proposals=[cheap_proposal(stage)])
    long = make_session(stage, proposals=[cheap_proposal(stage) for _ in range(30)])
    staff = StaffFactory()
    for item in long.agenda.all()[:10]:
        domain.declare_conflict(actor=long.members.get(role=SessionRole.MEMBER).user, item=item)
    queries.agenda_of(short, staff)  # roles and matrix cached on the user
    with django_assert_num_queries(2):
        assert len(queries.agenda_of(short, staff)) == 1
    with django_assert_num_queries(2):
        assert len(queries.agenda_of(long, staff)) == 30


def test_members_in_seat_order():
    chair, secretary = CommitteeFactory(first_name="Zed"), CommitteeFactory(first_name="Yan")
    members = [CommitteeFactory(first_name="Bee"), CommitteeFactory(first_name="Ann")]
    session = make_session(working_group(), chair=chair, secretary=secretary, members=members)
    seats = queries.members_of(session)
    assert [m.user for m in seats] == [chair, secretary, members[1], members[0]]
    assert queries.seat_of(members[0], session).role == SessionRole.MEMBER
    assert queries.seat_of(StaffFactory(), session) is None


def test_filter_sessions_by_fund_and_stage():
    wg, sub = working_group(), stage_of(disability_fund(), "subcommittee")
    a = make_session(wg, starts_at=timezone.now() + datetime.timedelta(days=1))
    b = make_session(sub)
    everything = queries.sessions_for_user(StaffFactory())
    assert set(queries.filter_sessions(everything, stage=wg)) == {a}
    assert set(queries.filter_sessions(everything, fund=disability_fund())) == {a, b}
    assert set(queries.filter_sessions(everything, fund=stage_of(disability_fund(), "board").fund,
                                       stage=sub)) == {b}
