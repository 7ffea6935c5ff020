"""The account gate sends a signed-in user to what they must do first, in order (spec 01)."""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from phonlap.accounts.models import PolicyVersion
from tests.factories import (
    PASSWORD,
    CommitteeFactory,
    StaffFactory,
    SuperUserFactory,
    UserFactory,
    accept_current_policies,
    onboard,
)


def _get(client, user, name="home"):
    client.force_login(user)
    return client.get(reverse(name))


def _org_start():
    return reverse("organisations:start")


def test_must_change_password_goes_first(client, db):
    user = onboard(CommitteeFactory(must_change_password=True))
    response = _get(client, user)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_change_password")
    assert client.get(reverse("account_change_password")).status_code == 200


def test_changing_the_password_clears_the_flag(client, db):
    user = onboard(CommitteeFactory(must_change_password=True))
    client.force_login(user)
    client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "my-Own-new-secret-7", "password2": "my-Own-new-secret-7"})
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password("my-Own-new-secret-7")
    assert client.get(reverse("home")).status_code == 200


def test_super_user_without_totp_must_activate_it(client, db):
    user = accept_current_policies(SuperUserFactory())
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before activating; both pages stay reachable
    activate = client.get(reverse("mfa_activate_totp"))
    if activate.status_code == 302:
        assert activate["Location"].startswith(reverse("account_reauthenticate"))
        assert client.get(activate["Location"]).status_code == 200
        client.post(activate["Location"], {"password": PASSWORD})
        activate = client.get(reverse("mfa_activate_totp"))
    assert activate.status_code == 200
    assert response.status_code == 302


def test_super_user_with_totp_passes(client, db):
    user = accept_current_policies(SuperUserFactory())
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert _get(client, user).status_code == 200


@pytest.mark.parametrize("factory", [StaffFactory, CommitteeFactory])
def test_totp_is_optional_for_staff_and_committee_and_linked_from_profile(client, db, factory):
    user = accept_current_policies(factory())
    assert _get(client, user).status_code == 200
    html = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("mfa_index") in html


def test_external_user_gets_no_totp_link(client, db):
    user = onboard(UserFactory())
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("mfa_index") not in html


def test_new_policy_version_asks_again(client, db):
    user = onboard(UserFactory())
    PolicyVersion.objects.create(kind="privacy", version="2", body_th="ฉบับที่ 2", body_en="Version 2",
                                 published_at=timezone.now() - datetime.timedelta(minutes=1))
    response = _get(client, user)
    assert response["Location"] == reverse("accounts:reconsent")
    page = client.get(reverse("accounts:reconsent")).content.decode()
    assert "Version 2" in page
    assert "Updated terms and privacy policy" in page  # they had accepted version 1
    # without ticking: a clear error, still pending
    refused = client.post(reverse("accounts:reconsent"), {})
    assert 'aria-invalid="true"' in refused.content.decode()
    assert client.get(reverse("home"))["Location"] == reverse("accounts:reconsent")
    client.post(reverse("accounts:reconsent"), {"accept": "on"}, REMOTE_ADDR="192.0.2.44")
    consent = user.consents.get(policy_version__version="2")
    assert consent.ip_address == "192.0.2.44"
    assert client.get(reverse("home")).get("Location") != reverse("accounts:reconsent")


def test_future_policy_version_does_not_ask_yet(client, db):
    user = onboard(StaffFactory())
    PolicyVersion.objects.create(kind="terms", version="9", body_th="x", body_en="x",
                                 published_at=timezone.now() + datetime.timedelta(days=3))
    assert _get(client, user).status_code == 200


def test_external_user_without_profile_completes_it_first(client, db):
    user = accept_current_policies(UserFactory())
    response = _get(client, user)
    assert response["Location"] == reverse("accounts:profile_edit")
    assert client.get(reverse("accounts:profile_edit")).status_code == 200


def test_internal_users_need_no_profile(client, db):
    assert _get(client, accept_current_policies(StaffFactory())).status_code == 200


def test_external_user_without_membership_is_sent_to_organisation_start(client, db):
    start = _org_start()
    user = onboard(UserFactory())
    response = _get(client, user)
    assert response["Location"] == start
    assert client.get(start).status_code == 200


def test_allow_list_stays_reachable(client, db):
    user = CommitteeFactory(must_change_password=True)
    client.force_login(user)
    for name in ("accounts:terms", "accounts:privacy", "health"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.get(reverse("set_language")).status_code == 405  # POST only, not gated
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_gate_steps_apply_in_order(client, db):
    # all unmet: password first; then consent; then profile
    user = UserFactory(must_change_password=True)
    client.force_login(user)
    assert client.get("/")["Location"] == reverse("account_change_password")
    user.must_change_password = False
    user.save()
    assert client.get("/")["Location"] == reverse("accounts:reconsent")
    accept_current_policies(user)
    assert client.get("/")["Location"] == reverse("accounts:profile_edit")
    # the target of a later step is not a way round an earlier one
    user.must_change_password = True
    user.save()
    assert client.get(reverse("accounts:profile_edit"))["Location"] == reverse("account_change_password")


def test_anonymous_visitors_are_not_gated(client, db):
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("status", ["pending", "rejected", "left", "removed"])
def test_only_an_approved_membership_passes_the_organisation_step(client, db, status):
    from tests.organisations.factories import MembershipFactory

    user = onboard(UserFactory())
    MembershipFactory(user=user, status=status, is_manager=False)
    assert _get(client, user)["Location"] == _org_start()


def test_membership_of_a_deleted_organisation_does_not_pass(client, db):
    from tests.organisations.factories import manager_of

    manager, organisation = manager_of()
    onboard(manager)
    organisation.deleted_at = timezone.now()
    organisation.save(update_fields=["deleted_at"])
    assert _get(client, manager)["Location"] == _org_start()


def test_pdpa_rights_never_wait_for_a_gate_step(client, db):
    user = UserFactory()  # no consent, no profile, no organisation
    client.force_login(user)
    assert client.get(reverse("me:export")).status_code == 200
    assert client.get(reverse("me:account")).status_code == 200


def test_first_acceptance_is_not_called_an_update(client, db):
    user = CommitteeFactory()  # created by staff: has accepted nothing yet
    page = _get(client, user, "accounts:reconsent").content.decode()
    assert "Terms of service and privacy policy" in page
    assert "Updated terms" not in page
