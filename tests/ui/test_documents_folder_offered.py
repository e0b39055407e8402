"""Every save dialog starts in one folder, «Документы\\ТСЖ Деск» (services.folders):
the acts in its «Акты», the register hand-out and the journal export in it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    """A Russian desktop: the Documents folder is «Документы», not made yet."""
    home = tmp_path / "Ольга Петровна"
    config = tmp_path / "настройки"
    config.mkdir()
    home.mkdir()
    (config / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/Документы"\n', encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return home / "Документы" / "ТСЖ Деск"


def test_a_new_act_is_offered_in_the_acts_folder_of_the_documents_folder(db, documents):
    from tsj_desk.services.acts import suggested_act_path

    offered = suggested_act_path("damage", now=datetime(2026, 11, 24, 15, 30))
    assert offered == documents / "Акты" / "Акт о причинении ущерба № 2026-001 от 24.11.2026.docx"


def test_the_register_hand_out_is_written_in_the_documents_folder(qtbot, demo, documents, monkeypatch):
    from ui.register.export_dialog import ExportDialog

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    dialog = ExportDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.file.text() == str(documents / "Реестр собственников на 24.11.2026.xlsx")
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, caption, start, flt: (asked.append(start)
                                                                                            or ("", "")))
    dialog.choose_file()
    assert asked == [str(documents / "Реестр собственников на 24.11.2026.xlsx")]
    assert documents.is_dir()  # the dialog opens in it, not wherever the system puts it
    documents.rmdir()
    dialog.show()
    dialog.requested_by.setText("Петров П. П.")
    dialog.purpose.setEditText("созыв общего собрания")
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        dialog.export_button.click()
    assert (documents / "Реестр собственников на 24.11.2026.xlsx").is_file()


def test_the_journal_export_is_offered_in_the_documents_folder(qtbot, demo, documents, monkeypatch):
    from ui.journal.page import JournalPage

    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, caption, start, flt: (asked.append(start)
                                                                                            or ("", "")))
    page = JournalPage()
    qtbot.addWidget(page)
    page.export()
    assert asked == [str(documents / "Журнал обращений на 24.11.2026.xlsx")]
    assert documents.is_dir()
