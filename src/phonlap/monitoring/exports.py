"""A monitoring plan exported as the Budget Bureau's performance form (spec 04, "Exports"): an
Excel workbook and a PDF with the same two tables.

Sheet 1 "ผลการดำเนินงาน": แผนงาน / โครงการ/กิจกรรม / เป้าหมาย/ตัวชี้วัด / หน่วยนับ / แผน/ผล /
รวมทั้งสิ้น / ไตรมาส 1 (ต.ค. – ธ.ค.) … ไตรมาส 4 (ก.ค. – ก.ย.) / ผู้รับผิดชอบ, then ประเภท and
ค่าฐาน (so that an exported sheet imports back, see ``imports``). Each indicator takes two rows:
the plan row (annual target; each quarter's plan, "N/A" where the quarter is not measured) and
the result row (year-to-date result, or the running total of a cumulative indicator; each
quarter's result). Each quarter (and รวมทั้งสิ้น) has a second column, สถานะ, holding the status
against plan in words on the result row (ก้าวหน้ากว่าแผน / เป็นไปตามแผน / ต่ำกว่าแผน).

Sheet 2 "การเบิกจ่าย": per budget plan the budget received (งปม.ที่ได้รับ) and per quarter
เป้าร้อยละ / จำนวน / แผนร้อยละ / ผลเบิกจ่าย / ผลร้อยละ (cumulative), then the year's totals; the
summary row (รวมทั้งสิ้น) sums the plans (``budget.budget_table``). Amounts in baht or in
millions of baht, as the plan says.

Decision: the Budget Bureau's form is a Thai government form, so its headings are Thai whatever
the reader's language (they are the constants below, not catalogue entries); the status words
come from the Thai catalogue when it has them, else from :data:`STATUS_TH`. Figures are numeric
cells (``Decimal``) with number formats, never text.

The first data row of sheet 1 is row :data:`FIRST_DATA_ROW` (7): import messages name rows by
these numbers.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation

from phonlap.core import fiscal, thaidate
from phonlap.core.exports import XLSX_CONTENT_TYPE, sheet_title
from phonlap.core.pdf import render_pdf

from . import achievement, budget, queries
from .enums import AmountUnit, IndicatorKind, Status
from .models import MonitoringPlan

__all__ = ["XLSX_CONTENT_TYPE", "build_workbook", "default_quarter", "plan_form", "render_plan_pdf"]

PDF_TEMPLATE = "monitoring/export_plan_pdf.html"
PERFORMANCE_SHEET = "ผลการดำเนินงาน"
BUDGET_SHEET = "การเบิกจ่าย"

# Headings of the Budget Bureau's form (Thai, always).
H_PROGRAMME = "แผนงาน"
H_ACTIVITY = "โครงการ/กิจกรรม"
H_INDICATOR = "เป้าหมาย/ตัวชี้วัด"
H_UNIT = "หน่วยนับ"
H_PLAN_RESULT = "แผน/ผล"
H_TOTAL = "รวมทั้งสิ้น"
H_RESPONSIBLE = "ผู้รับผิดชอบ"
H_KIND = "ประเภท"
H_BASELINE = "ค่าฐาน"
H_VALUE = "ค่า"
H_STATUS = "สถานะ"
PLAN_WORD = "แผน"
RESULT_WORD = "ผล"
NA = "N/A"
H_BUDGET_PLAN = "แผนงบประมาณ"
H_RECEIVED = "งปม.ที่ได้รับ"
BUDGET_QUARTER_HEADINGS = ("เป้าร้อยละ", "จำนวน", "แผนร้อยละ", "ผลเบิกจ่าย", "ผลร้อยละ")
H_TOTAL_PLANNED = "รวมแผนทั้งปี"
H_TOTAL_DISBURSED = "รวมเบิกจ่าย"
H_DISBURSED_PCT = "ร้อยละเบิกจ่าย"

STATUS_TH = {
    Status.AHEAD: "ก้าวหน้ากว่าแผน",
    Status.ON_PLAN: "เป็นไปตามแผน",
    Status.BEHIND: "ต่ำกว่าแผน",
}
KIND_TH = {
    IndicatorKind.COUNT: "นับรายช่วง",
    IndicatorKind.CUMULATIVE: "สะสมจากฐาน",
    IndicatorKind.PERCENTAGE: "ร้อยละ",
    IndicatorKind.LEVEL: "ระดับความสำเร็จ",
    IndicatorKind.QUALITATIVE: "เชิงคุณภาพ",
}

TITLE_ROWS = 4  # title lines and a blank line above the two heading rows
FIRST_DATA_ROW = TITLE_ROWS + 3

# Sheet 1 columns (0-based): identity, plan/result, total + status, Q1..Q4 value + status, rest.
COL_PROGRAMME, COL_ACTIVITY, COL_INDICATOR, COL_UNIT, COL_PLAN_RESULT = range(5)
COL_TOTAL = 5
COL_QUARTER = {q: COL_TOTAL + 2 * q for q in fiscal.QUARTERS}  # 7, 9, 11, 13
COL_RESPONSIBLE = COL_QUARTER[4] + 2  # 15
COL_KIND = COL_RESPONSIBLE + 1
COL_BASELINE = COL_KIND + 1
PERFORMANCE_WIDTH = COL_BASELINE + 1

INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00"
MILLIONS_FORMAT = "#,##0.0000"


def quarter_heading(quarter: int) -> str:
    return f"ไตรมาส {quarter} ({fiscal.QUARTER_MONTHS_TH[quarter]})"


def status_words(status) -> str:
    """The status against plan in Thai words ("" for none)."""
    if status is None:
        return ""
    status = Status(str(status))
    with translation.override("th"):
        label = str(status.label)
    with translation.override("en"):
        english = str(status.label)
    return label if label != english else STATUS_TH[status]


def default_quarter(plan: MonitoringPlan, today: datetime.date | None = None) -> int:
    """The quarter the figures run to: the current one during the plan's year, Q4 after it, Q1
    before it."""
    today = today or timezone.localdate()
    year = fiscal.fiscal_year(today)
    if year < plan.fiscal_year:
        return 1
    if year > plan.fiscal_year:
        return 4
    return fiscal.fiscal_quarter(today).quarter


# --- the form as data (shared by the workbook and the PDF) ---------------------------------------

@dataclass(frozen=True)
class IndicatorLine:
    programme: str
    activity: str
    name: str
    unit: str
    kind: str
    kind_words: str
    baseline: Decimal | None
    responsible: str
    percentage: bool
    target: Decimal | None
    plans: dict[int, Decimal | None]  # None = N/A
    ytd: Decimal | None
    ytd_status: str
    results: dict[int, Decimal | None]
    statuses: dict[int, str]


@dataclass(frozen=True)
class BudgetLine:
    name: str
    received: Decimal
    quarters: tuple  # budget.BudgetQuarterRow × 4
    total_planned: Decimal
    total_disbursed: Decimal
    disbursed_pct: Decimal | None
    summary: bool = False


@dataclass(frozen=True)
class PlanForm:
    plan: MonitoringPlan
    up_to: int
    indicators: list[IndicatorLine]
    budget: list[BudgetLine]
    millions: bool


def _clean(value: Decimal | None, percentage: bool = False) -> Decimal | None:
    if value is None:
        return None
    return achievement.round_percent(value) if percentage else value


def _indicator_line(row: queries.IndicatorRow, up_to: int) -> IndicatorLine:
    indicator, figures, summary = row.indicator, row.figures, row.summary
    percentage = indicator.kind == IndicatorKind.PERCENTAGE
    plans = {q: figures.quarters[q].plan for q in fiscal.QUARTERS}
    results = {q: _clean(achievement.quarter_result(figures, q), percentage) if q <= up_to
               else None for q in fiscal.QUARTERS}
    ytd = summary.running_total if indicator.kind == IndicatorKind.CUMULATIVE \
        and summary.ytd_result is not None else summary.ytd_result
    activity = indicator.activity
    return IndicatorLine(
        programme=indicator.programme.name, activity=activity.name if activity else "",
        name=indicator.name, unit=indicator.unit, kind=indicator.kind,
        kind_words=KIND_TH.get(indicator.kind, indicator.kind), baseline=indicator.baseline,
        responsible=indicator.responsible_unit or (activity.responsible_unit if activity else ""),
        percentage=percentage, target=indicator.annual_target, plans=plans,
        ytd=_clean(ytd, percentage), ytd_status=status_words(summary.ytd_status),
        results=results,
        statuses={q: status_words(summary.quarter_statuses.get(q)) for q in fiscal.QUARTERS},
    )


def _budget_line(row: budget.BudgetPlanRow, summary: bool = False) -> BudgetLine:
    return BudgetLine(name=H_TOTAL if summary else row.name, received=row.received,
                      quarters=row.quarters, total_planned=row.total_planned,
                      total_disbursed=row.total_disbursed, disbursed_pct=row.disbursed_pct,
                      summary=summary)


def plan_form(plan: MonitoringPlan, up_to: int) -> PlanForm:
    """The plan's two tables with figures up to quarter ``up_to``."""
    indicators = [_indicator_line(row, up_to) for row in queries.indicator_rows(plan, up_to)]
    table = queries.budget_table(plan, up_to)
    lines = [_budget_line(row) for row in table.plans]
    if lines:
        lines.append(_budget_line(table.summary, summary=True))
    return PlanForm(plan=plan, up_to=up_to, indicators=indicators, budget=lines,
                    millions=plan.amount_unit == AmountUnit.MILLIONS)


