"""The on-time answer rate per category: horizontal bars drawn with QPainter.

One row per category: its label, a bar as long as the share of answers given on
time, and «87 % · 27 из 31». A category without answers in the period says
«нет ответов» and has no bar. Bar colours come from ``ui.colors``, the tones the
tables use: red for a poor rate, yellow for some late answers, a calm blue when
every answer was on time.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from tsj_desk.domain.text import counted
from tsj_desk.services.journal import CategoryRate
from ui import colors
from ui.painting import LEFT, Painted, TipsByPlace, elided, ink, muted_ink, write

# Below this share of answers on time a category is shown red; below 100 % yellow.
POOR_RATE = 0.9

_MARGIN = 4
_GAP = 12


def tr(text: str) -> str:
    return QCoreApplication.translate("RateChart", text)


def percent_text(rate: CategoryRate) -> str:
    """«87 %»; rounded down, so «100 %» means that no answer was late."""
    if rate.rate is None:
        return ""
    if rate.on_time >= rate.answered:
        return "100\u00a0%"
    return f"{math.floor(rate.rate * 100)}\u00a0%"


def value_text(rate: CategoryRate) -> str:
    """What the chart writes after the bar: «87 % · 27 из 31» or «нет ответов»."""
    if not rate.answered:
        return tr("нет ответов")
    return tr("{0} · {1} из {2}").format(percent_text(rate), rate.on_time, rate.answered)


def rate_tone(rate: CategoryRate) -> colors.Tone:
    """The tone of a bar: ERROR below ``POOR_RATE``, WARNING when any answer was late."""
    if rate.rate is None or rate.on_time >= rate.answered:
        return colors.Tone.NORMAL
    return colors.Tone.ERROR if rate.rate < POOR_RATE else colors.Tone.WARNING


def rate_tooltip(rate: CategoryRate) -> str:
    if not rate.answered:
        return tr("{0}\nЗа последние 12 месяцев ответов не было.").format(rate.label)
    late = rate.answered - rate.on_time
    return tr("{0}\n{1} за последние 12 месяцев: в срок — {2}, с опозданием — {3}.").format(
        rate.label, counted(rate.answered, "ответ", "ответа", "ответов"), rate.on_time, late)


def bar_color(tone: colors.Tone, palette: QPalette) -> QColor:
    """The fill of a bar: the row tint of ``tone``; a light highlight for NORMAL."""
    brush = colors.background(tone)
    if brush is not None:
        return brush.color()
    return QColor(palette.color(QPalette.ColorRole.Highlight)).lighter(160)


class RateChart(Painted, TipsByPlace, QWidget):
    """Horizontal bars of the on-time rate, one per category, in the order given."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rates: list[CategoryRate] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    # -- data

    def set_rates(self, rates: list[CategoryRate]) -> None:
        self._rates = list(rates)
        self.updateGeometry()
        self.update()

    def rates(self) -> list[CategoryRate]:
        return list(self._rates)

    def row_texts(self) -> list[tuple[str, str]]:
        """(label, value text) of each row, as drawn."""
        return [(r.label, value_text(r)) for r in self._rates]

    # -- geometry

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 14

    def sizeHint(self) -> QSize:
        return QSize(720, 2 * _MARGIN + max(1, len(self._rates)) * self._row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(360, self.sizeHint().height())

    def _columns(self) -> tuple[int, int, int]:
        """Widths of the label column, the bar, and the value column."""
        metrics = self.fontMetrics()
        value_width = max([metrics.horizontalAdvance(t) for _, t in self.row_texts()]
                          + [metrics.horizontalAdvance(value_text(CategoryRate("", "", 999, 998)))])
        inner = self.width() - 2 * _MARGIN
        wanted = max([metrics.horizontalAdvance(r.label) for r in self._rates] + [0])
        label_width = min(wanted, int(inner * 0.45))
        bar_width = max(40, inner - label_width - value_width - 2 * _GAP)
        return label_width, bar_width, value_width

    def row_rect(self, row: int) -> QRect:
        return QRect(_MARGIN, _MARGIN + row * self._row_height(), self.width() - 2 * _MARGIN,
                     self._row_height())

    def bar_rect(self, row: int) -> QRectF:
        """The track of the bar of ``row``; the filled part starts at its left edge."""
        rect = self.row_rect(row)
        label_width, bar_width, _ = self._columns()
        return QRectF(rect.left() + label_width + _GAP, rect.top() + 5, bar_width, rect.height() - 10)

    def row_at(self, point: QPoint) -> int | None:
        for row in range(len(self._rates)):
            if self.row_rect(row).contains(point):
                return row
        return None

    # -- painting

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text_color, muted = ink(palette), muted_ink(palette)
        track = palette.color(QPalette.ColorRole.Base)
        track_edge = palette.color(QPalette.ColorRole.Midlight)
        label_width, _, value_width = self._columns()
        for row, rate in enumerate(self._rates):
            rect = self.row_rect(row)
            label_rect = QRect(rect.left(), rect.top(), label_width, rect.height())
            bar_rect = self.bar_rect(row)
            value_rect = QRect(int(bar_rect.right()) + _GAP, rect.top(), value_width, rect.height())

            write(painter, label_rect, elided(self.font(), rate.label, label_width), text_color)

            painter.setPen(QPen(track_edge, 1))
            painter.setBrush(track)
            painter.drawRoundedRect(bar_rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            if rate.rate is not None:
                fill = self._bar_color(rate_tone(rate))
                filled = QRectF(bar_rect)
                filled.setWidth(max(2.0, bar_rect.width() * rate.rate))
                painter.setBrush(fill)
                painter.setPen(QPen(fill.darker(150), 1))
                painter.drawRoundedRect(filled.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)

            write(painter, value_rect, value_text(rate), text_color if rate.answered else muted, LEFT)

    def _bar_color(self, tone: colors.Tone) -> QColor:
        return bar_color(tone, self.palette())

    # -- tooltips

    def _tip_at(self, point: QPoint) -> tuple[str, QRect] | None:
        row = self.row_at(point)
        return None if row is None else (rate_tooltip(self._rates[row]), self.row_rect(row))
