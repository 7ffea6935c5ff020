"""The language switch: the cookie for everyone, the account for a signed-in user, who then
gets that language on any browser (UserLanguageMiddleware)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
SWITCH = "/i18n/setlang/"


def _language_of(client) -> str:
    # /health/ is open to everyone and past the account gate; LocaleMiddleware labels the reply.
    return client.get(reverse("health"))["Content-Language"]


def test_switch_url_is_ours_and_matrix_exempt():
    assert reverse("set_language") == SWITCH
    func = resolve(SWITCH).func
    assert func.__module__ == "phonlap.core.views"
    assert func.matrix_exempt


def test_anonymous_switch_sets_the_cookie():
    client = Client()  # no Accept-Language: the product's default applies
    assert _language_of(client) == "th"  # Thai is the default
    response = client.post(SWITCH, {"language": "en", "next": "/health/"})
    assert response.status_code == 302
    assert response["Location"] == "/health/"
    assert response.cookies[COOKIE].value == "en"
    assert _language_of(client) == "en"
    client.post(SWITCH, {"language": "th", "next": "/"})
    assert _language_of(client) == "th"


def test_signed_in_switch_is_saved_on_the_account(client):
    user = UserFactory(language="th")
    client.force_login(user)
    response = client.post(SWITCH, {"language": "en", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert _language_of(client) == "en"


def test_saved_language_follows_the_user_to_another_browser(client):
    user = UserFactory(language="th")
    client.force_login(user)
    client.post(SWITCH, {"language": "en", "next": "/"})

    other_browser = Client()  # no cookie, a fresh session
    assert _language_of(other_browser) == "th"
    other_browser.force_login(user)
    assert _language_of(other_browser) == "en"


def test_account_language_wins_over_a_stale_cookie():
    user = UserFactory(language="en")
    browser = Client()
    browser.cookies[COOKIE] = "th"
    browser.force_login(user)
    assert _language_of(browser) == "en"


@pytest.mark.parametrize("bad", ["fr", "", "th-TH'; DROP TABLE", "EN", "x" * 500])
def test_unknown_language_changes_nothing(client, bad):
    user = UserFactory(language="th")
    client.force_login(user)
    response = client.post(SWITCH, {"language": bad, "next": "/health/"})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    user.refresh_from_db()
    assert user.language == "th"
    assert _language_of(client) == "th"


def test_missing_language_changes_nothing(client):
    response = client.post(SWITCH, {})
    assert response.status_code == 302
    assert COOKIE not in response.cookies


def test_get_is_refused_without_error(client):
    assert client.get(SWITCH).status_code == 405


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_next_must_stay_on_the_site(client, target):
    response = client.post(SWITCH, {"language": "en", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_without_next_goes_back_to_the_referring_page(client):
    response = client.post(SWITCH, {"language": "en"}, headers={"referer": "http://testserver/health/"})
    assert response["Location"] == "http://testserver/health/"


def test_base_template_posts_to_the_switch(client):
    html = client.get(reverse("account_login")).content.decode()
    assert f'action="{SWITCH}"' in html
    assert 'name="language"' in html
