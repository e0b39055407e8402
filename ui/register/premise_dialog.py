"""Adding, correcting and deleting a premise of a house (``services.premises``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.premises import PREMISE_KIND_LABELS, guess_premise_kind
from tsj_desk.domain.requisites import cadastral_problem
from tsj_desk.domain.text import format_number, parse_decimal
from tsj_desk.services import organization, premises
from tsj_desk.services.premises import PremiseData
from ui import clock, errors
from ui.widgets import error_label, show_problem
from ui.form_guard import prepare_form

Save = Callable[[dict], PremiseData]


def tr(text: str) -> str:
    return text


class PremiseDialog(QDialog):
    """Number, kind, area, entrance, floor, cadastral number, лицевой счёт; the area and
    the cadastral number checked as typed. On «Сохранить» the fields go to ``save``; a
    refusal (a number already in the house) is shown and the dialog stays open."""

    def __init__(self, parent: QWidget | None, *, title: str, initial: PremiseData | None = None,
                 save: Save):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        self._result: PremiseData | None = None
        self._new = initial is None
        premise = initial or PremiseData()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.number = QLineEdit(premise.number)
        self.number.setPlaceholderText(tr("12, Н1, ММ5"))
        self.kind = QComboBox()
        for kind, label in PREMISE_KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(premise.kind))
        self.area = QLineEdit(format_number(premise.area).replace("\u00a0", "") if premise.area else "")
        self.area.setPlaceholderText(tr("м², например 52,3"))
        self.area_problem = error_label(self)
        self.entrance = QLineEdit(premise.entrance or "")
        self.floor = QLineEdit(premise.floor or "")
        self.cadastral = QLineEdit(premise.cadastral_number or "")
        self.cadastral.setPlaceholderText(tr("50:57:0090101:1301"))
        self.cadastral_problem = error_label(self)
        self.account = QLineEdit(premise.account or "")
        self.account.setMinimumWidth(300)
        form.addRow(tr("Номер:"), self.number)
        form.addRow(tr("Вид:"), self.kind)
        form.addRow(tr("Площадь:"), self.area)
        form.addRow("", self.area_problem)
        form.addRow(tr("Подъезд:"), self.entrance)
        form.addRow(tr("Этаж:"), self.floor)
        form.addRow(tr("Кадастровый номер:"), self.cadastral)
        form.addRow("", self.cadastral_problem)
        form.addRow(tr("Лицевой счёт:"), self.account)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Сохранить"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Отмена"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.number, self.area, self.cadastral):
            edit.textChanged.connect(self._check)
        self.number.textEdited.connect(self._guess_kind)
        self._check()
        prepare_form(self)

    @classmethod
    def ask(cls, parent: QWidget | None, *, title: str, initial: PremiseData | None = None,
            save: Save) -> PremiseData | None:
        """Show the dialog; the premise as saved, or None when cancelled."""
        dialog = cls(parent, title=title, initial=initial, save=save)
        try:
            dialog.exec()
            return dialog._result
        finally:
            dialog.deleteLater()

    @Slot()
    def _guess_kind(self) -> None:
        if self._new and self.number.text().strip():
            self.kind.setCurrentIndex(self.kind.findData(guess_premise_kind(self.number.text()).value))

    @Slot()
    def _check(self) -> None:
        area = self.area.text().strip()
        number = parse_decimal(area) if area else None
        area_problem = (tr("Площадь — число больше нуля, например 52,3.")
                        if area and (number is None or number <= 0) else None)
        cadastral = self.cadastral.text().strip()
        show_problem(self.area_problem, area_problem)
        cadastral_text = cadastral_problem(cadastral) if cadastral else None
        show_problem(self.cadastral_problem, cadastral_text)
        self.ok_button.setEnabled(bool(self.number.text().strip()) and not area_problem
                                  and not cadastral_text)

    def values(self) -> dict:
        return {"number": self.number.text(), "kind": self.kind.currentData(),
                "area": self.area.text(), "entrance": self.entrance.text(),
                "floor": self.floor.text(), "cadastral_number": self.cadastral.text(),
                "account": self.account.text()}

    def accept(self) -> None:
        try:
            self._result = self._save(self.values())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        super().accept()


def choose_house(parent: QWidget | None) -> int | None:
    """The house a new premise goes to: the only one, or the one the user picks."""
    houses = organization.houses()
    if not houses:
        errors.show_message(parent, tr("В базе ещё нет дома. Добавьте его: Настройки → «Организация» → "
                                       "«Добавить дом…»."))
        return None
    if len(houses) == 1:
        return houses[0].id
    labels = [f"№ {h.id}: {h.address}" for h in houses]
    chosen, ok = QInputDialog.getItem(parent, tr("Новое помещение"), tr("Дом:"), labels, 0, False)
    return houses[labels.index(chosen)].id if ok else None


def add_premise(parent: QWidget | None) -> PremiseData | None:
    house_id = choose_house(parent)
    if house_id is None:
        return None
    return PremiseDialog.ask(parent, title=tr("Новое помещение"), save=lambda values: premises.add_premise(
        house_id, values, now=clock.now()))


def edit_premise(parent: QWidget | None, premise_id: int) -> PremiseData | None:
    try:
        current = premises.premise(premise_id)
    except TsjError as exc:
        errors.show_error(parent, exc)
        return None
    return PremiseDialog.ask(parent, title=tr("Помещение {0}").format(current.number), initial=current,
                             save=lambda values: premises.edit_premise(premise_id, values, now=clock.now(),
                                                                       version=current.version))


def confirm_delete(parent: QWidget | None, number: str) -> bool:
    answer = QMessageBox.question(parent, tr("Удаление помещения"),
                                  tr("Удалить помещение № {0}? Удаление записывается в журнал "
                                     "изменений.").format(number))
    return answer == QMessageBox.StandardButton.Yes


def delete_premise(parent: QWidget | None, premise_id: int) -> bool:
    """Ask, then delete; a refusal (owners, meters, requests…) is shown with its reason."""
    try:
        current = premises.premise(premise_id)
        reasons = premises.deletion_obstacles(premise_id)
        if reasons:  # said before asking: nothing to confirm
            errors.show_message(parent, tr("Помещение № {0} нельзя удалить: {1}.").format(
                current.number, "; ".join(reasons)))
            return False
        if not confirm_delete(parent, current.number):
            return False
        premises.delete_premise(premise_id, now=clock.now())
    except TsjError as exc:
        errors.show_error(parent, exc)
        return False
    return True

