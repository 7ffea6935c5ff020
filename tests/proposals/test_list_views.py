"""The proposal list page (spec 02 §2.8): scope per role, filters, search, sorting, pages, bad
input, and what each role is offered."""

import datetime
import re

import pytest
from django.urls import reverse

from phonlap.proposals.enums import ProposalStatus
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, signed_in
from tests.funds.factories import CallFactory
from tests.organisations.factories import MembershipFactory

from .factories import disability_fund, team
from .list_support import make

pytestmark = pytest.mark.django_db

URL = reverse("proposals:list")


def numbers(response) -> list[str]:
    """Proposal numbers in the table, in order (each row's header cell)."""
    body = response.content.decode()
    return re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', body)


@pytest.fixture
def world():
    """Two organisations: A with a project manager, a colleague and a manager; B with its own
    team. Proposals: two of A's PM, one of the colleague, one of B."""
    pm, manager, org_a = team()
    colleague = MembershipFactory(organisation=org_a).user
    pm_b, manager_b, org_b = team()
    return {
        "pm": pm, "manager": manager, "colleague": colleague, "org_a": org_a,
        "pm_b": pm_b, "manager_b": manager_b, "org_b": org_b,
        "mine": make(pm, org_a, name="โครงการห้องสมุดอักษรเบรลล์", status=ProposalStatus.IN_REVIEW,
                     submitted=datetime.date(2026, 3, 10)),
        "mine_draft": make(pm, org_a, name="Sign-language club"),
        "colleagues": make(colleague, org_a, name="โครงการครูการศึกษาพิเศษ"),
        "theirs": make(pm_b, org_b, name="Other organisation's project", status=ProposalStatus.RETURNED,
                       submitted=datetime.date(2026, 5, 1)),
    }


def get(client, user, **params):
    response = signed_in(client, user).get(URL, params)
    assert response.status_code == 200
    return response


# --- scope --------------------------------------------------------------------------------------

def test_project_manager_sees_own_proposals_only(client, world):
    assert set(numbers(get(client, world["pm"]))) == {world["mine"].number, world["mine_draft"].number}


def test_organisation_manager_sees_the_organisations_proposals(client, world):
    expected = {world["mine"].number, world["mine_draft"].number, world["colleagues"].number}
    assert set(numbers(get(client, world["manager"]))) == expected


@pytest.mark.parametrize("factory", [StaffFactory, SuperUserFactory])
def test_staff_and_super_users_see_all_with_the_organisation_column_and_filter(client, world, factory):
    response = get(client, factory())
    assert set(numbers(response)) == {p.number for k, p in world.items() if k in
                                      ("mine", "mine_draft", "colleagues", "theirs")}
    body = response.content.decode()
    assert world["org_b"].name in body
    # A text filter on the organisation's name, not a list of every organisation (thousands at
    # scale: unusable and slow to render).
    assert 'name="organisation_name"' in body and "<option" not in body.split(
        'name="organisation_name"')[1].split("</div>")[0]
    response = get(client, factory(), organisation_name=world["org_b"].name.upper())
    assert numbers(response) == [world["theirs"].number]
    # One organisation by its id (links from its page): named on the page, with a way back.
    response = get(client, factory(), organisation=world["org_b"].pk)
    assert numbers(response) == [world["theirs"].number]
    body = response.content.decode()
    assert f"Organisation: {world['org_b'].name}" in body and "Show every organisation" in body


def test_others_do_not_get_the_organisation_filter(client, world):
    response = get(client, world["manager"])
    body = response.content.decode()
    assert 'name="organisation"' not in body and 'name="organisation_name"' not in body
    # ... and a hand-made ?organisation= does not widen nor narrow their scope
    response = get(client, world["manager"], organisation=world["org_b"].pk)
    assert len(numbers(response)) == 3


def test_committee_members_get_an_explanatory_empty_state(client, world):
    response = get(client, CommitteeFactory())
    assert numbers(response) == []
    assert "evaluation sessions they sit on" in response.content.decode()


def test_a_deleted_draft_is_not_listed(client, world):
    from phonlap.proposals import domain

    domain.delete_draft(actor=world["pm"], proposal=world["mine_draft"])
    assert numbers(get(client, world["pm"])) == [world["mine"].number]


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- what the page offers -----------------------------------------------------------------------

def test_columns_status_in_words_thai_date_and_stage_badges(client, world):
    from django.utils import translation

    body = get(client, world["pm"]).content.decode()
    assert "In review" in body and "Draft" in body
    assert "10 Mar 2026" in body
    # One badge per stage of the disability education fund for the proposal in review: it waits
    # at screening, the three later stages are "awaiting" (and the stage filter offers "Any stage").
    assert body.count("Awaiting result") == 1
    assert body.count(">Awaiting<") == 3
    assert "<caption>" in body and 'scope="col"' in body
    # In Thai the date is Buddhist Era.
    world["pm"].language = "th"
    world["pm"].save(update_fields=["language"])
    with translation.override("th"):
        response = signed_in(client, world["pm"]).get(URL, HTTP_ACCEPT_LANGUAGE="th")
    assert "2569" in response.content.decode()


def test_add_button_for_those_who_may_create(client, world):
    """Row 2.1 holders get the create page's link (as soon as that page exists)."""
    from phonlap.proposals import list_views

    create_url = list_views._reverse_or_none(list_views.CREATE_URL_NAMES)
    for user in (world["pm"], world["manager"]):
        response = get(client, user)
        assert response.context["create_url"] == create_url
        if create_url:
            assert f'href="{create_url}"' in response.content.decode()


