"""Small dialogs of the steps of a request: inspection, act, closing, register hand-out.

Each has an ``ask()`` class method returning what was entered, or None when
cancelled, so tests replace it. Enter on the last field or Ctrl+Enter confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.journal import DAYS_AFTER_INSPECTION_ACT
from tsj_desk.domain.text import format_date, format_datetime
from tsj_desk.services.journal import RequestCard
from ui.journal.forms import KeyboardDialog, datetime_edit, from_qdatetime
from ui.register.export_dialog import PURPOSES
from ui.widgets import date_edit, date_value, error_label, show_problem
from ui.form_guard import prepare_form


def tr(text: str) -> str:
    return QCoreApplication.translate("JournalSteps", text)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setMinimumWidth(420)  # a word-wrapped form row is laid out for its minimum width
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class _StepDialog(KeyboardDialog):
    def __init__(self, parent: QWidget | None, title: str, heading: str, ok_text: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        head = QLabel(heading)
        head.setWordWrap(True)
        head.setStyleSheet("font-weight: bold;")
        self.layout_.addWidget(head)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.problem = error_label(self)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(tr("Отмена"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self.ok_button.setDefault(True)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.problem)
        self.layout_.addWidget(self.buttons)


def _heading(card: RequestCard) -> str:
    return tr("Обращение № {0} от {1}, {2}").format(
        card.reg_no, format_datetime(card.received_at), card.applicant)


class InspectionDialog(_StepDialog):
    """«Назначить проверку»: when the inspection of a quality complaint takes place."""

    def __init__(self, parent: QWidget | None, card: RequestCard, *, now: datetime):
        super().__init__(parent, tr("Назначить проверку"), _heading(card), tr("Назначить"))
        suggested = max(now, card.received_at + timedelta(hours=2))
        self.at = datetime_edit(self, suggested.replace(second=0, microsecond=0))
        self.form.addRow(tr("Дата и время проверки:"), self.at)
        self.form.addRow("", _hint(tr(
            "Время проверки согласуйте с заявителем: не позднее 2 часов с получения "
            "сообщения, если не согласовано иное (ПП 354 п. 108). После проверки "
            "составьте акт: ответ — в течение {0} дней после акта.").format(DAYS_AFTER_INSPECTION_ACT)))
        self.finish_layout()
        self.last_field = self.at
        self.at.setFocus()
        self.value: datetime | None = None
        prepare_form(self, self.at)

    def save(self) -> None:
        self.value = from_qdatetime(self.at.dateTime())
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, card: RequestCard, *, now: datetime) -> datetime | None:
        dialog = cls(parent, card, now=now)
        try:
            return dialog.value if dialog.exec() else None
        finally:
            dialog.deleteLater()


class ActDateDialog(_StepDialog):
    """«Акт проверки составлен»: its date starts the 5 days of the answer."""

    def __init__(self, parent: QWidget | None, card: RequestCard, *, today: date):
        super().__init__(parent, tr("Акт проверки составлен"), _heading(card), tr("Записать"))
        self.on = date_edit(self, today)
        self.form.addRow(tr("Дата акта проверки:"), self.on)
        self.form.addRow("", _hint(tr(
            "Ответ на жалобу — в течение {0} дней после акта проверки; новый срок "
            "появится в карточке.").format(DAYS_AFTER_INSPECTION_ACT)))
        self.finish_layout()
        self.last_field = self.on
        self.on.setFocus()
        self.value: date | None = None
        prepare_form(self, self.on)

    def save(self) -> None:
        self.value = date_value(self.on)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, card: RequestCard, *, today: date) -> date | None:
        dialog = cls(parent, card, today=today)
        try:
            return dialog.value if dialog.exec() else None
        finally:
            dialog.deleteLater()


@dataclass(frozen=True)
class Closing:
    satisfaction: int | None  # the applicant's score 1–5, when they gave one
    comment: str = ""  # their words (services.satisfaction)
    channel: str = ""  # how the score was asked: «телефон», «лично»; "" — not said


SATISFACTION_TEXTS = {
    5: "5 — полностью удовлетворён",
    4: "4",
    3: "3",
    2: "2",
    1: "1 — совсем не удовлетворён",
}


class CloseDialog(_StepDialog):
    """«Закрыть обращение»: with the applicant's score, if they gave one, how it was
    asked (по телефону, лично) and their words. Enter in any field closes."""

    def __init__(self, parent: QWidget | None, card: RequestCard):
        from tsj_desk.services.satisfaction import CHANNELS, IN_PERSON, PHONE

        super().__init__(parent, tr("Закрыть обращение"), _heading(card), tr("Закрыть обращение"))
        self.score = QComboBox()
        self.score.addItem(tr("не указана"), None)
        for value, text in SATISFACTION_TEXTS.items():
            self.score.addItem(tr(text), value)
        self.channel = QComboBox()
        for value, text in CHANNELS.items():
            self.channel.addItem(tr(text), value)
        self.channel.setCurrentIndex(self.channel.findData(PHONE if card.channel.value == "phone" else IN_PERSON))
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(tr("что сказал заявитель (необязательно)"))
        self.comment.setMinimumWidth(420)
        self.form.addRow(tr("Оценка заявителя:"), self.score)
        self.form.addRow(tr("Как получена:"), self.channel)
        self.form.addRow(tr("Комментарий:"), self.comment)
        self.form.addRow("", _hint(tr("Необязательно: спросите заявителя, доволен ли он ответом "
                                     "(цифра на клавиатуре выбирает оценку).")))
        self.finish_layout()
        self.score.currentIndexChanged.connect(self._score_chosen)
        self._score_chosen()
        self.last_field = self  # every field is optional: Enter in any of them closes
        self.score.setFocus()
        self.value: Closing | None = None
        prepare_form(self, self.score)

    @Slot()
    def _score_chosen(self) -> None:
        scored = self.score.currentData() is not None
        self.channel.setEnabled(scored)
        self.comment.setEnabled(scored)

    def save(self) -> None:
        score = self.score.currentData()
        if score is None:
            self.value = Closing(None)
        else:
            self.value = Closing(score, self.comment.text().strip(), self.channel.currentData())
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, card: RequestCard) -> Closing | None:
        dialog = cls(parent, card)
        try:
            return dialog.value if dialog.exec() else None
        finally:
            dialog.deleteLater()


@dataclass(frozen=True)
class Issue:
    purpose: str
    out: Path


class IssueRegisterDialog(_StepDialog):
    """«Выдать реестр»: the purpose (logged with the disclosure) and the file."""

    def __init__(self, parent: QWidget | None, card: RequestCard, *, today: date):
        super().__init__(parent, tr("Выдать реестр собственников"), _heading(card), tr("Выдать"))
        self.layout_.insertWidget(1, _hint(tr(
            "Реестр выдаётся в течение 5 дней (ЖК РФ ст. 45 ч. 3.1); согласие собственников "
            "на обработку персональных данных для этого не требуется. Выдача записывается "
            "в журнал: кому, с какой целью, сколько строк, контрольная сумма файла.")))
        self.purpose = QComboBox()
        self.purpose.setEditable(True)
        self.purpose.addItems([tr(p) for p in PURPOSES])
        self.purpose.setCurrentIndex(-1)
        self.purpose.lineEdit().setPlaceholderText(tr("например, созыв общего собрания"))
        self.file = QLineEdit(str(self._default_file(card, today)))
        self.file.setMinimumWidth(420)
        browse = QPushButton(tr("Обзор…"))
        browse.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.form.addRow(tr("Цель выдачи:"), self.purpose)
        self.form.addRow(tr("Файл:"), row)
        self.finish_layout()
        QWidget.setTabOrder(self.purpose, self.file)
        QWidget.setTabOrder(self.file, browse)
        self.last_field = self.file
        self.purpose.setFocus()
        self.value: Issue | None = None
        prepare_form(self, self.purpose)

    @staticmethod
    def _default_file(card: RequestCard, today: date) -> Path:
        from tsj_desk.services.folders import offered_file

        return offered_file(f"Реестр собственников на {format_date(today)} (обращение {card.reg_no}).xlsx")

    @Slot()
    def choose_file(self) -> None:
        from tsj_desk.services.folders import make_offered_folder

        make_offered_folder(Path(self.file.text()).parent)
        name, _ = QFileDialog.getSaveFileName(self, tr("Куда сохранить реестр"), self.file.text(),
                                              tr("Книга Excel (*.xlsx);;Документ Word (*.docx)"))
        if name:
            self.file.setText(name)

    def save(self) -> None:
        purpose = self.purpose.currentText().strip()
        out = Path(self.file.text().strip()) if self.file.text().strip() else None
        if not purpose:
            show_problem(self.problem, tr("Укажите цель выдачи реестра."))
            self.purpose.setFocus()
            return
        if out is None or out.suffix.lower() not in {".xlsx", ".docx"}:
            show_problem(self.problem, tr("Укажите файл .xlsx или .docx, в который записать реестр."))
            self.file.setFocus()
            return
        from tsj_desk.services.folders import make_offered_folder

        make_offered_folder(out.parent)
        self.value = Issue(purpose, out)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, card: RequestCard, *, today: date) -> Issue | None:
        dialog = cls(parent, card, today=today)
        try:
            return dialog.value if dialog.exec() else None
        finally:
            dialog.deleteLater()
