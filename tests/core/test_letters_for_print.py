"""Letters fit to send: verification notices as one .docx to print (a letter a page)
as well as one file per owner; an answer never quotes the program's file names."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.conftest import TODAY
from tsj_desk.documents.letters import render_answer_letter, without_file_details
from tsj_desk.domain.meters import Resource
from tsj_desk.services import readings
from tsj_desk.services.readings import MeterInput
from tsj_desk.services.registry import import_registry
from tsj_desk.services.reminders import verification_letters
from tsj_desk.services.reminders_print import verification_letters_file

NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture
def three_flats(db, samples):
    """Flats 1, 2 and 3, a meter of each running out within 60 days."""
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    return [readings.add_meter(MeterInput(Resource.COLD_WATER, f"ХВ-{n}", str(n), place="кухня",
                                          verified_on=date(2020, 12, 10), interval_years=6), now=NOW)
            for n in (1, 2, 3)]


def texts_of_pages(path) -> list[str]:
    """The body's text cut at each new page (a paragraph with pageBreakBefore or a page break)."""
    pages = [""]
    for element in Document(str(path)).element.body:
        if element.tag == qn("w:p"):
            p_pr = element.find(qn("w:pPr"))
            starts = p_pr is not None and p_pr.find(qn("w:pageBreakBefore")) is not None
            breaks = any(br.get(qn("w:type")) == "page" for br in element.iter(qn("w:br")))
            if starts or breaks:
                pages.append("")
        pages[-1] += "".join(t.text or "" for t in element.iter(qn("w:t"))) + "\n"
    return pages


def test_one_file_holds_every_letter_a_page_each_in_the_order_of_the_flats(three_flats, tmp_path):
    folder = tmp_path / "печать"
    folder.mkdir()
    out = folder / "Письма о поверке.docx"
    assert verification_letters_file(three_flats, out, today=TODAY) == 3
    pages = texts_of_pages(out)
    assert len(pages) == 3  # two page breaks between three letters
    for page, (serial, flat) in zip(pages, (("ХВ-1", "1"), ("ХВ-2", "2"), ("ХВ-3", "3"))):
        assert serial in page and f"пом.\u00a0{flat}" in page
        assert all(other not in page for other in ("ХВ-1", "ХВ-2", "ХВ-3") if other != serial)
    assert [p.name for p in folder.iterdir()] == ["Письма о поверке.docx"]  # nothing else left


def test_the_one_file_has_the_same_letters_as_the_files_per_owner(three_flats, tmp_path):
    one = tmp_path / "все.docx"
    verification_letters_file(three_flats, one, today=TODAY)
    separate = verification_letters(three_flats, tmp_path / "по одному", today=TODAY)
    per_owner = ["".join(t.text or "" for t in Document(str(p)).element.body.iter(qn("w:t")))
                 for p in separate]
    together = ["".join(line for line in page.splitlines()) for page in texts_of_pages(one)]
    assert together == per_owner


def test_a_letter_quotes_no_file_name_and_no_row_count(tmp_path):
    recorded = "Реестр собственников помещений на 24.11.2026 выдан (7 строк, файл «реестр.xlsx»)."
    assert without_file_details(recorded) == "Реестр собственников помещений на 24.11.2026 выдан."
    assert without_file_details("Направлен реестр «Реестр на 24.11.2026.xlsx», строк: 158.") == (
        "Направлен реестр.")
    assert without_file_details("Лампа заменена, строка 5 журнала закрыта.") == (
        "Лампа заменена, строка 5 журнала закрыта.")
    out = tmp_path / "ответ.docx"
    render_answer_letter({"answer_text": recorded, "reg_no": "2026-0001"}, out)
    document = Document(str(out))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "выдан." in text
    assert ".xlsx" not in text and "строк" not in text and "файл" not in text
