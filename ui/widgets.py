"""Small widgets shared by the dialogs: dates shown ДД.ММ.ГГГГ and typed from the
keyboard, inline error labels."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QDateTimeEdit, QHBoxLayout, QLabel, QRadioButton, QWidget

from ui import clock, colors

DATE_FORMAT = "dd.MM.yyyy"
DATETIME_FORMAT = "dd.MM.yyyy HH:mm"
_EMPTY_DATE = QDate(1900, 1, 1)
# where each digit typed lands: day, month, year, hour, minute (ДДММГГГГЧЧММ)
_PARTS = ((0, 2), (2, 4), (4, 8), (8, 10), (10, 12))
_YEAR = (4, 8)
# typed between the parts as people write dates: «1.2.2026», «01/02/2026», «01.02.2026 9:05»
_SEPARATORS = frozenset(".,/- :")


def _digits_of(value: QDateTime) -> str:
    d, t = value.date(), value.time()
    return f"{d.day():02d}{d.month():02d}{d.year():04d}{t.hour():02d}{t.minute():02d}"


def _from_digits(digits: str) -> QDateTime:
    """The moment of ДДММГГГГЧЧММ digits; a part typed halfway (day «3» of February,
    month «1» before its second digit) is brought into its range, so the field always
    holds a date while the digits are typed."""
    day, month, year, hour, minute = (int(digits[a:b]) for a, b in _PARTS)
    year = max(1, year)
    month = min(max(month, 1), 12)
    day = min(max(day, 1), calendar.monthrange(year, month)[1])
    return QDateTime(QDate(year, month, day), QTime(min(hour, 23), min(minute, 59)))


class DateEdit(QDateTimeEdit):
    """The one date field of the window: ДД.ММ.ГГГГ (or ДД.ММ.ГГГГ ЧЧ:ММ ``with_time``)
    with a calendar, filled from the left by typing digits.

    Whenever the field takes the focus (Tab, a click, a dialog opening on it) the next
    digit starts the date anew: «24112026» gives 24.11.2026, «241120261530» 15:30 too;
    the separators need not be typed, but when they are they end the part: «1.2.2026»
    is 01.02.2026, a year of two digits is of this century («1.2.26» is 01.02.2026).
    Backspace takes the last digit back. A date field
    of Qt types into the section under the cursor, and a digit that does not fit there
    (a day «3» in February, a full year) is refused: typing «did nothing»."""

    def __init__(self, parent: QWidget | None = None, *, with_time: bool = False):
        super().__init__(parent)
        self.setDisplayFormat(DATETIME_FORMAT if with_time else DATE_FORMAT)
        self.setCalendarPopup(True)
        self._length = 12 if with_time else 8
        self._typed = ""
        self._before = ""  # the digits shown when typing started: what the untyped part keeps

    def typed(self) -> str:
        """The digits typed since the field took the focus (tests, the caret)."""
        return self._typed

    def _start(self) -> None:
        self._typed = ""
        self.setCurrentSectionIndex(0)
        self.setSelectedSection(self.sectionAt(0))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._start()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._end_short_year()
        super().focusOutEvent(event)

    def _end_part(self) -> None:
        """A separator typed: the part being typed ends there — a day or month of one
        digit gets its zero («1.» is 01), a year of two digits its century («26» is 2026)."""
        at = len(self._typed)
        a, b = next(((a, b) for a, b in _PARTS if a <= at < b), (at, at))
        part = self._typed[a:]
        if not part:
            return  # the separator after a whole part («01.»): nothing to end
        if (a, b) == _YEAR:
            if len(part) != 2:
                return
            part = "20" + part
        self._typed = self._typed[:a] + part.rjust(b - a, "0")
        self._show_typed()

    def _end_short_year(self) -> None:
        """Typing stopped after two digits of the year («010226»): 2026, not 2626."""
        if len(self._typed) == _YEAR[0] + 2:
            self._end_part()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self._typed = ""  # a click on a section: the next digits start the date anew

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if len(text) == 1 and text.isdigit() and text.isascii() and not modifiers:
            if not self._typed or len(self._typed) >= self._length:
                self._typed = ""
                self._before = _digits_of(self.dateTime())
            self._typed += text
            self._show_typed()
            return
        if event.key() == Qt.Key.Key_Backspace and not modifiers and self._typed:
            self._typed = self._typed[:-1]
            self._show_typed()
            return
        if event.key() == Qt.Key.Key_Delete and not modifiers and self._typed:
            return  # nothing after the caret to delete while digits are typed
        if text in _SEPARATORS and text and not modifiers & ~Qt.KeyboardModifier.ShiftModifier and self._typed:
            if len(self._typed) < self._length:
                self._end_part()
            return
        if event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt):
            self._end_short_year()
            self._typed = ""  # an arrow, Tab, a calendar key: the next digit starts the date anew
        super().keyPressEvent(event)

    def _show_typed(self) -> None:
        digits = self._typed + self._before[len(self._typed):]
        self.setDateTime(_from_digits(digits))
        # the caret on the part the next digit goes to
        at = len(self._typed)
        part = next((n for n, (a, b) in enumerate(_PARTS) if a <= at < b), None)
        if part is not None and part < self.sectionCount():
            self.setCurrentSectionIndex(part)
        elif self.sectionCount():
            self.setCurrentSectionIndex(self.sectionCount() - 1)


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def datetime_edit(parent: QWidget | None, value: datetime) -> DateEdit:
    """A date and time field shown ДД.ММ.ГГГГ ЧЧ:ММ, with a calendar, typed as digits.

    ``parent`` is the dialog or page it belongs to; the field takes it from the layout
    it is put in (``_unparented``), so that its place in the Tab order is its place in the form."""
    edit = DateEdit(_unparented(parent), with_time=True)
    edit.setDateTime(to_qdatetime(value))
    return edit


def _unparented(parent: QWidget | None) -> None:
    """No parent yet: a field created with its dialog as parent joins the Tab order at
    once, before the fields created without one and put in the form later, so Tab would
    reach the date last (the owner dialog opened with the cursor in its date). Every
    caller puts the field in a layout, which gives it its parent in the form's order."""
    del parent
    return None


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget | None, value: date | None, *, optional: bool = False,
              empty_text: str = "не указана") -> DateEdit:
    """A date field with a calendar, shown ДД.ММ.ГГГГ, typed as digits (``DateEdit``).

    An ``optional`` field may stay empty: its lowest date stands for «не указана».
    Like ``datetime_edit``, it takes its parent from the layout it is put in.
    """
    edit = DateEdit(_unparented(parent))
    if optional:
        edit.setMinimumDate(_EMPTY_DATE)
        edit.setSpecialValueText(empty_text)
        edit.setDate(to_qdate(value) if value is not None else _EMPTY_DATE)
    else:
        edit.setDate(to_qdate(value or clock.today()))
    return edit


def date_value(edit: QDateTimeEdit) -> date | None:
    """The date of ``edit``; None for an optional field left «не указана»."""
    if edit.specialValueText() and edit.date() == edit.minimumDate():
        return None
    return from_qdate(edit.date())


def error_label(parent: QWidget | None = None) -> QLabel:
    """A red label under a field; hidden while there is nothing to say."""
    label = QLabel(parent)
    label.setStyleSheet(colors.ERROR_LABEL_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_problem(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def two_formats(parent: QWidget, first: str, second: str) -> tuple[QRadioButton, QRadioButton, QHBoxLayout]:
    """The «Формат:» row of an export: two exclusive choices, the first one chosen."""
    one, other = QRadioButton(first), QRadioButton(second)
    one.setChecked(True)
    group = QButtonGroup(parent)
    group.addButton(one)
    group.addButton(other)
    row = QHBoxLayout()
    row.addWidget(one)
    row.addWidget(other)
    row.addStretch(1)
    return one, other, row
