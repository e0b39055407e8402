"""«Обращения»: the journal of requests with legal deadlines.

Filters (text as you type, overdue, due this week, status, category, channel,
premise) go to the service as a ``JournalFilter``; the table fetches what it shows.
Ctrl+N registers a request from anywhere in the main window; Enter or a double
click opens the request card.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.journal import Channel, Status
from tsj_desk.domain.text import counted, format_date
from tsj_desk.services.calendar import category_rules
from tsj_desk.services.journal import (
    JournalFilter,
    JournalRow,
    count_requests,
    deadlines_passed,
    export_journal,
)
from ui import clock, colors, errors
from ui.empty_hint import EmptyHint
from ui.filter_bar import FilterPage
from ui.house_choice import HouseChoice
from ui.journal.model import LATE_MARK, LEGEND_STATES, STATE_TONES, JournalModel, make_journal_table
from ui.journal.overdue_notice import OverdueNotices
from ui.workers import Job, run_with_progress

CLOCK_CHECK_MS = 60_000  # the journal follows the clock minute by minute (just after each minute turns)

log = logging.getLogger(__name__)
OPEN_STATUSES = (Status.REGISTERED.value, Status.IN_PROGRESS.value, Status.INSPECTION.value)


def requests_text(count: int) -> str:
    return counted(count, "обращение", "обращения", "обращений")


def counts_text(shown: int, total: int, overdue: int, filtered: bool) -> str:
    """«Показано 57 обращений из 331; просрочено 14» and its variants."""
    if filtered and shown == 0:
        return f"Ничего не найдено (всего {requests_text(total)})"
    text = f"Показано {requests_text(shown)} из {total}" if filtered else f"Всего {requests_text(total)}"
    if overdue:
        text += f"; просрочено {overdue}"
    return text


# Filter fields the bar has no widget for (the Сводка page may set them): said in words.
# So are statuses, categories or channels the combo boxes cannot show (several at once).
EXTRA_FIELDS = ("due_today", "received_from", "received_to", "answered_late")


def extra_text(flt: JournalFilter) -> str:
    parts = []
    if flt.statuses:
        parts.append("статусы: " + ", ".join(Status(s).label for s in flt.statuses))
    if flt.categories:
        labels = {rule.code: rule.label for rule in category_rules()}
        parts.append("категории: " + ", ".join(labels.get(c, c) for c in flt.categories))
    if flt.channels:
        parts.append("каналы: " + ", ".join(Channel(c).label for c in flt.channels))
    if flt.due_today:
        parts.append("срок сегодня")
    if flt.answered_late:
        parts.append("отвечено с опозданием")
    if flt.received_from and flt.received_to:
        parts.append(f"поступило с {format_date(flt.received_from)} по {format_date(flt.received_to)}")
    elif flt.received_from:
        parts.append(f"поступило с {format_date(flt.received_from)}")
    elif flt.received_to:
        parts.append(f"поступило по {format_date(flt.received_to)}")
    return "Также: " + ", ".join(parts) if parts else ""


def _codes(combo: QComboBox) -> tuple[str, ...]:
    """The codes a filter combo box stands for: its item data is the codes, comma-separated."""
    return tuple(code for code in (combo.currentData() or "").split(",") if code)


class Legend(QWidget):
    """What the row colours mean, with the colours themselves from ``ui.colors``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(QLabel(self.tr("Цвета строк:")))
        self.swatches: dict[DeadlineStatus, QLabel] = {}
        for state in LEGEND_STATES:
            tone = STATE_TONES[state]
            text = state.label
            if state is DeadlineStatus.ANSWERED_LATE:
                text = f"{LATE_MARK} {text}"
            swatch = QLabel(text)
            style = ["border: 1px solid palette(mid)", "padding: 1px 6px"]
            if (back := colors.background(tone)) is not None:
                style.append(f"background: {back.color().name()}")
            if (fore := colors.foreground(tone)) is not None:
                style.append(f"color: {fore.color().name()}")
            swatch.setStyleSheet("; ".join(style) + ";")
            self.swatches[state] = swatch
            layout.addWidget(swatch)
        layout.addStretch(1)


