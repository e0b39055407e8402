"""A year of the production calendar: twelve month grids drawn with QPainter.

Each day is marked the way a printed production calendar marks it: weekends in
red, holidays and days off moved by decree on a tint, working Saturdays on a
yellow tint, and the user's own exceptions framed. Tints come from ``ui.colors``.
Hovering a day tells why it is (not) a working day; a click selects it, a double
click or Enter asks for an exception on it; the arrow keys move the selection.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum

from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from tsj_desk.domain.calendar import (
    REASON_HOLIDAY,
    REASON_TRANSFERRED,
    ProductionCalendar,
)
from tsj_desk.domain.text import format_date
from ui import clock, colors
from ui.painting import (
    CENTER,
    LEFT,
    Painted,
    TipsByPlace,
    bold as bold_font,
    ink,
    muted_ink,
    smooth_painter,
    write,
)

MONTHS = ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
          "Октябрь", "Ноябрь", "Декабрь")
WEEKDAYS_SHORT = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")

COLUMNS = 4  # months per row
ROWS = 3
_LINES = 8  # month title, weekday names, six weeks


def tr(text: str) -> str:
    return QCoreApplication.translate("YearView", text)


class DayMark(Enum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    TRANSFERRED = "transferred"  # a day off moved by decree
    WORKING_WEEKEND = "working_weekend"  # a Saturday made working by decree
    USER_DAY_OFF = "user_day_off"
    USER_WORKING = "user_working"

    @property
    def label(self) -> str:
        return MARK_LABELS[self]

    @property
    def working(self) -> bool:
        return self in (DayMark.WORKING, DayMark.WORKING_WEEKEND, DayMark.USER_WORKING)


MARK_LABELS = {
    DayMark.WORKING: "рабочий день",
    DayMark.WEEKEND: "выходной",
    DayMark.HOLIDAY: "праздник",
    DayMark.TRANSFERRED: "перенесённый выходной",
    DayMark.WORKING_WEEKEND: "рабочая суббота",
    DayMark.USER_DAY_OFF: "выходной по вашему решению",
    DayMark.USER_WORKING: "рабочий день по вашему решению",
}


def classify(calendar: ProductionCalendar, day: date) -> DayMark:
    """How the production calendar (with the user's overrides) marks ``day``."""
    working = calendar.is_working_day(day)
    if day in calendar.overrides:
        return DayMark.USER_WORKING if working else DayMark.USER_DAY_OFF
    if working:
        return DayMark.WORKING_WEEKEND if day.weekday() >= 5 else DayMark.WORKING
    reason = calendar.day_off_reason(day)
    if reason.startswith(REASON_TRANSFERRED):  # by decree, or computed by ТК РФ ст. 112 ч. 2
        return DayMark.TRANSFERRED
    if reason.startswith(REASON_HOLIDAY):
        return DayMark.HOLIDAY
    return DayMark.WEEKEND


def describe_day(calendar: ProductionCalendar, day: date, notes: dict[date, str] | None = None) -> str:
    """«25.11.2026, среда — выходной по решению пользователя: День Республики Татарстан»."""
    head = f"{format_date(day)}, {WEEKDAYS[day.weekday()]}"
    mark = classify(calendar, day)
    if mark is DayMark.WORKING:
        return f"{head} — {tr('рабочий день')}"
    if mark is DayMark.WORKING_WEEKEND:
        return f"{head} — {tr('рабочий день (перенос выходного по постановлению)')}"
    if mark is DayMark.USER_WORKING:
        note = (notes or {}).get(day)
        text = tr("рабочий день по решению пользователя")
        return f"{head} — {text}: {note}" if note else f"{head} — {text}"
    return f"{head} — {calendar.day_off_reason(day)}"


def year_days(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


class YearView(Painted, TipsByPlace, QWidget):
    day_selected = Signal(object)  # date
    day_activated = Signal(object)  # date: double click or Enter

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._calendar = ProductionCalendar()
        self._year = clock.today().year
        self._notes: dict[date, str] = {}
        self._marks: dict[date, DayMark] = {}
        self._today: date | None = None
        self._selected: date | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)

    # -- data

    def set_calendar(self, calendar: ProductionCalendar, year: int, *,
                     notes: dict[date, str] | None = None, today: date | None = None) -> None:
        self._calendar = calendar
        self._year = year
        self._notes = dict(notes or {})
        self._today = today
        self._marks = {d: classify(calendar, d) for d in year_days(year)}
        if self._selected is not None and self._selected.year != year:
            self._selected = None
        self.update()

    def year(self) -> int:
        return self._year

    def mark(self, day: date) -> DayMark:
        """How the view marks ``day`` (a day of the year shown)."""
        return self._marks[day]

    def day_text(self, day: date) -> str:
        """The tooltip of ``day``."""
        return describe_day(self._calendar, day, self._notes)

    def working_days(self) -> int:
        return sum(1 for m in self._marks.values() if m.working)

    def days_off(self) -> int:
        return sum(1 for m in self._marks.values() if not m.working)

    def selected_day(self) -> date | None:
        return self._selected

    def select_day(self, day: date | None) -> None:
        if day is not None and day.year != self._year:
            return
        self._selected = day
        self.update()
        if day is not None:
            self.day_selected.emit(day)

    # -- geometry

    _GAP_COLUMNS = 1.0  # between months, in cells
    _GAP_ROWS = 0.6

    def _cell_bounds(self) -> tuple[float, float, float, float]:
        """Smallest and comfortable cell width and height for the font."""
        metrics = self.fontMetrics()
        digits = metrics.horizontalAdvance("00")
        return digits + 8.0, metrics.height() + 3.0, digits + 16.0, metrics.height() + 9.0

    def _grid_size(self, cw: float, ch: float) -> QSize:
        return QSize(int(COLUMNS * 7 * cw + (COLUMNS - 1) * self._GAP_COLUMNS * cw) + 1,
                     int(ROWS * _LINES * ch + (ROWS - 1) * self._GAP_ROWS * ch) + 1)

    def sizeHint(self) -> QSize:
        _, _, cw, ch = self._cell_bounds()
        return self._grid_size(cw, ch)

    def minimumSizeHint(self) -> QSize:
        cw, ch, _, _ = self._cell_bounds()
        return self._grid_size(cw, ch)

    def _layout(self) -> tuple[float, float, float, float, float, float]:
        """Cell width and height, gaps between months, and the top-left corner."""
        min_w, min_h, best_w, best_h = self._cell_bounds()
        fit_w = self.width() / (COLUMNS * 7 + (COLUMNS - 1) * self._GAP_COLUMNS)
        fit_h = self.height() / (ROWS * _LINES + (ROWS - 1) * self._GAP_ROWS)
        cw = max(min_w, min(best_w * 1.3, fit_w))
        ch = max(min_h, min(best_h * 1.2, fit_h))
        gx, gy = self._GAP_COLUMNS * cw, self._GAP_ROWS * ch
        total_w = COLUMNS * 7 * cw + (COLUMNS - 1) * gx
        left = max(0.0, (self.width() - total_w) / 2)
        return cw, ch, gx, gy, left, 0.0

    def _month_origin(self, month: int) -> QPointF:
        cw, ch, gx, gy, left, top = self._layout()
        col, row = (month - 1) % COLUMNS, (month - 1) // COLUMNS
        return QPointF(left + col * (7 * cw + gx), top + row * (_LINES * ch + gy))

    def day_rect(self, day: date) -> QRectF:
        cw, ch, *_ = self._layout()
        origin = self._month_origin(day.month)
        position = date(day.year, day.month, 1).weekday() + day.day - 1
        week, weekday = divmod(position, 7)
        return QRectF(origin.x() + weekday * cw, origin.y() + (2 + week) * ch, cw, ch)

    def day_at(self, point: QPointF) -> date | None:
        for day in self._marks:
            if self.day_rect(day).contains(point):
                return day
        return None

    # -- painting

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text, muted = ink(palette), muted_ink(palette)
        cw, ch, *_ = self._layout()
        bold = bold_font(self.font())

        for month in range(1, 13):
            origin = self._month_origin(month)
            write(painter, QRectF(origin.x(), origin.y(), 7 * cw, ch), tr(MONTHS[month - 1]), text, CENTER,
                  bold)
            painter.setFont(self.font())
            for weekday, name in enumerate(WEEKDAYS_SHORT):
                write(painter, QRectF(origin.x() + weekday * cw, origin.y() + ch, cw, ch), tr(name),
                      colors.ERROR_TEXT if weekday >= 5 else muted, CENTER)

        for day, mark in self._marks.items():
            self._paint_day(painter, day, mark, bold)

    def _paint_day(self, painter: QPainter, day: date, mark: DayMark, bold: QFont) -> None:
        paint_day(painter, self.day_rect(day), str(day.day), mark, self.palette(), self.font(), bold,
                  selected=day == self._selected, today=day == self._today)

    # -- mouse and keyboard

    def _tip_at(self, point: QPoint) -> tuple[str, QRect] | None:
        day = self.day_at(QPointF(point))
        return None if day is None else (self.day_text(day), self.day_rect(day).toAlignedRect())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position())
        if day is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select_day(day)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position())
        if day is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select_day(day)
            self.day_activated.emit(day)
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        key = event.key()
        if key in steps:
            start = self._selected or self._today or date(self._year, 1, 1)
            if start.year != self._year:
                start = date(self._year, 1, 1)
            moved = start + timedelta(days=steps[key])
            self.select_day(moved if moved.year == self._year else start)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected is not None:
            self.day_activated.emit(self._selected)
            return
        super().keyPressEvent(event)


