"""The proposal list and its export run the same number of SQL queries whatever the number of
proposals (issue 3): measured with 1 and with 30 proposals, per role."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phonlap.proposals.enums import ProposalStatus
from tests.factories import StaffFactory, signed_in
from tests.funds.factories import CallFactory

from .factories import disability_fund, team
from .list_support import make

pytestmark = pytest.mark.django_db

LIMIT = 15


def fill(n, pm, organisation, call):
    for i in range(n):
        make(pm, organisation, name=f"โครงการที่ {i}", call=call if i % 2 else None,
             status=ProposalStatus.DRAFT if i % 3 == 2 else ProposalStatus.IN_REVIEW,
             submitted=None if i % 3 == 2 else datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
             budget="1000.50")


def count_queries(client, url, params=None) -> int:
    client.get(url, params or {})  # warm: session, caches of the matrix
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return len(queries)


def measure(client, who: str, url, params=None) -> tuple[int, int]:
    """Queries with 1 proposal, then with 30 (the same viewer, organisation and call)."""
    pm, manager, organisation = team()
    call = CallFactory(fund=disability_fund())
    viewer = {"pm": pm, "manager": manager, "staff": StaffFactory()}[who]
    signed_in(client, viewer)
    fill(1, pm, organisation, call)
    one = count_queries(client, url, params)
    fill(29, pm, organisation, call)
    thirty = count_queries(client, url, params)
    return one, thirty


@pytest.mark.parametrize("who", ["staff", "pm", "manager"])
def test_the_list_runs_constant_queries(client, who):
    one, thirty = measure(client, who, reverse("proposals:list"))
    assert one == thirty <= LIMIT, (one, thirty)


def test_the_filtered_sorted_list_runs_constant_queries(client):
    params = {"q": "โครงการ", "fund": disability_fund().pk, "sort": "-status",
              "submitted_from": "01/01/2569"}
    one, thirty = measure(client, "staff", reverse("proposals:list"), params)
    assert one == thirty <= LIMIT, (one, thirty)


def test_the_last_page_runs_constant_queries(client):
    one, thirty = measure(client, "staff", reverse("proposals:list"), {"page": "last-or-garbage"})
    assert one == thirty <= LIMIT, (one, thirty)


@pytest.mark.parametrize("who", ["staff", "pm", "manager"])
def test_the_export_runs_constant_queries(client, who):
    one, thirty = measure(client, who, reverse("proposals:export"))
    assert one == thirty <= LIMIT, (one, thirty)
