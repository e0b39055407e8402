"""Adding or correcting one owner of a premise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError, ValidationFailed
from tsj_desk.domain.shares import ParsedShare, format_share, parse_share
from tsj_desk.services.registry import OwnerInput
from ui import errors
from ui.widgets import date_edit, date_value, error_label, show_problem
from ui.form_guard import prepare_form

Save = Callable[[OwnerInput], object]


class OwnerDialog(QDialog):
    """ФИО or наименование, ОГРН, share (checked as you type), ЕГРН record, contacts.

    With ``save`` the dialog hands the owner to it on «Сохранить» and stays open when
    the service refuses (for instance, the shares of the premise would exceed 1).
    """

    def __init__(self, parent: QWidget | None, *, title: str, premise_label: str = "",
                 initial: OwnerInput | None = None, save: Save | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        self._result: OwnerInput | None = None
        owner = initial or OwnerInput(name="")

        layout = QVBoxLayout(self)
        if premise_label:
            heading = QLabel(premise_label)
            heading.setStyleSheet("font-weight: bold;")
            layout.addWidget(heading)
        form = QFormLayout()
        self.name = QLineEdit(owner.name)
        self.name.setPlaceholderText(self.tr("Фамилия Имя Отчество или ООО «Название»"))
        self.name.setMinimumWidth(380)
        self.ogrn = QLineEdit(owner.ogrn or "")
        self.ogrn.setPlaceholderText(self.tr("для организаций и ИП"))
        self.share = QLineEdit(format_share(owner.fraction) if initial else "1")
        self.share.setPlaceholderText(self.tr("1, 1/2, 0,5, 50% или «совместная»"))
        self.share_error = error_label(self)
        self.joint = QCheckBox(self.tr("Общая совместная собственность"))
        self.joint.setChecked(owner.joint)
        self.egrn_number = QLineEdit(owner.egrn_number or "")
        self.egrn_number.setPlaceholderText(self.tr("номер записи из выписки ЕГРН"))
        self.egrn_date = date_edit(self, owner.egrn_date, optional=True)
        self.member = QCheckBox(self.tr("Член ТСЖ"))
        self.member.setChecked(owner.member)
        self.phone = QLineEdit(owner.phone or "")
        self.email = QLineEdit(owner.email or "")
        form.addRow(self.tr("ФИО или наименование:"), self.name)
        form.addRow(self.tr("ОГРН / ОГРНИП:"), self.ogrn)
        form.addRow(self.tr("Доля в праве:"), self.share)
        form.addRow("", self.share_error)
        form.addRow("", self.joint)
        form.addRow(self.tr("Номер регистрации права:"), self.egrn_number)
        form.addRow(self.tr("Дата регистрации права:"), self.egrn_date)
        form.addRow("", self.member)
        form.addRow(self.tr("Телефон:"), self.phone)
        form.addRow(self.tr("Эл. почта:"), self.email)
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Сохранить"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.name.textChanged.connect(self._check)
        self.share.textChanged.connect(self._check)
        self._check()
        prepare_form(self, self.name)

    @classmethod
    def ask(cls, parent: QWidget | None, *, title: str, premise_label: str = "",
            initial: OwnerInput | None = None, save: Save | None = None) -> OwnerInput | None:
        """Show the dialog; the owner that was saved, or None when cancelled."""
        dialog = cls(parent, title=title, premise_label=premise_label, initial=initial, save=save)
        try:
            dialog.exec()
            return dialog.result_owner()
        finally:
            dialog.deleteLater()

    # -- checking

    def parsed_share(self) -> ParsedShare | None:
        try:
            return parse_share(self.share.text())
        except ValidationFailed:
            return None

    @Slot()
    def _check(self) -> None:
        problem = None
        try:
            parsed = parse_share(self.share.text())
        except ValidationFailed as exc:
            problem = exc.message
        else:
            if parsed.joint and not self.joint.isChecked():
                self.joint.setChecked(True)
        show_problem(self.share_error, problem)
        self.ok_button.setEnabled(problem is None and bool(self.name.text().strip()))

    def owner(self) -> OwnerInput:
        """What the fields say now (the share must be valid)."""
        parsed = parse_share(self.share.text())
        egrn_date: date | None = date_value(self.egrn_date)
        return OwnerInput(
            name=self.name.text().strip(),
            fraction=parsed.fraction,
            joint=parsed.joint or self.joint.isChecked(),
            ogrn=self.ogrn.text().replace(" ", "") or None,
            phone=self.phone.text().strip() or None,
            email=self.email.text().strip() or None,
            egrn_number=self.egrn_number.text().strip() or None,
            egrn_date=egrn_date,
            member=self.member.isChecked(),
        )

    def result_owner(self) -> OwnerInput | None:
        return self._result

    def accept(self) -> None:
        try:
            owner = self.owner()
            owner.validate()
            if self._save is not None:
                self._save(owner)
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self._result = owner
        super().accept()
