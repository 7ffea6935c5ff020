"""Importing a plan's indicators and quarterly plans from the exported workbook's layout (row
13.4): the happy path, updates, the round trip, every bad-row message, nothing saved on any
error, bad files, the page and who may use it."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from phonlap.core.exceptions import PermissionDenied
from phonlap.core.models import AuditEvent
from phonlap.funds.models import Fund
from phonlap.monitoring import domain, exports, imports
from phonlap.monitoring.enums import IndicatorKind, ReportStatus
from phonlap.monitoring.models import Activity, Indicator, MonitoringPlan, Programme
from tests.factories import StaffFactory, signed_in

from .factories import YEAR, organisation_plan, project_plan

pytestmark = pytest.mark.django_db

HEAD = ["แผนงาน", "โครงการ/กิจกรรม", "เป้าหมาย/ตัวชี้วัด", "หน่วยนับ", "แผน/ผล", "รวมทั้งสิ้น",
        None, "ไตรมาส 1 (ต.ค. – ธ.ค.)", None, "ไตรมาส 2 (ม.ค. – มี.ค.)", None,
        "ไตรมาส 3 (เม.ย. – มิ.ย.)", None, "ไตรมาส 4 (ก.ค. – ก.ย.)", None, "ผู้รับผิดชอบ",
        "ประเภท"]
SUB = [None] * 5 + ["ค่า", "สถานะ"] * 5


def row(programme="แผนงานที่ 1", activity="กิจกรรม ก", name="ผู้เข้าอบรม", unit="คน",
        target=100, plans=(25, 25, 25, 25), responsible="ฝ่ายพัฒนา", kind=None, word="แผน"):
    cells = [programme, activity, name, unit, word, target, None]
    for planned in plans:
        cells += [planned, None]
    return [*cells, responsible, kind]


def result_row(programme="แผนงานที่ 1", activity="กิจกรรม ก", name="ผู้เข้าอบรม", unit="คน"):
    cells = [programme, activity, name, unit, "ผล", 10, "ต่ำกว่าแผน"]
    return [*cells, 10, "เป็นไปตามแผน", None, None, None, None, None, None, None, None]


def xlsx(*rows, head=HEAD, sub=SUB, name="plan.xlsx", title="ผลการดำเนินงาน"):
    """A workbook in the export's layout: four title rows, the headings (row 5), the
    sub-headings (row 6), then ``rows`` from row 7."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(["รายงานผลการดำเนินงาน"])
    for _blank in range(3):
        sheet.append([])
    sheet.append(head)
    if sub is not None:
        sheet.append(sub)
    for cells in rows:
        sheet.append(cells)
    data = io.BytesIO()
    workbook.save(data)
    return SimpleUploadedFile(name, data.getvalue(), content_type=exports.XLSX_CONTENT_TYPE)


def empty_plan(staff=None, name="แผนปฏิบัติการ 2569") -> MonitoringPlan:
    return domain.create_plan(actor=staff or StaffFactory(),
                              fund=Fund.objects.get(code="se-promotion"), fiscal_year=YEAR,
                              name=name)


def run(plan, upload, staff=None):
    with translation.override("en"):
        return imports.import_plan(actor=staff or StaffFactory(), plan=plan, workbook_file=upload)


def snapshot(plan) -> list[tuple]:
    """The plan's indicators as comparable values, in order."""
    return [(i.programme.name, i.activity.name if i.activity else "", i.name, i.unit, i.kind,
             i.annual_target, i.baseline,
             {t.quarter: t.planned for t in i.quarter_targets.order_by("quarter")})
            for i in Indicator.objects.filter(plan=plan).select_related("programme", "activity")
            .order_by("order", "pk")]


# --- the happy path -------------------------------------------------------------------------

