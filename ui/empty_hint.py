"""What an empty page says to do first: one sentence and the button that does it.

``EmptyHint.over(table, text, button, action)`` lays the hint over the table's empty
area (the column headers stay); the page calls ``set_shown`` after each reload with
whether its data is empty and no filter is active — a filter that finds nothing
keeps the page's usual «Ничего не найдено».
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyHint(QWidget):
    def __init__(self, parent: QWidget, text: str, button_text: str, action: Callable[[], object]):
        super().__init__(parent)
        self.setObjectName("empty-hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.addStretch(1)
        self.label = QLabel(text)
        self.label.setWordWrap(True)  # across the whole width: a narrower wrapped label is cut short
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.label.setFont(font)
        self.button = QPushButton(button_text)
        self.button.clicked.connect(lambda: action())
        layout.addWidget(self.label)
        layout.addSpacing(8)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.hide()

    @classmethod
    def over(cls, view: QAbstractScrollArea, text: str, button_text: str,
             action: Callable[[], object]) -> EmptyHint:
        """A hint covering ``view``'s viewport, following its size."""
        viewport = view.viewport()
        hint = cls(viewport, text, button_text, action)
        follower = _Follow(hint, viewport)
        viewport.installEventFilter(follower)
        hint.setGeometry(viewport.rect())
        return hint

    def set_shown(self, shown: bool) -> None:
        if shown:
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        self.setVisible(shown)

    def is_shown(self) -> bool:
        """Whether the page shows the hint (whatever the window's own visibility)."""
        return not self.isHidden()


class _Follow(QObject):
    """Keeps the hint the size of the viewport it covers."""

    def __init__(self, hint: EmptyHint, viewport: QWidget):
        super().__init__(hint)
        self._hint = hint
        self._viewport = viewport

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self._hint.setGeometry(self._viewport.rect())
        return False
