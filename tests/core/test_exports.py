"""core.exports: write-only Excel downloads keep types and formats."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from phonlap.core import exports


def test_xlsx_response_keeps_types_formats_and_a_safe_sheet_title():
    response = exports.xlsx_response(
        filename="x.xlsx", title="a/b:c*d?[e] and a very long title beyond thirty-one",
        headers=["ชื่อ", "วันที่", "จำนวนเงิน"],
        rows=iter([["ก", datetime.date(2026, 11, 21), Decimal("1234.50")], ["ข", None, None]]),
        formats={1: exports.DATE_FORMAT, 2: exports.MONEY_FORMAT}, widths={0: 40},
    )
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert 'filename="x.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert sheet.title == "a b c d  e  and a very long tit"
    assert [c.value for c in sheet[1]] == ["ชื่อ", "วันที่", "จำนวนเงิน"]
    assert sheet["B2"].value == datetime.datetime(2026, 11, 21) and sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet["C2"].value == 1234.5 and sheet["C2"].number_format == "#,##0.00"
    assert sheet["B3"].value is None
    assert sheet.column_dimensions["A"].width == 40
    assert sheet.freeze_panes == "A2"