def test_an_import_adds_programmes_activities_indicators_and_quarterly_plans():
    plan = empty_plan()
    outcome = run(plan, xlsx(
        row(),
        result_row(),
        row(activity="กิจกรรม ข", name="เครือข่ายที่จัดตั้ง", unit="เครือข่าย", target=4,
            plans=("N/A", None, "-", 4), responsible="ฝ่ายเครือข่าย"),
        row(programme="แผนงานที่ 2", activity=None, name="ความพึงพอใจ", unit="%", target=80,
            plans=("ไม่กำหนด", "ไม่ ระบุ", None, 80), kind="ร้อยละ", responsible=None),
    ))
    assert outcome.ok and outcome.errors == []
    assert (outcome.created, outcome.updated) == (3, 0)
    assert list(plan.programmes.values_list("name", flat=True)) == ["แผนงานที่ 1", "แผนงานที่ 2"]
    assert list(Activity.objects.filter(programme__plan=plan).values_list(
        "name", "responsible_unit")) == [("กิจกรรม ก", "ฝ่ายพัฒนา"), ("กิจกรรม ข", "ฝ่ายเครือข่าย")]
    assert snapshot(plan) == [
        ("แผนงานที่ 1", "กิจกรรม ก", "ผู้เข้าอบรม", "คน", IndicatorKind.COUNT, Decimal(100), None,
         {1: 25, 2: 25, 3: 25, 4: 25}),
        ("แผนงานที่ 1", "กิจกรรม ข", "เครือข่ายที่จัดตั้ง", "เครือข่าย", IndicatorKind.COUNT,
         Decimal(4), None, {1: None, 2: None, 3: None, 4: 4}),
        ("แผนงานที่ 2", "", "ความพึงพอใจ", "%", IndicatorKind.PERCENTAGE, Decimal(80), None,
         {1: None, 2: None, 3: None, 4: 80}),
    ]
    assert Indicator.objects.get(name="ผู้เข้าอบรม").responsible_unit == "ฝ่ายพัฒนา"
    assert AuditEvent.objects.filter(action="monitoring_plan.import").count() == 1


def test_without_a_kind_column_every_indicator_counts_per_period():
    plan = empty_plan()
    head = HEAD[:-1]
    outcome = run(plan, xlsx(row()[:-1], head=head))
    assert outcome.ok
    assert plan.indicators.get().kind == IndicatorKind.COUNT


def test_numbers_typed_as_text_with_thousands_separators_and_english_headings_are_read():
    plan = empty_plan()
    head = ["Programme", "Activity", "Indicator", "Unit", "Plan/result", "Total", None,
            "Quarter 1", None, "Quarter 2", None, "Quarter 3", None, "Quarter 4", None,
            "Responsible unit"]
    outcome = run(plan, xlsx(row(target="1,200", plans=("300", "300.50", "n/a", 599.5),
                                 word="plan")[:-1], head=head))
    assert outcome.ok, outcome.errors
    indicator = plan.indicators.get()
    assert indicator.annual_target == Decimal("1200")
    assert snapshot(plan)[0][-1] == {1: 300, 2: Decimal("300.50"), 3: None,
                                     4: Decimal("599.50")}


def test_a_result_row_without_names_belongs_to_the_plan_row_above_it():
    plan = empty_plan()
    outcome = run(plan, xlsx(row(), [None, None, None, None, "ผล", 5]))
    assert outcome.ok, outcome.errors


def test_rows_naming_an_existing_indicator_update_its_quarterly_plans():
    staff = StaffFactory()
    plan = organisation_plan(staff=staff)
    indicator = plan.indicators.get()
    outcome = run(plan, xlsx(
        row(programme="ส่งเสริมความเข้มแข็ง", activity="อบรมผู้ประกอบการ",
            name="ผู้ประกอบการที่ได้รับการส่งเสริม", unit="กิจการ", target=60,
            plans=(15, 15, 15, None), responsible=None),
        result_row(programme="ส่งเสริมความเข้มแข็ง", activity="อบรมผู้ประกอบการ",
                   name="ผู้ประกอบการที่ได้รับการส่งเสริม"),
    ), staff=staff)
    assert outcome.ok, outcome.errors
    assert (outcome.created, outcome.updated) == (0, 1)
    assert plan.indicators.count() == 1 and plan.programmes.count() == 1
    indicator.refresh_from_db()
    assert indicator.annual_target == 60
    assert {t.quarter: t.planned for t in indicator.quarter_targets.all()} == {
        1: 15, 2: 15, 3: 15, 4: None}


def test_a_result_row_may_name_an_indicator_the_plan_already_has():
    plan = organisation_plan()
    outcome = run(plan, xlsx(row(), result_row(programme="ส่งเสริมความเข้มแข็ง",
                                               activity="อบรมผู้ประกอบการ",
                                               name="ผู้ประกอบการที่ได้รับการส่งเสริม")))
    assert outcome.ok, outcome.errors


