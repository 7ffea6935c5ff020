"""The Excel export of the proposal list: same scope and filters as the page, real dates and
numbers, headers in the user's language, logged."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from phonlap.core.models import AuditEvent
from phonlap.proposals.enums import ProposalStatus
from tests.factories import CommitteeFactory, StaffFactory, signed_in
from tests.funds.factories import CallFactory

from .factories import disability_fund, team
from .list_support import make

pytestmark = pytest.mark.django_db

URL = reverse("proposals:export")


def read(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def data():
    pm, manager, org = team()
    call = CallFactory(fund=disability_fund(), name_en="First round")
    in_review = make(pm, org, name="โครงการห้องสมุดอักษรเบรลล์", status=ProposalStatus.IN_REVIEW,
                     submitted=datetime.date(2026, 3, 10), call=call, budget="123456.75")
    draft = make(pm, org, name="Sign-language club")
    pm_b, _m, org_b = team()
    other = make(pm_b, org_b, name="Elsewhere", status=ProposalStatus.RETURNED,
                 submitted=datetime.date(2026, 5, 1), budget="5000")
    return {"pm": pm, "manager": manager, "org": org, "in_review": in_review, "draft": draft,
            "other": other, "call": call}


def test_export_content_types_and_headers(client, data):
    rows = read(signed_in(client, StaffFactory()).get(URL, {"sort": "number"}))
    assert rows[0] == ("Proposal number", "Project name", "Fund", "Call for proposals", "Organisation",
                       "Status", "Submitted", "Revision", "Requested budget (baht)")
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {data["in_review"].number, data["draft"].number, data["other"].number}
    row = by_number[data["in_review"].number]
    assert row[1] == "โครงการห้องสมุดอักษรเบรลล์"
    assert row[2] == disability_fund().name
    assert row[3] == "First round"
    assert row[4] == data["org"].name
    assert row[5] == "In review"
    assert row[6] == datetime.datetime(2026, 3, 10)  # a real date (Excel stores it as a datetime)
    assert row[7] == 1
    assert row[8] == pytest.approx(123456.75) and isinstance(row[8], float)
    draft = by_number[data["draft"].number]
    assert draft[6] is None and draft[8] is None and draft[5] == "Draft"


def test_dates_and_money_carry_number_formats(client, data):
    response = signed_in(client, StaffFactory()).get(URL, {"q": data["in_review"].number})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["G2"].is_date and sheet["G2"].number_format == "dd/mm/yyyy"
    assert sheet["I2"].number_format == "#,##0.00"
    assert sheet["A1"].font.bold


def test_export_follows_the_scope_and_the_filters(client, data):
    rows = read(signed_in(client, data["pm"]).get(URL))
    assert {row[0] for row in rows[1:]} == {data["in_review"].number, data["draft"].number}
    rows = read(signed_in(client, StaffFactory()).get(URL, {"status": "returned"}))
    assert [row[0] for row in rows[1:]] == [data["other"].number]
    rows = read(signed_in(client, StaffFactory()).get(URL, {"q": "อักษรเบรลล์"}))
    assert [row[0] for row in rows[1:]] == [data["in_review"].number]
    rows = read(signed_in(client, StaffFactory()).get(URL, {"submitted_from": "01/04/2569"}))
    assert [row[0] for row in rows[1:]] == [data["other"].number]
    rows = read(signed_in(client, StaffFactory()).get(URL, {"sort": "-submitted"}))
    assert [row[0] for row in rows[1:3]] == [data["other"].number, data["in_review"].number]
    rows = read(signed_in(client, CommitteeFactory()).get(URL))
    assert rows[1:] == []


def test_export_with_a_bad_filter_goes_back_to_the_list_with_the_message(client, data):
    response = signed_in(client, StaffFactory()).get(URL, {"submitted_from": "31/02/2026"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("proposals:list") + "?submitted_from=")
    page = client.get(response["Location"])
    assert "There is no such date" in page.content.decode()


def test_export_is_logged(client, data):
    staff = StaffFactory()
    read(signed_in(client, staff).get(URL, {"status": "draft"}))
    event = AuditEvent.objects.get(action="proposals.exported")
    assert event.actor_id == staff.pk
    assert event.details["filters"] == {"status": "draft"}


def test_thai_headers_for_thai_users(client, data):
    """Headers and status words follow the user's language (the catalogue owner translates the
    new strings; those already translated prove the mechanism)."""
    from django.utils import translation

    from phonlap.proposals.list_views import EXPORT_COLUMNS

    signed_in(client, StaffFactory(language="th"))
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="th")
    rows = read(response)
    with translation.override("th"):
        assert rows[0] == tuple(str(label) for label in EXPORT_COLUMNS)
    assert rows[0][4] == "องค์กร" and rows[0][5] == "สถานะ"
