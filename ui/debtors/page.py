"""«Должники»: the premises in debt by their latest balances, largest debt first.

Filters: the text typed (address, premise, account, owner, phone), the least debt,
the least months in debt, the house. Under the table, the totals of the rows shown.
Buttons: «Загрузить остатки…» (an ОСВ or a debtors list, with the preview of the other
imports), «Загрузки…» (undo one), «Уведомления…» (for the rows shown) and «Обещание
оплатить…» (for the chosen row; Enter or a double click opens it too).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import format_date
from tsj_desk.services.debts import DebtorRow, debtors, total
from tsj_desk.services.promises import promises
from ui import clock, errors
from ui.debtors.model import DebtorLine, DebtorsModel
from ui.house_choice import HouseChoice
from ui.tables import make_table, selected_row


def tr(text: str) -> str:
    return QCoreApplication.translate("DebtorsPage", text)


class DebtorsPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.import_button = QPushButton(self.tr("Загрузить остатки…"))
        self.import_button.setToolTip(self.tr("Оборотно-сальдовая ведомость или список должников "
                                              "из программы начислений (.xlsx, .xls, .csv)"))
        self.batches_button = QPushButton(self.tr("Загрузки…"))
        self.notices_button = QPushButton(self.tr("Уведомления…"))
        self.notices_button.setToolTip(self.tr("«Уведомление о задолженности» каждому должнику в списке"))
        self.log_button = QPushButton(self.tr("Журнал уведомлений…"))
        self.log_button.setToolTip(self.tr("Какие уведомления подготовлены и как доставлены"))
        self.promise_button = QPushButton(self.tr("Обещание оплатить…"))
        self.promise_button.setToolTip(self.tr("Записать дату и сумму, которые обещал должник (Enter)"))
        top.addWidget(self.heading, 1)
        for button in (self.import_button, self.batches_button, self.notices_button, self.log_button,
                       self.promise_button):
            top.addWidget(button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Поиск: адрес, помещение, лицевой счёт, ФИО, телефон…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Ctrl+F")
        self.min_sum = QSpinBox()
        self.min_sum.setRange(0, 100_000_000)
        self.min_sum.setSingleStep(1000)
        self.min_sum.setGroupSeparatorShown(True)
        self.min_sum.setSuffix(self.tr(" руб."))
        self.min_sum.setSpecialValueText(self.tr("любой"))
        self.months = QSpinBox()
        self.months.setRange(0, 120)
        self.months.setSpecialValueText(self.tr("любой"))
        self.house = HouseChoice(self)
        filters.addWidget(self.filter, 2)
        filters.addWidget(QLabel(self.tr("Долг от:")))
        filters.addWidget(self.min_sum)
        filters.addWidget(QLabel(self.tr("Месяцев долга от:")))
        filters.addWidget(self.months)
        filters.addWidget(self.house)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.model = DebtorsModel(self)
        self.table, self.proxy = make_table(self, self.model, "debtors", sort_column=DebtorsModel.DEBT,
                                            sort_order=Qt.SortOrder.DescendingOrder)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        layout.addWidget(self.table, 1)
        self.totals = QLabel()
        layout.addWidget(self.totals)

        self.filter.textChanged.connect(self._filter_text)
        self.min_sum.valueChanged.connect(self.reload)
        self.months.valueChanged.connect(self.reload)
        self.house.changed.connect(self.reload)
        self.import_button.clicked.connect(self.import_balances)
        self.batches_button.clicked.connect(self.show_batches)
        self.notices_button.clicked.connect(self.make_notices)
        self.promise_button.clicked.connect(self.add_promise)
        self.log_button.clicked.connect(self.show_notices)
        self.table.activated.connect(lambda _index: self.add_promise())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.filter.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.reload)
        self._loaded = False

    # -- data

    @Slot()
    def reload(self) -> None:
        today = clock.today()
        try:
            rows = debtors(today=today, min_sum=self.min_sum.value() or None,
                           months=self.months.value() or None, house_id=self.house.house_id())
            open_promises = [p for p in promises(today=today) if p.state != "kept"]
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        latest = {p.premise_id: p for p in sorted(open_promises, key=lambda p: (p.made_at, p.id))}
        self._loaded = True
        self.model.set_rows([DebtorLine(r, latest.get(r.premise_id)) for r in rows])
        self.table.setColumnHidden(0, self.house.isHidden())  # one house: its address says nothing
        dates = {r.balance_date for r in rows}
        on = format_date(max(dates)) if dates else format_date(today)
        self.heading.setText(self.tr("Должники по остаткам на {0}").format(on) if rows
                             else self.tr("Должников нет"))
        self._show_totals()
        self._update_buttons()

    def shown_rows(self) -> list[DebtorRow]:
        """The debtors the table shows, in its order."""
        return [self.proxy.row_at(r).debtor for r in range(self.proxy.rowCount())]

    def _show_totals(self) -> None:
        shown = self.shown_rows()
        summary = total(shown)
        text = self.tr("Итого: {0}").format(summary.text()) if shown else self.tr(
            "Нет должников: загрузите остатки по лицевым счетам («Загрузить остатки…») "
            "или измените условия отбора.")
        broken = sum(1 for line in self.model.rows() if line.promise and line.promise.state == "broken")
        if broken:
            text += self.tr("; не выполнили обещание оплатить: {0}").format(broken)
        self.totals.setText(text)

    @Slot(str)
    def _filter_text(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._show_totals()

    @Slot()
    def _update_buttons(self, *_args) -> None:
        self.promise_button.setEnabled(selected_row(self.table) is not None)
        self.notices_button.setEnabled(self.proxy.rowCount() > 0)

    def page_shown(self) -> None:
        self.house.refresh()
        self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.reload()

    # -- actions

    @Slot()
    def import_balances(self, path=None) -> bool:
        from ui.debtors.import_dialog import BalancesImportDialog

        done = (BalancesImportDialog.run(self, path) if path is not None
                else BalancesImportDialog.choose_and_run(self))
        if done:
            self.reload()
        return done

    @Slot()
    def show_batches(self) -> None:
        from ui.debtors.batches_dialog import BatchesDialog

        dialog = BatchesDialog(self)
        dialog.exec()
        if dialog.changed:
            self.reload()

    @Slot()
    def make_notices(self) -> None:
        from ui.debtors.notices_dialog import NoticesDialog

        rows = self.shown_rows()
        if not rows:
            return
        dialog = NoticesDialog(rows, self)
        if dialog.exec() and dialog.made is not None:
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(dialog.done_text(), 10000)

    @Slot()
    def show_notices(self) -> None:
        from ui.debtors.notices_log import NoticesLog

        NoticesLog(self).exec()

    @Slot()
    def add_promise(self) -> None:
        from ui.debtors.promise_dialog import PromiseDialog

        line = selected_row(self.table)
        if line is None:
            return
        if PromiseDialog(line.debtor, self).exec():
            self.reload()

    def select_premise(self, premise_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).debtor.premise_id == premise_id:
                self.table.selectRow(r)
                return True
        return False

