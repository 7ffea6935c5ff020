"""A NUL character in a related id is "no such object" (400), never a server error: PostgreSQL
refuses NUL in text where SQLite finds nothing. Found by schemathesis on PostgreSQL."""

from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import onboard
from tests.organisations.factories import manager_of


def test_nul_in_subdistrict_code_is_a_clear_400(db):
    manager, organisation = manager_of()
    onboard(manager)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(manager)
    url = reverse("api:organisation-detail", args=[organisation.pk])
    response = client.patch(url, {"subdistrict": "\x00100101"}, format="json")
    assert response.status_code == 400
    assert "subdistrict" in response.json()
    organisation.refresh_from_db()
    assert organisation.subdistrict_id != "\x00100101"


def test_nul_in_fund_code_is_a_clear_400(db):
    manager, organisation = manager_of()
    onboard(manager)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(manager)
    response = client.post(reverse("api:proposal-list"),
                           {"organisation": organisation.pk, "fund": "disability\x00"}, format="json")
    assert response.status_code == 400
    assert "fund" in response.json()
