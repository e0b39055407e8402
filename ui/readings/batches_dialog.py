"""«Загрузки»: every import of a readings file; one can be undone as a whole."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import format_datetime
from tsj_desk.services.readings import BatchInfo, list_batches, undo_batch
from ui import clock, colors, errors
from ui.readings.texts import readings_text, tr
from ui.tables import RIGHT, Column, RowsModel, make_table, selected_row


class BatchesModel(RowsModel[BatchInfo]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Когда"), lambda b: format_datetime(b.at), lambda b: b.at, width=16),
            Column(tr("Файл"), lambda b: b.file_name, width=30, tooltip=lambda b: f"Контрольная сумма файла: {b.sha256}"),
            Column(tr("Кто"), lambda b: b.user, width=12),
            Column(tr("Строк"), lambda b: str(b.rows), lambda b: b.rows, RIGHT, width=7),
            Column(tr("Загружено"), lambda b: str(b.imported), lambda b: b.imported, RIGHT, width=9),
            Column(tr("Предупреждений"), lambda b: str(b.warnings), lambda b: b.warnings, RIGHT, width=13),
            Column(tr("Новых счётчиков"), lambda b: str(b.meters_created), lambda b: b.meters_created,
                   RIGHT, width=14),
            Column(tr("Отменена"), lambda b: format_datetime(b.undone_at),
                   lambda b: b.undone_at.isoformat() if b.undone_at else "", width=16),
        ], parent)

    def tone(self, row: BatchInfo) -> colors.Tone:
        return colors.Tone.MUTED if row.undone_at is not None else colors.Tone.NORMAL


class BatchesDialog(QDialog):
    undone = Signal(int)  # batch id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Загрузки показаний"))
        self.resize(1000, 460)
        self.changed = False
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Каждая загрузка файла — отдельная партия. Отмена загрузки удаляет все "
                              "показания (и созданные ею счётчики) этой партии; остальные данные не меняются."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.model = BatchesModel(self)
        self.table, self.proxy = make_table(self, self.model, "readings-batches",
                                            sort_order=Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.undo_button = self.buttons.addButton(self.tr("Отменить загрузку"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.addButton(self.tr("Закрыть"), QDialogButtonBox.ButtonRole.RejectRole)
        self.undo_button.clicked.connect(self.undo_selected)
        close.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reload()

    @classmethod
    def run(cls, parent: QWidget | None) -> bool:
        """Show the loads; True when one was undone (the page reloads then)."""
        dialog = cls(parent)
        try:
            dialog.exec()
            return dialog.changed
        finally:
            dialog.deleteLater()

    def reload(self) -> None:
        try:
            batches = list_batches()
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.model.set_rows(batches)
        if not batches:
            self.status.setText(self.tr("Загрузок из файлов ещё не было."))
        self._update_buttons()

    def batches(self) -> list[BatchInfo]:
        return [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]

    def select_batch(self, batch_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).id == batch_id:
                self.table.selectRow(r)
                return True
        return False

    def selected_batch(self) -> BatchInfo | None:
        return selected_row(self.table)

    @Slot()
    def _update_buttons(self) -> None:
        batch = self.selected_batch()
        self.undo_button.setEnabled(batch is not None and batch.undone_at is None)

    def confirm_undo(self, batch: BatchInfo) -> bool:
        """Ask before removing a batch's readings."""
        answer = QMessageBox.question(
            self, self.tr("Отменить загрузку"),
            self.tr("Отменить загрузку файла «{0}» от {1}?\n\nБудут удалены показания этой "
                    "загрузки: {2}{3}. Вернуть их можно, загрузив файл снова.").format(
                batch.file_name, format_datetime(batch.at), batch.imported,
                self.tr(", и созданные ею счётчики: {0}").format(batch.meters_created)
                if batch.meters_created else ""),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def undo_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None or batch.undone_at is not None or not self.confirm_undo(batch):
            return
        try:
            removed = undo_batch(batch.id, now=clock.now())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.changed = True
        self.reload()
        self.select_batch(batch.id)
        self.status.setText(self.tr("Загрузка «{0}» отменена: удалено {1}.").format(
            batch.file_name, readings_text(removed)))
        self.undone.emit(batch.id)