def performance_title(plan: MonitoringPlan) -> str:
    return f"รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}"


def budget_title(plan: MonitoringPlan) -> str:
    return f"ผลการเบิกจ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}"


def plan_subtitle(plan: MonitoringPlan) -> str:
    return f"{plan.name} ({plan.fund.name_th})" if getattr(plan.fund, "name_th", "") else plan.name


def as_of_words(plan: MonitoringPlan, up_to: int) -> str:
    unit = f"หน่วยงานผู้รับผิดชอบ: {plan.responsible_unit} · " if plan.responsible_unit else ""
    return (f"{unit}ข้อมูลถึงไตรมาสที่ {up_to} ({fiscal.QUARTER_MONTHS_TH[up_to]}) · "
            f"พิมพ์เมื่อ {thaidate.format_date(timezone.localdate(), 'th')}")


def amount_unit_words(millions: bool) -> str:
    return "หน่วย: ล้านบาท" if millions else "หน่วย: บาท"


# --- the workbook ------------------------------------------------------------------------------

def _number_format(value: Decimal, percentage: bool) -> str:
    if percentage:
        return PERCENT_FORMAT
    return INTEGER_FORMAT if value == value.to_integral_value() else DECIMAL_FORMAT


class _Writer:
    """Rows for a write-only sheet: plain values, or styled cells."""

    def __init__(self, sheet):
        from openpyxl.styles import Alignment, Font

        self.sheet = sheet
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.row = 0

    def cell(self, value, *, number_format: str | None = None, bold=False, centre=False,
             wrap=False, title=False):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=value)
        if number_format:
            cell.number_format = number_format
        if title:
            cell.font = self.title_font
        elif bold:
            cell.font = self.bold
        if centre:
            cell.alignment = self.centre
        elif wrap:
            cell.alignment = self.wrap
        return cell

    def number(self, value: Decimal | None, *, percentage=False, number_format=None, bold=False):
        if value is None:
            return None
        return self.cell(value, number_format=number_format or _number_format(value, percentage),
                         bold=bold)

    def append(self, cells: Iterable):
        self.sheet.append(list(cells))
        self.row += 1

    def merge(self, first_col: int, last_col: int, *, rows: int = 0):
        from openpyxl.utils import get_column_letter

        start = f"{get_column_letter(first_col + 1)}{self.row}"
        end = f"{get_column_letter(last_col + 1)}{self.row + rows}"
        self.sheet.merged_cells.add(f"{start}:{end}")


