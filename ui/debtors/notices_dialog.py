"""«Уведомления о задолженности»: for the debtors shown, one file to print (one notice
a page) or a file per debtor, and how they will be delivered; each notice is recorded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from tsj_desk.domain.debts import DELIVERIES, WARNING_DELIVERIES, money_text
from tsj_desk.domain.text import counted
from tsj_desk.services.debt_notices import NoticesMade, debt_notice_files, debt_notices_file
from tsj_desk.services.debts import DebtorRow, total
from ui import clock, errors
from ui.readings.files import documents_folder
from ui.workers import run_with_progress


class NoticesDialog(QDialog):
    def __init__(self, rows: list[DebtorRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = rows
        self.made: NoticesMade | None = None
        self.setWindowTitle(self.tr("Уведомления о задолженности"))
        form = QFormLayout(self)
        summary = total(rows)
        form.addRow(QLabel(self.tr("Для должников в списке: {0}").format(summary.text())))
        self.delivery = QComboBox()
        for code, text in DELIVERIES.items():
            self.delivery.addItem(text, code)
        self.delivery_note = QLabel()
        self.delivery_note.setWordWrap(True)
        self.delivery.currentIndexChanged.connect(self._delivery_changed)
        form.addRow(self.tr("Доставка:"), self.delivery)
        form.addRow(self.delivery_note)
        self.one_file = QRadioButton(self.tr("Одним файлом для печати (по одному на странице)"))
        self.per_debtor = QRadioButton(self.tr("Отдельный файл на каждого должника (в папку)"))
        self.one_file.setChecked(True)
        form.addRow(self.one_file)
        form.addRow(self.per_debtor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Сохранить…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._delivery_changed()

    @Slot()
    def _delivery_changed(self) -> None:
        code = self.delivery.currentData()
        if code in WARNING_DELIVERIES:
            text = self.tr("Годится как письменное предупреждение перед ограничением услуги: "
                           "20 дней считаются со дня доставки (ПП 354 п. 119).")
        else:
            text = self.tr("Как предупреждение перед ограничением услуги закон называет вручение под "
                           "подпись, заказное письмо или платёжный документ; этот способ — только "
                           "напоминание.")
        self.delivery_note.setText(text)

    def ask_target(self) -> Path | None:
        folder = documents_folder()
        if self.one_file.isChecked():
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Сохранить уведомления"),
                                                  str(folder / "Уведомления о задолженности.docx"),
                                                  self.tr("Документ Word (*.docx)"))
            if not name:
                return None
            path = Path(name)
            return path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")
        name = QFileDialog.getExistingDirectory(self, self.tr("Папка для уведомлений"), str(folder))
        return Path(name) if name else None

    @Slot()
    def save(self, target: Path | None = None) -> None:
        target = target or self.ask_target()
        if target is None:
            return
        ids = [r.premise_id for r in self.rows]
        delivery, one = self.delivery.currentData(), self.one_file.isChecked()
        now = clock.now()
        make = debt_notices_file if one else debt_notice_files

        def work(progress, cancel) -> NoticesMade:
            return make(target, today=now.date(), now=now, premise_ids=ids, delivery=delivery,
                        progress=progress, cancel=cancel)

        run_with_progress(self, self.tr("Уведомления о задолженности…"), work,
                          on_finished=self._done, on_failed=lambda exc: errors.show_error(self, exc))

    def _done(self, made: NoticesMade) -> None:
        self.made = made
        self.accept()

    def done_text(self) -> str:
        made = self.made
        if made is None:
            return ""
        where = str(made.files[0]) if len(made.files) == 1 else str(made.files[0].parent)
        return self.tr("{0} на сумму {1}: {2}").format(
            counted(made.count, "уведомление", "уведомления", "уведомлений"),
            money_text(int(made.debt * 100)), where)