def test_deleted_drafts_link_for_those_who_may_restore(client, world):
    deleted_url = reverse("proposals:deleted")
    for user, offered in ((world["manager"], True), (StaffFactory(), True), (world["pm"], False),
                          (CommitteeFactory(), False)):
        assert (f'href="{deleted_url}"' in get(client, user).content.decode()) is offered


def test_staff_and_committee_are_never_offered_the_add_button(client, world):
    """Staff cannot create proposals (spec 02 §2.8): the view passes no create link."""
    for user in (StaffFactory(), CommitteeFactory(), SuperUserFactory()):
        assert get(client, user).context["create_url"] is None


def test_results_count_is_announced(client, world):
    body = get(client, world["manager"]).content.decode()
    assert re.search(r'role="status"[^>]*>3 proposals found', body)


# --- filters and search -------------------------------------------------------------------------

def test_search_by_thai_name_fragment_and_by_number(client, world):
    staff = StaffFactory()
    assert set(numbers(get(client, staff, q="อักษรเบรลล์"))) == {world["mine"].number}
    assert set(numbers(get(client, staff, q="โครงการ"))) == {world["mine"].number, world["colleagues"].number}
    number = world["theirs"].number
    assert numbers(get(client, staff, q=number)) == [number]
    assert numbers(get(client, staff, q=number.lower()[-4:]))  # a fragment, any case
    assert numbers(get(client, staff, q="no such project")) == []


def test_filter_by_status_fund_call_and_dates(client, world):
    staff = StaffFactory()
    assert numbers(get(client, staff, status="returned")) == [world["theirs"].number]
    call = CallFactory(fund=disability_fund())
    in_call = make(world["pm"], world["org_a"], name="In a call", call=call)
    assert numbers(get(client, staff, call=call.pk)) == [in_call.number]
    assert len(numbers(get(client, staff, fund=disability_fund().pk))) == 5
    # Dates: C.E. and B.E. input both work; the range is inclusive.
    assert numbers(get(client, staff, submitted_from="01/04/2026")) == [world["theirs"].number]
    assert numbers(get(client, staff, submitted_to="10/03/2569")) == [world["mine"].number]
    both = get(client, staff, submitted_from="10/03/2026", submitted_to="01/05/2026")
    assert set(numbers(both)) == {world["mine"].number, world["theirs"].number}


@pytest.mark.parametrize("params, message", [
    ({"submitted_from": "31/02/2026"}, "There is no such date"),
    ({"submitted_from": "yesterday"}, "Enter the date as day/month/year"),
    ({"submitted_from": "02/05/2026", "submitted_to": "01/05/2026"}, "must not be before"),
    ({"fund": "999999"}, "Select a valid choice"),
    ({"fund": "abc"}, "Select a valid choice"),
    ({"status": "lost"}, "Select a valid choice"),
    ({"q": "x" * 500}, "at most 100 characters"),
])
def test_bad_filter_values_give_a_clear_message_and_no_rows(client, world, params, message):
    response = get(client, StaffFactory(), **params)
    body = response.content.decode()
    assert message in body
    assert "Some filter values cannot be used" in body
    assert 'aria-invalid="true"' in body
    assert numbers(response) == []


# --- sorting and pages --------------------------------------------------------------------------

def test_sorting_by_each_column_both_ways(client, world):
    staff = StaffFactory()
    by_name = numbers(get(client, staff, sort="name"))
    names = {p.number: p.name for p in (world["mine"], world["mine_draft"], world["colleagues"],
                                           world["theirs"])}
    assert [names[n] for n in by_name] == sorted(names.values())
    assert numbers(get(client, staff, sort="-name")) == list(reversed(by_name))
    by_number = numbers(get(client, staff, sort="number"))
    assert by_number == sorted(by_number)
    assert numbers(get(client, staff, sort="-number")) == sorted(by_number, reverse=True)
    submitted = numbers(get(client, staff, sort="submitted"))
    assert submitted[:2] == [world["mine"].number, world["theirs"].number]  # drafts last
    latest_first = numbers(get(client, staff, sort="-submitted"))
    assert latest_first[:2] == [world["theirs"].number, world["mine"].number]
    by_status = numbers(get(client, staff, sort="status"))
    assert by_status[-1] == world["theirs"].number  # workflow order: draft, in review, returned
    assert by_status[2] == world["mine"].number


def test_sort_links_carry_aria_sort_and_toggle(client, world):
    body = get(client, StaffFactory(), sort="name", status="draft").content.decode()
    assert re.search(r'aria-sort="ascending"><a href="\?status=draft&amp;sort=-name"', body)
    assert body.count("aria-sort=") == 1
    body = get(client, StaffFactory(), sort="-name").content.decode()
    assert re.search(r'aria-sort="descending"><a href="\?sort=name"', body)


@pytest.mark.parametrize("sort", ["password", "-", "", "name;drop", "--name", "created_by__email"])
def test_unknown_sort_falls_back_to_newest_first(client, world, sort):
    assert numbers(get(client, StaffFactory(), sort=sort))[0] == world["theirs"].number


@pytest.mark.parametrize("page, expected", [
    ("1", 1), ("2", 2), ("3", 2), ("999999999999999999999", 2), ("0", 1), ("-5", 1), ("abc", 1),
    ("", 1), ("1.5", 1), ("%00", 1),
])
def test_any_page_number_gives_a_page(client, world, page, expected, settings):
    from phonlap.proposals import list_views

    staff = StaffFactory()
    for i in range(list_views.PAGE_SIZE):  # 4 + 25 = 29 proposals: two pages
        make(world["pm"], world["org_a"], name=f"Extra {i}")
    response = get(client, staff, page=page)
    assert response.context["page"].number == expected
    assert f"Page {expected} of 2" in response.content.decode()