def _landscape(sheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _title_rows(writer: _Writer, lines: list[str], width: int) -> None:
    for index, line in enumerate(lines):
        writer.append([writer.cell(line, title=index == 0, bold=index > 0)])
        writer.merge(0, width - 1)
    for _blank in range(TITLE_ROWS - len(lines)):
        writer.append([])


def _performance_sheet(workbook, form: PlanForm) -> None:
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=sheet_title(PERFORMANCE_SHEET))
    widths = {COL_PROGRAMME: 28, COL_ACTIVITY: 28, COL_INDICATOR: 40, COL_UNIT: 10,
              COL_PLAN_RESULT: 7, COL_TOTAL: 13, COL_TOTAL + 1: 15, COL_RESPONSIBLE: 22,
              COL_KIND: 14, COL_BASELINE: 10}
    for col in COL_QUARTER.values():
        widths[col], widths[col + 1] = 12, 15
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col + 1)].width = width
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    _landscape(sheet)
    sheet.print_title_rows = f"{TITLE_ROWS + 1}:{TITLE_ROWS + 2}"
    plan = form.plan
    writer = _Writer(sheet)
    _title_rows(writer, [performance_title(plan), plan_subtitle(plan), as_of_words(plan, form.up_to)],
                PERFORMANCE_WIDTH)

    head = [None] * PERFORMANCE_WIDTH
    for col, text in ((COL_PROGRAMME, H_PROGRAMME), (COL_ACTIVITY, H_ACTIVITY),
                      (COL_INDICATOR, H_INDICATOR), (COL_UNIT, H_UNIT),
                      (COL_PLAN_RESULT, H_PLAN_RESULT), (COL_TOTAL, H_TOTAL),
                      (COL_RESPONSIBLE, H_RESPONSIBLE), (COL_KIND, H_KIND),
                      (COL_BASELINE, H_BASELINE)):
        head[col] = text
    for q, col in COL_QUARTER.items():
        head[col] = quarter_heading(q)
    sub = [None] * PERFORMANCE_WIDTH
    for col in (COL_TOTAL, *COL_QUARTER.values()):
        sub[col], sub[col + 1] = H_VALUE, H_STATUS
    writer.append(writer.cell(text, bold=True, centre=True) if text else None for text in head)
    for col in (COL_TOTAL, *COL_QUARTER.values()):
        writer.merge(col, col + 1)
    for col in (COL_PROGRAMME, COL_ACTIVITY, COL_INDICATOR, COL_UNIT, COL_PLAN_RESULT,
                COL_RESPONSIBLE, COL_KIND, COL_BASELINE):
        writer.merge(col, col, rows=1)
    writer.append(writer.cell(text, bold=True, centre=True) if text else None for text in sub)

    for line in form.indicators:
        identity = [writer.cell(line.programme, wrap=True), writer.cell(line.activity or None,
                                                                        wrap=True),
                    writer.cell(line.name, wrap=True), line.unit]
        plan_row = [*identity, PLAN_WORD, writer.number(line.target, percentage=line.percentage),
                    None]
        result_row = [*identity, RESULT_WORD, writer.number(line.ytd, percentage=line.percentage),
                      line.ytd_status or None]
        for q in fiscal.QUARTERS:
            planned = line.plans[q]
            plan_row += [NA if planned is None else writer.number(planned,
                                                                  percentage=line.percentage),
                         None]
            result_row += [writer.number(line.results[q], percentage=line.percentage),
                           line.statuses[q] or None]
        tail = [writer.cell(line.responsible or None, wrap=True), line.kind_words,
                writer.number(line.baseline)]
        writer.append([*plan_row, *tail])
        writer.append([*result_row, *tail])


