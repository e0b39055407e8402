"""Handing out the register writes a file and shows up in «Выдача реестра»."""

from __future__ import annotations

import hashlib

from keys import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tsj_desk.services.disclosure import list_disclosures
from ui.register.export_dialog import ExportDialog


def test_export_writes_the_file_and_the_log_page_shows_it(qtbot, main_window, tmp_path, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    out = tmp_path / "реестр для собрания.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    log_page = main_window.show_page("disclosures")
    assert log_page.model.rowCount() == 0
    assert log_page.count_label.text() == "Реестр ещё не выдавался"
    main_window.show_page("register")

    dialog = ExportDialog(main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.export_button.isEnabled()  # to whom and why are required
    type_text(dialog.requested_by, "Петров Пётр Петрович, кв. 12")
    assert not dialog.export_button.isEnabled()
    assert dialog.problem.text() == "Укажите цель выдачи реестра."
    dialog.purpose.setCurrentIndex(0)
    dialog.choose_file()  # «Обзор…»
    assert dialog.file.text() == str(out)
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as exported:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    result = exported.args[0]
    assert out.exists()
    assert result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert said and f"{out}" in said[0] and "Выдача записана в журнал «Выдача реестра»" in said[0]
    assert not dialog.isVisible()

    # the chairman clicks «Выдача реестра» in the navigation
    from ui.main_window import PAGES

    item = main_window.navigation.item([p.key for p in PAGES].index("disclosures"))
    rect = main_window.navigation.visualItemRect(item)
    qtbot.mouseClick(main_window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main_window.current_key() == "disclosures"  # the page refreshes when shown
    shown = log_page.visible_disclosures()
    assert [d.requested_by for d in shown] == ["Петров Пётр Петрович, кв. 12"]
    assert log_page.proxy.index(0, 2).data() == "Петров Пётр Петрович, кв. 12"
    assert log_page.proxy.index(0, 3).data() == "созыв и проведение общего собрания собственников"
    assert log_page.proxy.index(0, 5).data() == str(result.rows)
    assert log_page.proxy.index(0, 6).data() == out.name
    assert log_page.proxy.index(0, 7).data() == result.sha256
    assert log_page.count_label.text() == "1 выдача"


def test_docx_format_changes_the_file_name(qtbot, demo, tmp_path):
    dialog = ExportDialog(None)
    qtbot.addWidget(dialog)
    dialog.file.setText(str(tmp_path / "реестр.xlsx"))
    dialog.docx.setChecked(True)
    assert dialog.file.text() == str(tmp_path / "реестр.docx")


def test_failed_export_is_shown_and_nothing_is_logged(qtbot, demo, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    dialog = ExportDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.requested_by.setText("Петров П. П.")
    dialog.purpose.setEditText("созыв общего собрания")
    dialog.file.setText(str(tmp_path / "нет такой папки" / "реестр.xlsx"))
    with qtbot.waitSignal(dialog.export_failed, timeout=20_000):
        dialog.export_button.click()
    assert warnings and "не существует" in warnings[0]
    assert dialog.isVisible()
    assert list_disclosures() == []
