"""The owner register as .xlsx and .docx (ЖК РФ ст. 45 ч. 3.1), laid out to be printed
on A4 landscape and attached to a meeting protocol.

The header row holds exactly ``REGISTER_HEADERS``; a title with the house and the
date above it, the totals and the chairman's signature below it.

A joint holding (совместная собственность) has no shares: its co-owners vote it
together, as one holding (ГК РФ ст. 253; the meeting protocol counts its votes once).
The register lists every co-owner, but the holding's area, share in the common
property and votes stand once — on the first co-owner's row; the others are marked
«совместная (учтена выше)» with those cells empty. So the «%» column adds up to
100 % over a fully owned house, and the column sums equal the totals.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

from tsj_desk.documents.xlsx import save_workbook, set_value, write_cell
from tsj_desk.domain.register import REGISTER_HEADERS, RegisterRow, RegisterTotals
from tsj_desk.domain.text import format_date, format_number

JOINT_FOLLOWER = "совместная (учтена выше)"
CHAIRMAN_POSITION = "Председатель правления"


@dataclass(frozen=True)
class RegisterDocument:
    organization: str
    house_address: str
    as_of: date
    rows: list[RegisterRow]
    totals: RegisterTotals
    title: str = "Реестр собственников помещений в многоквартирном доме"
    chairman: str = ""  # Ф. И. О. of who signs the register
    chairman_position: str = CHAIRMAN_POSITION
    made_on: date | None = None  # the day it is prepared (signed); a line when unknown

    @property
    def subtitle(self) -> str:
        parts = [self.house_address] if self.house_address else []
        parts.append(f"по состоянию на {format_date(self.as_of)}")
        return ", ".join(parts)

    @property
    def signature_line(self) -> str:
        """«Председатель правления ____________ / Орлова М. В. /»."""
        position = self.chairman_position or CHAIRMAN_POSITION
        name = initials(self.chairman) or "_" * 20
        return f"{position[:1].upper() + position[1:]}  ____________________  / {name} /"

    @property
    def date_line(self) -> str:
        if self.made_on is not None:
            return f"Дата: {format_date(self.made_on)}"
        return "Дата: «____» ______________ 20____ г."

    @property
    def common_percent(self) -> Fraction | None:
        """The share of the common property owned by the listed owners, in per cent."""
        if not self.totals.house_area:
            return None
        return self.totals.owned_area / self.totals.house_area * 100

    def totals_text(self) -> str:
        totals = self.totals
        percent = self.common_percent
        return (f"Итого: помещений {totals.premises}, общая площадь помещений "
                f"{format_number(totals.house_area)} м², площадь в собственности "
                f"{format_number(totals.owned_area)} м²"
                + (f" ({format_number(percent, 4)} %)" if percent is not None else "")
                + f", голосов {format_number(totals.votes)}.")


def initials(name: str) -> str:
    """«Орлова Марина Викторовна» → «Орлова М. В.», as a signature is transcribed."""
    parts = name.split()
    if len(parts) < 2 or not all(p[:1].isalpha() for p in parts):
        return " ".join(parts)
    return " ".join([parts[0], *(f"{p[0].upper()}." for p in parts[1:3])])


def counted_rows(rows: list[RegisterRow]) -> list[tuple[RegisterRow, bool]]:
    """Each row with whether its area, share and votes are shown: False for the second
    and later co-owners of a joint holding (the holding stands on its first row)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for row in rows:
        if row.owner and row.joint:
            key = (row.premise_number, row.joint_group)
            if key in seen:
                out.append((row, False))
                continue
            seen.add(key)
        out.append((row, True))
    return out


def _decimal(value: Fraction | None, places: int) -> float | None:
    if value is None:
        return None
    return round(value.numerator / value.denominator, places)


def share_text(row: RegisterRow, counted: bool) -> str:
    if not row.owner:
        return ""
    return row.share_text if counted else JOINT_FOLLOWER


def row_values(row: RegisterRow, counted: bool = True) -> list[object]:
    """Cell values of one register row, in ``REGISTER_HEADERS`` order."""
    return [
        row.premise_number,
        row.premise_kind.label,
        float(row.premise_area) if row.premise_area is not None else None,
        row.owner,
        row.ogrn or "",
        share_text(row, counted),
        _decimal(row.area_owned, 2) if counted else None,
        _decimal(row.common_share * 100, 4) if counted and row.common_share is not None else None,
        _decimal(row.votes, 2) if counted else None,
        row.egrn_number or "",
        row.egrn_date,
    ]


