"""The readings page's moves through the entry grid: Enter, the arrows, Tab between tariffs."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Slot

from ui.readings.entry_model import EntryModel
from ui.readings.entry_table import DOWN, NEXT, PREVIOUS, UP


class PageGrid:
    """The grid moves of ``ReadingsPage`` (mixed into it)."""

    # -- moving through the grid

    def entry_index(self, proxy_row: int, tariff: int = 0) -> QModelIndex:
        return self.proxy.index(proxy_row, EntryModel.TARIFF_COLUMNS[tariff])

    def go_to_meter(self, meter_id: int, tariff: int = 0) -> bool:
        row = self.proxy_row_of(meter_id)
        if row is None:
            return False
        self.table.setFocus()
        self.table.setCurrentIndex(self.entry_index(row, tariff))
        self.table.scrollTo(self.table.currentIndex())
        return True

    def _tariffs(self, proxy_row: int) -> int:
        return self.proxy.row_at(proxy_row).tariffs

    @Slot(str)
    def _move(self, where: str) -> None:
        current = self.table.currentIndex()
        if not current.isValid():
            return
        row, rows = current.row(), self.proxy.rowCount()
        tariff = max(0, EntryModel.TARIFF_COLUMNS.index(current.column())
                     if current.column() in EntryModel.TARIFF_COLUMNS else 0)
        target: tuple[int, int] | None = None
        if where == DOWN and row + 1 < rows:
            target = (row + 1, 0)
        elif where == UP and row > 0:
            target = (row - 1, min(tariff, self._tariffs(row - 1) - 1))
        elif where == NEXT:
            if tariff + 1 < self._tariffs(row):
                target = (row, tariff + 1)
            elif row + 1 < rows:
                target = (row + 1, 0)
        elif where == PREVIOUS:
            if tariff > 0:
                target = (row, tariff - 1)
            elif row > 0:
                target = (row - 1, self._tariffs(row - 1) - 1)
        if target is None:
            return
        index = self.entry_index(*target)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if not self.model.is_entry_cell(self.proxy.mapToSource(index)):
            self.show_history()