class JournalPage(FilterPage, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._extra = JournalFilter()  # the fields without widgets (EXTRA_FIELDS)
        self._total = 0
        self._export_job: Job | None = None
        layout = QVBoxLayout(self)

        actions = QHBoxLayout()
        self.register_button = QPushButton(self.tr("Зарегистрировать (Ctrl+N)"))
        self.open_button = QPushButton(self.tr("Открыть"))
        self.export_button = QPushButton(self.tr("Выгрузить в Excel…"))
        self.reset_button = QPushButton(self.tr("Сбросить фильтр"))
        self.register_button.clicked.connect(self.register_new)
        self.open_button.clicked.connect(self.open_card)
        self.export_button.clicked.connect(self.export)
        self.reset_button.clicked.connect(self.reset_filter)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("font-weight: bold;")
        for button in (self.register_button, self.open_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout.addLayout(actions)

        self.setup_filter(self.tr("Поиск: номер, заявитель, помещение, текст…"), self.reload,
                          min_width=220)
        self.premise = QLineEdit()
        self.premise.setPlaceholderText(self.tr("Помещение"))
        self.premise.setClearButtonEnabled(True)
        self.premise.setFixedWidth(self.premise.fontMetrics().horizontalAdvance("Помещение") + 40)
        self.status = QComboBox()
        self.status.addItem(self.tr("Все статусы"), "")
        self.status.addItem(self.tr("Без ответа"), ",".join(OPEN_STATUSES))
        for status in Status:
            self.status.addItem(status.label, status.value)
        self.category = QComboBox()
        self.category.addItem(self.tr("Все категории"), "")
        for rule in category_rules():
            self.category.addItem(rule.label, rule.code)
            self.category.setItemData(self.category.count() - 1, rule.label, Qt.ItemDataRole.ToolTipRole)
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.category.setMinimumContentsLength(22)
        self.channel = QComboBox()
        self.channel.addItem(self.tr("Все каналы"), "")
        for channel in Channel:
            self.channel.addItem(channel.label, channel.value)
        self.house = HouseChoice()  # shown only when the base has several houses
        filters = QHBoxLayout()
        filters.addWidget(self.house)
        filters.addWidget(self.filter, 3)
        filters.addWidget(self.premise)
        filters.addWidget(self.status)
        filters.addWidget(self.category, 2)
        filters.addWidget(self.channel)
        layout.addLayout(filters)

        self.overdue = QCheckBox(self.tr("Просроченные"))
        self.due_this_week = QCheckBox(self.tr("Срок на этой неделе"))
        self.extra_label = QLabel()  # filters set from outside that the bar has no widget for
        self.extra_label.setStyleSheet("font-style: italic;")
        self.legend = Legend()
        marks = QHBoxLayout()
        marks.addWidget(self.overdue)
        marks.addWidget(self.due_this_week)
        marks.addWidget(self.reset_button)
        marks.addSpacing(8)
        marks.addWidget(self.extra_label)
        marks.addStretch(1)
        layout.addLayout(marks)

        self.model = JournalModel(self)
        self.model.failed.connect(self._fetch_failed)
        self.table = make_journal_table(self, self.model, "journal")
        self.table.activated.connect(lambda _index: self.open_card())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        self.empty_hint = EmptyHint.over(
            self.table, self.tr("Обращений пока нет. Зарегистрируйте первое: Ctrl+N."),
            self.tr("Зарегистрировать обращение…"), self.register_new)

        # the states move on with the clock: a new day, an emergency's half hour running out
        self._shown_at = self._watched_since = clock.now()
        self.notices = OverdueNotices(self)  # «срок истёк» told once per request, shown or not
        self._clock = QTimer(self)
        self._clock.setSingleShot(True)
        self._clock.timeout.connect(self.tick)
        self._schedule_tick()

        self.watch_filter_edit(self.premise)
        for combo, name in ((self.status, "statuses"), (self.category, "categories"),
                            (self.channel, "channels")):
            combo.currentIndexChanged.connect(lambda _i, name=name: self._combo_changed(name))
        self.house.changed.connect(self.reload)
        self.overdue.toggled.connect(self._overdue_toggled)
        self.due_this_week.toggled.connect(self._week_toggled)
        # Ctrl+N from anywhere in the main window: the shortcut lives on the page's parent
        # (the main window's page stack), which stays visible whichever page is shown.
        host = parent if parent is not None else self
        self.new_shortcut = QShortcut(QKeySequence("Ctrl+N"), host, activated=self.register_new)

        from tsj_desk.services.data_changes import REQUESTS
        from ui import live_refresh

        live_refresh.first_read(self, REQUESTS)  # the first show does not read again
        self.refresh()

    # -- the filter

    def current_filter(self) -> JournalFilter:
        """What the filter bar (and a filter applied from outside) asks for now."""
        return replace(
            self._extra,
            text=self.filter.text().strip(),
            overdue=self.overdue.isChecked(),
            due_this_week=self.due_this_week.isChecked(),
            statuses=_codes(self.status) or self._extra.statuses,
            categories=_codes(self.category) or self._extra.categories,
            channels=_codes(self.channel) or self._extra.channels,
            premise_number=self.premise.text().strip(),
            house_id=self.house.house_id(),
        )

    def apply_filter(self, flt: JournalFilter) -> None:
        """Show the journal filtered by ``flt`` (the Сводка page opens it this way)."""
        widgets = (self.filter, self.premise, self.status, self.category, self.channel,
                   self.overdue, self.due_this_week, self.house)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.filter.setText(flt.text)
            self.premise.setText(flt.premise_number)
            self.house.choose(flt.house_id)
            self.overdue.setChecked(flt.overdue)
            self.due_this_week.setChecked(flt.due_this_week and not flt.overdue)
            extra = {name: getattr(flt, name) for name in EXTRA_FIELDS}
            for combo, wanted, field_name in ((self.status, flt.statuses, "statuses"),
                                              (self.category, flt.categories, "categories"),
                                              (self.channel, flt.channels, "channels")):
                index = combo.findData(",".join(wanted))
                if index < 0:  # a combination the combo cannot show: kept aside, said in words
                    index = 0
                    extra[field_name] = tuple(wanted)
                combo.setCurrentIndex(index)
            self._extra = JournalFilter(**extra)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.reload()

    @Slot()
    def reset_filter(self) -> None:
        self.apply_filter(JournalFilter())

    def _combo_changed(self, field_name: str) -> None:
        # a choice in the combo replaces what a filter from outside had set there
        self._extra = replace(self._extra, **{field_name: ()})
        self.reload()

    @Slot(bool)
    def _overdue_toggled(self, checked: bool) -> None:
        if checked and self.due_this_week.isChecked():
            self.due_this_week.blockSignals(True)  # the two exclude each other
            self.due_this_week.setChecked(False)
            self.due_this_week.blockSignals(False)
        self.reload()

    @Slot(bool)
    def _week_toggled(self, checked: bool) -> None:
        if checked and self.overdue.isChecked():
            self.overdue.blockSignals(True)
            self.overdue.setChecked(False)
            self.overdue.blockSignals(False)
        self.reload()

    # -- data

    @Slot()
    def refresh(self) -> None:
        """Count everything again (new requests, a new day) and show the filter."""
        try:
            self._total = count_requests(JournalFilter(), today=clock.today())
        except Exception as exc:  # noqa: BLE001 — one translator decides what to show
            errors.show_error(self, exc)
            return
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Ask the service again with the filter as it is now."""
        self._filter_timer.stop()
        flt = self.current_filter()
        today = self._shown_at = clock.now()  # a moment: deadlines in hours are missed by the minute
        keep = self.selected_request()
        try:
            self.model.set_filter(flt, today=today)
            # a new filter is read from the top (left scrolled down, the view would ask for
            # rows far into the new result: a deep OFFSET, slow on 100k requests)
            self.table.scrollToTop()
            overdue = 0 if flt.due_this_week else count_requests(replace(flt, overdue=True), today=today)
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)
            return
        filtered = flt != JournalFilter()
        self.count_label.setText(counts_text(self.model.rowCount(), self._total, overdue, filtered))
        self.extra_label.setText(extra_text(self._extra))
        self.extra_label.setVisible(bool(self.extra_label.text()))
        self.reset_button.setEnabled(filtered)
        self.empty_hint.set_shown(self._total == 0 and not filtered)
        if keep is not None:
            self.select_request(keep.reg_no, max_pages=1)
        self._update_buttons()

    def page_shown(self) -> None:
        from tsj_desk.services.data_changes import REQUESTS
        from ui import live_refresh

        live_refresh.follow(self, REQUESTS, self.refresh_in_place)  # a colleague's change
        live_refresh.tell_slow_search(self)  # a server without pg_trgm: said once
        if live_refresh.reload_needed(self, REQUESTS):
            self.house.refresh()  # a house may have been added meanwhile
            self.refresh()
            return
        now = clock.now()  # the data is as it was: only the clock may have moved
        try:
            if now.date() != self._shown_at.date() or deadlines_passed(self._shown_at, now):
                self.refresh_in_place()
            elif now != self._shown_at:
                self._shown_at = now
                place = self._place()
                if not self.model.renew(now):
                    self._restore_place(place)
        except Exception as exc:  # noqa: BLE001 — one translator decides what to show
            errors.show_error(self, exc)

    def refresh_in_place(self) -> None:
        """Count and read again, the selected row, the scroll position and the filter kept."""
        place = self._place()
        self.refresh()
        self._restore_place(place)

    def _schedule_tick(self) -> None:
        """The next tick just after the minute turns (deadlines in hours end on a minute)."""
        second = clock.now(seconds=True).second
        self._clock.start(min(CLOCK_CHECK_MS, (60 - second) * 1000 + 250))

    @Slot()
    def tick(self) -> None:
        """The minute timer: follow the clock, then wait for the next minute."""
        try:
            self.check_clock()
        finally:
            self._schedule_tick()

    @Slot()
    def check_clock(self) -> None:
        """Follow the clock: tell once about a request that turned overdue since the last
        look (whichever page is shown); then, when the journal is shown, count again if a
        state changed (the day turned, a deadline in hours passed), or else repaint the
        countdowns and lateness in place. The selection and the scroll position stay."""
        now = clock.now()
        try:
            self.notices.check(self._watched_since, now, self)
            self._watched_since = now
        except Exception:  # noqa: BLE001 — the next tick tries again from the same moment
            log.warning("journal overdue notice failed", exc_info=True)
        if not self.isVisible():
            return
        shown = self._shown_at
        try:
            stale = now.date() != shown.date() or deadlines_passed(shown, now)
            if not stale:
                self._shown_at = now
                place = self._place()
                if not self.model.renew(now):
                    self._restore_place(place)
        except Exception:  # noqa: BLE001 — the next tick, or the user's next action, tries again
            log.warning("journal clock check failed", exc_info=True)
            return
        if stale:
            place = self._place()
            self.refresh()
            self._restore_place(place)

    def _place(self) -> tuple[int, str | None, int, int]:
        """Where the user is: the selected row and request, the scroll position."""
        row = self.selected_request()
        return (self.table.currentIndex().row(), row.reg_no if row else None,
                self.table.verticalScrollBar().value(), self.table.horizontalScrollBar().value())

    def _restore_place(self, place: tuple[int, str | None, int, int]) -> None:
        index, reg_no, vertical, horizontal = place
        if reg_no is not None:
            at = self.model.row_at(index) if index >= 0 else None
            row = index if at is not None and at.reg_no == reg_no else self.model.find(reg_no)
            if row is not None:
                self.table.selectRow(row)
        self.table.verticalScrollBar().setValue(vertical)
        self.table.horizontalScrollBar().setValue(horizontal)

    @Slot(object)
    def _fetch_failed(self, exc: BaseException) -> None:
        errors.show_error(self, exc)

    def visible_requests(self) -> list[JournalRow]:
        """The rows in the order the table shows them (fetches every page: for tests)."""
        return self.model.rows()

    def selected_request(self) -> JournalRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.model.row_at(index.row())

    def select_request(self, reg_no: str, *, max_pages: int = 5) -> bool:
        row = self.model.find(reg_no, max_pages=max_pages)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    @Slot()
    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_request() is not None)
        self.export_button.setEnabled(self.model.rowCount() > 0 and self._export_job is None)

    # -- keyboard

    def _row_chosen(self) -> bool:
        return self.selected_request() is not None

    # -- actions

    def _show_me(self) -> None:
        """Bring the journal to the front of the main window (Ctrl+N from another page)."""
        window = self.window()
        show_page = getattr(window, "show_page", None)
        pages = getattr(window, "pages", {})
        if show_page is not None and pages.get("journal") is self:
            show_page("journal")

    @Slot()
    def register_new(self) -> None:
        from ui.journal.request_dialog import RequestDialog

        reg_no = RequestDialog.ask(self)
        if reg_no is None:
            return
        self._show_me()
        self.refresh()
        if self.select_request(reg_no):
            self.table.setFocus()

    @Slot()
    def open_card(self) -> None:
        from ui.journal.request_card import RequestCardDialog

        row = self.selected_request()
        if row is None:
            return
        if RequestCardDialog.open_for(self, row.reg_no):
            self.refresh()
            if self.select_request(row.reg_no):
                self.table.setFocus()

    def _default_export_path(self) -> Path:
        from tsj_desk.services.folders import make_offered_folder, offered_file

        path = offered_file(f"Журнал обращений на {format_date(clock.today())}.xlsx")  # «Документы\\ТСЖ Деск»
        make_offered_folder(path.parent)
        return path

    @Slot()
    def export(self) -> None:
        """«Журнал регистрации обращений»: the rows the filter shows, in the order shown."""
        if self._export_job is not None:
            return
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Выгрузить журнал обращений"),
                                              str(self._default_export_path()),
                                              self.tr("Книга Excel (*.xlsx)"))
        if not name:
            return
        out = Path(name)
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        flt, today = self.current_filter(), clock.now()
        sort, descending = self.model.sort_key, self.model.descending

        def work(progress, cancel) -> int:
            return export_journal(out, flt, today=today, sort=sort, descending=descending)

        def done(rows: int) -> None:
            self._export_job = None
            self._update_buttons()
            QMessageBox.information(self, self.tr("Журнал выгружен"), self.tr(
                "В файл записано {0}:\n{1}").format(requests_text(rows), out))

        def failed(exc: BaseException) -> None:
            self._export_job = None
            self._update_buttons()
            errors.show_error(self, exc)

        self._export_job = run_with_progress(self, self.tr("Выгрузка журнала…"), work,
                                             on_finished=done, on_failed=failed, cancellable=False)
        self._update_buttons()

