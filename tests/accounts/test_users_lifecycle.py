"""The deletion lifecycle (request → confirm → restore or purge) and the PDPA export."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from phonlap.accounts import tasks
from phonlap.accounts.domain import users
from phonlap.accounts.models import User
from phonlap.core import audit
from phonlap.core.exceptions import InvalidTransition, PermissionDenied
from phonlap.core.models import AuditEvent
from tests.factories import StaffFactory, SuperUserFactory, UserFactory
from tests.organisations.factories import MembershipFactory, manager_of, member_of


def deleted_user(*, days_ago=0, **kwargs):
    """A user whose deletion staff confirmed ``days_ago`` days ago."""
    person = UserFactory(**kwargs)
    users.request_account_deletion(user=person)
    users.confirm_account_deletion(actor=StaffFactory(), user=person)
    User.objects.filter(pk=person.pk).update(deleted_at=timezone.now() - timedelta(days=days_ago))
    person.refresh_from_db()
    return person


@pytest.mark.django_db
def test_request_then_confirm_hides_and_disables_at_once(mailoutbox, client,
                                                        django_capture_on_commit_callbacks):
    person = UserFactory(email="leaving@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        users.request_account_deletion(user=person, ip="10.1.1.1")
    person.refresh_from_db()
    assert person.deletion_requested_at is not None and person.deleted_at is None
    assert person in User.objects.visible()
    assert [m.to for m in mailoutbox] == [["leaving@example.org"]]
    users.confirm_account_deletion(actor=StaffFactory(), user=person)
    person.refresh_from_db()
    assert person.deleted_at is not None and not person.is_active
    assert person not in User.objects.visible()
    assert not client.login(email="leaving@example.org", password="correct-horse-battery-9")
    actions = list(AuditEvent.objects.filter(action__startswith="account.").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["account.deletion_requested", "account.deletion_confirmed"]


@pytest.mark.django_db
def test_pending_request_cannot_be_edited_by_its_owner():
    staff = StaffFactory(first_name="Before")
    users.request_account_deletion(user=staff)
    with pytest.raises(InvalidTransition):
        users.update_user_data(actor=staff, user=staff, first_name="After")
    staff.refresh_from_db()
    with pytest.raises(InvalidTransition):
        users.ensure_owner_may_edit(staff)
    staff.refresh_from_db()
    assert staff.first_name == "Before"
    # another member of staff still may
    users.update_user_data(actor=StaffFactory(), user=staff, first_name="After")


@pytest.mark.django_db
def test_request_twice_and_confirm_without_request_are_refused():
    person = UserFactory()
    with pytest.raises(InvalidTransition):
        users.confirm_account_deletion(actor=StaffFactory(), user=person)
    users.request_account_deletion(user=person)
    with pytest.raises(InvalidTransition):
        users.request_account_deletion(user=person)


@pytest.mark.django_db
def test_only_staff_and_super_users_confirm():
    person = UserFactory()
    users.request_account_deletion(user=person)
    manager, organisation = manager_of()
    member = member_of(organisation)
    users.request_account_deletion(user=member)
    for actor in (UserFactory(), manager):
        with pytest.raises(PermissionDenied):
            users.confirm_account_deletion(actor=actor, user=member)
    users.confirm_account_deletion(actor=SuperUserFactory(), user=person)


@pytest.mark.django_db
def test_owner_or_staff_withdraw_a_pending_request():
    person = UserFactory()
    users.request_account_deletion(user=person)
    users.withdraw_account_deletion(actor=person, user=person)
    person.refresh_from_db()
    assert person.deletion_requested_at is None
    users.request_account_deletion(user=person)
    with pytest.raises(PermissionDenied):
        users.withdraw_account_deletion(actor=UserFactory(), user=person)
    users.withdraw_account_deletion(actor=StaffFactory(), user=person)


@pytest.mark.django_db
def test_restore_within_30_days(client):
    person = deleted_user(days_ago=29, email="back@example.org")
    users.restore_account(actor=StaffFactory(), user=person)
    person.refresh_from_db()
    assert person.deleted_at is None and person.deletion_requested_at is None and person.is_active
    assert person in User.objects.visible()
    assert client.login(email="back@example.org", password="correct-horse-battery-9")


@pytest.mark.django_db
def test_restore_refused_after_30_days_and_for_non_staff():
    late = deleted_user(days_ago=31)
    with pytest.raises(InvalidTransition):
        users.restore_account(actor=StaffFactory(), user=late)
    recent = deleted_user(days_ago=1)
    with pytest.raises(PermissionDenied):
        users.restore_account(actor=UserFactory(), user=recent)


def _profile_with_id_card(person):
    profile_model = apps.get_model("accounts", "Profile")
    profile = profile_model.objects.create(user=person, national_id="1101700203451", position="Chair")
    profile.id_card_image.save("card.png", ContentFile(b"\x89PNG fake"), save=True)
    return profile


@pytest.mark.django_db
def test_purge_after_30_days_not_before():
    now = timezone.now()
    day29 = deleted_user(days_ago=29, email="day29@example.org")
    day31 = deleted_user(days_ago=31, email="day31@example.org", first_name="Somsri",
                         last_name="Rakdee")
    User.objects.filter(pk=day31.pk).update(phone="02 000 0000", mobile="081 000 0000", title="ms")
    profile = _profile_with_id_card(day31)
    stored_name = profile.id_card_image.name
    storage = profile.id_card_image.storage
    assert storage.exists(stored_name)
    audit.state_change(actor=day31, action="something.done")
    AuditEvent.objects.create(kind="sign_in_failed", action="sign_in_failed", actor_label="DAY31@example.org",
                              ip_address="10.9.9.9")

    assert users.purge_deleted_accounts(now=now) == 1

    day29.refresh_from_db()
    assert day29.email == "day29@example.org" and day29.first_name
    day31.refresh_from_db()
    assert day31.email == f"deleted-{day31.pk}@invalid.local"
    assert (day31.title, day31.first_name, day31.last_name, day31.phone, day31.mobile) == ("", "", "", "", "")
    assert not day31.has_usable_password() and not day31.is_active
    assert not EmailAddress.objects.filter(user=day31).exists()
    profile.refresh_from_db()
    assert profile.national_id == "" and not profile.id_card_image and profile.position == ""
    assert not storage.exists(stored_name)
    # the log keeps its entries, anonymised
    labels = set(AuditEvent.objects.values_list("actor_label", flat=True))
    assert not any("day31" in label.lower() for label in labels)
    assert AuditEvent.objects.filter(action="something.done", actor_label=users.ANONYMOUS_LABEL).exists()
    failed = AuditEvent.objects.get(action="sign_in_failed")
    assert failed.actor_label == users.ANONYMOUS_LABEL and failed.ip_address is None
    assert AuditEvent.objects.filter(action="account.purged", object_id=str(day31.pk)).exists()
    # purged accounts cannot come back, and a second run does nothing
    with pytest.raises(InvalidTransition):
        users.restore_account(actor=StaffFactory(), user=day31, now=now)
    assert users.purge_deleted_accounts(now=now + timedelta(days=5)) == 1  # day29 is now due
    assert users.purge_deleted_accounts(now=now + timedelta(days=5)) == 0


@pytest.mark.django_db
def test_purge_runs_from_celery_task_and_management_command():
    deleted_user(days_ago=40)
    assert tasks.purge_deleted_accounts.delay().get() == 1
    deleted_user(days_ago=40)
    call_command("purge_deleted_accounts")
    assert User.objects.filter(email__startswith="deleted-").count() == 2


@pytest.mark.django_db
def test_access_log_stays_append_only_for_ordinary_code():
    audit.state_change(actor=UserFactory(), action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.update(actor_label="tampered")


# --- PDPA export ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_contains_own_data_and_nothing_of_others():
    me = UserFactory(email="me@example.org", first_name="Mali", phone="02 111 1111")
    other = UserFactory(email="other@example.org", first_name="Kanya")
    _profile_with_id_card(me)
    _manager, organisation = manager_of()
    MembershipFactory(user=me, organisation=organisation)
    audit.state_change(actor=me, action="mine.done")
    audit.state_change(actor=other, action="theirs.done")

    data = users.export_personal_data(user=me, ip="10.0.0.9")

    assert data["account"]["email"] == "me@example.org" and data["account"]["phone"] == "02 111 1111"
    assert "password" not in data["account"]
    assert data["profile"]["national_id"] == "1101700203451"
    assert [row["email"] for row in data["email_addresses"]] == ["me@example.org"]
    assert [row["organisation"]["id"] for row in data["memberships"]] == [organisation.pk]
    assert "consents" in data
    assert "mine.done" in [row["action"] for row in data["access_log"]]
    text = str(data)
    assert "other@example.org" not in text and "Kanya" not in text and "theirs.done" not in text
    assert me.password not in text
    event = AuditEvent.objects.get(action="account.personal_data_exported")
    assert event.actor == me and event.kind == "sensitive_read"


@pytest.mark.django_db
def test_export_without_profile_or_memberships():
    me = UserFactory()
    data = users.export_personal_data(user=me)
    assert data["profile"] is None
    assert data["memberships"] == [] and data["consents"] == []