# Column widths in characters of the default font: the longest usual content fits on
# one line (a full name of three words, a 15-digit ОГРН, a registration number like
# «50:34:0010203:72-50/034/2019-1»); header titles wrap between words only.
XLSX_WIDTHS = (13, 13, 13, 40, 17, 23, 14, 14, 12, 32, 13.5)
LINE_HEIGHT = 15  # points: one line of the default font
XLSX_HEADER_HEIGHT = 58  # points: four lines of the bold header


def _lines(text: object, width: float) -> int:
    """Lines ``text`` takes wrapped between words in a column ``width`` characters wide
    (a margin of 10 % for wide letters)."""
    if not isinstance(text, str) or len(text) * 1.1 <= width:
        return 1
    lines, used = 1, 0
    for word in text.split():
        need = len(word) * 1.1 + (1 if used else 0)
        if used and used + need > width:
            lines, used = lines + 1, len(word) * 1.1
        else:
            used += need
    return lines


def write_register_xlsx(document: RegisterDocument, out: Path) -> int:
    """Write the register workbook; returns the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Реестр"
    write_cell(sheet, 1, 1, document.title).font = Font(bold=True, size=13)
    write_cell(sheet, 2, 1, document.subtitle)
    if document.organization:
        write_cell(sheet, 3, 1, document.organization)
    header_row = 5
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, title in enumerate(REGISTER_HEADERS, start=1):
        cell = write_cell(sheet, header_row, col, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
        cell.border = border
    sheet.row_dimensions[header_row].height = XLSX_HEADER_HEIGHT
    formats = {3: "0.00", 7: "0.00", 8: "0.0000", 9: "0.00", 11: "DD.MM.YYYY"}
    wrapped = {4, 6}  # names and the joint mark wrap between words, never mid-word
    # Style one cell per column, then share its style array: setting a border and a
    # format on each of 88,000 cells costs openpyxl seconds of style hashing.
    templates = []
    for col in range(1, len(REGISTER_HEADERS) + 1):
        cell = sheet.cell(row=header_row + 1, column=col)
        cell.border = border
        cell.alignment = Alignment(vertical="top", wrap_text=col in wrapped)
        if col in formats:
            cell.number_format = formats[col]
        templates.append(cell._style)
    for offset, (row, counted) in enumerate(counted_rows(document.rows), start=1):
        values = row_values(row, counted)
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=header_row + offset, column=col)
            cell._style = copy(templates[col - 1])
            set_value(cell, value)  # after the style: it may add the quote prefix
        lines = _lines(values[3], XLSX_WIDTHS[3])
        if lines > 1:  # a spreadsheet does not grow a row for wrapped text by itself
            sheet.row_dimensions[header_row + offset].height = LINE_HEIGHT * lines
    last = header_row + len(document.rows)
    totals = document.totals
    bold = Font(bold=True)
    sheet.cell(row=last + 2, column=1, value="Итого").font = bold
    sheet.cell(row=last + 2, column=3, value=_decimal(totals.house_area, 2)).number_format = "0.00"
    sheet.cell(row=last + 2, column=7, value=_decimal(totals.owned_area, 2)).number_format = "0.00"
    percent = document.common_percent
    sheet.cell(row=last + 2, column=8, value=_decimal(percent, 4)).number_format = "0.0000"
    sheet.cell(row=last + 2, column=9, value=_decimal(totals.votes, 2)).number_format = "0.00"
    write_cell(sheet, last + 4, 1, document.signature_line)
    write_cell(sheet, last + 5, 1, document.date_line)
    for col, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:K{max(last, header_row)}"
    sheet.print_area = f"A1:K{last + 5}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    margins = sheet.page_margins
    margins.left, margins.right, margins.top, margins.bottom = 0.6, 0.4, 0.5, 0.6
    margins.header, margins.footer = 0.3, 0.3
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "стр. &P из &N"
    sheet.oddFooter.center.size = 9
    save_workbook(workbook, out)
    return len(document.rows)


def write_register_docx(document: RegisterDocument, out: Path) -> int:
    """Write the register as a landscape Word table for printing (``register_docx``)."""
    from tsj_desk.documents.register_docx import write_docx

    return write_docx(document, out)
