"""«Журнал уведомлений»: every notice to a debtor made, who made it and when, how it
is delivered and on what day; «Отметить доставку…» records how and when one reached
the debtor (the 20 days of ПП 354 п. 119 run from that day)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.debts import DELIVERIES, money_text
from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import format_date, format_datetime
from tsj_desk.services.debt_notices import NoticeRow, notices, set_delivery
from ui import clock, errors
from ui.tables import RIGHT, Column, RowsModel, make_table, selected_row
from ui.widgets import date_edit, date_value


def tr(text: str) -> str:
    return QCoreApplication.translate("NoticesLog", text)


class NoticesModel(RowsModel[NoticeRow]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Подготовлено"), lambda n: format_datetime(n.made_at), lambda n: n.made_at.isoformat(),
                   fit=True, sample="24.11.2026 10:30"),
            Column(tr("Пом."), lambda n: n.premise_number, fit=True, sample="Н12"),
            Column(tr("Лицевой счёт"), lambda n: n.account, fit=True, sample="1000012"),
            Column(tr("Долг, руб."), lambda n: money_text(int(n.debt * 100), unit=False), lambda n: n.debt,
                   RIGHT, sample="1 234 567,89"),
            Column(tr("На дату"), lambda n: format_date(n.balance_date), lambda n: n.balance_date.isoformat(),
                   fit=True, sample="24.11.2026"),
            Column(tr("Кто"), lambda n: n.user, width=12),
            Column(tr("Доставка"), lambda n: n.delivery_text, width=14),
            Column(tr("Доставлено"), lambda n: format_date(n.delivered_on),
                   lambda n: n.delivered_on.isoformat() if n.delivered_on else "", fit=True, sample="24.11.2026"),
        ], parent)


class DeliveryDialog(QDialog):
    def __init__(self, notice: NoticeRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Доставка уведомления"))
        form = QFormLayout(self)
        self.delivery = QComboBox()
        for code, text in DELIVERIES.items():
            self.delivery.addItem(text, code)
        self.delivery.setCurrentIndex(max(self.delivery.findData(notice.delivery), 0))
        self.day = date_edit(self, notice.delivered_on or clock.today())
        form.addRow(self.tr("Как доставлено:"), self.delivery)
        form.addRow(self.tr("Дата доставки:"), self.day)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Записать"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class NoticesLog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Журнал уведомлений о задолженности"))
        self.resize(980, 460)
        layout = QVBoxLayout(self)
        self.model = NoticesModel(self)
        self.table, self.proxy = make_table(self, self.model, "debt-notices")
        self.table.setSortingEnabled(False)  # the latest run first, each in its printed order
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.deliver_button = buttons.addButton(self.tr("Отметить доставку…"),
                                                QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.tr("Закрыть"), QDialogButtonBox.ButtonRole.RejectRole)
        self.deliver_button.clicked.connect(self.mark_delivered)
        self.table.activated.connect(lambda _index: self.mark_delivered())
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(notices())

    @Slot()
    def mark_delivered(self, dialog: DeliveryDialog | None = None) -> bool:
        notice = selected_row(self.table)
        if notice is None:
            return False
        dialog = dialog or DeliveryDialog(notice, self)
        if dialog.result() != QDialog.DialogCode.Accepted and not dialog.exec():
            return False
        try:
            set_delivery(notice.id, dialog.delivery.currentData(), delivered_on=date_value(dialog.day),
                         now=clock.now())
        except TsjError as exc:
            errors.show_error(self, exc)
            return False
        self.reload()
        return True
