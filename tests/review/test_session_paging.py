"""A long agenda (hundreds of proposals at scale) is shown a page at a time, numbered through;
the session can be closed only when every item of every page is decided."""

import pytest
from django.urls import reverse
from django.utils import timezone

from phonlap.review import session_views
from tests.factories import StaffFactory, signed_in

from .factories import disability_fund, in_review, make_session, stage_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_items(monkeypatch):
    monkeypatch.setattr(session_views, "AGENDA_PAGE", 2)
    proposals = [in_review()[0] for _ in range(3)]
    return make_session(stage_of(disability_fund(), "working_group"), proposals=proposals), proposals


def test_the_agenda_pages_keep_the_item_numbers_and_the_total(client, three_items):
    session, proposals = three_items
    signed_in(client, StaffFactory())
    url = reverse("review:session_detail", args=[session.pk])
    first = client.get(url).content.decode()
    assert "3 proposals on the agenda" in first and "items 1–2" in first
    assert proposals[0].number in first and proposals[2].number not in first
    assert "Page 1 of 2" in first and "page=2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert proposals[2].number in second and proposals[0].number not in second
    assert "<td>3</td>" in second
    assert client.get(url, {"page": "x"}).status_code == 200  # any page value gives a page


def test_closing_waits_for_the_items_on_other_pages(client, three_items):
    session, _proposals = three_items
    session.agenda.filter(position__lt=2).update(decided_at=timezone.now())
    signed_in(client, StaffFactory())
    url = reverse("review:session_detail", args=[session.pk])
    close = reverse("review:session_close", args=[session.pk])
    assert close not in client.get(url).content.decode()  # item 3 (page 2) is undecided
    session.agenda.update(decided_at=timezone.now())
    assert close in client.get(url).content.decode()
