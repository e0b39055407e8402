"""A big clickable number of the Сводка page: caption, number, one line of detail.

It is a button: the mouse, Space, Enter and Return all press it, and it takes the
keyboard focus with Tab. A number that asks for attention carries a row tone of
``ui.colors`` (red for overdue, orange for due today, yellow for due soon), the same
tints the journal rows use.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from ui import colors
from ui.painting import TOP_LEFT, Painted, bold, elided, ink, muted_ink, write

_PADDING = 14
_NUMBER_SCALE = 2.6
_DETAIL_LINES = 2  # the detail wraps on a narrow tile


class NumberTile(Painted, QAbstractButton):
    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._caption = caption
        self._number = "—"
        self._detail = ""
        self._tone = colors.Tone.NORMAL
        self.setText(caption)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # -- content

    def set_value(self, number: int, detail: str, tone: colors.Tone = colors.Tone.NORMAL) -> None:
        self._number = str(number)
        self._detail = detail
        self._tone = tone
        self.setAccessibleName(f"{self._caption}: {number}")
        self.setAccessibleDescription(detail)
        self.updateGeometry()
        self.update()

    def caption(self) -> str:
        return self._caption

    def number_text(self) -> str:
        return self._number

    def detail(self) -> str:
        return self._detail

    def tone(self) -> colors.Tone:
        return self._tone

    # -- geometry

    def _number_font(self) -> QFont:
        return bold(self.font(), _NUMBER_SCALE)

    def _caption_font(self) -> QFont:
        return bold(self.font())

    def sizeHint(self) -> QSize:
        caption = QFontMetrics(self._caption_font())
        number = QFontMetrics(self._number_font())
        detail = self.fontMetrics()
        width = max(caption.horizontalAdvance(self._caption), number.horizontalAdvance("0000"),
                    detail.horizontalAdvance(self._detail) // _DETAIL_LINES + detail.averageCharWidth() * 4)
        height = caption.height() + number.height() + _DETAIL_LINES * detail.height() + 2 * _PADDING + 8
        return QSize(width + 2 * _PADDING, height)

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(min(hint.width(), 160), hint.height())

    # -- painting

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        tint = colors.background(self._tone)
        text = colors.foreground(self._tone)
        background = tint.color() if tint is not None else palette.color(QPalette.ColorRole.Base)
        if self.isDown():
            background = background.darker(108)
        focused = self.hasFocus() or self.underMouse()
        border = palette.color(QPalette.ColorRole.Highlight) if focused else palette.color(
            QPalette.ColorRole.Mid)
        painter.setBrush(background)
        painter.setPen(QPen(border, 2 if focused else 1))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)

        pen = text.color() if text is not None else ink(palette)
        inner = self.rect().adjusted(_PADDING, _PADDING - 2, -_PADDING, -_PADDING + 2)

        caption_font = self._caption_font()
        caption_height = QFontMetrics(caption_font).height()
        write(painter, QRect(inner.left(), inner.top(), inner.width(), caption_height),
              elided(caption_font, self._caption, inner.width()), pen, TOP_LEFT, caption_font)

        number_font = self._number_font()
        number_height = QFontMetrics(number_font).height()
        write(painter, QRect(inner.left(), inner.top() + caption_height + 4, inner.width(), number_height),
              self._number, colors.ERROR_TEXT if self._tone is colors.Tone.ERROR else None, TOP_LEFT,
              number_font)

        detail_top = inner.top() + caption_height + number_height + 8
        write(painter, QRect(inner.left(), detail_top, inner.width(), inner.bottom() - detail_top + 1),
              self._detail, pen if text is not None else muted_ink(palette),
              TOP_LEFT | int(Qt.TextFlag.TextWordWrap), self.font())

    # -- keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.animateClick()
            event.accept()
            return
        super().keyPressEvent(event)
