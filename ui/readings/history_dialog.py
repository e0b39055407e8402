"""«История счётчика»: the readings of 24 months in a table and the monthly
consumption as bars (QPainter)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.meters import Resource, fmt, previous_periods
from tsj_desk.domain.text import format_date
from tsj_desk.services.readings import EntryLine, HistoryPoint, meter_history
from ui import errors
from ui.painting import CENTER, LEFT, RIGHT, Painted, TipsByPlace, ink, muted_ink, write
from ui.readings.texts import SOURCE_LABELS, period_text, tr
from ui.tables import RIGHT, Column, RowsModel, make_table

MONTHS_SHOWN = 24

_MARGIN = 8
_AXIS = 8  # gap between the axis labels and the plot
_WIDEST_SLOT = 72  # a few months do not make bars a hand wide


def months_ending(last: str, count: int) -> list[str]:
    """``count`` periods in order, the last one ``last``."""
    return list(reversed(previous_periods(last, count - 1))) + [last]


def nice_ceiling(value: float) -> float:
    """The axis top: 1, 2, 2.5 or 5 times a power of ten, not below ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5):
        if step * power >= value:
            return step * power
    return 10 * power


@dataclass(frozen=True)
class Bar:
    period: str
    value: float | None  # None: no consumption known for the month


