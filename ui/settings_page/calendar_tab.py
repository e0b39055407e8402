"""«Производственный календарь»: the year as the deadlines see it, and the user's exceptions.

The exceptions (a regional holiday made a day off, a date made a working day by a
new decree) are stored by ``services.calendar``; after each change the year view
and the deadline check below it are recomputed, so the user sees the effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.calendar import ProductionCalendar
from tsj_desk.domain.calendar_years import computed_years_text, is_computed_year
from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted, format_date, format_datetime
from tsj_desk.services.calendar import (
    OverrideInfo,
    category_rules,
    list_overrides,
    production_calendar,
    remove_override,
    set_override,
)
from tsj_desk.services.journal import preview_deadline
from ui import clock, errors
from ui.settings_page.year_view import (
    WEEKDAYS,
    WEEKDAYS_SHORT,
    DayLegend,
    YearView,
    describe_day,
)
from ui.form_guard import prepare_form
from ui.tables import Column, RowsModel, make_table, selected_row
from ui.widgets import DateEdit, date_edit, error_label, from_qdate, show_problem

YEARS = (2000, 2099)


def tr(text: str) -> str:
    return QCoreApplication.translate("CalendarTab", text)


def confirm(parent: QWidget | None, text: str, action: str) -> bool:
    """Ask before a change that cannot be undone; ``action`` names the yes button."""
    box = QMessageBox(QMessageBox.Icon.Question, errors.APP_TITLE, text,
                      QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(tr("Отмена"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes


def _state_text(working: bool) -> str:
    return tr("рабочий день") if working else tr("выходной")


def without(calendar: ProductionCalendar, day: date) -> ProductionCalendar:
    """``calendar`` as it would be without the user's exception on ``day``."""
    return ProductionCalendar({d: w for d, w in calendar.overrides.items() if d != day})


class OverridesModel(RowsModel[OverrideInfo]):
    DAY, STATE, NOTE = range(3)

    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Дата"), lambda o: f"{format_date(o.day)}, {WEEKDAYS_SHORT[o.day.weekday()].lower()}",
                   lambda o: o.day.isoformat(), width=11),
            Column(tr("День"), lambda o: _state_text(o.working), width=8),
            Column(tr("Примечание"), lambda o: o.note, width=6, tooltip=lambda o: o.note or None),
        ], parent)


@dataclass(frozen=True)
class OverrideChoice:
    day: date
    working: bool
    note: str


