"""«Реестр передан…»: how and when the prepared register reached the applicant
(in person against signature, by post with the tracking number, by e-mail). The
request is answered on that date through ``services.register_handout``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from tsj_desk.domain.errors import TsjError, ValidationFailed
from tsj_desk.domain.text import format_date
from tsj_desk.services.journal import RequestCard
from tsj_desk.services.register_handout import HANDOVER_LABELS, Handover, HandoverInput, PreparedRegister
from ui import errors
from ui.journal.step_dialogs import _heading, _hint, _StepDialog
from ui.widgets import date_edit, date_value, show_problem


def tr(text: str) -> str:
    return QCoreApplication.translate("HandoverDialog", text)


class HandoverDialog(_StepDialog):
    def __init__(self, parent: QWidget | None, card: RequestCard, prepared: PreparedRegister, *,
                 today: date, save: Callable[[HandoverInput], None] | None = None):
        super().__init__(parent, tr("Реестр передан заявителю"), _heading(card), tr("Записать"))
        self.layout_.insertWidget(1, _hint(tr(
            "Реестр на {0} подготовлен {1}. Обращение считается отвеченным в день передачи "
            "реестра заявителю; срок — 5 дней (ЖК РФ ст. 45 ч. 3.1) — проверяется по этой дате.")
            .format(format_date(prepared.as_of), format_date(prepared.at))))
        self.way = QComboBox()
        for way in Handover:
            self.way.addItem(tr(HANDOVER_LABELS[way]), way.value)
        self.on = date_edit(self, today)
        self.tracking = QLineEdit()
        self.tracking.setPlaceholderText(tr("почтовый идентификатор, 14 цифр"))
        self.email = QLineEdit()
        self.email.setPlaceholderText(tr("адрес, на который отправлен файл"))
        self.outgoing = QLineEdit()
        self.form.addRow(tr("Способ передачи:"), self.way)
        self.form.addRow(tr("Дата передачи:"), self.on)
        self.form.addRow(tr("Трек-номер:"), self.tracking)
        self.form.addRow(tr("Электронная почта:"), self.email)
        self.form.addRow(tr("Исходящий №:"), self.outgoing)
        self.finish_layout()
        self.way.currentIndexChanged.connect(self._way_changed)
        self._way_changed()
        self.last_field = self.outgoing
        self.way.setFocus()
        self._save = save
        self.value: HandoverInput | None = None

    @Slot()
    def _way_changed(self) -> None:
        way = Handover(self.way.currentData())
        for widget, needed in ((self.tracking, way is Handover.POST), (self.email, way is Handover.EMAIL)):
            widget.setVisible(needed)
            self.form.labelForField(widget).setVisible(needed)

    def handover(self) -> HandoverInput:
        way = Handover(self.way.currentData())
        return HandoverInput(way, on=date_value(self.on),
                             tracking_no=self.tracking.text().strip() if way is Handover.POST else "",
                             email=self.email.text().strip() if way is Handover.EMAIL else "",
                             outgoing_no=self.outgoing.text().strip())

    def save(self) -> None:
        handover = self.handover()
        if self._save is not None:
            try:
                self._save(handover)
            except ValidationFailed as exc:  # what is missing is said in the dialog
                show_problem(self.problem, exc.message)
                return
            except TsjError as exc:
                errors.show_error(self, exc)
                return
        self.value = handover
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, card: RequestCard, prepared: PreparedRegister, *, today: date,
            save: Callable[[HandoverInput], None] | None = None) -> HandoverInput | None:
        dialog = cls(parent, card, prepared, today=today, save=save)
        try:
            return dialog.value if dialog.exec() else None
        finally:
            dialog.deleteLater()
