"""The editor of the entry grid's Т1–Т3 cells and the keyboard path through them.

Every keystroke goes to the model at once (consumption and checks follow the
typing). Enter and ↓ commit and move down to the next meter, ↑ up; Tab and
Shift+Tab move to the next or previous entry cell (Т2 of a two-tariff meter, then
the next meter). Delete clears the cell's value (Backspace removes one character).
Escape puts back what the cell held before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.tables import Index

DOWN, UP, NEXT, PREVIOUS = "down", "up", "next", "previous"

_MOVES = {
    Qt.Key.Key_Return: DOWN,
    Qt.Key.Key_Enter: DOWN,
    Qt.Key.Key_Down: DOWN,
    Qt.Key.Key_Up: UP,
    Qt.Key.Key_Tab: NEXT,
    Qt.Key.Key_Backtab: PREVIOUS,
}


class EntryDelegate(QStyledItemDelegate):
    """A right-aligned line edit that reports every change and every move."""

    move = Signal(str)  # DOWN, UP, NEXT or PREVIOUS, after the editor has closed

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.editor: QLineEdit | None = None
        self._index: QPersistentModelIndex | None = None
        self._original = ""
        self.closeEditor.connect(self._on_close)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("reading-editor")
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        editor.textEdited.connect(self._typed)
        self.editor = editor
        self._index = QPersistentModelIndex(index)
        self._original = index.data(Qt.ItemDataRole.EditRole) or ""
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QLineEdit) and editor.text() != text:
            # only when the model holds something else: the cursor stays where it is
            editor.setText(text)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        if editor is self.editor:
            self.editor = None
            self._index = None
        super().destroyEditor(editor, index)

    def close_open_editor(self) -> None:
        """Commit and close the open editor, if any: before the rows are replaced or
        filtered, while the view still knows which cell it edits."""
        editor = self.editor
        if editor is not None and editor.isVisible():
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        self.editor = None
        self._index = None

    def _typed(self, text: str) -> None:
        index = self._index
        if index is not None and index.isValid():
            index.model().setData(index.model().index(index.row(), index.column()), text,
                                  Qt.ItemDataRole.EditRole)

    def _on_close(self, editor: QWidget, hint: QStyledItemDelegate.EndEditHint) -> None:
        if hint == QStyledItemDelegate.EndEditHint.RevertModelCache and editor is self.editor:
            self._typed(self._original)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and isinstance(editor, QLineEdit) and event.key() == Qt.Key.Key_Delete
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            editor.clear()  # the whole value, as in a spreadsheet's cell
            self._typed("")
            return True
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and isinstance(editor, QLineEdit) and event.key() in _MOVES
                and not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                              | Qt.KeyboardModifier.KeypadModifier)):
            where = _MOVES[Qt.Key(event.key())]
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            self.move.emit(where)
            return True
        return super().eventFilter(editor, event)
