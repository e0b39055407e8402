"""The «Дом» choice of a page's filter bar: «Все дома» and each house's address.

Shown only when the base has more than one house (a managing organisation); with one
house there is nothing to choose and the page lists everything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from tsj_desk.services.organization import houses


class HouseChoice(QWidget):
    changed = Signal()  # another house (or «Все дома») was chosen

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.tr("Дом:"))
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(24)
        self.label.setBuddy(self.combo)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.refresh()

    def refresh(self) -> None:
        """Read the houses again (one may have been added), keeping the choice made."""
        keep = self.house_id()
        self.combo.blockSignals(True)
        try:
            self.combo.clear()
            self.combo.addItem(self.tr("Все дома"), None)
            for house in houses():
                self.combo.addItem(house.address, house.id)
                # a long address in full
                self.combo.setItemData(self.combo.count() - 1, house.address, Qt.ItemDataRole.ToolTipRole)
            index = self.combo.findData(keep) if keep is not None else 0
            self.combo.setCurrentIndex(max(index, 0))
        finally:
            self.combo.blockSignals(False)
        self.setHidden(self.combo.count() <= 2)  # «Все дома» and a single house

    def house_id(self) -> int | None:
        """The chosen house, or ``None`` for all of them."""
        if self.combo.count() <= 2:
            return None
        return self.combo.currentData()

    def choose(self, house_id: int | None) -> None:
        index = self.combo.findData(house_id) if house_id is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    @Slot(int)
    def _chosen(self, _index: int) -> None:
        self.changed.emit()
