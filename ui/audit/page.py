"""«Журнал изменений»: who changed what and when, filtered; read-only by design.

The audit log is append-only (the database refuses UPDATE and DELETE on it), and
this page offers no way to edit or delete an entry either. Object type and period
are asked of the service, which counts and pages the entries in SQL (``AuditModel``);
the text filter works as you type on what the rows show.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted, format_datetime
from tsj_desk.services.audit_pages import AuditFilter, count_audit
from ui import clock, errors
from ui.audit.details import AuditLine, entity_choices
from ui.audit.model import LIMIT, AuditModel
from ui.filter_bar import FilterPage
from ui.sql_table import make_sql_table
from ui.tables import selected_row
from ui.widgets import date_edit, from_qdate, to_qdate



def tr(text: str) -> str:
    return QCoreApplication.translate("AuditPage", text)


def entries_text(count: int) -> str:
    return counted(count, "запись", "записи", "записей")


class AuditPage(FilterPage, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        intro = QLabel(self.tr(
            "Все изменения реестра, обращений, счётчиков, показаний и настроек: когда, кто и что "
            "изменил. Журнал только пополняется — записи в нём нельзя ни исправить, ни удалить."))
        intro.setWordWrap(True)
        refresh = QPushButton(self.tr("Обновить"))
        refresh.setToolTip("F5")
        refresh.clicked.connect(self.reload)
        top.addWidget(intro, 1)
        top.addWidget(refresh)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.setup_filter(self.tr("Поиск: ФИО, номер, файл…"), self._apply_text, min_width=260,
                          delayed=False)
        self.entity = QComboBox()
        self.entity.addItem(self.tr("Все объекты"), ())
        for label, codes in entity_choices():
            self.entity.addItem(label, codes)
        self.period = QCheckBox(self.tr("За период с"))
        start = clock.today()
        self.since = date_edit(self, start - timedelta(days=30))
        self.until = date_edit(self, start)
        self.count_label = QLabel()
        filters.addWidget(self.filter, 2)
        filters.addWidget(QLabel(self.tr("Объект:")))
        filters.addWidget(self.entity)
        filters.addSpacing(12)
        filters.addWidget(self.period)
        filters.addWidget(self.since)
        filters.addWidget(QLabel(self.tr("по")))
        filters.addWidget(self.until)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.model = AuditModel(self)
        self.model.loaded.connect(self._rows_arrived)
        self.model.failed.connect(lambda exc: errors.show_error(self, exc))
        self._total = 0
        # newest first until the user sorts otherwise; sorted by the database
        self.table = make_sql_table(self, self.model, "audit", sort_order=Qt.SortOrder.DescendingOrder)
        self.proxy = self.model  # rows in view order, as a proxy had them
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        layout.addWidget(self.table, 1)

        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current.setMinimumHeight(self.fontMetrics().height() * 2 + 6)
        self.current.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.current)

        self.entity.currentIndexChanged.connect(self.reload)
        self.period.toggled.connect(self._period_toggled)
        self.since.dateChanged.connect(self._period_changed)
        self.until.dateChanged.connect(self._period_changed)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.reload)
        self.since.setEnabled(False)
        self.until.setEnabled(False)
        # the log is read when the page is shown (page_shown), not when the window starts

    # -- data

    def current_range(self) -> tuple[datetime | None, datetime | None]:
        """The period filter as ``since`` (inclusive) and ``until`` (exclusive)."""
        if not self.period.isChecked():
            return None, None
        first, last = from_qdate(self.since.date()), from_qdate(self.until.date())
        if last < first:
            first, last = last, first
        return datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())

    def current_filter(self) -> AuditFilter:
        since, until = self.current_range()
        return AuditFilter(tuple(self.entity.currentData() or ()), since, until)

    @Slot()
    def reload(self) -> None:
        """Read the entries again (a change may have been logged meanwhile)."""
        self.model.forget()
        self._apply_text()

    def page_shown(self) -> None:
        from tsj_desk.services.data_changes import AUDIT
        from ui import live_refresh

        live_refresh.follow(self, AUDIT, self.reload)
        if live_refresh.reload_needed(self, AUDIT):
            self.reload()

    @Slot()
    def _apply_text(self) -> None:
        flt = self.current_filter()
        try:
            self._total = count_audit(flt)  # one count(*) on the moment's index
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.model.set_filter(flt, self.filter.text(), total=self._total)
        if self.model.loading:
            self.count_label.setText(self.tr("Загрузка…"))

    @Slot()
    def _rows_arrived(self) -> None:
        self._show_count()
        self._show_current()

    def is_loading(self) -> bool:
        """The rows are on their way from a background query («Загрузка…» shown)."""
        return self.model.loading

    @Slot(bool)
    def _period_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.reload()

    @Slot()
    def _period_changed(self) -> None:
        if self.period.isChecked():
            self.reload()

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), self._total
        searched = min(total, LIMIT) if self.model.needle else total
        if total == 0:
            filtered = self.period.isChecked() or bool(self.entity.currentData())
            text = self.tr("Ничего не найдено") if filtered else self.tr("Записей пока нет")
        elif shown == 0:
            text = self.tr("Ничего не найдено (всего {0})").format(entries_text(searched))
        elif shown < searched:
            text = self.tr("{0} из {1}").format(entries_text(shown), searched)
        else:
            text = entries_text(shown)
        if self.model.needle and total > LIMIT:
            text += self.tr(" (поиск по последним {0}; уточните период, чтобы найти более ранние)").format(LIMIT)
        self.count_label.setText(text)

    def visible_entries(self) -> list[AuditLine]:
        """The rows in the order the table shows them (fetches every page: for tests)."""
        return self.model.rows()

    def selected_entry(self) -> AuditLine | None:
        return selected_row(self.table)

    @Slot()
    def _show_current(self) -> None:
        index = self.table.currentIndex()
        line = self.proxy.row_at(index.row()) if index.isValid() else None
        if line is None:
            self.current.setText(self.tr("Выберите запись, чтобы прочитать её целиком."))
            return
        head = f"{format_datetime(line.at)}, {line.user} — {line.action_text}: {line.object_text}"
        self.current.setText(head + (f"\n{line.details_text}" if line.details_text else ""))

    # -- the period

    def set_period(self, first: date, last: date) -> None:
        """Filter by the days ``first``…``last`` (both included)."""
        self.since.blockSignals(True)
        self.until.blockSignals(True)
        self.since.setDate(to_qdate(first))
        self.until.setDate(to_qdate(last))
        self.since.blockSignals(False)
        self.until.blockSignals(False)
        if self.period.isChecked():
            self.reload()
        else:
            self.period.setChecked(True)