def test_round_trip_export_then_import_into_an_empty_plan_gives_the_same_indicators():
    staff = StaffFactory()
    source = organisation_plan(staff=staff)
    programme = source.programmes.get()
    second = domain.add_programme(actor=staff, plan=source, name="พัฒนาเครือข่าย")
    domain.save_indicator(actor=staff, plan=source, programme=programme,
                          name="ความพึงพอใจ", unit="%", kind=IndicatorKind.PERCENTAGE,
                          annual_target="85.50", quarter_plans={1: None, 2: "80", 3: None,
                                                                4: "85.50"})
    domain.save_indicator(actor=staff, plan=source, programme=second,
                          name="สมาชิกเครือข่ายสะสม", unit="คน", kind=IndicatorKind.CUMULATIVE,
                          baseline="1400", annual_target="1600",
                          quarter_plans={1: "50", 2: "50", 3: "50", 4: "50"})
    domain.save_indicator(actor=staff, plan=source, programme=second, name="ระดับความสำเร็จ",
                          unit="ระดับ", kind=IndicatorKind.LEVEL, annual_target="5",
                          quarter_plans={1: "1", 2: "2", 3: "4", 4: "5"})
    domain.record_result(actor=staff, indicator=source.indicators.first(), quarter=1, value=12)
    exported = exports.build_workbook(source, 4).read()
    target = empty_plan(staff, name="แผนใหม่")
    outcome = run(target, SimpleUploadedFile("plan.xlsx", exported), staff=staff)
    assert outcome.ok, outcome.errors
    assert outcome.created == 4
    assert snapshot(target) == snapshot(source)
    assert len(snapshot(target)) == 4
    # Importing the same workbook again changes nothing but counts as updates.
    again = run(target, SimpleUploadedFile("plan.xlsx", exported), staff=staff)
    assert (again.created, again.updated) == (0, 4)
    assert snapshot(target) == snapshot(source)


# --- bad rows: each message, with its row number ----------------------------------------------

@pytest.mark.parametrize(("cells", "message"), [
    (row(programme=None), "Row 7: “แผนงาน” is empty."),
    (row(name="  "), "Row 7: “เป้าหมาย/ตัวชี้วัด” is empty."),
    (row(unit=None), "Row 7: “หน่วยนับ” is empty."),
    (row(target="หนึ่งร้อย"), "Row 7: “รวมทั้งสิ้น”: Enter a number."),
    (row(target=-5), "Row 7: “รวมทั้งสิ้น”: Enter a number that is not negative."),
    (row(target=Decimal("10.123")), "Row 7: “รวมทั้งสิ้น”: Enter at most two decimal places."),
    (row(plans=(10, "สิบ", 10, 10)),
     "Row 7: the plan for quarter 2 (“สิบ”) is not a number: write a number, or N/A when the "
     "quarter is not measured."),
    (row(plans=(10, 10, -1, 10)),
     "Row 7: “ไตรมาส 3 (เม.ย. – มิ.ย.)”: Enter a number that is not negative."),
    (row(kind="จำนวนเงิน"), "Row 7: unknown kind “จำนวนเงิน”: write one of"),
    (row(kind="ร้อยละ", target=150), "Row 7: “รวมทั้งสิ้น”: This number is too large."),
    (row(word="เป้า"), "Row 7: write “แผน” or “ผล” in the column “แผน/ผล”, not “เป้า”."),
    (row(name="ก" * 501), "Row 7: “เป้าหมาย/ตัวชี้วัด” is too long (at most 500 characters)."),
    (row(unit="หน่วย" * 11), "Row 7: “หน่วยนับ” is too long (at most 50 characters)."),
])
def test_a_bad_row_is_reported_with_its_number_and_nothing_is_saved(cells, message):
    plan = empty_plan()
    outcome = run(plan, xlsx(cells))
    assert not outcome.ok
    assert len(outcome.errors) == 1
    assert outcome.errors[0].startswith(message), outcome.errors
    assert not Programme.objects.filter(plan=plan).exists()


def test_a_result_row_for_an_unknown_indicator_is_an_error():
    plan = empty_plan()
    outcome = run(plan, xlsx(row(), result_row(), result_row(name="ตัวชี้วัดที่ไม่มี")))
    assert outcome.errors == [
        "Row 9: unknown indicator “ตัวชี้วัดที่ไม่มี” (programme “แผนงานที่ 1”): a result row must "
        "follow its plan row or name an indicator of the plan."]
    assert not plan.indicators.exists()


def test_a_result_row_before_any_plan_row_is_an_error():
    outcome = run(empty_plan(), xlsx([None, None, None, None, "ผล", 5], row()))
    assert outcome.errors == ["Row 7: a result row needs its indicator's plan row above it."]


def test_an_indicator_twice_in_the_file_is_an_error():
    outcome = run(empty_plan(), xlsx(row(), result_row(), row(target=50)))
    assert outcome.errors == ["Row 9: the indicator “ผู้เข้าอบรม” is already in row 7 (same "
                              "programme and activity)."]


