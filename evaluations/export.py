"""The evaluation pack as downloads: one CSV with every table, or a workbook with one sheet
per table. Both take the same Tables the page shows."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from behaviours import dashboards

# Excel refuses sheet titles longer than 31 characters or with these characters.
SHEET_TITLE_LENGTH = 31
SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def pack_csv(tables: Sequence[dashboards.Table]) -> str:
    """Every table after the other, each under its caption; UTF-8 with a BOM for Excel."""
    delimiter, _decimal = dashboards.csv_dialect()
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for table in tables:
        writer.writerow([table.caption])
        writer.writerows(table.csv_rows())
        writer.writerow([])
    return buffer.getvalue()


def pack_xlsx(tables: Sequence[dashboards.Table]) -> bytes:
    """One sheet per table: its caption, then the header row in bold, then the rows."""
    workbook = Workbook()
    first = workbook.active
    if first is not None:
        workbook.remove(first)
    used: set[str] = set()
    for table in tables:
        title = table.slug.translate(SHEET_FORBIDDEN)[:SHEET_TITLE_LENGTH] or "table"
        while title in used:
            title = f"{title[: SHEET_TITLE_LENGTH - 1]}_"
        used.add(title)
        sheet = workbook.create_sheet(title)
        sheet.append([str(table.caption)])
        for n, row in enumerate(table.csv_rows()):
            sheet.append(row)
            if n == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