class ConsumptionChart(Painted, TipsByPlace, QWidget):
    """Monthly consumption of one meter as vertical bars, oldest on the left."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._unit = ""
        self.paint_count = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_points(self, points: list[HistoryPoint], last_period: str, unit: str,
                   months: int = MONTHS_SHOWN) -> None:
        """The bars of at most ``months`` months up to ``last_period``, from the month of
        the first reading on (not a year of empty months before it)."""
        by_period = {p.period: p.consumption for p in points}
        periods = months_ending(last_period, months)
        if points:
            first = min(p.period for p in points)
            periods = [period for period in periods if period >= first] or periods[-1:]
        self._bars = [Bar(period, by_period.get(period)) for period in periods]
        self._unit = unit
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def sizeHint(self) -> QSize:
        return QSize(760, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, 160)

    # -- geometry

    def _top(self) -> float:
        values = [b.value for b in self._bars if b.value is not None]
        return nice_ceiling(max(values)) if values else 1.0

    def axis_labels(self) -> list[str]:
        """The values written along the axis, bottom to top: «0», «1,25», «2,5», «3,75», «5»."""
        top = self._top()
        return [fmt(top * step / 4) for step in range(5)]

    def _plot(self) -> QRect:
        metrics = self.fontMetrics()
        # as wide as the widest label («3,75» is wider than the top «5»): none is clipped
        widest = max(metrics.horizontalAdvance(label) for label in self.axis_labels())
        left = _MARGIN + widest + metrics.horizontalAdvance("0") + _AXIS
        top = _MARGIN + metrics.height() + 4  # the unit above the axis
        bottom = self.height() - _MARGIN - metrics.height() - 4  # the month labels
        return QRect(left, top, max(10, self.width() - left - _MARGIN), max(10, bottom - top))

    def slot_rect(self, index: int) -> QRectF:
        plot = self._plot()
        width = min(plot.width() / max(1, len(self._bars)), _WIDEST_SLOT)
        return QRectF(plot.left() + index * width, plot.top(), width, plot.height())

    def bar_rect(self, index: int) -> QRectF | None:
        """The filled bar of month ``index``; None when the month has no consumption."""
        value = self._bars[index].value
        if value is None:
            return None
        slot = self.slot_rect(index)
        height = slot.height() * min(1.0, value / self._top())
        pad = max(1.0, slot.width() * 0.18)
        return QRectF(slot.left() + pad, slot.bottom() - height, slot.width() - 2 * pad, height)

    def bar_at(self, point: QPoint) -> int | None:
        for index in range(len(self._bars)):
            if self.slot_rect(index).contains(point):
                return index
        return None

    def bar_color(self) -> QColor:
        return QColor(self.palette().color(QPalette.ColorRole.Highlight)).lighter(140)

    # -- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_count += 1
        super().paintEvent(event)

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text, muted = ink(palette), muted_ink(palette)
        grid = palette.color(QPalette.ColorRole.Midlight)
        metrics = self.fontMetrics()
        plot = self._plot()
        # the unit, the grid and its values
        write(painter, QRect(_MARGIN, _MARGIN, plot.right(), metrics.height()),
              tr("Расход по месяцам, {0}").format(self._unit) if self._unit else "", muted, LEFT)
        for step, label in enumerate(self.axis_labels()):
            y = plot.bottom() - plot.height() * step / 4
            painter.setPen(QPen(grid, 1))
            painter.drawLine(plot.left(), int(y), plot.right(), int(y))
            write(painter, QRect(_MARGIN, int(y) - metrics.height() // 2, plot.left() - _MARGIN - _AXIS,
                                 metrics.height()), label, muted, RIGHT)
        # the bars
        fill = self.bar_color()
        for index in range(len(self._bars)):
            rect = self.bar_rect(index)
            if rect is not None and rect.height() > 0:
                painter.setPen(QPen(fill.darker(150), 1))
                painter.setBrush(fill)
                painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, 0))
        # the month labels: every month if they fit, else every second or third
        label_width = metrics.horizontalAdvance("00.00") + 6
        slot_width = self.slot_rect(0).width() if self._bars else 1
        every = 1
        while every * slot_width < label_width and every < 6:
            every += 1
        painter.setPen(text)
        last = len(self._bars) - 1
        for index, bar in enumerate(self._bars):
            if (last - index) % every:
                continue
            slot = self.slot_rect(index)
            label = f"{bar.period[5:7]}.{bar.period[2:4]}"
            write(painter, QRect(int(slot.center().x() - label_width / 2), plot.bottom() + 4, int(label_width),
                                 metrics.height()), label, flags=CENTER)

    # -- tooltips

    def _tip_at(self, point: QPoint) -> tuple[str, QRect] | None:
        index = self.bar_at(point)
        if index is None:
            return None
        bar = self._bars[index]
        value = f"{fmt(bar.value)} {self._unit}" if bar.value is not None else tr("нет данных о расходе")
        return f"{period_text(bar.period)}: {value}", self.slot_rect(index).toRect()


class HistoryModel(RowsModel[HistoryPoint]):
    def __init__(self, tariffs: int, unit: str, parent=None):
        columns: list[Column[HistoryPoint]] = [
            Column(tr("Период"), lambda p: period_text(p.period), lambda p: p.period, width=9),
            Column(tr("Дата снятия"), lambda p: format_date(p.taken_on), lambda p: p.taken_on or "",
                   width=11),
        ]
        for tariff in range(tariffs):
            title = tr("Показание") if tariffs == 1 else f"Т{tariff + 1}"
            columns.append(Column(title, lambda p, t=tariff: _number(p.values[t]),
                                  lambda p, t=tariff: p.values[t] or 0.0, RIGHT, width=12))
        columns += [
            Column(tr("Расход, {0}").format(unit), lambda p: _number(p.consumption),
                   lambda p: p.consumption or 0.0, RIGHT, width=12),
            Column(tr("Источник"), lambda p: SOURCE_LABELS.get(p.source, p.source), width=16),
        ]
        super().__init__(columns, parent)


def _number(value: float | None) -> str:
    return fmt(value) if value is not None else ""


class MeterHistoryDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, meter_id: int, title: str, tariffs: int,
                 resource: Resource, period: str):
        super().__init__(parent)
        self.setWindowTitle(tr("История счётчика — {0}").format(title))
        self.resize(860, 640)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.model = HistoryModel(tariffs, resource.unit, self)
        self.table, self.proxy = make_table(self, self.model, "readings-history",
                                            sort_order=Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.table, 1)
        self.chart = ConsumptionChart(self)
        layout.addWidget(self.chart, 1)
        self.empty = QLabel()
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Закрыть"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        try:
            points = meter_history(meter_id, MONTHS_SHOWN)
        except TsjError as exc:
            errors.show_error(self, exc)
            points = []
        self.model.set_rows(points)
        last = max([period] + [p.period for p in points])
        self.chart.set_points(points, last, resource.unit)
        self.empty.setText(tr("Показаний пока нет.") if not points else "")
        self.empty.setVisible(not points)

    @staticmethod
    def title_of(line: EntryLine) -> str:
        where = tr("помещение {0}").format(line.premise_number) if line.premise_number else tr("ОДПУ")
        tariffs = tr(", {0}-тарифный").format(line.tariffs) if line.tariffs > 1 else ""
        return f"{line.resource.label}, № {line.serial} ({where}{tariffs})"

    @classmethod
    def show_for(cls, parent: QWidget | None, line: EntryLine, *, period: str) -> None:
        dialog = cls(parent, meter_id=line.meter_id, title=cls.title_of(line), tariffs=line.tariffs,
                     resource=line.resource, period=period)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
