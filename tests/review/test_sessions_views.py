"""Session pages (spec 03 §2.11): the list, create and edit forms, the agenda, closing, conflicts
of interest and printing, for staff, committee members and everyone else; every bad input of
the issue is refused with a readable message and changes nothing; query counts do not grow."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal, ProposalRevision
from phonlap.review.domain import results
from phonlap.review.domain import sessions as domain
from phonlap.review.enums import SessionRole, SessionStatus
from phonlap.review.models import AgendaItem, ConflictOfInterest, EvaluationSession, SessionMember
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory, signed_in
from tests.proposals.factories import team

from .factories import disability_fund, full_answers, in_review, make_session, screen, se_fund, stage_of

pytestmark = pytest.mark.django_db

LIST = reverse("review:session_list")
CREATE = reverse("review:session_create")


def working_group():
    return stage_of(disability_fund(), "working_group")


def cheap_proposal(stage, name="โครงการพัฒนาครู", pm=None, organisation=None):
    if pm is None:
        pm, _manager, organisation = team()
    number = f"V-{Proposal.objects.count() + 1:05d}"
    proposal = Proposal.objects.create(
        number=number, fund=stage.fund, organisation=organisation, created_by=pm, name=name,
        status=ProposalStatus.IN_REVIEW, requested_budget=Decimal("120000"), latest_revision_number=1,
        submitted_at=timezone.now(), current_stage=stage, stage_entered_at=timezone.now())
    ProposalRevision.objects.create(proposal=proposal, number=1, content={}, name=name,
                                    requested_budget=Decimal("120000"), submitted_by=pm)
    return proposal


def at_working_group():
    proposal, _pm, _manager = in_review()
    screen(proposal)
    proposal.refresh_from_db()
    return proposal


def form_data(stage=None, *, chair, secretary, members, proposals=(), **extra):
    data = {"name": "คณะทำงาน ครั้งที่ 2/2569", "date": "21/11/2569", "time": "09:30",
            "location": "ห้องประชุมชั้น 3", "chair": str(chair.pk), "secretary": str(secretary.pk),
            "members": [str(m.pk) for m in members], "proposals": [str(p.pk) for p in proposals]}
    if stage is not None:
        data["stage"] = str(stage.pk)
    data.update(extra)
    return data


def html(response) -> str:
    return response.content.decode()


# --- list ----------------------------------------------------------------------------------------

def test_staff_see_upcoming_and_past_sessions(client):
    stage = working_group()
    soon = make_session(stage, name="Upcoming meeting", proposals=[cheap_proposal(stage)],
                        starts_at=timezone.now() + datetime.timedelta(days=2))
    past = make_session(stage, name="Last month", starts_at=timezone.now() - datetime.timedelta(days=30))
    response = signed_in(client, StaffFactory()).get(LIST)
    assert response.status_code == 200
    page = html(response)
    upcoming_part, past_part = page.split('id="past-heading"')
    assert soon.name in upcoming_part and past.name in past_part
    assert past.name not in upcoming_part
    assert reverse("review:session_detail", kwargs={"pk": soon.pk}) in page
    assert CREATE in page
    assert "<td>1</td>" in upcoming_part  # the number of proposals on its agenda


def test_the_list_shows_thai_dates_in_thai(client):
    make_session(working_group(), name="ประชุม", starts_at=timezone.make_aware(
        datetime.datetime(2030, 11, 21, 9, 30)))
    staff = StaffFactory(language="th")
    signed_in(client, staff)
    page = html(client.get(LIST, HTTP_ACCEPT_LANGUAGE="th"))
    assert "21 พ.ย. 2573 09:30 น." in page


def test_committee_members_list_only_their_sessions(client):
    member = CommitteeFactory()
    mine = make_session(working_group(), name="Mine", members=[member])
    other = make_session(working_group(), name="Someone else's")
    page = html(signed_in(client, member).get(LIST))
    assert mine.name in page and other.name not in page
    assert CREATE not in page


def test_the_list_filters_by_fund_and_stage(client):
    wg, committee = working_group(), stage_of(se_fund(), "committee")
    a = make_session(wg, name="DEF working group")
    b = make_session(committee, name="SE committee")
    signed_in(client, StaffFactory())
    page = html(client.get(LIST, {"stage": wg.pk}))
    assert a.name in page and b.name not in page
    page = html(client.get(LIST, {"fund": se_fund().pk}))
    assert b.name in page and a.name not in page
    response = client.get(LIST, {"stage": "not-a-stage", "fund": "999999"})
    assert response.status_code == 200
    assert "cannot be used" in html(response)
    assert a.name not in html(response) and b.name not in html(response)


def test_others_cannot_open_the_list(client):
    make_session(working_group())
    applicant, _manager, _organisation = team()
    assert signed_in(client, applicant).get(LIST).status_code == 404


def _sessions(n, stage, member):
    for i in range(n):
        when = timezone.now() + datetime.timedelta(days=(i % 2) * 60 - 30)
        make_session(stage, name=f"Session {i}", members=[member], starts_at=when,
                     proposals=[cheap_proposal(stage)])


@pytest.mark.parametrize("who", ["staff", "committee"])
def test_list_queries_do_not_grow_with_sessions(client, django_assert_max_num_queries, who):
    stage = working_group()
    member = CommitteeFactory()
    user = StaffFactory() if who == "staff" else member
    signed_in(client, user)
    _sessions(1, stage, member)
    client.get(LIST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    _sessions(29, stage, member)
    with django_assert_max_num_queries(len(one)):
        response = client.get(LIST)
    assert html(response).count("Session ") >= 25
    assert len(one) <= 15


# --- create ------------------------------------------------------------------------------------

def test_staff_create_a_session_with_its_agenda(client):
    staff = StaffFactory()
    stage = working_group()
    chair, secretary, m1, m2 = (CommitteeFactory() for _ in range(4))
    proposal = cheap_proposal(stage)
    signed_in(client, staff)
    page = html(client.get(CREATE))  # step 1: the stage
    assert 'name="stage"' in page and 'method="get"' in page and 'name="date"' not in page
    page = html(client.get(CREATE, {"stage": stage.pk}))  # step 2: the session
    assert 'name="date"' in page and 'name="time"' in page and 'name="members"' in page
    assert f'type="hidden" name="stage" value="{stage.pk}"' in page
    assert chair.email in page and proposal.number in page
    response = client.post(CREATE, form_data(stage, chair=chair, secretary=secretary,
                                              members=[m1, m2], proposals=[proposal]))
    session = EvaluationSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("review:session_detail", kwargs={"pk": session.pk})
    # 21/11/2569 B.E. at 09:30 Bangkok time
    local = timezone.localtime(session.starts_at).replace(tzinfo=None)
    assert local == datetime.datetime(2026, 11, 21, 9, 30)
    assert session.location == "ห้องประชุมชั้น 3"
    assert session.members.count() == 4 and session.agenda.get().proposal == proposal
    detail = html(client.get(response["Location"]))
    assert "was created" in detail and proposal.number in detail


def test_the_picker_offers_the_proposals_awaiting_the_chosen_stage(client):
    stage = working_group()
    awaiting = cheap_proposal(stage, name="Awaiting one")
    busy = cheap_proposal(stage, name="Busy one")
    make_session(stage, proposals=[busy])
    elsewhere = cheap_proposal(stage_of(disability_fund(), "board"), name="At the board")
    signed_in(client, StaffFactory())
    page = html(client.get(CREATE))
    assert awaiting.number not in page
    page = html(client.get(CREATE, {"stage": stage.pk}))
    assert awaiting.number in page and busy.number not in page and elsewhere.number not in page
    page = html(client.get(CREATE, {"stage": stage_of(disability_fund(), "subcommittee").pk}))
    assert "No proposal is awaiting the stage" in page and awaiting.number not in page


def test_screening_is_not_offered(client):
    signed_in(client, StaffFactory())
    page = html(client.get(CREATE))
    screening = stage_of(disability_fund(), "screening")
    options = page.split('name="stage"')[1].split("</select>")[0]
    assert f'value="{screening.pk}"' not in options
    assert f'value="{working_group().pk}"' in options
    page = html(client.get(CREATE, {"stage": screening.pk}))
    assert "Select a valid choice" in page and 'name="date"' not in page
    chair, secretary, member = (CommitteeFactory() for _ in range(3))
    response = client.post(CREATE, form_data(screening, chair=chair, secretary=secretary, members=[member]))
    assert response.status_code == 200 and EvaluationSession.objects.count() == 0
    assert "Select a valid choice" in html(response)
    data = form_data(chair=chair, secretary=secretary, members=[member])  # no stage at all
    response = client.post(CREATE, data)
    assert "This field is required" in html(response) and EvaluationSession.objects.count() == 0


def _refused(client, data, *needles, url=CREATE):
    before = (EvaluationSession.objects.count(), SessionMember.objects.count(), AgendaItem.objects.count())
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    page = html(response)
    assert "Nothing was saved" in page
    for needle in needles:
        assert needle in page, needle
    assert (EvaluationSession.objects.count(), SessionMember.objects.count(),
            AgendaItem.objects.count()) == before
    return page


def test_a_second_chair_is_refused(client):
    signed_in(client, StaffFactory())
    chair, other, secretary, member = (CommitteeFactory() for _ in range(4))
    data = form_data(working_group(), chair=chair, secretary=secretary, members=[member])
    data["chair"] = [str(chair.pk), str(other.pk)]
    page = _refused(client, data, "exactly one chair")
    assert 'href="#id_chair"' in page  # the summary links to the field
    assert 'aria-invalid="true"' in page


def test_a_non_committee_member_is_refused(client):
    signed_in(client, StaffFactory())
    chair, secretary = CommitteeFactory(), CommitteeFactory()
    outsider = UserFactory(first_name="Outsider", last_name="Person")
    _refused(client, form_data(working_group(), chair=chair, secretary=secretary, members=[outsider]),
             "Outsider Person is not an active committee member")
    _refused(client, form_data(working_group(), chair=StaffFactory(), secretary=secretary,
                               members=[CommitteeFactory()]), "not an active committee member")


def test_the_same_person_twice_is_refused(client):
    signed_in(client, StaffFactory())
    chair, secretary = CommitteeFactory(), CommitteeFactory()
    _refused(client, form_data(working_group(), chair=chair, secretary=secretary, members=[chair]),
             "one seat")


def test_a_proposal_on_another_open_session_is_refused(client):
    stage = working_group()
    proposal = cheap_proposal(stage)
    make_session(stage, name="The first meeting", proposals=[proposal])
    signed_in(client, StaffFactory())
    chair, secretary, member = (CommitteeFactory() for _ in range(3))
    _refused(client, form_data(stage, chair=chair, secretary=secretary, members=[member],
                               proposals=[proposal]),
             proposal.number, "The first meeting", "one open session")


def test_a_proposal_not_awaiting_the_stage_is_refused(client):
    proposal = cheap_proposal(stage_of(disability_fund(), "subcommittee"))
    signed_in(client, StaffFactory())
    chair, secretary, member = (CommitteeFactory() for _ in range(3))
    _refused(client, form_data(working_group(), chair=chair, secretary=secretary, members=[member],
                               proposals=[proposal]), proposal.number, "not awaiting")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("date", "31/02/2569", "There is no such date"),
    ("date", "tomorrow", "day/month/year"),
    ("time", "25:99", "hours:minutes"),
    ("name", "", "This field is required"),
    ("name", "x" * 300, "at most 255"),
    ("members", [], "This field is required"),
    ("chair", "abc", "Select a valid choice"),
])
def test_garbage_is_refused_on_its_field(client, field, value, message):
    signed_in(client, StaffFactory())
    chair, secretary, member = (CommitteeFactory() for _ in range(3))
    data = form_data(working_group(), chair=chair, secretary=secretary, members=[member])
    data[field] = value
    page = _refused(client, data, message)
    assert f'href="#id_{field}' in page


def test_committee_members_and_others_cannot_create_or_edit(client):
    session = make_session(working_group())
    member = session.members.get(role=SessionRole.CHAIR).user
    chair, secretary, other = (CommitteeFactory() for _ in range(3))
    edit = reverse("review:session_edit", kwargs={"pk": session.pk})
    for user in (member, CommitteeFactory(), team()[0], SuperUserFactory()):
        signed_in(client, user)
        assert client.get(CREATE).status_code == 404
        assert client.post(CREATE, form_data(working_group(), chair=chair, secretary=secretary,
                                             members=[other])).status_code == 404
        assert client.post(edit, {"name": "Hijacked"}).status_code == 404
    assert EvaluationSession.objects.count() == 1
    session.refresh_from_db()
    assert session.name != "Hijacked"
    client.logout()
    response = client.get(CREATE)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


# --- edit --------------------------------------------------------------------------------------

def test_staff_edit_a_session(client):
    chair, secretary, member, newcomer = (CommitteeFactory() for _ in range(4))
    session = make_session(working_group(), chair=chair, secretary=secretary, members=[member],
                           starts_at=timezone.make_aware(datetime.datetime(2026, 11, 21, 9, 30)))
    url = reverse("review:session_edit", kwargs={"pk": session.pk})
    signed_in(client, StaffFactory())
    page = html(client.get(url))
    assert 'value="21/11/2026"' in page and 'value="09:30"' in page  # English: C.E.
    assert 'name="stage"' not in page and 'name="proposals"' not in page
    response = client.post(url, form_data(chair=secretary, secretary=chair, members=[newcomer],
                                          name="Renamed", date="01/12/2569", time="13:00"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.name == "Renamed"
    assert timezone.localtime(session.starts_at).replace(tzinfo=None) == datetime.datetime(2026, 12, 1, 13, 0)
    assert {m.user_id: m.role for m in session.members.all()} == {
        secretary.pk: "chair", chair.pk: "secretary", newcomer.pk: "member"}


def test_editing_refuses_bad_seats_and_closed_sessions(client):
    chair, secretary, member = (CommitteeFactory() for _ in range(3))
    session = make_session(working_group(), chair=chair, secretary=secretary, members=[member])
    url = reverse("review:session_edit", kwargs={"pk": session.pk})
    signed_in(client, StaffFactory())
    data = form_data(chair=chair, secretary=secretary, members=[UserFactory()], name="Changed")
    _refused(client, data, "not an active committee member", url=url)
    data = form_data(chair=chair, secretary=secretary, members=[member], name="Changed")
    data["secretary"] = [str(secretary.pk), str(member.pk)]
    _refused(client, data, "exactly one secretary", url=url)
    session.refresh_from_db()
    assert session.name != "Changed"
    domain.close_session(actor=StaffFactory(), session=session)
    response = client.get(url, follow=True)
    assert "closed; it cannot be changed" in html(response)
    response = client.post(url, form_data(chair=chair, secretary=secretary, members=[member],
                                          name="After closing"), follow=True)
    assert "closed; it cannot be changed" in html(response)
    session.refresh_from_db()
    assert session.name != "After closing"


# --- detail ------------------------------------------------------------------------------------

def test_the_detail_page_for_staff(client):
    stage = working_group()
    first = at_working_group()
    waiting = cheap_proposal(stage)
    chair, secretary, member = CommitteeFactory(), CommitteeFactory(), CommitteeFactory(first_name="Mali")
    session = make_session(stage, chair=chair, secretary=secretary, members=[member],
                           proposals=[first, waiting], name="คณะทำงาน 3/2569")
    domain.declare_conflict(actor=member, item=session.agenda.get(proposal=first), note="Adviser")
    staff = StaffFactory()
    results.record_stage_result(actor=staff, proposal=first, submit=True,
                                answers=full_answers(stage.rubric.definition))
    signed_in(client, staff)
    page = html(client.get(reverse("review:session_detail", kwargs={"pk": session.pk})))
    assert session.name in page and stage.name_en in page
    assert "Chair" in page and "Secretary" in page and "Mali" in page
    assert first.number in page and waiting.number in page
    assert reverse("proposals:detail", kwargs={"pk": first.pk}) in page
    assert "Passed" in page and "100.00 of 100.00" in page
    assert "Adviser" in page
    # Remove only the undecided one; edit, add and print links.
    assert reverse("review:agenda_remove", kwargs={"pk": session.agenda.get(proposal=waiting).pk}) in page
    assert reverse("review:agenda_remove", kwargs={"pk": session.agenda.get(proposal=first).pk}) not in page
    for name in ("session_edit", "session_agenda_add", "session_print_agenda", "session_print_resolutions"):
        assert reverse(f"review:{name}", kwargs={"pk": session.pk}) in page
    assert reverse("review:session_close", kwargs={"pk": session.pk}) not in page  # one undecided
    assert "Declare a conflict of interest" not in page  # staff hold no seat


def test_a_committee_member_reads_their_session_and_its_proposals(client):
    proposal = at_working_group()
    member = CommitteeFactory()
    session = make_session(working_group(), members=[member], proposals=[proposal])
    other = make_session(working_group())
    staff = StaffFactory()
    results.record_stage_result(actor=staff, proposal=proposal,
                                answers=full_answers(working_group().rubric.definition))  # a draft
    signed_in(client, member)
    page = html(client.get(reverse("review:session_detail", kwargs={"pk": session.pk})))
    assert proposal.number in page and "(you)" in page
    assert "Awaiting meeting" in page and "draft, not submitted" not in page  # staff's draft is hidden
    assert "Declare a conflict of interest" in page
    assert "Take off the agenda" not in page
    assert reverse("review:session_edit", kwargs={"pk": session.pk}) not in page
    assert client.get(reverse("proposals:detail", kwargs={"pk": proposal.pk})).status_code == 200
    assert client.get(reverse("review:session_detail", kwargs={"pk": other.pk})).status_code == 404
    for name in ("session_print_agenda", "session_print_resolutions"):
        assert client.get(reverse(f"review:{name}", kwargs={"pk": other.pk})).status_code == 404
    signed_in(client, staff)  # staff see the draft, marked as such
    page = html(client.get(reverse("review:session_detail", kwargs={"pk": session.pk})))
    assert "draft, not submitted" in page


def test_detail_links_to_review_pages_only_when_they_exist(client):
    from phonlap.review import session_views

    proposal = cheap_proposal(working_group())
    session = make_session(working_group(), proposals=[proposal])
    signed_in(client, StaffFactory())
    page = html(client.get(reverse("review:session_detail", kwargs={"pk": session.pk})))
    for name in (session_views.PROPOSAL_REVIEW_URL, session_views.RECORD_RESULT_URL):
        url = session_views._reverse_or_none(name, pk=proposal.pk)
        if url is None:
            continue
        assert url in page


def test_detail_queries_do_not_grow_with_the_agenda(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stage = working_group()
    member = CommitteeFactory()
    small = make_session(stage, members=[member], proposals=[cheap_proposal(stage)])
    pm, _manager, organisation = team()
    big = make_session(stage, members=[member, *(CommitteeFactory() for _ in range(5))],
                       proposals=[cheap_proposal(stage, pm=pm, organisation=organisation)
                                  for _ in range(30)])
    for item in big.agenda.all()[:15]:
        domain.declare_conflict(actor=member, item=item, note="Note")
    for user in (StaffFactory(), member):
        signed_in(client, user)
        client.get(reverse("review:session_detail", kwargs={"pk": small.pk}))
        with CaptureQueriesContext(connection) as one:
            assert client.get(reverse("review:session_detail", kwargs={"pk": small.pk})).status_code == 200
        with django_assert_max_num_queries(len(one)):
            response = client.get(reverse("review:session_detail", kwargs={"pk": big.pk}))
        assert response.status_code == 200 and html(response).count('id="item-') == 30
        assert len(one) <= 15, len(one)


# --- the agenda --------------------------------------------------------------------------------

def test_staff_add_proposals_to_the_agenda(client):
    stage = working_group()
    session = make_session(stage)
    a, b = cheap_proposal(stage), cheap_proposal(stage)
    url = reverse("review:session_agenda_add", kwargs={"pk": session.pk})
    signed_in(client, StaffFactory())
    page = html(client.get(url))
    assert a.number in page and b.number in page
    response = client.post(url, {"proposals": [str(a.pk), str(b.pk)]})
    assert response.status_code == 302
    assert set(session.agenda.values_list("proposal", flat=True)) == {a.pk, b.pk}
    response = client.post(url, {"proposals": []})
    assert "Choose at least one proposal" in html(response)
    # Now on this session, so no longer offered; forcing it is refused by name.
    page = html(client.post(url, {"proposals": [str(a.pk)]}))
    assert "one open session" in page and a.number in page
    assert session.agenda.count() == 2


def test_remove_from_the_agenda_with_confirmation(client):
    stage = working_group()
    waiting = cheap_proposal(stage)
    session = make_session(stage, proposals=[waiting])
    item = session.agenda.get()
    url = reverse("review:agenda_remove", kwargs={"pk": item.pk})
    signed_in(client, StaffFactory())
    page = html(client.get(url))
    assert f"Take proposal {waiting.number} off the agenda?" in page and "<form method=\"post\"" in page
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    response = client.post(url, follow=True)
    assert "was taken off the agenda" in html(response)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_removing_a_decided_item_is_refused(client):
    proposal = at_working_group()
    session = make_session(working_group(), proposals=[proposal])
    results.record_stage_result(actor=StaffFactory(), proposal=proposal, submit=True,
                                answers=full_answers(working_group().rubric.definition))
    item = session.agenda.get()
    signed_in(client, StaffFactory())
    response = client.post(reverse("review:agenda_remove", kwargs={"pk": item.pk}), follow=True)
    assert "has been recorded: it stays on the agenda" in html(response)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_committee_members_cannot_remove(client):
    proposal = cheap_proposal(working_group())
    session = make_session(working_group(), proposals=[proposal])
    chair = session.members.get(role=SessionRole.CHAIR).user
    signed_in(client, chair)
    item = session.agenda.get()
    assert client.post(reverse("review:agenda_remove", kwargs={"pk": item.pk})).status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()


# --- closing -----------------------------------------------------------------------------------

def test_closing_a_session(client):
    proposal = at_working_group()
    session = make_session(working_group(), proposals=[proposal])
    url = reverse("review:session_close", kwargs={"pk": session.pk})
    staff = StaffFactory()
    signed_in(client, staff)
    page = html(client.get(url))
    assert "cannot be closed yet" in page and proposal.number in page
    response = client.post(url, follow=True)
    assert "cannot be closed yet" in html(response)
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    results.record_stage_result(actor=staff, proposal=proposal, submit=True,
                                answers=full_answers(working_group().rubric.definition))
    detail = html(client.get(reverse("review:session_detail", kwargs={"pk": session.pk})))
    assert url in detail
    response = client.post(url, follow=True)
    assert "The session was closed" in html(response)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    detail = html(client.get(reverse("review:session_detail", kwargs={"pk": session.pk})))
    assert reverse("review:session_edit", kwargs={"pk": session.pk}) not in detail


# --- conflicts of interest ---------------------------------------------------------------------

def test_a_member_declares_a_conflict(client):
    proposal = cheap_proposal(working_group())
    member = CommitteeFactory()
    session = make_session(working_group(), members=[member], proposals=[proposal])
    item = session.agenda.get()
    url = reverse("review:conflict_declare", kwargs={"pk": item.pk})
    signed_in(client, member)
    assert client.get(url).status_code == 405
    response = client.post(url, {"note": "My sister manages this project"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.member, conflict.agenda_item) == (member, item)
    assert conflict.note == "My sister manages this project"
    page = html(client.get(response["Location"]))
    assert "was recorded on the session" in page
    assert f"You declared a conflict of interest for proposal {proposal.number}" in page
    assert f'action="{url}"' not in page  # no second form
    page = html(client.post(url, {"note": "again"}, follow=True))
    assert "already declared" in page and ConflictOfInterest.objects.count() == 1
    page = html(client.post(url, {"note": "x" * 2001}, follow=True))
    assert "at most 2000 characters" in page and ConflictOfInterest.objects.count() == 1


def test_declaring_for_someone_elses_session_is_refused(client):
    proposal = cheap_proposal(working_group())
    session = make_session(working_group(), proposals=[proposal])
    item = session.agenda.get()
    url = reverse("review:conflict_declare", kwargs={"pk": item.pk})
    signed_in(client, CommitteeFactory())
    assert client.post(url, {"note": "Not mine"}).status_code == 404
    signed_in(client, StaffFactory())
    page = html(client.post(url, {"note": "Staff"}, follow=True))
    assert "Only members of this session" in page
    signed_in(client, proposal.created_by)  # the applicant
    assert client.post(url, {"note": "Applicant"}).status_code == 404
    assert ConflictOfInterest.objects.count() == 0


# --- printing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["session_print_agenda", "session_print_resolutions"])
def test_print_downloads_a_pdf(client, name):
    member = CommitteeFactory()
    session = make_session(working_group(), members=[member], proposals=[cheap_proposal(working_group())])
    for user in (StaffFactory(), member):
        signed_in(client, user)
        response = client.get(reverse(f"review:{name}", kwargs={"pk": session.pk}))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        kind = "agenda" if name.endswith("agenda") else "resolutions"
        assert f'filename="session-{session.pk}-{kind}-' in response["Content-Disposition"]
