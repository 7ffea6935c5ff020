"""GET /api/v1/statistics/ (spec 03 "Statistics", row 10): public, read-only, the portal's
aggregates filtered by fund and fiscal year; bad filters answer 400; the matrix decides who
may call it (an anonymous caller too, while row 10 holds "public")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache

from phonlap.accounts import permissions
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory
from tests.portal.factories import BANGKOK, CHIANG_MAI, bangkok_time, submitted
from tests.review.factories import advance_to, decide_meeting, se_fund

pytestmark = pytest.mark.django_db

URL = "/api/v1/statistics/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def counted(db):
    """Three proposals: DEF in FY 2567 (approved for less than asked), DEF and SEF in FY 2568."""
    approved = submitted(budget="80000.00", groups=["autism"], province=BANGKOK,
                         at=bangkok_time(2024, 3, 1, 10, 0))
    advance_to(approved, "board")
    decide_meeting(approved, approved_amount=Decimal("75000.25"))
    waiting = submitted(budget="50000.50", groups=["visual"], province=CHIANG_MAI,
                        at=bangkok_time(2024, 10, 1, 0, 0))
    se = submitted(fund=se_fund(), budget="40000.00", groups=["youth"], province=CHIANG_MAI,
                   at=bangkok_time(2025, 1, 15, 9, 0))
    return {"approved": approved, "waiting": waiting, "se": se}


def by_key(rows):
    return {row["key"]: row for row in rows}


def test_anyone_reads_the_statistics_without_signing_in(counted, anon):
    response = anon.get(URL)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["filters"] == {"fund": None, "fiscal_year": None}
    assert body["totals"]["n"] == 3 and body["totals"]["approved"] == 1
    assert Decimal(body["totals"]["requested"]) == Decimal("170000.50")
    assert Decimal(body["totals"]["approved_amount"]) == Decimal("75000.25")
    assert by_key(body["by_status"])["approved"]["n"] == 1
    assert by_key(body["by_fiscal_year"])[2567]["n"] == 1
    assert by_key(body["by_fiscal_year"])[2568]["n"] == 2
    assert {row["key"] for row in body["median_days"]} >= {"screening", "working_group"}
    assert "computed_at" in body


def test_filters_by_fund_and_fiscal_year(counted, client_for):
    client = client_for(StaffFactory())
    body = client.get(URL, {"fund": "disability-education"}).json()
    assert body["totals"]["n"] == 2 and body["filters"]["fund"] == "disability-education"
    body = client.get(URL, {"fund": "disability-education", "fiscal_year": 2568}).json()
    assert body["totals"]["n"] == 1 and body["filters"]["fiscal_year"] == 2568
    body = client.get(URL, {"fiscal_year": 2568}).json()
    assert body["totals"]["n"] == 2
    assert client.get(URL, {"fiscal_year": 2550}).json()["totals"]["n"] == 0


@pytest.mark.parametrize("params", [
    {"fund": "no-such-fund"}, {"fund": "dis\x00ability"}, {"fiscal_year": "next"},
    {"fiscal_year": 99999999999999999999}, {"fiscal_year": 1},
])
def test_bad_filters_answer_400(params, anon):
    response = anon.get(URL, params)
    assert response.status_code == 400, response.content
    assert set(response.json()) <= {"fund", "fiscal_year"}


def test_every_role_reads_them(counted, client_for):
    for user in (StaffFactory(), CommitteeFactory(), SuperUserFactory()):
        assert client_for(user).get(URL).status_code == 200


def test_the_live_matrix_decides_for_anonymous_callers(db, anon):
    assert anon.get(URL).status_code == 200
    permissions.update_matrix(actor=SuperUserFactory(), changes={("10", "unregistered"): ""})
    assert anon.get(URL).status_code == 401


def test_messages_and_labels_in_the_callers_language(counted, client_for):
    staff = StaffFactory()
    english = client_for(staff).get(URL).json()
    thai = client_for(staff, language="th").get(URL).json()
    assert by_key(english["by_status"])["approved"]["label"] == "Approved"
    assert by_key(thai["by_status"])["approved"]["label"] != "Approved"


def test_queries_do_not_grow_with_the_proposals(db, anon, django_assert_max_num_queries):
    submitted(budget="1000.00", groups=["visual"])
    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:  # nothing cached: matrix, options, figures
        assert anon.get(URL).status_code == 200
    assert len(one) <= 15
    for _ in range(5):
        submitted(budget="1000.00", groups=["visual"])
    cache.clear()
    with django_assert_max_num_queries(len(one)):
        assert anon.get(URL).status_code == 200


def test_the_schema_documents_it(anon):
    paths = anon.get("/api/schema/?format=json").json()["paths"]
    assert "get" in paths["/api/v1/statistics/"]
