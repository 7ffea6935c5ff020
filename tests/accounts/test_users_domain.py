"""Domain functions of staff user management: committee accounts, editing, roles, status."""

import pytest
from allauth.account.models import EmailAddress

from phonlap.accounts.domain import users
from phonlap.accounts.models import User
from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.core.models import AuditEvent
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory
from tests.organisations.factories import MembershipFactory, manager_of, member_of

PASSWORD = "Handed-over-pass-7"


def committee_kwargs(**overrides):
    values = dict(title="dr", first_name="Somchai", last_name="Jaidee", email="Somchai@Example.org",
                  phone="02 123 4567", password=PASSWORD, is_active=True)
    values.update(overrides)
    return values


# --- committee accounts ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [StaffFactory, SuperUserFactory])
def test_staff_and_super_users_create_committee_accounts(factory, mailoutbox):
    actor = factory()
    user = users.create_committee_account(actor=actor, ip="10.0.0.1", **committee_kwargs())
    user.refresh_from_db()
    assert user.email == "somchai@example.org"
    assert user.is_committee and user.must_change_password and user.is_active
    assert not user.is_fund_staff and not user.is_superuser
    assert user.check_password(PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary and address.email == user.email
    event = AuditEvent.objects.get(action="account.committee_created")
    assert event.actor == actor and event.object_id == str(user.pk) and event.ip_address == "10.0.0.1"
    assert PASSWORD not in str(event.details)
    assert mailoutbox == []  # the password is never e-mailed


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [UserFactory, CommitteeFactory])
def test_others_may_not_create_committee_accounts(factory):
    with pytest.raises(PermissionDenied):
        users.create_committee_account(actor=factory(), **committee_kwargs())
    assert not User.objects.filter(email="somchai@example.org").exists()


@pytest.mark.django_db
def test_duplicate_email_creates_nothing():
    UserFactory(email="somchai@example.org")
    before = User.objects.count(), EmailAddress.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        users.create_committee_account(actor=StaffFactory(), **committee_kwargs(email="SOMCHAI@example.org"))
    assert caught.value.field == "email"
    # the staff factory added one user and one address
    assert (User.objects.count() - 1, EmailAddress.objects.count() - 1, AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_weak_initial_password_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        users.create_committee_account(actor=StaffFactory(), **committee_kwargs(password="12345"))
    assert caught.value.field == "password"
    assert not User.objects.filter(is_committee=True).exists()


@pytest.mark.django_db
def test_disabled_committee_account_cannot_sign_in(client):
    users.create_committee_account(actor=StaffFactory(), **committee_kwargs(is_active=False))
    assert not client.login(email="somchai@example.org", password=PASSWORD)


# --- editing another user's data ------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_edit_a_users_data_and_email_becomes_verified_primary():
    staff, person = StaffFactory(), UserFactory(email="old@example.org")
    users.update_user_data(actor=staff, user=person, first_name="New", email="New@Example.org",
                           mobile="081 234 5678")
    person.refresh_from_db()
    assert (person.first_name, person.email, person.mobile) == ("New", "new@example.org", "081 234 5678")
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified", "primary")) == [
        ("new@example.org", True, True)]
    event = AuditEvent.objects.get(action="account.data_changed")
    assert sorted(event.details["fields"]) == ["email", "first_name", "mobile"]
    assert "new@example.org" not in str(event.details)


@pytest.mark.django_db
def test_editing_refuses_taken_email_and_external_actor():
    UserFactory(email="taken@example.org")
    person = UserFactory(email="me@example.org")
    with pytest.raises(ValidationFailed):
        users.update_user_data(actor=StaffFactory(), user=person, email="taken@example.org")
    with pytest.raises(PermissionDenied):
        users.update_user_data(actor=UserFactory(), user=person, first_name="X")
    person.refresh_from_db()
    assert person.email == "me@example.org"


@pytest.mark.django_db
def test_staff_may_not_edit_a_super_user():
    target = SuperUserFactory(first_name="Root")
    with pytest.raises(PermissionDenied):
        users.update_user_data(actor=StaffFactory(), user=target, first_name="Changed")
    users.update_user_data(actor=SuperUserFactory(), user=target, first_name="Changed")


# --- internal roles -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_appoint_staff_and_committee_but_not_super_users():
    staff, person = StaffFactory(), UserFactory()
    users.set_internal_roles(actor=staff, user=person, is_fund_staff=True, is_committee=True)
    person.refresh_from_db()
    assert person.is_fund_staff and person.is_committee
    with pytest.raises(PermissionDenied):
        users.set_internal_roles(actor=staff, user=person, is_superuser=True)
    person.refresh_from_db()
    assert not person.is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [UserFactory, CommitteeFactory])
