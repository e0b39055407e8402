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
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.text import counted
from tsj_desk.services.registry import ImportReport, import_registry
from ui import clock
from ui.import_base import ImportDialogBase
from ui.register.import_preview import Preview, PreviewModel, load_preview
from ui.workers import Job, run_with_progress

def rows_text(count: int) -> str:
    return counted(count, "строка", "строки", "строк")


class ImportDialog(ImportDialogBase):
    FILE_CAPTION = "Выберите файл реестра собственников"
    FILE_FILTER = "Таблицы (*.xlsx *.xls *.ods *.csv)"
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
        self._picked_house: int | None = None  # the house the user chose in the list

        layout = QVBoxLayout(self)
        self._add_file_row(layout)

        self._add_status(layout)
        # with several houses: which one the register goes to (preselected from the title)
        self.house_row = QWidget()
        house_line = QHBoxLayout(self.house_row)
        house_line.setContentsMargins(0, 0, 0, 0)
        house_line.addWidget(QLabel(self.tr("Дом, в который загрузить реестр:")))
        self.house_combo = QComboBox()
        self.house_combo.setMinimumContentsLength(40)
        self.house_combo.setPlaceholderText(self.tr("выберите дом"))
        self.house_combo.activated.connect(self._house_picked)
        house_line.addWidget(self.house_combo, 1)
        self.house_note = QLabel()
        self.house_note.setWordWrap(True)
        layout.addWidget(self.house_row)
        layout.addWidget(self.house_note)
        self._show_houses(None)
        # the house address the file's title names, offered for the house: never written silently
        self.address_label = QLabel()
        self.address_label.setWordWrap(True)
        self.write_address = QCheckBox()
        layout.addWidget(self.address_label)
        layout.addWidget(self.write_address)
        self._show_address(None)
        self._add_columns(layout, "registry")

        self._add_preview(layout, PreviewModel(self), "import-preview")
        self._update_buttons()
        if path is not None:
            self.start_preview(Path(path))

    # -- entry points

    # -- preview

    def start_preview(self, path: Path) -> None:
        if path != self.path:  # another file: its own house (and its own columns)
            self._picked_house = None
        self._show_address(None)
        self._show_houses(None)
        self._begin_preview(path, self.tr("Чтение файла…"))
        today, mapping, house = self._today, self.columns.mapping(), self._picked_house
        self._start_preview_job(lambda: load_preview(path, today, mapping, house))

    def _preview_shown(self, preview: Preview) -> None:
        self._show_houses(preview)
        self._show_address(preview.address)
        layout = preview.parsed.layout
        if layout is not None:
            self.columns.show_header(layout.cells, note=preview.layout_note)

    def _show_houses(self, preview: Preview | None) -> None:
        """The list of houses, shown when the base has several."""
        choice = preview.choice if preview is not None else None
        several = choice is not None and choice.several
        self.house_row.setVisible(several)
        self.house_note.setVisible(several)
        if not several:
            return
        self.house_combo.blockSignals(True)
        self.house_combo.clear()
        for house_id, address in choice.houses.items():
            self.house_combo.addItem(address, house_id)
        self.house_combo.setCurrentIndex(self.house_combo.findData(preview.house_id)
                                         if preview.house_id is not None else -1)
        self.house_combo.blockSignals(False)
        if choice.named_missing:
            note = self.tr("В заголовке файла указан дом «{0}», а в базе такого дома нет. "
                           "Выберите дом, в который загрузить реестр.").format(choice.named)
        elif preview.house_id is None:
            note = self.tr("В файле адрес дома не указан. Выберите дом, в который загрузить реестр.")
        elif self._picked_house is None:
            note = self.tr("Дом выбран по адресу в заголовке файла.")
        else:
            note = ""
        self.house_note.setText(note)
        self.house_note.setVisible(bool(note))

    @Slot(int)
    def _house_picked(self, index: int) -> None:
        house_id = self.house_combo.itemData(index)
        if house_id is None or self.path is None or self._job is not None:
            return
        if self.preview is not None and house_id == self.preview.house_id:
            return
        self._picked_house = house_id  # the rows are checked again against that house
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
        ready = (self._ready_to_import(preview.valid if preview is not None else 0)
                 and not (preview.choice is not None and preview.choice.several and preview.house_id is None))
        self.import_button.setEnabled(ready and not busy)
        self.choose_button.setEnabled(not busy)
        self.columns.setEnabled(not busy)
        self.house_combo.setEnabled(not busy)

    # -- import

    @Slot()
    def start_import(self) -> None:
        preview, path = self.preview, self.path
        if preview is None or path is None or self._job is not None:
            return
        skip, parsed = self.skip_invalid.isChecked(), preview.parsed
        address = self.house_address()
        house = preview.house_id
        now = clock.now()

        def work(progress, cancel) -> ImportReport:
            return import_registry(path, now=now, skip_invalid=skip, progress=progress,
                                   cancel=cancel, parsed=parsed, house_address=address, house_id=house)

        self._job = run_with_progress(
            self, self.tr("Загрузка реестра: {0}").format(path.name), work,
            on_finished=self._import_done, on_failed=self._import_failed)
        self._update_buttons()

    def _import_done(self, report: ImportReport) -> None:
        self._import_finished(report)
        text = self.tr("Загружено {0} из {1}.").format(rows_text(report.imported), report.rows)
        text += self._skipped_rows_text(report)
        self._imported_told(self.tr("Реестр загружен"), text, report)
