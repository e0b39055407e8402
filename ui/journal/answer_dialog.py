"""The answer to a request: text, date, channel, outgoing number, result.

Keyboard path: the focus starts in the text; Tab goes through date, channel,
outgoing number, result (a letter chooses: «у», «о», «р»), the reason of a refusal
and, for a quality complaint, the decision on recalculation; Ctrl+Enter saves.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QTime, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.journal import Channel, Result
from tsj_desk.domain.recalculation import RECALCULATION_CHOICES
from tsj_desk.domain.text import format_date, format_datetime
from tsj_desk.services.journal import AnswerInput, RequestCard
from ui import clock, errors
from ui.journal.forms import KeyboardDialog
from ui.widgets import date_edit, date_value, error_label, show_problem
from ui.form_guard import prepare_form

QUALITY = "utility_quality"

Save = Callable[[AnswerInput], object]


def tr(text: str) -> str:
    return QCoreApplication.translate("AnswerDialog", text)


class AnswerDialog(KeyboardDialog):
    def __init__(self, parent: QWidget | None, card: RequestCard, *, today: date | None = None,
                 save: Save | None = None):
        super().__init__(parent)
        self.card = card
        self._save = save
        self._result: AnswerInput | None = None
        self.setWindowTitle(tr("Ответ на обращение № {0}").format(card.reg_no))
        layout = QVBoxLayout(self)
        due = format_datetime(card.due_at) if card.due_at else format_date(card.due_date)
        heading = QLabel(tr("№ {0} от {1}, {2}. Срок ответа: {3}").format(
            card.reg_no, format_datetime(card.received_at), card.applicant, due))
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)

        form = QFormLayout()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumSize(480, 110)
        self.text.setPlaceholderText(tr("ответ по существу обращения"))
        self.on = date_edit(self, today or clock.today())
        # a deadline in hours (an emergency's 30 minutes) is met or missed by the minute
        self.in_hours = card.due_at is not None
        self.at = QTimeEdit(self)
        self.at.setDisplayFormat("HH:mm")
        current = clock.now()
        self.at.setTime(QTime(current.hour, current.minute))
        self.at.setVisible(self.in_hours)
        when = QHBoxLayout()
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(self.on)
        when.addWidget(self.at)
        when.addStretch(1)
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel.label, channel.value)
        self.channel.setCurrentIndex(self.channel.findData(card.channel.value))
        self.channel_hint = QLabel(tr(
            "По умолчанию ответ направляется тем же способом, каким поступило обращение "
            "({0}; ПП 416 п. 37), если заявитель не просил иначе.").format(card.channel.label))
        self.channel_hint.setWordWrap(True)
        self.channel_hint.setMinimumWidth(480)  # a word-wrapped form row is laid out for its minimum width
        self.channel_hint.setStyleSheet("color: palette(placeholder-text);")
        self.outgoing_no = QLineEdit()
        self.outgoing_no.setPlaceholderText(tr("исходящий номер письма, если есть"))
        self.result = QComboBox()
        self.result.setPlaceholderText(tr("выберите результат"))
        for result in Result:
            self.result.addItem(result.label, result.value)
        self.refusal_label = QLabel(tr("Причина отказа:"))
        self.refusal_reason = QLineEdit()
        self.refusal_reason.setPlaceholderText(tr("обязательно при отказе"))
        self.recalculation_label = QLabel(tr("Решение о перерасчёте:"))
        self.recalculation = QComboBox()
        self.recalculation.setEditable(True)
        self.recalculation.addItems([tr(c) for c in RECALCULATION_CHOICES])
        self.recalculation.setCurrentIndex(-1)
        self.recalculation.lineEdit().setPlaceholderText(tr("обязательно для жалобы на качество"))
        form.addRow(tr("Текст ответа:"), self.text)
        form.addRow(tr("Дата и время ответа:") if self.in_hours else tr("Дата ответа:"), when)
        form.addRow(tr("Способ ответа:"), self.channel)
        form.addRow("", self.channel_hint)
        form.addRow(tr("Исходящий номер:"), self.outgoing_no)
        form.addRow(tr("Результат:"), self.result)
        form.addRow(self.refusal_label, self.refusal_reason)
        form.addRow(self.recalculation_label, self.recalculation)
        layout.addLayout(form)
        self.problem = error_label(self)
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(tr("Записать ответ (Ctrl+Enter)"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(tr("Отмена"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

        chain = [self.text, self.on, self.at, self.channel, self.outgoing_no, self.result,
                 self.refusal_reason, self.recalculation, self.save_button, cancel]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

        self.is_quality = card.category.code == QUALITY
        self.recalculation_label.setVisible(self.is_quality)
        self.recalculation.setVisible(self.is_quality)
        self.result.currentIndexChanged.connect(self._result_changed)
        self._result_changed()
        self.text.setFocus()
        prepare_form(self, self.text)

    @classmethod
    def ask(cls, parent: QWidget | None, card: RequestCard, *, today: date | None = None,
            save: Save | None = None) -> AnswerInput | None:
        """Show the dialog; the answer that was saved, or None when cancelled."""
        dialog = cls(parent, card, today=today, save=save)
        try:
            dialog.exec()
            return dialog.answer_saved()
        finally:
            dialog.deleteLater()

    @Slot()
    def _result_changed(self) -> None:
        refused = self.result.currentData() == Result.REFUSED.value
        self.refusal_label.setVisible(refused)
        self.refusal_reason.setVisible(refused)
        # the last field decides where Enter saves
        self.last_field = (self.recalculation if self.is_quality
                           else self.refusal_reason if refused else self.result)

    def answer(self) -> AnswerInput:
        refused = self.result.currentData() == Result.REFUSED.value
        return AnswerInput(
            text=self.text.toPlainText().strip(),
            on=date_value(self.on) or clock.today(),
            at=self.at.time().toPython() if self.in_hours else None,
            channel=self.channel.currentData(),
            outgoing_no=self.outgoing_no.text().strip(),
            result=self.result.currentData() or "",
            refusal_reason=self.refusal_reason.text().strip() if refused else "",
            recalculation=self.recalculation.currentText().strip() if self.is_quality else "",
        )

    def problem_text(self) -> tuple[str, QWidget] | None:
        answer = self.answer()
        if not answer.text:
            return tr("Введите текст ответа."), self.text
        if not answer.result:
            return tr("Выберите результат: удовлетворено, отказано или разъяснено."), self.result
        if answer.result == Result.REFUSED.value and not answer.refusal_reason:
            return tr("При отказе укажите его причину."), self.refusal_reason
        if self.is_quality and not answer.recalculation:
            return tr("В ответе на жалобу о качестве укажите решение о перерасчёте платы."), self.recalculation
        return None

    def answer_saved(self) -> AnswerInput | None:
        return self._result

    def save(self) -> None:
        problem = self.problem_text()
        if problem is not None:
            text, field = problem
            show_problem(self.problem, text)
            field.setFocus()
            return
        show_problem(self.problem, None)
        answer = self.answer()
        try:
            if self._save is not None:
                self._save(answer)
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self._result = answer
        self.accept()
