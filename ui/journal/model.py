"""The journal table: up to 100,000 requests, filtered and sorted in SQL.

``JournalModel`` is a ``RowsModel`` (one table-model pattern: ``Column`` objects, row
tones from ``ui.colors``) whose rows are not a list but ``PagedRows``: the row count
comes from ``count_requests`` and the rows are fetched from ``list_requests`` a page
at a time, when the view first asks for one of them. Sorting re-queries the service
with the matching ``SORT_COLUMNS`` key; nothing sorts or filters all rows in Python
(a ``QSortFilterProxyModel`` over 100k rows took 8–9 s per filter).

``make_journal_table`` builds the view like ``ui.tables.make_table`` (same look,
column widths remembered) but without a proxy: the header's sort indicator goes
straight to ``JournalModel.sort``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from tsj_desk.domain.calendar import ProductionCalendar
from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.text import (
    counted,
    format_date,
    format_datetime,
    lateness_short,
    lateness_text,
    time_left_text,
)
from tsj_desk.services.calendar import production_calendar
from tsj_desk.services.journal import JournalFilter, JournalRow, count_requests, list_requests
from ui import clock, colors
from ui.painted_rows import PAINTED, PaintedRows
from ui.sql_table import PagedRows  # the one paged-rows cache of every SQL-paged table
from ui.tables import ROW_ROLE, SORT_ROLE, Column, RowsModel, table_view

PAGE_SIZE = 200
CACHED_PAGES = 64  # 12,800 rows kept; pages further away are fetched again when scrolled back

LATE_MARK = "⚠"


Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("JournalModel", text)


# The colour of each deadline state: the tints themselves live in ui.colors.
STATE_TONES: dict[DeadlineStatus, colors.Tone] = {
    DeadlineStatus.OVERDUE: colors.Tone.ERROR,  # red
    DeadlineStatus.DUE_TODAY: colors.Tone.ATTENTION,  # orange
    DeadlineStatus.DUE_NEXT: colors.Tone.WARNING,  # yellow
    DeadlineStatus.OPEN: colors.Tone.NORMAL,
    DeadlineStatus.ANSWERED_LATE: colors.Tone.MUTED,  # grey text and a mark
    DeadlineStatus.ANSWERED_ON_TIME: colors.Tone.NORMAL,
    DeadlineStatus.VOIDED: colors.Tone.MUTED,  # registered by mistake: grey, with the reason
}

# What the legend under the table explains, in this order.
LEGEND_STATES = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_TODAY, DeadlineStatus.DUE_NEXT,
                 DeadlineStatus.ANSWERED_LATE)


def days_text(days: int) -> str:
    return counted(days, "день", "дня", "дней")


def due_text(row: JournalRow) -> str:
    """ДД.ММ.ГГГГ, or ДД.ММ.ГГГГ ЧЧ:ММ for deadlines in hours (emergencies)."""
    return format_datetime(row.due_at) if row.due_at else format_date(row.due_date)


def answer_text(row: JournalRow) -> str:
    if row.state is DeadlineStatus.VOIDED:
        return tr("аннулировано: {0}").format(row.void_reason)
    if row.answered_on is None:
        return ""
    # a deadline in hours: the moment of the answer, as the deadline shows its moment
    when = format_datetime(row.answered_at) if row.answered_at and row.due_at else format_date(row.answered_on)
    if row.state is DeadlineStatus.ANSWERED_LATE:
        return f"{when} {LATE_MARK}"
    return when


def state_text(row: JournalRow) -> str:
    """«просрочено на 3 дня», «ответ дан с опозданием на 2 дня», «срок сегодня»…"""
    state = row.state
    late = lateness_text(row.late_by, row.days_late) if row.late_by is not None else days_text(row.days_late)
    if state is DeadlineStatus.OVERDUE:
        return tr("Просрочено на {0}").format(late)
    if state is DeadlineStatus.ANSWERED_LATE:
        return tr("Ответ дан с опозданием на {0}").format(late)
    if state is DeadlineStatus.VOIDED:
        return tr("Аннулировано: {0}").format(row.void_reason)
    label = state.label
    return label[:1].upper() + label[1:]


def late_text(row: JournalRow, moment: datetime) -> str:
    """The «Просрочено на» cell: «3 д», «2 ч 15 мин» past the deadline (unanswered, or
    answered late: the same days and hours the export counts); for an open deadline in
    hours not yet missed, what is left of it: «осталось 12 мин»."""
    if row.state in (DeadlineStatus.OVERDUE, DeadlineStatus.ANSWERED_LATE):
        return lateness_short(row.late_by, row.days_late)
    if row.due_at is not None and row.answered_on is None and row.state is not DeadlineStatus.VOIDED:
        return time_left_text(row.due_at - moment)
    return ""


def due_tooltip(row: JournalRow) -> str:
    basis = row.deadline_basis
    lines = [state_text(row)]
    if basis:
        lines.append(tr("Срок: {0} — {1}").format(due_text(row), basis))
    lines.append(tr("Основание срока и история — в карточке (Enter)."))
    return "\n".join(lines)


def answer_tooltip(row: JournalRow) -> str | None:
    if row.state in (DeadlineStatus.ANSWERED_LATE, DeadlineStatus.VOIDED):
        return state_text(row)
    if row.answered_at is not None and row.due_at is not None:
        return tr("Ответ дан {0}").format(format_datetime(row.answered_at))  # the whole moment
    return None


class JournalModel(RowsModel[JournalRow]):
    """Columns №, Поступило, Заявитель, Помещение, Категория, Краткое содержание, Срок,
    Статус, Ответ. Row tones from the deadline state (``STATE_TONES``)."""

    NUMBER, RECEIVED, APPLICANT, PREMISE, CATEGORY, SUBJECT, DUE, STATUS, LATE, ANSWER = range(10)
    # the service's SORT_COLUMNS key of each column (the longest late are the earliest due)
    SORT_KEYS = ("reg_no", "received_at", "applicant", "premise", "category", "subject",
                 "due_date", "status", "due_date", "answered_on")

    failed = Signal(object)  # an exception while fetching rows; shown by the page

    def __init__(self, parent=None, *, page_size: int = PAGE_SIZE):
        super().__init__([
            Column(tr("№"), lambda r: r.reg_no, fit=True, sample="2026-0000"),
            Column(tr("Поступило"), lambda r: format_datetime(r.received_at), fit=True,
                   sample="24.11.2026 10:30"),
            Column(tr("Заявитель"), lambda r: r.applicant, width=13, stretch=4,
                   tooltip=lambda r: r.applicant),
            Column(tr("№ пом."), lambda r: r.premise_number, fit=True, sample="Н123"),
            Column(tr("Категория"), lambda r: r.category_label, width=10, stretch=3,
                   tooltip=lambda r: r.category_label),
            Column(tr("Содержание"), lambda r: r.subject, width=13, stretch=5,
                   tooltip=lambda r: r.subject),
            Column(tr("Срок"), due_text, fit=True, sample="24.11.2026 10:30", tooltip=due_tooltip),
            Column(tr("Статус"), lambda r: r.status.label, fit=True, sample="Зарегистрировано",
                   tooltip=lambda r: r.status.label),
            Column(tr("Просрочено на"), lambda r: late_text(r, self._moment()), fit=True,
                   sample="осталось 29 мин", tooltip=state_text),
            # a date wide; the time of an answer to a deadline in hours is in the tooltip too
            Column(tr("Ответ"), answer_text, fit=True, sample="24.11.2026 ⚠", tooltip=answer_tooltip),
        ], parent)
        self._page_size = page_size
        self._filter = JournalFilter()
        self._today: date = clock.now()  # a moment: deadlines in hours are missed by the minute
        self._calendar: ProductionCalendar | None = None
        self._sort_key = "received_at"
        self._descending = True
        self._rows = PagedRows(0, self._fetch, page_size=page_size)
        self._recount_scheduled = False
        # the texts and colours of a painted cell, worked out once per row (ui.painted_rows);
        # tooltips, sorting and the row itself go the general way
        self._painted = PaintedRows(self, self._columns, self.tone, self._alignments)

    # -- what is shown

    def set_filter(self, flt: JournalFilter, *, today: date) -> None:
        """Count the requests ``flt`` selects as of ``today`` (a moment, from the page, so
        that deadlines in hours are decided by the minute); rows are fetched as shown."""
        self._filter = replace(flt)
        self._today = today
        self.refresh()

    def refresh(self) -> None:
        """Ask the service again (after a change, or when the date has moved on)."""
        self._recount_scheduled = False
        self._calendar = production_calendar()
        count = count_requests(self._filter, today=self._today)
        self.beginResetModel()
        self._rows = PagedRows(count, self._fetch, page_size=self._page_size)
        self.endResetModel()

    def renew(self, moment: datetime) -> bool:
        """Show the same filter as of ``moment`` (the clock moved on): states, countdowns
        and lateness change, the rows stay. When the count is unchanged the cells are
        repainted in place, which keeps the view's selection and scroll position, and
        True is returned; otherwise the model is reset (False) and the page restores them."""
        self._recount_scheduled = False
        self._today = moment
        self._calendar = production_calendar()
        count = count_requests(self._filter, today=moment)
        if count != len(self._rows):
            self.beginResetModel()
            self._rows = PagedRows(count, self._fetch, page_size=self._page_size)
            self.endResetModel()
            return False
        self._rows = PagedRows(count, self._fetch, page_size=self._page_size)
        self._painted.clear()  # the same rows as of another moment: their countdowns move on
        if count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, self.columnCount() - 1))
        return True

    def _moment(self) -> datetime:
        today = self._today
        return today if isinstance(today, datetime) else datetime.combine(today, datetime.min.time())

    def _recount(self) -> None:
        try:
            self.refresh()
        except Exception as exc:  # noqa: BLE001 — shown by the page through the one translator
            self.failed.emit(exc)

    def current_filter(self) -> JournalFilter:
        return replace(self._filter)

    @property
    def today(self) -> date:
        return self._today

    @property
    def sort_key(self) -> str:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def pages(self) -> PagedRows:
        return self._rows

    def _fetch(self, offset: int, limit: int) -> list[JournalRow] | None:
        try:
            return list_requests(self._filter, today=self._today, sort=self._sort_key,
                                 descending=self._descending, offset=offset, limit=limit,
                                 calendar=self._calendar)
        except Exception as exc:  # noqa: BLE001 — data() is called while painting: report later
            QTimer.singleShot(0, lambda error=exc: self.failed.emit(error))  # exc is unbound after
            return None

    # -- rows

    def set_rows(self, rows) -> None:
        raise TypeError("JournalModel fetches its rows itself: use set_filter()")

    def rows(self) -> list[JournalRow]:
        """Every row of the filter, in the order shown (fetches them all: for tests)."""
        return [r for r in (self._rows.get(i) for i in range(len(self._rows))) if r is not None]

    def row_at(self, row: int) -> JournalRow | None:  # type: ignore[override]
        return self._rows.get(row)

    def find(self, reg_no: str, *, max_pages: int = 5) -> int | None:
        """The row number of ``reg_no`` among the rows fetched so far or the first pages."""
        for number, row in self._rows.loaded():
            if row.reg_no == reg_no:
                return number
        for number in range(min(len(self._rows), max_pages * self._page_size)):
            row = self._rows.get(number)
            if row is not None and row.reg_no == reg_no:
                return number
        return None

    def tone(self, row: JournalRow) -> colors.Tone:
        return STATE_TONES[row.state]

    def row_tooltip(self, row: JournalRow) -> str | None:
        return state_text(row)

    # -- Qt

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in PAINTED:
            row = self._rows.get(index.row())
            if row is not None and self._painted.covers(index.column()):
                return self._painted.value(row, index.column(), role)
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
        if not 0 <= column < len(self.SORT_KEYS):
            return
        key = self.SORT_KEYS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending):
            return
        self._sort_key, self._descending = key, descending
        self.beginResetModel()  # every row moves: the service returns them in the new order
        self._rows = PagedRows(len(self._rows), self._fetch, page_size=self._page_size)
        self.endResetModel()


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole,
                    Qt.ItemDataRole.ForegroundRole, SORT_ROLE, ROW_ROLE})


def make_journal_table(parent: QWidget | None, model: JournalModel, settings_key: str, *,
                       sort_column: int = JournalModel.RECEIVED,
                       sort_order: Qt.SortOrder = Qt.SortOrder.DescendingOrder) -> QTableView:
    """The view of ``ui.tables.table_view`` over a model that sorts itself in SQL."""
    view = table_view(parent, model, model, settings_key, sort_column=sort_column, sort_order=sort_order)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # 100k rows: no per-row sizes
    view.horizontalHeader().sortIndicatorChanged.connect(lambda *_: view.scrollToTop())  # a new order, from its start
    return view
