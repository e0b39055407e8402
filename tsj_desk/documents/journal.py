"""«Журнал регистрации обращений» as an .xlsx workbook."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from datetime import date, datetime
from pathlib import Path

from tsj_desk.documents.xlsx import save_workbook, write_cell
from tsj_desk.domain.text import format_date


def write_journal_xlsx(out: Path, headers: Sequence[str], rows: Sequence[Sequence[object]], *,
                       today: date) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Журнал"
    write_cell(sheet, 1, 1, "Журнал регистрации обращений").font = Font(bold=True, size=13)
    write_cell(sheet, 2, 1, f"Выгружено {format_date(today)}; строк: {len(rows)}")
    header_row = 4
    for col, title in enumerate(headers, start=1):
        cell = write_cell(sheet, header_row, col, title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    styles = {}
    for r, values in enumerate(rows, start=header_row + 1):
        for c, value in enumerate(values, start=1):
            cell = write_cell(sheet, r, c, value)
            if isinstance(value, (date, datetime)):
                kind = "dt" if isinstance(value, datetime) and (value.hour or value.minute) else "d"
                if kind not in styles:
                    cell.number_format = "DD.MM.YYYY HH:MM" if kind == "dt" else "DD.MM.YYYY"
                    styles[kind] = cell._style
                else:
                    cell._style = copy(styles[kind])
    for col, width in enumerate((12, 17, 30, 10, 34, 50, 17, 13, 15, 10), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row + len(rows)}"
    save_workbook(workbook, out)
