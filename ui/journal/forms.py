"""Dialogs of the journal filled from the keyboard alone.

Tab and Shift+Tab move between the fields; Enter in a one-line field moves to the
next one (as paper forms are filled), Enter on the last field saves, and
Ctrl+Enter saves from anywhere. Esc cancels. In a multi-line text Enter starts a new
line and Tab leaves the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

# the journal's dialogs take their date and time field from here: the window's one DateEdit
from ui.widgets import datetime_edit, from_qdatetime, to_qdatetime  # noqa: F401


class KeyboardDialog(QDialog):
    """A dialog whose ``save()`` runs on Ctrl+Enter, or on Enter in ``last_field``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.last_field: QWidget | None = None
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)

    def save(self) -> None:
        """Check and save; stays open (and says why) when something is wrong."""
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            focus = self.focusWidget()
            # a button that got here did not want Enter: the dialog's default handles it
            if focus is not None and not isinstance(focus, QPushButton):
                last = self.last_field
                if last is not None and (focus is last or last.isAncestorOf(focus)):
                    self.save()
                else:
                    self.focusNextChild()
                return
        super().keyPressEvent(event)


