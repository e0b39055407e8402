"""A house of the organisation: address, ФИАС/ГАР code, cadastral number, areas, year."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import format_number
from tsj_desk.services.organization import HouseData
from ui import errors
from ui.form_guard import prepare_form

Save = Callable[[dict], HouseData]


def tr(text: str) -> str:
    return text


def _area_text(value) -> str:
    return format_number(value).replace("\u00a0", "") if value is not None else ""


class HouseDialog(QDialog):
    """On «Сохранить» the dialog hands the fields to ``save`` and stays open when the
    service refuses them (the refusal is shown)."""

    def __init__(self, parent: QWidget | None, *, title: str, initial: HouseData | None = None,
                 save: Save):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        self._result: HouseData | None = None
        house = initial or HouseData()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.address = QLineEdit(house.address)
        self.address.setPlaceholderText(tr("г. Коломна, ул. Лесная, д. 5"))
        self.address.setMinimumWidth(420)
        self.total_area = QLineEdit(_area_text(house.total_area))
        self.total_area.setPlaceholderText(tr("м², например 4210,5"))
        self.common_area = QLineEdit(_area_text(house.common_area))
        self.common_area.setPlaceholderText(tr("м²"))
        self.year_built = QLineEdit(str(house.year_built or ""))
        self.cadastral = QLineEdit(house.cadastral_number or "")
        self.cadastral.setPlaceholderText(tr("50:57:0090101:1234"))
        self.fias = QLineEdit(house.fias_code or "")
        self.fias.setPlaceholderText(tr("необязательно"))
        form.addRow(tr("Адрес:"), self.address)
        form.addRow(tr("Площадь помещений:"), self.total_area)
        form.addRow(tr("Площадь общего имущества:"), self.common_area)
        form.addRow(tr("Год постройки:"), self.year_built)
        form.addRow(tr("Кадастровый номер:"), self.cadastral)
        form.addRow(tr("Код ФИАС / ГАР:"), self.fias)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Сохранить"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Отмена"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        prepare_form(self)

    @classmethod
    def ask(cls, parent: QWidget | None, *, title: str, initial: HouseData | None = None,
            save: Save) -> HouseData | None:
        """Show the dialog; the house as saved, or None when cancelled."""
        dialog = cls(parent, title=title, initial=initial, save=save)
        try:
            dialog.exec()
            return dialog._result
        finally:
            dialog.deleteLater()

    def values(self) -> dict:
        return {"address": self.address.text(), "total_area": self.total_area.text(),
                "common_area": self.common_area.text(), "year_built": self.year_built.text(),
                "cadastral_number": self.cadastral.text(), "fias_code": self.fias.text()}

    def accept(self) -> None:
        try:
            self._result = self._save(self.values())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        super().accept()
