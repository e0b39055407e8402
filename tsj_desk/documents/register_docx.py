"""The owner register as a Word table, A4 landscape.

Columns are as wide as their usual content (``DOCX_WIDTHS_CM``): a full name of
three words, a 15-digit ОГРН and a registration number of the ЕГРН stay on one line;
titles of the header wrap between words. The header row repeats on every page
(``w:tblHeader``), rows are never split between pages, the footer reads
«стр. N из M», and the chairman signs under the totals.

The table is written as WordprocessingML text in one parse: python-docx's
``add_row()``/``cell.text`` cost ~1.5 ms a row, 12 s for a register of 8,000 owners.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from tsj_desk.documents.docx_parts import page_number_footer
from tsj_desk.documents.register import RegisterDocument, counted_rows, share_text
from tsj_desk.domain.register import REGISTER_HEADERS, RegisterRow
from tsj_desk.domain.text import format_date, format_number
from tsj_desk.private_files import save_private

# № помещения, вид, площадь, собственник, ОГРН, доля, площадь на долю, % общего
# имущества, голоса, номер регистрации, дата регистрации — 27,2 cm between margins.
DOCX_WIDTHS_CM = (1.75, 1.75, 1.8, 5.6, 2.65, 1.85, 2.1, 1.75, 1.75, 4.3, 1.9)
NUMERIC_COLUMNS = frozenset({2, 6, 7, 8})  # right-aligned
CENTRED_COLUMNS = frozenset({0, 10})
BODY_HALF_POINTS = 18  # 9 pt
SMALL_COLUMNS = frozenset({9})  # the ЕГРН registration number, 8 pt: one line
HEADER_HALF_POINTS = 16  # 8 pt, bold
MARGINS_CM = {"left_margin": 1.5, "right_margin": 1.0, "top_margin": 1.0, "bottom_margin": 1.1}


def texts(row: RegisterRow, counted: bool) -> list[str]:
    return [
        row.premise_number, row.premise_kind.label,
        format_number(row.premise_area) if row.premise_area is not None else "",
        row.owner, row.ogrn or "", share_text(row, counted),
        format_number(row.area_owned) if counted else "",
        format_number(row.common_share * 100, 4) if counted and row.common_share is not None else "",
        format_number(row.votes) if counted else "",
        row.egrn_number or "", format_date(row.egrn_date),
    ]


def _twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


def _cell(width: int, text: str, column: int, *, header: bool = False, keep: bool = False) -> str:
    size = HEADER_HALF_POINTS if header or column in SMALL_COLUMNS else BODY_HALF_POINTS
    align = "center" if header or column in CENTRED_COLUMNS else (
        "right" if column in NUMERIC_COLUMNS else "left")
    r_pr = f"<w:rPr>{'<w:b/>' if header else ''}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr>"
    run = f"<w:r>{r_pr}<w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r>" if text else ""
    shading = "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8EEF4\"/>" if header else ""
    v_align = "center" if header else "top"
    return (f"<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{shading}"
            f"<w:vAlign w:val=\"{v_align}\"/></w:tcPr>"
            f"<w:p><w:pPr>{'<w:keepNext/>' if keep else ''}<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
            f"<w:jc w:val=\"{align}\"/>{r_pr}</w:pPr>{run}</w:p></w:tc>")


def table_xml(rows: list[tuple[list[str], bool]]) -> str:
    """The whole register table: grid, the repeated header, rows kept whole; a row
    with ``True`` is kept on the page of the next one (a joint holding stays together)."""
    from docx.oxml.ns import nsdecls

    widths = [_twips(cm) for cm in DOCX_WIDTHS_CM]
    border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\""
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblW w:w=\"{sum(widths)}\" w:type=\"dxa\"/>"
        f"<w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>"
        f"<w:insideH {border}/><w:insideV {border}/></w:tblBorders>"
        "<w:tblLayout w:type=\"fixed\"/>"
        "<w:tblCellMar><w:top w:w=\"15\" w:type=\"dxa\"/><w:left w:w=\"45\" w:type=\"dxa\"/>"
        "<w:bottom w:w=\"15\" w:type=\"dxa\"/><w:right w:w=\"45\" w:type=\"dxa\"/></w:tblCellMar>"
        "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" "
        "w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        *(f"<w:gridCol w:w=\"{w}\"/>" for w in widths),
        "</w:tblGrid>",
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        *(_cell(w, title, c, header=True) for c, (w, title) in enumerate(zip(widths, REGISTER_HEADERS))),
        "</w:tr>",
    ]
    for row, keep in rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts.extend(_cell(w, text, c, keep=keep) for c, (w, text) in enumerate(zip(widths, row)))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def write_docx(document: RegisterDocument, out: Path) -> int:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(10)
    style.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side, cm in MARGINS_CM.items():
        setattr(section, side, Cm(cm))
    section.footer_distance = Cm(0.5)
    page_number_footer(section)

    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(document.title)
    run.bold = True
    run.font.size = Pt(13)
    sub = doc.add_paragraph(document.subtitle)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.organization:
        doc.add_paragraph(document.organization).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    listed = counted_rows(document.rows)
    # a joint holding stays on one page; the last row goes with the totals and the signature
    keep = [not counted for _row, counted in listed[1:]] + [True]
    rows = [(texts(row, counted), kept) for (row, counted), kept in zip(listed, keep)]
    anchor = doc.add_paragraph()
    anchor._p.addprevious(parse_xml(table_xml(rows)))
    anchor.paragraph_format.space_after = Pt(4)
    anchor.paragraph_format.keep_with_next = True
    totals = doc.add_paragraph(document.totals_text())
    totals.paragraph_format.keep_with_next = True
    gap = doc.add_paragraph()
    gap.paragraph_format.space_after = Pt(8)
    gap.paragraph_format.keep_with_next = True
    signature = doc.add_paragraph(document.signature_line)
    signature.paragraph_format.keep_with_next = True
    signature.paragraph_format.space_after = Pt(6)
    doc.add_paragraph(document.date_line)
    save_private(Path(out), doc.save)
    return len(document.rows)
