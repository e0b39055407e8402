"""«Показания»: the entry grid of a period, with checks as you type, and the readings tools.

Choose the month → every active meter with its previous reading; type Т1 (Т2, Т3)
and the consumption and the checks show at once; Enter goes down to the next meter;
«Сохранить» (Ctrl+S) writes every typed reading in one transaction, and any error
saves nothing. Typed readings are not dropped silently: changing the month or
closing the window asks first.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.services import readings_billing
from tsj_desk.services.reading_versions import reading_versions
from ui import clock, errors
from ui.empty_hint import EmptyHint
from ui.filter_bar import FilterPage
from ui.house_choice import HouseChoice
from ui.readings.page_actions import PageActions
from ui.readings.page_grid import PageGrid
from ui.readings.page_loading import PageLoading
from ui.readings.page_saving import PageSaving
from ui.readings.entry_model import EntryFilter, EntryModel, EntryRow
from ui.readings.entry_table import EntryDelegate
from ui.readings import lower_action
from ui.readings.texts import (
    MONTHS,
    default_taken_on,
    meters_text,
    period_key,
    period_of,
    period_text,
    readings_text,
)
from ui.settings import settings
from ui.tables import make_table, restore_header, wrap_column
from ui.widgets import date_edit, date_value, to_qdate
from ui.workers import Job

TABLE_KEY = "readings-entry"
SLOW_LOAD, MANY_METERS = 0.3, 1000  # a read slower than this, of more meters: the next in the background
# a base with more meters than this opens the page on one house (the one chosen last, or
# the first): every house's meters at once take seconds to read and show
ONE_HOUSE_ABOVE = 3000
HOUSE_KEY, ALL_HOUSES = "readings/house", "all"
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class ReadingsPage(PageLoading, PageSaving, PageGrid, PageActions, FilterPage, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._period = period_of(clock.today())
        self._job: Job | None = None
        self._loading: Job | None = None  # the rows' read under way off the GUI thread
        self._loads = 0  # reads asked: a read arriving after a newer one was asked is dropped
        self._slow = False  # the last read on the GUI thread was slow: read in the background
        self._watched: QWidget | None = None
        layout = QVBoxLayout(self)

        # -- the period, the reading date, the filter
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Период:")))
        self.month = QComboBox()
        self.month.addItems(list(MONTHS))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setGroupSeparatorShown(False)
        self._show_period(self._period)
        top.addWidget(self.month)
        top.addWidget(self.year)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("Дата снятия:")))
        self.taken_on = date_edit(self, default_taken_on(self._period, clock.today()))
        top.addWidget(self.taken_on)
        top.addSpacing(16)
        self.house = HouseChoice()  # shown only when the base has several houses
        self._open_on_one_house()
        self._house_id = self.house.house_id()  # the house whose meters are shown
        top.addWidget(self.house)
        self.setup_filter(self.tr("Поиск: № помещения или счётчика…"), self.apply_filter, min_width=260)
        top.addWidget(self.filter, 1)
        top.addSpacing(16)
        self.save_button = QPushButton(self.tr("Сохранить"))
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        top.addWidget(self.save_button)
        layout.addLayout(top)

        # -- the tools
        tools = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Загрузить из файла…"))
        self.register_button = QPushButton(self.tr("Реестр показаний…"))
        self.walk_button = QPushButton(self.tr("Обходной лист…"))
        self.common_button = QPushButton(self.tr("ОДПУ за 3 года…"))
        self.verification_button = QPushButton(self.tr("Поверка…"))
        self.batches_button = QPushButton(self.tr("Загрузки…"))
        self.history_button = QPushButton(self.tr("История счётчика"))
        # the meter card and a new common-house meter, in one menu: the toolbar fits 1280 pixels
        self.meter_button = QPushButton(self.tr("Счётчик"))
        meter_menu = QMenu(self.meter_button)
        self.card_action = meter_menu.addAction(self.tr("Карточка счётчика…"), self.show_card)
        self.common_add_action = meter_menu.addAction(self.tr("Новый общедомовой счётчик (ОДПУ)…"),
                                                      self.add_common_meter)
        self.meter_button.setMenu(meter_menu)
        self.meter_button.setToolTip(self.tr("Заводской номер, номер в ГИС ЖКХ, поверка; замена и снятие"))
        self.import_button.clicked.connect(self.import_from_file)
        self.register_button.clicked.connect(self.export_register)
        self.walk_button.clicked.connect(self.export_walk_sheet)
        self.common_button.clicked.connect(self.export_common_meters)
        self.verification_button.clicked.connect(self.show_verification)
        self.batches_button.clicked.connect(self.show_batches)
        self.history_button.clicked.connect(self.show_history)
        self.import_button.setToolTip(self.tr("Показания из Excel или CSV: ГИС ЖКХ, 1С, Сбербанк, свои списки"))
        self.register_button.setToolTip(self.tr("Реестр показаний за период для начисления (.xlsx)"))
        self.walk_button.setToolTip(self.tr("Обходной лист для записи показаний в квартирах (.xlsx)"))
        self.common_button.setToolTip(self.tr("Показания и объёмы общедомовых счётчиков за 3 года (.xlsx)"))
        self.verification_button.setToolTip(self.tr("Счётчики с истекающей поверкой и письма собственникам"))
        self.batches_button.setToolTip(self.tr("Загрузки из файлов; загрузку можно отменить целиком"))
        self.history_button.setToolTip(self.tr("Показания и расход счётчика за 24 месяца (двойной щелчок по строке)"))
        for button in (self.import_button, self.register_button, self.walk_button, self.common_button):
            tools.addWidget(button)
        tools.addSpacing(16)
        for button in (self.verification_button, self.batches_button, self.history_button, self.meter_button):
            tools.addWidget(button)
        tools.addStretch(1)
        layout.addLayout(tools)

        # -- the grid
        self.model = EntryModel(self)
        self.table, plain = make_table(self, self.model, TABLE_KEY)
        self.proxy = EntryFilter(self.model, self)  # the filtering proxy replaces make_table's
        self.table.setModel(self.proxy)
        plain.setSourceModel(None)  # at once: until deleted it would sort every reset of the rows
        plain.deleteLater()
        self._restore_columns()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.CurrentChanged
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        wrap_column(self.table, EntryModel.REMARKS)
        self.delegate = EntryDelegate(self.table)
        for column in EntryModel.TARIFF_COLUMNS:
            self.table.setItemDelegateForColumn(column, self.delegate)
        self.delegate.move.connect(self._move)
        self.lower_action = lower_action.install(self)  # «Сохранить с причиной…»
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)
        self.empty_hint = EmptyHint.over(
            self.table, self.tr("Счётчиков пока нет: загрузите показания из файла с созданием счётчиков "
                                "или заведите счётчик в карточке помещения («Реестр собственников» "
                                "→ помещение → «Счётчики»)."),
            self.tr("Загрузить с созданием счётчиков…"), self.import_creating_meters)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setOpenExternalLinks(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        bottom.addWidget(self.count_label)
        bottom.addSpacing(24)
        bottom.addWidget(self.status, 1)
        layout.addLayout(bottom)

        self.month.currentIndexChanged.connect(self._period_chosen)
        self.year.valueChanged.connect(self._period_chosen)
        self.taken_on.dateChanged.connect(self._taken_on_changed)
        self.house.changed.connect(self._house_chosen)
        self.model.dataChanged.connect(self._update_counts)
        self.model.dataChanged.connect(self._fit_rows)
        self.model.modelReset.connect(self._update_counts)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        from tsj_desk.services.data_changes import READINGS
        from ui import live_refresh

        live_refresh.first_read(self, READINGS)  # the first show does not read again
        self.reload()

    def _open_on_one_house(self) -> None:
        """On a large base, the house chosen last (or the first) instead of «Все дома»;
        «Все дома» when the user chose it last, read in the background at once."""
        if self.house.isHidden() or readings_billing.active_meter_count() <= ONE_HOUSE_ABOVE:
            return
        remembered = settings().value(HOUSE_KEY)
        if remembered == ALL_HOUSES:
            self._slow = True
            return
        combo = self.house.combo
        index = combo.findData(int(remembered)) if str(remembered or "").isdigit() else -1
        combo.blockSignals(True)
        combo.setCurrentIndex(index if index > 0 else 1)
        combo.blockSignals(False)

    def _restore_columns(self) -> None:
        """Widths and sort order after the model was replaced (the header starts afresh):
        the user's, or the one rule of ``ui.tables`` again."""
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        if not restore_header(self.table, TABLE_KEY):
            self.table.column_fitter.fit()
        self.table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())

    # -- data

    def period(self) -> str:
        return self._period

    def reload(self, *, keep_typed: bool = True) -> None:
        """Read the meters of the period again; what was typed and not saved stays.

        After a slow read of many meters (all houses of a large base) the next reads run
        off the GUI thread: the table is locked and the count reads «Загрузка…» until
        the rows arrive (a read of an earlier period or house arriving late is dropped)."""
        self.delegate.close_open_editor()
        typed = self.model.typed() if keep_typed else {}
        current = self.table.currentIndex()
        place = (current.row(), current.column()) if current.isValid() else None
        period, house_id, today = self._period, self._house_id, clock.today()

        def read(*_args) -> tuple:
            # the lines and their checks: a reading after the verification date shows no
            # consumption; one saved with a reason no error
            lines, check = readings_billing.entry_page(period, today=today, house_id=house_id)
            # the versions of the readings shown: a reading another PC saves meanwhile is not overwritten
            return lines, check, reading_versions(period, [line.meter_id for line in lines])

        self._loads += 1
        if self._slow:
            self._load_in_background(read, self._loads, typed, place)
            return
        started = time.perf_counter()
        try:
            lines, check, self._versions = read()
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self._slow = time.perf_counter() - started > SLOW_LOAD and len(lines) > MANY_METERS
        self._show_lines(lines, check, typed, place)

    def page_shown(self) -> None:
        from tsj_desk.services.data_changes import READINGS
        from ui import live_refresh

        # a colleague's readings appear while nothing is typed (typed values are never lost)
        live_refresh.follow(self, READINGS, lambda: live_refresh.forget(self) if self.has_unsaved()
                            else self.reload())
        # another page (or another computer) may have added readings meanwhile
        if live_refresh.reload_needed(self, READINGS):
            self.house.refresh()  # a house may have been added (the choice made stays)
            self.reload()

    def has_unsaved(self) -> bool:
        return bool(self.model.changed_rows())

    def visible_rows(self) -> list[EntryRow]:
        return [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]

    def proxy_row_of(self, meter_id: int) -> int | None:
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).line.meter_id == meter_id:
                return r
        return None

    def selected_row(self) -> EntryRow | None:
        index = self.table.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    @Slot()
    def _update_counts(self) -> None:
        rows = self.model.rows()
        typed = [r for r in rows if r.changed and not r.cleared]
        cleared = self.model.removals()
        shown = self.proxy.rowCount()
        text = meters_text(len(rows))
        if shown != len(rows):
            text = self.tr("Показано {0} из {1}").format(shown, text)
        if typed:
            bad = sum(1 for r in typed if r.errors)
            doubtful = sum(1 for r in typed if r.warnings and not r.errors)
            text += self.tr(" · введено {0}").format(readings_text(len(typed)))
            if bad:
                text += self.tr(", с ошибками: {0}").format(bad)
            if doubtful:
                text += self.tr(", проверить: {0}").format(doubtful)
        if cleared:
            text += self.tr(" · к удалению: {0}").format(readings_text(len(cleared)))
        self.count_label.setText(text)
        self.save_button.setEnabled(bool(typed or cleared))

    @Slot(QModelIndex, QModelIndex)
    def _fit_rows(self, top: QModelIndex, bottom: QModelIndex) -> None:
        """Rows whose remarks changed grow or shrink to show them whole."""
        for source_row in range(top.row(), bottom.row() + 1):
            row = self.proxy.mapFromSource(self.model.index(source_row, 0)).row()
            if row >= 0:
                self.table.resizeRowToContents(row)

    # -- the period and the date

    def _show_period(self, period: str) -> None:
        for widget in (self.month, self.year):
            widget.blockSignals(True)
        self.month.setCurrentIndex(int(period[5:7]) - 1)
        self.year.setValue(int(period[:4]))
        for widget in (self.month, self.year):
            widget.blockSignals(False)

    def set_period(self, period: str) -> bool:
        """Show ``period`` (asking first about typed readings); False when the user stayed."""
        if period == self._period:
            return True
        if self.has_unsaved() and not self.resolve_unsaved():
            self._show_period(self._period)
            return False
        self._period = period
        self._show_period(period)
        self.taken_on.blockSignals(True)
        self.taken_on.setDate(to_qdate(default_taken_on(period, clock.today())))
        self.taken_on.blockSignals(False)
        self.reload(keep_typed=False)
        self.status.clear()
        return True

    @Slot()
    def _period_chosen(self) -> None:
        self.set_period(period_key(self.year.value(), self.month.currentIndex() + 1))

    @Slot()
    def _house_chosen(self) -> None:
        """Show the meters of the chosen house (asking first about typed readings)."""
        chosen = self.house.house_id()
        if chosen == self._house_id:
            return
        if self.has_unsaved() and not self.resolve_unsaved():
            self.house.blockSignals(True)
            self.house.choose(self._house_id)
            self.house.blockSignals(False)
            return
        self._house_id = chosen
        settings().setValue(HOUSE_KEY, chosen if chosen is not None else ALL_HOUSES)
        self.reload(keep_typed=False)

    @Slot()
    def _taken_on_changed(self) -> None:
        self.model.set_taken_on(date_value(self.taken_on))

    # -- unsaved readings

    def ask_unsaved(self) -> str:
        """SAVE, DISCARD or CANCEL: what to do with readings typed and not saved."""
        count = len(self.model.changed_rows())
        box = QMessageBox(QMessageBox.Icon.Question, errors.APP_TITLE,
                          self.tr("Введённые показания за {0} не сохранены ({1}). Сохранить их?").format(
                              period_text(self._period), readings_text(count)),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Save).setText(self.tr("Сохранить"))
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("Не сохранять"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        box.deleteLater()
        return {QMessageBox.StandardButton.Save: SAVE,
                QMessageBox.StandardButton.Discard: DISCARD}.get(QMessageBox.StandardButton(answer), CANCEL)

    def resolve_unsaved(self) -> bool:
        """Ask about typed readings; True when they are saved or dropped, False to stay."""
        answer = self.ask_unsaved()
        if answer == SAVE:
            return self.save()
        if answer == DISCARD:
            self.reload(keep_typed=False)
            return True
        return False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._watched:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._watched and event.type() == QEvent.Type.Close
                and isinstance(event, QCloseEvent) and self.has_unsaved()):
            if not self.resolve_unsaved():
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    # -- filter

    @Slot()
    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.delegate.close_open_editor()
        self.proxy.set_text(self.filter.text())
        self._update_counts()

    def _go_to_first_row(self) -> None:
        self.table.setCurrentIndex(self.entry_index(0))

