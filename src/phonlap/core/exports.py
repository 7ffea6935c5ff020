"""Excel exports: openpyxl in write-only mode (rows go straight to a temporary file, so memory
does not grow with the number of rows), served as a download.

Values keep their types: ``date``/``datetime`` become real Excel dates and ``Decimal``/``int``
real numbers, so the spreadsheet can sort and sum them. Pass a ``number_format`` per column
to show them well (``DATE_FORMAT``, ``MONEY_FORMAT``)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONEY_FORMAT = "#,##0.00"
# Kept in memory up to this size, then on disk.
_SPOOL_BYTES = 4 * 1024 * 1024


def sheet_title(title: str) -> str:
    """Excel refuses some characters and more than 31 of them in a sheet's name."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "Sheet"


def xlsx_response(
    *,
    filename: str,
    title: str,
    headers: Sequence,
    rows: Iterable[Sequence],
    formats: dict[int, str] | None = None,
    widths: dict[int, float] | None = None,
) -> FileResponse:
    """An ``.xlsx`` download of ``rows`` under a bold header row (``headers``: lazy strings
    are fine). ``formats`` and ``widths`` map a 0-based column index to an Excel number format
    and a column width."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    for index, width in (widths or {}).items():
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for label in headers:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    formats = formats or {}
    for row in rows:
        if formats:
            row = list(row)
            for index, number_format in formats.items():
                if index < len(row) and row[index] is not None:
                    cell = WriteOnlyCell(sheet, value=row[index])
                    cell.number_format = number_format
                    row[index] = cell
        sheet.append(row)
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
