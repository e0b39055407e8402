"""«Аннулировать обращение»: a request registered by mistake is voided with a reason.

``VoidDialog.ask()`` returns the reason, or None when cancelled; tests replace it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from tsj_desk.services.journal import RequestCard
from ui.journal.step_dialogs import _heading, _hint, _StepDialog
from ui.widgets import show_problem
from ui.form_guard import prepare_form

REASONS = ("зарегистрировано повторно", "зарегистрировано по ошибке", "заявитель отозвал до регистрации")


def tr(text: str) -> str:
    return QCoreApplication.translate("VoidDialog", text)


class VoidDialog(_StepDialog):
    def __init__(self, parent: QWidget | None, card: RequestCard):
        super().__init__(parent, tr("Аннулировать обращение"), _heading(card), tr("Аннулировать"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("например: {0}").format(REASONS[0]))
        self.reason.setMaxLength(500)
        self.form.addRow(tr("Причина:"), self.reason)
        self.form.addRow("", _hint(tr(
            "Аннулированное обращение остаётся в журнале под своим номером, серым, с причиной; "
            "в Сводке и в доле ответов в срок оно не считается. Ответить на него будет нельзя, "
            "отменить аннулирование — тоже.")))
        self.finish_layout()
        self.last_field = self.reason
        self.reason.setFocus()
        self.value: str | None = None
        prepare_form(self, self.reason)

    def save(self) -> None:
        reason = " ".join(self.reason.text().split())
        if not reason:
            show_problem(self.problem, tr("Укажите причину аннулирования."))
            self.reason.setFocus()
            return
        self.value = reason
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, card: RequestCard) -> str | None:
        dialog = cls(parent, card)
        try:
            return dialog.value if dialog.exec() else None
        finally:
            dialog.deleteLater()
