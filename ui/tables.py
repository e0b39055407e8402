"""One table-model pattern for every table of the window.

``RowsModel`` is a read-only ``QAbstractTableModel`` over a list of rows (frozen
dataclasses from a service) described by ``Column`` objects: the text shown, the raw
value in ``SORT_ROLE`` for sorting, alignment, tooltips, and a row tone from
``ui.colors``. ``make_table`` builds the sortable view around it.

The widths of every table follow one rule (``ColumnFitter``): a date or number column
fits its content (``Column.sample``, or ``width`` characters) and its header; the text
columns share what is left of the view's width (``Column.stretch``, by default their
``width``), never narrower than ``width`` characters. Once the user drags a column
edge, the widths, order and sort are his: remembered per table in the settings and
restored when the table opens again; «Ширина столбцов по содержимому» in the header's
context menu gives the rule back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
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
    width: int = 12  # default width in average characters (a text column's least width)
    tooltip: Callable[[R], str | None] | None = None
    fit: bool | None = None  # fits its content; None: numbers (right or centre aligned) do
    sample: str = ""  # the widest content of a fitted column («24.11.2026 10:30»)
    stretch: int = 0  # a text column's share of the spare width; 0: its ``width``

    @property
    def fitted(self) -> bool:
        return self.fit if self.fit is not None else self.align in (RIGHT, CENTER)


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

    def columns(self) -> list[Column[R]]:
        return list(self._columns)


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


class _Wrapped(_Padded):
    """The one column whose text wraps onto more lines."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText


def wrap_column(view: QTableView, column: int) -> None:
    """Let one column's text wrap onto more lines; every other cell stays on one line.

    Rows grow to fit when ``view.resizeRowsToContents()`` is called. The view itself does
    not wrap: only that column's delegate asks for it, so the other cells are painted by
    Qt's own delegate code with no call into Python per cell (a grid of 30 rows × 12
    columns painted twice made 700 such calls, 15–20 ms of the page's first paint).
    """
    view.setWordWrap(False)
    view.setItemDelegate(_Padded(view))
    view.setItemDelegateForColumn(column, _Wrapped(view))


CELL_PADDING = 14  # the cell's margins around its text
HEADER_PADDING = 24  # the header's margins and its sort arrow


