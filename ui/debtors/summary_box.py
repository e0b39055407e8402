"""The Сводка's promises to pay: two numbers beside the journal's, «Обещали оплатить»
(promises due within the week) and «Не оплатили» (the promised date passed and no
lower balance came since; a debtor who paid is no longer counted). Each opens the
«Должники» page; the tooltip names the promises."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QWidget

from tsj_desk.domain.debts import PROMISE_DUE_DAYS, money_text
from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted, format_date
from tsj_desk.services.promises import PromiseRow, PromisesSummary, promises_summary
from ui import clock, colors
from ui.summary.tiles import NumberTile

DEBTORS_PAGE = "debtors"


def promise_line(p: PromiseRow) -> str:
    return f"пом. {p.premise_number} — {money_text(int(p.amount * 100))} до {format_date(p.promised_date)}"


class PromisesBox(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("promises-box")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.due = NumberTile(self.tr("Обещали оплатить"), self)
        self.broken = NumberTile(self.tr("Не оплатили"), self)
        for tile in (self.due, self.broken):
            tile.clicked.connect(self.open_debtors)
            layout.addWidget(tile)
        self.summary: PromisesSummary | None = None

    @staticmethod
    def _names(rows: list[PromiseRow]) -> str:
        return "\n".join(promise_line(p) for p in rows)

    @Slot()
    def refresh(self) -> None:
        try:
            summary = promises_summary(today=clock.today())
        except TsjError:
            return  # a busy base: the next showing tries again
        self.summary = summary
        days = counted(PROMISE_DUE_DAYS, "день", "дня", "дней")
        self.due.set_value(len(summary.due), self.tr("срок в ближайшие {0}").format(days),
                           colors.Tone.WARNING if summary.due else colors.Tone.NORMAL)
        self.broken.set_value(len(summary.broken), self.tr("к обещанной дате: долг не уменьшился"),
                              colors.Tone.ERROR if summary.broken else colors.Tone.NORMAL)
        self.due.setToolTip(self._names(summary.due) or self.tr("Нет обещаний со сроком на этой неделе"))
        self.broken.setToolTip(self._names(summary.broken) or self.tr("Нарушенных обещаний нет"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    @Slot()
    def open_debtors(self) -> None:
        window = self.window()
        pages = getattr(window, "pages", None)
        if isinstance(window, QMainWindow) and isinstance(pages, dict) and DEBTORS_PAGE in pages:
            window.show_page(DEBTORS_PAGE)
