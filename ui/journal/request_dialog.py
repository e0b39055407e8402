"""Registering a request: the form, the deadline shown while it is typed, the number.

Keyboard path: Ctrl+N opens the form with the focus on the channel (the receipt
time is now unless changed: Shift+Tab); Tab, or Enter in a one-line field, goes on;
the applicant field suggests owners of the register as you type (↓ and Enter choose
one, which fills the premise); Ctrl+Enter registers, from any field.
The number and the deadline are then shown, to be told to the applicant.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.deadlines import Deadline
from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.journal import Channel
from tsj_desk.domain.text import counted, fold, format_date, format_datetime, lateness_text
from tsj_desk.services.calendar import category_rules
from tsj_desk.services.journal import RequestInput, preview_deadline, register_request, request_card
from tsj_desk.services.premise_pages import premise_numbers
from tsj_desk.services.registry import PersonMatch, search_persons
from ui import clock, errors
from ui.journal.forms import KeyboardDialog, datetime_edit, from_qdatetime
from ui.journal.letters import NOTICE, letters_available, make_letter
from ui.widgets import error_label, show_problem
from ui.form_guard import prepare_form

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
PERSON_ROLE = Qt.ItemDataRole.UserRole + 2
PREMISES_ROLE = Qt.ItemDataRole.UserRole + 3


def tr(text: str) -> str:
    return QCoreApplication.translate("RequestDialog", text)


def late_on_registration(deadline: Deadline, now: datetime) -> tuple[str, str] | None:
    """(the deadline, how long ago) when it passed before the request is registered
    (received days ago, written down only now); None when it is still in time."""
    if deadline.due_at is not None:
        if now <= deadline.due_at:
            return None
        return (format_datetime(deadline.due_at),
                lateness_text(now - deadline.due_at, (now.date() - deadline.due).days))
    if now.date() <= deadline.due:
        return None
    return format_date(deadline.due), counted((now.date() - deadline.due).days, "день", "дня", "дней")


def overdue_on_registration(deadline: Deadline, now: datetime) -> str | None:
    """What to ask before saving a request already overdue; None when it is in time."""
    late = late_on_registration(deadline, now)
    if late is None:
        return None
    return tr("Срок ответа на это обращение истёк {0}: оно будет зарегистрировано уже "
              "просроченным — на {1}.\n\nЗарегистрировать?").format(*late)


def deadline_text(deadline: Deadline) -> str:
    """«Срок ответа: 16.01.2026 — 5 рабочих дней, ПП 491 п. 40 «а»»."""
    due = format_datetime(deadline.due_at) if deadline.due_at else format_date(deadline.due)
    return tr("Срок ответа: {0} — {1}").format(due, deadline.explanation)


class RequestDialog(KeyboardDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Регистрация обращения"))
        self.reg_no: str | None = None
        self._person: PersonMatch | None = None
        self._rules = {rule.code: rule for rule in category_rules()}
        layout = QVBoxLayout(self)
        form = QFormLayout()

        self.received = datetime_edit(self, clock.now())
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel.label, channel.value)

        self.applicant = QLineEdit()
        self.applicant.setPlaceholderText(self.tr("ФИО собственника (подсказка из реестра) или заявителя"))
        self.applicant.setMinimumWidth(460)
        self._people = QStandardItemModel(self)
        self.completer = QCompleter(self._people, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCompletionRole(NAME_ROLE)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.applicant.setCompleter(self.completer)
        self.applicant_info = QLabel()
        self.applicant_info.setStyleSheet("color: palette(placeholder-text);")
        self.contacts = QLineEdit()
        self.contacts.setPlaceholderText(self.tr("телефон, e-mail или адрес для ответа"))

        self.premise = QLineEdit()
        self.premise.setPlaceholderText(self.tr("№, если есть"))
        self.premise.setMaximumWidth(160)
        # the numbers only (once each, natural order): not every premise with its owners
        premise_completer = QCompleter(premise_numbers(), self)
        premise_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.premise.setCompleter(premise_completer)

        self.category = QComboBox()
        self.category.setPlaceholderText(self.tr("выберите категорию"))
        for rule in self._rules.values():
            self.category.addItem(rule.label, rule.code)
        self.deadline = QLabel()
        self.deadline.setObjectName("deadline")
        self.deadline.setStyleSheet("font-weight: bold;")
        self.late_note = error_label(self)  # a back-dated request already overdue: said at once
        self.category_note = QLabel()
        self.category_note.setWordWrap(True)
        self.category_note.setMinimumWidth(460)
        self.category_note.setStyleSheet("color: palette(placeholder-text);")

        self.subject = QLineEdit()
        self.subject.setPlaceholderText(self.tr("кратко, для журнала"))
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("текст обращения"))
        self.text.setMinimumHeight(90)

        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(72)
        self.add_file_button = QPushButton(self.tr("Добавить файл…"))
        self.remove_file_button = QPushButton(self.tr("Убрать"))
        self.add_file_button.clicked.connect(self.add_files)
        self.remove_file_button.clicked.connect(self.remove_file)
        files = QHBoxLayout()
        files.addWidget(self.attachments, 1)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.add_file_button)
        file_buttons.addWidget(self.remove_file_button)
        file_buttons.addStretch(1)
        files.addLayout(file_buttons)

        form.addRow(self.tr("Поступило:"), self.received)
        form.addRow(self.tr("Способ поступления:"), self.channel)
        form.addRow(self.tr("Заявитель:"), self.applicant)
        form.addRow("", self.applicant_info)
        form.addRow(self.tr("Контакты:"), self.contacts)
        form.addRow(self.tr("Помещение:"), self.premise)
        form.addRow(self.tr("Категория:"), self.category)
        deadline_box = QVBoxLayout()  # one row: a word-wrapped label alone in a form row gets too tall
        deadline_box.setSpacing(2)
        deadline_box.addWidget(self.deadline)
        deadline_box.addWidget(self.late_note)
        deadline_box.addWidget(self.category_note)
        form.addRow("", deadline_box)
        form.addRow(self.tr("Краткое содержание:"), self.subject)
        form.addRow(self.tr("Текст:"), self.text)
        form.addRow(self.tr("Вложения:"), files)
        layout.addLayout(form)
        self.problem = error_label(self)
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("Зарегистрировать (Ctrl+Enter)"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(self.tr("Отмена"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

        # top to bottom; the focus starts at the applicant (the receipt time is now, usually)
        chain = [self.received, self.channel, self.applicant, self.contacts, self.premise,
                 self.category, self.subject, self.text, self.attachments, self.add_file_button,
                 self.remove_file_button, self.save_button, cancel]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.last_field = self.attachments  # Enter there registers, as Ctrl+Enter does anywhere

        self.applicant.textEdited.connect(self._applicant_edited)
        self.completer.activated[QModelIndex].connect(self._person_chosen)
        self.category.currentIndexChanged.connect(self.update_deadline)
        self.received.dateTimeChanged.connect(self.update_deadline)
        self.attachments.currentRowChanged.connect(self._update_file_buttons)
        self.update_deadline()
        self._update_applicant_info()
        self._update_file_buttons()
        prepare_form(self, self.applicant)  # the name is typed first; Shift+Tab reaches the channel

    @classmethod
    def ask(cls, parent: QWidget | None, *, announce: bool = True) -> str | None:
        """Show the form; the registration number of the request saved, or None.

        With ``announce`` the number and the deadline are shown to be told to the
        applicant, with an offer to print the notice of registration.
        """
        dialog = cls(parent)
        try:
            dialog.exec()
            reg_no = dialog.reg_no
        finally:
            dialog.deleteLater()
        if reg_no is not None and announce:
            announce_registration(parent, reg_no)
        return reg_no

    # -- applicant

    @Slot(str)
    def _applicant_edited(self, text: str) -> None:
        """Typed by hand: no longer the owner chosen before; suggest owners anew."""
        self._person = None
        needle = fold(text)
        matches = search_persons(text) if len(needle) >= 2 else []
        # those whose name starts with what was typed first (the surname, usually)
        matches.sort(key=lambda m: not fold(m.name).startswith(needle))
        self._people.clear()
        for match in matches:
            shown = f"{match.name} — пом. {match.premises}" if match.premises else match.name
            item = QStandardItem(shown)
            item.setData(match.name, NAME_ROLE)
            item.setData(match.id, PERSON_ROLE)
            item.setData(match.premises, PREMISES_ROLE)
            item.setEditable(False)
            self._people.appendRow(item)
        self._update_applicant_info()

    @Slot(QModelIndex)
    def _person_chosen(self, index: QModelIndex) -> None:
        person_id = index.data(PERSON_ROLE)
        if person_id is None:
            return
        self.choose_person(PersonMatch(int(person_id), index.data(NAME_ROLE), index.data(PREMISES_ROLE) or ""))

    def choose_person(self, person: PersonMatch) -> None:
        """The applicant is this owner of the register: name and premise filled in."""
        self._person = person
        self.applicant.setText(person.name)
        premises = [p.strip() for p in person.premises.split(",") if p.strip()]
        if premises and not self.premise.text().strip():
            self.premise.setText(premises[0])
        self._update_applicant_info()

    def person_id(self) -> int | None:
        return self._person.id if self._person is not None else None

    def _update_applicant_info(self) -> None:
        if self._person is not None:
            where = self.tr(", помещение {0}").format(self._person.premises) if self._person.premises else ""
            text = self.tr("Собственник из реестра{0}").format(where)
        elif self.applicant.text().strip():
            text = self.tr("Не из реестра: укажите контакты для ответа")
        else:
            text = self.tr("Начните вводить фамилию — появятся собственники из реестра")
        self.applicant_info.setText(text)

    def _match_typed_person(self) -> None:
        """A name typed in full that is exactly one owner of the register: that owner."""
        if self._person is not None:
            return
        typed = fold(self.applicant.text())
        if not typed:
            return
        same = [m for m in search_persons(self.applicant.text()) if fold(m.name) == typed]
        if len(same) == 1:
            self._person = same[0]

    # -- deadline

    def category_code(self) -> str | None:
        return self.category.currentData()

    @Slot()
    def update_deadline(self) -> None:
        code = self.category_code()
        if code is None:
            self.deadline.setText(self.tr("Срок ответа появится, когда будет выбрана категория"))
            self.category_note.hide()
            return
        try:
            deadline = preview_deadline(code, from_qdatetime(self.received.dateTime()))
        except TsjError as exc:
            self.deadline.setText(exc.message)
            return
        self.deadline.setText(deadline_text(deadline))
        late = late_on_registration(deadline, clock.now())
        show_problem(self.late_note, self.tr("Срок уже истёк: обращение просрочено на {0}.").format(late[1])
                     if late else None)
        note = self._rules[code].note
        self.category_note.setText(note)
        self.category_note.setVisible(bool(note))

    # -- attachments

    @Slot()
    def add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Вложения к обращению"))
        for name in names:
            self.add_attachment(Path(name))

    def add_attachment(self, path: Path) -> None:
        if str(path) in self.attachment_paths():
            return
        item = QListWidgetItem(path.name)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        self.attachments.addItem(item)
        self.attachments.setCurrentItem(item)
        self._update_file_buttons()

    @Slot()
    def remove_file(self) -> None:
        row = self.attachments.currentRow()
        if row >= 0:
            self.attachments.takeItem(row)
        self._update_file_buttons()

    def attachment_paths(self) -> list[str]:
        return [self.attachments.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.attachments.count())]

    @Slot()
    def _update_file_buttons(self) -> None:
        self.remove_file_button.setEnabled(self.attachments.currentRow() >= 0)

    # -- saving

    def request_input(self) -> RequestInput:
        self._match_typed_person()
        return RequestInput(
            category=self.category_code() or "",
            received_at=from_qdatetime(self.received.dateTime()),
            applicant=self.applicant.text().strip(),
            text=self.text.toPlainText().strip(),
            channel=self.channel.currentData(),
            subject=self.subject.text().strip(),
            applicant_contacts=self.contacts.text().strip(),
            person_id=self.person_id(),
            premise_number=self.premise.text().strip(),
            attachments=[Path(p) for p in self.attachment_paths()],
        )

    def save(self) -> None:
        if self.reg_no is not None:
            return
        if not self.applicant.text().strip():
            show_problem(self.problem, self.tr("Укажите заявителя."))
            self.applicant.setFocus()
            return
        if self.category_code() is None:
            show_problem(self.problem, self.tr("Выберите категорию обращения: от неё зависит срок ответа."))
            self.category.setFocus()
            return
        if not self.text.toPlainText().strip() and not self.subject.text().strip():
            show_problem(self.problem, self.tr("Укажите содержание обращения."))
            self.subject.setFocus()
            return
        show_problem(self.problem, None)
        data, now = self.request_input(), clock.now()
        try:
            late = overdue_on_registration(preview_deadline(data.category, data.received_at), now)
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        if late is not None and not self._confirm_late(late):
            return
        try:
            self.reg_no = register_request(data, now=now)
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.accept()


    def _confirm_late(self, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Обращение уже просрочено"), text, parent=self)
        register = box.addButton(self.tr("Зарегистрировать"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(self.tr("Вернуться к форме"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        try:
            box.exec()
            return box.clickedButton() is register
        finally:
            box.deleteLater()


def announce_registration(parent: QWidget | None, reg_no: str) -> None:
    """Tell the number and the deadline (the applicant must be told them); offer the notice."""
    card = request_card(reg_no)
    due = format_datetime(card.due_at) if card.due_at else format_date(card.due_date)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(tr("Обращение зарегистрировано"))
    box.setText(tr("Обращение зарегистрировано под № {0}, срок ответа {1}.").format(reg_no, due))
    box.setInformativeText(tr("Сообщите заявителю регистрационный номер и срок ответа "
                              "({0}).").format(card.deadline_basis))
    print_button = None
    if letters_available():
        print_button = box.addButton(tr("Печать уведомления"), QMessageBox.ButtonRole.ActionRole)
    done = box.addButton(tr("Готово"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(done)
    box.setEscapeButton(done)
    try:
        box.exec()
        clicked = box.clickedButton()
    finally:
        box.deleteLater()
    if print_button is not None and clicked is print_button:
        make_letter(parent, reg_no, NOTICE)
