"""«Реестр собственников»: premises filtered as you type, the card on Enter.

The table is paged from SQL (``PremisesModel``): a keystroke asks the database for a
count and one page, never scans the premises in Python; on a base whose last load
was slow the rows come from a background query and the count reads «Загрузка…» meanwhile.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted
from tsj_desk.services.premise_pages import PremiseFilter
from tsj_desk.services.registry_browse import PremiseSummary, count_premises, premise_card
from ui import errors
from ui.empty_hint import EmptyHint
from ui.filter_bar import FilterPage
from ui.house_choice import HouseChoice
from ui.register.model import PremisesModel
from ui.sql_table import make_sql_table
from ui.tables import selected_row


class _AddressEnd(QStyledItemDelegate):
    """A cell whose text, when cut, keeps its end."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


def premises_text(count: int) -> str:
    return counted(count, "помещение", "помещения", "помещений")


class RegisterPage(FilterPage, QWidget):
    def __init__(self, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(parent)
        self._today = today
        layout = QVBoxLayout(self)

        actions = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Загрузить из Excel…"))
        self.export_button = QPushButton(self.tr("Выгрузить реестр…"))
        self.add_button = QPushButton(self.tr("Добавить собственника"))
        self.sale_button = QPushButton(self.tr("Смена собственника"))
        self.import_button.clicked.connect(self.import_from_file)
        self.export_button.clicked.connect(self.export_register)
        self.members_button = QPushButton(self.tr("Реестр членов ТСЖ…"))
        self.members_button.clicked.connect(self.export_members)
        self.add_button.clicked.connect(self.add_owner)
        self.sale_button.clicked.connect(self.change_owner)
        self.add_premise_button = QPushButton(self.tr("Добавить помещение…"))
        self.add_premise_button.clicked.connect(self.add_premise)
        for button in (self.import_button, self.export_button, self.members_button,
                       self.add_premise_button):
            actions.addWidget(button)
        actions.addSpacing(24)
        for button in (self.add_button, self.sale_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        filters = QHBoxLayout()
        self.setup_filter(self.tr("Поиск: номер, ФИО, лицевой счёт…"), self.reload, min_width=320)
        self.incomplete_only = QCheckBox(self.tr("Только с нераспределёнными долями"))
        self.count_label = QLabel()
        self.house = HouseChoice()  # shown only when the base has several houses
        filters.addWidget(self.house)
        filters.addWidget(self.filter, 2)
        filters.addWidget(self.incomplete_only)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.model = PremisesModel(self, house_column=True)
        self.model.loaded.connect(self._rows_arrived)
        self.model.failed.connect(lambda exc: errors.show_error(self, exc))
        self.table = make_sql_table(self, self.model, "register-premises")
        self._house_column_first()
        self.proxy = self.model  # sorted by the model itself: rows in view order, as a proxy had them
        self._keep: int | None = None
        self._total = 0
        self.table.activated.connect(lambda _index: self.open_card())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.empty_hint = EmptyHint.over(
            self.table, self.tr("В базе нет помещений. Загрузите реестр собственников из Excel "
                                "или добавьте помещения вручную."),
            self.tr("Загрузить реестр…"), self.import_from_file)

        self.incomplete_only.toggled.connect(self.reload)
        self.house.changed.connect(self.reload)

        from tsj_desk.services.data_changes import REGISTER
        from ui import live_refresh

        live_refresh.first_read(self, REGISTER)  # the first show does not read again
        self.reload()

    # -- data

    @Slot()
    def reload(self) -> None:
        """Ask the service again with the filter as it is now."""
        self._filter_timer.stop()
        keep = self.selected_premise()
        if keep is not None:
            self._keep = keep.id
        house_id = self.house.house_id()
        try:
            self._total = count_premises(house_id)  # one count(*) on the house's index
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        flt = PremiseFilter(self.filter.text(), self.incomplete_only.isChecked(), house_id)
        self._show_house_column(house_id is None and not self.house.isHidden())
        self.model.set_filter(flt)
        if self.model.loading:
            self.count_label.setText(self.tr("Загрузка…"))

    def _house_column_first(self) -> None:
        """«Дом» before «№», where the program puts it (a header the user arranged and
        that was restored keeps his order); an address too long for it loses its start
        («…ул. Лесная, д. 5»): the houses of one town differ by their street and number."""
        header = self.table.horizontalHeader()
        house = PremisesModel.HOUSE
        self.table.column_fitter.program_order = [house, *(c for c in range(header.count()) if c != house)]
        if header.visualIndex(house) == house:
            header.moveSection(house, 0)
        self.table.setItemDelegateForColumn(house, _AddressEnd(self.table))

    def _show_house_column(self, shown: bool) -> None:
        """«Дом» only while every house of a base with several is listed."""
        if self.table.isColumnHidden(PremisesModel.HOUSE) == shown:
            self.table.setColumnHidden(PremisesModel.HOUSE, not shown)

    def house_column_shown(self) -> bool:
        return not self.table.isColumnHidden(PremisesModel.HOUSE)

    @Slot()
    def _rows_arrived(self) -> None:
        house_id = self.model.current_filter().house_id
        self._show_count(self.model.rowCount(), self._total)
        filtered = bool(self.filter.text().strip()) or self.incomplete_only.isChecked()
        # a house without premises yet is not a blank base: «Загрузить реестр…» only there
        self.empty_hint.set_shown(self._total == 0 and not filtered and house_id is None)
        keep, self._keep = self._keep, None
        if keep is not None:
            self.select_premise(keep)
        self._update_buttons()

    def is_loading(self) -> bool:
        """The rows are on their way from a background query («Загрузка…» shown)."""
        return self.model.loading

    def page_shown(self) -> None:
        from tsj_desk.services.data_changes import REGISTER
        from ui import live_refresh

        live_refresh.follow(self, REGISTER, self.reload)  # reload keeps the selected premise
        if live_refresh.reload_needed(self, REGISTER):
            self.house.refresh()  # a house may have been added meanwhile
            self.reload()

    def _show_count(self, shown: int, total: int) -> None:
        filtered = bool(self.filter.text().strip()) or self.incomplete_only.isChecked()
        if shown == 0 and filtered:
            text = self.tr("Ничего не найдено (всего {0})").format(premises_text(total))
        elif filtered:
            text = self.tr("Показано {0} из {1}").format(premises_text(shown), total)
        else:
            text = self.tr("Показано {0}").format(premises_text(shown))
        self.count_label.setText(text)

    def visible_premises(self) -> list[PremiseSummary]:
        """The rows in the order the table shows them (fetches every page: for tests)."""
        return self.model.rows()

    def selected_premise(self) -> PremiseSummary | None:
        return selected_row(self.table)

    def select_premise(self, premise_id: int) -> bool:
        """Select the premise among the rows fetched or the first pages."""
        row = self.model.find(lambda p: p.id == premise_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    @Slot()
    def _update_buttons(self) -> None:
        chosen = self.selected_premise() is not None
        self.add_button.setEnabled(chosen)
        self.sale_button.setEnabled(chosen)

    # -- keyboard

    def _row_chosen(self) -> bool:
        return self.selected_premise() is not None

    # -- actions

    @Slot()
    def open_card(self) -> None:
        from ui.register.premise_card import PremiseCardDialog

        premise = self.selected_premise()
        if premise is not None and PremiseCardDialog.open_for(self, premise.id, today=self._today):
            self.reload()

    def _selected_card(self):
        premise = self.selected_premise()
        if premise is None:
            return None
        try:
            return premise_card(premise.id)
        except TsjError as exc:
            errors.show_error(self, exc)
            return None

    @Slot()
    def add_owner(self) -> None:
        from ui.register.premise_card import add_owner_to

        card = self._selected_card()
        if card is not None and add_owner_to(self, card):
            self.reload()

    @Slot()
    def change_owner(self) -> None:
        from ui.register.premise_card import change_owner_of

        card = self._selected_card()
        if card is not None and change_owner_of(self, card, self._today):
            self.reload()

    @Slot()
    def add_premise(self) -> None:
        from ui.register import premise_dialog

        made = premise_dialog.add_premise(self)
        if made is not None:
            self.reload()
            if not self.select_premise(made.id):
                self._keep = made.id  # the rows are still on their way: chosen when they arrive

    @Slot()
    def import_from_file(self) -> None:
        from ui.register.import_dialog import ImportDialog

        if ImportDialog.choose_and_run(self, today=self._today):
            self.reload()

    @Slot()
    def export_register(self) -> None:
        from ui.register.export_dialog import ExportDialog

        ExportDialog.run(self, today=self._today)

    @Slot()
    def export_members(self) -> None:
        """The register of the association's members (ЖК РФ ст. 143), handed out and
        logged as the owner register is."""
        from ui.register.export_dialog import ExportDialog

        ExportDialog.run(self, today=self._today, members=True)
