"""«Загрузка реестра из Excel»: file → preview with problems highlighted → import.

Both the preview and the import run on a worker thread; the import shows a
progress dialog whose «Отмена» rolls everything back.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.text import counted
from tsj_desk.services.registry import ImportReport, import_registry
from ui import clock
from ui.column_mapping import ColumnMappingPanel, header_not_found
from ui.import_base import ImportDialogBase
from ui.register.import_preview import Preview, PreviewModel, load_preview
from ui.workers import Job, run_with_progress

def rows_text(count: int) -> str:
    return counted(count, "строка", "строки", "строк")


class ImportDialog(ImportDialogBase):
    FILE_CAPTION = "Выберите файл реестра собственников"
    FILE_FILTER = "Таблицы (*.xlsx *.xls *.ods)"
    SAMPLE_KIND = "registry"
    SAMPLE_NAME = "Образец реестра собственников.xlsx"

    def __init__(self, parent: QWidget | None = None, *, path: Path | str | None = None,
                 today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Загрузка реестра собственников из Excel"))
        self.resize(1180, 700)
        self._today = today or clock.today()
        self.path: Path | None = None
        self.preview: Preview | None = None
        self.report: ImportReport | None = None
        self._job: Job | None = None

        layout = QVBoxLayout(self)
        self._add_file_row(layout)

        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        # the house address the file's title names, offered for the house: never written silently
        self.address_label = QLabel()
        self.address_label.setWordWrap(True)
        self.write_address = QCheckBox()
        layout.addWidget(self.address_label)
        layout.addWidget(self.write_address)
        self._show_address(None)
        # «Столбцы файла»: what each column of the file was taken for, changeable
        self.columns = ColumnMappingPanel("registry", self)
        self.columns.mapping_changed.connect(self._mapping_changed)
        layout.addWidget(self.columns)

        self._add_preview(layout, PreviewModel(self), "import-preview")
        self._update_buttons()
        if path is not None:
            self.start_preview(Path(path))

    # -- entry points

    # -- preview

    def start_preview(self, path: Path) -> None:
        if path != self.path:  # another file: its own columns
            self.columns.forget_choice()
            self.columns.clear()
        self.path = path
        self.preview = None
        self._show_address(None)
        self.model.set_rows([])
        self.file_label.setText(self.tr("Файл: {0}").format(path))
        self._set_status(self.tr("Чтение файла…"))
        today, mapping = self._today, self.columns.mapping()
        self._job = Job(lambda progress, cancel: load_preview(path, today, mapping))
        self._job.finished.connect(self._preview_loaded)
        self._job.failed.connect(self._preview_failed)
        self._job.start()
        self._update_buttons()

    def _preview_shown(self, preview: Preview) -> None:
        self._show_address(preview.address)
        layout = preview.parsed.layout
        if layout is not None:
            self.columns.show_header(layout.cells, note=preview.layout_note)

    @Slot(object)
    def _preview_failed(self, exc: BaseException) -> None:
        """No header found: the file's columns are offered to say which is which."""
        missing = header_not_found(exc)
        if missing is None or not missing.cells:
            super()._preview_failed(exc)
            return
        self._job = None
        self.preview = None
        self.columns.show_header(missing.cells, missing=missing.missing_text)
        self._set_status(self.columns.not_found_text(self.path.name if self.path else ""), error=True)
        self._update_buttons()
        self.preview_failed.emit(exc)

    @Slot(object)
    def _mapping_changed(self, _mapping) -> None:
        if self.path is not None and self._job is None:
            self.start_preview(self.path)

    def _show_address(self, offer) -> None:
        self.address_label.setVisible(offer is not None)
        self.write_address.setVisible(offer is not None)
        if offer is None:
            self.write_address.setChecked(False)
            return
        self.address_label.setText(self.tr("Адрес из файла: {0}").format(offer.from_file))
        text = self.tr("Записать этот адрес дому")
        if offer.current is not None:
            text += self.tr(" (у дома уже есть адрес: {0})").format(offer.current)
        self.write_address.setText(text)
        self.write_address.setChecked(offer.write_by_default)

    def house_address(self) -> str | None:
        """The address the import writes to the house: only when the box is ticked."""
        offer = self.preview.address if self.preview is not None else None
        if offer is None or not self.write_address.isChecked():
            return None
        return offer.from_file

    @Slot()
    def _update_buttons(self) -> None:
        preview = self.preview
        busy = self._job is not None
        self.skip_invalid.setEnabled(bool(preview and preview.errors and preview.valid))
        ready = (preview is not None and preview.valid > 0
                 and (preview.errors == 0 or self.skip_invalid.isChecked()))
        self.import_button.setEnabled(ready and not busy)
        self.choose_button.setEnabled(not busy)
        self.columns.setEnabled(not busy)

    # -- import

    @Slot()
    def start_import(self) -> None:
        preview, path = self.preview, self.path
        if preview is None or path is None or self._job is not None:
            return
        skip, parsed = self.skip_invalid.isChecked(), preview.parsed
        address = self.house_address()
        now = clock.now()

        def work(progress, cancel) -> ImportReport:
            return import_registry(path, now=now, skip_invalid=skip, progress=progress,
                                   cancel=cancel, parsed=parsed, house_address=address)

        self._job = run_with_progress(
            self, self.tr("Загрузка реестра: {0}").format(path.name), work,
            on_finished=self._import_done, on_failed=self._import_failed)
        self._update_buttons()

    def _import_done(self, report: ImportReport) -> None:
        self._job = None
        self.report = report
        self._update_buttons()
        text = self.tr("Загружено {0} из {1}.").format(rows_text(report.imported), report.rows)
        if report.errors:
            text += " " + self.tr("Пропущены строки с ошибками: {0}.").format(len({p.row for p in report.errors}))
        QMessageBox.information(self, self.tr("Реестр загружен"), text)
        self.imported.emit(report)
        self.accept()