def _budget_sheet(workbook, form: PlanForm) -> None:
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=sheet_title(BUDGET_SHEET))
    per_quarter = len(BUDGET_QUARTER_HEADINGS)
    totals_col = 2 + per_quarter * 4
    width = totals_col + 3
    sheet.column_dimensions["A"].width = 34
    for col in range(1, width):
        sheet.column_dimensions[get_column_letter(col + 1)].width = 14
    sheet.freeze_panes = f"B{FIRST_DATA_ROW}"
    _landscape(sheet)
    plan = form.plan
    writer = _Writer(sheet)
    _title_rows(writer, [budget_title(plan), plan_subtitle(plan), amount_unit_words(form.millions)],
                width)
    head = [None] * width
    head[0], head[1], head[totals_col] = H_BUDGET_PLAN, H_RECEIVED, H_TOTAL
    sub = [None] * width
    for q in fiscal.QUARTERS:
        first = 2 + per_quarter * (q - 1)
        head[first] = quarter_heading(q)
        sub[first:first + per_quarter] = BUDGET_QUARTER_HEADINGS
    sub[totals_col:totals_col + 3] = (H_TOTAL_PLANNED, H_TOTAL_DISBURSED, H_DISBURSED_PCT)
    writer.append(writer.cell(text, bold=True, centre=True) if text else None for text in head)
    writer.merge(0, 0, rows=1)
    writer.merge(1, 1, rows=1)
    for q in fiscal.QUARTERS:
        first = 2 + per_quarter * (q - 1)
        writer.merge(first, first + per_quarter - 1)
    writer.merge(totals_col, totals_col + 2)
    writer.append(writer.cell(text, bold=True, centre=True) if text else None for text in sub)

    money_format = MILLIONS_FORMAT if form.millions else DECIMAL_FORMAT

    def money(value, bold):
        if value is None:
            return None
        shown = budget.to_millions(value) if form.millions else value
        return writer.number(shown, number_format=money_format, bold=bold)

    def pct(value, bold):
        return writer.number(value, number_format=PERCENT_FORMAT, bold=bold)

    for line in form.budget:
        bold = line.summary
        cells = [writer.cell(line.name, wrap=True, bold=bold), money(line.received, bold)]
        for quarter in line.quarters:
            cells += [pct(quarter.target_pct, bold), money(quarter.target_amount, bold),
                      pct(quarter.planned_pct, bold), money(quarter.disbursed_cumulative, bold),
                      pct(quarter.disbursed_pct, bold)]
        cells += [money(line.total_planned, bold), money(line.total_disbursed, bold),
                  pct(line.disbursed_pct, bold)]
        writer.append(cells)


