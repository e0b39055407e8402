"""The readings page's background read: the rows of a period or house arriving off the GUI
thread, and showing them in the grid."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from ui import errors
from ui.readings.entry_model import EntryModel
from ui.widgets import date_value
from ui.workers import Job


class PageLoading:
    """The loading part of ``ReadingsPage`` (mixed into it)."""

    def _load_in_background(self, read: Callable, load: int, typed: dict, place) -> None:
        self.table.setEnabled(False)
        self.save_button.setEnabled(False)
        self.count_label.setText(self.tr("Загрузка…"))
        job = self._loading = Job(read, self)

        def arrived(result: object) -> None:
            if load != self._loads:  # another period or house was asked meanwhile
                return
            self._loading = None
            self.table.setEnabled(True)
            lines, check, self._versions = result  # the readings' versions, handed back by save
            self._show_lines(lines, check, typed, place)

        def failed(exc: BaseException) -> None:
            if load != self._loads:
                return
            self._loading = None
            self.table.setEnabled(True)
            self._update_counts()
            errors.show_error(self, exc)

        job.finished.connect(arrived)
        job.failed.connect(failed)
        job.start()

    def is_loading(self) -> bool:
        """The rows are on their way from a background read («Загрузка…» shown)."""
        return self._loading is not None

    def _show_lines(self, lines: list, check: Callable, typed: dict, place) -> None:
        header = self.table.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        # the lines arrive in the premises' natural order: sorted so, the proxy keeps the
        # model's order instead of sorting every row again through Python (seconds for 15,000)
        natural = column == EntryModel.PREMISE and order == Qt.SortOrder.AscendingOrder
        if natural and self.proxy.sortColumn() != -1:
            self.proxy.sort(-1)
        self.model.load(lines, check, date_value(self.taken_on), typed)
        if not natural and self.proxy.sortColumn() != column:
            self.proxy.sort(column, order)
        # Т2 and Т3 only when some meter has that many tariffs
        for tariff, column in enumerate(EntryModel.TARIFF_COLUMNS[1:], start=2):
            self.table.setColumnHidden(column, not any(line.tariffs >= tariff for line in lines))
        # rows with remarks grow to show them: found in the model's rows (most have none),
        # not by mapping every proxy row to its source
        for source_row, entry in enumerate(self.model.rows()):
            if entry.errors or entry.warnings:
                row = self.proxy.mapFromSource(self.model.index(source_row, 0)).row()
                if row >= 0:
                    self.table.resizeRowToContents(row)
        if place is not None and place[0] < self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(*place))
        self.empty_hint.set_shown(not lines)  # no active meter at all, whatever the filter

