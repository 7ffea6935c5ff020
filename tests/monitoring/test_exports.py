"""Exports of a monitoring plan as the Budget Bureau's performance form: the Excel workbook
(sheet 1 the indicators, sheet 2 the disbursement) and the PDF; who may download them."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from phonlap.core.fiscal import QUARTER_MONTHS_TH
from phonlap.monitoring import domain, exports
from phonlap.monitoring.enums import AmountUnit, IndicatorKind, Status
from phonlap.monitoring.models import MonitoringPlan
from tests.factories import CommitteeFactory, StaffFactory, signed_in

from .factories import organisation_plan, project_plan

pytestmark = pytest.mark.django_db


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_text(data: bytes) -> str:
    return norm("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def reported_plan():
    """An organisation plan: indicator 1 planned 10/20/30/40 (target 100) with results 10 (on
    plan), 25 (ahead) and 20 (behind), nothing in Q4; indicator 2 a percentage measured in Q4
    only (N/A before); the budget plan (1,000,000 received, 25/50/75/100 %) disbursed 200,000 in
    Q1 and 300,000 in Q2; a second budget plan of 500,000 with nothing disbursed."""
    staff = StaffFactory()
    plan = organisation_plan(staff=staff)
    first = plan.indicators.get()
    for quarter, value in ((1, 10), (2, 25), (3, 20)):
        domain.record_result(actor=staff, indicator=first, quarter=quarter, value=value)
    programme = plan.programmes.get()
    second = domain.save_indicator(
        actor=staff, plan=plan, programme=programme, name="ความพึงพอใจของผู้รับบริการ", unit="%",
        kind=IndicatorKind.PERCENTAGE, annual_target="80", responsible_unit="ฝ่ายแผน",
        quarter_plans={1: None, 2: None, 3: None, 4: "80"})
    budget_plan = plan.budget_plans.get()
    domain.record_disbursement(actor=staff, budget_plan=budget_plan, quarter=1,
                               disbursed="200000")
    domain.record_disbursement(actor=staff, budget_plan=budget_plan, quarter=2,
                               disbursed="300000.50")
    domain.save_budget_plan(actor=staff, plan=plan, name="งบลงทุน", received="500000")
    return plan, staff, first, second


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def download(client, user, plan, name="plan_xlsx", **query):
    signed_in(client, user)
    return client.get(reverse(f"monitoring:{name}", kwargs={"pk": plan.pk}), query)


# --- sheet 1: the indicators ----------------------------------------------------------------

def test_the_performance_sheet_has_the_budget_bureau_headings_with_the_quarters_month_spans(client):
    plan, staff, _first, _second = reported_plan()
    book = workbook_of(download(client, staff, plan))
    assert book.sheetnames == ["ผลการดำเนินงาน", "การเบิกจ่าย"]
    sheet = book["ผลการดำเนินงาน"]
    assert "2569" in sheet["A1"].value
    assert plan.name in sheet["A2"].value
    heads = [sheet.cell(row=5, column=c).value for c in range(1, 19)]
    assert heads[:6] == ["แผนงาน", "โครงการ/กิจกรรม", "เป้าหมาย/ตัวชี้วัด", "หน่วยนับ", "แผน/ผล",
                         "รวมทั้งสิ้น"]
    assert heads[6] is None  # รวมทั้งสิ้น spans its value and status columns
    assert heads[7] == "ไตรมาส 1 (ต.ค. – ธ.ค.)"
    assert [heads[7], heads[9], heads[11], heads[13]] == [
        f"ไตรมาส {q} ({QUARTER_MONTHS_TH[q]})" for q in (1, 2, 3, 4)]
    assert heads[13] == "ไตรมาส 4 (ก.ค. – ก.ย.)"
    assert heads[15:] == ["ผู้รับผิดชอบ", "ประเภท", "ค่าฐาน"]
    assert [sheet.cell(row=6, column=c).value for c in (6, 7, 8, 9)] == ["ค่า", "สถานะ", "ค่า",
                                                                         "สถานะ"]
    assert "H5:I5" in {str(r) for r in sheet.merged_cells.ranges}


def test_each_indicator_has_a_plan_row_and_a_result_row_with_numbers_and_status_words(client):
    plan, staff, _first, _second = reported_plan()
    sheet = workbook_of(download(client, staff, plan, quarter=4))["ผลการดำเนินงาน"]
    plan_row = [c.value for c in sheet[7]]
    result_row = [c.value for c in sheet[8]]
    assert plan_row[:5] == ["ส่งเสริมความเข้มแข็ง", "อบรมผู้ประกอบการ",
                            "ผู้ประกอบการที่ได้รับการส่งเสริม", "กิจการ", "แผน"]
    assert result_row[:5] == [*plan_row[:4], "ผล"]
    # Numbers are numeric cells: annual target, then each quarter's plan.
    assert plan_row[5] == 100 and isinstance(plan_row[5], int | float)
    assert [plan_row[c] for c in (7, 9, 11, 13)] == [10, 20, 30, 40]
    assert sheet["F7"].number_format == "#,##0"
    # Result row: year to date (55) and each quarter's result with its status in words.
    assert result_row[5] == 55
    assert result_row[6] == "ต่ำกว่าแผน"  # 55 against a year's plan of 100
    assert [result_row[c] for c in (7, 9, 11, 13)] == [10, 25, 20, None]
    assert [result_row[c] for c in (8, 10, 12, 14)] == ["เป็นไปตามแผน", "ก้าวหน้ากว่าแผน",
                                                        "ต่ำกว่าแผน", None]
    assert plan_row[15] == "ฝ่ายพัฒนา"  # the activity's responsible unit
    assert plan_row[16] == exports.KIND_TH[IndicatorKind.COUNT]


def test_a_quarter_that_is_not_measured_shows_na_and_percentages_have_two_decimals(client):
    plan, staff, _first, _second = reported_plan()
    sheet = workbook_of(download(client, staff, plan, quarter=4))["ผลการดำเนินงาน"]
    plan_row = [c.value for c in sheet[9]]
    assert plan_row[2] == "ความพึงพอใจของผู้รับบริการ"
    assert plan_row[1] is None  # no activity
    assert [plan_row[c] for c in (7, 9, 11)] == ["N/A", "N/A", "N/A"]
    assert plan_row[13] == 80
    assert sheet["F9"].number_format == "0.00"
    assert plan_row[15] == "ฝ่ายแผน"
    assert sheet.max_row == 10  # two indicators, two rows each, under six heading rows


def test_statuses_follow_the_quarter_asked_for(client):
    plan, staff, _first, _second = reported_plan()
    sheet = workbook_of(download(client, staff, plan, quarter=2))["ผลการดำเนินงาน"]
    result_row = [c.value for c in sheet[8]]
    assert result_row[5] == 35  # Q1 + Q2
    assert result_row[6] == "ก้าวหน้ากว่าแผน"  # 35 against 30
    assert result_row[11] is None and result_row[12] is None  # Q3 is after the span
    assert "ไตรมาสที่ 2" in sheet["A3"].value


def test_the_status_words_are_the_budget_bureau_words():
    assert [exports.status_words(s) for s in (Status.ON_PLAN, Status.AHEAD, Status.BEHIND)] == [
        "เป็นไปตามแผน", "ก้าวหน้ากว่าแผน", "ต่ำกว่าแผน"]
    assert exports.status_words(None) == ""


def test_the_headings_stay_thai_for_an_english_reader(client):
    plan, staff, _first, _second = reported_plan()
    staff.language = "en"
    staff.save()
    sheet = workbook_of(download(client, staff, plan))["ผลการดำเนินงาน"]
    assert sheet["A5"].value == "แผนงาน"
    assert sheet.cell(row=8, column=9).value == "เป็นไปตามแผน"


def test_the_default_quarter_is_the_current_one_during_the_year():
    plan = MonitoringPlan(fiscal_year=2569)
    assert exports.default_quarter(plan, datetime.date(2026, 2, 1)) == 2
    assert exports.default_quarter(plan, datetime.date(2026, 11, 1)) == 4
    assert exports.default_quarter(plan, datetime.date(2025, 5, 1)) == 1


# --- sheet 2: the disbursement ----------------------------------------------------------------

def test_the_disbursement_sheet_has_quarter_columns_totals_and_the_summary_row(client):
    plan, staff, _first, _second = reported_plan()
    sheet = workbook_of(download(client, staff, plan, quarter=4))["การเบิกจ่าย"]
    assert sheet["A5"].value == "แผนงบประมาณ" and sheet["B5"].value == "งปม.ที่ได้รับ"
    assert sheet["C5"].value == "ไตรมาส 1 (ต.ค. – ธ.ค.)"
    assert sheet["H5"].value == "ไตรมาส 2 (ม.ค. – มี.ค.)"
    assert [sheet.cell(row=6, column=c).value for c in range(3, 8)] == [
        "เป้าร้อยละ", "จำนวน", "แผนร้อยละ", "ผลเบิกจ่าย", "ผลร้อยละ"]
    assert sheet["W5"].value == "รวมทั้งสิ้น"
    assert [sheet.cell(row=6, column=c).value for c in (23, 24, 25)] == [
        "รวมแผนทั้งปี", "รวมเบิกจ่าย", "ร้อยละเบิกจ่าย"]
    row = [c.value for c in sheet[7]]
    assert row[0] == "งบดำเนินงาน" and row[1] == 1000000
    assert row[2:7] == [25, 250000, 25, 200000, 20]
    assert row[7:12] == [50, 500000, 50, pytest.approx(500000.5), 50]  # cumulative
    assert row[22:25] == [1000000, pytest.approx(500000.5), 50]
    assert sheet["B7"].number_format == "#,##0.00"
    assert sheet["C7"].number_format == "0.00"
    second = [c.value for c in sheet[8]]
    assert second[0] == "งบลงทุน" and second[1] == 500000 and second[23] == 0
    summary = [c.value for c in sheet[9]]
    assert summary[0] == "รวมทั้งสิ้น"
    assert summary[1] == 1500000
    assert summary[23] == pytest.approx(500000.5)
    assert summary[24] == pytest.approx(33.33)
    assert sheet["A9"].font.bold


def test_amounts_in_millions_when_the_plan_says_so(client):
    plan, staff, _first, _second = reported_plan()
    MonitoringPlan.objects.filter(pk=plan.pk).update(amount_unit=AmountUnit.MILLIONS)
    sheet = workbook_of(download(client, staff, plan, quarter=4))["การเบิกจ่าย"]
    assert sheet["A3"].value == "หน่วย: ล้านบาท"
    assert sheet["B7"].value == 1
    assert sheet["K7"].value == pytest.approx(0.5)  # 500,000.50 baht → 0.5000 million
    assert sheet["B7"].number_format == "#,##0.0000"


def test_the_workbook_is_written_in_write_only_mode(monkeypatch):
    from openpyxl import Workbook

    seen = []
    original = Workbook.__init__

    def spy(self, *args, **kwargs):
        seen.append(kwargs.get("write_only"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(Workbook, "__init__", spy)
    plan, _staff, _first, _second = reported_plan()
    exports.build_workbook(plan, 4).close()
    assert seen == [True]


def test_a_plan_without_indicators_or_budget_still_exports(client):
    staff = StaffFactory()
    from phonlap.funds.models import Fund

    plan = domain.create_plan(actor=staff, fund=Fund.objects.get(code="se-promotion"),
                              fiscal_year=2569, name="แผนว่าง")
    book = workbook_of(download(client, staff, plan))
    assert book["ผลการดำเนินงาน"].max_row == 6
    response = download(client, staff, plan, name="plan_pdf")
    assert response.content.startswith(b"%PDF")


# --- the PDF ----------------------------------------------------------------------------------

def test_the_pdf_prints_both_tables_in_thai_with_status_words_and_figures(client):
    plan, staff, _first, _second = reported_plan()
    response = download(client, staff, plan, name="plan_pdf", quarter=4)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    first_page = reader.pages[0]
    assert first_page.mediabox.width > first_page.mediabox.height  # landscape
    text = pdf_text(response.content)
    for words in ("รายงานผลการดำเนินงาน", "เป้าหมาย/ตัวชี้วัด", "ไตรมาส 1 (ต.ค. – ธ.ค.)",
                  "ผู้ประกอบการที่ได้รับการส่งเสริม", "เป็นไปตามแผน", "ก้าวหน้ากว่าแผน",
                  "ต่ำกว่าแผน", "งปม.ที่ได้รับ", "เป้าร้อยละ", "ผลเบิกจ่าย", "รวมทั้งสิ้น",
                  "1,000,000.00", "500,000.50", "N/A", "80.00"):
        assert norm(words) in text, words


def test_the_pdf_html_repeats_the_form_layout():
    from phonlap.core.pdf import render_html

    plan, _staff, _first, _second = reported_plan()
    html = render_html(exports.PDF_TEMPLATE, exports.pdf_context(exports.plan_form(plan, 4)),
                       language="th")
    assert "size: A4 landscape" in html
    assert html.count('rowspan="2"') >= 2 * 4  # programme, activity, indicator, unit, resp.
    assert "<caption>" in html


# --- who may download ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["plan_xlsx", "plan_pdf"])
def test_the_project_manager_exports_their_own_plan_and_not_anothers(client, name):
    plan, pm, manager = project_plan()
    other_plan, _other_pm, _other_manager = project_plan()
    assert download(client, pm, plan, name=name).status_code == 200
    assert download(client, manager, plan, name=name).status_code == 200
    assert download(client, pm, other_plan, name=name).status_code == 404


@pytest.mark.parametrize("name", ["plan_xlsx", "plan_pdf"])
def test_an_organisation_plan_is_exported_by_staff_only(client, name):
    plan, staff, _first, _second = reported_plan()
    assert download(client, staff, plan, name=name).status_code == 200
    assert download(client, CommitteeFactory(), plan, name=name).status_code == 404
    client.logout()
    response = client.get(reverse(f"monitoring:{name}", kwargs={"pk": plan.pk}))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_missing_plan_is_404(client):
    signed_in(client, StaffFactory())
    assert client.get(reverse("monitoring:plan_xlsx", kwargs={"pk": 999999})).status_code == 404


def test_the_export_refuses_post(client):
    plan, staff, _first, _second = reported_plan()
    signed_in(client, staff)
    response = client.post(reverse("monitoring:plan_xlsx", kwargs={"pk": plan.pk}))
    assert response.status_code == 405


def test_a_quarter_out_of_range_falls_back_to_the_default(client):
    plan, staff, _first, _second = reported_plan()
    sheet = workbook_of(download(client, staff, plan, quarter="9"))["ผลการดำเนินงาน"]
    assert "ไตรมาสที่ 4" in sheet["A3"].value
    assert Decimal(str(sheet["F8"].value)) == 55