def build_workbook(plan: MonitoringPlan, up_to: int):
    """The workbook (write-only: rows go straight to a temporary file) as an open file, at 0."""
    from openpyxl import Workbook

    form = plan_form(plan, up_to)
    workbook = Workbook(write_only=True)
    _performance_sheet(workbook, form)
    _budget_sheet(workbook, form)
    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)
    workbook.save(spool)
    spool.seek(0)
    return spool


def filename(plan: MonitoringPlan, extension: str) -> str:
    return f"monitoring-plan-{plan.pk}-{plan.fiscal_year}.{extension}"


# --- the PDF -----------------------------------------------------------------------------------

def _show(value: Decimal | None, percentage: bool = False) -> str:
    if value is None:
        return ""
    if percentage:
        return achievement.percent_display(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def pdf_context(form: PlanForm) -> dict:
    unit = AmountUnit.MILLIONS if form.millions else AmountUnit.BAHT

    def money(value):
        return "" if value is None else budget.format_amount(value, unit)

    def pct(value):
        return "" if value is None else achievement.percent_display(value)

    indicators = [{
        "line": line,
        "target": _show(line.target, line.percentage),
        "ytd": _show(line.ytd, line.percentage),
        "quarters": [{
            "plan": NA if line.plans[q] is None else _show(line.plans[q], line.percentage),
            "result": _show(line.results[q], line.percentage),
            "status": line.statuses[q],
        } for q in fiscal.QUARTERS],
    } for line in form.indicators]
    budget_rows = [{
        "line": line,
        "received": money(line.received),
        "quarters": [[pct(q.target_pct), money(q.target_amount), pct(q.planned_pct),
                      money(q.disbursed_cumulative), pct(q.disbursed_pct)] for q in line.quarters],
        "totals": [money(line.total_planned), money(line.total_disbursed), pct(line.disbursed_pct)],
    } for line in form.budget]
    return {
        "plan": form.plan,
        "performance_title": performance_title(form.plan),
        "budget_title": budget_title(form.plan),
        "subtitle": plan_subtitle(form.plan),
        "as_of": as_of_words(form.plan, form.up_to),
        "amount_unit": amount_unit_words(form.millions),
        "quarter_headings": [quarter_heading(q) for q in fiscal.QUARTERS],
        "budget_quarter_headings": BUDGET_QUARTER_HEADINGS,
        "indicators": indicators,
        # Twenty-five columns do not fit a landscape A4 page at a readable size: the PDF prints
        # the disbursement table in two parts (Q1–Q2, then Q3–Q4 with the totals).
        "budget_parts": [{
            "headings": [quarter_heading(q) for q in quarters],
            "totals": totals,
            "rows": [{"line": row["line"], "received": row["received"],
                      "quarters": [row["quarters"][q - 1] for q in quarters],
                      "totals": row["totals"] if totals else []} for row in budget_rows],
        } for quarters, totals in (((1, 2), False), ((3, 4), True))],
        "h": {
            "programme": H_PROGRAMME, "activity": H_ACTIVITY, "indicator": H_INDICATOR,
            "unit": H_UNIT, "plan_result": H_PLAN_RESULT, "total": H_TOTAL,
            "responsible": H_RESPONSIBLE, "plan": PLAN_WORD, "result": RESULT_WORD,
            "budget_plan": H_BUDGET_PLAN, "received": H_RECEIVED,
            "total_planned": H_TOTAL_PLANNED, "total_disbursed": H_TOTAL_DISBURSED,
            "disbursed_pct": H_DISBURSED_PCT, "performance": PERFORMANCE_SHEET,
            "disbursement": BUDGET_SHEET,
        },
    }


def render_plan_pdf(plan: MonitoringPlan, up_to: int) -> bytes:
    """The two tables as a landscape A4 PDF, in Thai (the form's language)."""
    return render_pdf(PDF_TEMPLATE, pdf_context(plan_form(plan, up_to)), language="th")
