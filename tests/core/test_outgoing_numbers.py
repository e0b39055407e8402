"""The outgoing number of an answer, typed as it is written on paper, printed once
after «Исх. №» in the letter and «исх. №» in the card and the registration book."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document

from tsj_desk.services import journal
from tsj_desk.services.letters import make_answer_letter
from tsj_desk.services.outgoing_numbers import bare_outgoing_no, outgoing_text


@pytest.mark.parametrize(("typed", "bare"), [
    ("45", "45"), ("Исх. 45", "45"), ("исх. № 45-П", "45-П"), ("№ 45", "45"), ("№45", "45"),
    ("Исх-17", "17"), ("исходящий № 2026/15", "2026/15"), (" N 7 ", "7"), ("Нр-3", "Нр-3"), ("", ""),
])
def test_the_words_before_the_number_are_left_out(typed, bare):
    assert bare_outgoing_no(typed) == bare


def test_the_card_and_the_book_say_isx_once():
    assert outgoing_text("Исх. № 15") == "исх. № 15"
    assert outgoing_text("15") == "исх. № 15"
    assert outgoing_text("  ") == ""


def test_the_letter_prints_the_number_typed_with_its_words_once(db, tmp_path: Path, fixed_clock):
    now = fixed_clock.moment
    reg_no = journal.register_request(journal.RequestInput(
        category="maintenance", received_at=now, applicant="Зорина Алла Ивановна",
        text="Не горит лампа в подъезде"), now=now)
    journal.answer_request(reg_no, journal.AnswerInput(
        text="Лампа заменена.", on=date(2026, 11, 24), outgoing_no="Исх. № 45"), now=now)
    document = Document(str(make_answer_letter(reg_no, tmp_path / "ответ.docx")))
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Исх. № 45 от 24.11.2026" in cells
    assert "Исх. № Исх." not in cells
