import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token

from phonlap.core.models import AuditEvent
from tests.factories import PASSWORD, CommitteeFactory, UnverifiedUserFactory, UserFactory

URL = "/api/v1/auth/token/"
BAD = "Unable to sign in with the e-mail address and password given."


def _rates(**rates):
    base = {"user": "1000/hour", "anon": "100/hour", "token": "10/minute"}
    return override_settings(REST_FRAMEWORK={
        "DEFAULT_THROTTLE_RATES": {**base, **rates},
        "EXCEPTION_HANDLER": "phonlap.api.exceptions.exception_handler",
        "PAGE_SIZE": 30,
        "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    })


def test_token_for_email_and_password_works_as_authorization(db, anon):
    user = UserFactory(email="somchai@example.org")
    response = anon.post(URL, {"email": "Somchai@Example.org ", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=user).key == key
    assert AuditEvent.objects.filter(actor=user, action="api_token").exists()
    anon.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert anon.get("/api/v1/me/").json()["email"] == "somchai@example.org"


def test_wrong_password_and_unknown_address_get_the_same_answer(db, anon):
    UserFactory(email="a@example.org")
    wrong = anon.post(URL, {"email": "a@example.org", "password": "nope-nope-nope"}, format="json")
    unknown = anon.post(URL, {"email": "b@example.org", "password": PASSWORD}, format="json")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json() == {"non_field_errors": [BAD]}
    assert not Token.objects.exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED).count() >= 2


def test_disabled_account_gets_no_token_and_its_token_stops_working(db, anon, client_for):
    user = UserFactory(email="off@example.org")
    client = client_for(user)
    user.is_active = False
    user.save()
    response = anon.post(URL, {"email": "off@example.org", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [BAD]}
    assert client.get("/api/v1/me/").status_code == 401


def test_deleted_account_token_stops_working(db, client_for):
    from django.utils import timezone

    user = UserFactory()
    client = client_for(user)
    user.deleted_at = timezone.now()
    user.save()
    assert client.get("/api/v1/me/").status_code == 401


def test_unverified_address_gets_no_token(db, anon):
    UnverifiedUserFactory(email="new@example.org")
    response = anon.post(URL, {"email": "new@example.org", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert "Confirm your e-mail address" in response.json()["non_field_errors"][0]
    assert not Token.objects.exists()


def test_handed_over_password_must_be_changed_first(db, anon):
    CommitteeFactory(email="c@example.org", must_change_password=True)
    response = anon.post(URL, {"email": "c@example.org", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert not Token.objects.exists()


@pytest.mark.parametrize("body", [{}, {"email": "x@example.org"}, {"email": ["a"], "password": 1}, "[]"])
def test_malformed_requests_are_400(db, anon, body):
    response = anon.post(URL, body, format="json")
    assert response.status_code == 400


def test_revoking_the_token(db, api):
    assert api.delete(URL).status_code == 204
    assert not Token.objects.exists()
    assert api.get("/api/v1/me/").status_code == 401


def test_token_endpoint_is_throttled_per_address(db, anon):
    UserFactory(email="t@example.org")
    with _rates(token="3/minute"):
        codes = [
            anon.post(URL, {"email": f"guess{i}@example.org", "password": "x" * 10}, format="json",
                      HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code
            for i in range(4)
        ]
        # Spoofed X-Forwarded-For does not buy a fresh allowance.
        assert codes == [400, 400, 400, 429]
        response = anon.post(URL, {"email": "t@example.org", "password": PASSWORD}, format="json")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0


def test_token_endpoint_is_throttled_per_account(db, anon):
    UserFactory(email="t@example.org")
    with _rates(token="2/minute"):
        codes = [
            anon.post(URL, {"email": "t@example.org", "password": "x" * 10}, format="json",
                      REMOTE_ADDR=f"10.0.0.{i}").status_code
            for i in range(3)
        ]
    assert codes == [400, 400, 429]


def test_per_user_rate_limit(db, api, client_for):
    with _rates(user="3/minute"):
        codes = [api.get("/api/v1/me/").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert "Retry-After" in api.get("/api/v1/me/")
        # Another user has their own allowance.
        assert client_for(UserFactory()).get("/api/v1/me/").status_code == 200


def test_session_authentication_works_and_needs_csrf_for_changes(db, user):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/v1/me/").status_code == 200
    assert client.patch("/api/v1/me/", {"first_name": "X"}, format="json").status_code == 403


def test_anonymous_gets_401(db, anon):
    response = anon.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
