"""Every allauth page uses our accessible layout; form errors are linked to their fields."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory, onboard

PUBLIC = ["account_login", "account_signup", "account_reset_password",
          "account_email_verification_sent", "accounts:resend_verification"]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_account_pages_use_our_layout(client, db, name):
    html = client.get(reverse(name)).content.decode()
    assert 'class="skip-link"' in html and '<main id="main"' in html
    assert html.count("<h1") == 1
    assert 'id="language-select"' in html


@pytest.mark.parametrize("name", ["account_change_password", "account_email", "accounts:profile",
                                  "accounts:profile_edit"])
def test_signed_in_account_pages_use_our_layout(client, db, name):
    client.force_login(onboard(UserFactory()))
    html = client.get(reverse(name)).content.decode()
    assert 'class="skip-link"' in html and html.count("<h1") == 1


def test_login_error_is_announced_and_fields_are_labelled(client, db):
    html = client.post(reverse("account_login"), {"login": "x@example.org", "password": "nope"}
                       ).content.decode()
    assert 'role="alert"' in html
    assert '<label for="id_login"' in html and '<label for="id_password"' in html


def test_signup_field_errors_are_linked(client, db):
    html = client.post(reverse("account_signup"), {"email": "bad"}).content.decode()
    assert 'id="id_email_error"' in html
    email_input = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert 'aria-describedby="id_email_error"' in email_input
    assert 'aria-invalid="true"' in email_input
    assert 'aria-invalid="true"' in html
    assert reverse("accounts:terms") in html and reverse("accounts:privacy") in html


def test_signup_asks_for_acceptance_after_the_passwords(client, db):
    html = client.get(reverse("account_signup")).content.decode()
    assert html.index('name="password2"') < html.index('name="accept_terms"') < html.index(
        'name="accept_privacy"')
