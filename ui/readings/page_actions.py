"""The readings page's tools: the import, the batches, the meter's history and card, and the
exports (the register, the walk-round sheet, the common meters)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Slot

from tsj_desk.services import readings
from ui import clock, errors
from ui.readings.files import ask_save_path, documents_folder, written
from ui.readings.texts import meters_text, period_of, period_text
from ui.workers import run_with_progress


class PageActions:
    """The tools of ``ReadingsPage`` (mixed into it)."""

    # -- tools

    @Slot()
    def import_from_file(self) -> None:
        from ui.readings.import_dialog import ReadingsImportDialog

        if ReadingsImportDialog.choose_and_run(self, period=self._period):
            self.reload()

    @Slot()
    def import_creating_meters(self) -> None:
        """The import with «Создавать неизвестные счётчики» ticked: a base without meters."""
        from ui.readings.import_dialog import ReadingsImportDialog

        if ReadingsImportDialog.choose_and_run(self, period=self._period, create_meters=True):
            self.reload()

    @Slot()
    def show_batches(self) -> None:
        from ui.readings.batches_dialog import BatchesDialog

        if BatchesDialog.run(self):
            self.reload()

    @Slot()
    def show_verification(self) -> None:
        from ui.readings.verification_dialog import VerificationDialog

        VerificationDialog.run(self)

    @Slot()
    def show_history(self) -> None:
        from ui.readings.history_dialog import MeterHistoryDialog

        row = self.selected_row()
        if row is None:
            errors.show_message(self, self.tr("Выберите счётчик в таблице."))
            return
        MeterHistoryDialog.show_for(self, row.line, period=self._period)

    @Slot()
    def show_card(self) -> None:
        from ui.meters.card import MeterCardDialog

        row = self.selected_row()
        if row is None:
            errors.show_message(self, self.tr("Выберите счётчик в таблице."))
        elif MeterCardDialog.edit(self, row.line.meter_id):
            self.reload()

    @Slot()
    def add_common_meter(self) -> None:
        from ui.meters.card import add_common_meter

        if add_common_meter(self, house_id=self._house_id):
            self.reload()

    @Slot()
    def export_register(self) -> None:
        period = self._period
        out = ask_save_path(self, self.tr("Реестр показаний"),
                            documents_folder() / self.tr("Реестр показаний {0}.xlsx").format(period_text(period)))
        if out is not None:
            self._export(self.tr("Реестр показаний за {0}").format(period_text(period)), out,
                         lambda: readings.export_readings(period, out))

    @Slot()
    def export_walk_sheet(self) -> None:
        period, house_id = self._period, self._house_id
        out = ask_save_path(self, self.tr("Обходной лист"),
                            documents_folder() / self.tr("Обходной лист {0}.xlsx").format(period_text(period)))
        if out is not None:
            self._export(self.tr("Обходной лист за {0}").format(period_text(period)), out,
                         lambda: readings.walk_sheet(out, period=period, house_id=house_id))

    @Slot()
    def export_common_meters(self) -> None:
        today, house_id = clock.today(), self._house_id
        out = ask_save_path(self, self.tr("Показания ОДПУ за 3 года"), documents_folder()
                            / self.tr("ОДПУ за 3 года по {0}.xlsx").format(period_text(period_of(today))))
        if out is not None:
            self._export(self.tr("Показания ОДПУ за 3 года"), out,
                         lambda: readings.common_meter_report(out, today=today, house_id=house_id), counted=False)

    def _export(self, what: str, out: Path, write: Callable[[], int], *, counted: bool = True) -> None:
        if self._job is not None:
            return

        def done(count: object) -> None:
            self._job = None
            text = self.tr("{0} сохранён").format(what)
            if counted and isinstance(count, int):
                text += f" ({meters_text(count)})"
            self.status.setText(written(text, out))

        def failed(exc: BaseException) -> None:
            self._job = None
            errors.show_error(self, exc)

        self._job = run_with_progress(self, self.tr("{0}…").format(what), lambda progress, cancel: write(),
                                      on_finished=done, on_failed=failed, cancellable=False)

