"""The owner card: the person's own details and ТСЖ membership with its dates;
and the reason asked for a correction of a mistake."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.phones import phone_problem
from tsj_desk.services.ownership_history import (
    PersonInput,
    membership,
    person_details,
    save_owner_card,
)
from ui import clock, colors, errors
from ui.widgets import date_edit, date_value
from ui.form_guard import prepare_form


class PersonDialog(QDialog):
    """«Карточка собственника»: ФИО or a legal entity's name, ОГРН, ИНН, phones, e-mail,
    postal address; membership of the association (член с / по)."""

    def __init__(self, parent: QWidget | None, ownership_id: int, person_id: int,
                 premise_label: str = ""):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Карточка собственника"))
        self._ownership_id = ownership_id
        self.saved = False
        person = person_details(person_id)
        member = membership(ownership_id)
        layout = QVBoxLayout(self)
        if premise_label:
            heading = QLabel(premise_label)
            heading.setStyleSheet("font-weight: bold;")
            layout.addWidget(heading)
        form = QFormLayout()
        self.legal = QCheckBox(self.tr("Организация (юридическое лицо)"))
        self.legal.setChecked(person.is_legal)
        self.name = QLineEdit(person.name)
        self.name.setMinimumWidth(380)
        self.ogrn = QLineEdit(person.ogrn or "")
        self.inn = QLineEdit(person.inn or "")
        self.phone = QLineEdit(person.phone or "")
        self.phone.setPlaceholderText(self.tr("несколько — через запятую"))
        self.email = QLineEdit(person.email or "")
        self.postal_address = QLineEdit(person.postal_address or "")
        self.member = QCheckBox(self.tr("Член товарищества"))
        self.member.setChecked(member.member)
        self.since = date_edit(self, member.since, optional=True)
        self.until = date_edit(self, member.until, optional=True)
        form.addRow("", self.legal)
        form.addRow(self.tr("ФИО или наименование:"), self.name)
        form.addRow(self.tr("ОГРН / ОГРНИП:"), self.ogrn)
        form.addRow(self.tr("ИНН:"), self.inn)
        form.addRow(self.tr("Телефоны:"), self.phone)
        self.phone_flag = QLabel()  # a phone that cannot be dialled as written
        self.phone_flag.setWordWrap(True)
        self.phone_flag.setStyleSheet(colors.ERROR_LABEL_STYLE)
        form.addRow("", self.phone_flag)
        self.phone.textChanged.connect(self._flag_phone)
        self._flag_phone(self.phone.text())
        form.addRow(self.tr("Эл. почта:"), self.email)
        form.addRow(self.tr("Почтовый адрес:"), self.postal_address)
        form.addRow("", self.member)
        form.addRow(self.tr("Член с:"), self.since)
        form.addRow(self.tr("Членство прекращено:"), self.until)
        layout.addLayout(form)
        from tsj_desk.services.call_results import person_call_history

        calls = person_call_history(person_id)  # the person's history of calls (ui.calls)
        self.calls = QLabel("\n".join(f"{note.at:%d.%m.%Y} — {note.text}" for note in calls[:10]))
        self.calls.setWordWrap(True)
        self.calls.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if calls:
            layout.addWidget(QLabel(self.tr("Обзвон:")))
            layout.addWidget(self.calls)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Сохранить"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        prepare_form(self)

    def _flag_phone(self, text: str) -> None:
        problem = phone_problem(text)
        self.phone_flag.setText(problem)
        self.phone_flag.setVisible(bool(problem))

    def person(self) -> PersonInput:
        return PersonInput(
            name=self.name.text().strip(), is_legal=self.legal.isChecked(),
            ogrn=self.ogrn.text().replace(" ", "") or None, inn=self.inn.text().strip() or None,
            phone=self.phone.text().strip() or None, email=self.email.text().strip() or None,
            postal_address=self.postal_address.text().strip() or None)

    def accept(self) -> None:
        try:
            save_owner_card(self._ownership_id, self.person(), self.member.isChecked(),
                            date_value(self.since), date_value(self.until), now=clock.now())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.saved = True
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, ownership_id: int, person_id: int,
            premise_label: str = "") -> bool:
        """Show the card; True when it was saved."""
        dialog = cls(parent, ownership_id, person_id, premise_label)
        try:
            dialog.exec()
            return dialog.saved
        finally:
            dialog.deleteLater()


def ask_correction_reason(parent: QWidget | None) -> str | None:
    """What the mistake was (kept in the change log); None when cancelled."""
    text, ok = QInputDialog.getText(
        parent, QInputDialog.tr("Исправление ошибки"),
        QInputDialog.tr("В чём была ошибка (например, «опечатка в фамилии», "
                        "«доля по выписке ЕГРН — 1/3»)?"))
    return text.strip() if ok and text.strip() else None
