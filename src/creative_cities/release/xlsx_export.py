"""The package as an Excel workbook: a cover sheet, then a sheet per table (needs openpyxl)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from .about import About
from .archive import restamp
from .typed import TypedTable

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

COVER = "about"
MAX_WIDTH = 60


def _cover(sheet: Worksheet, tables: list[TypedTable], about: About) -> None:
    from openpyxl.styles import Font

    sheet.append(["title", about.title])
    sheet.append(["description", about.description])
    sheet.append(["version", about.version])
    sheet.append(["licence", about.licence_text])
    sheet.append(["homepage", about.homepage])
    sheet.append(["cite as", about.citation])
    for title, path in about.sources:
        sheet.append(["source", f"{title} {path}".strip()])
    sheet.append([])
    sheet.append(["table", "rows", "description"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for table in tables:
        sheet.append([table.name, len(table.rows), table.description])
    for cells in sheet.iter_rows(max_col=1):
        cells[0].font = Font(bold=True)


def _table(sheet: Worksheet, table: TypedTable) -> None:
    from openpyxl.styles import Font

    sheet.append(list(table.column_names))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"


def _as_text(sheet: Worksheet) -> None:
    """Text that starts with "=" stays text: no cell of any sheet is a formula."""
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"


def _fit_columns(sheet: Worksheet) -> None:
    from openpyxl.utils import get_column_letter

    for number, column in enumerate(sheet.iter_cols(), 1):
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[get_column_letter(number)].width = min(width + 2, MAX_WIDTH)


def write_xlsx(target: Path, tables: list[TypedTable], about: About) -> None:
    """Write the workbook; its document dates are the package's, so its bytes never vary."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    del workbook[workbook.sheetnames[0]]  # the empty sheet that a new workbook starts with
    _cover(workbook.create_sheet(COVER), tables, about)
    for table in tables:
        _table(workbook.create_sheet(table.name), table)
    for sheet in workbook.worksheets:
        _as_text(sheet)
        _fit_columns(sheet)
    workbook.properties.creator = about.authors
    workbook.properties.title = about.title
    workbook.properties.version = about.version
    workbook.properties.created = workbook.properties.modified = about.created
    buffer = io.BytesIO()
    # ExcelWriter, not workbook.save, which would stamp the time of saving as "modified".
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    target.write_bytes(restamp(buffer.getvalue()))