def test_others_may_not_appoint(factory):
    person = UserFactory()
    with pytest.raises(PermissionDenied):
        users.set_internal_roles(actor=factory(), user=person, is_committee=True)
    with pytest.raises(PermissionDenied):
        users.set_internal_roles(actor=factory(), user=person, is_fund_staff=True)


@pytest.mark.django_db
def test_super_user_grants_super_user_but_the_last_one_stays():
    root, person = SuperUserFactory(), UserFactory()
    users.set_internal_roles(actor=root, user=person, is_superuser=True)
    person.refresh_from_db()
    assert person.is_superuser
    users.set_internal_roles(actor=root, user=person, is_superuser=False)
    with pytest.raises(InvalidTransition):
        users.set_internal_roles(actor=root, user=root, is_superuser=False)


# --- account status -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [UserFactory, StaffFactory, SuperUserFactory])
def test_people_deactivate_their_own_account(factory, client):
    person = factory()
    users.set_account_active(actor=person, user=person, active=False)
    person.refresh_from_db()
    assert not person.is_active
    assert not client.login(email=person.email, password="correct-horse-battery-9")
    assert AuditEvent.objects.filter(action="account.disabled", actor=person).exists()


@pytest.mark.django_db
def test_committee_members_may_not_deactivate_themselves():
    member = CommitteeFactory()  # row 4.2 gives committee members nothing
    with pytest.raises(PermissionDenied):
        users.set_account_active(actor=member, user=member, active=False)


@pytest.mark.django_db
def test_nobody_re_enables_themself():
    staff = StaffFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        users.set_account_active(actor=staff, user=staff, active=True)


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [StaffFactory, SuperUserFactory])
def test_staff_and_super_users_change_anyones_status(factory):
    actor, person = factory(), UserFactory()
    users.set_account_active(actor=actor, user=person, active=False)
    person.refresh_from_db()
    assert not person.is_active
    users.set_account_active(actor=actor, user=person, active=True)
    person.refresh_from_db()
    assert person.is_active
    assert [e.action for e in AuditEvent.objects.order_by("id")] == ["account.disabled", "account.enabled"]


@pytest.mark.django_db
def test_organisation_manager_changes_status_of_own_members_only():
    manager, organisation = manager_of()
    member = member_of(organisation)
    stranger = MembershipFactory().user  # approved member of another organisation
    users.set_account_active(actor=manager, user=member, active=False)
    member.refresh_from_db()
    assert not member.is_active
    with pytest.raises(PermissionDenied):
        users.set_account_active(actor=manager, user=stranger, active=False)
    stranger.refresh_from_db()
    assert stranger.is_active


@pytest.mark.django_db
def test_organisation_manager_reaches_only_approved_members():
    manager, organisation = manager_of()
    pending = MembershipFactory(organisation=organisation, status="pending", decided_at=None).user
    with pytest.raises(PermissionDenied):
        users.set_account_active(actor=manager, user=pending, active=False)


@pytest.mark.django_db
def test_plain_members_and_committee_may_not_change_others_status():
    _manager, organisation = manager_of()
    member, other = member_of(organisation), member_of(organisation)
    for actor in (member, CommitteeFactory()):
        with pytest.raises(PermissionDenied):
            users.set_account_active(actor=actor, user=other, active=False)


@pytest.mark.django_db
def test_staff_may_not_disable_a_super_user():
    root = SuperUserFactory()
    with pytest.raises(PermissionDenied):
        users.set_account_active(actor=StaffFactory(), user=root, active=False)


def test_owner_edits_own_account_and_only_field_names_are_logged(db):
    from phonlap.accounts.domain.users import update_own_account
    from phonlap.core.models import AuditEvent

    user = UserFactory(phone="02-000-0000")
    update_own_account(user=user, values={"phone": "081-234-5678", "language": "th",
                                          "email": "ignored@example.org"}, ip="127.0.0.1")
    user.refresh_from_db()
    assert (user.phone, user.language) == ("081-234-5678", "th")
    assert user.email != "ignored@example.org"  # e-mail is not self-service here
    event = AuditEvent.objects.get(action="account.own_data_changed")
    assert event.details == {"fields": ["phone", "language"]}
    assert "081" not in str(event.details)


def test_owner_cannot_edit_while_deletion_is_pending(db):
    from phonlap.accounts.domain.users import request_account_deletion, update_own_account
    from phonlap.core.exceptions import DomainError

    user = UserFactory(first_name="เดิม")
    request_account_deletion(user=user)
    with pytest.raises(DomainError):
        update_own_account(user=user, values={"first_name": "ใหม่"})
    user.refresh_from_db()
    assert user.first_name == "เดิม"