def tint_of(mark: DayMark) -> QColor | None:
    tone = {
        DayMark.HOLIDAY: colors.Tone.ERROR,
        DayMark.USER_DAY_OFF: colors.Tone.ERROR,
        DayMark.TRANSFERRED: colors.Tone.ATTENTION,
        DayMark.WORKING_WEEKEND: colors.Tone.WARNING,
        DayMark.USER_WORKING: colors.Tone.WARNING,
    }.get(mark)
    brush = colors.background(tone) if tone is not None else None
    return brush.color() if brush is not None else None


def paint_day(painter: QPainter, cell: QRectF, text: str, mark: DayMark, palette: QPalette,
              font: QFont, bold: QFont, *, selected: bool = False, today: bool = False) -> None:
    """One day cell: the tint of its mark, a frame for the user's exceptions, the number."""
    rect = cell.adjusted(1.5, 1.5, -1.5, -1.5)
    tint = tint_of(mark)
    if tint is not None:
        pen_color = colors.TEXT_ON_TINT if mark.working else colors.ERROR_TEXT
    else:
        pen_color = ink(palette) if mark.working else colors.ERROR_TEXT
    if selected:
        tint = palette.color(QPalette.ColorRole.Highlight)
        pen_color = palette.color(QPalette.ColorRole.HighlightedText)
    if tint is not None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tint)
        painter.drawRoundedRect(rect, 3, 3)
    if mark in (DayMark.USER_DAY_OFF, DayMark.USER_WORKING):
        frame = colors.ERROR_TEXT if mark is DayMark.USER_DAY_OFF else colors.TEXT_ON_TINT
        painter.setPen(QPen(frame, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 3, 3)
    if today:
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 4, 4)
    write(painter, rect, text, pen_color, CENTER,
          bold if mark not in (DayMark.WORKING, DayMark.WEEKEND) else font)


