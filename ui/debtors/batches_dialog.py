"""«Загрузки остатков»: every balances file loaded, and undoing one as a whole."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QVBoxLayout, QWidget

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted, format_date, format_datetime
from tsj_desk.services.debts import BalanceBatchInfo, list_balance_batches, undo_balance_batch
from ui import clock, errors
from ui.tables import RIGHT, Column, RowsModel, make_table, selected_row


def tr(text: str) -> str:
    return QCoreApplication.translate("BatchesModel", text)


class BatchesModel(RowsModel[BalanceBatchInfo]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Загружено"), lambda b: format_datetime(b.at), lambda b: b.at.isoformat(), fit=True,
                   sample="24.11.2026 10:30"),
            Column(tr("Файл"), lambda b: b.file_name, width=24, stretch=3),
            Column(tr("Остатки на"), lambda b: format_date(b.balance_date),
                   lambda b: b.balance_date.isoformat(), fit=True, sample="24.11.2026"),
            Column(tr("Счетов"), lambda b: str(b.imported), lambda b: b.imported, RIGHT, sample="10000"),
            Column(tr("Кто"), lambda b: b.user, width=12),
            Column(tr("Отменена"), lambda b: format_datetime(b.undone_at),
                   lambda b: b.undone_at.isoformat() if b.undone_at else "", fit=True, sample="24.11.2026 10:30"),
        ], parent)


class BatchesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Загрузки остатков"))
        self.resize(860, 420)
        self.changed = False
        layout = QVBoxLayout(self)
        self.model = BatchesModel(self)
        self.table, self.proxy = make_table(self, self.model, "balance-batches")
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.undo_button = buttons.addButton(self.tr("Отменить загрузку"), QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.tr("Закрыть"), QDialogButtonBox.ButtonRole.RejectRole)
        self.undo_button.clicked.connect(self.undo)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(list_balance_batches())

    @Slot()
    def undo(self, *, confirm: bool = True) -> None:
        batch = selected_row(self.table)
        if batch is None or batch.undone_at is not None:
            return
        if confirm and QMessageBox.question(
                self, self.tr("Отменить загрузку"),
                self.tr("Удалить остатки на {0} из файла «{1}» ({2})?").format(
                    format_date(batch.balance_date), batch.file_name,
                    counted(batch.imported, "счёт", "счёта", "счетов"))) != QMessageBox.StandardButton.Yes:
            return
        try:
            undo_balance_batch(batch.id, now=clock.now())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.changed = True
        self.reload()
