"""The notifications pages (/notifications/) and the header's unread count.

Until the project's urls mount ``core.notification_urls`` these tests mount it themselves (the
module doubles as the URLconf); once mounted, the project's own URLconf is used unchanged."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import timezone

from phonlap import urls as project_urls
from phonlap.core.models import Notification
from phonlap.core.notifications import notify
from tests.factories import StaffFactory, UserFactory, signed_in

urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(p, "namespace", None) == "notifications" for p in urlpatterns):
    urlpatterns.insert(0, path("notifications/", include("phonlap.core.notification_urls")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

SUBJECT = "Proposal %(number)s was submitted"
CONTEXT_PROCESSOR = "phonlap.core.notification_context.notifications"


def _notify(user, number="DEF-2570-00001", url="/proposals/7/"):
    return notify(users=[user], kind="proposal.submitted", subject=SUBJECT,
                  body="Body of %(number)s", url=url, number=number)[0]


@pytest.fixture
def staff(client):
    user = StaffFactory()
    signed_in(client, user)
    return user


@pytest.fixture
def header(settings):
    """The header's count, as the lead wires it: the context processor in TEMPLATES."""
    templates = [dict(t, OPTIONS=dict(t["OPTIONS"])) for t in settings.TEMPLATES]
    processors = templates[0]["OPTIONS"]["context_processors"]
    if CONTEXT_PROCESSOR not in processors:
        templates[0]["OPTIONS"]["context_processors"] = [*processors, CONTEXT_PROCESSOR]
    settings.TEMPLATES = templates


def _items(html: str) -> list[str]:
    return re.findall(r"<h2>(.*?)</h2>", html)


def test_the_list_shows_ones_own_newest_first_with_unread_in_words(client, staff):
    old = _notify(staff, number="OLD")
    _notify(staff, number="NEW")
    _notify(UserFactory(), number="NOT-YOURS")
    Notification.objects.filter(pk=old.pk).update(read_at=timezone.now())
    response = client.get("/notifications/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _items(html) == ["Proposal NEW was submitted", "Proposal OLD was submitted"]
    assert "NOT-YOURS" not in html
    assert "You have 1 unread notification." in html
    # Unread in words with an icon hidden from screen readers, not by colour alone.
    assert html.count('<span aria-hidden="true">●</span> Unread') == 1
    assert html.count('<span aria-hidden="true">✓</span> Read') == 1
    assert "Open<span class=\"visually-hidden\">: Proposal NEW was submitted</span>" in html
    assert "Mark all as read" in html


def test_the_list_follows_the_readers_language(client):
    user = StaffFactory(language="th")
    signed_in(client, user)
    _notify(user)
    html = client.get("/notifications/").content.decode()
    assert "ยื่นข้อเสนอโครงการ DEF-2570-00001 แล้ว" in _items(html)
    client.post("/i18n/setlang/", {"language": "en", "next": "/notifications/"})
    html = client.get("/notifications/").content.decode()
    assert _items(html) == ["Proposal DEF-2570-00001 was submitted"]


def test_pages_of_25_and_any_page_number_gives_a_page(client, staff):
    for n in range(30):
        _notify(staff, number=f"N{n:02d}")
    first = _items(client.get("/notifications/").content.decode())
    assert len(first) == 25 and first[0] == "Proposal N29 was submitted"
    assert len(_items(client.get("/notifications/?page=2").content.decode())) == 5
    for garbage in ("abc", "-3", "999", "1\x00"):
        response = client.get("/notifications/", {"page": garbage})
        assert response.status_code == 200


def test_queries_do_not_grow_with_rows(client, staff):
    _notify(staff)
    client.get("/notifications/")  # warm the session / matrix caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notifications/").status_code == 200
        return len(queries)

    one = count()
    for n in range(29):
        _notify(staff, number=str(n))
    assert count() == one <= 10


def test_notification_whose_params_do_not_fit_shows_the_msgid(client, staff):
    Notification.objects.create(user=staff, kind="k", subject="Total %(count)d for %(who)s",
                                body="%(missing)s", params={"count": "many"})
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert "Total %(count)d for %(who)s" in response.content.decode()


def test_opening_marks_read_and_goes_to_the_local_path(client, staff):
    notification = _notify(staff)
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/proposals/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.get(f"/notifications/{notification.pk}/read/").status_code == 405


@pytest.mark.parametrize("url", ["", "https://evil.example/", "//evil.example/"])
def test_without_a_safe_link_opening_returns_to_the_list(client, staff, url):
    notification = Notification.objects.create(user=staff, kind="k", subject="S", url=url)
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404_and_stays_unread(client, staff):
    theirs = _notify(UserFactory())
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk + 99}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_mark_all_read_marks_only_ones_own(client, staff):
    _notify(staff), _notify(staff)
    theirs = _notify(UserFactory())
    response = client.post("/notifications/read-all/", follow=True)
    html = response.content.decode()
    assert "All your notifications are marked as read." in html
    assert "You have no unread notifications." in html and "Mark all as read" not in html
    assert not Notification.objects.filter(user=staff, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_an_empty_list_says_so(client, staff):
    html = client.get("/notifications/").content.decode()
    assert "No notifications yet." in html and "Mark all as read" not in html


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url, method in (("/notifications/", client.get), ("/notifications/1/read/", client.post),
                        ("/notifications/read-all/", client.post)):
        response = method(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_views_declare_their_matrix_exemption():
    from django.urls import resolve

    for url in ("/notifications/", "/notifications/1/read/", "/notifications/read-all/"):
        assert "own notifications" in resolve(url).func.matrix_exempt


# --- the header ---------------------------------------------------------------------------------


def test_the_header_links_to_the_notifications_with_the_unread_count(client, staff, header):
    _notify(staff), _notify(staff)
    html = client.get("/").content.decode()
    assert '<a href="/notifications/">Notifications (2 unread)</a>' in html
    mine = client.get("/notifications/").content.decode()
    assert '<a href="/notifications/" aria-current="page">Notifications (2 unread)</a>' in mine
    client.post("/notifications/read-all/")
    assert '<a href="/notifications/">Notifications</a>' in client.get("/").content.decode()


def test_the_header_count_costs_one_query_and_nothing_for_visitors(client, settings):
    from phonlap.core.notification_context import notifications

    class Request:
        pass

    request = Request()
    request.user = UserFactory()
    _notify(request.user)
    context = notifications(request)
    with CaptureQueriesContext(connection) as queries:
        assert context["notifications_unread"]() == 1
        assert context["notifications_unread"]() == 1
    assert len(queries) == 1

    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert notifications(request) == {}