class DayLegend(QWidget):
    """A sample cell of each mark with its name, drawn like the days of the year."""

    LINES = (
        ((DayMark.WORKING, "3"), (DayMark.WEEKEND, "7"), (DayMark.HOLIDAY, "12"),
         (DayMark.TRANSFERRED, "13")),
        ((DayMark.WORKING_WEEKEND, "1"), (DayMark.USER_DAY_OFF, "30"), (DayMark.USER_WORKING, "2")),
    )

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _cell(self) -> tuple[float, float]:
        metrics = self.fontMetrics()
        return metrics.horizontalAdvance("00") + 12.0, metrics.height() + 6.0

    def _items(self) -> list[tuple[DayMark, str, str]]:
        return [(mark, day, tr(mark.label)) for line in self.LINES for mark, day in line]

    def _positions(self) -> list[tuple[QRectF, QRectF]]:
        """Cell and label rectangles, one line of samples after another."""
        cw, ch = self._cell()
        metrics = QFontMetrics(self.font())
        out = []
        for row, line in enumerate(self.LINES):
            x, y = 0.0, row * (ch + 4)
            for mark, _day in line:
                label_w = metrics.horizontalAdvance(tr(mark.label)) + 4
                out.append((QRectF(x, y, cw, ch), QRectF(x + cw + 6, y, label_w, ch)))
                x += cw + 6 + label_w + 18
        return out

    def sizeHint(self) -> QSize:
        _, ch = self._cell()
        width = max(text.right() for _, text in self._positions())
        return QSize(int(width) + 1, int(len(self.LINES) * (ch + 4)))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        with smooth_painter(self) as painter:
            bold = bold_font(self.font())
            palette = self.palette()
            for (mark, day, label), (cell, text) in zip(self._items(), self._positions(), strict=True):
                paint_day(painter, cell, day, mark, palette, self.font(), bold)
                write(painter, text, label, ink(palette), LEFT, self.font())
