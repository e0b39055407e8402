"""Readings workbooks: the register for billing, the walk-round sheet, the ОДПУ
report and the error report sent back with a rejected file."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from datetime import date
from pathlib import Path

from tsj_desk.documents.xlsx import save_workbook, write_cell
from tsj_desk.domain.text import format_date


def _period_text(period: str) -> str:
    return f"{period[5:7]}.{period[:4]}"


def _workbook(title: str, subtitle: str, headers: Sequence[str], widths: Sequence[int]):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    write_cell(sheet, 1, 1, title).font = Font(bold=True, size=13)
    write_cell(sheet, 2, 1, subtitle)
    for col, name in enumerate(headers, start=1):
        cell = write_cell(sheet, 4, col, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A5"
    return workbook, sheet


def _fill(sheet, rows: Sequence[Sequence[object]], first_row: int = 5) -> None:
    styles: dict[str, object] = {}
    for r, values in enumerate(rows, start=first_row):
        for c, value in enumerate(values, start=1):
            cell = write_cell(sheet, r, c, value)
            kind = "date" if isinstance(value, date) else "number" if isinstance(value, float) else None
            if kind is None:
                continue
            if kind in styles:
                cell._style = copy(styles[kind])
            else:
                cell.number_format = "DD.MM.YYYY" if kind == "date" else "0.###"
                styles[kind] = cell._style


_NOTE = 11  # the register's column «Не к расчёту» (0-based), after the eleven read by position


def write_readings_register(out: Path, headers: Sequence[str], rows: Sequence[Sequence[object]],
                            period: str) -> None:
    """The register for billing: the eleven columns a billing program reads by position,
    then the readings «не к расчёту» (taken after the verification date, their consumption
    left empty) and the reason of a reading below the previous one."""
    from openpyxl.utils import get_column_letter

    from openpyxl.styles import PatternFill

    widths = (14, 12, 11, 18, 12, 12, 12, 12, 11, 11, 11, 34, 24)[:len(headers)]
    marked = [r for r, values in enumerate(rows, start=5) if len(values) > _NOTE and values[_NOTE]]
    subtitle = f"Период {_period_text(period)}; счётчиков: {len(rows)}"
    if marked:
        subtitle += f"; не к расчёту (поверка истекла): {len(marked)}"
    workbook, sheet = _workbook("Реестр показаний приборов учёта", subtitle, headers, widths)
    _fill(sheet, rows)
    red = PatternFill("solid", fgColor="F8D7DA")
    for row in marked:
        sheet.cell(row, _NOTE + 1).fill = red
    sheet.auto_filter.ref = f"A4:{get_column_letter(len(headers))}{4 + len(rows)}"
    save_workbook(workbook, out)


def write_walk_sheet(out: Path, rows: Sequence[Sequence[object]], period: str) -> None:
    from openpyxl.styles import Border, Side

    headers = ("Помещение", "Собственник", "Счётчик", "Предыдущее показание", "Дата предыдущего",
               "Новое показание", "Подпись")
    workbook, sheet = _workbook("Обходной лист снятия показаний",
                                f"Период {_period_text(period)}", headers, (11, 34, 24, 18, 13, 18, 14))
    _fill(sheet, rows)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for r in range(4, 5 + len(rows)):
        for c in range(1, 8):
            sheet.cell(r, c).border = border
        sheet.row_dimensions[r].height = 24
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.print_title_rows = "4:4"
    save_workbook(workbook, out)


def write_common_meter_report(out: Path, blocks, *, today: date) -> None:
    """``blocks``: (meter title, unit, points with period, taken_on, values, consumption)."""
    from openpyxl.styles import Font

    headers = ("Период", "Дата снятия", "Т1", "Т2", "Т3", "Объём за месяц")
    workbook, sheet = _workbook("Показания общедомовых приборов учёта и объёмы потребления",
                                f"Сформировано {format_date(today)}, за последние 3 года", headers,
                                (10, 12, 14, 14, 14, 16))
    row = 5
    for title, unit, points in blocks:
        write_cell(sheet, row, 1, f"{title}, {unit}").font = Font(bold=True)
        row += 1
        _fill(sheet, [(_period_text(p.period), p.taken_on, *p.values, p.consumption) for p in points],
              first_row=row)
        row += len(points) + 1
    save_workbook(workbook, out)


def write_error_report_xlsx(out: Path, header: Sequence[object],
                            rows: Sequence[tuple[int, Sequence[object], str]]) -> None:
    """The rejected rows as they were sent, with «Строка» and «Ошибка» columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ошибки"
    titles = ["Строка", *[str(h) for h in header], "Ошибка"]
    for col, title in enumerate(titles, start=1):
        write_cell(sheet, 1, col, title).font = Font(bold=True)
    red = PatternFill("solid", fgColor="F8D7DA")
    for r, (row_number, cells, message) in enumerate(rows, start=2):
        write_cell(sheet, r, 1, row_number)
        for c, value in enumerate(cells, start=2):
            write_cell(sheet, r, c, value if value != "" else None)
        error = write_cell(sheet, r, len(titles), message)
        error.fill = red
    sheet.column_dimensions["A"].width = 8
    from openpyxl.utils import get_column_letter

    sheet.column_dimensions[get_column_letter(len(titles))].width = 60
    sheet.freeze_panes = "B2"
    save_workbook(workbook, out)
