"""«Столбцы файла» in both import dialogs: a file whose columns the program does not
know offers them instead of a dead end; picking a field reads the file again; the
import remembers the choice, and the next file with the same header row is read by it."""

from __future__ import annotations

import pytest
from message_boxes import said_messages
from openpyxl import Workbook
from PySide6.QtWidgets import QMessageBox

from tsj_desk.services import column_layouts
from tsj_desk.services.registry import list_premises
from ui.readings.import_dialog import ReadingsImportDialog
from ui.register.import_dialog import ImportDialog

HEADERS = ["Квартира собственника", "Кому принадлежит", "Часть в праве", "Площадь, м²"]


@pytest.fixture
def messages(monkeypatch):
    return said_messages(monkeypatch)


def write_sheet(path, rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def panel_rows(panel) -> list[tuple[str, str]]:
    return [(panel.table.item(row, 0).text(), panel.combo(row).currentText())
            for row in range(panel.table.rowCount())]


def pick(qtbot, dialog, header: str, label: str, signal) -> None:
    """Choose ``label`` in the list of the column ``header`` and wait for the new preview."""
    panel = dialog.columns
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text() == header)
    combo = panel.combo(row)
    index = combo.findText(label)
    assert index >= 0, label
    with qtbot.waitSignal(signal, timeout=10_000):
        combo.setCurrentIndex(index)


def test_register_columns_chosen_by_hand_change_the_preview_and_are_remembered(
        qtbot, db, tmp_path, today, messages):
    path = write_sheet(tmp_path / "реестр из протокола.xlsx", [
        ["Приложение № 1 к протоколу"], HEADERS,
        [1, "Иванов Иван Иванович", "1/2", 52.3],
        [1, "Иванова Мария Петровна", "1/2", 52.3],
        [2, "Петров Пётр Петрович", "1", 64.8],
    ])
    dialog = ImportDialog(None, today=today)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.preview_failed, timeout=10_000):
        dialog.start_preview(path)
    panel = dialog.columns
    assert messages["warning"] == []  # no dead end: the columns are offered instead
    assert panel.isVisible()
    assert panel_rows(panel) == [("Квартира собственника", "не используется"),
                                 ("Кому принадлежит", "не используется"),
                                 ("Часть в праве", "не используется"), ("Площадь, м²", "Площадь")]
    assert "«№ помещения», «Собственник»" in panel.missing.text() and panel.missing.isVisible()
    assert not dialog.import_button.isEnabled()

    pick(qtbot, dialog, "Квартира собственника", "№ помещения *", dialog.preview_failed)
    assert "«Собственник»" in panel.missing.text() and "«№ помещения»" not in panel.missing.text()
    pick(qtbot, dialog, "Кому принадлежит", "Собственник *", dialog.preview_ready)
    assert not panel.missing.isVisible()
    # two owners of flat 1 without shares: the file must say them
    assert dialog.status.text().startswith("Строк: 3, без ошибок: 1, ошибок: 2")
    assert [dialog.proxy.index(r, 4).data() for r in range(3)] == [
        "Иванов Иван Иванович", "Иванова Мария Петровна", "Петров Пётр Петрович"]

    pick(qtbot, dialog, "Часть в праве", "Доля", dialog.preview_ready)
    assert dialog.status.text().startswith("Строк: 3, без ошибок: 3, ошибок: 0")
    assert [dialog.proxy.index(r, 5).data() for r in range(3)] == ["1/2", "1/2", "1"]
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    assert [p.number for p in list_premises()] == ["1", "2"]
    [layout] = column_layouts.list_layouts()
    assert layout.choices_text() == ("«Квартира собственника» — № помещения; «Кому принадлежит» — "
                                     "Собственник; «Часть в праве» — Доля; «Площадь, м²» — Площадь")

    # the next file with the same header row: read by the remembered layout at once
    again = write_sheet(tmp_path / "дополнение.xlsx", [
        HEADERS, [3, "Сидорова Анна Сергеевна", "1", 40]])
    second = ImportDialog(None, today=today)
    qtbot.addWidget(second)
    second.show()
    with qtbot.waitSignal(second.preview_ready, timeout=10_000):
        second.start_preview(again)
    assert second.columns.note.isVisible()
    assert second.columns.note.text() == (
        "Раскладка запомнена: «Квартира собственника» — № помещения; «Кому принадлежит» — "
        "Собственник; «Часть в праве» — Доля; «Площадь, м²» — Площадь (сохранена 24.11.2026).")
    assert second.status.text().startswith("Строк: 1, без ошибок: 1, ошибок: 0")
    assert second.proxy.index(0, 4).data() == "Сидорова Анна Сергеевна"


