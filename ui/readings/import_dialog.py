"""«Загрузка показаний из файла»: file → preview of every row with its errors and
warnings → import as one batch (which can be undone).

The preview and the import run on a worker thread; the import shows a progress
dialog whose «Отмена» rolls everything back. By default a file with any error
imports nothing; «Загрузить только строки без ошибок» imports the rest. The errors
can be saved as an .xlsx (the original rows plus «Ошибка») to send back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.services.importing import ImportReport
from tsj_desk.services.readings import import_readings, write_error_report
from ui import clock, errors
from ui.import_base import ImportDialogBase
from ui.readings.files import ask_save_path, written
from ui.readings.import_preview import Preview, PreviewModel, load_preview
from ui.readings.texts import MONTHS, period_key, period_of, readings_text, rows_text
from ui.workers import Job, run_with_progress

class ReadingsImportDialog(ImportDialogBase):
    FILE_CAPTION = "Выберите файл показаний"
    FILE_FILTER = "Показания (*.xlsx *.xls *.ods *.csv)"
    SAMPLE_KIND = "readings"
    SAMPLE_NAME = "Образец показаний счётчиков.xlsx"

    def __init__(self, parent: QWidget | None = None, *, path: Path | str | None = None,
                 period: str | None = None, create_meters: bool = False):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Загрузка показаний из файла"))
        self.resize(1180, 700)
        self.path: Path | None = None
        self.preview: Preview | None = None
        self.report: ImportReport | None = None
        self._job: Job | None = None

        layout = QVBoxLayout(self)
        self._add_file_row(layout)

        options = QHBoxLayout()
        self.use_period = QCheckBox(self.tr("Период показаний:"))
        self.use_period.setToolTip(self.tr(
            "Без отметки период берётся из столбца «Период» файла, а если его нет — "
            "по месяцу даты снятия показаний"))
        self.month = QComboBox()
        self.month.addItems(list(MONTHS))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setGroupSeparatorShown(False)
        chosen = period or period_of(clock.today())
        self.month.setCurrentIndex(int(chosen[5:7]) - 1)
        self.year.setValue(int(chosen[:4]))
        self.create_meters = QCheckBox(self.tr("Создавать неизвестные счётчики"))
        self.create_meters.setToolTip(self.tr(
            "Счётчик, которого нет в базе, создаётся для помещения из строки файла "
            "(ресурс и число тарифов — по строке); его показание становится первым"))
        self.create_meters.setChecked(create_meters)
        options.addWidget(self.use_period)
        options.addWidget(self.month)
        options.addWidget(self.year)
        options.addSpacing(24)
        options.addWidget(self.create_meters)
        options.addStretch(1)
        layout.addLayout(options)

        self._add_status(layout, rich=True)
        self.status.setOpenExternalLinks(True)
        self._add_columns(layout, "readings")

        self._add_preview(layout, PreviewModel(self), "readings-import-preview")
        self.report_button = self.buttons.addButton(self.tr("Сохранить отчёт об ошибках…"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.report_button.clicked.connect(self.save_error_report)

        self._set_period_enabled()
        self.use_period.toggled.connect(self._set_period_enabled)
        for signal in (self.use_period.toggled, self.create_meters.toggled,
                       self.month.currentIndexChanged, self.year.valueChanged):
            signal.connect(self._options_changed)
        self._update_buttons()
        if path is not None:
            self.start_preview(Path(path))

    # -- entry points

    def chosen_period(self) -> str | None:
        if not self.use_period.isChecked():
            return None
        return period_key(self.year.value(), self.month.currentIndex() + 1)

    # -- preview

    @Slot()
    def _set_period_enabled(self) -> None:
        on = self.use_period.isChecked()
        self.month.setEnabled(on)
        self.year.setEnabled(on)

    def start_preview(self, path: Path) -> None:
        self._begin_preview(path, self.tr("Чтение и проверка файла…"))
        today, period, create = clock.today(), self.chosen_period(), self.create_meters.isChecked()
        mapping = self.columns.mapping()
        self._start_preview_job(lambda: load_preview(path, today=today, period=period,
                                                     create_meters=create, mapping=mapping))

    def _preview_shown(self, preview: Preview) -> None:
        for column, tariff in ((PreviewModel.T2, 1), (PreviewModel.T3, 2)):  # shown when the file has them
            self.table.setColumnHidden(column, not any(r.values[tariff] for r in preview.rows))
        layout = preview.parsed.layout  # None for a .csv of 1С/Сбербанк: no header to map
        if layout is None:
            self.columns.clear()
        else:
            self.columns.show_header(layout.cells, note=preview.layout_note)

    @Slot()
    def _update_buttons(self) -> None:
        preview = self.preview
        busy = self._job is not None
        ready = self._ready_to_import(preview.to_import if preview is not None else 0)
        self.import_button.setEnabled(ready and not busy)
        self.report_button.setEnabled(bool(preview and preview.errors) and not busy)
        for widget in (self.choose_button, self.use_period, self.create_meters, self.columns):
            widget.setEnabled(not busy)
        self.month.setEnabled(not busy and self.use_period.isChecked())
        self.year.setEnabled(not busy and self.use_period.isChecked())

    # -- the error report

    @staticmethod
    def ask_report_path(parent: QWidget | None, source: Path) -> Path | None:
        caption = QCoreApplication.translate("ReadingsImportDialog", "Сохранить отчёт об ошибках")
        return ask_save_path(parent, caption, source.with_name(f"{source.stem} — ошибки.xlsx"))

    @Slot()
    def save_error_report(self) -> Path | None:
        preview, path = self.preview, self.path
        if preview is None or path is None or not preview.errors:
            return None
        out = self.ask_report_path(self, path)
        if out is None:
            return None
        try:
            count = write_error_report(preview.checked, out)
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
            return None
        self.status.setText(written(self.tr("Отчёт об ошибках ({0}) сохранён").format(rows_text(count)), out))
        self.status.setStyleSheet("")
        return out

    # -- import

    @Slot()
    def start_import(self) -> None:
        preview, path = self.preview, self.path
        if preview is None or path is None or self._job is not None:
            return
        skip, period, create = self.skip_invalid.isChecked(), self.chosen_period(), self.create_meters.isChecked()
        today, now, checked = clock.today(), clock.now(), preview.checked

        def work(progress, cancel) -> ImportReport:
            return import_readings(path, today=today, now=now, period=period, skip_invalid=skip,
                                   create_meters=create, progress=progress, cancel=cancel, preview=checked)

        self._job = run_with_progress(
            self, self.tr("Загрузка показаний: {0}").format(path.name), work,
            on_finished=self._import_done, on_failed=self._import_failed)
        self._update_buttons()

    def _import_done(self, report: ImportReport) -> None:
        self._import_finished(report)
        text = self.tr("Загружено {0} из файла, строк в файле: {1}.").format(
            readings_text(report.imported), report.rows)
        text += self._skipped_rows_text(report)
        # readings, as «Загружено» counts them (a 1С line holds several)
        skipped = sum(c.duplicate for c in self.preview.checked.valid()) if self.preview else 0
        if skipped > 0:
            text += " " + self.tr("Уже загруженные раньше пропущены: {0}.").format(skipped)
        if report.imported:
            text += "\n\n" + self.tr("Загрузку можно отменить целиком: «Загрузки…» на странице "
                                     "«Показания» → «Отменить загрузку».")
        self._imported_told(self.tr("Показания загружены"), text, report)
