"""Small widgets shared by the dialogs: dates shown ДД.ММ.ГГГГ, inline error labels."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

from ui import clock, colors

DATE_FORMAT = "dd.MM.yyyy"
_EMPTY_DATE = QDate(1900, 1, 1)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget | None, value: date | None, *, optional: bool = False,
              empty_text: str = "не указана") -> QDateEdit:
    """A date field with a calendar, shown ДД.ММ.ГГГГ.

    An ``optional`` field may stay empty: its lowest date stands for «не указана».
    """
    edit = QDateEdit(parent)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    if optional:
        edit.setMinimumDate(_EMPTY_DATE)
        edit.setSpecialValueText(empty_text)
        edit.setDate(to_qdate(value) if value is not None else _EMPTY_DATE)
    else:
        edit.setDate(to_qdate(value or clock.today()))
    return edit


def date_value(edit: QDateEdit) -> date | None:
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