def test_every_bad_row_is_listed_and_good_rows_are_not_saved_either():
    plan = empty_plan()
    outcome = run(plan, xlsx(row(name="ตัวชี้วัด 1"), row(name="ตัวชี้วัด 2", unit=None),
                             row(name="ตัวชี้วัด 3"), row(name="ตัวชี้วัด 4", target="x"),
                             result_row(name="ไม่มี")))
    assert [e.split(":")[0] for e in outcome.errors] == ["Row 8", "Row 10", "Row 11"]
    assert not Programme.objects.filter(plan=plan).exists()
    assert not Indicator.objects.filter(plan=plan).exists()
    assert not AuditEvent.objects.filter(action="monitoring_plan.import").exists()


def test_a_row_the_domain_refuses_rolls_back_the_rows_already_written():
    """The file's own checks pass; the domain refuses row 8 (a cumulative target not above its
    baseline) after row 7 was written: row 7's programme, activity and indicator go too."""
    plan = empty_plan()
    head = [*HEAD, "ค่าฐาน"]
    outcome = run(plan, xlsx(row(), [*row(name="สะสม", kind="สะสมจากฐาน", target=100), 200],
                             head=head))
    assert outcome.errors == ["Row 8: The target must be above the baseline."]
    assert not Programme.objects.filter(plan=plan).exists()
    assert not Activity.objects.filter(programme__plan=plan).exists()
    assert not Indicator.objects.filter(plan=plan).exists()


def test_the_plan_of_a_quarter_whose_report_was_accepted_cannot_change_by_import():
    staff = StaffFactory()
    plan = organisation_plan(staff=staff, plans=(10, 20, 30, 40))
    indicator = plan.indicators.get()
    domain.record_result(actor=staff, indicator=indicator, quarter=1, value=10)
    report = domain.open_report(plan=plan, quarter=1)
    report.status = ReportStatus.ACCEPTED
    report.save()
    outcome = run(plan, xlsx(row(programme="ส่งเสริมความเข้มแข็ง", activity="อบรมผู้ประกอบการ",
                                 name="ผู้ประกอบการที่ได้รับการส่งเสริม", unit="กิจการ",
                                 plans=(99, 20, 30, 40))), staff=staff)
    assert outcome.errors == ["Row 7: The plan of a quarter whose report was submitted or "
                              "accepted cannot change."]
    assert indicator.quarter_targets.get(quarter=1).planned == 10


# --- bad files ---------------------------------------------------------------------------------

def _zip(files: dict[str, bytes]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return data.getvalue()


NOT_XLSX = "This is not an Excel workbook (.xlsx)."
DAMAGED = "The workbook could not be read: the file may be damaged."


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("plan.csv", "แผนงาน,หน่วยนับ\n".encode()), NOT_XLSX),
    (SimpleUploadedFile("plan.xlsx", b"%PDF-1.4 not a workbook"), NOT_XLSX),
    (SimpleUploadedFile("plan.xlsx", _zip({"word/document.xml": b"<w/>"})), NOT_XLSX),
    (SimpleUploadedFile("plan.xlsx", b"PK\x03\x04" + b"\x00" * 200), DAMAGED),
    (SimpleUploadedFile("plan.xlsx", _zip({"xl/workbook.xml": b"<not really/>",
                                           "[Content_Types].xml": b"<x/>"})), DAMAGED),
    (SimpleUploadedFile("plan.xlsx", b""), "The file is empty."),
])
def test_a_file_that_is_not_a_readable_workbook_is_refused_with_a_clear_message(upload, message):
    plan = organisation_plan()
    before = snapshot(plan)
    outcome = run(plan, upload)
    assert len(outcome.errors) == 1 and outcome.errors[0].startswith(message), outcome.errors
    assert snapshot(plan) == before


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_BYTES", 1024)
    upload = xlsx(row())
    assert upload.size > 1024
    outcome = run(empty_plan(), upload)
    assert len(outcome.errors) == 1
    assert outcome.errors[0].startswith("The file is too large: the limit is")


def test_a_workbook_that_expands_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_UNCOMPRESSED_BYTES", 2000)
    outcome = run(empty_plan(), xlsx(row()))
    assert outcome.errors == ["The workbook is too large to import: split it into smaller "
                              "workbooks."]


def test_a_sheet_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_ROWS", 10)
    plan = empty_plan()
    rows = [row(name=f"ตัวชี้วัด {n}") for n in range(30)]
    outcome = run(plan, xlsx(*rows))
    assert outcome.errors == ["The sheet has too many rows: at most 10 rows can be imported at "
                              "once."]
    assert not plan.indicators.exists()


