"""Sign-up with PDPA consent, e-mail verification, sign-in throttling, password reset (spec 01)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from phonlap.accounts.models import Consent, PolicyVersion, User
from tests.factories import PASSWORD, UnverifiedUserFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in the source language (English); Thai is the default."""
    client.cookies["phonlap_language"] = "en"


SIGNUP = {
    "email": "new.person@example.org",
    "password1": "a-Long-and-unusual-9",
    "password2": "a-Long-and-unusual-9",
    "accept_terms": "on",
    "accept_privacy": "on",
}


def test_policy_versions_are_seeded_with_thai_and_english(db):
    for kind in ("terms", "privacy"):
        version = PolicyVersion.objects.get(kind=kind, version="1")
        assert version.body_th and version.body_en
    assert "2562" in PolicyVersion.objects.get(kind="privacy").body_th


@pytest.mark.parametrize("name", ["accounts:terms", "accounts:privacy"])
def test_policy_pages_are_public(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"<h1>" in response.content


def test_policy_page_shows_english_text_in_english(client, db):
    client.cookies["phonlap_language"] = "en"
    response = client.get(reverse("accounts:privacy"))
    assert "Personal Data Protection Act" in response.content.decode()


@pytest.mark.parametrize("missing", ["accept_terms", "accept_privacy"])
def test_signup_without_acceptance_is_refused_and_creates_no_user(client, db, missing):
    data = {k: v for k, v in SIGNUP.items() if k != missing}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You must accept the" in html
    assert 'aria-invalid="true"' in html
    assert f'id="id_{missing}_error"' in html
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    assert not Consent.objects.exists()


def test_signup_records_consent_with_version_time_and_address(client, db):
    response = client.post(reverse("account_signup"), SIGNUP, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP["email"])
    consents = Consent.objects.filter(user=user).select_related("policy_version")
    assert {(c.policy_version.kind, c.policy_version.version) for c in consents} == {
        ("terms", "1"), ("privacy", "1")}
    assert all(c.ip_address == "203.0.113.7" and c.accepted_at for c in consents)


def strip(html: str) -> str:
    """The page without its per-request CSRF tokens."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def _verification_link(message) -> str:
    return re.search(r"https?://testserver(/\S+/confirm-email/\S+/)", message.body).group(1)


def test_signup_sends_verification_and_sent_page_mentions_spam_and_resend(client, db):
    response = client.post(reverse("account_signup"), SIGNUP, follow=True)
    html = response.content.decode()
    assert "Spam and Promotions" in html
    assert reverse("accounts:resend_verification") in html
    assert len(mail.outbox) == 1
    assert SIGNUP["email"] in mail.outbox[0].to
    assert "_auth_user_id" not in client.session


def test_unverified_user_cannot_sign_in(client, db):
    user = UnverifiedUserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD},
                           follow=True)
    assert "_auth_user_id" not in client.session
    assert "Spam and Promotions" in response.content.decode()


def test_following_the_link_verifies_the_address(client, db):
    client.post(reverse("account_signup"), SIGNUP)
    link = _verification_link(mail.outbox[0])
    client.get(link)  # a page with a button (no verification on GET)
    assert not EmailAddress.objects.get(email=SIGNUP["email"]).verified
    client.post(link)
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified
    client.logout()
    client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert client.session["_auth_user_id"] == str(User.objects.get(email=SIGNUP["email"]).pk)


def test_expired_link_does_not_verify(client, db, settings):
    import time
    from unittest import mock

    client.post(reverse("account_signup"), SIGNUP)
    link = _verification_link(mail.outbox[0])
    later = time.time() + (settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):  # the clock, an edge
        client.post(link)
    assert not EmailAddress.objects.get(email=SIGNUP["email"]).verified


def test_resend_answers_the_same_and_mails_only_unverified_accounts(client, db):
    user = UnverifiedUserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    url = reverse("accounts:resend_verification")
    assert client.get(url).status_code == 200
    known = client.post(url, {"email": user.email}, follow=True)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    unknown = client.post(url, {"email": "nobody@example.org"}, follow=True)
    assert len(mail.outbox) == 1

    assert strip(known.content.decode()) == strip(unknown.content.decode())


def test_resend_rejects_a_malformed_address_with_a_linked_error(client, db):
    response = client.post(reverse("accounts:resend_verification"), {"email": "not-an-address"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


# --- throttling ---

def test_after_five_failures_even_the_right_password_is_refused(client, db):
    user = UserFactory()
    # from five different addresses, so only the per-account limit can apply
    for n in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"},
                    REMOTE_ADDR=f"192.0.2.{n + 1}")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD},
                           REMOTE_ADDR="192.0.2.99")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_failures_are_throttled_per_address_across_accounts(client, db):
    users = [UserFactory() for _ in range(5)]
    for user in users:
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"},
                    REMOTE_ADDR="198.51.100.9")
    fresh = UserFactory()
    client.post(reverse("account_login"), {"login": fresh.email, "password": PASSWORD},
                REMOTE_ADDR="198.51.100.9")
    assert "_auth_user_id" not in client.session
    # another address is not affected
    client.post(reverse("account_login"), {"login": fresh.email, "password": PASSWORD},
                REMOTE_ADDR="198.51.100.10")
    assert client.session["_auth_user_id"] == str(fresh.pk)


def test_a_few_failures_do_not_lock_out(client, db):
    user = UserFactory()
    for _ in range(3):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


# --- password reset ---

def test_password_reset_answer_does_not_reveal_whether_an_account_exists(client, db):
    user = UserFactory()
    url = reverse("account_reset_password")
    existing = client.post(url, {"email": user.email}, follow=True)
    mails_for_existing = [m for m in mail.outbox if user.email in m.to]
    missing = client.post(url, {"email": "nobody-here@example.org"}, follow=True)

    assert existing.status_code == missing.status_code == 200
    assert existing.redirect_chain == missing.redirect_chain
    assert strip(existing.content.decode()) == strip(missing.content.decode())
    assert len(mails_for_existing) == 1
    assert PASSWORD not in mails_for_existing[0].body
    # nothing that could set a password went to the unknown address
    assert not any("nobody-here@example.org" in m.to and "/password/reset/key/" in m.body
                   for m in mail.outbox)


def test_password_reset_link_sets_a_new_password_without_the_old_one(client, db):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://testserver(/\S+/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    client.post(form_url, {"password1": "brand-New-secret-42", "password2": "brand-New-secret-42"})
    user.refresh_from_db()
    assert user.check_password("brand-New-secret-42")


def test_production_password_hasher_is_pbkdf2():
    from phonlap.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def test_verification_mail_goes_after_commit_through_the_job_queue(
    db, django_capture_on_commit_callbacks, mailoutbox
):
    """allauth's mail takes the platform's path: nothing leaves before the sign-up commits."""
    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # a plain client: callbacks stay captured
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("account_signup"), {
            "email": "queued@example.org", "password1": "a-long-Passphrase-2569",
            "password2": "a-long-Passphrase-2569", "accept_terms": "on", "accept_privacy": "on",
        })
    assert mailoutbox == []
    assert callbacks, "the mail must be scheduled on commit"
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [["queued@example.org"]]
    assert "/accounts/confirm-email/" in mailoutbox[0].body
