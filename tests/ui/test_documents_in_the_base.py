"""The window opens the documents kept in the base on a PC that never had their files:
an act from the acts page and the act dialog, an attachment and a letter from the
request card; a document the base only refers to is explained, not a traceback."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices

from tsj_desk.services import acts
from tsj_desk.services.journal import AnswerInput, RequestInput, answer_request, register_request
from ui.acts import act_files as act_files_module
from ui.acts import page as page_module
from ui.acts.act_dialog import ActDialog
from ui.acts.model import ActRow
from ui.acts.page import ActsPage
from ui.journal import letters as journal_letters
from ui.journal.request_card import RequestCardDialog

NOW = datetime(2026, 11, 24, 15, 30)


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


@pytest.fixture
def opened(monkeypatch):
    """The files the window asked the system to open."""
    files: list[Path] = []
    monkeypatch.setattr(page_module.printing, "open_document", lambda path: files.append(Path(path)))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: files.append(Path(url.toLocalFile())) or True)
    return files


@pytest.fixture
def errors_said(monkeypatch):
    said: list[str] = []
    from ui import errors

    monkeypatch.setattr(errors, "show_error", lambda parent, exc: said.append(str(exc)))
    return said


def an_act_of_another_pc(tmp_path: Path) -> tuple[acts.ActInfo, bytes]:
    """An act saved by another PC into its own folder, which this PC does not have."""
    other = tmp_path / "компьютер бухгалтера"
    act = acts.create_act("damage", {"cause": "лопнул шланг в кв. 17"}, now=NOW, out=other / "акт.docx")
    made = (other / "акт.docx").read_bytes()
    shutil.rmtree(other)
    return act, made


def test_the_acts_page_opens_an_act_whose_file_is_only_in_the_base(qtbot, demo, tmp_path, opened):
    act, made = an_act_of_another_pc(tmp_path)
    page = ActsPage()
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    page.table.selectRow(0)
    assert page.current_act().id == act.id
    assert ActRow.of(page.current_act()).missing is False  # not tinted: the base has it
    page.open_file()
    assert len(opened) == 1
    assert opened[0].name == "акт.docx" and opened[0].read_bytes() == made
    assert not opened[0].is_relative_to(tmp_path)  # this PC's private temporary folder


def test_the_act_dialog_opens_the_stored_act(qtbot, demo, tmp_path, monkeypatch):
    act, made = an_act_of_another_pc(tmp_path)
    shown: list[Path] = []
    monkeypatch.setattr(act_files_module.printing, "open_document", lambda path: shown.append(Path(path)))
    dialog = ActDialog(None, act_id=act.id)
    qtbot.addWidget(dialog)
    dialog.open_file()
    assert [p.read_bytes() for p in shown] == [made]


def test_an_act_only_referred_to_is_explained(qtbot, demo, tmp_path, opened, errors_said):
    act, _ = an_act_of_another_pc(tmp_path)
    from tsj_desk.storage.models import Act, StoredFile

    # as the migration leaves an act whose file was on another PC
    StoredFile.update(content=None, size=0, missing_path="D:\\Акты\\акт.docx").where(
        StoredFile.id == Act.get_by_id(act.id).stored_file_id).execute()
    page = ActsPage()
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    page.table.selectRow(0)
    assert ActRow.of(page.current_act()).missing is True
    page.open_file()
    assert opened == []
    assert len(errors_said) == 1
    assert errors_said[0].startswith("Файл «акт.docx» не найден на этом компьютере и ещё не перенесён "
                                     "в базу: он лежал в «D:\\Акты\\акт.docx»")


def test_the_request_card_opens_an_attachment_and_a_letter_made_on_another_pc(qtbot, demo, tmp_path,
                                                                            opened, monkeypatch):
    other = tmp_path / "компьютер диспетчера"
    other.mkdir()
    scan = other / "заявление.pdf"
    scan.write_bytes(b"%PDF-1.4 the applicant's letter")
    reg_no = register_request(RequestInput(
        category="other", received_at=datetime(2026, 11, 23, 10, 0), applicant="Петрова Анна Ивановна",
        text="Прошу выдать справку", attachments=[scan]), now=datetime(2026, 11, 23, 10, 0))
    answer_request(reg_no, AnswerInput("Справка выдана.", date(2026, 11, 24), at=time(11, 0)), now=NOW)
    monkeypatch.setattr(journal_letters, "letters_folder", lambda: other / "Письма")
    letter = journal_letters.make_letter(None, reg_no, journal_letters.ANSWER)
    letter_bytes = letter.read_bytes()
    shutil.rmtree(other)
    opened.clear()

    card = RequestCardDialog(None, reg_no)
    qtbot.addWidget(card)
    card.show()
    names = [card.attachments.item(i).text() for i in range(card.attachments.count())]
    assert names == ["заявление.pdf", f"Ответ на обращение {reg_no}.docx"]
    card.attachments.setCurrentRow(0)
    card.open_file_button.click()
    card.attachments.setCurrentRow(1)
    card.open_file_button.click()
    assert [p.read_bytes() for p in opened] == [b"%PDF-1.4 the applicant's letter", letter_bytes]


def test_save_as_writes_the_attachment_into_the_folder_the_user_picks(qtbot, demo, tmp_path, monkeypatch):
    scan = tmp_path / "акт сверки.pdf"
    scan.write_bytes(b"%PDF-1.4 reconciliation")
    reg_no = register_request(RequestInput(
        category="other", received_at=datetime(2026, 11, 23, 10, 0), applicant="Петрова Анна Ивановна",
        text="Прошу сверить начисления", attachments=[scan]), now=datetime(2026, 11, 23, 10, 0))
    scan.unlink()
    card = RequestCardDialog(None, reg_no)
    qtbot.addWidget(card)
    picked = tmp_path / "Мои документы" / "сверка от Петровой.pdf"
    picked.parent.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(card, "ask_save_path", lambda name: asked.append(name) or picked)
    card.attachments.setCurrentRow(0)
    card.save_file_button.click()
    assert asked == ["акт сверки.pdf"]
    assert picked.read_bytes() == b"%PDF-1.4 reconciliation"
