"""«Одним файлом для печати…»: the chosen verification letters in one .docx, a letter a page."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn

from ui.readings.verification_dialog import VerificationDialog


def new_pages(path) -> int:
    body = Document(str(path)).element.body
    return sum(1 for p in body.iter(qn("w:pageBreakBefore"))) + sum(
        1 for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page")


def test_the_chosen_letters_go_into_one_file_to_print(qtbot, demo, tmp_path, monkeypatch):
    dialog = VerificationDialog()
    qtbot.addWidget(dialog)
    assert not dialog.print_file_button.isEnabled()  # nothing chosen
    dialog.table.selectAll()
    chosen = dialog.selected_rows()
    premises = {r.premise_number for r in chosen if r.premise_number != "ОДПУ"}
    assert dialog.print_file_button.isEnabled() and len(premises) > 1
    out = tmp_path / "Письма о поверке.docx"
    monkeypatch.setattr(VerificationDialog, "ask_print_file", staticmethod(lambda parent, today: out))
    dialog.print_file_button.click()
    qtbot.waitUntil(lambda: dialog._job is None, timeout=30_000)
    assert out.is_file()
    assert new_pages(out) == len(premises) - 1  # one letter a page
    assert "в одном файле, по письму на странице" in dialog.status.text()
    assert "Открыть файл" in dialog.status.text()
