"""«Обещание оплатить»: the date and sum a debtor promised, how it was said, a note."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from tsj_desk.domain.debts import money_text
from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.premise_names import premise_text
from tsj_desk.domain.text import format_date
from tsj_desk.services.debts import DebtorRow
from tsj_desk.services.promises import SOURCES, record_promise
from ui import clock
from ui.widgets import date_edit, error_label, from_qdate, show_problem


class PromiseDialog(QDialog):
    def __init__(self, debtor: DebtorRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.debtor = debtor
        self.promise_id: int | None = None
        self.setWindowTitle(self.tr("Обещание оплатить"))
        form = QFormLayout(self)
        place = premise_text(debtor.premise_number, debtor.kind)
        who = QLabel(self.tr("{0}, л/с {1}: {2}\nДолг {3} на {4}").format(
            place[:1].upper() + place[1:], debtor.account, debtor.owners or "—",
            money_text(debtor.debt_kopecks), format_date(debtor.balance_date)))
        form.addRow(who)
        self.date = date_edit(self, clock.today() + timedelta(days=7))
        self.amount = QLineEdit(money_text(debtor.debt_kopecks, unit=False).replace("\u00a0", " "))
        self.source = QComboBox()
        self.source.addItems(list(SOURCES))
        self.note = QLineEdit()
        form.addRow(self.tr("Оплатит до:"), self.date)
        form.addRow(self.tr("Сумма, руб.:"), self.amount)
        form.addRow(self.tr("Как получено:"), self.source)
        form.addRow(self.tr("Примечание:"), self.note)
        self.problem = error_label(self)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Записать"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @Slot()
    def save(self) -> None:
        try:
            self.promise_id = record_promise(
                self.debtor.premise_id, promised_date=from_qdate(self.date.date()),
                amount=self.amount.text(), now=clock.now(), source=self.source.currentText(),
                note=self.note.text().strip())
        except TsjError as exc:
            show_problem(self.problem, exc.message)
            return
        self.accept()
