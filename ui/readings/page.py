"""«Показания»: the entry grid of a period, with checks as you type, and the readings tools.

Choose the month → every active meter with its previous reading; type Т1 (Т2, Т3)
and the consumption and the checks show at once; Enter goes down to the next meter;
«Сохранить» (Ctrl+S) writes every typed reading in one transaction, and any error
saves nothing. Typed readings are not dropped silently: changing the month or
closing the window asks first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.services import readings, readings_billing
from ui import clock, errors
from ui.empty_hint import EmptyHint
from ui.house_choice import HouseChoice
from ui.readings.files import ask_save_path, documents_folder, written
from ui.readings.entry_model import EntryFilter, EntryModel, EntryRow
from ui.readings.entry_table import DOWN, NEXT, PREVIOUS, UP, EntryDelegate
from ui.readings import lower_reading_dialog
from ui.readings.texts import (
    MONTHS,
    default_taken_on,
    meters_text,
    period_key,
    period_of,
    period_text,
    readings_text,
    sentence,
    values_text,
)
from ui.tables import make_table, restore_header, wrap_column
from ui.widgets import date_edit, date_value, to_qdate
from ui.workers import Job, run_with_progress

FILTER_DELAY_MS = 150
TABLE_KEY = "readings-entry"
SLOW_LOAD, MANY_METERS = 0.3, 1000  # a read slower than this, of more meters: the next in the background
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class ReadingsPage(QWidget):
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
        self._house_id = self.house.house_id()  # the house whose meters are shown
        top.addWidget(self.house)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Поиск: № помещения или счётчика…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(260)
        self.filter.setToolTip("Ctrl+F")
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
        self.lower_action = lower_reading_dialog.install(self)  # «Сохранить с причиной…»
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

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(self._filter_timer.start)
        self.filter.returnPressed.connect(self._filter_and_go_to_table)
        self.month.currentIndexChanged.connect(self._period_chosen)
        self.year.valueChanged.connect(self._period_chosen)
        self.taken_on.dateChanged.connect(self._taken_on_changed)
        self.house.changed.connect(self._house_chosen)
        self.model.dataChanged.connect(self._update_counts)
        self.model.dataChanged.connect(self._fit_rows)
        self.model.modelReset.connect(self._update_counts)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_filter)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        self.reload()

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
            lines = readings.entry_sheet(period, house_id=house_id)
            # a reading after the verification date shows no consumption; one saved with a reason no error
            check = readings_billing.entry_checker(period, today=today, house_id=house_id)
            return lines, check

        self._loads += 1
        if self._slow:
            self._load_in_background(read, self._loads, typed, place)
            return
        started = time.perf_counter()
        try:
            lines, check = read()
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self._slow = time.perf_counter() - started > SLOW_LOAD and len(lines) > MANY_METERS
        self._show_lines(lines, check, typed, place)

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
            lines, check = result
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
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(row).remarks():
                self.table.resizeRowToContents(row)
        if place is not None and place[0] < self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(*place))
        self.empty_hint.set_shown(not lines)  # no active meter at all, whatever the filter

    def page_shown(self) -> None:
        # another page (or another computer) may have added readings meanwhile
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

    # -- saving

    @Slot()
    def save(self) -> bool:
        """Write every typed reading in one transaction; any error saves nothing."""
        if self._loading is not None:  # the rows of the period asked are not shown yet
            return False
        self._commit_editor()
        changed = self.model.changed_rows()
        if not changed:
            return True
        bad = [r for r in changed if r.errors]
        if bad:
            first = bad[0]
            where = f"{first.line.premise_number or self.tr('ОДПУ')}, {first.line.serial}"
            errors.show_message(self, self.tr(
                "Показания не сохранены: ошибки в строках — {0}. Первая — {1}: {2}\n\n"
                "Исправьте строки, выделенные красным, или очистите их; "
                "пока ошибка есть, не сохраняется ни одно показание.").format(
                    len(bad), where, sentence(first.errors[0])))
            self.go_to_meter(first.line.meter_id)
            return False
        entries = self.model.entries()
        removals = self.model.removals()
        if removals and not self.confirm_removal(removals):
            return False
        try:
            saved = readings.save_entries(self._period, entries, today=clock.today(), now=clock.now(),
                                          remove=[r.line.meter_id for r in removals])
        except TsjError as exc:
            errors.show_error(self, exc)
            return False
        self.reload(keep_typed=False)
        period = period_text(self._period)
        if not removals:
            text = self.tr("Сохранено {0} за {1}.").format(readings_text(saved), period)
        elif not entries:
            text = self.tr("Удалено {0} за {1}.").format(readings_text(len(removals)), period)
        else:
            text = self.tr("Сохранено {0}, удалено {1} за {2}.").format(
                readings_text(saved), readings_text(len(removals)), period)
        self.status.setText(text)
        return True

    def confirm_removal(self, rows: list[EntryRow]) -> bool:
        """Ask before saved readings are deleted (their cells were emptied)."""
        names = "\n".join(f"{r.line.premise_number or self.tr('ОДПУ')}, {r.line.serial}: "
                          f"{values_text(r.line.current, r.tariffs)}" for r in rows[:10])
        more = self.tr("\n…и ещё {0}").format(len(rows) - 10) if len(rows) > 10 else ""
        answer = QMessageBox.question(
            self, self.tr("Удалить показания"),
            self.tr("Удалить сохранённые показания за {0} ({1})?\n\n{2}{3}\n\nЯчейки этих счётчиков "
                    "очищены. Значения останутся в журнале изменений; ввести показания "
                    "можно будет заново.").format(period_text(self._period), readings_text(len(rows)),
                                                  names, more),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _commit_editor(self) -> None:
        editor = self.delegate.editor
        if editor is not None and editor.isVisible():
            self.delegate.commitData.emit(editor)

    # -- moving through the grid

    def entry_index(self, proxy_row: int, tariff: int = 0) -> QModelIndex:
        return self.proxy.index(proxy_row, EntryModel.TARIFF_COLUMNS[tariff])

    def go_to_meter(self, meter_id: int, tariff: int = 0) -> bool:
        row = self.proxy_row_of(meter_id)
        if row is None:
            return False
        self.table.setFocus()
        self.table.setCurrentIndex(self.entry_index(row, tariff))
        self.table.scrollTo(self.table.currentIndex())
        return True

    def _tariffs(self, proxy_row: int) -> int:
        return self.proxy.row_at(proxy_row).tariffs

    @Slot(str)
    def _move(self, where: str) -> None:
        current = self.table.currentIndex()
        if not current.isValid():
            return
        row, rows = current.row(), self.proxy.rowCount()
        tariff = max(0, EntryModel.TARIFF_COLUMNS.index(current.column())
                     if current.column() in EntryModel.TARIFF_COLUMNS else 0)
        target: tuple[int, int] | None = None
        if where == DOWN and row + 1 < rows:
            target = (row + 1, 0)
        elif where == UP and row > 0:
            target = (row - 1, min(tariff, self._tariffs(row - 1) - 1))
        elif where == NEXT:
            if tariff + 1 < self._tariffs(row):
                target = (row, tariff + 1)
            elif row + 1 < rows:
                target = (row + 1, 0)
        elif where == PREVIOUS:
            if tariff > 0:
                target = (row, tariff - 1)
            elif row > 0:
                target = (row - 1, self._tariffs(row - 1) - 1)
        if target is None:
            return
        index = self.entry_index(*target)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if not self.model.is_entry_cell(self.proxy.mapToSource(index)):
            self.show_history()

    # -- filter

    @Slot()
    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.delegate.close_open_editor()
        self.proxy.set_text(self.filter.text())
        self._update_counts()

    @Slot()
    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    @Slot()
    def _filter_and_go_to_table(self) -> None:
        self.apply_filter()
        if self.proxy.rowCount():
            self.table.setFocus()
            self.table.setCurrentIndex(self.entry_index(0))

    # -- tools

    @Slot()
    def import_from_file(self) -> None:
        from ui.readings.import_dialog import ReadingsImportDialog

        if ReadingsImportDialog.choose_and_run(self, period=self._period):
            self.reload()

    @Slot()
    def import_creating_meters(self) -> None:
        """The import with «Создавать неизвестные счётчики» ticked: a base without meters."""
        from ui.readings.import_dialog import ReadingsImportDialog

        if ReadingsImportDialog.choose_and_run(self, period=self._period, create_meters=True):
            self.reload()

    @Slot()
    def show_batches(self) -> None:
        from ui.readings.batches_dialog import BatchesDialog

        if BatchesDialog.run(self):
            self.reload()

    @Slot()
    def show_verification(self) -> None:
        from ui.readings.verification_dialog import VerificationDialog

        VerificationDialog.run(self)

    @Slot()
    def show_history(self) -> None:
        from ui.readings.history_dialog import MeterHistoryDialog

        row = self.selected_row()
        if row is None:
            errors.show_message(self, self.tr("Выберите счётчик в таблице."))
            return
        MeterHistoryDialog.show_for(self, row.line, period=self._period)

    @Slot()
    def show_card(self) -> None:
        from ui.meters.card import MeterCardDialog

        row = self.selected_row()
        if row is None:
            errors.show_message(self, self.tr("Выберите счётчик в таблице."))
        elif MeterCardDialog.edit(self, row.line.meter_id):
            self.reload()

    @Slot()
    def add_common_meter(self) -> None:
        from ui.meters.card import add_common_meter

        if add_common_meter(self):
            self.reload()

    @Slot()
    def export_register(self) -> None:
        period = self._period
        out = ask_save_path(self, self.tr("Реестр показаний"),
                            documents_folder() / self.tr("Реестр показаний {0}.xlsx").format(period_text(period)))
        if out is not None:
            self._export(self.tr("Реестр показаний за {0}").format(period_text(period)), out,
                         lambda: readings.export_readings(period, out))

    @Slot()
    def export_walk_sheet(self) -> None:
        period = self._period
        out = ask_save_path(self, self.tr("Обходной лист"),
                            documents_folder() / self.tr("Обходной лист {0}.xlsx").format(period_text(period)))
        if out is not None:
            self._export(self.tr("Обходной лист за {0}").format(period_text(period)), out,
                         lambda: readings.walk_sheet(out, period=period))

    @Slot()
    def export_common_meters(self) -> None:
        today = clock.today()
        out = ask_save_path(self, self.tr("Показания ОДПУ за 3 года"), documents_folder()
                            / self.tr("ОДПУ за 3 года по {0}.xlsx").format(period_text(period_of(today))))
        if out is not None:
            self._export(self.tr("Показания ОДПУ за 3 года"), out,
                         lambda: readings.common_meter_report(out, today=today), counted=False)

    def _export(self, what: str, out: Path, write: Callable[[], int], *, counted: bool = True) -> None:
        if self._job is not None:
            return

        def done(count: object) -> None:
            self._job = None
            text = self.tr("{0} сохранён").format(what)
            if counted and isinstance(count, int):
                text += f" ({meters_text(count)})"
            self.status.setText(written(text, out))

        def failed(exc: BaseException) -> None:
            self._job = None
            errors.show_error(self, exc)

        self._job = run_with_progress(self, self.tr("{0}…").format(what), lambda progress, cancel: write(),
                                      on_finished=done, on_failed=failed, cancellable=False)
