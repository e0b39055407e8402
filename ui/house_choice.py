"""The «Дом» choice of a page's filter bar: «Все дома» and each house's address.

Shown only when the base has more than one house (a managing organisation); with one
house there is nothing to choose and the page lists everything. The box keeps one width
whatever the addresses: a long one shown loses its start («…ул. Лесная, д. 5», as the
register's «Дом» column cuts it), in full in the list and the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QStyle, QStyleOptionComboBox,
                               QStylePainter, QWidget)

from tsj_desk.services.organization import houses


# in widths of «X»: «ул. Лесная, д. 5» in full; the widest bar (Обращения) still fits 1280 pixels
SHOWN_LENGTH = 12


class _AddressCombo(QComboBox):
    """A combo box whose chosen address, when too long for it, keeps its end."""

    def _option(self) -> QStyleOptionComboBox:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return option

    def shown_text(self) -> str:
        """The chosen item's text as the box shows it."""
        option = self._option()
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        shown = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideLeft,
                                              max(field.width() - 2, 0))
        if shown != option.currentText and shown.startswith("…"):
            shown = "…" + shown[1:].lstrip(",. ")  # «…ул. Лесная», not «…, ул. Лесная»
        return shown

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = self._option()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class HouseChoice(QWidget):
    changed = Signal()  # another house (or «Все дома») was chosen

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.tr("Дом:"))
        self.combo = _AddressCombo()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(SHOWN_LENGTH)
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
        self._show_tooltip()

    def house_id(self) -> int | None:
        """The chosen house, or ``None`` for all of them."""
        if self.combo.count() <= 2:
            return None
        return self.combo.currentData()

    def choose(self, house_id: int | None) -> None:
        index = self.combo.findData(house_id) if house_id is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def _show_tooltip(self) -> None:
        """The chosen house's address in full (the box may show its end only)."""
        self.combo.setToolTip(self.combo.currentText() if self.combo.currentData() is not None else "")

    @Slot(int)
    def _chosen(self, _index: int) -> None:
        self._show_tooltip()
        self.changed.emit()
