"""Staff pages for people and the person's own account pages."""

import json

import pytest
from django.urls import reverse

from phonlap.accounts.domain import users
from phonlap.accounts.models import User
from phonlap.core.models import AuditEvent
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory, signed_in
from tests.organisations.factories import manager_of, member_of


@pytest.fixture
def staff(client, db):
    user = StaffFactory(email="officer@example.org")
    signed_in(client, user)
    return user


# --- the user list --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_list_filters_and_hides_deleted(client, staff):
    CommitteeFactory(email="judge@example.org", first_name="Prasert", last_name="Wong")
    UserFactory(email="applicant@example.org", first_name="Malee", is_active=False)
    gone = UserFactory(email="gone@example.org")
    users.request_account_deletion(user=gone)
    users.confirm_account_deletion(actor=staff, user=gone)
    url = reverse("staff_users:list")

    page = client.get(url).content.decode()
    assert "judge@example.org" in page and "applicant@example.org" in page
    assert "gone@example.org" not in page

    def emails(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {u.email for u in response.context["page"].object_list}

    assert emails(role="committee") == {"judge@example.org"}
    assert emails(role="staff") == {"officer@example.org"}
    assert emails(role="external") == {"applicant@example.org"}
    assert emails(name="prasert wong") == {"judge@example.org"}
    assert emails(email="APPLICANT") == {"applicant@example.org"}
    assert emails(status="disabled") == {"applicant@example.org"}


@pytest.mark.django_db
def test_user_list_bad_filter_input_is_an_error_not_a_500(client, staff):
    response = client.get(reverse("staff_users:list"), {"role": "pirate", "email": "x" * 300})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["staff_users:list", "staff_users:committee_list"])
