"""Sign-in, sign-out and failed sign-ins go to the access log with the address, never the
password (spec 01 access log, matrix row 12)."""

import json

from django.urls import reverse

from phonlap.core.models import AuditEvent
from tests.factories import PASSWORD, UserFactory, onboard


def _dump(event) -> str:
    return json.dumps({f.name: str(getattr(event, f.name)) for f in event._meta.fields})


def test_sign_in_is_logged_with_address(client, db):
    user = onboard(UserFactory())
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD},
                REMOTE_ADDR="203.0.113.20")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGN_IN)
    assert event.actor == user and event.ip_address == "203.0.113.20"
    assert PASSWORD not in _dump(event)


def test_sign_out_is_logged(client, db):
    user = onboard(UserFactory())
    client.force_login(user)
    client.post(reverse("account_logout"), REMOTE_ADDR="203.0.113.21")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGN_OUT)
    assert event.actor == user and event.ip_address == "203.0.113.21"


def test_failed_sign_in_is_logged_without_the_password(client, db):
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": "not-my-Secret-55"},
                REMOTE_ADDR="203.0.113.22")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGN_IN_FAILED)
    assert event.actor_label == user.email and event.ip_address == "203.0.113.22"
    assert "not-my-Secret-55" not in _dump(event)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN).exists()


def test_changing_the_password_signs_out_everywhere(db):
    """Other browser sessions end and API tokens are revoked; the current session stays."""
    from django.test import Client
    from django.urls import reverse
    from rest_framework.authtoken.models import Token

    from tests.factories import PASSWORD, StaffFactory, onboard

    user = onboard(StaffFactory())
    Token.objects.create(user=user)
    here, elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en"), Client(HTTP_ACCEPT_LANGUAGE="en")
    here.force_login(user)
    elsewhere.force_login(user)
    here.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "a-New-secret-2569", "password2": "a-New-secret-2569"})
    assert not Token.objects.filter(user=user).exists()
    assert here.get(reverse("me:account")).status_code == 200
    response = elsewhere.get(reverse("me:account"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
