"""Tables whose rows stay in the database: counted, sorted, filtered and paged in SQL.

``SqlTableModel`` is a ``RowsModel`` (the one table-model pattern: ``Column`` objects,
row tones from ``ui.colors``) whose rows are ``PagedRows``: the row count comes from
the subclass's ``count_rows`` and the rows from its ``fetch_rows(offset, limit)``, a
page at a time, when the view first asks for one of them. Sorting asks the service
again with the column's key from ``SORT_KEYS``; nothing sorts or filters all rows in
Python, so the view needs no ``QSortFilterProxyModel``.

A table whose last load took longer than ``SLOW_LOAD_SECONDS`` and counted more than
``BACKGROUND_MIN_ROWS`` rows loads the next time off the GUI thread (count and first page in a ``ui.workers.Job``): the page shows its
frame at once, ``loading`` is true (the page writes «Загрузка…») and ``loaded`` is
emitted when the rows are in. A small base keeps answering at once.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget
from shiboken6 import isValid

from ui.tables import ROW_ROLE, SORT_ROLE, Column, RowsModel, table_view

R = TypeVar("R")

PAGE_SIZE = 200
CACHED_PAGES = 64  # 12,800 rows kept; pages further away are fetched again when scrolled back
SLOW_LOAD_SECONDS = 0.05  # a load slower than this is done off the GUI thread next time…
BACKGROUND_MIN_ROWS = 1000  # …when it counted more rows than this (a busy machine slows small ones too)

Index = QModelIndex | QPersistentModelIndex

# The tables (by settings key) whose last load was slow: a page built again later
# starts in the background at once.
_slow_tables: set[str] = set()


class PagedRows(Sequence, Generic[R]):
    """The rows of one query, fetched ``page_size`` at a time and kept in an LRU cache.

    ``fetch(offset, limit)`` returns the rows of one page, or None when the service
    failed (the model has reported it). A page that comes back shorter than expected
    (rows deleted meanwhile) leaves holes: ``get`` returns None there and the model
    schedules a fresh count. ``first`` is the first page when it was fetched already.
    """

    def __init__(self, count: int, fetch: Callable[[int, int], list[R] | None], *,
                 page_size: int = PAGE_SIZE, cached_pages: int = CACHED_PAGES,
                 first: list[R] | None = None):
        self._count = count
        self._fetch = fetch
        self._page_size = page_size
        self._cached_pages = cached_pages
        self._pages: OrderedDict[int, list[R]] = OrderedDict()
        self.fetches = 0  # how many pages were asked of the service (tests, benchmark)
        self.short = False  # a page came back short: the data changed under us
        self._last_number = -1
        self._last_page: list[R] = []
        if first is not None and count:
            self._pages[0] = list(first)

    def __len__(self) -> int:
        return self._count

    def _page(self, number: int) -> list[R]:
        if number == self._last_number:  # painting asks for the same page hundreds of times
            return self._last_page
        page = self._pages.get(number)
        if page is None:
            self.fetches += 1
            fetched = self._fetch(number * self._page_size, self._page_size)
            if fetched is None:  # the service failed (and said so): an empty page, no recount
                page = []
            else:
                page = fetched
                expected = min(self._page_size, self._count - number * self._page_size)
                if len(page) < expected:
                    self.short = True
            self._pages[number] = page
            while len(self._pages) > self._cached_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        self._last_number, self._last_page = number, page
        return page

    def get(self, row: int) -> R | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // self._page_size)
        offset = row % self._page_size
        return page[offset] if offset < len(page) else None

    def __getitem__(self, row: int) -> R:  # type: ignore[override]
        found = self.get(row)
        if found is None:
            raise IndexError(row)
        return found

    def loaded(self) -> list[tuple[int, R]]:
        """(row number, row) of every row fetched so far."""
        return [(number * self._page_size + i, r) for number, page in self._pages.items()
                for i, r in enumerate(page)]


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole,
                    Qt.ItemDataRole.ForegroundRole, SORT_ROLE, ROW_ROLE})


class SqlTableModel(RowsModel[R]):
    """Rows counted and fetched by a service a page at a time; sorted by the service.

    Subclasses give the columns, ``SORT_KEYS`` (the service's sort key of each column,
    or None for a column that does not sort), and implement ``count_rows()`` and
    ``fetch_rows(offset, limit)`` for the filter they keep; both are called off the
    GUI thread when the table loads in the background, so they only call services.
    """

    SORT_KEYS: ClassVar[tuple[str | None, ...]] = ()

    failed = Signal(object)  # an exception while counting or fetching rows; shown by the page
    loaded = Signal()  # the count and the first rows are in (after ``reload``)

    def __init__(self, columns: Sequence[Column[R]], parent=None, *, table_key: str = "",
                 sort_key: str = "", descending: bool = False, page_size: int = PAGE_SIZE):
        super().__init__(columns, parent)
        self._table_key = table_key or type(self).__name__
        self._page_size = page_size
        self._sort_key = sort_key
        self._descending = descending
        self._rows = PagedRows(0, self._fetch, page_size=page_size)
        self._recount_scheduled = False
        self._generation = 0
        self._job = None
        self.loading = False
        self.last_load_seconds = 0.0
        self._static: list[R] | None = None  # rows given by ``set_rows``, not queried

    # -- what subclasses give

    def count_rows(self) -> int:
        raise NotImplementedError

    def fetch_rows(self, offset: int, limit: int) -> list[R]:
        raise NotImplementedError

    # -- loading

    def reload(self, *, background: bool | None = None) -> None:
        """Count and fetch the first page again (after a change of filter or data).

        ``background``: off the GUI thread; by default when the last load of this
        table was slow. Errors are emitted as ``failed``."""
        self._recount_scheduled = False
        self._generation += 1
        self._static = None
        if background is None:
            background = self._table_key in _slow_tables
        if not background:
            self._cancel_job()
            started = time.perf_counter()
            try:
                count, first = self._load()
            except Exception as exc:  # noqa: BLE001 — shown by the page through the one translator
                self.loading = False
                self.failed.emit(exc)
                return
            self._note_duration(time.perf_counter() - started, count)
            self._install(count, first)
            return
        self._start_job(self._generation)

    def _load(self) -> tuple[int, list[R]]:
        count = self.count_rows()
        first = self.fetch_rows(0, self._page_size) if count else []
        return count, first

    def _note_duration(self, seconds: float, count: int) -> None:
        self.last_load_seconds = seconds
        if seconds > SLOW_LOAD_SECONDS and count > BACKGROUND_MIN_ROWS:
            _slow_tables.add(self._table_key)
        else:
            _slow_tables.discard(self._table_key)

    def _start_job(self, generation: int) -> None:
        from ui.workers import Job

        self._cancel_job()
        self.loading = True
        started = time.perf_counter()
        job = Job(lambda _progress, _cancel: self._load())
        job.finished.connect(lambda result, g=generation: self._arrived(g, result, started))
        job.failed.connect(lambda exc, g=generation: self._load_failed(g, exc))
        self._job = job
        job.start()

    def _cancel_job(self) -> None:
        if self._job is not None:
            self._job.request_cancel()
            self._job = None

    def _arrived(self, generation: int, result: tuple[int, list[R]], started: float) -> None:
        if not isValid(self) or generation != self._generation:  # gone, or a newer load is under way
            return
        self._job = None
        count, first = result
        self._note_duration(time.perf_counter() - started, count)
        self._install(count, first)

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self._job = None
        self.loading = False
        self.failed.emit(exc)

    def _install(self, count: int, first: list[R]) -> None:
        self.loading = False
        self.beginResetModel()
        self._rows = PagedRows(count, self._fetch, page_size=self._page_size, first=first)
        self.endResetModel()
        self.loaded.emit()

    def wait(self) -> None:
        """Block until a background load has arrived (tests, benchmarks)."""
        if self._job is not None:
            self._job.finish_now()

    def _fetch(self, offset: int, limit: int) -> list[R] | None:
        if self._static is not None:
            return self._static[offset:offset + limit]
        if self.loading:  # the rows shown are the old ones: nothing more of them until the new arrive
            return None
        try:
            return self.fetch_rows(offset, limit)
        except Exception as exc:  # noqa: BLE001 — data() is called while painting: report later
            QTimer.singleShot(0, lambda error=exc: self.failed.emit(error))  # exc is unbound after
            return None

    def _recount(self) -> None:
        self.reload(background=False)

    # -- what is shown

    @property
    def sort_key(self) -> str:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def pages(self) -> PagedRows[R]:
        return self._rows

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show exactly ``rows``, in their order, instead of asking the service (until
        the next ``reload``); sorting keeps their order."""
        self._cancel_job()
        self._generation += 1
        self._static = list(rows)
        self._install(len(self._static), self._static[:self._page_size])

    def rows(self) -> list[R]:
        """Every row, in the order shown (fetches them all: for tests and small tables);
        waits for a load under way."""
        self.wait()
        return [r for r in (self._rows.get(i) for i in range(len(self._rows))) if r is not None]

    def row_at(self, row: int) -> R | None:  # type: ignore[override]
        return self._rows.get(row)

    def find(self, matches: Callable[[R], bool], *, max_pages: int = 5) -> int | None:
        """The row number of the first row ``matches`` accepts, among the rows fetched
        so far or the first ``max_pages`` pages."""
        for number, row in self._rows.loaded():
            if matches(row):
                return number
        for number in range(min(len(self._rows), max_pages * self._page_size)):
            row = self._rows.get(number)
            if row is not None and matches(row):
                return number
        return None

    # -- Qt

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # the view asks ~10 roles per cell while painting: the unused ones cost nothing
        if role not in _ROLES or not index.isValid() or index.column() >= self.columnCount():
            return None
        if self._rows.get(index.row()) is None:
            if self._rows.short and not self._recount_scheduled:
                self._recount_scheduled = True
                QTimer.singleShot(0, self._recount)
            return None
        return super().data(index, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.SORT_KEYS) or self.SORT_KEYS[column] is None:
            return
        key = self.SORT_KEYS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending):
            return
        self._sort_key, self._descending = key, descending
        self.beginResetModel()  # every row moves: the service returns them in the new order
        self._rows = PagedRows(len(self._rows), self._fetch, page_size=self._page_size)
        self.endResetModel()
        if self.loading:  # the load under way asked for the old order: ask again
            self.reload(background=True)

    # a view over the model itself answers what a proxy answered before
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)


def make_sql_table(parent: QWidget | None, model: SqlTableModel, settings_key: str, *,
                   sort_column: int = 0,
                   sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> QTableView:
    """The view of ``ui.tables.table_view`` over a model that sorts itself in SQL."""
    view = table_view(parent, model, model, settings_key, sort_column=sort_column, sort_order=sort_order)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # many rows: no per-row sizes
    view.horizontalHeader().sortIndicatorChanged.connect(lambda *_: view.scrollToTop())  # a new order, from its start
    return view
