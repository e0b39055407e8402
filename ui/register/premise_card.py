"""The premise card: facts, current owners, history; add, correct, change owners."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.phones import phone_problem
from tsj_desk.domain.shares import format_share
from tsj_desk.domain.text import format_date
from tsj_desk.services.ownership_history import (
    correct_ownership,
    last_transfer,
    premise_history_notes,
    undo_last_transfer,
)
from tsj_desk.services.registry import (
    OwnerInput,
    OwnershipInfo,
    PremiseCard,
    add_owner,
    edit_owner,
    premise_card,
    transfer_ownership,
)
from ui import clock, colors, errors
from ui.meters.section import MetersSection
from ui.register.owner_dialog import OwnerDialog
from ui.register.person_dialog import PersonDialog, ask_correction_reason
from ui.register.sale_dialog import SaleDialog, SaleInput, premise_heading
from ui.tables import CENTER, Column, RowsModel, make_table, selected_row


def tr(text: str) -> str:
    return QCoreApplication.translate("PremiseCard", text)


def _yes(value: bool) -> str:
    return tr("да") if value else tr("нет")


class CurrentOwnersModel(RowsModel[OwnershipInfo]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("ФИО / наименование"), lambda o: o.owner, width=28),
            Column(tr("Доля"), lambda o: o.share_text, lambda o: float(o.fraction), width=8),
            Column(tr("ОГРН"), lambda o: o.ogrn or "", width=14),
            Column(tr("Номер регистрации права"), lambda o: o.egrn_number or "", width=27),
            Column(tr("Дата регистрации"), lambda o: format_date(o.egrn_date),
                   lambda o: o.egrn_date.isoformat() if o.egrn_date else "", width=14),
            Column(tr("Член ТСЖ"), lambda o: _yes(o.member), align=CENTER, width=8),
            # a phone that cannot be dialled as written is marked, the reason in its tooltip
            Column(tr("Телефон"), lambda o: (o.phone or "") + (" ⚠" if phone_problem(o.phone) else ""),
                   width=15, tooltip=lambda o: phone_problem(o.phone) or None),
        ], parent)


class HistoryModel(RowsModel[OwnershipInfo]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Прежний собственник"), lambda o: o.owner, width=34),
            Column(tr("Доля"), lambda o: o.share_text, lambda o: float(o.fraction), width=10),
            Column(tr("Собственник с"), lambda o: format_date(o.valid_from),
                   lambda o: o.valid_from.isoformat() if o.valid_from else "", width=13),
            Column(tr("по"), lambda o: format_date(o.valid_to),
                   lambda o: o.valid_to.isoformat() if o.valid_to else "", width=12),
            Column(tr("Номер регистрации права"), lambda o: o.egrn_number or "", width=30),
        ], parent)


def owner_input(info: OwnershipInfo) -> OwnerInput:
    return OwnerInput(
        name=info.owner, fraction=info.fraction, joint=info.joint_group is not None,
        ogrn=info.ogrn, phone=info.phone, email=info.email, egrn_number=info.egrn_number,
        egrn_date=info.egrn_date, member=info.member,
    )


# -- actions shared by the card and the register page


def add_owner_to(parent: QWidget, card: PremiseCard) -> bool:
    """Ask for a new owner of the premise and save it; True when saved."""
    added = OwnerDialog.ask(parent, title=tr("Добавить собственника"),
                            premise_label=premise_heading(card),
                            save=lambda owner: add_owner(card.id, owner, now=clock.now()))
    return added is not None


def edit_owner_of(parent: QWidget, card: PremiseCard, info: OwnershipInfo) -> bool:
    edited = OwnerDialog.ask(parent, title=tr("Изменить данные собственника"),
                             premise_label=premise_heading(card), initial=owner_input(info),
                             save=lambda owner: edit_owner(info.id, owner, now=clock.now()))
    return edited is not None


def change_owner_of(parent: QWidget, card: PremiseCard, today: date | None = None) -> bool:
    """«Смена собственника»: close the sellers' ownerships, open the buyers'."""
    if not card.current:
        errors.show_message(parent, tr("У помещения {0} нет текущих собственников: "
                                       "добавьте собственника.").format(card.number))
        return False

    def save(sale: SaleInput) -> None:
        transfer_ownership(card.id, sale.seller_ids, sale.buyers, on=sale.on, now=clock.now())

    done = SaleDialog.ask(parent, card, today=today or clock.today(), save=save)
    return done is not None


class PremiseCardDialog(QDialog):
    """Opened from the register by Enter or double-click on a premise."""

    changed = Signal()

    def __init__(self, parent: QWidget | None, premise_id: int, *, today: date | None = None):
        super().__init__(parent)
        self._premise_id = premise_id
        self._today = today
        self.card: PremiseCard = premise_card(premise_id)
        self._transfer = None  # the last sale that «Отменить последний переход права…» undoes
        self.resize(1060, 760)
        layout = QVBoxLayout(self)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        layout.addWidget(self.heading)
        facts = QFormLayout()
        self.account = QLabel()
        self.cadastral = QLabel()
        self.total = QLabel()
        for label in (self.account, self.cadastral, self.total):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        facts.addRow(tr("Лицевой счёт:"), self.account)
        facts.addRow(tr("Кадастровый номер:"), self.cadastral)
        facts.addRow(tr("Сумма долей:"), self.total)
        top = QHBoxLayout()
        top.addLayout(facts, 1)
        self.premise_button = QPushButton(tr("Данные помещения…"))
        self.delete_button = QPushButton(tr("Удалить помещение…"))
        self.premise_button.clicked.connect(self.edit_premise)
        for button in (self.premise_button, self.delete_button):
            button.setAutoDefault(False)  # Enter in the card opens an owner, not these
        self.delete_button.clicked.connect(self.delete_premise)
        top.addWidget(self.premise_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        layout.addWidget(QLabel(tr("Текущие собственники")))
        self.current_model = CurrentOwnersModel(self)
        self.current_view, _ = make_table(self, self.current_model, "premise-card-current")
        self.current_view.activated.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.current_view, 3)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("Добавить собственника"))
        self.edit_button = QPushButton(tr("Изменить"))
        self.sale_button = QPushButton(tr("Смена собственника"))
        self.person_button = QPushButton(tr("Карточка собственника…"))
        self.correct_button = QPushButton(tr("Исправить ошибку…"))
        self.undo_button = QPushButton(tr("Отменить последний переход права…"))
        self.add_button.clicked.connect(self.add_owner)
        self.edit_button.clicked.connect(self.edit_selected)
        self.sale_button.clicked.connect(self.change_owner)
        self.person_button.clicked.connect(self.open_person)
        self.correct_button.clicked.connect(self.correct_selected)
        self.undo_button.clicked.connect(self.undo_sale)
        for button in (self.add_button, self.edit_button, self.sale_button, self.person_button,
                       self.correct_button, self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        layout.addWidget(QLabel(tr("История собственников")))
        self.history_model = HistoryModel(self)
        self.history_view, _ = make_table(self, self.history_model, "premise-card-history")
        layout.addWidget(self.history_view, 2)
        self.notes = QLabel()  # corrections and undone sales: not changes of owner
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.notes)

        self.meters = MetersSection(self, premise_id, premise_heading(self.card))
        self.meters.changed.connect(self.changed)
        layout.addWidget(self.meters, 3)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("Закрыть"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.add_owner)
        from ui.printing.actions import card_print_shortcut  # Ctrl+P: this card's print preview
        card_print_shortcut(self, "premise", premise_id)
        self.current_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._show()

    def _show(self) -> None:
        card = self.card
        self.setWindowTitle(tr("Помещение {0}").format(card.number))
        self.heading.setText(premise_heading(card))
        self.account.setText(card.account or tr("не указан"))
        self.cadastral.setText(card.cadastral_number or tr("не указан"))
        total = format_share(card.total_share) if card.total_share else "0"
        if card.total_share < 1:
            self.total.setText(tr("{0} — доли не распределены полностью").format(total))
            self.total.setStyleSheet(colors.ERROR_LABEL_STYLE)
        else:
            self.total.setText(total)
            self.total.setStyleSheet("")
        self.current_model.set_rows(card.current)
        self.history_model.set_rows(card.history)
        notes = premise_history_notes(card.id)
        self.notes.setText("\n".join(f"{note.at:%d.%m.%Y} — {note.text}" for note in notes))
        self.notes.setVisible(bool(notes))
        self._transfer = last_transfer(card.id)
        if card.current:
            self.current_view.selectRow(0)
        self._update_buttons()

    def refresh(self) -> None:
        self.card = premise_card(self._premise_id)
        self._show()
        self.changed.emit()

    @Slot()
    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_owner() is not None)
        self.person_button.setEnabled(self.selected_owner() is not None)
        self.correct_button.setEnabled(self.selected_owner() is not None)
        self.sale_button.setEnabled(bool(self.card.current))
        self.undo_button.setEnabled(self._transfer is not None)

    def selected_owner(self) -> OwnershipInfo | None:
        return selected_row(self.current_view)

    @Slot()
    def add_owner(self) -> None:
        if add_owner_to(self, self.card):
            self.refresh()

    @Slot()
    def edit_selected(self) -> None:
        info = self.selected_owner()
        if info is not None and edit_owner_of(self, self.card, info):
            self.refresh()

    @Slot()
    def open_person(self) -> None:
        info = self.selected_owner()
        if info is not None and PersonDialog.ask(self, info.id, info.person_id,
                                                 premise_heading(self.card)):
            self.refresh()

    @Slot()
    def correct_selected(self) -> None:
        """A mistake in the record, not a sale: corrected in place with its reason."""
        info = self.selected_owner()
        if info is None:
            return
        reason = ask_correction_reason(self)
        if reason is None:
            return
        corrected = OwnerDialog.ask(
            self, title=tr("Исправить ошибку в записи"), premise_label=premise_heading(self.card),
            initial=owner_input(info),
            save=lambda owner: correct_ownership(info.id, owner, now=clock.now(), reason=reason))
        if corrected is not None:
            self.refresh()

    def confirm_undo(self, text: str) -> bool:
        """Ask before the last sale is undone (tests replace this)."""
        answer = QMessageBox.question(self, tr("Отмена перехода права"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def undo_sale(self) -> None:
        if self._transfer is None:
            return
        text = tr("{0}.\nЗаписи покупателей будут удалены, прежние собственники — восстановлены. "
                  "Отменить?").format(self._transfer.text)
        if not self.confirm_undo(text):
            return
        try:
            undo_last_transfer(self.card.id, now=clock.now())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.refresh()

    @Slot()
    def change_owner(self) -> None:
        if change_owner_of(self, self.card, self._today):
            self.refresh()

    @Slot()
    def edit_premise(self) -> None:
        from ui.register import premise_dialog

        if premise_dialog.edit_premise(self, self._premise_id) is not None:
            self.refresh()

    @Slot()
    def delete_premise(self) -> None:
        from ui.register import premise_dialog

        if premise_dialog.delete_premise(self, self._premise_id):
            self.changed.emit()
            self.accept()

    @classmethod
    def open_for(cls, parent: QWidget | None, premise_id: int, *, today: date | None = None) -> bool:
        """Show the card modally; True when something was changed in it."""
        try:
            dialog = cls(parent, premise_id, today=today)
        except TsjError as exc:
            errors.show_error(parent, exc)
            return False
        changed = []
        dialog.changed.connect(lambda: changed.append(True))
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        return bool(changed)
