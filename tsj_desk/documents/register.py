"""The owner register as .xlsx and .docx (ЖК РФ ст. 45 ч. 3.1).

The header row holds exactly ``REGISTER_HEADERS``; a title and the date above it.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

from tsj_desk.documents.xlsx import save_workbook, set_value, write_cell
from tsj_desk.domain.register import REGISTER_HEADERS, RegisterRow, RegisterTotals
from tsj_desk.private_files import save_private
from tsj_desk.domain.text import format_date, format_number


@dataclass(frozen=True)
class RegisterDocument:
    organization: str
    house_address: str
    as_of: date
    rows: list[RegisterRow]
    totals: RegisterTotals
    title: str = "Реестр собственников помещений в многоквартирном доме"

    @property
    def subtitle(self) -> str:
        parts = [self.house_address] if self.house_address else []
        parts.append(f"по состоянию на {format_date(self.as_of)}")
        return ", ".join(parts)


def _decimal(value: Fraction | None, places: int) -> float | None:
    if value is None:
        return None
    return round(value.numerator / value.denominator, places)


def row_values(row: RegisterRow) -> list[object]:
    """Cell values of one register row, in ``REGISTER_HEADERS`` order."""
    return [
        row.premise_number,
        row.premise_kind.label,
        float(row.premise_area) if row.premise_area is not None else None,
        row.owner,
        row.ogrn or "",
        row.share_text if row.owner else "",
        _decimal(row.area_owned, 2),
        _decimal(row.common_share * 100, 4) if row.common_share is not None else None,
        _decimal(row.votes, 2),
        row.egrn_number or "",
        row.egrn_date,
    ]


def write_register_xlsx(document: RegisterDocument, out: Path) -> int:
    """Write the register workbook; returns the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

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
    formats = {3: "0.00", 7: "0.00", 8: "0.0000", 9: "0.00", 11: "DD.MM.YYYY"}
    # Style one cell per column, then share its style array: setting a border and a
    # format on each of 88,000 cells costs openpyxl seconds of style hashing.
    templates = []
    for col in range(1, len(REGISTER_HEADERS) + 1):
        cell = sheet.cell(row=header_row + 1, column=col)
        cell.border = border
        if col in formats:
            cell.number_format = formats[col]
        templates.append(cell._style)
    for offset, row in enumerate(document.rows, start=1):
        for col, value in enumerate(row_values(row), start=1):
            cell = sheet.cell(row=header_row + offset, column=col)
            cell._style = copy(templates[col - 1])
            set_value(cell, value)  # after the style: it may add the quote prefix
    last = header_row + len(document.rows)
    totals = document.totals
    sheet.cell(row=last + 2, column=1, value="Итого")
    sheet.cell(row=last + 2, column=3, value=_decimal(totals.house_area, 2)).number_format = "0.00"
    sheet.cell(row=last + 2, column=7, value=_decimal(totals.owned_area, 2)).number_format = "0.00"
    sheet.cell(row=last + 2, column=9, value=_decimal(totals.votes, 2)).number_format = "0.00"
    widths = [12, 14, 14, 40, 16, 14, 16, 16, 14, 36, 14]
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:K{max(last, header_row)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.print_title_rows = f"{header_row}:{header_row}"
    save_workbook(workbook, out)
    return len(document.rows)


def write_register_docx(document: RegisterDocument, out: Path) -> int:
    """Write the register as a landscape Word table for printing."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(9)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(document.title)
    run.bold = True
    run.font.size = Pt(13)
    sub = doc.add_paragraph(document.subtitle)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.organization:
        doc.add_paragraph(document.organization).alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = doc.add_table(rows=1, cols=len(REGISTER_HEADERS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, REGISTER_HEADERS):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    _append_rows(table, [_docx_texts(row) for row in document.rows])
    totals = document.totals
    doc.add_paragraph(
        f"Итого: помещений {totals.premises}, общая площадь {format_number(totals.house_area)} м², "
        f"площадь в собственности {format_number(totals.owned_area)} м², "
        f"голосов {format_number(totals.votes)}."
    )
    save_private(Path(out), doc.save)
    return len(document.rows)


def _docx_texts(row: RegisterRow) -> list[str]:
    return [
        row.premise_number, row.premise_kind.label,
        format_number(row.premise_area) if row.premise_area is not None else "",
        row.owner, row.ogrn or "", row.share_text if row.owner else "",
        format_number(row.area_owned),
        format_number(row.common_share * 100, 4) if row.common_share is not None else "",
        format_number(row.votes), row.egrn_number or "", format_date(row.egrn_date),
    ]


def _append_rows(table, rows: list[list[str]]) -> None:
    """Append plain-text rows to a python-docx table in one XML parse.

    python-docx's ``add_row()``/``cell.text`` cost ~1.5 ms a row; a register of 8,000
    owners would take 12 s. The rows are built as WordprocessingML text instead.
    """
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    if not rows:
        return
    widths = [c.width for c in table.columns]
    parts = [f"<w:tbl {nsdecls('w')}>"]
    for row in rows:
        parts.append("<w:tr>")
        for width, text in zip(widths, row):
            tc_pr = f'<w:tcPr><w:tcW w:w="{int(width.twips) if width else 0}" w:type="dxa"/></w:tcPr>'
            run = f'<w:r><w:t xml:space="preserve">{escape(str(text))}</w:t></w:r>' if text else ""
            parts.append(f"<w:tc>{tc_pr}<w:p>{run}</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    for tr in parse_xml("".join(parts)).findall(f"{{{_W}}}tr"):
        table._tbl.append(tr)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