class OverrideDialog(QDialog):
    """A date made a day off or a working day, with a note («День Республики Татарстан»)."""

    def __init__(self, parent: QWidget | None, day: date, calendar: ProductionCalendar):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Исключение в производственном календаре"))
        self._calendar = calendar
        self._choice: OverrideChoice | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.day = date_edit(self, day)
        self.now_label = QLabel()
        self.now_label.setWordWrap(True)
        self.day_off = QRadioButton(self.tr("выходным днём (региональный праздник, новое постановление)"))
        self.working = QRadioButton(self.tr("рабочим днём"))
        kinds = QVBoxLayout()
        kinds.addWidget(self.day_off)
        kinds.addWidget(self.working)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("например, «День Республики Татарстан»"))
        self.note.setMinimumWidth(340)
        form.addRow(self.tr("Дата:"), self.day)
        form.addRow(self.tr("Сейчас:"), self.now_label)
        form.addRow(self.tr("Сделать:"), kinds)
        form.addRow(self.tr("Примечание:"), self.note)
        layout.addLayout(form)
        self.problem = error_label(self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Сохранить"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.day.dateChanged.connect(self._day_changed)
        self._day_changed()
        self.note.setFocus()
        prepare_form(self, self.note)

    @classmethod
    def ask(cls, parent: QWidget | None, day: date,
            calendar: ProductionCalendar) -> OverrideChoice | None:
        """Show the dialog; the exception chosen, or None when cancelled."""
        dialog = cls(parent, day, calendar)
        try:
            dialog.exec()
            return dialog.choice()
        finally:
            dialog.deleteLater()

    def chosen_day(self) -> date:
        return from_qdate(self.day.date())

    @Slot()
    def _day_changed(self) -> None:
        day = self.chosen_day()
        self.now_label.setText(describe_day(self._calendar, day).split(" — ", 1)[1])
        # offer the opposite of what the day is now
        working = self._calendar.is_working_day(day)
        (self.day_off if working else self.working).setChecked(True)
        show_problem(self.problem, None)

    def current(self) -> OverrideChoice:
        return OverrideChoice(self.chosen_day(), self.working.isChecked(), self.note.text().strip())

    def choice(self) -> OverrideChoice | None:
        return self._choice

    def accept(self) -> None:
        choice = self.current()
        plain = without(self._calendar, choice.day)
        if plain.is_working_day(choice.day) == choice.working and choice.day not in self._calendar.overrides:
            show_problem(self.problem, self.tr("{0} и так {1} по производственному календарю.").format(
                format_date(choice.day), _state_text(choice.working)))
            return
        self._choice = choice
        super().accept()


class CalendarTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.calendar = ProductionCalendar()
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Производственный календарь России: праздники (ТК РФ ст. 112) и переносы выходных по "
            "постановлениям Правительства. Добавьте свои исключения — региональные праздники, новые "
            "постановления. Исключения учитываются в сроках новых обращений, а сроки открытых "
            "обращений пересчитываются — перенос записывается в историю каждого из них."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        # which years come from a decree and which the program computed (legal-ru §7)
        self.years_line = QLabel(self.tr("{0}. Для рассчитанных лет выходной, совпавший с "
                                         "праздником, переносится на следующий рабочий день "
                                         "(кроме 1–8 января); когда выйдет постановление, внесите "
                                         "его переносы исключениями.").format(computed_years_text()))
        self.years_line.setWordWrap(True)
        layout.addWidget(self.years_line)

        top = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(*YEARS)
        self.year.setValue(clock.today().year)
        self.year.setToolTip(self.tr("Год"))
        self.totals = QLabel()
        self.totals.setWordWrap(True)  # a computed year adds a sentence
        top.addWidget(QLabel(self.tr("Год:")))
        top.addWidget(self.year)
        top.addSpacing(16)
        top.addWidget(self.totals, 1)
        layout.addLayout(top)
        self.notice = QLabel()  # what the last change did to the deadlines of open requests
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        layout.addWidget(self.notice)

        body = QHBoxLayout()
        left = QVBoxLayout()
        self.view = YearView(self)
        self.legend = DayLegend(self)
        left.addWidget(self.view, 1)
        left.addWidget(self.legend)
        body.addLayout(left, 3)

        right = QVBoxLayout()
        group = QGroupBox(self.tr("Ваши исключения"))
        inner = QVBoxLayout(group)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Добавить…"))
        self.remove_button = QPushButton(self.tr("Удалить"))
        self.add_button.clicked.connect(lambda: self.add_override())
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        self.model = OverridesModel(self)
        self.table, self.proxy = make_table(self, self.model, "settings-calendar-overrides")
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.activated.connect(self._show_selected_override)
        inner.addWidget(self.table, 1)
        right.addWidget(group, 1)
        right.addWidget(self._preview_group())
        body.addLayout(right, 2)
        layout.addLayout(body, 1)

        self.year.valueChanged.connect(self._show_year)
        self.view.day_activated.connect(self.add_override)
        self.reload()

    def _preview_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Проверить срок ответа"))
        form = QFormLayout(group)
        self.category = QComboBox()
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.category.setMinimumContentsLength(14)
        self.received = DateEdit(with_time=True)
        now = datetime.combine(clock.today(), time(10, 0))
        self.received.setDateTime(QDateTime(now))
        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        font = self.due_label.font()
        font.setBold(True)
        self.due_label.setFont(font)
        self.due_explanation = QLabel()
        self.due_explanation.setWordWrap(True)
        form.addRow(self.tr("Обращение:"), self.category)
        form.addRow(self.tr("Поступило:"), self.received)
        form.addRow(self.tr("Срок ответа:"), self.due_label)
        form.addRow("", self.due_explanation)
        self.category.currentIndexChanged.connect(self.update_preview)
        self.received.dateTimeChanged.connect(self.update_preview)
        return group

    # -- data

    @Slot()
    def reload(self) -> None:
        """Read the calendar, the exceptions and the categories anew."""
        keep = self.selected_override()
        try:
            self.calendar = production_calendar()
            overrides = list_overrides()
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.model.set_rows(overrides)
        if keep is not None:
            self.select_override(keep.day)
        self._show_year()
        self.reload_categories()
        self._update_buttons()

    @Slot()
    def reload_categories(self) -> None:
        code = self.category.currentData()
        try:
            rules = category_rules()
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.category.blockSignals(True)
        self.category.clear()
        for rule in rules:
            self.category.addItem(rule.label, rule.code)
            self.category.setItemData(self.category.count() - 1, f"{rule.label}\n{rule.period}",
                                      Qt.ItemDataRole.ToolTipRole)
        index = self.category.findData(code) if code else 0
        self.category.setCurrentIndex(max(index, 0))
        self.category.blockSignals(False)
        self.update_preview()

    @Slot()
    def _show_year(self) -> None:
        notes = {o.day: o.note for o in self.model.rows() if o.note}
        self.view.set_calendar(self.calendar, self.year.value(), notes=notes, today=clock.today())
        year = self.year.value()
        totals = self.tr("В {0} году: {1}, {2}.").format(
            year,
            counted(self.view.working_days(), "рабочий день", "рабочих дня", "рабочих дней"),
            counted(self.view.days_off(), "выходной или праздничный день",
                    "выходных или праздничных дня", "выходных или праздничных дней"))
        if is_computed_year(year):
            totals += " " + self.tr("Календарь года рассчитан по ТК РФ ст. 112 — постановления "
                                    "Правительства ещё нет.")
        self.totals.setText(totals)

    @Slot()
    def update_preview(self) -> None:
        code = self.category.currentData()
        if not code:
            self.due_label.clear()
            self.due_explanation.clear()
            return
        received = self.received.dateTime().toPython()
        try:
            deadline = preview_deadline(code, received)
        except TsjError as exc:
            self.due_label.setText("")
            self.due_explanation.setText(exc.message)
            return
        if deadline.due_at is not None:
            self.due_label.setText(format_datetime(deadline.due_at))
        else:
            self.due_label.setText(f"{format_date(deadline.due)}, {WEEKDAYS[deadline.due.weekday()]}")
        self.due_explanation.setText(deadline.explanation)

    def due_text(self) -> str:
        """The deadline the check shows now (ДД.ММ.ГГГГ, weekday)."""
        return self.due_label.text()

    def set_preview(self, code: str, received: datetime) -> None:
        self.category.setCurrentIndex(self.category.findData(code))
        self.received.setDateTime(QDateTime(received))
        self.update_preview()

    def visible_overrides(self) -> list[OverrideInfo]:
        return [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]

    def selected_override(self) -> OverrideInfo | None:
        return selected_row(self.table)

    def select_override(self, day: date) -> bool:
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).day == day:
                self.table.selectRow(r)
                return True
        return False

    @Slot()
    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_override() is not None)

    @Slot()
    def _show_selected_override(self) -> None:
        override = self.selected_override()
        if override is not None:
            self.year.setValue(override.day.year)
            self.view.select_day(override.day)

    # -- actions

    @Slot()
    def add_override(self, day: date | None = None) -> None:
        if day is None:
            day = self.view.selected_day() or self._default_day()
        choice = OverrideDialog.ask(self, day, self.calendar)
        if choice is None:
            return
        try:
            moved = set_override(choice.day, choice.working, choice.note, now=clock.now())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self._tell_moved(moved)
        self.year.setValue(choice.day.year)
        self.reload()
        self.select_override(choice.day)
        self.view.select_day(choice.day)

    def _tell_moved(self, moved: int) -> None:
        """Say whether the change moved deadlines of requests still waiting for an answer."""
        self.notice.setText(self.tr(
            "Срок ответа пересчитан у {0} без ответа — по новому календарю; каждое изменение "
            "записано в историю обращения.").format(
                counted(moved, "обращения", "обращений", "обращений")) if moved else "")
        self.notice.setVisible(bool(moved))

    def _default_day(self) -> date:
        today = clock.today()
        return today if today.year == self.year.value() else date(self.year.value(), 1, 1)

    @Slot()
    def remove_selected(self) -> None:
        override = self.selected_override()
        if override is None:
            return
        after = without(self.calendar, override.day)
        note = f" ({override.note})" if override.note else ""
        text = self.tr("Удалить исключение на {0}{1}?\n\nПо производственному календарю этот день — "
                       "{2}.").format(format_date(override.day), note,
                                      describe_day(after, override.day).split(" — ", 1)[1])
        if not confirm(self, text, self.tr("Удалить")):
            return
        try:
            moved = remove_override(override.day, now=clock.now())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self._tell_moved(moved)
        self.reload()
