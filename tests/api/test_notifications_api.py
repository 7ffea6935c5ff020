"""/api/v1/notifications/: the caller's own notifications, read marks and the unread count."""

import pytest
from django.urls import resolve
from django.utils import timezone

from phonlap.core.models import Notification
from phonlap.core.notifications import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = "Proposal %(number)s was submitted"


def _notify(user, number="DEF-2570-00001"):
    return notify(users=[user], kind="proposal.submitted", subject=SUBJECT, body="Body %(number)s",
                  url="/proposals/7/", number=number)[0]


def test_list_is_ones_own_newest_first_in_the_callers_language(api, user, client_for):
    old, new = _notify(user, "OLD"), _notify(user, "NEW")
    _notify(UserFactory(), "NOT-YOURS")
    body = api.get("/api/v1/notifications/").json()
    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == [new.pk, old.pk]
    first = body["results"][0]
    assert set(first) == {"id", "kind", "title", "text", "url", "created_at", "read_at", "unread"}
    assert (first["title"], first["text"], first["url"], first["unread"], first["read_at"]) == (
        "Proposal NEW was submitted", "Body NEW", "/proposals/7/", True, None)
    thai = client_for(user, language="th").get("/api/v1/notifications/").json()
    assert thai["results"][0]["title"] == "ยื่นข้อเสนอโครงการ NEW แล้ว"


def test_the_unread_filter(api, user):
    read, unread = _notify(user, "READ"), _notify(user, "UNREAD")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    ids = lambda query: [r["id"] for r in api.get(f"/api/v1/notifications/{query}").json()["results"]]  # noqa: E731
    assert ids("?unread=true") == [unread.pk]
    assert ids("?unread=false") == [read.pk]
    assert ids("") == [unread.pk, read.pk]
    response = api.get("/api/v1/notifications/?unread=perhaps")
    assert response.status_code == 400 and "unread" in response.json()


def test_pages(api, user):
    for n in range(35):
        _notify(user, str(n))
    body = api.get("/api/v1/notifications/").json()
    assert body["count"] == 35 and len(body["results"]) == 30 and body["next"]
    assert len(api.get("/api/v1/notifications/?page=2").json()["results"]) == 5


def test_list_queries_do_not_grow_with_rows(api, user, django_assert_max_num_queries):
    _notify(user)
    with django_assert_max_num_queries(6) as one:
        api.get("/api/v1/notifications/")
    for n in range(29):
        _notify(user, str(n))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(api.get("/api/v1/notifications/").json()["results"]) == 30


def test_mark_one_read_then_all_and_count(api, user):
    first, _second, _third = _notify(user), _notify(user), _notify(user)
    assert api.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}
    response = api.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200
    assert response.json()["unread"] is False and response.json()["read_at"]
    again = api.post(f"/api/v1/notifications/{first.pk}/read/")
    assert again.json()["read_at"] == response.json()["read_at"]  # the first time stays
    assert api.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 2, "unread": 0}
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 0, "unread": 0}


@pytest.mark.parametrize("pk", ["theirs", "missing", "abc", "%00"])
def test_someone_elses_or_a_missing_notification_is_404(api, user, pk):
    theirs = _notify(UserFactory())
    value = {"theirs": theirs.pk, "missing": theirs.pk + 1000}.get(pk, pk)
    response = api.post(f"/api/v1/notifications/{value}/read/")
    assert response.status_code == 404 and "detail" in response.json()
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_read_all_touches_only_ones_own(api, user):
    theirs = _notify(UserFactory())
    _notify(user)
    assert api.post("/api/v1/notifications/read-all/").json()["marked"] == 1
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_params_that_do_not_fit_never_give_a_server_error(api, user):
    Notification.objects.create(user=user, kind="k", subject="Total %(count)d", body="%(x)s",
                                params={"count": "many"})
    body = api.get("/api/v1/notifications/").json()
    assert body["results"][0]["title"] == "Total %(count)d"


def test_anonymous_gets_401(anon):
    for method, url in (("get", "/api/v1/notifications/"), ("get", "/api/v1/notifications/unread-count/"),
                        ("post", "/api/v1/notifications/read-all/"),
                        ("post", "/api/v1/notifications/1/read/")):
        assert getattr(anon, method)(url).status_code == 401


def test_the_endpoints_are_exempt_from_the_matrix_with_a_reason():
    for url in ("/api/v1/notifications/", "/api/v1/notifications/1/read/",
                "/api/v1/notifications/read-all/", "/api/v1/notifications/unread-count/"):
        assert "own notifications" in resolve(url).func.cls.matrix_exempt


def test_the_endpoints_are_in_the_openapi_schema(anon):
    schema = anon.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/notifications/"]) == {"get"}
    assert {p["name"] for p in paths["/api/v1/notifications/"]["get"]["parameters"]} >= {"unread", "page"}
    assert set(paths["/api/v1/notifications/{id}/read/"]) == {"post"}
    assert set(paths["/api/v1/notifications/read-all/"]) == {"post"}
    assert set(paths["/api/v1/notifications/unread-count/"]) == {"get"}
    assert "Notification" in schema["components"]["schemas"]
