"""«Сохранить с причиной…»: a typed reading below the previous one, saved with a reason.

The entry grid refuses a decrease; on the meter's row (its context menu, or
Ctrl+Shift+S) the user chooses why it is lower:

* «Замена счётчика» — the reading is not saved for the old meter: the meter card's
  replacement opens (the old one's final reading, the new one's card);
* «Переход через ноль» — the consumption counted through the meter's capacity; the
  digits are asked when the card has none;
* «Исправление ошибки прошлого показания» — the reading is kept, the period's
  consumption is below zero.

What each choice gives (the consumption, or why it cannot be saved) shows before saving.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.lower_readings import LowerReason, inferred_digits, signed
from tsj_desk.domain.meters import fmt
from tsj_desk.services import readings_lower
from tsj_desk.services.readings_lower import LowerReading
from ui import clock, colors, errors
from ui.readings.texts import period_text, sentence, tr

SAVED, REPLACE = "saved", "replace"

CHOICES = (
    (LowerReason.REPLACEMENT, "Замена счётчика",
     "это показание нового счётчика: откроется замена — конечное показание старого и карточка нового"),
    (LowerReason.ROLLOVER, "Переход через ноль",
     "счётчик дошёл до предела шкалы и начал счёт с нуля"),
    (LowerReason.CORRECTION, "Исправление ошибки прошлого показания",
     "прошлое показание было внесено неверно (завышено); расход за месяц будет меньше нуля"),
)


def lower_text(found: LowerReading) -> str:
    """«Помещение 1, счётчик № ХВ-1: показание Т1 30 меньше предыдущего 99950 (за 10.2026).»"""
    place = tr("Помещение {0}").format(found.premise_number) if found.premise_number else tr("ОДПУ")
    where = tr("{0}, счётчик № {1}").format(place, found.serial)
    parts = [tr("показание Т{0} {1} меньше предыдущего {2}").format(
        i + 1, fmt(found.values[i]), fmt(found.previous[i])) for i in found.lower]
    month = tr(" (за {0})").format(period_text(found.previous_period)) if found.previous_period else ""
    return f"{where}: {'; '.join(parts)}{month}."


class LowerReadingDialog(QDialog):
    def __init__(self, parent: QWidget | None, found: LowerReading, period: str, taken_on: date | None):
        super().__init__(parent)
        self.found, self.period, self.taken_on = found, period, taken_on
        self.choice: str | None = None
        self.setWindowTitle(self.tr("Показание меньше предыдущего"))
        layout = QVBoxLayout(self)
        what = QLabel(lower_text(found))
        what.setWordWrap(True)
        layout.addWidget(what)
        layout.addWidget(QLabel(self.tr("Если показание верное, укажите причину:")))
        self.group = QButtonGroup(self)
        self.buttons: dict[LowerReason, QRadioButton] = {}
        digits_row = QHBoxLayout()
        digits_row.addSpacing(24)
        self.digits_label = QLabel(self.tr("Разрядность счётчика (целых знаков):"))
        self.digits = QSpinBox()
        self.digits.setRange(1, 12)
        previous = max(found.previous[i] or 0.0 for i in found.lower)
        self.digits.setValue(found.digits or inferred_digits(previous))
        self.digits.setEnabled(found.digits is None)  # the card's digits are corrected in the card
        if found.digits is not None:
            self.digits.setToolTip(self.tr("Из карточки счётчика"))
        digits_row.addWidget(self.digits_label)
        digits_row.addWidget(self.digits)
        digits_row.addStretch(1)
        for reason, title, note in CHOICES:
            button = QRadioButton(f"{self.tr(title)} — {self.tr(note)}")
            button.setObjectName(f"reason-{reason.value}")
            self.group.addButton(button)
            self.buttons[reason] = button
            layout.addWidget(button)
            if reason is LowerReason.ROLLOVER:  # the digits right under it
                layout.addLayout(digits_row)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setObjectName("lower-outcome")
        layout.addWidget(self.outcome)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.box.button(QDialogButtonBox.StandardButton.Ok)
        self.box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        self.group.buttonToggled.connect(self._update)
        self.digits.valueChanged.connect(self._update)
        self.resize(620, self.sizeHint().height())
        self._update()
        self.buttons[LowerReason.REPLACEMENT].setFocus()

    def reason(self) -> LowerReason | None:
        return next((r for r, b in self.buttons.items() if b.isChecked()), None)

    def choose(self, reason: LowerReason) -> None:
        self.buttons[reason].setChecked(True)

    @Slot()
    def _update(self) -> None:
        reason = self.reason()
        rollover = reason is LowerReason.ROLLOVER
        self.digits_label.setVisible(rollover)
        self.digits.setVisible(rollover)
        self.ok_button.setText(self.tr("Заменить счётчик…") if reason is LowerReason.REPLACEMENT
                               else self.tr("Сохранить"))
        if reason is None:
            self.ok_button.setEnabled(False)
            self.outcome.setText("")
            return
        if reason is LowerReason.REPLACEMENT:
            self.ok_button.setEnabled(True)
            self.outcome.setStyleSheet("")
            self.outcome.setText(self.tr("Показание не сохраняется для старого счётчика: в замене укажите "
                                         "его конечное показание, а это показание — начальным нового."))
            return
        try:
            result = readings_lower.check_lower_entry(
                self.found.meter_id, self.period, self.found.values, self.taken_on, reason,
                today=clock.today(), digits=self.digits.value() if rollover else None)
        except TsjError as exc:
            result, problem = None, exc.message
        else:
            problem = sentence(result.errors[0]) if result.errors else None
        self.ok_button.setEnabled(problem is None)
        if problem is not None:
            self.outcome.setStyleSheet(colors.ERROR_LABEL_STYLE)
            self.outcome.setText(problem)
            return
        unit = self.found.resource.unit
        spent = " / ".join(signed(v) for v in result.consumption[:self.found.tariffs] if v is not None)
        self.outcome.setStyleSheet("")
        self.outcome.setText(self.tr("Расход за месяц: {0} {1}. Причина останется в истории показаний.").format(
            spent, unit))

    def accept(self) -> None:
        reason = self.reason()
        if reason is None:
            return
        if reason is LowerReason.REPLACEMENT:
            self.choice = REPLACE
            super().accept()
            return
        try:
            readings_lower.save_lower_reading(
                self.found.meter_id, self.period, self.found.values, self.taken_on, reason,
                today=clock.today(), now=clock.now(),
                digits=self.digits.value() if reason is LowerReason.ROLLOVER else None)
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.choice = SAVED
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, found: LowerReading, period: str,
            taken_on: date | None) -> tuple[str | None, LowerReason | None]:
        """(SAVED or REPLACE, the reason chosen), or (None, None) when cancelled."""
        dialog = cls(parent, found, period, taken_on)
        try:
            dialog.exec()
            if dialog.result() != QDialog.DialogCode.Accepted:
                return None, None
            return dialog.choice, dialog.reason()
        finally:
            dialog.deleteLater()


def save_with_reason(page) -> bool:
    """The action on the entry grid's current row: True when the reading was saved with
    a reason or the meter replaced (the grid is read again)."""
    row = page.selected_row()
    if row is None:
        errors.show_message(page, tr("Выберите счётчик в таблице."))
        return False
    page.delegate.close_open_editor()
    if row.values is None:
        errors.show_message(page, tr("Введите в строке счётчика показание, которое меньше предыдущего."))
        return False
    try:
        found = readings_lower.lower_reading(row.line.meter_id, page.period(), row.values)
    except TsjError as exc:
        errors.show_error(page, exc)
        return False
    if found is None:
        errors.show_message(page, tr("Показание не меньше предыдущего: причина не нужна, "
                                     "сохраните его как обычно («Сохранить», Ctrl+S)."))
        return False
    choice, reason = LowerReadingDialog.ask(page, found, page.period(), page.model.taken_on())
    if choice == SAVED:
        # the row shows what was saved: nothing is left typed for it
        page.model.set_texts(page.model.rows().index(row), [fmt(v) if v is not None else "" for v in row.values])
        page.reload()
        page.status.setText(tr("Сохранено показание счётчика № {0} с причиной «{1}».").format(
            found.serial, reason.label))
        return True
    if choice == REPLACE:
        from ui.meters.card import MeterCardDialog

        if MeterCardDialog.ask_replace(page, found.meter_id) is not None:
            page.reload()
            page.status.setText(tr("Счётчик № {0} заменён.").format(found.serial))
            return True
    return False