def test_readings_column_chosen_for_the_reading_fills_the_preview(qtbot, db, tmp_path, messages):
    path = write_sheet(tmp_path / "показания.xlsx", [
        ["Заводской номер", "Квартира", "Текущие", "Дата снятия"],
        ["ХВ-101", "1", 21.25, "20.11.2026"],
        ["ГВ-102", "1", "9,5", "20.11.2026"],
    ])
    dialog = ReadingsImportDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.preview_failed, timeout=10_000):
        dialog.start_preview(path)
    assert messages["warning"] == []
    assert panel_rows(dialog.columns) == [("Заводской номер", "Номер счётчика *"), ("Квартира", "Помещение"),
                                          ("Текущие", "не используется"), ("Дата снятия", "Дата показаний")]
    assert "«Т1»" in dialog.columns.missing.text()
    assert dialog.model.rowCount() == 0

    pick(qtbot, dialog, "Текущие", "Т1 *", dialog.preview_ready)
    assert dialog.model.rowCount() == 2
    assert [dialog.proxy.index(r, 6).data() for r in range(2)] == ["21,25", "9,5"]
    assert [dialog.proxy.index(r, 2).data() for r in range(2)] == ["ХВ-101", "ГВ-102"]

    # «не используется» for the date column: no period, no date — every row says so
    pick(qtbot, dialog, "Дата снятия", "не используется", dialog.preview_ready)
    assert dialog.model.rowCount() == 2
    assert [dialog.proxy.index(r, 5).data() for r in range(2)] == ["", ""]
    assert all("не указаны ни период, ни дата показаний" in dialog.proxy.index(r, 10).data()
               for r in range(2))


def test_settings_list_the_remembered_layouts_and_forget_one_after_asking(qtbot, db, tmp_path, monkeypatch):
    from datetime import datetime

    from tsj_desk.services.registry import import_registry
    from ui.settings_page.page import SettingsPage

    path = write_sheet(tmp_path / "реестр из протокола.xlsx", [
        HEADERS, [1, "Иванов Иван Иванович", "1", 52.3]])
    import_registry(path, now=datetime(2026, 11, 20, 9, 30), backup=False,
                    mapping={"квартира собственника": "premise", "кому принадлежит": "owner",
                             "часть в праве": "share"})
    page = SettingsPage()
    qtbot.addWidget(page)
    page.page_shown()
    tab = page.show_tab(page.layouts)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Раскладки столбцов"
    assert tab.model.rowCount() == 1 and not tab.empty.isVisibleTo(tab)
    assert [tab.proxy.index(0, c).data() for c in range(4)] == [
        "реестр собственников", "20.11.2026 09:30", "реестр из протокола.xlsx",
        "«Квартира собственника» — № помещения; «Кому принадлежит» — Собственник; «Часть в праве» — Доля"]
    assert not tab.forget_button.isEnabled()
    tab.table.selectRow(0)
    assert tab.forget_button.isEnabled()

    asked = []
    answer = {"value": QMessageBox.StandardButton.No}
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text)
                        or answer["value"])
    tab.forget_button.click()
    assert len(asked) == 1 and "реестр из протокола.xlsx" in asked[0]
    assert len(column_layouts.list_layouts()) == 1  # «Нет»: kept

    answer["value"] = QMessageBox.StandardButton.Yes
    tab.table.selectRow(0)
    tab.forget_button.click()
    assert column_layouts.list_layouts() == []
    assert tab.model.rowCount() == 0 and tab.empty.isVisibleTo(tab)
