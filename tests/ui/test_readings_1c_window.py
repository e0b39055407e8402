"""The readings import window counts a 1С/Сбербанк registry as the command line does:
lines are rows (a line without readings is a row without errors), readings are what
is loaded or skipped as loaded before."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tsj_desk.domain.meters import Resource
from tsj_desk.services import readings
from ui.readings.import_dialog import ReadingsImportDialog


@pytest.fixture
def messages(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    return said


def open_dialog(qtbot, path) -> ReadingsImportDialog:
    dialog = ReadingsImportDialog(None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        dialog.start_preview(path)
    return dialog


def test_a_line_without_readings_is_a_row_without_errors_and_loaded_readings_are_counted(
        qtbot, demo, tmp_path, messages):
    # two meters of the demo repeat their October readings (already loaded), a third
    # gets its November reading, all on one line; a second line has only unused slots
    plain = lambda line: line.tariffs == 1 and line.resource is not Resource.ELECTRICITY  # noqa: E731
    first, second = [x for x in readings.entry_sheet("2026-10") if x.current is not None and plain(x)][:2]
    fresh = next(x for x in readings.entry_sheet("2026-11")
                 if x.current is None and x.previous and plain(x) and x.meter_id not in (first.meter_id,
                                                                                          second.meter_id))
    code = {Resource.COLD_WATER: "9", Resource.HOT_WATER: "8", Resource.GAS: "1", Resource.HEAT: "10"}
    slot = lambda m, value, day: f"{code[m.resource]};{m.serial};;;{str(value).replace('.', ',')};{day};"  # noqa: E731
    text = "\r\n".join([
        "#FILESUM 0", "",
        f"0001;Жилец;;;Коломна, кв. 1;{slot(first, first.current[0], '20.10.2026')};"
        f"{slot(second, second.current[0], '20.10.2026')};{slot(fresh, fresh.previous[0] + 1, '20.11.2026')}",
        "0002;Жилец;;;Коломна, кв. 2;;;;;;[];;;;;;;[];",
    ]) + "\r\n"
    path = tmp_path / "реестр.txt"
    path.write_bytes(text.encode("cp1251"))
    dialog = open_dialog(qtbot, path)
    assert dialog.status.text().startswith("Строк: 2, без ошибок: 2, ошибок: 0")
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as imported:
        dialog.import_button.click()
    assert imported.args[0].imported == 1
    assert messages[0].startswith("Загружено 1 показание из файла, строк в файле: 2. "
                                  "Уже загруженные раньше пропущены: 2.")
