"""One table-model pattern for every table of the window.

``RowsModel`` is a read-only ``QAbstractTableModel`` over a list of rows (frozen
dataclasses from a service) described by ``Column`` objects: the text shown, the raw
value in ``SORT_ROLE`` for sorting, alignment, tooltips, and a row tone from
``ui.colors``. ``make_table`` builds the sortable view around it and remembers the
column widths in the settings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui import colors
from ui.settings import settings

SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself

R = TypeVar("R")

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None  # raw value; must never be None
    align: Qt.AlignmentFlag = LEFT
    width: int = 12  # default width in average characters
    tooltip: Callable[[R], str | None] | None = None


Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[R]):
    """Read-only rows; subclasses give the columns and, if they like, row tones."""

    def __init__(self, columns: Sequence[Column[R]], parent=None):
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        self._alignments = [int(c.align) for c in self._columns]

    # -- rows

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def tone(self, row: R) -> colors.Tone:
        return colors.Tone.NORMAL

    def row_tooltip(self, row: R) -> str | None:
        return None

    # -- Qt

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if r >= len(self._rows) or c >= len(self._columns):
            return None
        row = self._rows[r]
        column = self._columns[c]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort is not None else column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignments[c]
        if role == Qt.ItemDataRole.BackgroundRole:
            return colors.background(self.tone(row))
        if role == Qt.ItemDataRole.ForegroundRole:
            return colors.foreground(self.tone(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None and (tip := column.tooltip(row)):
                return tip
            return self.row_tooltip(row)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(LEFT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def default_widths(self) -> list[int]:
        return [c.width for c in self._columns]


class SortProxy(QSortFilterProxyModel):
    """Sorts by the raw values of ``SORT_ROLE``, Cyrillic in dictionary order."""

    def __init__(self, source: RowsModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def row_at(self, proxy_row: int):
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().row_at(source.row())


class _Padded(QStyledItemDelegate):
    """Rows fitted to their contents keep the breathing room of the default row height."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 6)


class _SingleLine(_Padded):
    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText


def wrap_column(view: QTableView, column: int) -> None:
    """Let one column's text wrap onto more lines; every other cell stays on one line.

    Rows grow to fit when ``view.resizeRowsToContents()`` is called.
    """
    view.setWordWrap(True)
    single = view.findChild(_SingleLine, "single-line") or _SingleLine(view)
    single.setObjectName("single-line")
    view.setItemDelegate(single)
    view.setItemDelegateForColumn(column, _Padded(view))


def table_view(parent: QWidget | None, model: QAbstractItemModel, columns: RowsModel,
               settings_key: str, *, sort_column: int = 0,
               sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> QTableView:
    """A sortable, row-selecting, read-only view of ``model`` (``columns`` gives the
    default widths) that remembers its header — widths, order, sort — under ``settings_key``."""
    view = QTableView(parent)
    view.setObjectName(settings_key)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    char = view.fontMetrics().horizontalAdvance("0")
    for section, chars in enumerate(columns.default_widths()):
        header.resizeSection(section, chars * char + 16)
    header.setSortIndicator(sort_column, sort_order)
    restore_header(view, settings_key)
    view.setSortingEnabled(True)  # sorts by the (restored) indicator

    def save() -> None:
        settings().setValue(_header_key(settings_key), header.saveState())

    header.sectionResized.connect(save)
    header.sortIndicatorChanged.connect(save)
    return view


def make_table(parent: QWidget | None, model: RowsModel, settings_key: str, *,
               sort_column: int = 0,
               sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> tuple[QTableView, SortProxy]:
    """A ``table_view`` of ``model`` sorted and filtered by a ``SortProxy``."""
    proxy = SortProxy(model, parent)
    view = table_view(parent, proxy, model, settings_key, sort_column=sort_column, sort_order=sort_order)
    return view, proxy


def _header_key(settings_key: str) -> str:
    return f"tables/{settings_key}/header"


def restore_header(view: QTableView, settings_key: str) -> None:
    state = settings().value(_header_key(settings_key))
    if isinstance(state, QByteArray) and not state.isEmpty():
        view.horizontalHeader().restoreState(state)


def selected_row(view: QTableView) -> Any:
    """The row object of the current row of ``view`` (through its proxy), or None."""
    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isRowSelected(index.row(), index.parent()):
        return None
    return view.model().data(index.siblingAtColumn(0), ROW_ROLE)
