"""Thai is the default: with no preference the pages and messages come out in Thai."""

from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


def test_anonymous_visitor_gets_thai_pages(db):
    response = Client().get(reverse("account_login"))
    assert response["Content-Language"] == "th"
    assert "ข้ามไปยังเนื้อหาหลัก" in response.content.decode()


def test_a_new_user_reads_thai_until_they_choose_english(db):
    user = UserFactory(language="th")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the saved choice wins over the browser
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response["Content-Language"] == "th"
    user.language = "en"
    user.save(update_fields=["language"])
    assert client.get(reverse("home"))["Content-Language"] == "en"
