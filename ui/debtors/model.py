"""The debtors table: a row per premise in debt, with the promise to pay if any."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from tsj_desk.domain.debts import money_text
from tsj_desk.domain.text import format_date
from tsj_desk.services.debts import DebtorRow
from tsj_desk.services.promises import PromiseRow
from ui import colors
from ui.tables import CENTER, RIGHT, Column, RowsModel


def tr(text: str) -> str:
    return QCoreApplication.translate("DebtorsModel", text)


@dataclass(frozen=True)
class DebtorLine:
    debtor: DebtorRow
    promise: PromiseRow | None = None  # the latest promise not kept

    @property
    def promise_text(self) -> str:
        p = self.promise
        if p is None:
            return ""
        return tr("{0} до {1}, {2}").format(money_text(int(p.amount * 100), unit=False),
                                            format_date(p.promised_date), p.state_text)


def _months(line: DebtorLine) -> str:
    return str(line.debtor.months) if line.debtor.months is not None else ""


class DebtorsModel(RowsModel[DebtorLine]):
    DEBT = 5

    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Дом"), lambda r: r.debtor.house_address, width=16, stretch=2,
                   tooltip=lambda r: r.debtor.house_address),
            Column(tr("Пом."), lambda r: r.debtor.premise_number, lambda r: r.debtor.sort_key, CENTER,
                   sample="Н12"),
            Column(tr("Лицевой счёт"), lambda r: r.debtor.account, fit=True, sample="1000012"),
            Column(tr("Собственник"), lambda r: r.debtor.owners, width=20, stretch=3,
                   tooltip=lambda r: r.debtor.owners),
            Column(tr("Телефон"), lambda r: r.debtor.phones, width=12, stretch=2,
                   tooltip=lambda r: r.debtor.phones or None),
            Column(tr("Долг, руб."), lambda r: money_text(r.debtor.debt_kopecks, unit=False),
                   lambda r: r.debtor.debt, RIGHT, sample="1 234 567,89"),
            Column(tr("На дату"), lambda r: format_date(r.debtor.balance_date),
                   lambda r: r.debtor.balance_date.isoformat(), fit=True, sample="24.11.2026"),
            Column(tr("Мес."), _months, lambda r: r.debtor.months if r.debtor.months is not None else -1,
                   RIGHT, sample="99"),
            Column(tr("Обещание оплатить"), lambda r: r.promise_text, lambda r: r.promise_text, width=24,
                   stretch=3, tooltip=lambda r: (r.promise.note or None) if r.promise else None),
        ], parent)

    def tone(self, row: DebtorLine) -> colors.Tone:
        if row.promise is not None and row.promise.state == "broken":
            return colors.Tone.ERROR
        if row.promise is not None and row.promise.state == "due":
            return colors.Tone.WARNING
        return colors.Tone.NORMAL
