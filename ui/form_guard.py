"""Forms open ready for typing and are not thrown away by a stray Esc.

``prepare_form(dialog)`` is called at the end of every form dialog's constructor:

* when the dialog is shown, the focus is in its first text field (the name of an
  owner, not the date beside it; the applicant of a request, not the channel list),
  or in the field the dialog names;
* Esc (or the window's ×) on a form whose fields changed since it was shown asks
  «Закрыть без сохранения?»; an untouched form closes at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QWidget,
)

ASK_TITLE = "Закрыть без сохранения?"
ASK_TEXT = "Введённые данные не сохранены. Закрыть форму без сохранения?"
CLOSE_TEXT = "Закрыть без сохранения"
STAY_TEXT = "Вернуться к форме"


def _is_text_field(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit):
        # the line edit inside a date field or a combo box is not a text field of its own
        parent = widget.parentWidget()
        return not isinstance(parent, (QAbstractSpinBox, QComboBox)) and not widget.isReadOnly()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return not widget.isReadOnly()
    return False


def first_text_field(dialog: QWidget) -> QWidget | None:
    """The first editable text field in the dialog's Tab order that the user can reach."""
    widget = dialog.nextInFocusChain()
    seen = set()
    while widget is not None and widget is not dialog and id(widget) not in seen:
        seen.add(id(widget))
        if (_is_text_field(widget) and widget.isEnabled() and not widget.isHidden()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            hidden_parent = any(p.isHidden() for p in _parents(widget, dialog))
            if not hidden_parent:
                return widget
        widget = widget.nextInFocusChain()
    return None


def _parents(widget: QWidget, top: QWidget):
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.parentWidget()


def form_state(dialog: QWidget) -> list[object]:
    """What the user can change in the form: texts, choices, dates, ticks, lists."""
    state: list[object] = []
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
            continue  # said by its date field or combo box
        if isinstance(widget, QLineEdit):
            state.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            state.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            state.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractSpinBox):
            state.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
        elif isinstance(widget, QListWidget):
            state.append(tuple(widget.item(i).text() for i in range(widget.count())))
        elif isinstance(widget, QTableWidget):
            state.append(tuple(
                widget.item(r, c).text() if widget.item(r, c) is not None else ""
                for r in range(widget.rowCount()) for c in range(widget.columnCount())))
    return state


def confirm_discard(parent: QWidget) -> bool:
    """«Закрыть без сохранения?» — True when the user agrees to lose what was typed."""
    box = QMessageBox(QMessageBox.Icon.Question, ASK_TITLE, ASK_TEXT, parent=parent)
    close = box.addButton(CLOSE_TEXT, QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton(STAY_TEXT, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    return box.clickedButton() is close


class FormGuard(QObject):
    """The event filter ``prepare_form`` puts on a dialog."""

    def __init__(self, dialog: QDialog, first: QWidget | None):
        super().__init__(dialog)
        self._dialog = dialog
        self._first = first
        self._shown: list[object] | None = None
        dialog.installEventFilter(self)

    def changed(self) -> bool:
        return self._shown is not None and form_state(self._dialog) != self._shown

    def focus_field(self) -> QWidget | None:
        return self._first if self._first is not None else first_text_field(self._dialog)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._dialog:
            return False
        kind = event.type()
        if kind == QEvent.Type.Show and not event.spontaneous():
            if self._shown is None:
                field = self.focus_field()
                if field is not None:
                    field.setFocus(Qt.FocusReason.TabFocusReason)
            self._shown = form_state(self._dialog)
        elif (kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape
              and not event.modifiers()):
            if self.changed() and not confirm_discard(self._dialog):
                return True  # stays open, what was typed kept
            if self.changed():
                self._shown = None  # agreed: no second question from the close that follows
            self._dialog.reject()
            return True
        elif kind == QEvent.Type.Close and event.spontaneous() and self.changed():
            if not confirm_discard(self._dialog):
                event.ignore()
                return True
        return False


def prepare_form(dialog: QDialog, first: QWidget | None = None) -> FormGuard:
    """Open ``dialog`` with the focus in ``first`` (by default its first text field) and
    ask before Esc discards a changed form. Call it at the end of the constructor."""
    guard = FormGuard(dialog, first)
    dialog.setProperty("form_guard", True)
    return guard
