"""The home page shows what the user's roles allow (spec 01, manual §2.7)."""

import pytest
from django.urls import reverse

from tests import matrix_support as ms
from tests.factories import UserFactory


@pytest.fixture
def world(db):
    return ms.build_world()


def get_home(client, user):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("home"))


def test_anonymous_sees_the_public_landing(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("account_login") in html
    assert reverse("account_signup") in html
    assert 'id="my-organisations"' not in html


def test_project_manager_sees_their_organisation_and_status(client, world):
    pending_org = ms.make_organisation("Pending Foundation")
    user = world.users[ms.PROJECT_MANAGER_A]
    pending_org.memberships.create(user=user, status="pending")
    html = get_home(client, user).content.decode()
    assert "Organisation A" in html
    assert "Pending Foundation" in html
    assert "Organisation B" not in html
    assert 'id="join-requests"' not in html  # not a manager


def test_organisation_manager_sees_pending_join_requests(client, world):
    applicant = UserFactory(email="applicant@example.org")
    world.organisations["A"].memberships.create(user=applicant, status="pending")
    stranger = UserFactory(email="stranger@example.org")
    world.organisations["B"].memberships.create(user=stranger, status="pending")
    html = get_home(client, world.users[ms.ORGANISATION_MANAGER_A]).content.decode()
    assert 'id="join-requests"' in html
    assert str(applicant) in html
    assert str(stranger) not in html  # organisation B's request is not theirs


def test_user_without_organisation_is_invited_to_join_one(client, world):
    response = get_home(client, world.users[ms.NO_ORGANISATION])
    if response.status_code == 302:  # the account gate sends them to pick an organisation first
        assert response["Location"] == reverse("organisations:start")
    else:
        assert "You do not belong to an organisation yet" in response.content.decode()


def test_super_user_gets_the_matrix_editor_and_access_log(client, world):
    html = get_home(client, world.users[ms.SUPER_USER]).content.decode()
    assert reverse("matrix:editor") in html
    assert reverse("matrix:access_log") in html
    assert 'id="my-organisations"' not in html


def test_staff_get_the_access_log_but_not_the_matrix_editor(client, world):
    html = get_home(client, world.users[ms.STAFF]).content.decode()
    assert reverse("matrix:access_log") in html
    assert reverse("matrix:editor") not in html


def test_committee_sees_neither_matrix_nor_log(client, world):
    html = get_home(client, world.users[ms.COMMITTEE]).content.decode()
    assert reverse("matrix:access_log") not in html
    assert reverse("matrix:editor") not in html


def test_external_users_get_no_staff_menus(client, world):
    html = get_home(client, world.users[ms.ORGANISATION_MANAGER_A]).content.decode()
    assert reverse("matrix:access_log") not in html
    assert reverse("matrix:editor") not in html


@pytest.mark.parametrize("persona", ms.PERSONAS)
def test_home_query_count_is_constant_per_role(client, world, persona, django_assert_max_num_queries):
    """More organisations and join requests do not add queries (spec 07)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    client.get(reverse("home"))  # warm the matrix cache
    with CaptureQueriesContext(connection) as before:
        response = client.get(reverse("home"))
        assert response.status_code == 200 or ms.gate_redirect(response, persona)
    for n in range(5):
        org = ms.make_organisation(f"Extra {n}")
        if user is not None and persona != ms.NO_ORGANISATION and not user.is_internal:
            ms.add_member(user, org, manager=persona == ms.ORGANISATION_MANAGER_A)
            org.memberships.create(user=UserFactory(), status="pending")
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("home"))
        assert response.status_code == 200 or ms.gate_redirect(response, persona)
    assert len(after) == len(before)
    assert len(after) <= 15
