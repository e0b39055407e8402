"""The import dialog: preview on a worker, import with progress, bad files, Cancel."""

from __future__ import annotations

import threading

import pytest
from message_boxes import said_messages
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tsj_desk.services.registry import count_premises, list_premises
from ui import colors
from ui.register import import_dialog
from ui.register.import_dialog import ImportDialog

from tests.sheets import sheet


@pytest.fixture
def messages(monkeypatch):
    return said_messages(monkeypatch)


def test_preview_and_import(qtbot, db, samples, today, messages):
    dialog = ImportDialog(None, today=today)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.start_preview(samples / "registry_merged.xlsx")
    assert dialog.model.rowCount() == 7
    assert dialog.status.text().startswith("Строк: 7, без ошибок: 7, ошибок: 0, предупреждений: 0")
    owners = [dialog.proxy.index(r, 4).data() for r in range(7)]
    assert "Зорин Игорь Павлович" in owners
    assert dialog.proxy.index(1, 1).data() == "2"  # the merged premise cell applies to every row
    assert dialog.import_button.isEnabled()
    assert count_premises() == 0

    with qtbot.waitSignal(dialog.imported, timeout=10_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args[0].imported == 7
    assert messages["information"] == ["Загружено 7 строк из 7."]
    assert not dialog.isVisible()
    numbers = [p.number for p in list_premises()]
    assert numbers == ["1", "2", "3", "Н1"]


def write_register(path, rows):
    return sheet(path, ["№ помещения", "Вид помещения", "Площадь", "Собственник", "Доля"], rows,
                 titles=("Реестр собственников",))


def test_rows_with_errors_are_red_and_only_valid_rows_import(qtbot, db, tmp_path, today, messages):
    path = write_register(tmp_path / "реестр.xlsx", [
        ["1", "квартира", "44,5", "Иванов Иван Иванович", "1"],
        ["2", "квартира", "сорок", "Петров Пётр Петрович", "1"],
        ["3", "квартира", "52,1", "Сидорова Анна", "1/2"],
    ])
    dialog = ImportDialog(None, today=today)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.start_preview(path)
    assert dialog.status.text().startswith("Строк: 3, без ошибок: 2, ошибок: 1, предупреждений: 1")
    error_row = dialog.proxy.index(1, 0)
    assert error_row.data() == "4"  # Excel row number
    assert dialog.proxy.index(1, 3).data() == "сорок"  # what the file says
    assert error_row.data(Qt.ItemDataRole.BackgroundRole) == colors.background(colors.Tone.ERROR)
    remarks = dialog.proxy.index(1, 6).data()
    assert remarks == "Ошибка в столбце «Площадь»: площадь «сорок» — не число."
    assert "не число" in error_row.data(Qt.ItemDataRole.ToolTipRole)
    warning_row = dialog.proxy.index(2, 0)
    assert warning_row.data(Qt.ItemDataRole.BackgroundRole) == colors.background(colors.Tone.WARNING)
    assert dialog.proxy.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None

    assert not dialog.import_button.isEnabled()
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert [p.number for p in list_premises()] == ["1", "3"]
    assert messages["information"] == ["Загружено 2 строки из 3. Пропущены строки с ошибками: 1."]


def test_a_text_file_named_xlsx_gives_a_message_and_changes_nothing(qtbot, demo, tmp_path, today, messages):
    bad = tmp_path / "реестр.xlsx"
    bad.write_text("это не таблица, а текст\n", encoding="utf-8")
    before = list_premises()
    dialog = ImportDialog(None, today=today)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_failed, timeout=10_000):
        dialog.start_preview(bad)
    assert len(messages["warning"]) == 1
    assert "«реестр.xlsx»" in messages["warning"][0]
    assert dialog.status.text() == messages["warning"][0]
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()
    assert list_premises() == before


def test_cancel_during_import_rolls_back(qtbot, db, samples, today, messages, monkeypatch):
    started = threading.Event()
    real_import = import_dialog.import_registry

    def import_waiting_for_cancel(*args, **kwargs):
        started.set()
        assert kwargs["cancel"].wait(10)  # the user presses «Отмена» meanwhile
        return real_import(*args, **kwargs)

    monkeypatch.setattr(import_dialog, "import_registry", import_waiting_for_cancel)
    dialog = ImportDialog(None, today=today)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.start_preview(samples / "registry_merged.xlsx")
    with qtbot.waitSignal(dialog.import_failed, timeout=10_000) as failed:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert started.wait(10)
        progress = dialog._job.dialog
        assert progress.labelText() == "Загрузка реестра: registry_merged.xlsx"
        qtbot.waitUntil(progress.isVisible)  # shown once the work takes a moment
        cancel = progress.findChild(QPushButton)
        assert cancel.text() == "Отмена"
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert type(failed.args[0]).__name__ == "Cancelled"
    assert messages["warning"] == ["Операция отменена; данные не изменены."]
    assert count_premises() == 0
    assert dialog.isVisible() and dialog.report is None


def test_page_button_chooses_a_file_and_imports(qtbot, db, samples, today, messages, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from ui.register.page import RegisterPage

    asked = []

    def get_open_file_name(parent, caption, folder, filter_text):
        asked.append(filter_text)
        return str(samples / "registry_simple.xlsx"), filter_text

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open_file_name)

    def run_and_import(self):
        qtbot.waitUntil(lambda: self.preview is not None, timeout=10_000)
        with qtbot.waitSignal(self.imported, timeout=10_000):
            self.import_button.click()
        return self.result()

    monkeypatch.setattr(ImportDialog, "exec", run_and_import)
    page = RegisterPage(today=today)
    qtbot.addWidget(page)
    assert page.proxy.rowCount() == 0
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert asked == ["Таблицы (*.xlsx *.xls *.ods *.csv)"]
    # ten owner rows of seven premises
    assert page.proxy.rowCount() == 7
    assert page.count_label.text() == "Показано 7 помещений"


@pytest.mark.parametrize("dialog_class", ["register", "readings"])
def test_the_sample_saved_from_the_dialog_is_previewed_by_it_without_errors(qtbot, db, tmp_path,
                                                                             monkeypatch, dialog_class):
    from PySide6.QtWidgets import QFileDialog

    from ui.readings.import_dialog import ReadingsImportDialog

    cls = ImportDialog if dialog_class == "register" else ReadingsImportDialog
    target = tmp_path / "мой образец"  # typed without the extension
    offered = []

    def save_dialog(parent, caption, name, filter_):
        offered.append(name)
        return str(target), filter_
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    dialog = cls(None)
    qtbot.addWidget(dialog)
    assert dialog.sample_button.text() == "Скачать образец…"
    qtbot.mouseClick(dialog.sample_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "мой образец.xlsx"
    assert offered == [cls.SAMPLE_NAME] and saved.is_file()
    assert str(saved) in dialog.status.text()
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.start_preview(saved)
    assert dialog.model.rowCount() == 1
    assert "ошибок: 0" in dialog.status.text()
