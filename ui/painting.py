"""What the widgets drawn with QPainter share: the painter, the inks, text in a box, tooltips.

The rate chart and the tiles of the Сводка, the year of the production calendar and
the consumption bars of a meter's history paint themselves; each uses these helpers
instead of repeating the set-up:

- ``smooth_painter(widget)``: an antialiased painter, ended however painting ends;
- ``ink(palette)`` / ``muted_ink(palette)``: the palette's text and placeholder colours;
- ``bold(font, scale)``: a bold copy of a font, optionally larger;
- ``write(painter, rect, text, ...)``: a text in a rectangle with its colour and font;
- ``elided(font, text, width)``: a text cut with «…» to fit;
- ``tooltip_event(widget, event, tip_at)``: a tooltip for the part under the mouse;
- ``Painted`` and ``TipsByPlace``: mixins (before ``QWidget``) that give ``_paint`` its
  painter and answer tooltips from ``_tip_at``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QToolTip, QWidget

LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)
TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


@contextmanager
def smooth_painter(widget: QWidget) -> Iterator[QPainter]:
    """An antialiased painter on ``widget`` for one paintEvent."""
    painter = QPainter(widget)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        yield painter
    finally:
        painter.end()


def ink(palette: QPalette) -> QColor:
    """The colour of ordinary text."""
    return palette.color(QPalette.ColorRole.WindowText)


def muted_ink(palette: QPalette) -> QColor:
    """The colour of secondary text (axis values, «нет ответов»)."""
    return palette.color(QPalette.ColorRole.PlaceholderText)


def bold(font: QFont, scale: float = 1.0) -> QFont:
    """A bold copy of ``font``, ``scale`` times its size."""
    out = QFont(font)
    if scale != 1.0:
        out.setPointSizeF(out.pointSizeF() * scale)
    out.setBold(True)
    return out


def elided(font: QFont, text: str, width: int) -> str:
    """``text`` cut at the right with «…» to fit ``width`` pixels of ``font``."""
    return QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)


def write(painter: QPainter, rect: QRect | QRectF, text: str, color: QColor | None = None,
          flags: int = LEFT, font: QFont | None = None) -> None:
    """Draw ``text`` in ``rect``; ``color`` and ``font``, when given, stay set on the painter."""
    if font is not None:
        painter.setFont(font)
    if color is not None:
        painter.setPen(color)
    painter.drawText(rect, flags, text)


def tooltip_event(widget: QWidget, event: QEvent,
                  tip_at: Callable[[QPoint], tuple[str, QRect] | None]) -> bool | None:
    """Answer a tooltip event with ``tip_at(position)``: its text and the rectangle it holds for.

    Returns None for any other event (the widget passes it on to its base class).
    """
    if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
        return None
    tip = tip_at(event.pos())
    if tip is None:
        QToolTip.hideText()
        event.ignore()
    else:
        QToolTip.showText(event.globalPos(), tip[0], widget, tip[1])
    return True


class Painted:
    """A widget that draws itself in ``_paint(painter)`` with an antialiased painter."""

    def paintEvent(self, event: QPaintEvent) -> None:
        with smooth_painter(self) as painter:
            self._paint(painter)

    def _paint(self, painter: QPainter) -> None:
        raise NotImplementedError


class TipsByPlace:
    """A widget whose tooltip depends on the part under the mouse: ``_tip_at(point)``."""

    def event(self, event: QEvent) -> bool:
        handled = tooltip_event(self, event, self._tip_at)
        return super().event(event) if handled is None else handled

    def _tip_at(self, point: QPoint) -> tuple[str, QRect] | None:
        raise NotImplementedError
