"""The owner register as it prints: A4 landscape, columns as wide as their content,
the header on every page, «стр. N из M», the title with the house and the date, the
chairman's signature, and a joint holding counted once so that «%» adds up to 100."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tests.conftest import SAMPLES
from tsj_desk.domain.register import REGISTER_HEADERS
from tsj_desk.services import pdf
from tsj_desk.services.disclosure import export_register
from tsj_desk.services.organization import save_organization
from tsj_desk.services.registry import import_registry

NOW = datetime(2026, 11, 24, 10, 0)
# registry_merged.xlsx: кв. 1 44,0 м² (Жуков), кв. 2 58,3 м² (three owners of 1/3),
# кв. 3 36,9 м² (Ильин and Ильина, joint), Н1 95,0 м² (АО). All of it owned.
HOUSE_AREA = 44.0 + 58.3 + 36.9 + 95.0
HEADER_ROW = 5


@pytest.fixture
def merged(db):
    import_registry(SAMPLES / "registry_merged.xlsx", now=NOW,
                    house_address="Московская обл., г. Коломна, ул. Лесная, д. 5")
    save_organization({"name": "ТСЖ «Лесная, 5»", "chairman": "Орлова Марина Викторовна",
                       "chairman_position": "председатель правления"}, now=NOW)
    return db


def export(tmp_path, suffix: str):
    out = tmp_path / f"реестр.{suffix}"
    export_register(out, as_of=date(2026, 11, 24), requested_by="Зорина А. И., кв. 2",
                    purpose="созыв общего собрания", now=NOW)
    return out


def number(text: str) -> float:
    return float(text.replace("\u202f", "").replace("\u2009", "").replace(" ", "").replace(",", "."))


def test_docx_is_landscape_with_its_header_on_every_page_and_page_numbers(merged, tmp_path):
    document = Document(str(export(tmp_path, "docx")))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert round(section.page_width.cm, 1) == 29.7

    table = document.tables[0]
    header, first = table.rows[0]._tr, table.rows[1]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert first.trPr is None or first.trPr.find(qn("w:tblHeader")) is None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)

    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    footer_text = "".join(t.text for t in section.footer._element.iter(qn("w:t")))
    assert footer_text.startswith("стр. ") and " из " in footer_text
    (paragraph,) = section.footer.paragraphs
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert len(paragraph._p.findall(qn("w:pPr"))) == 1  # Word refuses a paragraph with two


def test_docx_columns_are_sized_by_their_content_not_equal(merged, tmp_path):
    table = Document(str(export(tmp_path, "docx"))).tables[0]
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    cm = [w / 1440 * 2.54 for w in grid]
    assert len(cm) == len(REGISTER_HEADERS)
    names = REGISTER_HEADERS.index("Собственник")
    assert max(cm) == cm[names]  # the owner's name takes the most room
    # a full name of three words (≈ 5 cm in 9 pt) and a 15-digit ОГРН (≈ 2.4 cm) on one line
    assert cm[names] >= 5.0 and cm[REGISTER_HEADERS.index("ОГРН")] >= 2.4
    assert cm[REGISTER_HEADERS.index("№ помещения")] < 2.0
    # the table fits A4 landscape between margins of 1.5 and 1.0 cm
    assert sum(cm) <= 29.7 - 2.5 + 0.01
    fixed = table._tbl.tblPr.find(qn("w:tblLayout"))
    assert fixed is not None and fixed.get(qn("w:type")) == "fixed"


def test_docx_title_names_the_house_and_date_and_the_chairman_signs(merged, tmp_path, read_paragraphs):
    paragraphs = read_paragraphs(export(tmp_path, "docx"))
    assert paragraphs[0] == "Реестр собственников помещений в многоквартирном доме"
    assert "ул. Лесная, д. 5" in paragraphs[1] and "по состоянию на 24.11.2026" in paragraphs[1]
    signature = next(p for p in paragraphs if p.startswith("Председатель правления"))
    assert signature.endswith("/ Орлова М. В. /") and "____" in signature
    assert "Дата: 24.11.2026" in paragraphs


def test_a_joint_holding_counts_once_and_the_percent_adds_up_to_100(merged, tmp_path):
    sheet = load_workbook(export(tmp_path, "xlsx")).active
    rows = {}
    r = HEADER_ROW + 1
    while sheet.cell(r, 1).value not in (None, "Итого"):
        rows[sheet.cell(r, 4).value] = [sheet.cell(r, c).value for c in range(1, 12)]
        r += 1
    assert len(rows) == 7  # every co-owner is listed
    first, second = rows["Ильин Марк Семёнович"], rows["Ильина Софья Марковна"]
    assert first[5] == "совместная" and first[6] == pytest.approx(36.9) and first[8] == pytest.approx(36.9)
    assert first[7] == pytest.approx(36.9 / HOUSE_AREA * 100, abs=0.00005)
    assert second[5] == "совместная (учтена выше)"
    assert second[6] is None and second[7] is None and second[8] is None
    percents = [values[7] for values in rows.values() if values[7] is not None]
    assert sum(percents) == pytest.approx(100, abs=0.001)
    votes = [values[8] for values in rows.values() if values[8] is not None]
    assert sum(votes) == pytest.approx(HOUSE_AREA, abs=0.02)
    totals_row = r if sheet.cell(r, 1).value == "Итого" else r + 1
    assert sheet.cell(totals_row, 1).value == "Итого"
    assert sheet.cell(totals_row, 8).value == pytest.approx(100, abs=0.00005)
    assert sheet.cell(totals_row, 9).value == pytest.approx(HOUSE_AREA, abs=0.005)


def test_the_docx_percent_column_adds_up_to_100_too(merged, tmp_path, read_paragraphs):
    out = export(tmp_path, "docx")
    table = Document(str(out)).tables[0]
    column = REGISTER_HEADERS.index("Доля в праве на общее имущество, %")
    shown = [row.cells[column].text for row in table.rows[1:]]
    assert shown.count("") == 1  # the second joint co-owner
    assert sum(number(text) for text in shown if text) == pytest.approx(100, abs=0.001)
    totals = next(p for p in read_paragraphs(out) if p.startswith("Итого"))
    assert "(100,0000 %)" in totals and "голосов 234,20" in totals


def test_xlsx_prints_one_page_wide_with_its_header_on_every_page(merged, tmp_path):
    sheet = load_workbook(export(tmp_path, "xlsx")).active
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert tuple(sheet.cell(HEADER_ROW, c).value for c in range(1, 12)) == REGISTER_HEADERS
    # the wrapped header has a height of its own (four lines), so it never covers the data
    assert sheet.row_dimensions[HEADER_ROW].height >= 4 * 12
    assert sheet.oddFooter.center.text == "стр. &P из &N"
    owner = sheet.column_dimensions["D"].width
    assert owner == max(sheet.column_dimensions[c].width for c in "ABCDEFGHIJK")
    assert sheet.column_dimensions["E"].width >= 15  # a 15-digit ОГРН
    texts = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    assert any(isinstance(t, str) and t.startswith("Председатель правления") and t.endswith("/ Орлова М. В. /")
               for t in texts)
    assert "Дата: 24.11.2026" in texts


@pytest.mark.skipif(pdf.find_libreoffice() is None, reason="LibreOffice is not installed")
def test_120_flats_print_on_five_pages_or_fewer(tmp_path):
    """The demo house (120 premises, 158 rows of owners) took 11 pages before the layout."""
    from tsj_desk.services.demo import create_demo_database
    from tsj_desk.storage.database import close_database

    create_demo_database(tmp_path / "demo.sqlite3", today=date(2026, 11, 24))
    try:
        out = export(tmp_path, "docx")
    finally:
        close_database()
    (made,) = pdf.to_pdf([out], tmp_path / "pdf")
    assert 2 <= pdf.pdf_page_count(made) <= 5
