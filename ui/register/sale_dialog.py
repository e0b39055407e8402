"""«Смена собственника»: a sale or another transfer of a premise (or of some shares)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError, ValidationFailed
from tsj_desk.domain.shares import ShareHolding, format_share, parse_share, total_share
from tsj_desk.domain.text import format_date
from tsj_desk.services.registry import OwnerInput, PremiseCard
from ui import clock, errors
from ui.register.model import area_text
from ui.widgets import date_edit, date_value, error_label, show_problem
from ui.form_guard import prepare_form


@dataclass
class SaleInput:
    seller_ids: list[int]
    on: date
    buyers: list[OwnerInput] = field(default_factory=list)


Save = Callable[[SaleInput], object]


def premise_heading(card: PremiseCard) -> str:
    parts = [f"Помещение {card.number}", card.kind.label]
    if card.area is not None:
        parts.append(f"{area_text(card.area)} м²")
    return ", ".join(parts)


class _BuyerRow:
    def __init__(self, dialog: SaleDialog, share: str):
        self.name = QLineEdit()
        self.name.setPlaceholderText(dialog.tr("ФИО или наименование покупателя"))
        self.name.setMinimumWidth(320)
        self.share = QLineEdit(share)
        self.share.setPlaceholderText(dialog.tr("доля"))
        self.share.setMaximumWidth(120)
        self.egrn_number = QLineEdit()
        self.egrn_number.setPlaceholderText(dialog.tr("номер записи ЕГРН"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(dialog.tr("телефон"))
        self.phone.setMaximumWidth(150)
        self.member = QCheckBox(dialog.tr("член ТСЖ"))
        self.remove = QPushButton(dialog.tr("Убрать"))
        self.share_touched = False


class SaleDialog(QDialog):
    def __init__(self, parent: QWidget | None, card: PremiseCard, *, today: date,
                 save: Save | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Смена собственника"))
        self._card = card
        self._save = save
        self._result: SaleInput | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(premise_heading(card))
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)

        layout.addWidget(QLabel(self.tr("Чьё право прекращается:")))
        self.sellers = QListWidget()
        for info in card.current:
            item = QListWidgetItem(f"{info.owner} — {self.tr('доля')} {info.share_text}")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.sellers.addItem(item)
        self.sellers.setMaximumHeight(max(60, min(6, len(card.current)) * 24 + 8))
        layout.addWidget(self.sellers)

        form = QFormLayout()
        self.on = date_edit(self, today)
        form.addRow(self.tr("Дата перехода права:"), self.on)
        layout.addLayout(form)

        layout.addWidget(QLabel(self.tr("Новые собственники (дата записи ЕГРН — дата перехода права):")))
        self.buyers_grid = QGridLayout()
        layout.addLayout(self.buyers_grid)
        self.buyers: list[_BuyerRow] = []
        add = QPushButton(self.tr("Добавить покупателя"))
        add.clicked.connect(lambda: self.add_buyer())
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        layout.addLayout(row)

        self.problem = error_label(self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Оформить"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.sellers.itemChanged.connect(self._sellers_changed)
        self.add_buyer()
        self._check()
        prepare_form(self)

    @classmethod
    def ask(cls, parent: QWidget | None, card: PremiseCard, *, today: date,
            save: Save | None = None) -> SaleInput | None:
        dialog = cls(parent, card, today=today, save=save)
        try:
            dialog.exec()
            return dialog.result_sale()
        finally:
            dialog.deleteLater()

    # -- buyers

    def add_buyer(self, name: str = "", share: str | None = None) -> _BuyerRow:
        row = _BuyerRow(self, share if share is not None else ("" if self.buyers else self._sold_share()))
        row.name.setText(name)
        index = len(self.buyers)
        self.buyers.append(row)
        self.buyers_grid.addWidget(row.name, index, 0)
        self.buyers_grid.addWidget(row.share, index, 1)
        self.buyers_grid.addWidget(row.egrn_number, index, 2)
        self.buyers_grid.addWidget(row.phone, index, 3)
        self.buyers_grid.addWidget(row.member, index, 4)
        self.buyers_grid.addWidget(row.remove, index, 5)
        row.name.textChanged.connect(self._check)
        row.share.textEdited.connect(lambda _text, r=row: setattr(r, "share_touched", True))
        row.share.textChanged.connect(self._check)
        row.remove.clicked.connect(lambda _=False, r=row: self.remove_buyer(r))
        self._check()
        return row

    def remove_buyer(self, row: _BuyerRow) -> None:
        if len(self.buyers) == 1:
            row.name.clear()
            return
        self.buyers.remove(row)
        for widget in (row.name, row.share, row.egrn_number, row.phone, row.member, row.remove):
            self.buyers_grid.removeWidget(widget)
            widget.deleteLater()
        self._check()

    def selected_seller_ids(self) -> list[int]:
        return [self.sellers.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.sellers.count())
                if self.sellers.item(i).checkState() == Qt.CheckState.Checked]

    def _sold_share(self) -> str:
        chosen = set(self.selected_seller_ids()) if self.sellers.count() else set()
        holdings = [ShareHolding(i.fraction, i.joint_group) for i in self._card.current if i.id in chosen]
        total = total_share(holdings)
        return format_share(total) if total > 0 else ""

    @Slot()
    def _sellers_changed(self) -> None:
        if len(self.buyers) == 1 and not self.buyers[0].share_touched:
            self.buyers[0].share.setText(self._sold_share())
        self._check()

    # -- checking

    def sale(self) -> SaleInput:
        """The transfer the fields describe; raises ValidationFailed with a Russian message."""
        sellers = self.selected_seller_ids()
        if not sellers:
            raise ValidationFailed(self.tr("Отметьте собственников, чьё право прекращается."))
        buyers = []
        on = date_value(self.on) or clock.today()
        for row in self.buyers:
            name, share = row.name.text().strip(), row.share.text().strip()
            if not name and not share:
                continue
            if not name:
                raise ValidationFailed(self.tr("Укажите ФИО или наименование покупателя."))
            parsed = parse_share(share)
            egrn_number = row.egrn_number.text().strip() or None
            buyers.append(OwnerInput(name=name, fraction=parsed.fraction, joint=parsed.joint,
                                     egrn_number=egrn_number, egrn_date=on if egrn_number else None,
                                     phone=row.phone.text().strip() or None,
                                     member=row.member.isChecked()))
        if not buyers:
            raise ValidationFailed(self.tr("Укажите нового собственника."))
        return SaleInput(sellers, on, buyers)

    def summary(self, sale: SaleInput) -> str:
        """What is about to be written, for the confirmation."""
        on = format_date(sale.on)
        sellers = [f"{info.owner} ({info.share_text})" for info in self._card.current
                   if info.id in sale.seller_ids]
        buyers = []
        for buyer in sale.buyers:
            text = f"{buyer.name} ({format_share(buyer.fraction, buyer.joint)})"
            if buyer.egrn_number:
                text += self.tr(", запись ЕГРН {0}").format(buyer.egrn_number)
            if buyer.member:
                text += self.tr(", член ТСЖ")
            buyers.append(text)
        ends = self.tr("Право прекращается {0}: {1}.") if len(sellers) == 1 else self.tr(
            "Права прекращаются {0}: {1}.")
        owner = self.tr("Собственник с {0}: {1}.") if len(buyers) == 1 else self.tr(
            "Собственники с {0}: {1}.")
        return "\n".join([ends.format(on, "; ".join(sellers)), owner.format(on, "; ".join(buyers)),
                          "", self.tr("Записать?")])

    def confirm(self, text: str) -> bool:
        """Ask before the transfer is written (tests replace this)."""
        answer = QMessageBox.question(self, self.tr("Смена собственника"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def _check(self) -> None:
        try:
            self.sale()
        except ValidationFailed as exc:
            show_problem(self.problem, exc.message)
            self.ok_button.setEnabled(False)
        else:
            show_problem(self.problem, None)
            self.ok_button.setEnabled(True)

    def result_sale(self) -> SaleInput | None:
        return self._result

    def accept(self) -> None:
        try:
            sale = self.sale()
            if not self.confirm(self.summary(sale)):
                return
            if self._save is not None:
                self._save(sale)
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self._result = sale
        super().accept()