def test_rows_past_the_limit_may_be_blank_but_not_filled(monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_ROWS", 3)
    monkeypatch.setattr(imports, "HEADER_SEARCH_ROWS", 10)
    blank = [[None]] * 20
    assert run(empty_plan(), xlsx(row(), *blank)).ok
    outcome = run(empty_plan(name="อีกแผน"), xlsx(row(), *blank, row(name="ท้ายสุด")))
    assert outcome.errors[0].startswith("The sheet has too many rows")


def test_a_sheet_without_the_heading_row_is_refused():
    outcome = run(empty_plan(), xlsx(["ชื่อ", "จำนวน"], head=["ก", "ข"], sub=None))
    assert outcome.errors[0].startswith("The heading row was not found: the sheet needs the "
                                        "columns “แผนงาน”, “เป้าหมาย/ตัวชี้วัด”")


def test_a_heading_row_missing_columns_names_them():
    head = [h for h in HEAD if h not in ("หน่วยนับ", "ไตรมาส 3 (เม.ย. – มิ.ย.)")]
    outcome = run(empty_plan(), xlsx(head=head))
    assert outcome.errors == ["The heading row lacks these columns: “หน่วยนับ”, "
                              "“ไตรมาส 3 (เม.ย. – มิ.ย.)”."]


def test_a_sheet_without_indicator_rows_says_so():
    outcome = run(empty_plan(), xlsx())
    assert outcome.errors == ["The sheet has no indicator rows (rows marked “แผน”)."]


def test_the_performance_sheet_is_found_by_name_among_others():
    workbook = Workbook()
    workbook.active.title = "อื่น ๆ"
    workbook.active.append(["nothing here"])
    sheet = workbook.create_sheet("ผลการดำเนินงาน")
    for cells in ([], [], [], [], HEAD, SUB, row()):
        sheet.append(cells)
    data = io.BytesIO()
    workbook.save(data)
    plan = empty_plan()
    outcome = run(plan, SimpleUploadedFile("plan.xlsx", data.getvalue()))
    assert outcome.ok, outcome.errors


def test_only_a_manager_of_the_plan_may_import():
    plan, pm, _manager = project_plan()
    with pytest.raises(PermissionDenied):
        imports.import_plan(actor=pm, plan=plan, workbook_file=xlsx(row()))


# --- the page ---------------------------------------------------------------------------------

def import_url(plan):
    return reverse("monitoring:plan_import", kwargs={"pk": plan.pk})


def test_the_import_page_shows_the_form_to_staff(client):
    plan = empty_plan()
    signed_in(client, StaffFactory())
    response = client.get(import_url(plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_workbook"' in html
    assert reverse("monitoring:plan_xlsx", kwargs={"pk": plan.pk}) in html


def test_uploading_a_good_workbook_imports_it_and_says_so(client):
    plan = empty_plan()
    signed_in(client, StaffFactory())
    response = client.post(import_url(plan), {"workbook": xlsx(row(), row(name="อีกตัว"))},
                           follow=True)
    assert response.status_code == 200
    assert "Imported: 2 indicators added, 0 updated." in response.content.decode()
    assert plan.indicators.count() == 2


def test_uploading_a_bad_workbook_lists_the_rows_and_saves_nothing(client):
    plan = empty_plan()
    signed_in(client, StaffFactory())
    response = client.post(import_url(plan), {"workbook": xlsx(row(), row(name="x", unit=None))})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Nothing was imported" in html
    assert "Row 8: “หน่วยนับ” is empty." in html
    assert 'aria-describedby="id_workbook_helptext import-errors"' in html
    assert not plan.indicators.exists()


def test_posting_without_a_file_asks_for_one(client):
    plan = empty_plan()
    signed_in(client, StaffFactory())
    response = client.post(import_url(plan), {})
    assert response.status_code == 400
    assert "Choose an Excel workbook (.xlsx) to import." in response.content.decode()


def test_project_people_cannot_open_the_import_page(client):
    plan, pm, manager = project_plan()
    for user in (pm, manager):
        signed_in(client, user)
        assert client.get(import_url(plan)).status_code == 404
        assert client.post(import_url(plan), {"workbook": xlsx(row())}).status_code == 404
    assert plan.indicators.filter(name="ผู้เข้าอบรม").count() == 0
    client.logout()
    response = client.get(import_url(plan))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_may_import_into_a_project_plan_too(client):
    plan, _pm, _manager = project_plan()
    signed_in(client, StaffFactory())
    response = client.post(import_url(plan), {"workbook": xlsx(row())})
    assert response.status_code == 302
    assert plan.indicators.filter(name="ผู้เข้าอบรม").exists()
