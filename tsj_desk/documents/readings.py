"""Readings workbooks: the register for billing, the walk-round sheet, the ОДПУ
report and the error report sent back with a rejected file."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from datetime import date
from pathlib import Path

from tsj_desk.documents.xlsx import FORMULA_STARTS, save_workbook, set_value, write_cell
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


def _streamed(title: str, subtitle: str, headers: Sequence[str], widths: Sequence[int], *,
              one_page_wide: bool = False):
    """``_workbook`` in openpyxl's write-only mode (rows streamed to the file: a register of
    15,000 meters is written several times faster): the workbook, its sheet and ``cell``,
    which makes a formula-safe cell of a value with the date/number format ``_fill`` gives.
    ``one_page_wide``: printed landscape, every column on one page and as many pages down as
    the rows take (set here: the sheet's properties are written with its first row)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A5"
    if one_page_wide:
        from openpyxl.worksheet.properties import PageSetupProperties

        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    # a style made once per (format, style names) and copied: setting one per cell is slow;
    # each set of style names is used with one set of values in these two workbooks
    formats: dict[tuple, object] = {}

    def cell(value: object, **style):
        kind = "DD.MM.YYYY" if isinstance(value, date) else "0.###" if isinstance(value, float) else None
        if not style and kind is None and not (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
            return value  # plain text, a whole number or nothing: no cell object needed
        made = WriteOnlyCell(sheet)
        key = (kind, *sorted(style))
        if key not in formats:
            if kind is not None:
                made.number_format = kind
            for name, given in style.items():
                setattr(made, name, given)
            formats[key] = copy(made._style)
        made._style = copy(formats[key])
        set_value(made, value)  # after the style: a formula-like text sets its own quote prefix
        return made

    sheet.append([cell(title, font=Font(bold=True, size=13))])
    sheet.append([cell(subtitle)])
    sheet.append([])
    head = dict(font=Font(bold=True), fill=PatternFill("solid", fgColor="E8EEF4"),
                alignment=Alignment(wrap_text=True, vertical="center"))
    return workbook, sheet, cell, head


def write_readings_register(out: Path, headers: Sequence[str], rows: Sequence[Sequence[object]],
                            period: str) -> None:
    """The register for billing: the eleven columns a billing program reads by position,
    then the readings «не к расчёту» (taken after the verification date, their consumption
    left empty) and the reason of a reading below the previous one."""
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    widths = (14, 12, 11, 18, 12, 12, 12, 12, 11, 11, 11, 34, 24)[:len(headers)]
    marked = sum(1 for values in rows if len(values) > _NOTE and values[_NOTE])
    subtitle = f"Период {_period_text(period)}; счётчиков: {len(rows)}"
    if marked:
        subtitle += f"; не к расчёту (поверка истекла): {marked}"
    workbook, sheet, cell, head = _streamed("Реестр показаний приборов учёта", subtitle, headers, widths)
    sheet.auto_filter.ref = f"A4:{get_column_letter(len(headers))}{4 + len(rows)}"
    sheet.append([cell(name, **head) for name in headers])
    red = PatternFill("solid", fgColor="F8D7DA")
    for values in rows:
        line = [cell(value) for value in values]
        if len(values) > _NOTE and values[_NOTE]:
            line[_NOTE] = cell(values[_NOTE], fill=red)
        sheet.append(line)
    save_workbook(workbook, out)


def write_walk_sheet(out: Path, rows: Sequence[Sequence[object] | str], period: str) -> None:
    """A row is the values of a meter's line; a text alone is a house's address, written in
    bold above that house's meters (the sheet of several houses)."""
    from openpyxl.styles import Border, Font, Side

    headers = ("Помещение", "Собственник", "Счётчик", "Предыдущее показание", "Дата предыдущего",
               "Новое показание", "Подпись")
    # the new reading and the signature on the page of their flat
    workbook, sheet, cell, head = _streamed("Обходной лист снятия показаний", f"Период {_period_text(period)}",
                                            headers, (13, 34, 24, 18, 13, 18, 14), one_page_wide=True)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.print_title_rows = "4:4"
    for r in range(4, 5 + len(rows)):
        sheet.row_dimensions[r].height = 24
    sheet.append([cell(name, border=border, **head) for name in headers])
    bold = Font(bold=True)
    for values in rows:
        if isinstance(values, str):
            sheet.append([cell(values, font=bold)])
            continue
        line = [cell(value, border=border) for value in values]
        line += [cell(None, border=border) for _ in range(len(line), 7)]
        sheet.append(line)
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
    # a file without a header row (the 1С registry) or a row longer than its header: the
    # extra fields get «Поле N», so the error never lands on top of a field of the row
    width = max([len(header), *(len(cells) for _, cells, _ in rows)])
    titles = ["Строка", *[str(h) for h in header],
              *[f"Поле {n}" for n in range(len(header) + 1, width + 1)], "Ошибка"]
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
