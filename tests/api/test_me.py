from phonlap.core.models import AuditEvent


def test_read_own_account(api, user):
    body = api.get("/api/v1/me/").json()
    assert body["email"] == user.email
    assert body["roles"] == ["project_manager"]
    assert set(body) == {"id", "email", "title", "first_name", "last_name", "phone", "mobile",
                         "language", "roles"}


def test_change_own_data_and_language(api, user):
    response = api.patch("/api/v1/me/", {"first_name": "Somsri", "language": "th", "title": "ms"},
                         format="json")
    assert response.status_code == 200, response.json()
    user.refresh_from_db()
    assert (user.first_name, user.language, user.title) == ("Somsri", "th", "ms")
    event = AuditEvent.objects.get(action="account.own_data_changed")
    assert sorted(event.details["fields"]) == ["first_name", "language", "title"]


def test_email_is_read_only(api, user):
    before = user.email
    response = api.patch("/api/v1/me/", {"email": "other@example.org"}, format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email == before


def test_bad_values_are_400_with_messages_and_change_nothing(api, user):
    response = api.patch("/api/v1/me/", {"language": "fr", "phone": "9" * 31, "title": "king"},
                         format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"language", "phone", "title"}
    assert "not a valid choice" in errors["language"][0]
    user.refresh_from_db()
    assert user.language == "en"
    assert not AuditEvent.objects.filter(action="account.own_data_changed").exists()


def test_account_waiting_for_deletion_cannot_be_edited(api, user):
    from django.utils import timezone

    user.deletion_requested_at = timezone.now()
    user.save()
    response = api.patch("/api/v1/me/", {"first_name": "X"}, format="json")
    assert response.status_code == 400
    assert "waiting for deletion" in response.json()["detail"]