class ColumnFitter(QObject):
    """The one rule of column widths, applied to a view whenever its width changes,
    until the user sizes a column himself (then his widths are remembered)."""

    def __init__(self, view: QTableView, columns: RowsModel, settings_key: str):
        super().__init__(view)
        self._view = view
        self._columns = columns.columns()
        self._key = settings_key
        self._fitting = False
        # the columns' order as the program puts them (logical indexes, left to right), when a
        # page moves one (the register's «Дом» first); None: the model's order
        self.program_order: list[int] | None = None
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        self.manual = bool(restore_header(view, settings_key, self._signature())
                           and _truthy(settings().value(_manual_key(settings_key))))
        view.viewport().installEventFilter(self)
        header.sectionResized.connect(self._resized)
        header.sectionMoved.connect(lambda *_: self.save())
        header.sortIndicatorChanged.connect(lambda *_: self.save())
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._menu)
        self.fit()

    def _signature(self) -> str:
        return "|".join(c.title for c in self._columns)

    def widths(self, available: int) -> list[int]:
        """The width of each column for a view ``available`` pixels wide."""
        view = self._view
        cell = view.fontMetrics()
        head = view.horizontalHeader().fontMetrics()
        char = cell.horizontalAdvance("0")
        header = view.horizontalHeader()
        widths: list[int] = []
        stretch: dict[int, int] = {}
        for n, column in enumerate(self._columns):
            title = max((head.horizontalAdvance(line) for line in column.title.splitlines()), default=0)
            title += HEADER_PADDING
            if column.fitted:
                content = cell.horizontalAdvance(column.sample) if column.sample else column.width * char
                widths.append(max(title, content + CELL_PADDING))
            else:
                widths.append(max(title, column.width * char + CELL_PADDING))
                if not header.isSectionHidden(n):
                    stretch[n] = column.stretch or column.width
        shown = sum(w for n, w in enumerate(widths) if not header.isSectionHidden(n))
        spare = available - shown
        if spare > 0 and stretch:
            total = sum(stretch.values())
            given = 0
            last = max(stretch)
            for n, weight in stretch.items():
                extra = spare - given if n == last else spare * weight // total
                widths[n] += extra
                given += extra
        return widths

    def fit(self) -> None:
        """Size the columns by the rule (unless the user has sized them)."""
        if self.manual:
            return
        available = self._view.viewport().width()
        if available <= 0:
            return
        header = self._view.horizontalHeader()
        self._fitting = True
        try:
            for n, width in enumerate(self.widths(available)):
                if n < header.count() and header.sectionSize(n) != width:
                    header.resizeSection(n, width)
        finally:
            self._fitting = False

    def reset(self) -> None:
        """«Ширина столбцов по содержимому»: back to the rule, the order as the program has it."""
        self.manual = False
        header = self._view.horizontalHeader()
        for visual, logical in enumerate(self.program_order or range(header.count())):
            if header.visualIndex(logical) != visual:
                header.moveSection(header.visualIndex(logical), visual)
        settings().remove(_manual_key(self._key))
        self.fit()
        self.save()

    def save(self) -> None:
        store = settings()
        store.setValue(_header_key(self._key), self._view.horizontalHeader().saveState())
        store.setValue(_signature_key(self._key), self._signature())

    def _resized(self, _section: int, old: int, new: int) -> None:
        if self._fitting:
            return
        if old == 0 or new == 0:  # a column hidden or shown by the page: the rule sizes the rest
            if not self.manual:
                QTimer.singleShot(0, self, self.fit)  # not after the view is gone
            return
        if not self.manual:  # a column edge dragged by the user (or set by a page's code)
            self.manual = True
            settings().setValue(_manual_key(self._key), True)
        self.save()

    def _menu(self, at) -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self._view)
        action = menu.addAction(self.tr("Ширина столбцов по содержимому"))
        action.triggered.connect(self.reset)
        menu.exec(self._view.horizontalHeader().mapToGlobal(at))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and not self.manual:
            self.fit()
        return False


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def table_view(parent: QWidget | None, model: QAbstractItemModel, columns: RowsModel,
               settings_key: str, *, sort_column: int = 0,
               sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> QTableView:
    """A sortable, row-selecting, read-only view of ``model`` whose columns follow the
    one width rule (``ColumnFitter``; ``columns`` describes them) and whose header —
    widths, order, sort — is remembered under ``settings_key`` once the user sets it."""
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
    header.setSectionsMovable(True)
    header.setHighlightSections(False)
    header.setSortIndicator(sort_column, sort_order)
    view.column_fitter = ColumnFitter(view, columns, settings_key)  # restores a remembered header
    view.setSortingEnabled(True)  # sorts by the (restored) indicator
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


def _manual_key(settings_key: str) -> str:
    return f"tables/{settings_key}/sized-by-user"


def _signature_key(settings_key: str) -> str:
    return f"tables/{settings_key}/columns"


def restore_header(view: QTableView, settings_key: str, signature: str | None = None) -> bool:
    """Put back the remembered header of the table; not when its columns have changed
    since (``signature``: the titles, as saved with it). True when restored."""
    store = settings()
    if signature is not None and store.value(_signature_key(settings_key)) != signature:
        return False
    state = store.value(_header_key(settings_key))
    if isinstance(state, QByteArray) and not state.isEmpty():
        return bool(view.horizontalHeader().restoreState(state))
    return False


def selected_row(view: QTableView) -> Any:
    """The row object of the current row of ``view`` (through its proxy), or None."""
    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isRowSelected(index.row(), index.parent()):
        return None
    return view.model().data(index.siblingAtColumn(0), ROW_ROLE)
