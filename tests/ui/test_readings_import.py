"""The readings import dialog on the demo database: preview with row errors, the error
report, importing on the worker, Cancel, and undoing a load from «Загрузки»."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from message_boxes import said_messages
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tsj_desk.domain.meters import fmt
from tsj_desk.services import readings
from ui import colors
from ui.readings import import_dialog as import_module
from ui.readings.batches_dialog import BatchesDialog
from ui.readings.import_dialog import ReadingsImportDialog
from ui.readings.import_preview import PreviewModel

from tests.sheets import sheet

TODAY = date(2026, 11, 24)


@pytest.fixture
def messages(monkeypatch):
    return said_messages(monkeypatch)


def open_dialog(qtbot, path, **options) -> ReadingsImportDialog:
    dialog = ReadingsImportDialog(None, **options)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        dialog.start_preview(path)
    return dialog


def remarks(dialog: ReadingsImportDialog, row: int) -> str:
    return dialog.proxy.index(row, PreviewModel.REMARKS).data()


def november_count() -> int:
    """Meters with a reading for 11.2026 (the month the demo has not entered yet)."""
    return sum(1 for line in readings.entry_sheet("2026-11") if line.current is not None)


def write_readings(path, rows):
    return sheet(path, ["Кв.", "Номер счётчика", "Дата снятия", "Т1", "Т2"], rows,
                 titles=("Показания счётчиков за ноябрь 2026",))


def good_rows(count: int, *, spike: bool = False) -> list[list]:
    """Readings of the demo's own meters for 11.2026, a few units above October's."""
    rows = []
    lines = [line for line in readings.entry_sheet("2026-11")
             if line.premise_number and line.next_verification and line.next_verification > TODAY][:count]
    for index, line in enumerate(lines):
        step = 500 if spike and index == 0 else 1.5
        values = [fmt(v + step) if v is not None else None for v in line.previous[:line.tariffs]]
        rows.append([line.premise_number, line.serial, "22.11.2026", *values])
    return rows


def test_the_gis_sample_against_the_demo_shows_every_unknown_meter_and_imports_nothing(
        qtbot, demo, samples, tmp_path, messages, monkeypatch):
    dialog = open_dialog(qtbot, samples / "readings_gis.xlsx")
    assert not dialog.create_meters.isChecked()
    assert dialog.status.text().startswith("Строк: 3, без ошибок: 0, ошибок: 3, предупреждений: 0")
    assert dialog.model.rowCount() == 3
    for row, gis in enumerate(("GIS-000145", "GIS-000146", "GIS-000147")):
        assert dialog.proxy.index(row, 0).data() == str(row + 2)  # the sheet's row
        assert dialog.proxy.index(row, 2).data() == gis
        assert remarks(dialog, row) == (f"Ошибка в столбце «Номер ПУ в ГИС ЖКХ»: счётчик с номером "
                                        f"в ГИС ЖКХ «{gis}» не найден.")
        assert dialog.proxy.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) == colors.background(
            colors.Tone.ERROR)
    assert dialog.proxy.index(2, 6).data() == "10450" and dialog.proxy.index(2, 7).data() == "5120"
    assert not dialog.import_button.isEnabled()
    assert not dialog.skip_invalid.isEnabled()  # no row is good: nothing to load either way

    out = tmp_path / "ошибки.xlsx"
    monkeypatch.setattr(ReadingsImportDialog, "ask_report_path", staticmethod(lambda parent, source: out))
    assert dialog.report_button.isEnabled()
    dialog.report_button.click()
    assert "Отчёт об ошибках (3 строки) сохранён" in dialog.status.text()
    sheet = load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if "Ошибка" in r)
    column = header.index("Ошибка")
    found = [r[column] for r in rows[rows.index(header) + 1:] if r[column]]
    assert len(found) == 3 and all("не найден" in text for text in found)
    assert "GIS-000147" in [c for r in rows for c in r]  # the original rows are there
    assert november_count() == 0 and messages["warning"] == []


def test_create_meters_changes_the_preview_of_a_file_with_known_premises(qtbot, demo, samples):
    dialog = open_dialog(qtbot, samples / "readings_1c.csv")
    assert dialog.preview.errors == dialog.model.rowCount() > 0  # every meter unknown
    assert all("не найден" in remarks(dialog, r) for r in range(dialog.model.rowCount()))
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        dialog.create_meters.setChecked(True)  # the preview runs again
    assert dialog.preview.errors == 0
    assert all("Будет создан новый счётчик." in remarks(dialog, r) for r in range(dialog.model.rowCount()))


def test_a_good_file_imports_on_the_worker_and_undoing_the_load_restores_the_counts(
        qtbot, demo, tmp_path, messages, monkeypatch):
    path = write_readings(tmp_path / "показания ноябрь.xlsx", good_rows(6, spike=True))
    dialog = open_dialog(qtbot, path)
    assert dialog.status.text().startswith("Строк: 6, без ошибок: 6, ошибок: 0, предупреждений: 1")
    assert "больше 3× обычного" in remarks(dialog, 0)
    assert dialog.proxy.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == colors.background(
        colors.Tone.WARNING)
    assert dialog.proxy.index(1, 9).data() == "1,5"  # consumption computed in the preview
    assert dialog.import_button.isEnabled() and not dialog.report_button.isEnabled()
    before = november_count()

    with qtbot.waitSignal(dialog.imported, timeout=20_000) as imported:
        dialog.import_button.click()
    report = imported.args[0]
    assert report.imported == 6 and report.batch_id is not None
    assert messages["information"][0].startswith("Загружено 6 показаний из файла, строк в файле: 6.")
    assert "можно отменить" in messages["information"][0]
    assert november_count() == before + 6 and not dialog.isVisible()

    batches = BatchesDialog()
    qtbot.addWidget(batches)
    newest = batches.batches()[0]
    assert (newest.file_name, newest.imported, newest.warnings) == ("показания ноябрь.xlsx", 6, 1)
    assert not batches.undo_button.isEnabled()  # nothing chosen yet
    assert batches.select_batch(report.batch_id) and batches.undo_button.isEnabled()

    asked = []
    monkeypatch.setattr(BatchesDialog, "confirm_undo", lambda self, batch: asked.append(batch.id) or False)
    batches.undo_button.click()
    assert asked == [report.batch_id] and november_count() == before + 6  # «Нет»: nothing changes

    monkeypatch.setattr(BatchesDialog, "confirm_undo", lambda self, batch: True)
    batches.undo_button.click()
    assert november_count() == before
    assert batches.status.text() == "Загрузка «показания ноябрь.xlsx» отменена: удалено 6 показаний."
    assert batches.selected_batch().undone_at is not None and not batches.undo_button.isEnabled()
    assert batches.changed


def test_a_file_with_an_error_loads_nothing_unless_only_good_rows_are_asked_for(
        qtbot, demo, tmp_path, messages):
    rows = good_rows(3)
    rows[1][3] = "сто"
    path = write_readings(tmp_path / "с ошибкой.xlsx", rows)
    dialog = open_dialog(qtbot, path)
    assert dialog.status.text().startswith("Строк: 3, без ошибок: 2, ошибок: 1, предупреждений: 0")
    assert remarks(dialog, 1) == "Ошибка в столбце «Т1»: показание «сто» — не число."
    assert dialog.proxy.index(1, 6).data() == "сто"  # what the file says
    assert not dialog.import_button.isEnabled()
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    assert november_count() == 2
    assert "Пропущены строки с ошибками: 1." in messages["information"][0]


def test_cancel_during_the_import_changes_nothing(qtbot, demo, tmp_path, messages, monkeypatch):
    started = threading.Event()
    real_import = import_module.import_readings

    def import_waiting_for_cancel(*args, **kwargs):
        started.set()
        assert kwargs["cancel"].wait(10)  # the user presses «Отмена» meanwhile
        return real_import(*args, **kwargs)

    monkeypatch.setattr(import_module, "import_readings", import_waiting_for_cancel)
    path = write_readings(tmp_path / "показания.xlsx", good_rows(4))
    dialog = open_dialog(qtbot, path)
    dialog.show()
    with qtbot.waitSignal(dialog.import_failed, timeout=20_000) as failed:
        dialog.import_button.click()
        assert started.wait(10)
        progress = dialog._job.dialog
        assert progress.labelText() == "Загрузка показаний: показания.xlsx"
        qtbot.waitUntil(progress.isVisible)
        cancel = progress.findChild(QPushButton)
        assert cancel.text() == "Отмена"
        cancel.click()
    assert type(failed.args[0]).__name__ == "Cancelled"
    assert messages["warning"] == ["Операция отменена; данные не изменены."]
    assert november_count() == 0 and readings.list_batches() == []
    assert dialog.isVisible() and dialog.report is None


def test_the_period_option_overrides_the_dates_of_the_file(qtbot, demo, tmp_path):
    path = write_readings(tmp_path / "показания.xlsx", good_rows(2))
    dialog = open_dialog(qtbot, path)
    assert dialog.chosen_period() is None and dialog.proxy.index(0, 4).data() == "11.2026"
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        dialog.use_period.setChecked(True)  # the page's period (11.2026) is offered
    assert dialog.chosen_period() == "2026-11"
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        dialog.month.setCurrentIndex(9)
    assert dialog.proxy.index(0, 4).data() == "10.2026"
    # October is loaded already, with other values
    assert "уже есть" in remarks(dialog, 0)


def test_the_page_button_chooses_a_file_imports_it_and_the_grid_shows_it(
        qtbot, demo, tmp_path, messages, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from ui.readings.page import ReadingsPage

    path = write_readings(tmp_path / "показания.xlsx", good_rows(2))
    filters = []

    def get_open_file_name(parent, caption, folder, filter_text):
        filters.append(filter_text)
        return str(path), filter_text

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open_file_name)

    def run_and_import(self):
        qtbot.waitUntil(lambda: self.preview is not None, timeout=20_000)
        self.start_import()
        qtbot.waitUntil(lambda: self.report is not None, timeout=20_000)
        return 1

    monkeypatch.setattr(ReadingsImportDialog, "exec", run_and_import)
    page = ReadingsPage()
    qtbot.addWidget(page)
    page.import_button.click()
    assert filters == ["Показания (*.xlsx *.xls *.ods *.csv)"]
    first = page.model.row_at(0)
    assert first.texts[0] == fmt(first.line.previous[0] + 1.5) and not first.changed
