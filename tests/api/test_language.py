"""Messages come in the caller's language: Accept-Language first, else the saved language."""

from tests.factories import UserFactory
from tests.organisations.factories import manager_of

ME = "/api/v1/me/"


def test_error_in_thai_or_english_by_accept_language(anon):
    thai = anon.get(ME, HTTP_ACCEPT_LANGUAGE="th")
    english = anon.get(ME, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert thai.status_code == english.status_code == 401
    assert english.json()["detail"] == "Authentication credentials were not provided."
    assert thai.json()["detail"] == "ไม่พบข้อมูลการเข้าสู่ระบบ"
    assert thai["Content-Language"] == "th"


def test_validation_messages_follow_the_header_over_the_saved_language(db, client_for):
    user = UserFactory(language="en")
    client = client_for(user, language="th")
    response = client.patch(ME, {"language": "fr"}, format="json")
    assert response.status_code == 400
    assert response.json()["language"] == ['"fr" ไม่ใช่ตัวเลือกที่ถูกต้อง']


def test_saved_language_applies_without_the_header(db, client_for):
    english = client_for(UserFactory(language="en"), language=None)
    thai = client_for(UserFactory(language="th"), language=None)
    assert english.get("/api/v1/organisations/999/").json()["detail"] == "Not found."
    assert thai.get("/api/v1/organisations/999/").json()["detail"] == "ไม่พบ"


def test_domain_errors_are_translated_in_the_active_language(db, client_for):
    from django.utils import translation

    manager, org = manager_of()
    response = client_for(manager, language="th").post(f"/api/v1/organisations/{org.pk}/leave/")
    assert response.status_code == 400
    with translation.override("th"):
        expected = translation.gettext(
            "You are the organisation's only manager. Appoint another manager before you leave."
        )
    assert response.json() == {"detail": expected}
