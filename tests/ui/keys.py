"""Typing text into widgets with key events that carry the text.

``qtbot.keyClicks`` with Cyrillic text aborts the process here (it maps each
character to a key code); a ``QKeyEvent`` with ``text`` set is what a real keyboard
sends, and works for any alphabet.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Send one key press/release per character, as the keyboard would."""
    for char in text:
        key = Qt.Key.Key_unknown if not char.isascii() else Qt.Key(ord(char.upper()))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))


def press(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QCoreApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers))


def clear_and_type(widget: QWidget, text: str) -> None:
    """Select everything in a line edit and type over it."""
    widget.setFocus()
    press(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(widget, Qt.Key.Key_Backspace)
    type_text(widget, text)