def test_lists_use_constant_queries(client, staff, name, django_assert_num_queries):
    url = reverse(name)
    CommitteeFactory()
    client.get(url)  # warm the per-session caches (matrix, policies)
    one = _count_queries(client, url)
    assert one <= 15
    CommitteeFactory.create_batch(29)
    UserFactory.create_batch(10)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["page"].object_list) >= 25


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "manager", "committee"])
def test_staff_pages_are_404_for_others(client, persona):
    manager, organisation = manager_of()
    target = member_of(organisation)
    actor = {"member": lambda: member_of(organisation), "manager": lambda: manager,
             "committee": CommitteeFactory}[persona]()
    signed_in(client, actor)
    for url in (reverse("staff_users:list"), reverse("staff_users:committee_list"),
                reverse("staff_users:committee_create"), reverse("staff_users:edit", args=[target.pk]),
                reverse("staff_users:deletions")):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("staff_users:list"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


# --- committee accounts ---------------------------------------------------------------------------


def committee_post(**overrides):
    data = {"title": "dr", "first_name": "Somchai", "last_name": "Jaidee", "email": "somchai@example.org",
            "phone": "02 123 4567", "password1": "Handed-over-pass-7", "password2": "Handed-over-pass-7",
            "is_active": "on"}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_staff_create_a_committee_account_through_the_page(client, staff):
    response = client.post(reverse("staff_users:committee_create"), committee_post())
    assert response.status_code == 302
    user = User.objects.get(email="somchai@example.org")
    assert user.is_committee and user.must_change_password and user.is_active
    listing = client.get(reverse("staff_users:committee_list"), {"phone": "123 45"}).content.decode()
    assert "somchai@example.org" in listing


@pytest.mark.django_db
@pytest.mark.parametrize("overrides, field", [
    ({"email": "not-an-address"}, "email"),
    ({"first_name": "x" * 151}, "first_name"),
    ({"phone": "1" * 31}, "phone"),
    ({"password2": "Something-else-1"}, "password2"),
    ({"password1": "123", "password2": "123"}, "password1"),
    ({"email": "officer@example.org"}, "email"),  # taken by the staff member
])
def test_committee_form_rejects_bad_input_and_creates_nothing(client, staff, overrides, field):
    before = User.objects.count()
    response = client.post(reverse("staff_users:committee_create"), committee_post(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.django_db
def test_committee_list_filters_by_account_name_surname_phone(client, staff):
    CommitteeFactory(email="a@example.org", first_name="Anan", last_name="Srisuk", phone="021111111")
    CommitteeFactory(email="b@example.org", first_name="Boon", last_name="Chai", mobile="0899999999")
    UserFactory(email="c@example.org", first_name="Anan")  # not a committee member
    url = reverse("staff_users:committee_list")

    def emails(**params):
        return {u.email for u in client.get(url, params).context["page"].object_list}

    assert emails() == {"a@example.org", "b@example.org"}
    assert emails(email="b@") == {"b@example.org"}
    assert emails(first_name="anan") == {"a@example.org"}
    assert emails(last_name="chai") == {"b@example.org"}
    assert emails(phone="89999") == {"b@example.org"}


# --- editing, roles and status --------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_edit_a_users_data(client, staff):
    person = UserFactory(email="p@example.org")
    url = reverse("staff_users:edit", args=[person.pk])
    assert client.get(url).status_code == 200
    data = {"title": "ms", "first_name": "Pim", "last_name": "Dee", "email": "pim@example.org",
            "phone": "", "mobile": "0812345678"}
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.email, person.mobile) == ("Pim", "pim@example.org", "0812345678")


@pytest.mark.django_db
def test_edit_rejects_malformed_and_taken_email(client, staff):
    person = UserFactory(email="p@example.org", first_name="Pim")
    url = reverse("staff_users:edit", args=[person.pk])
    base = {"title": "", "first_name": "Changed", "last_name": "Dee", "phone": "", "mobile": ""}
    for email in ("nope", "officer@example.org"):
        response = client.post(url, {**base, "email": email})
        assert response.status_code == 200 and "email" in response.context["form"].errors
    person.refresh_from_db()
    assert (person.first_name, person.email) == ("Pim", "p@example.org")


@pytest.mark.django_db
def test_missing_and_deleted_users_are_the_same_404(client, staff):
    gone = UserFactory()
    users.request_account_deletion(user=gone)
    users.confirm_account_deletion(actor=StaffFactory(), user=gone)
    assert client.get(reverse("staff_users:edit", args=[gone.pk])).status_code == 404
    assert client.get(reverse("staff_users:edit", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_staff_appoint_committee_and_staff_but_not_super_user(client, staff):
    person = UserFactory()
    url = reverse("staff_users:roles", args=[person.pk])
    client.post(url, {"is_committee": "on", "is_fund_staff": "on", "is_superuser": "on"})
    person.refresh_from_db()
    assert person.is_committee and person.is_fund_staff and not person.is_superuser


@pytest.mark.django_db
def test_super_user_appoints_a_super_user(client):
    signed_in(client, SuperUserFactory())
    person = UserFactory()
    client.post(reverse("staff_users:roles", args=[person.pk]), {"is_superuser": "on"})
    person.refresh_from_db()
    assert person.is_superuser and not person.is_committee


@pytest.mark.django_db
def test_staff_disable_and_enable_an_account(client, staff):
    person = UserFactory()
    url = reverse("staff_users:status", args=[person.pk])
    assert client.get(url).status_code == 405
    client.post(url, {"active": "0"})
    person.refresh_from_db()
    assert not person.is_active
    client.post(url, {"active": "1"})
    person.refresh_from_db()
    assert person.is_active


@pytest.mark.django_db
def test_organisation_manager_disables_own_member_not_a_stranger(client):
    manager, organisation = manager_of()
    signed_in(client, manager)
    member, stranger = member_of(organisation), UserFactory()
    next_url = "/organisations/"
    response = client.post(reverse("staff_users:status", args=[member.pk]), {"active": "0", "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    member.refresh_from_db()
    assert not member.is_active
    response = client.post(reverse("staff_users:status", args=[stranger.pk]), {"active": "0"})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active
    # an outside "next" is ignored
    response = client.post(reverse("staff_users:status", args=[member.pk]),
                           {"active": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"


# --- deletion requests ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_confirm_and_restore_a_deletion(client, staff):
    person = UserFactory(email="leaving@example.org")
    users.request_account_deletion(user=person)
    listing = client.get(reverse("staff_users:deletions")).content.decode()
    assert "leaving@example.org" in listing
    client.post(reverse("staff_users:deletion_confirm", args=[person.pk]))
    person.refresh_from_db()
    assert person.deleted_at is not None
    assert "leaving@example.org" not in client.get(reverse("staff_users:list")).content.decode()
    client.post(reverse("staff_users:deletion_restore", args=[person.pk]))
    person.refresh_from_db()
    assert person.deleted_at is None and person.is_active


@pytest.mark.django_db
def test_staff_decline_a_deletion_request(client, staff):
    person = UserFactory()
    users.request_account_deletion(user=person)
    client.post(reverse("staff_users:deletion_decline", args=[person.pk]))
    person.refresh_from_db()
    assert person.deletion_requested_at is None and person.deleted_at is None


# --- the person's own pages -----------------------------------------------------------------------


@pytest.mark.django_db
def test_download_my_data(client):
    me = StaffFactory(email="me@example.org")
    signed_in(client, me)
    UserFactory(email="someone-else@example.org")
    assert client.get(reverse("me:account")).status_code == 200
    response = client.get(reverse("me:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "me@example.org"
    assert "someone-else@example.org" not in response.content.decode()
    assert AuditEvent.objects.filter(action="account.personal_data_exported", actor=me).exists()


@pytest.mark.django_db
def test_export_needs_sign_in(client):
    response = client.get(reverse("me:export"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_deactivate_my_account_needs_confirmation(client):
    me = StaffFactory()
    signed_in(client, me)
    client.post(reverse("me:deactivate"), {})
    me.refresh_from_db()
    assert me.is_active
    client.post(reverse("me:deactivate"), {"deactivate-confirm": "on"})
    me.refresh_from_db()
    assert not me.is_active
    assert client.get(reverse("me:account")).status_code == 302  # signed out


@pytest.mark.django_db
def test_request_and_withdraw_deletion_from_my_account(client):
    me = StaffFactory()
    signed_in(client, me)
    client.post(reverse("me:request_deletion"), {"delete-confirm": "on"})
    me.refresh_from_db()
    assert me.deletion_requested_at is not None
    client.post(reverse("me:withdraw_deletion"))
    me.refresh_from_db()
    assert me.deletion_requested_at is None
