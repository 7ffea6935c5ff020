"""The statistics pages: public (no sign-in, aggregates only) and staff (drill-down, export);
filters that validate; tables with captions and header scopes; charts drawn from JSON by a
script file; caching; a constant number of queries."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from phonlap.accounts import permissions
from phonlap.portal import statistics as stats
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, signed_in
from tests.portal.factories import BANGKOK, CHIANG_MAI, bangkok_time, returned, submitted
from tests.review.factories import advance_to, decide_meeting, disability_fund, screen

PUBLIC = reverse("portal:statistics")
STAFF = reverse("portal:staff_statistics")
DRILL = reverse("portal:staff_statistics_proposals")
EXPORT = reverse("portal:statistics_export")


@pytest.fixture
def proposals(db):
    a = submitted(budget="100000.00", groups=["visual"], province=BANGKOK,
                  at=bangkok_time(2024, 9, 30, 23, 59, 59))
    b = submitted(budget="50000.50", groups=["hearing"], province=CHIANG_MAI,
                  at=bangkok_time(2024, 10, 1, 0, 0, 0))
    screen(b)
    c = submitted(budget="80000.00", groups=["autism"], province=CHIANG_MAI,
                  at=bangkok_time(2025, 2, 1, 9, 0))
    advance_to(c, "board")
    decide_meeting(c, approved_amount=Decimal("75000.25"))
    d = returned(submitted(budget="20000.00", groups=["visual"], province=None,
                           at=bangkok_time(2025, 3, 1, 9, 0)))
    return {"a": a, "b": b, "c": c, "d": d}


@pytest.fixture
def staff_client(client, db):
    return signed_in(client, StaffFactory())


def text(response) -> str:
    return response.content.decode()


# --- public page -------------------------------------------------------------------------------


def test_the_public_page_needs_no_sign_in_and_shows_aggregates_only(client, proposals):
    response = client.get(PUBLIC)
    assert response.status_code == 200
    html = text(response)
    assert "Proposals received" in html
    # Figures: 4 received, the approved budget, provinces by name.
    assert re.search(r"Proposals received</dt><dd>4<", html)
    assert "75,000.25" in html and "250,000.50" in html
    assert "Chiang Mai" in html and "FY 2568" in html
    # No proposal names, numbers or organisation names; no drill-down links or export.
    for proposal in proposals.values():
        assert proposal.number not in html
        assert proposal.organisation.name not in html
    assert proposals["a"].name not in html
    assert DRILL not in html and EXPORT not in html


def test_the_public_page_filters_by_fund_and_fiscal_year_only(client, proposals):
    response = client.get(PUBLIC, {"fiscal_year": "2567"})
    assert re.search(r"Proposals received</dt><dd>1<", text(response))
    form = response.context["form"]
    assert set(form.fields) == {"fund", "fiscal_year"}
    # Staff filters given to the public page are ignored, not applied.
    response = client.get(PUBLIC, {"province": CHIANG_MAI})
    assert re.search(r"Proposals received</dt><dd>4<", text(response))


@pytest.mark.parametrize("query", [
    {"fund": "abc"}, {"fund": "999999"}, {"fiscal_year": "99999"}, {"fiscal_year": "2567x"},
    {"fiscal_year": "\x00"}, {"fund": "1' OR '1'='1"}, {"fund": "-1"},
])
def test_bad_filter_values_give_a_form_error(client, proposals, query):
    response = client.get(PUBLIC, query)
    assert response.status_code == 200
    html = text(response)
    assert "Some filter values cannot be used" in html
    assert 'aria-invalid="true"' in html
    assert response.context["data"] is None


def test_tables_have_captions_and_header_scopes_and_charts_are_hidden_from_screen_readers(
        client, proposals):
    html = text(client.get(PUBLIC))
    tables = re.findall(r"<table.*?</table>", html, flags=re.S)
    assert len(tables) >= 8
    for table in tables:
        assert "<caption>" in table
        assert re.search(r'<th scope="col"', table) and re.search(r'<th scope="row"', table)
        assert "<th>" not in table
    charts = re.findall(r'<div class="stat-chart" data-chart="([\w-]+)" aria-hidden="true">', html)
    assert set(charts) == {"chart-status", "chart-budget", "chart-fiscal-year", "chart-median"}
    for chart_id in charts:
        assert f'<script id="{chart_id}" type="application/json">' in html
    # Every script is a file or JSON data: nothing inline for the CSP to refuse.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag
    assert "vendor/chartjs/chart.umd.min.js" in html and "portal/statistics.js" in html


def test_chart_data_matches_the_tables(client, proposals):
    response = client.get(PUBLIC)
    charts = response.context["charts"]
    assert charts["fiscal_year"]["labels"] == ["FY 2567", "FY 2568"]
    assert charts["fiscal_year"]["datasets"][0]["data"] == [1, 3]
    assert charts["fiscal_year"]["datasets"][1]["data"] == [0, 1]
    budget = charts["budget"]["datasets"]
    fund_index = charts["budget"]["labels"].index(disability_fund().name_en)
    assert budget[0]["data"][fund_index] == "250000.50"
    assert budget[1]["data"][fund_index] == "75000.25"


def test_the_page_speaks_thai_by_default_with_its_own_cache_entry(client, proposals):
    client.get(PUBLIC)  # English, cached
    response = client.get(PUBLIC, HTTP_ACCEPT_LANGUAGE="th")
    html = text(response)
    fund = disability_fund()
    assert fund.name_th in html and fund.name_en not in html
    assert fund.name_en in text(client.get(PUBLIC))  # English still served from its own entry


# --- cache and queries ---------------------------------------------------------------------------


def test_a_second_request_is_served_from_the_cache(client, proposals, django_assert_max_num_queries):
    client.get(PUBLIC)
    with django_assert_max_num_queries(2):
        response = client.get(PUBLIC)
    assert re.search(r"Proposals received</dt><dd>4<", text(response))
    # Within the cache's lifetime a new proposal does not show yet (documented TTL).
    submitted(budget="10000.00")
    assert re.search(r"Proposals received</dt><dd>4<", text(client.get(PUBLIC)))
    from django.core.cache import cache
    cache.clear()
    assert re.search(r"Proposals received</dt><dd>5<", text(client.get(PUBLIC)))


def _count_queries(client, url, django_assert_max_num_queries, params=None) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    permissions.cells()  # the permission matrix has its own, longer-lived cache entry
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_the_number_of_proposals(client, db, django_assert_max_num_queries):
    staff = StaffFactory()
    submitted(budget="10000.00", province=BANGKOK, at=bangkok_time(2024, 5, 1))
    few_public = _count_queries(client, PUBLIC, django_assert_max_num_queries)
    signed_in(client, staff)
    few_staff = _count_queries(client, STAFF, django_assert_max_num_queries)
    few_drill = _count_queries(client, DRILL, django_assert_max_num_queries)
    client.logout()
    for index in range(11):
        proposal = submitted(budget=f"{1000 + index}.25", groups=["visual", "autism"],
                             province=(BANGKOK, CHIANG_MAI, None)[index % 3],
                             at=bangkok_time(2022 + index % 4, 1 + index, 3))
        if index % 2:
            screen(proposal)
    many_public = _count_queries(client, PUBLIC, django_assert_max_num_queries)
    assert many_public == few_public <= 15
    signed_in(client, staff)
    assert _count_queries(client, STAFF, django_assert_max_num_queries) == few_staff <= 15
    assert _count_queries(client, DRILL, django_assert_max_num_queries) == few_drill <= 15
    # Filtered pages too.
    params = {"fund": disability_fund().pk, "fiscal_year": "2568", "province": BANGKOK}
    assert _count_queries(client, STAFF, django_assert_max_num_queries, params) <= 15


def test_the_staff_page_is_cached_too(staff_client, proposals, django_assert_max_num_queries):
    staff_client.get(STAFF)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold_free:
        staff_client.get(STAFF)
    # Only the session, the user and what the menu asks remain.
    assert len(cold_free.captured_queries) <= 5
    assert not any("proposals_proposal" in q["sql"] for q in cold_free.captured_queries)


# --- staff -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [STAFF, DRILL, EXPORT])
def test_staff_pages_are_for_fund_staff(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    for user in (CommitteeFactory(), SuperUserFactory()):
        signed_in(client, user)
        assert client.get(url).status_code == 404
        client.logout()
    signed_in(client, StaffFactory())
    assert client.get(url).status_code == 200


def test_the_public_page_links_staff_to_their_version(staff_client, proposals):
    assert STAFF in text(staff_client.get(PUBLIC))


def test_staff_counts_link_to_the_proposals_behind_them(staff_client, proposals):
    response = staff_client.get(STAFF)
    data = response.context["data"]
    province = {r["key"]: r for r in data["by_province"]}[CHIANG_MAI]
    assert province["links"]["n"] in text(response).replace("&amp;", "&")
    listing = staff_client.get(province["links"]["n"])
    numbers = {p.number for p in listing.context["page"].object_list}
    assert numbers == {proposals["b"].number, proposals["c"].number}
    html = text(listing)
    assert reverse("proposals:detail", kwargs={"pk": proposals["b"].pk}) in html
    assert proposals["b"].organisation.name in html
    # The approved count of the province lists the approved proposal only.
    approved = staff_client.get(province["links"]["approved"]).context["page"].object_list
    assert [p.number for p in approved] == [proposals["c"].number]
    # The stage row: proposals in review at the working group now.
    stage = {r["key"]: r for r in data["by_stage"]}["working_group"]
    listed = staff_client.get(stage["links"]["n"]).context["page"].object_list
    assert [p.number for p in listed] == [proposals["b"].number]
    # The fiscal year row and the "not recorded" province.
    year = {r["key"]: r for r in data["by_fiscal_year"]}[2567]
    assert [p.number for p in staff_client.get(year["links"]["n"]).context["page"].object_list] == [
        proposals["a"].number]
    none = {r["key"]: r for r in data["by_province"]}[stats.NONE]
    assert [p.number for p in staff_client.get(none["links"]["n"]).context["page"].object_list] == [
        proposals["d"].number]


def test_links_keep_the_page_filters(staff_client, proposals):
    response = staff_client.get(STAFF, {"fiscal_year": "2568", "province": CHIANG_MAI})
    totals = response.context["data"]["totals"]
    assert totals["n"] == 2
    listing = staff_client.get(totals["links"]["n"]).context["page"].object_list
    assert {p.number for p in listing} == {proposals["b"].number, proposals["c"].number}


def test_drill_down_filters(staff_client, proposals):
    def numbers(**params):
        response = staff_client.get(DRILL, params)
        assert response.status_code == 200
        return {p.number for p in response.context["page"].object_list}

    assert numbers() == {p.number for p in proposals.values()}
    assert numbers(status="returned") == {proposals["d"].number}
    assert numbers(target_group="visual") == {proposals["a"].number, proposals["d"].number}
    assert numbers(fiscal_year="2568", status="in_review") == {proposals["b"].number}
    assert numbers(stage="screening") == {proposals["a"].number}
    assert numbers(fund=str(disability_fund().pk), province=BANGKOK) == {proposals["a"].number}


def test_the_drill_down_lists_no_draft_and_pages_any_page_number(staff_client, proposals):
    from tests.portal.factories import draft

    never, _pm, _manager = draft(budget="5000.00")
    response = staff_client.get(DRILL, {"page": "abc"})
    assert never.number not in text(response)
    assert staff_client.get(DRILL, {"page": "9999"}).status_code == 200


@pytest.mark.parametrize("query", [
    {"province": "XX"}, {"stage": "nope"}, {"status": "draft"}, {"target_group": "<b>"},
    {"call": "abc"}, {"call": "999999"},
])
def test_drill_down_refuses_bad_filters_with_a_form_error(staff_client, proposals, query):
    response = staff_client.get(DRILL, query)
    assert response.status_code == 200
    assert "Some filter values cannot be used" in text(response)
    assert response.context["page"] is None


def test_a_call_of_another_fund_is_a_form_error(staff_client, proposals):
    from tests.portal.factories import open_call
    from tests.review.factories import se_fund

    call = open_call(se_fund())
    response = staff_client.get(STAFF, {"fund": disability_fund().pk, "call": call.pk})
    assert "This call belongs to another fund" in text(response)


def test_the_export_is_an_excel_file_of_the_tables(staff_client, proposals):
    response = staff_client.get(EXPORT, {"fiscal_year": "2568"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "statistics-" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Table", "Group", "Fund", "Proposals")
    assert rows[1][0] == "Filters" and "2568" in rows[1][1]
    assert rows[2][0] == "All proposals" and rows[2][3] == 3
    assert Decimal(str(rows[2][8])) == Decimal("75000.25")
    province = [r for r in rows if r[0] == "By organisation's province" and r[1] == "Chiang Mai"]
    assert province and province[0][3] == 2
    assert any(r[0] == "Median time in each review stage" for r in rows)


def test_an_export_with_a_bad_filter_goes_back_to_the_page(staff_client, proposals):
    response = staff_client.get(EXPORT, {"fund": "x"})
    assert response.status_code == 302 and response["Location"].startswith(STAFF)
